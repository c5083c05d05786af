//! The partner backend's calls, every one with the API key: create a session,
//! list sessions, read a session's result and images, delete a session.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kyc_contract::{
    CreateSessionRequest, CreateSessionResponse, IncompleteSessionResult, SessionImage,
    SessionImagesResponse, SessionListResponse, SessionResult, SessionStatus, SessionSummary,
};

use super::extract::{load, parse_json, ApiKey, Body, PathParams};
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
    let NewSession { session, start_token } =
        Session::create(req, state.max_attempts, state.processing_time_ms, now_ms())?;
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
    let r = SessionResult::Complete(Box::new(complete_result(&s, &images)));
    Ok(json(StatusCode::OK, &r))
}

pub(super) async fn images_list(
    State(state): State<Arc<AppState>>,
    _: ApiKey,
    PathParams(sid): PathParams<String>,
) -> ApiResult<Response> {
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

pub(super) async fn delete_session(
    State(state): State<Arc<AppState>>,
    _: ApiKey,
    PathParams(sid): PathParams<String>,
) -> ApiResult<Response> {
    if db::delete_session(&mut state.db.lock(), &sid)? {
        Ok(json(
            StatusCode::OK,
            &serde_json::json!({ "session_id": sid, "deleted": true }),
        ))
    } else {
        Err(ApiError::no_session())
    }
}

/// `?state=&limit=&offset=` of the session list.
struct ListQuery {
    status: Option<SessionStatus>,
    limit: u32,
    offset: u64,
}

fn list_query(query: Option<String>) -> ApiResult<ListQuery> {
    let mut q = ListQuery {
        status: None,
        limit: 20,
        offset: 0,
    };
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "state" | "status" if !v.is_empty() => {
                q.status = Some(SessionStatus::parse(&v).ok_or_else(|| {
                    ApiError::invalid_request(
                        "state must be one of pending, capturing, processing, recapture, complete, error, expired",
                    )
                })?)
            }
            "limit" => {
                q.limit = v
                    .parse()
                    .ok()
                    .filter(|l| (1..=100).contains(l))
                    .ok_or_else(|| ApiError::invalid_request("limit must be between 1 and 100"))?
            }
            "offset" => {
                q.offset = v.parse().map_err(|_| ApiError::invalid_request("offset must be a whole number"))?
            }
            _ => {}
        }
    }
    Ok(q)
}

pub(super) async fn list(
    State(state): State<Arc<AppState>>,
    _: ApiKey,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let ListQuery {
        status: filter,
        limit,
        offset,
    } = list_query(query)?;
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
