//! The accept loop, built for hostile clients: HTTP/1.1 connections with a
//! header-read timeout (which also closes kept-alive connections left idle),
//! an idle timeout while reading request bodies, a cap on open connections
//! and one on requests in flight, a panic in a handler answered as the
//! contract's JSON 500 (the service is built with unwinding: `--profile service`),
//! and graceful shutdown.

use std::any::Any;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::ApiError;

/// How much the server lets clients hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Time for a request's headers to arrive, counted from when the
    /// connection waits for them (so also how long a kept-alive connection may idle).
    pub header_read_timeout: Duration,
    /// Longest silence while a request body is read; then the request fails with a 400.
    pub body_idle_timeout: Duration,
    /// Connections open at once; further ones wait in the listen backlog.
    pub max_connections: usize,
    /// Requests handled at once; further ones answer 503 with `Retry-After`.
    pub max_requests_in_flight: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            body_idle_timeout: Duration::from_secs(20),
            max_connections: 1024,
            max_requests_in_flight: 256,
        }
    }
}

/// How long shutdown waits for connections still busy.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` within `limits` until `shutdown` resolves.
pub async fn serve(
    app: Router,
    listener: TcpListener,
    limits: &Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        limits.max_connections > 0 && limits.max_requests_in_flight > 0,
        "the connection and request caps must be at least 1"
    );
    let in_flight = Arc::new(Semaphore::new(limits.max_requests_in_flight));
    let app = app
        .layer(RequestBodyTimeoutLayer::new(limits.body_idle_timeout))
        .layer(middleware::from_fn_with_state(in_flight, cap_in_flight))
        .layer(CatchPanicLayer::custom(answer_panic));
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => permit?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors or a connection reset before accept: wait a little.
                    if !is_connection_error(&e) {
                        eprintln!("kyc-sandbox: accept: {e}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Nagle's delay only slows small answers down.
        let _ = stream.set_nodelay(true);
        // The client's address, for the limits counted per address.
        let app = app.clone().layer(Extension(ConnectInfo(peer)));
        let conn = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A client that goes away or times out is not the server's error.
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!("kyc-sandbox: connections still busy after {SHUTDOWN_GRACE:?}: stopping anyway");
    }
    Ok(())
}

fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(e.kind(), ConnectionRefused | ConnectionAborted | ConnectionReset)
}

async fn cap_in_flight(State(slots): State<Arc<Semaphore>>, req: Request, next: Next) -> Response {
    let Ok(_slot) = slots.try_acquire_owned() else {
        let mut res = ApiError::unavailable("The service is busy: retry in a moment").into_response();
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return res;
    };
    next.run(req).await
}

fn answer_panic(payload: Box<dyn Any + Send + 'static>) -> Response {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned());
    let mut res = ApiError::internal(format!("handler panicked: {what}")).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// File descriptors kept for the database, the listener and standard streams.
pub const FDS_RESERVED: usize = 64;

/// Raises the soft limit on open files to the hard one; the limit now in force.
#[cfg(unix)]
pub fn raise_fd_limit() -> Option<usize> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read or write the struct they are given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
        return None;
    }
    if lim.rlim_cur < lim.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: lim.rlim_max,
            rlim_max: lim.rlim_max,
        };
        // SAFETY: as above.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            lim = raised;
        }
    }
    Some(usize::try_from(lim.rlim_cur).unwrap_or(usize::MAX))
}

#[cfg(not(unix))]
pub fn raise_fd_limit() -> Option<usize> {
    None
}
