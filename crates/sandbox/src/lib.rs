//! The sandbox verification service: every endpoint of the session contract
//! (`CONTRACT.md`), SQLite persistence, mock outcomes, and the widget's
//! static files. `docs/API.md` describes the API.
//!
//! The binary (`src/main.rs`) parses flags into a [`Config`], opens a
//! [`Service`] and calls [`Service::serve`]; the tests do the same on an
//! ephemeral port.

use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use kyc_contract::{CreateSessionRequest, CreateSessionResponse};

pub mod analysis;
mod clock;
mod db;
pub mod error;
mod http;
pub mod jpeg;
pub mod limits;
mod private_file;
pub mod qr;
mod retention;
pub mod secrets;
pub mod server;
mod session;
pub mod tokens;
pub mod web;
pub mod webhooks;

pub use error::ApiError;

/// Everything the service can be configured with (the binary's flags).
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite file (created with its parent directory).
    pub db_path: PathBuf,
    /// The secrets file; `None`: beside the database ([`secrets::default_path`]).
    pub secrets_file: Option<PathBuf>,
    /// The built widget (`index.html`, js, wasm, css).
    pub dist: PathBuf,
    /// The base of session links, without a trailing slash (`http://127.0.0.1:8080`).
    pub public_url: String,
    /// The API key; `None`: the one whose hash is stored in the database, generated on first use.
    pub api_key: Option<String>,
    /// Origins allowed to embed the widget (CSP `frame-ancestors`) and to call the API (CORS).
    pub allowed_origins: Vec<String>,
    /// Default `processing_time` of sessions, in milliseconds.
    pub processing_time_ms: u64,
    /// Default `max_attempts` of sessions.
    pub max_attempts: u32,
    /// Rate limits.
    pub limits: limits::Limits,
    /// The webhook URL of sessions created without one.
    pub webhook_url: Option<String>,
    /// The webhook signing secret; `None`: the one in the secrets file, generated on first use.
    pub webhook_secret: Option<String>,
    /// How webhook deliveries are retried.
    pub webhook_retry: webhooks::Retry,
    /// How often the sessions whose `time_to_live` passed are looked for.
    pub retention_sweep: std::time::Duration,
}

impl Config {
    /// Defaults for a database and dist folder; the public URL must still be set.
    pub fn new(
        db_path: impl Into<PathBuf>,
        dist: impl Into<PathBuf>,
        public_url: impl Into<String>,
    ) -> Config {
        Config {
            db_path: db_path.into(),
            secrets_file: None,
            dist: dist.into(),
            public_url: public_url.into(),
            api_key: None,
            allowed_origins: vec![],
            processing_time_ms: 3_000,
            max_attempts: 5,
            limits: limits::Limits::default(),
            webhook_url: None,
            webhook_secret: None,
            webhook_retry: webhooks::Retry::default(),
            retention_sweep: std::time::Duration::from_secs(60),
        }
    }
}

/// Shared state of the handlers.
pub(crate) struct AppState {
    pub db: db::Db,
    /// Signs access tokens.
    pub token_secret: Vec<u8>,
    /// The SHA-256 of the API key.
    pub api_key_hash: Vec<u8>,
    pub public_url: String,
    pub dist: PathBuf,
    pub csp: web::Csp,
    pub allowed_origins: Vec<String>,
    pub processing_time_ms: u64,
    pub max_attempts: u32,
    /// Uploaded images decoded since the service opened.
    pub images_decoded: AtomicU64,
    /// Each session's uploads, one at a time.
    pub upload_turns: session::UploadTurns,
    /// Rate limits.
    pub rates: limits::Rates,
    /// The webhook URL of sessions created without one.
    pub webhook_url: Option<String>,
    /// Signs webhook requests.
    pub webhook_secret: Vec<u8>,
    pub webhook_retry: webhooks::Retry,
    pub retention_sweep: std::time::Duration,
}

/// A configured service, its database open.
#[derive(Clone)]
pub struct Service {
    state: Arc<AppState>,
    /// The API key when this `open` generated it (the one time to show it).
    new_api_key: Option<String>,
    /// Whether this `open` generated the webhook secret (the one time to show it).
    webhook_secret_is_new: bool,
}

