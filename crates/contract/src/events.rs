//! Events the widget posts to an embedding page (extension).

use serde::{Deserialize, Serialize};

use crate::{Feedback, ImageType, SessionStatus};

/// The `source` of every event, so a page can tell them from other messages.
const EVENT_SOURCE: &str = "kyc-widget";

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// The widget has loaded and started the session.
    Ready,
    /// A new screen is shown (`step` names it).
    Step,
    /// The service accepted an image.
    ImageAccepted,
    /// The service rejected an image (`feedback` says why).
    ImageRejected,
    /// Every image is in; verification runs.
    Submitted,
    /// The session reached a final status (`status`, `redirect_url`).
    Complete,
    /// The widget cannot go on (`error` says why).
    Error,
    /// The customer left the flow.
    Cancel,
}

/// `{source: "kyc-widget", type, session_id, ...}` posted to the parent window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WidgetEvent {
    /// Always `kyc-widget` (so a page can tell these events from other messages).
    pub source: String,
    /// What happened.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// The session.
    pub session_id: String,
    /// For `step`: the screen's name (`consent`, `document_front`, `processing`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// For image events: which image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_type: Option<ImageType>,
    /// For `image_rejected`: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Feedback>,
    /// For `complete`: the final status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SessionStatus>,
    /// For `complete`/`error`: where the service would send the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// For `error`: a machine-readable reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl WidgetEvent {
    /// An event of `event_type` for `session_id` with every optional field empty.
    pub fn new(event_type: EventType, session_id: impl Into<String>) -> Self {
        Self {
            source: EVENT_SOURCE.to_owned(),
            event_type,
            session_id: session_id.into(),
            step: None,
            image_type: None,
            feedback: None,
            status: None,
            redirect_url: None,
            error: None,
        }
    }
}
