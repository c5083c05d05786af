//! The widget's calls: start, consent, image upload, status, handoff. Each
//! loads the session, asks the session model for the transition, and stores
//! the result.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kyc_contract::{
    AddImageRequest, ConsentRequest, ConsentResponse, HandoffResponse, ImageDto, StartRequest, StartResponse,
    StatusResponse,
};

use super::extract::{live, load_after_latency, parse_json, Body, PathParams, StatusSession, WidgetSession};
use super::{json, session_url};
use crate::analysis::{self, Outcome};
use crate::clock::{now_ms, rfc3339};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::limits::{IMAGE_BODY_BYTES, WIDGET_JSON_BODY_BYTES};
use crate::session::{quality_figures, redirect_url, Admission, AttemptRow, Session, StartLink};
use crate::tokens;
use crate::AppState;

pub(super) async fn start(
    State(state): State<Arc<AppState>>,
    PathParams(sid): PathParams<String>,
    Body(body): Body<WIDGET_JSON_BODY_BYTES>,
) -> ApiResult<Response> {
    let req: StartRequest = parse_json(&body)?;
    load_after_latency(&state, &sid).await?;
    let now = now_ms();
    let mut conn = state.db.lock();
    let tx = conn.transaction()?;
    let mut s = live(db::load_session(&tx, &sid)?)?;
    let link = s.bind_device(&tokens::hash_token(&req.start_token), now)?;
    db::update_session(&tx, &s)?;
    let accepted = db::accepted_types(&tx, &sid, s.round)?;
    tx.commit()?;
    drop(conn);
    let v = s.view(&accepted, now);
    let liveness = s.liveness_state();
    Ok(json(
        StatusCode::OK,
        &StartResponse {
            access_token: tokens::sign_access(&state.token_secret, &sid, s.expires_at),
            expires_at: rfc3339(s.expires_at),
            status: v.status,
            missing_images: v.missing_images,
            consent_required: s.consent_at.is_none(),
            allowed_origins: s.allowed_origins,
            locale: s.locale,
            theme: s.theme,
            attempts_left: v.attempts_left,
            handoff: link == StartLink::Handoff,
            liveness,
        },
    ))
}

fn consent_body(s: &Session) -> ConsentResponse {
    ConsentResponse {
        consent_granted: s.consent_at.is_some(),
        consent_date: s.consent_at.map(rfc3339),
    }
}

pub(super) async fn consent_get(call: WidgetSession) -> ApiResult<Response> {
    Ok(json(StatusCode::OK, &consent_body(&call.session)))
}

pub(super) async fn consent_post(
    State(state): State<Arc<AppState>>,
    call: WidgetSession,
    Body(body): Body<WIDGET_JSON_BODY_BYTES>,
) -> ApiResult<Response> {
    let req: ConsentRequest = parse_json(&body)?;
    if !req.granted {
        return Err(ApiError::invalid_request(
            "granted must be true: without consent the verification cannot go on",
        ));
    }
    let sid = &call.session.id;
    let conn = state.db.lock();
    let mut s = live(db::load_session(&conn, sid)?)?;
    let accepted = db::accepted_types(&conn, sid, s.round)?;
    if s.grant_consent(&accepted, now_ms())? {
        db::update_session(&conn, &s)?;
    }
    Ok(json(StatusCode::OK, &consent_body(&s)))
}

/// An upload's stored answer (a retry with the same `image_id` gets it again).
pub(super) fn replay(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
        .into_response()
}

/// An upload's JPEG, decoded to luma, and measured unless its feedback is mocked.
struct DecodedUpload {
    jpeg: Vec<u8>,
    width: u32,
    height: u32,
    /// Kept only when not measured yet.
    luma: Vec<u8>,
    outcome: Option<Outcome>,
}

/// Checks and decodes the JPEG, off the async threads (400 `invalid_image`).
async fn decode(state: &AppState, image: &ImageDto, mocked: bool) -> ApiResult<DecodedUpload> {
    if !matches!(image.format.to_ascii_lowercase().as_str(), "jpg" | "jpeg") {
        return Err(ApiError::invalid_image("format must be \"jpg\""));
    }
    let jpeg =
        crate::jpeg::decode_base64(&image.content).map_err(|e| ApiError::invalid_image(e.to_string()))?;
    let (image_type, margins) = (image.image_type, image.capture_margins);
    state.images_decoded.fetch_add(1, Ordering::Relaxed);
    tokio::task::spawn_blocking(move || {
        let (width, height, luma) =
            crate::jpeg::decode_luma(&jpeg).map_err(|e| ApiError::invalid_image(e.to_string()))?;
        if mocked {
            return Ok(DecodedUpload {
                jpeg,
                width,
                height,
                luma,
                outcome: None,
            });
        }
        let outcome = analysis::assess(width, height, luma, image_type, margins);
        Ok(DecodedUpload {
            jpeg,
            width,
            height,
            luma: Vec::new(),
            outcome: Some(outcome),
        })
    })
    .await
    .map_err(ApiError::internal)?
}

