//! The session contract between the capture widget and a verification service.
//!
//! Every request and response body of `CONTRACT.md` is a serde type here, so the
//! widget (compiled to wasm) and the sandbox service (native) share one
//! definition and cannot drift. Field names are snake_case JSON. Enums are
//! closed where the contract is closed; [`Feedback`] and [`ErrorCode`] accept
//! unknown values (as `other` / `unknown`) so that a newer service never
//! crashes an older widget.

use serde::{Deserialize, Serialize};

mod events;
mod provider;
mod time;

pub use events::{EventType, WidgetEvent, EVENT_SOURCE};
pub use provider::{map_provider_status, ProviderStatus};
pub use time::parse_duration_ms;

/// Image size limits of the contract (either orientation: long side and short side).
pub mod limits {
    /// Smallest allowed long side, in pixels.
    pub const MIN_LONG: u32 = 640;
    /// Largest allowed long side, in pixels.
    pub const MAX_LONG: u32 = 3840;
    /// Smallest allowed short side, in pixels.
    pub const MIN_SHORT: u32 = 480;
    /// Largest allowed short side, in pixels.
    pub const MAX_SHORT: u32 = 2160;
    /// Largest request body the images endpoint accepts (base64 JSON), in bytes.
    pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;
    /// The widget's size target for an encoded document image.
    pub const DOCUMENT_TARGET_BYTES: usize = 400 * 1024;
    /// The widget's size target for an encoded selfie.
    pub const SELFIE_TARGET_BYTES: usize = 200 * 1024;

    /// Why a width and height are outside the contract's limits.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum DimensionError {
        /// Smaller than 640x480 in either orientation.
        TooSmall,
        /// Larger than 3840x2160 in either orientation.
        TooLarge,
    }

    /// Checks `width` x `height` against the limits, by long and short side.
    pub fn check(width: u32, height: u32) -> Result<(), DimensionError> {
        let (long, short) = if width >= height {
            (width, height)
        } else {
            (height, width)
        };
        if long < MIN_LONG || short < MIN_SHORT {
            Err(DimensionError::TooSmall)
        } else if long > MAX_LONG || short > MAX_SHORT {
            Err(DimensionError::TooLarge)
        } else {
            Ok(())
        }
    }

    /// The largest size within the limits with the same aspect ratio as
    /// `width` x `height`, never larger than the input (no upscaling).
    /// `None` when the input is below the minimum.
    pub fn fit(width: u32, height: u32) -> Option<(u32, u32)> {
        if check(width, height) == Err(DimensionError::TooSmall) {
            return None;
        }
        let (long, short) = if width >= height {
            (width, height)
        } else {
            (height, width)
        };
        let scale = f64::min(
            1.0,
            f64::min(MAX_LONG as f64 / long as f64, MAX_SHORT as f64 / short as f64),
        );
        let w = ((width as f64 * scale).floor() as u32).max(1);
        let h = ((height as f64 * scale).floor() as u32).max(1);
        match check(w, h) {
            Ok(()) => Some((w, h)),
            Err(_) => None,
        }
    }
}

/// Which picture an image is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// Deserializes leniently: unknown codes become [`Feedback::Other`].
    pub fn parse_lenient(s: &str) -> Self {
        Self::parse(s).unwrap_or(Feedback::Other)
    }

    /// True when the image was accepted.
    pub fn is_ok(self) -> bool {
        self == Feedback::Ok
    }
}

/// Deserialize a [`Feedback`] without failing on codes this version does not know.
pub fn deserialize_feedback_lenient<'de, D>(d: D) -> Result<Feedback, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let s = String::deserialize(d)?;
    Ok(Feedback::parse_lenient(&s))
}

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[serde(rename_all = "UPPERCASE")]
pub enum Recommendation {
    /// Verified.
    Allow,
    /// Needs a human review.
    Challenge,
    /// Rejected.
    Deny,
}

/// Machine-readable error codes of `ErrorBody::error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request body or a parameter is malformed (400).
    InvalidRequest,
    /// The image is not a decodable JPEG, or is out of limits (400).
    InvalidImage,
    /// Missing or wrong credentials, or a start token already used (401).
    Unauthorized,
    /// The session is invalid after too many rejected uploads (403).
    AttemptLimit,
    /// The caller may not do this (403).
    Forbidden,
    /// No such session or image (404).
    NotFound,
    /// Every required image is already in (409).
    AlreadyComplete,
    /// The session has expired (410).
    Expired,
    /// The body is larger than the limit (413).
    PayloadTooLarge,
    /// Too many requests (429).
    RateLimited,
    /// The service is temporarily unavailable (503).
    Unavailable,
    /// An unexpected failure in the service (500).
    Internal,
    /// A code this version does not know.
    #[serde(other)]
    Unknown,
}

/// The body of every error answer: `{error, message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Machine-readable code.
    pub error: ErrorCode,
    /// A sentence for developers (the widget maps `error` to its own text).
    #[serde(default)]
    pub message: String,
}

/// Mock outcomes of the sandbox (`mock_behavior`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
}

/// Non-personal information about the partner's customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

/// Light or dark appearance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColorScheme {
    /// Light backgrounds.
    Light,
    /// Dark backgrounds.
    Dark,
}

/// The partner's look for the widget (validated by the service, see [`Theme::validate`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    /// Buttons and accents, a CSS color (`#0a5cff`, `rgb(...)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_color: Option<String>,
    /// Page background, a CSS color.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background_color: Option<String>,
    /// Body text, a CSS color.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_color: Option<String>,
    /// Corner radius in CSS pixels (0..=32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corner_radius: Option<u32>,
    /// A font family name (letters, digits, spaces, hyphens and commas).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_family: Option<String>,
    /// The partner's logo: an `https:` URL or a `data:image/...` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Fix light or dark; unset follows `prefers-color-scheme`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_scheme: Option<ColorScheme>,
}

