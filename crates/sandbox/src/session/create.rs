//! A new session from a partner's `POST /api/v1/verification`: every field
//! checked, the defaults filled in.

use std::collections::HashSet;

use kyc_contract::{CreateSessionRequest, ImageType, Recommendation};

use super::Session;
use crate::error::ApiError;
use crate::tokens;

/// Default session lifetime (`expires_in_ms`).
const DEFAULT_EXPIRES_MS: u64 = 3_600_000;
/// Longest session lifetime accepted.
const MAX_EXPIRES_MS: u64 = 30 * 86_400_000;
/// Default retention (`time_to_live`), as in the reference API.
const DEFAULT_TIME_TO_LIVE_MS: u64 = 90 * 86_400_000;
/// Longest retention accepted.
const MAX_TIME_TO_LIVE_MS: u64 = 365 * 86_400_000;

/// A session just made, with the start token of its session link (only its
/// hash is stored).
#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    pub session: Session,
    pub start_token: String,
}

/// `callback_url`: absolute https, or http on localhost, 127.0.0.1 or [::1].
fn validate_callback(s: &str) -> Result<(), String> {
    const MSG: &str = "callback_url must be an absolute https URL, or http on localhost, 127.0.0.1 or [::1]";
    if s.len() > 2048 {
        return Err("callback_url is longer than 2048 characters".into());
    }
    let u = url::Url::parse(s).map_err(|_| MSG.to_owned())?;
    let loopback = matches!(
        u.host(),
        Some(url::Host::Domain("localhost"))
            | Some(url::Host::Ipv4(std::net::Ipv4Addr::LOCALHOST))
            | Some(url::Host::Ipv6(std::net::Ipv6Addr::LOCALHOST))
    );
    match u.scheme() {
        "https" if u.host().is_some() => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(MSG.into()),
    }
}

/// A webhook URL: absolute https, or http on a loopback host (as a callback URL).
pub fn validate_webhook_url(s: &str) -> Result<(), String> {
    validate_callback(s).map_err(|m| m.replace("callback_url", "webhook_url"))
}

/// An origin: `scheme://host[:port]`, http or https, nothing more.
pub fn validate_origin(s: &str) -> Result<(), String> {
    let err =
        || format!("\"{s}\" is not an origin: write scheme://host[:port], without a path or trailing slash");
    let u = url::Url::parse(s).map_err(|_| err())?;
    if !matches!(u.scheme(), "http" | "https") || u.origin().ascii_serialization() != s {
        return Err(err());
    }
    Ok(())
}

