//! What every handler reads from a request: the body, path parameters, and
//! who is calling (the partner's API key, or the widget's access token for
//! one session).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;

use crate::clock::now_ms;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::session::{Session, View};
use crate::tokens;
use crate::AppState;

/// The raw body, at most `MAX` bytes: a longer one is our JSON 413 (at once
/// when its `Content-Length` says so, before any of it is read), any other
/// failure a JSON 400. Put it after the caller's credentials in a handler's
/// arguments, so that a caller without them is refused before the body is read.
pub(crate) struct Body<const MAX: usize>(pub Bytes);

impl<S: Send + Sync, const MAX: usize> FromRequest<S> for Body<MAX> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX as u64) {
            return Err(ApiError::payload_too_large(MAX));
        }
        match Limited::new(req.into_body(), MAX).collect().await {
            Ok(collected) => Ok(Body(collected.to_bytes())),
            Err(e) if e.is::<LengthLimitError>() => Err(ApiError::payload_too_large(MAX)),
            Err(e) => Err(ApiError::invalid_request(format!(
                "could not read the request body: {e}"
            ))),
        }
    }
}

/// Path parameters, with a JSON 400 when they cannot be read.
pub(crate) struct PathParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(t)| PathParams(t))
            .map_err(|e| ApiError::invalid_request(e.body_text()))
    }
}

/// Parses a JSON body: not JSON → 400 "not valid JSON", the wrong shape → 400 naming the problem.
pub(crate) fn parse_json<T: DeserializeOwned>(body: &[u8]) -> ApiResult<T> {
    serde_json::from_slice(body).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Data => ApiError::invalid_request(format!("the request body has the wrong shape: {e}")),
            _ => ApiError::invalid_request(format!("the request body is not valid JSON: {e}")),
        }
    })
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// A partner backend's call: it sent the API key.
pub(crate) struct ApiKey;

impl FromRequestParts<Arc<AppState>> for ApiKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        match bearer(&parts.headers) {
            Some(k) if tokens::hash_eq(&tokens::hash_token(k), &state.api_key_hash) => Ok(ApiKey),
            Some(_) => Err(ApiError::unauthorized("The API key is wrong")),
            None => Err(ApiError::unauthorized(
                "Send the API key as Authorization: Bearer <api key>",
            )),
        }
    }
}

/// A session and where it stands, read after the session's mock latency
/// (`mock_behavior.latency_ms`) has passed: 404 when there is no such session,
/// 410 when it is a tombstone.
pub(crate) async fn load_after_latency(state: &AppState, sid: &str) -> ApiResult<(Session, View)> {
    let (session, view) = load(state, sid)?;
    if session.mock.latency_ms == 0 {
        return Ok((session, view));
    }
    tokio::time::sleep(Duration::from_millis(session.mock.latency_ms)).await;
    load(state, sid)
}

/// A loaded session that is not a tombstone: 404 when there is none, 410
/// `deleted` once its `time_to_live` passed.
pub(crate) fn live(s: Option<Session>) -> ApiResult<Session> {
    match s {
        None => Err(ApiError::no_session()),
        Some(s) if s.purged_at.is_some() => Err(ApiError::deleted()),
        Some(s) => Ok(s),
    }
}

/// A session and where it stands now: 404 when there is no such session,
/// 410 when it is a tombstone.
pub(crate) fn load(state: &AppState, sid: &str) -> ApiResult<(Session, View)> {
    let conn = state.db.lock();
    let s = live(db::load_session(&conn, sid)?)?;
    let accepted = db::accepted_types(&conn, sid, s.round)?;
    let v = s.view(&accepted, now_ms());
    Ok((s, v))
}

/// A widget's call for the session in the path (`/{sid}/...`): its access
/// token is ours and for this session, and the session is loaded after its
/// mock latency. An expired token answers 410 `expired` unless
/// `EXPIRED_TOKEN_OK` (the status call, which tells the widget the session
/// has ended); a tombstone answers 410 `deleted` either way.
pub(crate) struct WidgetSession<const EXPIRED_TOKEN_OK: bool = false> {
    pub session: Session,
    pub view: View,
}

/// The status call's [`WidgetSession`]: an expired access token still reads.
pub(crate) type StatusSession = WidgetSession<true>;

impl<const EXPIRED_TOKEN_OK: bool> FromRequestParts<Arc<AppState>> for WidgetSession<EXPIRED_TOKEN_OK> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        let PathParams(sid) = PathParams::<String>::from_request_parts(parts, state).await?;
        let token = bearer(&parts.headers).ok_or_else(|| {
            ApiError::unauthorized("Send the access token as Authorization: Bearer <token>")
        })?;
        let claims = tokens::verify_access(&state.token_secret, token)
            .ok_or_else(|| ApiError::unauthorized("The access token is not valid"))?;
        if claims.sid != sid {
            return Err(ApiError::unauthorized("The access token is for another session"));
        }
        let (session, view) = load_after_latency(state, &sid).await?;
        if !EXPIRED_TOKEN_OK && now_ms() >= claims.exp_ms {
            return Err(ApiError::expired());
        }
        Ok(WidgetSession { session, view })
    }
}
