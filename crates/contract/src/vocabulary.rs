//! The words both APIs speak: image types, feedback codes, statuses, recommendations.

use serde::{Deserialize, Serialize};

/// Which picture an image is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImageType {
    /// The front of the identity document.
    DocumentFront,
    /// The back of the identity document.
    DocumentBack,
    /// A picture of the customer's face.
    Selfie,
}

impl ImageType {
    /// All image types in the order the widget captures them.
    pub const ALL: [ImageType; 3] = [
        ImageType::DocumentFront,
        ImageType::DocumentBack,
        ImageType::Selfie,
    ];

    /// The wire name (`document_front`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ImageType::DocumentFront => "document_front",
            ImageType::DocumentBack => "document_back",
            ImageType::Selfie => "selfie",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// True for the two document sides.
    pub fn is_document(self) -> bool {
        !matches!(self, ImageType::Selfie)
    }
}

macro_rules! feedback_codes {
    ($($variant:ident => $name:literal),+ $(,)?) => {
        /// The 24 feedback codes of the reference spec for an uploaded image.
        ///
        /// An unknown code from a newer service deserializes as [`Feedback::Other`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub enum Feedback {
            $(
                #[doc = concat!("`", $name, "`")]
                #[serde(rename = $name)]
                $variant,
            )+
        }

        impl Feedback {
            /// Every code, in the reference spec's order.
            pub const ALL: [Feedback; 24] = [$(Feedback::$variant),+];

            /// The wire name (`blur`, `wrong_document_side`, ...).
            pub fn as_str(self) -> &'static str {
                match self { $(Feedback::$variant => $name),+ }
            }

            /// Parses a wire name; unknown names are `None`.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($name => Some(Feedback::$variant),)+ _ => None }
            }
        }
    };
}

feedback_codes! {
    Ok => "ok",
    Other => "other",
    DocumentNotFound => "document_not_found",
    FaceNotFound => "face_not_found",
    DocumentFaceNotFound => "document_face_not_found",
    Obstructed => "obstructed",
    Blur => "blur",
    Glare => "glare",
    DocumentNotSupported => "document_not_supported",
    DocumentNotMatching => "document_not_matching",
    WrongDocumentSide => "wrong_document_side",
    MultiFace => "multi_face",
    FaceRotated => "face_rotated",
    FaceTooSmall => "face_too_small",
    FaceTooClose => "face_too_close",
    ClosedEyes => "closed_eyes",
    FaceAngleTooLarge => "face_angle_too_large",
    FaceCloseToBorder => "face_close_to_border",
    FaceOccluded => "face_occluded",
    FaceCropped => "face_cropped",
    BarcodeNotFound => "barcode_not_found",
    GlareSelfie => "glare_selfie",
    BlurSelfie => "blur_selfie",
    RestrictedCriteria => "restricted_criteria",
}

impl Feedback {
    /// True when the image was accepted.
    pub fn is_ok(self) -> bool {
        self == Feedback::Ok
    }
}

/// Deserialize a [`Feedback`] without failing on codes this version does not know.
pub(crate) fn deserialize_feedback_lenient<'de, D>(d: D) -> Result<Feedback, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let s = String::deserialize(d)?;
    Ok(Feedback::parse(&s).unwrap_or(Feedback::Other))
}

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Created, not yet started by a device.
    Pending,
    /// Started; images are being captured.
    Capturing,
    /// Every required image is in; the verification runs.
    Processing,
    /// The service asks for the images in `missing_images` again.
    Recapture,
    /// Final: verified, with a recommendation.
    Complete,
    /// Final: the session failed (see `error_reason`).
    Error,
    /// Final: the session expired before it completed.
    Expired,
}

impl SessionStatus {
    /// True for `complete`, `error` and `expired`.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            SessionStatus::Complete | SessionStatus::Error | SessionStatus::Expired
        )
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Pending => "pending",
            SessionStatus::Capturing => "capturing",
            SessionStatus::Processing => "processing",
            SessionStatus::Recapture => "recapture",
            SessionStatus::Complete => "complete",
            SessionStatus::Error => "error",
            SessionStatus::Expired => "expired",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
    }
}

/// The aggregated verification outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum Recommendation {
    /// Verified.
    Allow,
    /// Needs a human review.
    Challenge,
    /// Rejected.
    Deny,
}

impl Recommendation {
    /// The wire name (`ALLOW`, `CHALLENGE`, `DENY`).
    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::Allow => "ALLOW",
            Recommendation::Challenge => "CHALLENGE",
            Recommendation::Deny => "DENY",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recommendation_names_are_the_wire_names() {
        for r in [
            Recommendation::Allow,
            Recommendation::Challenge,
            Recommendation::Deny,
        ] {
            assert_eq!(
                serde_json::to_value(r).ok(),
                Some(serde_json::Value::String(r.as_str().into()))
            );
        }
    }
}