impl Service {
    /// Opens the database and the secrets file, and loads (or creates) the API key and the secrets.
    pub fn open(config: &Config) -> anyhow::Result<Service> {
        for o in &config.allowed_origins {
            session::validate_origin(o).map_err(|m| anyhow::anyhow!("--allowed-origin: {m}"))?;
        }
        url::Url::parse(&config.public_url).context("--public-url must be an absolute URL")?;
        qr::check_fits(&config.public_url).map_err(|m| anyhow::anyhow!("--public-url: {m}"))?;
        if let Some(w) = &config.webhook_url {
            session::validate_webhook_url(w).map_err(|m| anyhow::anyhow!("--webhook-url: {m}"))?;
        }
        let db = db::Db::open(&config.db_path)?;
        let secrets_file = match &config.secrets_file {
            Some(path) => path.clone(),
            None => secrets::default_path(&config.db_path),
        };
        let given_webhook_secret = config
            .webhook_secret
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty());
        let secrets = secrets::load(&secrets_file, &db, given_webhook_secret.map(str::as_bytes))?;
        let given_api_key = config.api_key.as_deref().map(str::trim).filter(|k| !k.is_empty());
        let (api_key_hash, new_api_key) = secrets::api_key_hash(&db, given_api_key)?;
        let state = AppState {
            db,
            token_secret: secrets.token_secret,
            api_key_hash,
            public_url: config.public_url.trim_end_matches('/').to_owned(),
            dist: config.dist.clone(),
            csp: web::Csp::new(&config.dist, config.allowed_origins.clone()),
            allowed_origins: config.allowed_origins.clone(),
            processing_time_ms: config.processing_time_ms,
            max_attempts: config.max_attempts,
            images_decoded: AtomicU64::new(0),
            upload_turns: session::UploadTurns::default(),
            rates: limits::Rates::new(config.limits),
            webhook_url: config.webhook_url.clone(),
            webhook_secret: secrets.webhook_secret,
            webhook_retry: config.webhook_retry,
            retention_sweep: config.retention_sweep,
        };
        Ok(Service {
            state: Arc::new(state),
            new_api_key,
            webhook_secret_is_new: secrets.webhook_secret_is_new,
        })
    }

    /// The API key that guards the backend calls, when this `open` generated
    /// it: the one time it is known (only its hash is kept).
    pub fn new_api_key(&self) -> Option<&str> {
        self.new_api_key.as_deref()
    }

    /// The secret that signs webhook requests (`Kyc-Signature`).
    pub fn webhook_secret(&self) -> &[u8] {
        &self.state.webhook_secret
    }

    /// Whether this `open` generated the webhook secret (the one time to show it).
    pub fn webhook_secret_is_new(&self) -> bool {
        self.webhook_secret_is_new
    }

    /// How many uploaded images were decoded since the service opened.
    pub fn images_decoded(&self) -> u64 {
        self.state.images_decoded.load(Ordering::Relaxed)
    }

    /// The base of session links.
    pub fn public_url(&self) -> &str {
        &self.state.public_url
    }

    /// Creates a session exactly as `POST /api/v1/verification` does.
    pub fn create_session(&self, req: CreateSessionRequest) -> Result<CreateSessionResponse, ApiError> {
        http::create_session(&self.state, &req)
    }

    /// The whole HTTP application.
    pub fn router(&self) -> Router {
        http::router(self.state.clone())
    }

    /// Serves until `shutdown` resolves, within the default [`server::Limits`].
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        self.serve_with(listener, &server::Limits::default(), shutdown)
            .await
    }

    /// Serves until `shutdown` resolves, within `limits`, delivering webhooks and
    /// sweeping for expired retention meanwhile.
    pub async fn serve_with(
        self,
        listener: tokio::net::TcpListener,
        limits: &server::Limits,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let worker = tokio::spawn(webhooks::run(self.state.clone()));
        let sweeper = tokio::spawn(retention::run(self.state.clone(), self.state.retention_sweep));
        let served = server::serve(self.router(), listener, limits, shutdown).await;
        worker.abort();
        sweeper.abort();
        served
    }
}

/// A good synthetic JPEG (`document` card or `selfie`), as the tests and the
/// API walk-through upload.
pub fn sample_jpeg(image_type: kyc_contract::ImageType, width: u32, height: u32, seed: u64) -> Vec<u8> {
    analysis::sample_jpeg(image_type, width, height, seed)
}
