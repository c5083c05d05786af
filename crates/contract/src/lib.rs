//! The session contract between the capture widget and a verification service.
//!
//! Every request and response body of `CONTRACT.md` is a serde type here, so the
//! widget (compiled to wasm) and the sandbox service (native) share one
//! definition and cannot drift. Field names are snake_case JSON. Enums are
//! closed where the contract is closed; [`Feedback`] and [`ErrorCode`] accept
//! unknown values (as `other` / `unknown`) so that a newer service never
//! crashes an older widget.
//!
//! The modules follow the audiences: [`limits`] of images, the [`Theme`], the
//! widget's calls, the partner backend's calls, the events posted to an
//! embedding page, and the shared vocabulary (image types, feedback codes,
//! statuses). Every type is re-exported here, so callers write
//! `kyc_contract::StartResponse`.

mod backend_api;
mod error;
mod events;
pub mod limits;
mod liveness;
mod results;
mod theme;
mod time;
mod vocabulary;
mod webhooks;
mod widget_api;

pub use backend_api::{
    CheckResult, CompleteSessionResult, CreateSessionRequest, CreateSessionResponse, CustomerInformation,
    DeleteSessionResponse, Document, ImageContent, IncompleteSessionResult, MockBehavior, MockLiveness,
    Person, SessionChecks, SessionImage, SessionImagesResponse, SessionListResponse, SessionResult,
    SessionSummary, VerificationImage,
};
pub use error::{ErrorBody, ErrorCode};
pub use events::{EventType, WidgetEvent};
pub use liveness::{
    FaceFinding, LivenessChallenge, LivenessFrame, LivenessReason, LivenessRequest, LivenessResponse,
    LivenessResult, LivenessSpec, LivenessState, LivenessStatus, LIVENESS_FRAME_MAX_SIDE,
    LIVENESS_FRAME_MIN_SIDE, LIVENESS_MAX_FRAMES, LIVENESS_MIN_FRAMES, LIVENESS_TRIES,
};
pub use results::{QualityFigures, SessionDetails, StepAttempt, StepResult, StepStatus};
pub use theme::{ColorScheme, Theme};
pub use time::parse_duration_ms;
pub use vocabulary::{Feedback, ImageType, Recommendation, SessionStatus};
pub use webhooks::{
    DeliveryAttempt, DeliveryStatus, WebhookDeliveriesResponse, WebhookDelivery, WebhookEvent,
    WebhookEventType,
};
pub use widget_api::{
    AddImageRequest, AddImagesResponse, CameraInfo, CaptureMargins, ConsentRequest, ConsentResponse,
    DeviceInfo, HandoffResponse, ImageDto, StartRequest, StartResponse, StatusResponse,
};