pub(super) async fn add_image(
    State(state): State<Arc<AppState>>,
    call: WidgetSession,
    Body(body): Body<IMAGE_BODY_BYTES>,
) -> ApiResult<Response> {
    let req: AddImageRequest = parse_json(&body)?;
    drop(body);
    let sid = call.session.id;
    state.rates.uploads.take(&sid)?;
    let image_type = req.image.image_type;
    let image_id = req.image.image_id.clone().filter(|s| !s.is_empty());
    if let Some(id) = &image_id {
        if id.len() > 128 || id.chars().any(|c| c.is_control()) {
            return Err(ApiError::invalid_request(
                "image_id must be at most 128 printable characters",
            ));
        }
    }

    // One upload of this session at a time, from admission to the stored answer.
    let _turn = state.upload_turns.wait(&sid).await;
    // Before decoding: a retry gets its stored answer; admit or refuse.
    let mocked = {
        let conn = state.db.lock();
        let mut s = live(db::load_session(&conn, &sid)?)?;
        if let Some(id) = &image_id {
            if let Some((status, body)) = db::upload_record(&conn, &sid, id)? {
                return Ok(replay(status, body));
            }
        }
        let accepted = db::accepted_types(&conn, &sid, s.round)?;
        match s.admit_upload(&accepted, now_ms(), image_type)? {
            Admission::SimulatedOutage => {
                db::update_session(&conn, &s)?;
                return Err(ApiError::unavailable(
                    "Simulated outage (mock_behavior.fail_uploads): retry",
                ));
            }
            Admission::Admitted { mocked } => mocked,
        }
    };

    // Outside the database lock (the session's turn still held): the slow part.
    let margins = req.image.capture_margins;
    let upload = decode(&state, &req.image, mocked).await?;

    // Decide and store, in one transaction.
    let now = now_ms();
    let mut conn = state.db.lock();
    let tx = conn.transaction()?;
    let mut s = live(db::load_session(&tx, &sid)?)?;
    if let Some(id) = &image_id {
        if let Some((status, body)) = db::upload_record(&tx, &sid, id)? {
            return Ok(replay(status, body));
        }
    }
    let accepted = db::accepted_types(&tx, &sid, s.round)?;
    let DecodedUpload {
        jpeg,
        width,
        height,
        luma,
        outcome,
    } = upload;
    // The mocked sequence may have run out meanwhile: then measure now.
    let (mut metrics, mut faces) = (None, vec![]);
    let res = s.accept_upload(&accepted, now, image_type, || {
        let o = outcome.unwrap_or_else(|| analysis::assess(width, height, luma, image_type, margins));
        metrics = o.metrics;
        faces = o.faces.clone();
        o
    })?;
    let stored_id = tokens::random_id("img_", 12);
    db::attempts::insert(
        &tx,
        &sid,
        &AttemptRow {
            image_id: stored_id.clone(),
            image_type,
            round: s.round,
            feedback: res.feedback,
            custom_feedback: res.custom_feedback.clone(),
            quality: quality_figures(width, height, metrics.as_ref()),
            device_info: req.device_info,
            faces,
            created_at: now,
        },
    )?;
    let dropped = db::store_image(
        &tx,
        &stored_id,
        &sid,
        image_type,
        image_id.as_deref(),
        s.round,
        &jpeg,
        !res.feedback.is_ok(),
        res.feedback.as_str(),
        now,
    )?;
    let notices = s.upload_notices(image_type, &res, now);
    crate::webhooks::queue(&tx, &s, notices, now)?;
    db::update_session(&tx, &s)?;
    let body = serde_json::to_string(&res)?;
    if let Some(id) = &image_id {
        db::put_upload_record(&tx, &sid, id, 200, &body, now)?;
    }
    tx.commit()?;
    // A replaced or dropped picture leaves the log too, as a deleted session does. The
    // upload is stored either way, so its answer stands; a failed checkpoint is logged (the
    // next one, or SQLite's own, takes the bytes out).
    if dropped {
        if let Err(e) = db::erase_deleted(&conn) {
            eprintln!("kyc-sandbox: erasing a dropped picture from the log: {e}");
        }
    }
    Ok(replay(200, body))
}

pub(super) async fn status(State(state): State<Arc<AppState>>, call: StatusSession) -> ApiResult<Response> {
    let WidgetSession { session: s, view: v } = call;
    state.rates.status_polls.take(&s.id)?;
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
            liveness: s.liveness_state(),
        },
    ))
}

pub(super) async fn handoff(State(state): State<Arc<AppState>>, call: WidgetSession) -> ApiResult<Response> {
    let sid = &call.session.id;
    let link = {
        let conn = state.db.lock();
        let mut s = live(db::load_session(&conn, sid)?)?;
        let accepted = db::accepted_types(&conn, sid, s.round)?;
        let link = s.issue_handoff(&accepted, now_ms())?;
        db::update_session(&conn, &s)?;
        link
    };
    let url = session_url(&state, sid, &link.token);
    Ok(json(
        StatusCode::OK,
        &HandoffResponse {
            qr_svg: crate::qr::svg(&url),
            session_url: url,
            expires_at: rfc3339(link.expires_at),
        },
    ))
}
