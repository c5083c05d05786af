//! The HTTP API: routes, authentication, every endpoint of the contract.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Path, RawQuery, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, delete, get, post};
use axum::{middleware, Json, Router};
use kyc_contract::{
    limits, AddImageRequest, AddImagesResponse, CheckResult, CompleteSessionResult, ConsentRequest,
    ConsentResponse, CreateSessionRequest, CreateSessionResponse, Document, HandoffResponse, ImageType,
    IncompleteSessionResult, Person, Recommendation, SessionChecks, SessionImage, SessionImagesResponse,
    SessionListResponse, SessionResult, SessionStatus, SessionSummary, StartRequest, StartResponse,
    StatusResponse, VerificationImage,
};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

use crate::analysis;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::model::{Session, View, ATTEMPT_LIMIT};
use crate::tokens;
use crate::web;
use crate::AppState;

type St = State<Arc<AppState>>;

/// How long a handoff link stays valid (at most until the session expires).
const HANDOFF_TTL_MS: i64 = 10 * 60 * 1000;
/// Default session lifetime (`expires_in_ms`).
const DEFAULT_EXPIRES_MS: u64 = 3_600_000;
/// Longest session lifetime accepted.
const MAX_EXPIRES_MS: u64 = 30 * 86_400_000;

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// RFC 3339 in UTC with milliseconds.
pub(crate) fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

// ---------------------------------------------------------------- extractors

/// The raw body; a body over the limit is our JSON 413, any other failure a JSON 400.
pub(crate) struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Bytes::from_request(req, state).await {
            Ok(b) => Ok(Body(b)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ApiError::payload_too_large()),
            Err(e) => Err(ApiError::invalid_request(format!(
                "could not read the request body: {}",
                e.body_text()
            ))),
        }
    }
}

/// Path parameters, with a JSON 400 when they cannot be read.
pub(crate) struct P<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for P<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(t)| P(t))
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

// ---------------------------------------------------------------- auth

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn require_api_key(state: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    match bearer(headers) {
        Some(k) if tokens::constant_time_eq(k, &state.api_key) => Ok(()),
        Some(_) => Err(ApiError::unauthorized("The API key is wrong")),
        None => Err(ApiError::unauthorized(
            "Send the API key as Authorization: Bearer <api key>",
        )),
    }
}

/// Checks a widget call's access token: signed by us and for this session.
/// An expired token answers 410 unless `allow_expired` (status only).
fn require_access(state: &AppState, headers: &HeaderMap, sid: &str, allow_expired: bool) -> ApiResult<()> {
    let token = bearer(headers)
        .ok_or_else(|| ApiError::unauthorized("Send the access token as Authorization: Bearer <token>"))?;
    let claims = tokens::verify_access(&state.secret, token)
        .ok_or_else(|| ApiError::unauthorized("The access token is not valid"))?;
    if claims.sid != sid {
        return Err(ApiError::unauthorized("The access token is for another session"));
    }
    if !allow_expired && now_ms() >= claims.exp_ms {
        return Err(ApiError::expired());
    }
    Ok(())
}

// ---------------------------------------------------------------- helpers

fn load(state: &AppState, sid: &str) -> ApiResult<(Session, View)> {
    let conn = state.db.lock();
    let s = db::load_session(&conn, sid)?.ok_or_else(ApiError::no_session)?;
    let accepted = db::accepted_types(&conn, sid, s.round)?;
    let v = s.view(&accepted, now_ms());
    Ok((s, v))
}

async fn latency(s: &Session) {
    if s.mock.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(s.mock.latency_ms)).await;
    }
}

fn in_order(types: &[ImageType]) -> Vec<ImageType> {
    ImageType::ALL.into_iter().filter(|t| types.contains(t)).collect()
}

const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `{callback_url}?sessionId={sid}&state={state}`, keeping the callback's own
/// query (and fragment), both values percent-encoded. No `state` parameter
/// when the session has none.
pub(crate) fn redirect_url(callback: &str, sid: &str, state: Option<&str>) -> Option<String> {
    let mut url = url::Url::parse(callback).ok()?;
    let mut q = url.query().unwrap_or("").to_owned();
    if !q.is_empty() && !q.ends_with('&') {
        q.push('&');
    }
    q.push_str("sessionId=");
    q.extend(utf8_percent_encode(sid, QUERY_VALUE));
    if let Some(st) = state {
        q.push_str("&state=");
        q.extend(utf8_percent_encode(st, QUERY_VALUE));
    }
    url.set_query(Some(&q));
    Some(url.into())
}

