//! The on-device check of a picture just taken, before it is held and sent.

use kyc_contract::ImageType;

use crate::browser::analyser::Analyser;
use crate::browser::capture::jpeg_to_luma;
use crate::flow::DoubtReason;

/// The same `assess` on the final picture, as the service will run it (decoded, prepared to
/// the analysis size, the whole picture), and once the face model is loaded the same face
/// check of a selfie and portrait check of a framed document front (until then they are left
/// to the service); `Some(reason)` when it is
/// clearly bad. `framed` is
/// false for a file the customer chose: where its card is cannot be known, so (as in the
/// service) the card-position check is skipped. A picture the browser cannot decode here is
/// left to the service (`None`), and so is one the analyser cannot check
/// ([`Analyser::check_picture`]).
pub async fn final_check(
    analyser: Analyser,
    jpeg: &[u8],
    image: ImageType,
    framed: bool,
) -> Option<DoubtReason> {
    let luma = jpeg_to_luma(jpeg).await.ok()?;
    analyser.check_picture(luma, image, framed).await
}
