//! The partner backend's calls, every one with the API key: create a session,
//! list sessions, read a session's result and images, delete a session.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kyc_contract::{
    CreateSessionRequest, CreateSessionResponse, DeleteSessionResponse, ImageContent,
    IncompleteSessionResult, SessionImage, SessionImagesResponse, SessionListResponse, SessionResult,
    SessionStatus, SessionSummary, WebhookDeliveriesResponse,
};

use super::extract::{live, parse_json, ApiKey, Body, PathParams};
use super::{json, session_url};
use crate::clock::{now_ms, rfc3339};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::limits::CREATE_BODY_BYTES;
use crate::session::{complete_result, NewSession, Session};
use crate::AppState;

/// Creates, stores and links a session, as `POST /api/v1/verification` does.
pub(crate) fn create_session(
    state: &AppState,
    req: &CreateSessionRequest,
) -> ApiResult<CreateSessionResponse> {
    let mut req = req.clone();
    if req.webhook_url.is_none() {
        req.webhook_url = state.webhook_url.clone();
    }
    let NewSession { session, start_token } =
        Session::create(&req, state.max_attempts, state.processing_time_ms, now_ms())?;
    db::insert_session(&state.db.lock(), &session)?;
    let link = session_url(state, &session.id, &start_token);
    Ok(CreateSessionResponse {
        start_token,
        expiration: rfc3339(session.expires_at),
        missing_images: session.required_images,
        qr_svg: crate::qr::svg(&link),
        session_url: link,
        session_id: session.id,
    })
}

pub(super) async fn create(
    State(state): State<Arc<AppState>>,
    _: ApiKey,
    Body(body): Body<CREATE_BODY_BYTES>,
) -> ApiResult<Response> {
    let req: CreateSessionRequest = parse_json(&body)?;
    let res = create_session(&state, &req)?;
    Ok(json(StatusCode::CREATED, &res))
}

pub(super) async fn result(
    State(state): State<Arc<AppState>>,
    _: ApiKey,
    PathParams(sid): PathParams<String>,
) -> ApiResult<Response> {
    let now = now_ms();
    let conn = state.db.lock();
    let s = live(db::load_session(&conn, &sid)?)?;
    let v = s.view(&db::accepted_types(&conn, &sid, s.round)?, now);
    let latest_try = db::liveness::latest(&conn, &sid)?;
    let details = s.details(&v, &db::attempts::list(&conn, &sid)?, latest_try.as_ref(), now);
    let r = if v.status == SessionStatus::Complete {
        let images = db::list_images(&conn, &sid)?;
        SessionResult::Complete(Box::new(complete_result(&s, &images, details)))
    } else {
        SessionResult::Incomplete(Box::new(IncompleteSessionResult {
            session_id: s.id.clone(),
            status: v.status,
            error_reason: v.error_reason,
            details,
        }))
    };
    drop(conn);
    Ok(json(StatusCode::OK, &r))
}

pub(super) async fn images_list(
    State(state): State<Arc<AppState>>,
    _: ApiKey,
    PathParams(sid): PathParams<String>,
) -> ApiResult<Response> {
    let conn = state.db.lock();
    live(db::load_session(&conn, &sid)?)?;
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

pub(super) async fn image_get(
    State(state): State<Arc<AppState>>,
    _: ApiKey,
    PathParams((sid, id)): PathParams<(String, String)>,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
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
        live(db::load_session(&conn, &sid)?)?;
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
            &ImageContent {
                id,
                format: "base64".into(),
                content,
            },
        ))
    }
}

pub(super) async fn delete_session(
    State(state): State<Arc<AppState>>,
    _: ApiKey,
    PathParams(sid): PathParams<String>,
) -> ApiResult<Response> {
    let mut conn = state.db.lock();
    if let Some(s) = db::load_session(&conn, &sid)? {
        let now = now_ms();
        let notice = s.cancel_notice(now);
        crate::webhooks::queue(&conn, &s, notice.into_iter().collect(), now)?;
    }
    if db::delete_session(&mut conn, &sid)? {
        Ok(json(
            StatusCode::OK,
            &DeleteSessionResponse {
                session_id: sid,
                deleted: true,
            },
        ))
    } else {
        Err(ApiError::no_session())
    }
}

pub(super) async fn list(
    State(state): State<Arc<AppState>>,
    _: ApiKey,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let q = super::list_query::parse(query.as_deref())?;
    let now = now_ms();
    let (sessions, total_count) = db::list::page(&state.db.lock(), &q, now)?;
    let rows = sessions
        .into_iter()
        .map(|s| {
            let status = s.view(&[], now).status;
            SessionSummary {
                recommendation: (status == SessionStatus::Complete).then_some(s.recommendation),
                completed_at: s.completed_at(now).map(rfc3339),
                updated_at: rfc3339(s.updated_at),
                created_at: rfc3339(s.created_at),
                expiration: rfc3339(s.expires_at),
                session_id: s.id,
                status,
                state: s.state,
                external_user_id: s.external_user_id,
            }
        })
        .collect();
    Ok(json(
        StatusCode::OK,
        &SessionListResponse {
            sessions: rows,
            total_count,
            limit: q.limit,
            offset: q.offset,
        },
    ))
}

pub(super) async fn webhooks(
    State(state): State<Arc<AppState>>,
    _: ApiKey,
    PathParams(sid): PathParams<String>,
) -> ApiResult<Response> {
    let conn = state.db.lock();
    // The log outlives a deleted session, not one whose time_to_live passed.
    match db::load_session(&conn, &sid)? {
        None if !db::outbox::has_events(&conn, &sid)? => return Err(ApiError::no_session()),
        None => {}
        tombstone_or_live => drop(live(tombstone_or_live)?),
    }
    let deliveries = db::outbox::deliveries(&conn, &sid)?;
    drop(conn);
    Ok(json(StatusCode::OK, &WebhookDeliveriesResponse { deliveries }))
}
