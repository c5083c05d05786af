//! The body of every error answer and its machine-readable codes.

use serde::{Deserialize, Serialize};

/// Machine-readable error codes of `ErrorBody::error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// (extension) The session's data was deleted: its `time_to_live` passed (410).
    Deleted,
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
    #[cfg_attr(feature = "schema", schemars(skip))]
    Unknown,
}

/// The body of every error answer: `{error, message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    /// Machine-readable code.
    pub error: ErrorCode,
    /// A sentence for developers (the widget maps `error` to its own text).
    #[serde(default)]
    pub message: String,
}
