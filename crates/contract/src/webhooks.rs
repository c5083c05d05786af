//! (extension) Webhooks: the events the service posts to the partner's
//! backend, signed, and the log of their deliveries.

use serde::{Deserialize, Serialize};

use crate::{Feedback, ImageType, SessionStatus};

/// What happened to a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum WebhookEventType {
    /// The service rejected an uploaded image.
    #[serde(rename = "image.rejected")]
    ImageRejected,
    /// Every image is in; verification runs.
    #[serde(rename = "session.submitted")]
    SessionSubmitted,
    /// The session is complete: read the result.
    #[serde(rename = "session.completed")]
    SessionCompleted,
    /// The session is invalid after too many rejected uploads.
    #[serde(rename = "session.failed")]
    SessionFailed,
    /// The session expired before it completed.
    #[serde(rename = "session.expired")]
    SessionExpired,
    /// The partner deleted the session.
    #[serde(rename = "session.cancelled")]
    SessionCancelled,
}

impl WebhookEventType {
    /// The name on the wire (`session.completed`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookEventType::ImageRejected => "image.rejected",
            WebhookEventType::SessionSubmitted => "session.submitted",
            WebhookEventType::SessionCompleted => "session.completed",
            WebhookEventType::SessionFailed => "session.failed",
            WebhookEventType::SessionExpired => "session.expired",
            WebhookEventType::SessionCancelled => "session.cancelled",
        }
    }
}

/// The body of every webhook request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookEvent {
    /// Unique per event (`evt_...`): a redelivery carries the same id, so deduplicate on it.
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub event_type: WebhookEventType,
    /// When it happened (RFC 3339).
    pub created_at: String,
    /// The session.
    pub session_id: String,
    /// The session's status when it happened.
    pub status: SessionStatus,
    /// The partner's `state` value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The partner's id for the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_user_id: Option<String>,
    /// For `image.rejected`: which image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_type: Option<ImageType>,
    /// For `image.rejected`: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Feedback>,
    /// For `image.rejected`: rejected uploads left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not delivered yet; retried at `next_attempt_at`.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Given up after the last retry.
    Failed,
}

/// One try to deliver an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeliveryAttempt {
    /// When (RFC 3339).
    pub at: String,
    /// The receiver's HTTP status, when it answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<u16>,
    /// Why it failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// An event and its delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookDelivery {
    /// The event's id.
    pub event_id: String,
    /// The event's type.
    #[serde(rename = "type")]
    pub event_type: WebhookEventType,
    /// Where it goes.
    pub url: String,
    /// When the event happened (RFC 3339).
    pub created_at: String,
    /// Where the delivery stands.
    pub status: DeliveryStatus,
    /// When the next try is due (RFC 3339), while pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<String>,
    /// When it was delivered (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<String>,
    /// Every try, oldest first.
    pub attempts: Vec<DeliveryAttempt>,
}

/// `GET /{sid}/webhooks` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookDeliveriesResponse {
    /// The session's events in the order they happened (and are delivered).
    pub deliveries: Vec<WebhookDelivery>,
}
