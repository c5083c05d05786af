//! The HTTP application: the API's routes (the widget's calls in
//! [`widget_api`], the partner backend's in [`backend_api`], who may call in
//! [`extract`]), CORS, and the widget's static files.

use std::sync::Arc;
use std::time::Duration;

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
mod rate;
mod widget_api;

pub(crate) use backend_api::create_session;

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
        .route("/api/v1/verification/{sid}/webhooks", get(webhooks))
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
