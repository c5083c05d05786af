//! The partner backend's calls: create a session, list, read results and images.

use serde::{Deserialize, Serialize};

use crate::{Feedback, ImageType, LivenessSpec, Recommendation, SessionDetails, SessionStatus, Theme};

/// Mock outcomes of the sandbox (`mock_behavior`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MockBehavior {
    /// The recommendation the session ends with (default `ALLOW`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Recommendation>,
    /// Deprecated alias of `recommendation` in the reference spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mock_recommendation: Option<Recommendation>,
    /// How long `processing` lasts, as a duration (`"15s"`, `"1m30s"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_time: Option<String>,
    /// The first verification attempt ends in `recapture`.
    #[serde(default)]
    pub force_retry: bool,
    /// (extension) Feedback codes returned for the next uploads, in order,
    /// instead of the real image analysis.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Feedback>,
    /// (extension) Answer the next N uploads with 503.
    #[serde(default)]
    pub fail_uploads: u32,
    /// (extension) Delay added to every widget call, in milliseconds.
    #[serde(default)]
    pub latency_ms: u64,
    /// (extension) The outcome of every liveness try, instead of the check of its frames
    /// (the body is still validated and the frames still decoded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness: Option<MockLiveness>,
}

/// (extension) `mock_behavior.liveness`: the outcome forced on every liveness try.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MockLiveness {
    /// Every try passes, with score 1.
    Passed,
    /// Every try fails as `not_approaching`, with score 0 (the step is `failed` after the last).
    Failed,
}

/// Non-personal information about the partner's customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomerInformation {
    /// The partner organisation's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    /// The partner organisation's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The partner's id for the user (no personal data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_user_id: Option<String>,
}

/// `POST /api/v1/verification` body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateSessionRequest {
    /// Where the customer goes at the end: absolute https, or http on a loopback host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// Opaque value returned as `state` on the callback URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Sandbox outcomes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mock_behavior: Option<MockBehavior>,
    /// Non-personal customer information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_information: Option<CustomerInformation>,
    /// (extension) Which images to capture; default all three.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_images: Option<Vec<ImageType>>,
    /// (extension) Lifetime of the session; default 3 600 000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_ms: Option<u64>,
    /// (extension) Origins allowed to embed the widget and receive its events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_origins: Vec<String>,
    /// (extension) Preferred language (BCP 47, e.g. `de`, `pt-BR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// (extension) The partner's look.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    /// (extension) Rejected uploads allowed before the session becomes invalid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    /// (extension) Where to post the session's signed webhook events
    /// (default: the service's `--webhook-url`, if any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// How long after its creation the session's images and personal data
    /// are deleted, as a duration (`"30d"`, `"90d"`; default `"90d"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_live: Option<String>,
    /// (extension) A liveness step after the pictures (default: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness: Option<LivenessSpec>,
}

/// `201` answer to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateSessionResponse {
    /// The new session's id.
    pub session_id: String,
    /// Single-use token that binds the session to the first device.
    #[serde(default)]
    pub start_token: String,
    /// When the session expires (RFC 3339).
    pub expiration: String,
    /// The images still to capture.
    #[serde(default)]
    pub missing_images: Vec<ImageType>,
    /// (extension) The session link `{widget}/#sid=..&t=..`.
    #[serde(default)]
    pub session_url: String,
    /// (extension) The session link as an SVG QR code.
    #[serde(default)]
    pub qr_svg: String,
}

/// Image metadata (reference `VerificationImageDto`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VerificationImage {
    /// Image id.
    pub id: String,
    /// Which picture.
    #[serde(rename = "type")]
    pub image_type: ImageType,
}

/// One image in `GET /{sid}/images` (reference `SessionImageDto`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionImage {
    /// Image id (use with `GET /{sid}/images/{id}`).
    pub id: String,
    /// `jpg`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Which picture.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub image_type: Option<ImageType>,
    /// True when the image was rejected (blur, glare, ...).
    pub rejected: bool,
    /// True for the image as uploaded.
    pub original: bool,
    /// The original's id, for refined images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_id: Option<String>,
}

/// `GET /{sid}/images` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionImagesResponse {
    /// The session's images, oldest first.
    pub session_images: Vec<SessionImage>,
}