fn validate_locale(s: &str) -> bool {
    (2..=35).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

impl Session {
    /// A session for `req` at `now`, with the service's defaults for
    /// `max_attempts` and `processing_time`; 400 naming the first field
    /// that is wrong.
    pub fn create(
        req: &CreateSessionRequest,
        default_max_attempts: u32,
        default_processing_time_ms: u64,
        now: i64,
    ) -> Result<NewSession, ApiError> {
        fn bad(m: impl Into<String>) -> ApiError {
            ApiError::invalid_request(m)
        }
        if let Some(cb) = &req.callback_url {
            validate_callback(cb).map_err(bad)?;
        }
        if let Some(w) = &req.webhook_url {
            validate_webhook_url(w).map_err(bad)?;
        }
        if req.state.as_ref().is_some_and(|s| s.len() > 1024) {
            return Err(bad("state is longer than 1024 characters"));
        }
        let external_user_id = req
            .customer_information
            .as_ref()
            .and_then(|c| c.external_user_id.clone());
        if external_user_id
            .as_ref()
            .is_some_and(|e| e.is_empty() || e.len() > 256 || e.chars().any(char::is_control))
        {
            return Err(bad(
                "customer_information.external_user_id must be 1 to 256 printable characters",
            ));
        }
        let required = req
            .required_images
            .clone()
            .unwrap_or_else(|| ImageType::ALL.to_vec());
        if required.is_empty() {
            return Err(bad("required_images must name at least one image"));
        }
        if required.iter().collect::<HashSet<_>>().len() != required.len() {
            return Err(bad("required_images must not repeat an image"));
        }
        let expires_in = req.expires_in_ms.unwrap_or(DEFAULT_EXPIRES_MS);
        if expires_in == 0 || expires_in > MAX_EXPIRES_MS {
            return Err(bad(format!(
                "expires_in_ms must be between 1 and {MAX_EXPIRES_MS}"
            )));
        }
        let time_to_live = match &req.time_to_live {
            Some(t) => kyc_contract::parse_duration_ms(t)
                .filter(|ms| (expires_in..=MAX_TIME_TO_LIVE_MS).contains(ms))
                .ok_or_else(|| {
                    bad(format!(
                        "time_to_live must be a duration such as \"30d\" or \"12h\", at least the session's \
                         lifetime (expires_in_ms: {expires_in} ms) and at most 365d"
                    ))
                })?,
            None => DEFAULT_TIME_TO_LIVE_MS,
        };
        if req.allowed_origins.len() > 20 {
            return Err(bad("allowed_origins may list at most 20 origins"));
        }
        for o in &req.allowed_origins {
            validate_origin(o).map_err(|m| bad(format!("allowed_origins: {m}")))?;
        }
        if let Some(l) = &req.locale {
            if !validate_locale(l) {
                return Err(bad("locale must be a language tag such as de or pt-BR"));
            }
        }
        if let Some(t) = &req.theme {
            t.validate().map_err(bad)?;
        }
        let max_attempts = req.max_attempts.unwrap_or(default_max_attempts);
        if !(1..=100).contains(&max_attempts) {
            return Err(bad("max_attempts must be between 1 and 100"));
        }
        let mock = req.mock_behavior.clone().unwrap_or_default();
        let processing_time_ms = match &mock.processing_time {
            Some(p) => kyc_contract::parse_duration_ms(p).ok_or_else(|| {
                bad("mock_behavior.processing_time must be a duration such as \"15s\", \"1m30s\" or \"250ms\"")
            })?,
            None => default_processing_time_ms,
        };
        if processing_time_ms > 86_400_000 {
            return Err(bad("mock_behavior.processing_time must be at most 1 day"));
        }
        if mock.feedback.len() > 100 || mock.fail_uploads > 100 || mock.latency_ms > 30_000 {
            return Err(bad(
                "mock_behavior: at most 100 feedback codes, fail_uploads at most 100, latency_ms at most 30000",
            ));
        }
        let recommendation = mock
            .recommendation
            .or(mock.mock_recommendation)
            .unwrap_or(Recommendation::Allow);
        let start_token = tokens::new_start_token();
        let session = Session {
            id: tokens::random_id("", 16),
            state: req.state.clone(),
            external_user_id,
            callback_url: req.callback_url.clone(),
            required_images: ImageType::ALL
                .into_iter()
                .filter(|t| required.contains(t))
                .collect(),
            created_at: now,
            updated_at: now,
            expires_at: now.saturating_add(expires_in as i64),
            start_token_hash: tokens::hash_token(&start_token),
            device_id: None,
            started_at: None,
            handoff_token_hash: None,
            handoff_expires_at: None,
            handoff_used: false,
            consent_at: None,
            rejected_count: 0,
            max_attempts,
            fail_remaining: mock.fail_uploads,
            mock,
            processing_time_ms: processing_time_ms as i64,
            feedback_cursor: 0,
            round: 1,
            recapture: vec![],
            processing_started_at: None,
            locale: req.locale.clone(),
            theme: req.theme.clone(),
            allowed_origins: req.allowed_origins.clone(),
            recommendation,
            error_reason: None,
            webhook_url: req.webhook_url.clone(),
            final_notified: false,
            delete_at: Some(now.saturating_add(time_to_live as i64)),
            purged_at: None,
            liveness: req.liveness.map(|l| super::LivenessStep::new(l.challenge)),
        };
        Ok(NewSession { session, start_token })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_rules() {
        for ok in [
            "https://p.example/cb",
            "http://localhost:3000/x",
            "http://127.0.0.1/",
            "http://[::1]:8080/",
        ] {
            assert_eq!(validate_callback(ok), Ok(()), "{ok}");
        }
        for bad in [
            "http://p.example/cb",
            "/relative",
            "javascript:alert(1)",
            "ftp://x/",
            "http://127.0.0.2/",
            "",
        ] {
            assert!(validate_callback(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn origin_rules() {
        assert!(validate_origin("https://p.example").is_ok());
        assert!(validate_origin("http://localhost:3000").is_ok());
        for bad in [
            "https://p.example/",
            "https://p.example/x",
            "p.example",
            "javascript:x",
            "*",
        ] {
            assert!(validate_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_new_session_takes_the_defaults_and_orders_its_images() {
        let req = CreateSessionRequest {
            required_images: Some(vec![ImageType::Selfie, ImageType::DocumentFront]),
            ..CreateSessionRequest::default()
        };
        let new = Session::create(&req, 7, 1500, 1000).unwrap();
        let s = &new.session;
        assert_eq!(
            s.required_images,
            vec![ImageType::DocumentFront, ImageType::Selfie]
        );
        assert_eq!((s.max_attempts, s.processing_time_ms), (7, 1500));
        assert_eq!(s.expires_at, 1000 + DEFAULT_EXPIRES_MS as i64);
        assert_eq!(s.start_token_hash, tokens::hash_token(&new.start_token));
        assert_eq!(s.recommendation, Recommendation::Allow);
        let repeated = CreateSessionRequest {
            required_images: Some(vec![ImageType::Selfie, ImageType::Selfie]),
            ..CreateSessionRequest::default()
        };
        let err = Session::create(&repeated, 7, 1500, 1000).unwrap_err();
        assert!(err.message.contains("required_images"), "{err:?}");
    }
}
