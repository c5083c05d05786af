//! From a camera frame or a chosen file to a JPEG inside the contract's limits.
//!
//! The pipeline: full-resolution source → (documents from the camera) crop to the card found
//! live plus 6% of its size on each side, or else the guide plus 6% of the guide's size
//! ([`kyc_quality::guide::picture_crop`]) → scale down with
//! [`kyc_contract::limits::fit`] (never up; below
//! 640x480 is [`ImageError::TooSmall`]) → `canvas.toBlob("image/jpeg", q)`, lowering `q`
//! from 0.92 towards 0.5 until the size target is met, then shrinking by 0.85 while the
//! image stays within the limits (sizes and qualities: [`super::jpeg_size`]; the canvas work:
//! `super::canvas`; live frames: [`super::frame_sampler`]).

use kyc_contract::{CaptureMargins, ImageType};
use kyc_quality::guide::{picture_crop, FoundCard, Rect};
use kyc_quality::Kind;
use wasm_bindgen::JsCast;

use super::canvas::{
    blob_bytes, canvas_err, decode_blob, draw, jpeg_blob, new_canvas, read_luma, release_canvas,
    to_jpeg_blob, Source,
};
use super::jpeg_size::{
    output_size, scale_margins, shrink, target_bytes, QUALITY_STEPS, REDUCED_QUALITY_STEPS,
};

/// A captured picture, ready to upload.
#[derive(Debug, Clone, PartialEq)]
pub struct CapturedImage {
    /// The JPEG bytes.
    pub jpeg: Vec<u8>,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// For a document cropped from a camera frame: the pixels of the frame removed on each
    /// side (sent as `capture_margins`). `None` for selfies and files.
    pub margins: Option<CaptureMargins>,
}

/// Why a picture could not be produced.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageError {
    /// The picture (after the crop) is below 640x480.
    TooSmall {
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
    },
    /// The file is not a picture the browser can decode.
    NotAnImage,
    /// Drawing failed (no frame yet, no canvas), with the reason.
    Canvas(String),
    /// JPEG encoding failed, with the reason.
    Encode(String),
}

/// What the flow needs to know of an [`ImageError`] (`crate::flow::Event::CaptureFailed`):
/// plain data, one message each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageProblem {
    /// Below the contract's 640x480.
    TooSmall,
    /// The chosen file is not a picture.
    NotAnImage,
    /// The browser failed to draw or encode it.
    Failed,
}

impl ImageError {
    /// The problem the customer is told about.
    pub fn problem(&self) -> ImageProblem {
        match self {
            ImageError::TooSmall { .. } => ImageProblem::TooSmall,
            ImageError::NotAnImage => ImageProblem::NotAnImage,
            ImageError::Canvas(_) | ImageError::Encode(_) => ImageProblem::Failed,
        }
    }
}

/// What part of a source becomes the picture.
enum Framing {
    /// A camera frame: [`picture_crop`], around the card found live if any.
    Camera(Option<FoundCard>),
    /// A chosen file: the whole picture, no margins.
    Whole,
}

/// Crops, scales and encodes `source` (of `src_w` x `src_h`) as described in the module docs.
async fn encode(
    source: Source<'_>,
    src_w: u32,
    src_h: u32,
    kind: ImageType,
    framing: Framing,
) -> Result<CapturedImage, ImageError> {
    if src_w == 0 || src_h == 0 {
        return Err(ImageError::Canvas("the source has no pixels yet".to_owned()));
    }
    let (region, margins) = if let Framing::Camera(card) = framing {
        picture_crop(Kind::of(kind), card, src_w, src_h)
    } else {
        (
            Rect {
                x: 0,
                y: 0,
                w: src_w,
                h: src_h,
            },
            None,
        )
    };
    let (w, h) = output_size(region.w, region.h)?;
    let target = target_bytes(kind);
    let (canvas, ctx) = new_canvas(w, h, false)?;
    let result = encode_on(&canvas, &ctx, &source, region, (w, h), target).await;
    release_canvas(&canvas);
    let (blob, width, height) = result?;
    let jpeg = blob_bytes(&blob).await?;
    Ok(CapturedImage {
        jpeg,
        width,
        height,
        margins: margins.map(|m| scale_margins(m, region, width, height)),
    })
}