/// A check's outcome in [`SessionChecks`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CheckResult {
    /// `ALLOW`, `CHALLENGE`, `DENY` or `N/A`.
    pub recommendation: String,
    /// Machine-readable reasons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

/// The checks of a complete session (reference `SessionChecksDto`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionChecks {
    /// Data extracted and valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_validation: Option<CheckResult>,
    /// Document authentic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_authentication: Option<CheckResult>,
    /// Document is a live document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_liveness: Option<CheckResult>,
    /// Selfie matches the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biometric_matching: Option<CheckResult>,
    /// Selfie is a live person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biometric_liveness: Option<CheckResult>,
    /// Previous fraud.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flagged_identity: Option<CheckResult>,
    /// Risk signals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_recommendation: Option<CheckResult>,
}

/// The verified person (reference `PersonDto`, the fields the sandbox fills).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person {
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    /// `male`, `female` or `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// National id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_id: Option<String>,
    /// Date of birth (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
}

/// The document (reference `DocumentDto`, the fields the sandbox fills).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Document {
    /// Issuing country (ISO 3166 alpha-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Issuing region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `national_id`, `drivers_license`, `passport`, ...
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub document_type: Option<String>,
    /// Document number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Expiry date (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<String>,
}

/// `GET /{sid}/result` for a complete session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CompleteSessionResult {
    /// Session id.
    pub session_id: String,
    /// Always `complete`.
    pub status: SessionStatus,
    /// The outcome.
    pub recommendation: Recommendation,
    /// The person.
    pub person: Person,
    /// The document.
    pub document: Document,
    /// The checks.
    pub checks: SessionChecks,
    /// The images used.
    pub verification_images: Vec<VerificationImage>,
    /// Risk details, passed through as the provider gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_details: Option<serde_json::Value>,
    /// Additional information, passed through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<serde_json::Value>,
    /// (extension) True when `person` and `document` are sample values (the
    /// sandbox's mock), not read from the images.
    #[serde(default)]
    pub mock_identity: bool,
    /// (extension) Steps, partner values and dates.
    #[serde(flatten)]
    pub details: SessionDetails,
}

/// `GET /{sid}/result` for a session that is not complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IncompleteSessionResult {
    /// Session id.
    pub session_id: String,
    /// Where it stands.
    pub status: SessionStatus,
    /// (extension) Why it is in `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_reason: Option<String>,
    /// (extension) Steps, partner values and dates.
    #[serde(flatten)]
    pub details: SessionDetails,
}

/// `GET /{sid}/result`: complete or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum SessionResult {
    /// A complete session with its outcome.
    Complete(Box<CompleteSessionResult>),
    /// Any other state.
    Incomplete(Box<IncompleteSessionResult>),
}

/// One row of the (extension) session list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionSummary {
    /// Session id.
    pub session_id: String,
    /// Where it stands.
    pub status: SessionStatus,
    /// The partner's state value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The partner's id for the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_user_id: Option<String>,
    /// Created at (RFC 3339).
    pub created_at: String,
    /// Last changed at (RFC 3339).
    #[serde(default)]
    pub updated_at: String,
    /// Completed at (RFC 3339), once complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// Expires at (RFC 3339).
    pub expiration: String,
    /// The outcome, once complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Recommendation>,
}

/// (extension) `GET /api/v1/verification?status=&complete=&invalid=&created_from=&created_to=&external_user_id=&sort=&order=&limit=&offset=` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionListResponse {
    /// The page.
    pub sessions: Vec<SessionSummary>,
    /// How many sessions match in all.
    pub total_count: u64,
    /// Page size used.
    pub limit: u32,
    /// Offset used.
    pub offset: u64,
}

/// `DELETE /{sid}` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeleteSessionResponse {
    /// The deleted session.
    pub session_id: String,
    /// Always true.
    pub deleted: bool,
}

/// `GET /{sid}/images/{id}?format=base64` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImageContent {
    /// Image id.
    pub id: String,
    /// Always `base64`.
    pub format: String,
    /// The JPEG as uploaded, base64 (standard alphabet, padded).
    pub content: String,
}
