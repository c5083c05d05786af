//! (extension) What a partner reads about each step of a session: the
//! status, the tries, every attempt with its feedback, quality figures and
//! device, and the accepted image.

use serde::{Deserialize, Serialize};

use crate::{DeviceInfo, FaceFinding, Feedback, ImageType, LivenessResult};

/// Where one step (one required picture) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Nothing uploaded yet.
    Pending,
    /// Uploaded, rejected so far; the customer may try again.
    InProgress,
    /// An image was accepted (in the round that needs it).
    Accepted,
    /// Not accepted, and the session can no longer take uploads.
    Failed,
}

/// The figures the service measured on an uploaded picture.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QualityFigures {
    /// Width of the decoded picture in pixels.
    pub width: u32,
    /// Height of the decoded picture in pixels.
    pub height: u32,
    /// False when the feedback came from `mock_behavior.feedback`, so nothing was measured.
    pub measured: bool,
    /// Variance of the Laplacian (higher is sharper).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharpness: Option<f32>,
    /// Mean luma, 0..255.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brightness: Option<f32>,
    /// Share of the area that is near-white, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glare_share: Option<f32>,
    /// Share of the area covered by the largest near-white blob, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glare_largest_blob: Option<f32>,
    /// How much the picture looks like a card in the guide, 0..1 (documents only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_presence: Option<f32>,
}

/// One upload of a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StepAttempt {
    /// The image's id (`GET /{sid}/images/{id}` while it is kept).
    pub image_id: String,
    /// When it was uploaded (RFC 3339).
    pub at: String,
    /// The capture round (2 after a forced retry).
    pub round: u32,
    /// `ok`, or why it was rejected.
    pub feedback: Feedback,
    /// The service's sentence for `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_feedback: Option<String>,
    /// What was measured.
    pub quality: QualityFigures,
    /// The device the widget reported with the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_info: Option<DeviceInfo>,
}

/// One step of a session: one of its required pictures (the liveness step, when asked for,
/// is [`SessionDetails::liveness`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StepResult {
    /// Which picture.
    pub step: ImageType,
    /// Where it stands.
    pub status: StepStatus,
    /// How many uploads it took so far.
    pub tries: u32,
    /// The accepted image's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_image_id: Option<String>,
    /// The device the accepted image came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_info: Option<DeviceInfo>,
    /// Every upload, oldest first.
    pub history: Vec<StepAttempt>,
    /// The faces the service found on the accepted picture (selfie, document front).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faces: Vec<FaceFinding>,
}

/// (extension) What every result carries, complete or not.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionDetails {
    /// The partner's id for the user (`customer_information.external_user_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_user_id: Option<String>,
    /// The partner's `state` value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Created at (RFC 3339).
    #[serde(default)]
    pub created_at: String,
    /// When the session completed (RFC 3339); null until then.
    #[serde(default)]
    pub completed_at: Option<String>,
    /// When the session expires (RFC 3339); null once complete.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// Each step, in capture order.
    #[serde(default)]
    pub steps: Vec<StepResult>,
    /// The liveness step, when the session asks for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness: Option<LivenessResult>,
}