fn session_url(state: &AppState, sid: &str, token: &str) -> String {
    format!("{}/#sid={sid}&t={token}", state.public_url)
}

fn json<T: serde::Serialize>(status: StatusCode, body: &T) -> Response {
    (status, Json(body)).into_response()
}

// ---------------------------------------------------------------- validation

/// `callback_url`: absolute https, or http on localhost, 127.0.0.1 or [::1].
pub(crate) fn validate_callback(s: &str) -> Result<(), String> {
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

/// An origin: `scheme://host[:port]`, http or https, nothing more.
pub(crate) fn validate_origin(s: &str) -> Result<(), String> {
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

// ---------------------------------------------------------------- create

pub(crate) fn create_session(
    state: &AppState,
    req: CreateSessionRequest,
) -> ApiResult<CreateSessionResponse> {
    fn bad(m: impl Into<String>) -> ApiError {
        ApiError::invalid_request(m)
    }
    if let Some(cb) = &req.callback_url {
        validate_callback(cb).map_err(bad)?;
    }
    if req.state.as_ref().is_some_and(|s| s.len() > 1024) {
        return Err(bad("state is longer than 1024 characters"));
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
    let max_attempts = req.max_attempts.unwrap_or(state.max_attempts);
    if !(1..=100).contains(&max_attempts) {
        return Err(bad("max_attempts must be between 1 and 100"));
    }
    let mock = req.mock_behavior.clone().unwrap_or_default();
    let processing_time_ms = match &mock.processing_time {
        Some(p) => kyc_contract::parse_duration_ms(p).ok_or_else(|| {
            bad("mock_behavior.processing_time must be a duration such as \"15s\", \"1m30s\" or \"250ms\"")
        })?,
        None => state.processing_time_ms,
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

    let now = now_ms();
    let sid = tokens::random_id("", 16);
    let start_token = tokens::new_start_token();
    let session = Session {
        id: sid.clone(),
        state: req.state.clone(),
        callback_url: req.callback_url.clone(),
        required_images: in_order(&required),
        created_at: now,
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
    };
    db::insert_session(&state.db.lock(), &session)?;
    let link = session_url(state, &sid, &start_token);
    Ok(CreateSessionResponse {
        session_id: sid,
        start_token,
        expiration: rfc3339(session.expires_at),
        missing_images: session.required_images.clone(),
        qr_svg: crate::qr::svg(&link),
        session_url: link,
    })
}

async fn create(State(state): St, headers: HeaderMap, Body(body): Body) -> ApiResult<Response> {
    require_api_key(&state, &headers)?;
    let req: CreateSessionRequest = parse_json(&body)?;
    let res = create_session(&state, req)?;
    Ok(json(StatusCode::CREATED, &res))
}

// ---------------------------------------------------------------- start

async fn start(State(state): St, P(sid): P<String>, Body(body): Body) -> ApiResult<Response> {
    let req: StartRequest = parse_json(&body)?;
    let (s, _) = load(&state, &sid)?;
    latency(&s).await;
    let now = now_ms();
    let hash = tokens::hash_token(&req.start_token);
    let mut conn = state.db.lock();
    let tx = conn.transaction()?;
    let mut s = db::load_session(&tx, &sid)?.ok_or_else(ApiError::no_session)?;
    let is_first = tokens::hash_eq(&hash, &s.start_token_hash);
    let is_handoff = s
        .handoff_token_hash
        .as_deref()
        .is_some_and(|h| tokens::hash_eq(&hash, h));
    if !is_first && !is_handoff {
        return Err(ApiError::unauthorized(
            "The start token is not valid for this session",
        ));
    }
    if now >= s.expires_at && s.processing_started_at.is_none() {
        return Err(ApiError::expired());
    }
    let used = ApiError::unauthorized("This link was already used on another device");
    if is_first {
        if s.device_id.is_some() {
            return Err(used);
        }
        s.device_id = Some(tokens::random_id("dev_", 12));
        s.started_at = Some(now);
    } else {
        if s.handoff_used {
            return Err(used);
        }
        if s.handoff_expires_at.is_some_and(|e| now >= e) {
            return Err(ApiError::unauthorized(
                "This handoff link has expired: make a new one",
            ));
        }
        s.handoff_used = true;
        if s.device_id.is_none() {
            s.device_id = Some(tokens::random_id("dev_", 12));
            s.started_at = Some(now);
        }
    }
    db::update_session(&tx, &s)?;
    let accepted = db::accepted_types(&tx, &sid, s.round)?;
    tx.commit()?;
    drop(conn);
    let v = s.view(&accepted, now);
    Ok(json(
        StatusCode::OK,
        &StartResponse {
            access_token: tokens::sign_access(&state.secret, &sid, s.expires_at),
            expires_at: rfc3339(s.expires_at),
            status: v.status,
            missing_images: v.missing_images,
            consent_required: s.consent_at.is_none(),
            allowed_origins: s.allowed_origins.clone(),
            locale: s.locale.clone(),
            theme: s.theme.clone(),
            attempts_left: v.attempts_left,
            handoff: is_handoff && !is_first,
        },
    ))
}

// ---------------------------------------------------------------- consent

fn consent_body(s: &Session) -> ConsentResponse {
    ConsentResponse {
        consent_granted: s.consent_at.is_some(),
        consent_date: s.consent_at.map(rfc3339),
    }
}

async fn consent_get(State(state): St, P(sid): P<String>, headers: HeaderMap) -> ApiResult<Response> {
    require_access(&state, &headers, &sid, false)?;
    let (s, _) = load(&state, &sid)?;
    latency(&s).await;
    Ok(json(StatusCode::OK, &consent_body(&s)))
}

async fn consent_post(
    State(state): St,
    P(sid): P<String>,
    headers: HeaderMap,
    Body(body): Body,
) -> ApiResult<Response> {
    require_access(&state, &headers, &sid, false)?;
    let req: ConsentRequest = parse_json(&body)?;
    let (s, v) = load(&state, &sid)?;
    latency(&s).await;
    if !req.granted {
        return Err(ApiError::invalid_request(
            "granted must be true: without consent the verification cannot go on",
        ));
    }
    if v.status == SessionStatus::Expired {
        return Err(ApiError::expired());
    }
    let conn = state.db.lock();
    let mut s = db::load_session(&conn, &sid)?.ok_or_else(ApiError::no_session)?;
    if s.consent_at.is_none() {
        s.consent_at = Some(now_ms());
        db::update_session(&conn, &s)?;
    }
    Ok(json(StatusCode::OK, &consent_body(&s)))
}

// ---------------------------------------------------------------- images (upload)

/// The state checks of an upload, in order.
fn upload_allowed(s: &Session, v: &View, image_type: ImageType) -> ApiResult<()> {
    match v.status {
        SessionStatus::Expired => return Err(ApiError::expired()),
        SessionStatus::Error => return Err(ApiError::attempt_limit()),
        SessionStatus::Processing | SessionStatus::Complete => return Err(ApiError::already_complete()),
        _ => {}
    }
    if s.consent_at.is_none() {
        return Err(ApiError::forbidden(
            "Consent has not been granted: POST /consent first",
        ));
    }
    if !s.required_images.contains(&image_type) {
        return Err(ApiError::invalid_request(format!(
            "image_type {} is not required by this session",
            image_type.as_str()
        )));
    }
    Ok(())
}

fn replay(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
        .into_response()
}

async fn add_image(
    State(state): St,
    P(sid): P<String>,
    headers: HeaderMap,
    Body(body): Body,
) -> ApiResult<Response> {
    require_access(&state, &headers, &sid, false)?;
    let req: AddImageRequest = parse_json(&body)?;
    drop(body);
    let image_type = req.image.image_type;
    let image_id = req.image.image_id.clone().filter(|s| !s.is_empty());
    if let Some(id) = &image_id {
        if id.len() > 128 || id.chars().any(|c| c.is_control()) {
            return Err(ApiError::invalid_request(
                "image_id must be at most 128 printable characters",
            ));
        }
    }
    let (s, _) = load(&state, &sid)?;
    latency(&s).await;

    // Phase 1: idempotent replay, state checks, simulated outage.
    let use_mock = {
        let conn = state.db.lock();
        let mut s = db::load_session(&conn, &sid)?.ok_or_else(ApiError::no_session)?;
        if let Some(id) = &image_id {
            if let Some((status, body)) = db::upload_record(&conn, &sid, id)? {
                return Ok(replay(status, body));
            }
        }
        let accepted = db::accepted_types(&conn, &sid, s.round)?;
        let v = s.view(&accepted, now_ms());
        upload_allowed(&s, &v, image_type)?;
        if s.fail_remaining > 0 {
            s.fail_remaining -= 1;
            db::update_session(&conn, &s)?;
            return Err(ApiError::unavailable(
                "Simulated outage (mock_behavior.fail_uploads): retry",
            ));
        }
        (s.feedback_cursor as usize) < s.mock.feedback.len()
    };

    // Phase 2, outside the lock: check and decode the JPEG; measure it unless mocked.
    if !matches!(req.image.format.to_ascii_lowercase().as_str(), "jpg" | "jpeg") {
        return Err(ApiError::invalid_image("format must be \"jpg\""));
    }
    let jpeg =
        crate::jpeg::decode_base64(&req.image.content).map_err(|e| ApiError::invalid_image(e.to_string()))?;
    let margins = req.image.capture_margins;
    let (jpeg, decoded, outcome) = tokio::task::spawn_blocking(move || {
        let decoded = crate::jpeg::decode_luma(&jpeg);
        let outcome = match (&decoded, use_mock) {
            (Ok((w, h, luma)), false) => Some(analysis::assess(*w, *h, luma.clone(), image_type, margins)),
            _ => None,
        };
        (
            jpeg,
            decoded.map(|(w, h, luma)| (w, h, if use_mock { luma } else { Vec::new() })),
            outcome,
        )
    })
    .await
    .map_err(ApiError::internal)?;
    let (w, h, luma) = decoded.map_err(|e| ApiError::invalid_image(e.to_string()))?;

    // Phase 3: decide and store, in one transaction.
    let now = now_ms();
    let mut conn = state.db.lock();
    let tx = conn.transaction()?;
    let mut s = db::load_session(&tx, &sid)?.ok_or_else(ApiError::no_session)?;
    if let Some(id) = &image_id {
        if let Some((status, body)) = db::upload_record(&tx, &sid, id)? {
            return Ok(replay(status, body));
        }
    }
    let accepted = db::accepted_types(&tx, &sid, s.round)?;
    let v = s.view(&accepted, now);
    upload_allowed(&s, &v, image_type)?;
    if v.status == SessionStatus::Recapture && s.round == 1 {
        // The first upload after a forced retry opens round 2.
        s.round = 2;
        s.recapture = s.recapture_list();
        s.processing_started_at = None;
    }
    let (feedback, custom_feedback) = if let Some(f) = s.mock.feedback.get(s.feedback_cursor as usize) {
        s.feedback_cursor += 1;
        (*f, None)
    } else {
        let o = match outcome {
            Some(o) => o,
            // The mocked sequence ran out meanwhile: measure now.
            None => analysis::assess(w, h, luma, image_type, margins),
        };
        (o.feedback, o.custom_feedback)
    };
    let rejected = !feedback.is_ok();
    let img_id = tokens::random_id("img_", 12);
    db::insert_image(
        &tx,
        &img_id,
        &sid,
        image_type,
        image_id.as_deref(),
        s.round,
        &jpeg,
        rejected,
        feedback.as_str(),
        now,
    )?;
    if rejected {
        s.rejected_count += 1;
        if s.rejected_count >= s.max_attempts {
            s.error_reason = Some(ATTEMPT_LIMIT.to_owned());
        }
    }
    let accepted = db::accepted_types(&tx, &sid, s.round)?;
    let missing: Vec<ImageType> = ImageType::ALL
        .into_iter()
        .filter(|t| s.needed(s.round).contains(t) && !accepted.contains(t))
        .collect();
    let complete = missing.is_empty() && s.error_reason.is_none();
    if complete && s.processing_started_at.is_none() {
        s.processing_started_at = Some(now);
    }
    db::update_session(&tx, &s)?;
    let res = AddImagesResponse {
        feedback,
        complete,
        missing_images: missing,
        custom_feedback,
        attempts_left: Some(s.attempts_left()),
    };
    let body = serde_json::to_string(&res)?;
    if let Some(id) = &image_id {
        db::put_upload_record(&tx, &sid, id, 200, &body, now)?;
    }
    tx.commit()?;
    Ok(replay(200, body))
}

// ---------------------------------------------------------------- status, handoff

async fn status(State(state): St, P(sid): P<String>, headers: HeaderMap) -> ApiResult<Response> {
    require_access(&state, &headers, &sid, true)?;
    let (s, _) = load(&state, &sid)?;
    latency(&s).await;
    let (s, v) = load(&state, &sid)?;
    let redirect = match (&s.callback_url, v.status.is_final()) {
        (Some(cb), true) => redirect_url(cb, &s.id, s.state.as_deref()),
        _ => None,
    };
    Ok(json(
        StatusCode::OK,
        &StatusResponse {
            status: v.status,
            missing_images: v.missing_images,
            expires_at: rfc3339(s.expires_at),
            attempts_left: v.attempts_left,
            error_reason: v.error_reason,
            redirect_url: redirect,
        },
    ))
}

async fn handoff(State(state): St, P(sid): P<String>, headers: HeaderMap) -> ApiResult<Response> {
    require_access(&state, &headers, &sid, false)?;
    let (s, _) = load(&state, &sid)?;
    latency(&s).await;
    let conn = state.db.lock();
    let mut s = db::load_session(&conn, &sid)?.ok_or_else(ApiError::no_session)?;
    let accepted = db::accepted_types(&conn, &sid, s.round)?;
    let now = now_ms();
    match s.view(&accepted, now).status {
        SessionStatus::Expired => return Err(ApiError::expired()),
        SessionStatus::Error => return Err(ApiError::attempt_limit()),
        SessionStatus::Processing | SessionStatus::Complete => return Err(ApiError::already_complete()),
        _ => {}
    }
    let token = tokens::new_start_token();
    let expires = (now + HANDOFF_TTL_MS).min(s.expires_at);
    s.handoff_token_hash = Some(tokens::hash_token(&token));
    s.handoff_expires_at = Some(expires);
    s.handoff_used = false;
    db::update_session(&conn, &s)?;
    drop(conn);
    let link = session_url(&state, &sid, &token);
    Ok(json(
        StatusCode::OK,
        &HandoffResponse {
            qr_svg: crate::qr::svg(&link),
            session_url: link,
            expires_at: rfc3339(expires),
        },
    ))
}

// ---------------------------------------------------------------- backend reads

fn check(rec: &str, reasons: &[&str]) -> Option<CheckResult> {
    Some(CheckResult {
        recommendation: rec.to_owned(),
        reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
    })
}

fn rec_str(r: Recommendation) -> &'static str {
    match r {
        Recommendation::Allow => "ALLOW",
        Recommendation::Challenge => "CHALLENGE",
        Recommendation::Deny => "DENY",
    }
}

/// The mocked checks: every check agrees with the recommendation's outcome.
fn mocked_checks(r: Recommendation, selfie: bool) -> SessionChecks {
    let ok = check("ALLOW", &[]);
    let bio = |c: Option<CheckResult>| if selfie { c } else { check("N/A", &[]) };
    match r {
        Recommendation::Allow => SessionChecks {
            document_validation: ok.clone(),
            document_authentication: ok.clone(),
            document_liveness: ok.clone(),
            biometric_matching: bio(ok.clone()),
            biometric_liveness: bio(ok.clone()),
            flagged_identity: ok.clone(),
            risk_recommendation: ok,
        },
        Recommendation::Challenge => SessionChecks {
            document_validation: ok.clone(),
            document_authentication: check("CHALLENGE", &["sandbox_mock_challenge"]),
            document_liveness: ok.clone(),
            biometric_matching: bio(ok.clone()),
            biometric_liveness: bio(ok.clone()),
            flagged_identity: ok,
            risk_recommendation: check("CHALLENGE", &["sandbox_mock_challenge"]),
        },
        Recommendation::Deny => SessionChecks {
            document_validation: ok.clone(),
            document_authentication: check("DENY", &["sandbox_mock_deny"]),
            document_liveness: ok.clone(),
            biometric_matching: bio(check("DENY", &["sandbox_mock_deny"])),
            biometric_liveness: bio(ok.clone()),
            flagged_identity: ok,
            risk_recommendation: check("DENY", &["sandbox_mock_deny"]),
        },
    }
}

async fn result(State(state): St, P(sid): P<String>, headers: HeaderMap) -> ApiResult<Response> {
    require_api_key(&state, &headers)?;
    let (s, v) = load(&state, &sid)?;
    if v.status != SessionStatus::Complete {
        let r = SessionResult::Incomplete(IncompleteSessionResult {
            session_id: s.id.clone(),
            status: v.status,
            error_reason: v.error_reason,
        });
        return Ok(json(StatusCode::OK, &r));
    }
    let images = db::list_images(&state.db.lock(), &sid)?;
    // The latest accepted image of each required type.
    let mut used = Vec::new();
    for t in &s.required_images {
        if let Some(img) = images.iter().rev().find(|i| i.image_type == *t && !i.rejected) {
            used.push(VerificationImage {
                id: img.id.clone(),
                image_type: *t,
            });
        }
    }
    let short: String = s.id.chars().take(8).collect::<String>().to_uppercase();
    let r = SessionResult::Complete(Box::new(CompleteSessionResult {
        session_id: s.id.clone(),
        status: SessionStatus::Complete,
        recommendation: s.recommendation,
        person: Person {
            full_name: Some("Alex Sample".into()),
            given_name: Some("Alex".into()),
            surname: Some("Sample".into()),
            gender: Some("other".into()),
            national_id: Some(format!("SBX{short}")),
            date_of_birth: Some("1990-01-01".into()),
        },
        document: Document {
            country: Some("US".into()),
            region: Some("CA".into()),
            document_type: Some("drivers_license".into()),
            number: Some(format!("D{short}")),
            expiration_date: Some("2031-12-31".into()),
        },
        checks: mocked_checks(s.recommendation, s.required_images.contains(&ImageType::Selfie)),
        verification_images: used,
        risk_details: None,
        additional_info: Some(serde_json::json!({
            "sandbox": true,
            "mock_recommendation": rec_str(s.recommendation),
            "completed_at": s.processing_started_at.map(|p| rfc3339(p + s.processing_time_ms)),
        })),
    }));
    Ok(json(StatusCode::OK, &r))
}

async fn images_list(State(state): St, P(sid): P<String>, headers: HeaderMap) -> ApiResult<Response> {
    require_api_key(&state, &headers)?;
    let conn = state.db.lock();
    db::load_session(&conn, &sid)?.ok_or_else(ApiError::no_session)?;
    let images = db::list_images(&conn, &sid)?;
    let body = SessionImagesResponse {
        session_images: images
            .into_iter()
            .map(|i| SessionImage {
                id: i.id,
                format: Some("jpg".into()),
                image_type: Some(i.image_type),
                rejected: i.rejected,
                original: true,
                original_id: None,
            })
            .collect(),
    };
    Ok(json(StatusCode::OK, &body))
}

async fn image_get(
    State(state): St,
    P((sid, id)): P<(String, String)>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    require_api_key(&state, &headers)?;
    let mut format = "raw".to_owned();
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        if k == "format" {
            format = v.into_owned();
        }
    }
    if format != "raw" && format != "base64" {
        return Err(ApiError::invalid_request("format must be raw or base64"));
    }
    let bytes = {
        let conn = state.db.lock();
        db::load_session(&conn, &sid)?.ok_or_else(ApiError::no_session)?;
        db::image_bytes(&conn, &sid, &id)?
            .ok_or_else(|| ApiError::not_found("No such image in this session"))?
    };
    if format == "raw" {
        Ok((
            [(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"))],
            bytes,
        )
            .into_response())
    } else {
        use base64::Engine;
        let content = base64::engine::general_purpose::STANDARD.encode(&bytes);
        Ok(json(
            StatusCode::OK,
            &serde_json::json!({ "id": id, "format": "base64", "content": content }),
        ))
    }
}

async fn delete_session(State(state): St, P(sid): P<String>, headers: HeaderMap) -> ApiResult<Response> {
    require_api_key(&state, &headers)?;
    if db::delete_session(&mut state.db.lock(), &sid)? {
        Ok(json(
            StatusCode::OK,
            &serde_json::json!({ "session_id": sid, "deleted": true }),
        ))
    } else {
        Err(ApiError::no_session())
    }
}

async fn list(State(state): St, headers: HeaderMap, RawQuery(query): RawQuery) -> ApiResult<Response> {
    require_api_key(&state, &headers)?;
    let (mut filter, mut limit, mut offset) = (None, 20u32, 0u64);
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "state" | "status" if !v.is_empty() => {
                filter = Some(SessionStatus::parse(&v).ok_or_else(|| {
                    ApiError::invalid_request(
                        "state must be one of pending, capturing, processing, recapture, complete, error, expired",
                    )
                })?)
            }
            "limit" => {
                limit = v
                    .parse()
                    .ok()
                    .filter(|l| (1..=100).contains(l))
                    .ok_or_else(|| ApiError::invalid_request("limit must be between 1 and 100"))?
            }
            "offset" => {
                offset = v.parse().map_err(|_| ApiError::invalid_request("offset must be a whole number"))?
            }
            _ => {}
        }
    }
    let now = now_ms();
    let conn = state.db.lock();
    let mut rows = Vec::new();
    for s in db::all_sessions(&conn)? {
        let accepted = db::accepted_types(&conn, &s.id, s.round)?;
        let v = s.view(&accepted, now);
        if filter.is_some_and(|f| f != v.status) {
            continue;
        }
        rows.push(SessionSummary {
            recommendation: (v.status == SessionStatus::Complete).then_some(s.recommendation),
            session_id: s.id,
            status: v.status,
            state: s.state,
            created_at: rfc3339(s.created_at),
            expiration: rfc3339(s.expires_at),
        });
    }
    drop(conn);
    let total = rows.len() as u64;
    let page = rows
        .into_iter()
        .skip(offset.min(usize::MAX as u64) as usize)
        .take(limit as usize)
        .collect();
    Ok(json(
        StatusCode::OK,
        &SessionListResponse {
            sessions: page,
            total_count: total,
            limit,
            offset,
        },
    ))
}

// ---------------------------------------------------------------- router

async fn api_not_found() -> ApiError {
    ApiError::not_found("No such API endpoint")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        kyc_contract::ErrorCode::InvalidRequest,
        "Method not allowed",
    )
}

pub(crate) fn router(state: Arc<AppState>) -> Router {
    let mut api = Router::new()
        .route("/api/v1/verification", post(create).get(list))
        .route("/api/v1/verification/{sid}", delete(delete_session))
        .route("/api/v1/verification/{sid}/start", post(start))
        .route(
            "/api/v1/verification/{sid}/consent",
            get(consent_get).post(consent_post),
        )
        .route(
            "/api/v1/verification/{sid}/images",
            post(add_image).get(images_list),
        )
        .route("/api/v1/verification/{sid}/images/{id}", get(image_get))
        .route("/api/v1/verification/{sid}/status", get(status))
        .route("/api/v1/verification/{sid}/handoff", post(handoff))
        .route("/api/v1/verification/{sid}/result", get(result))
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(limits::MAX_BODY_BYTES));
    if !state.allowed_origins.is_empty() {
        let origins: Vec<HeaderValue> = state
            .allowed_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        api = api.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
                .max_age(Duration::from_secs(600)),
        );
    }
    Router::new()
        .merge(api)
        .route("/", get(web::index))
        .route("/index.html", get(web::index))
        .route("/healthz", get(|| async { "ok" }))
        .route("/demo/callback", get(web::demo_callback))
        .fallback_service(ServeDir::new(&state.dist))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::headers_middleware,
        ))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_keeps_the_query_and_encodes() {
        assert_eq!(
            redirect_url("https://p.example/done?x=1#top", "abc", Some("a b&c=d/é")).unwrap(),
            "https://p.example/done?x=1&sessionId=abc&state=a%20b%26c%3Dd%2F%C3%A9#top"
        );
        assert_eq!(
            redirect_url("http://localhost:3000/cb", "abc", None).unwrap(),
            "http://localhost:3000/cb?sessionId=abc"
        );
    }

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
}
