//! The rate limit on failed authentication, per client address: an address
//! that sent too many wrong credentials (API key, access token, start token:
//! every 401) gets 429 on every API call until its bucket refills, its
//! credentials unchecked. The per-session limits are taken by the upload and
//! status handlers.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::AppState;

/// The caller's address; without connection info (a server that does not
/// record it) every caller shares one address.
fn client_ip(req: &Request) -> IpAddr {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

pub(super) async fn auth_failures(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let ip = client_ip(&req);
    let failures = &state.rates.auth_failures;
    if let Err(wait) = failures.check(&ip) {
        return ApiError::rate_limited(wait).into_response();
    }
    let res = next.run(req).await;
    if res.status() == StatusCode::UNAUTHORIZED {
        // Counted; the next call is refused once the bucket is empty.
        let _ = failures.take(&ip);
    }
    res
}