/// Draws `region` at `size` and encodes it, lowering the quality and then the size until the
/// JPEG is at most `target` bytes (or the smallest allowed size at the lowest quality).
async fn encode_on(
    canvas: &web_sys::HtmlCanvasElement,
    ctx: &web_sys::CanvasRenderingContext2d,
    source: &Source<'_>,
    region: Rect,
    size: (u32, u32),
    target: usize,
) -> Result<(web_sys::Blob, u32, u32), ImageError> {
    let (mut w, mut h) = size;
    draw(ctx, source, region, w, h)?;
    let mut smallest: Option<(web_sys::Blob, u32, u32)> = None;
    let mut steps: &[f64] = &QUALITY_STEPS;
    loop {
        for &q in steps {
            let blob = to_jpeg_blob(canvas, q).await?;
            let fits = blob.size() <= target as f64;
            smallest = Some((blob, w, h));
            if fits {
                break;
            }
        }
        let fits = smallest
            .as_ref()
            .is_some_and(|(b, _, _)| b.size() <= target as f64);
        if fits {
            break;
        }
        match shrink(w, h) {
            Some((nw, nh)) => {
                (w, h) = (nw, nh);
                canvas.set_width(w);
                canvas.set_height(h);
                draw(ctx, source, region, w, h)?;
                steps = &REDUCED_QUALITY_STEPS;
            }
            // The smallest allowed size at the lowest quality: send it as it is (the target
            // is a goal; the contract's hard limit is the 10 MB body).
            None => break,
        }
    }
    smallest.ok_or_else(|| ImageError::Encode("nothing encoded".to_owned()))
}

/// Captures the video's current frame at full resolution (`videoWidth` x `videoHeight`).
/// Documents are cropped to `card` (found live in a frame of this size) plus 6% of its size on
/// each side, or, without one or when that crop is below 640x480, to the guide plus 6% (the
/// removed pixels are reported in `margins`); selfies keep the whole frame. Then scaled to fit the contract's limits
/// (never up; below 640x480 → [`ImageError::TooSmall`]) and encoded by the browser as JPEG,
/// lowering the quality until ≤ `DOCUMENT_TARGET_BYTES` / `SELFIE_TARGET_BYTES`.
pub async fn capture_from_video(
    video: &web_sys::HtmlVideoElement,
    kind: ImageType,
    card: Option<FoundCard>,
) -> Result<CapturedImage, ImageError> {
    encode(
        Source::Video(video),
        video.video_width(),
        video.video_height(),
        kind,
        Framing::Camera(card),
    )
    .await
}

/// True for a MIME type that cannot be a picture (an empty type is given the benefit of the doubt).
pub fn is_non_image_type(mime: &str) -> bool {
    let mime = mime.trim();
    !mime.is_empty() && !mime.to_ascii_lowercase().starts_with("image/")
}

/// A file the customer chose in the file input (a browser `File`).
pub type ChosenFile = web_sys::File;

/// The (first) file chosen in the `<input type="file">` whose `change` event is `ev`. The
/// input is cleared, so that choosing the same file again is a change again.
pub fn take_chosen_file(ev: &web_sys::Event) -> Option<ChosenFile> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// The same pipeline for a chosen file, without the crop (the whole picture, EXIF orientation
/// applied by `createImageBitmap`). A file the browser cannot decode is [`ImageError::NotAnImage`].
pub async fn capture_from_file(file: &web_sys::File, kind: ImageType) -> Result<CapturedImage, ImageError> {
    if is_non_image_type(&file.type_()) {
        return Err(ImageError::NotAnImage);
    }
    let decoded = decode_blob(file).await?;
    let (w, h) = decoded.size();
    let result = encode(decoded.source(), w, h, kind, Framing::Whole).await;
    decoded.release();
    result
}

/// Decodes a JPEG to a full-size luma image for the pre-upload check (pass it through
/// `kyc_quality::prepare` before `assess`, as the service does).
pub async fn jpeg_to_luma(jpeg: &[u8]) -> Result<kyc_quality::LumaImage, ImageError> {
    let blob = jpeg_blob(jpeg)?;
    let decoded = decode_blob(&blob).await?;
    let (w, h) = decoded.size();
    let result = (|| {
        if w == 0 || h == 0 {
            return Err(ImageError::NotAnImage);
        }
        let (canvas, ctx) = new_canvas(w, h, true)?;
        let luma = draw(&ctx, &decoded.source(), Rect { x: 0, y: 0, w, h }, w, h)
            .and_then(|_| read_luma(&ctx, w, h));
        release_canvas(&canvas);
        luma
    })();
    decoded.release();
    result
}

/// A `blob:` URL for the JPEG (for the preview `<img>`); revoke it with [`revoke_object_url`].
pub fn object_url(jpeg: &[u8]) -> Result<String, ImageError> {
    let blob = jpeg_blob(jpeg)?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(canvas_err)
}

/// Releases a URL made by [`object_url`].
pub fn revoke_object_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types() {
        assert!(is_non_image_type("text/plain"));
        assert!(is_non_image_type("application/pdf"));
        assert!(!is_non_image_type("image/jpeg"));
        assert!(!is_non_image_type("IMAGE/HEIC"));
        assert!(!is_non_image_type(""));
    }
}
