//! Every error answer of the API: an HTTP status and an [`ErrorBody`].

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kyc_contract::{ErrorBody, ErrorCode};

/// An error answer: status code, machine-readable code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// `ErrorBody::error`.
    pub code: ErrorCode,
    /// `ErrorBody::message`.
    pub message: String,
    /// The `Retry-After` header, in seconds (a 429).
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    /// Any status and code.
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after_secs: None,
        }
    }
    /// 400 `invalid_request`.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest, message)
    }
    /// 400 `invalid_image`.
    pub fn invalid_image(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidImage, message)
    }
    /// 401 `unauthorized`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, message)
    }
    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
    }
    /// 403 `attempt_limit`.
    pub fn attempt_limit() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            ErrorCode::AttemptLimit,
            "Too many rejected uploads: this session is no longer valid",
        )
    }
    /// 404 `not_found`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }
    /// 404 for a missing session.
    pub fn no_session() -> Self {
        Self::not_found("No such session")
    }
    /// 409 `already_complete`.
    pub fn already_complete() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            ErrorCode::AlreadyComplete,
            "Every required image is already in",
        )
    }
    /// 410 `expired`.
    pub fn expired() -> Self {
        Self::new(StatusCode::GONE, ErrorCode::Expired, "This session has expired")
    }
    /// 410 `deleted`: the session is a tombstone, its `time_to_live` passed.
    pub fn deleted() -> Self {
        Self::new(
            StatusCode::GONE,
            ErrorCode::Deleted,
            "This session's images and data were deleted: its time_to_live passed",
        )
    }
    /// 413 `payload_too_large`: the body is over `limit` bytes.
    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!("The request body is larger than {limit} bytes"),
        )
    }
    /// 429 `rate_limited`, with `Retry-After`.
    pub fn rate_limited(retry_after: crate::limits::RetryAfter) -> Self {
        let secs = retry_after.secs();
        Self {
            retry_after_secs: Some(secs),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                format!("Too many requests: retry in {secs} s"),
            )
        }
    }
    /// 503 `unavailable`.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable, message)
    }
    /// 500 `internal`; the cause is logged, not sent.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        eprintln!("kyc-sandbox: internal error: {cause}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "Internal error",
        )
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: self.code,
            message: self.message.clone(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(self.body())).into_response();
        if let Some(secs) = self.retry_after_secs {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

impl From<crate::limits::RetryAfter> for ApiError {
    fn from(r: crate::limits::RetryAfter) -> Self {
        ApiError::rate_limited(r)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::internal(format!("database: {e}"))
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        ApiError::internal(format!("json: {e}"))
    }
}

/// Shorthand for handler results.
pub type ApiResult<T> = Result<T, ApiError>;
