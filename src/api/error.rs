//! The one error type of the HTTP boundary, and how status codes map to it.

use kyc_contract::{ErrorBody, ErrorCode};

/// Why a call to the verification service failed.
///
/// Plain data (no browser types), so the flow's state machine can reason about it
/// in native tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: offline, DNS, CORS, connection reset.
    Network,
    /// 400: the request or image was refused; `message` is for developers.
    BadRequest {
        /// The service's `message`, when it sent one.
        message: String,
    },
    /// 401: the token is wrong, or the link was already used on another device.
    Unauthorized,
    /// 403 `attempt_limit`: too many rejected uploads; the session is invalid.
    AttemptLimit,
    /// 403 for any other reason.
    Forbidden,
    /// 404: no such session.
    NotFound,
    /// 409: every required image is already in.
    Conflict,
    /// 410: the session has expired.
    Expired,
    /// 413: the body was too large.
    PayloadTooLarge,
    /// 429: too many requests; `retry_after_ms` from the `Retry-After` header.
    RateLimited {
        /// How long the service asked to wait, when it said.
        retry_after_ms: Option<u32>,
    },
    /// Any 5xx (and unexpected statuses), with the status code.
    Server(u16),
    /// A 2xx answer that did not parse.
    Decode(String),
    /// The request was aborted (its owner went away).
    Aborted,
}

impl ApiError {
    /// Maps a non-2xx status, the parsed error body (if any) and the `Retry-After`
    /// header (if any) to an error.
    pub fn from_status(status: u16, body: Option<&ErrorBody>, retry_after: Option<&str>) -> ApiError {
        let message = body.map(|b| b.message.clone()).unwrap_or_default();
        match status {
            400 => ApiError::BadRequest { message },
            401 => ApiError::Unauthorized,
            403 => match body.map(|b| b.error) {
                Some(ErrorCode::AttemptLimit) => ApiError::AttemptLimit,
                _ => ApiError::Forbidden,
            },
            404 => ApiError::NotFound,
            409 => ApiError::Conflict,
            410 => ApiError::Expired,
            413 => ApiError::PayloadTooLarge,
            429 => ApiError::RateLimited {
                retry_after_ms: retry_after.and_then(parse_retry_after_ms),
            },
            s => ApiError::Server(s),
        }
    }

    /// True when trying the same request again later may succeed
    /// (network errors, 5xx and 429).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Network | ApiError::RateLimited { .. } | ApiError::Server(_)
        )
    }

    /// A short machine-readable name (for the `error` event to an embedding page).
    pub fn as_str(&self) -> &'static str {
        match self {
            ApiError::Network => "network",
            ApiError::BadRequest { .. } => "bad_request",
            ApiError::Unauthorized => "unauthorized",
            ApiError::AttemptLimit => "attempt_limit",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::Conflict => "conflict",
            ApiError::Expired => "expired",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Server(_) => "server",
            ApiError::Decode(_) => "decode",
            ApiError::Aborted => "aborted",
        }
    }
}

/// `Retry-After` in seconds (the HTTP-date form is ignored), capped at 60 s.
pub fn parse_retry_after_ms(value: &str) -> Option<u32> {
    let secs: u32 = value.trim().parse().ok()?;
    Some(secs.min(60) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(error: ErrorCode) -> ErrorBody {
        ErrorBody {
            error,
            message: "why".into(),
        }
    }

    #[test]
    fn statuses_map_to_errors() {
        assert_eq!(
            ApiError::from_status(400, Some(&body(ErrorCode::InvalidImage)), None),
            ApiError::BadRequest {
                message: "why".into()
            }
        );
        assert_eq!(
            ApiError::from_status(400, None, None),
            ApiError::BadRequest {
                message: String::new()
            }
        );
        assert_eq!(ApiError::from_status(401, None, None), ApiError::Unauthorized);
        assert_eq!(
            ApiError::from_status(403, Some(&body(ErrorCode::AttemptLimit)), None),
            ApiError::AttemptLimit
        );
        assert_eq!(ApiError::from_status(403, None, None), ApiError::Forbidden);
        assert_eq!(ApiError::from_status(404, None, None), ApiError::NotFound);
        assert_eq!(ApiError::from_status(409, None, None), ApiError::Conflict);
        assert_eq!(ApiError::from_status(410, None, None), ApiError::Expired);
        assert_eq!(ApiError::from_status(413, None, None), ApiError::PayloadTooLarge);
        assert_eq!(
            ApiError::from_status(429, None, Some("3")),
            ApiError::RateLimited {
                retry_after_ms: Some(3000)
            }
        );
        assert_eq!(ApiError::from_status(503, None, None), ApiError::Server(503));
    }

    #[test]
    fn retryable_errors() {
        assert!(ApiError::Network.is_retryable());
        assert!(ApiError::Server(500).is_retryable());
        assert!(ApiError::RateLimited { retry_after_ms: None }.is_retryable());
        for e in [
            ApiError::Unauthorized,
            ApiError::Conflict,
            ApiError::Expired,
            ApiError::PayloadTooLarge,
            ApiError::Aborted,
            ApiError::Decode("x".into()),
        ] {
            assert!(!e.is_retryable(), "{e:?}");
        }
    }

    #[test]
    fn retry_after_is_parsed_and_capped() {
        assert_eq!(parse_retry_after_ms(" 2 "), Some(2000));
        assert_eq!(parse_retry_after_ms("600"), Some(60_000));
        assert_eq!(parse_retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
