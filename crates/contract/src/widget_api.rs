//! The widget's calls: start, consent, image upload, status, handoff.

use serde::{Deserialize, Serialize};

use crate::{Feedback, ImageType, LivenessState, SessionStatus, Theme};

/// Camera details in [`DeviceInfo`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CameraInfo {
    /// The camera's label as the browser reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// What the widget knows of the device (reference `DeviceInfoDto`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeviceInfo {
    /// Device model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// `mobile` or `desktop`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub device_type: Option<String>,
    /// Manufacturer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<String>,
    /// Operating system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    /// Operating system version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    /// Browser name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    /// Browser version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser_version: Option<String>,
    /// The camera that took the picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_camera: Option<CameraInfo>,
    /// Every camera of the device.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cameras: Vec<CameraInfo>,
}

/// (extension) `POST /{sid}/start` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StartRequest {
    /// The start token from the session link.
    pub start_token: String,
    /// The device that starts the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_info: Option<DeviceInfo>,
}

/// (extension) `200` answer to start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StartResponse {
    /// Bearer token for the widget's further calls, scoped to this session.
    pub access_token: String,
    /// When the token (and session) expires (RFC 3339).
    pub expires_at: String,
    /// Where the session stands.
    pub status: SessionStatus,
    /// The images still to capture, in capture order.
    #[serde(default)]
    pub missing_images: Vec<ImageType>,
    /// True while consent has not been granted.
    pub consent_required: bool,
    /// Origins allowed to embed the widget.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// The session's language, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The session's look, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    /// Rejected uploads left before the session becomes invalid.
    pub attempts_left: u32,
    /// (extension) True when this device started the session with a handoff link
    /// (`POST /{sid}/handoff`): the device that asked for the link follows the
    /// session and redirects, so this one ends with a "return to your computer"
    /// screen and does not redirect. Absent (false) in older answers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub handoff: bool,
    /// (extension) The liveness step, when the session asks for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness: Option<LivenessState>,
}

/// (extension) `POST /{sid}/consent` body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConsentRequest {
    /// Must be true.
    pub granted: bool,
}

/// Answer to `GET`/`POST /{sid}/consent` (reference `GetConsentApprovalResponse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConsentResponse {
    /// Whether consent was granted.
    pub consent_granted: bool,
    /// When it was granted (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_date: Option<String>,
}

/// The guide's margins around the image area to process (reference `CaptureMargins`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaptureMargins {
    /// Top margin.
    pub top: f64,
    /// Bottom margin.
    pub bottom: f64,
    /// Left margin.
    pub left: f64,
    /// Right margin.
    pub right: f64,
}

/// An uploaded image (reference `ImageDto`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImageDto {
    /// Always `jpg`.
    pub format: String,
    /// Which picture this is.
    pub image_type: ImageType,
    /// The JPEG, base64.
    pub content: String,
    /// The guide's margins, when the picture was cropped to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_margins: Option<CaptureMargins>,
    /// Generated by the widget; retries reuse it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
}

/// `POST /{sid}/images` body (reference `AddImageRequest`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AddImageRequest {
    /// The image.
    pub image: ImageDto,
    /// The device that took it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_info: Option<DeviceInfo>,
}

/// `200` answer to an upload (reference `AddImagesResponse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AddImagesResponse {
    /// `ok`, or why the image was rejected.
    #[serde(deserialize_with = "crate::vocabulary::deserialize_feedback_lenient")]
    #[cfg_attr(feature = "schema", schemars(with = "Feedback"))]
    pub feedback: Feedback,
    /// True once every required image is in.
    pub complete: bool,
    /// The images still to capture.
    #[serde(default)]
    pub missing_images: Vec<ImageType>,
    /// A sentence from the service; shown as text, never as HTML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_feedback: Option<String>,
    /// (extension) Rejected uploads left before the session becomes invalid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
}

/// (extension) `GET /{sid}/status` answer: no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StatusResponse {
    /// Where the session stands.
    pub status: SessionStatus,
    /// The images still to capture (after `recapture`: the ones to capture again).
    #[serde(default)]
    pub missing_images: Vec<ImageType>,
    /// When the session expires (RFC 3339).
    pub expires_at: String,
    /// Rejected uploads left.
    pub attempts_left: u32,
    /// Why the session is in `error` (`attempt_limit`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_reason: Option<String>,
    /// Where to send the customer, once final and with a callback URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// (extension) The liveness step, when the session asks for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness: Option<LivenessState>,
}

/// (extension) `POST /{sid}/handoff` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HandoffResponse {
    /// A fresh single-use link for another device.
    pub session_url: String,
    /// That link as an SVG QR code.
    pub qr_svg: String,
    /// When that link stops working (RFC 3339).
    pub expires_at: String,
}