impl Theme {
    /// Checks every field so that nothing can inject markup, CSS or script.
    /// The error names the offending field.
    pub fn validate(&self) -> Result<(), String> {
        for (name, value) in [
            ("primary_color", &self.primary_color),
            ("background_color", &self.background_color),
            ("text_color", &self.text_color),
        ] {
            if let Some(v) = value {
                if !is_css_color(v) {
                    return Err(format!(
                        "theme.{name} must be a color like #0a5cff or rgb(10, 92, 255)"
                    ));
                }
            }
        }
        if let Some(r) = self.corner_radius {
            if r > 32 {
                return Err("theme.corner_radius must be between 0 and 32".into());
            }
        }
        if let Some(f) = &self.font_family {
            let ok = !f.is_empty()
                && f.len() <= 100
                && f.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | ','));
            if !ok {
                return Err(
                    "theme.font_family may hold only letters, digits, spaces, hyphens and commas".into(),
                );
            }
        }
        if let Some(logo) = &self.logo_url {
            if !is_logo_url(logo) {
                return Err("theme.logo_url must be an https URL or a data:image URL".into());
            }
        }
        Ok(())
    }
}

/// `#rgb`, `#rrggbb`, `#rrggbbaa`, or `rgb()/rgba()/hsl()/hsla()` with numbers only.
pub fn is_css_color(s: &str) -> bool {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    for f in ["rgb(", "rgba(", "hsl(", "hsla("] {
        if let Some(rest) = s.strip_prefix(f) {
            if let Some(args) = rest.strip_suffix(')') {
                return !args.is_empty()
                    && args.len() <= 40
                    && args
                        .chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '%' | '/'));
            }
        }
    }
    false
}

/// An `https:` URL or a base64 `data:image/(png|jpeg|webp|gif)` URL, with nothing that
/// could leave an attribute (quotes, angle brackets, spaces, control characters).
pub fn is_logo_url(s: &str) -> bool {
    if s.len() > 200_000
        || s.chars()
            .any(|c| c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | ' '))
    {
        return false;
    }
    if let Some(rest) = s.strip_prefix("https://") {
        return !rest.is_empty() && !rest.starts_with('/');
    }
    [
        "data:image/png;base64,",
        "data:image/jpeg;base64,",
        "data:image/webp;base64,",
        "data:image/gif;base64,",
    ]
    .iter()
    .any(|p| s.starts_with(p))
}

/// `POST /api/v1/verification` body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
}

/// `201` answer to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// Camera details in [`DeviceInfo`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CameraInfo {
    /// The camera's label as the browser reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// What the widget knows of the device (reference `DeviceInfoDto`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct StartRequest {
    /// The start token from the session link.
    pub start_token: String,
    /// The device that starts the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_info: Option<DeviceInfo>,
}

/// (extension) `200` answer to start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// (extension) `POST /{sid}/consent` body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRequest {
    /// Must be true.
    pub granted: bool,
}

/// Answer to `GET`/`POST /{sid}/consent` (reference `GetConsentApprovalResponse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentResponse {
    /// Whether consent was granted.
    pub consent_granted: bool,
    /// When it was granted (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_date: Option<String>,
}

/// The guide's margins around the image area to process (reference `CaptureMargins`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
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
pub struct AddImageRequest {
    /// The image.
    pub image: ImageDto,
    /// The device that took it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_info: Option<DeviceInfo>,
}

/// `200` answer to an upload (reference `AddImagesResponse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddImagesResponse {
    /// `ok`, or why the image was rejected.
    #[serde(deserialize_with = "deserialize_feedback_lenient")]
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
}

/// (extension) `POST /{sid}/handoff` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffResponse {
    /// A fresh single-use link for another device.
    pub session_url: String,
    /// That link as an SVG QR code.
    pub qr_svg: String,
    /// When that link stops working (RFC 3339).
    pub expires_at: String,
}

/// Image metadata (reference `VerificationImageDto`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationImage {
    /// Image id.
    pub id: String,
    /// Which picture.
    #[serde(rename = "type")]
    pub image_type: ImageType,
}

/// One image in `GET /{sid}/images` (reference `SessionImageDto`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct SessionImagesResponse {
    /// The session's images, oldest first.
    pub session_images: Vec<SessionImage>,
}

/// A check's outcome in [`SessionChecks`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    /// `ALLOW`, `CHALLENGE`, `DENY` or `N/A`.
    pub recommendation: String,
    /// Machine-readable reasons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
}

/// The checks of a complete session (reference `SessionChecksDto`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// `GET /{sid}/result` for a session that is not complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncompleteSessionResult {
    /// Session id.
    pub session_id: String,
    /// Where it stands.
    pub status: SessionStatus,
    /// (extension) Why it is in `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_reason: Option<String>,
}

/// `GET /{sid}/result`: complete or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SessionResult {
    /// A complete session with its outcome.
    Complete(Box<CompleteSessionResult>),
    /// Any other state.
    Incomplete(IncompleteSessionResult),
}

/// One row of the (extension) session list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// Session id.
    pub session_id: String,
    /// Where it stands.
    pub status: SessionStatus,
    /// The partner's state value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Created at (RFC 3339).
    pub created_at: String,
    /// Expires at (RFC 3339).
    pub expiration: String,
    /// The outcome, once complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Recommendation>,
}

/// (extension) `GET /api/v1/verification?state=&limit=&offset=` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
