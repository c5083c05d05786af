//! The HTTP application: the API's routes (the widget's calls in
//! [`widget_api`], the partner backend's in [`backend_api`], who may call in
//! [`extract`]), CORS, and the widget's static files.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, delete, get, post};
use axum::{middleware, Json, Router};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::ApiError;
use crate::web;
use crate::AppState;

mod backend_api;
mod extract;
mod list_query;
mod liveness;
mod openapi;
mod rate;
mod widget_api;

pub(crate) use backend_api::create_session;

/// The API's routes: the router serves them, the OpenAPI document describes them.
pub(crate) mod paths {
    pub const SESSIONS: &str = "/api/v1/verification";
    pub const SESSION: &str = "/api/v1/verification/{sid}";
    pub const START: &str = "/api/v1/verification/{sid}/start";
    pub const CONSENT: &str = "/api/v1/verification/{sid}/consent";
    pub const IMAGES: &str = "/api/v1/verification/{sid}/images";
    pub const IMAGE: &str = "/api/v1/verification/{sid}/images/{id}";
    pub const STATUS: &str = "/api/v1/verification/{sid}/status";
    pub const HANDOFF: &str = "/api/v1/verification/{sid}/handoff";
    pub const LIVENESS: &str = "/api/v1/verification/{sid}/liveness";
    pub const RESULT: &str = "/api/v1/verification/{sid}/result";
    pub const WEBHOOKS: &str = "/api/v1/verification/{sid}/webhooks";
    pub const OPENAPI: &str = "/api/v1/openapi.json";
}

fn json<T: serde::Serialize>(status: StatusCode, body: &T) -> Response {
    (status, Json(body)).into_response()
}

/// The session link `{public_url}/#sid=..&t=..` for a start token.
fn session_url(state: &AppState, sid: &str, token: &str) -> String {
    format!("{}/#sid={sid}&t={token}", state.public_url)
}

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
    use backend_api::{create, delete_session, image_get, images_list, list, result, webhooks};
    use widget_api::{add_image, consent_get, consent_post, handoff, start, status};
    let mut api =
        Router::new()
            .route(paths::SESSIONS, post(create).get(list))
            .route(paths::SESSION, delete(delete_session))
            .route(paths::START, post(start))
            .route(paths::CONSENT, get(consent_get).post(consent_post))
            .route(paths::IMAGES, post(add_image).get(images_list))
            .route(paths::IMAGE, get(image_get))
            .route(paths::STATUS, get(status))
            .route(paths::HANDOFF, post(handoff))
            .route(paths::LIVENESS, post(liveness::try_liveness))
            .route(paths::RESULT, get(result))
            .route(paths::WEBHOOKS, get(webhooks))
            .route(
                paths::OPENAPI,
                get(|State(state): State<Arc<AppState>>| async move {
                    Json(openapi::document(&state.public_url))
                }),
            )
            .route("/api", any(api_not_found))
            .route("/api/{*rest}", any(api_not_found))
            .method_not_allowed_fallback(method_not_allowed)
            .layer(middleware::from_fn_with_state(state.clone(), rate::auth_failures));
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
        .fallback_service(web::static_files(&state.dist))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::headers_middleware,
        ))
        .with_state(state)
}
