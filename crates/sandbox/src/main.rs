//! `kyc-sandbox`: the sandbox verification service (see `docs/API.md`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use kyc_contract::{CreateSessionRequest, ImageType, MockBehavior};
use kyc_sandbox::server::{self, Limits};
use kyc_sandbox::{Config, Service};

#[derive(Parser)]
#[command(
    name = "kyc-sandbox",
    version,
    about = "Sandbox verification service for the kyc-widget"
)]
struct Cli {
    #[command(flatten)]
    opts: Opts,
    #[command(subcommand)]
    cmd: Option<Cmd>,
}

#[derive(Args)]
struct Opts {
    /// Address to listen on (use 0.0.0.0:8080 to reach it from a phone on the same network).
    #[arg(long, env = "KYC_ADDR", default_value = "127.0.0.1:8080", global = true)]
    addr: SocketAddr,
    /// The SQLite database file (its folder is created).
    #[arg(long, env = "KYC_DB", default_value = ".data/sandbox.sqlite", global = true)]
    db: PathBuf,
    /// The built widget (Trunk's dist folder); one given here must hold an index.html
    /// [default: dist, where a missing widget is served as a page saying how to build it].
    #[arg(long, env = "KYC_DIST", global = true)]
    dist: Option<PathBuf>,
    /// Base URL of session links [default: http://{addr}].
    #[arg(long, env = "KYC_PUBLIC_URL", global = true)]
    public_url: Option<String>,
    /// API key for the backend calls; on the command line it shows in the process list, so
    /// prefer --api-key-file or the environment [default: generated on the first start, shown
    /// that once; the database keeps only its SHA-256].
    #[arg(long, env = "KYC_API_KEY", global = true, hide_env_values = true)]
    api_key: Option<String>,
    /// A file holding the API key (surrounding whitespace ignored).
    #[arg(long, env = "KYC_API_KEY_FILE", global = true, conflicts_with = "api_key")]
    api_key_file: Option<PathBuf>,
    /// The file of the secrets that sign access tokens and webhooks (owner-only, 0600; kept out of
    /// the database so that a copy of it forges nothing) [default: the database's path plus
    /// ".secrets"].
    #[arg(long, env = "KYC_SECRETS_FILE", global = true)]
    secrets_file: Option<PathBuf>,
    /// An origin allowed to embed the widget and call the API (repeatable; env: comma-separated).
    #[arg(
        long = "allowed-origin",
        env = "KYC_ALLOWED_ORIGINS",
        value_delimiter = ',',
        global = true
    )]
    allowed_origins: Vec<String>,
    /// Default processing time of sessions ("3s", "1m30s").
    #[arg(long, env = "KYC_PROCESSING_TIME", default_value = "3s", global = true)]
    processing_time: String,
    /// Default number of rejected uploads after which a session becomes invalid.
    #[arg(long, env = "KYC_MAX_ATTEMPTS", default_value_t = 5, global = true)]
    max_attempts: u32,
    /// Time for a request's headers to arrive; also how long a kept-alive connection may idle.
    #[arg(long, env = "KYC_HEADER_READ_TIMEOUT", default_value = "10s", global = true)]
    header_read_timeout: String,
    /// Longest silence while a request body is read.
    #[arg(long, env = "KYC_BODY_IDLE_TIMEOUT", default_value = "20s", global = true)]
    body_idle_timeout: String,
    /// Connections open at once (further ones wait).
    #[arg(long, env = "KYC_MAX_CONNECTIONS", default_value_t = 1024, global = true)]
    max_connections: usize,
    /// Requests handled at once (further ones answer 503 with Retry-After).
    #[arg(
        long,
        env = "KYC_MAX_REQUESTS_IN_FLIGHT",
        default_value_t = 256,
        global = true
    )]
    max_requests_in_flight: usize,
    /// Where sessions created without a webhook_url post their signed events.
    #[arg(long, env = "KYC_WEBHOOK_URL", global = true)]
    webhook_url: Option<String>,
    /// The secret that signs webhooks [default: generated on the first start, kept in the secrets file].
    #[arg(long, env = "KYC_WEBHOOK_SECRET", global = true, hide_env_values = true)]
    webhook_secret: Option<String>,
    /// The wait after a failed webhook delivery, doubled after each further failure.
    #[arg(long, env = "KYC_WEBHOOK_RETRY", default_value = "1s", global = true)]
    webhook_retry: String,
    /// Do not create the demo session at startup.
    #[arg(long, global = true)]
    no_demo: bool,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the service (the default).
    Serve,
    /// Create a session in the database and print its link and QR code.
    CreateSession {
        /// Where the customer goes at the end (https, or http on localhost).
        #[arg(long)]
        callback_url: Option<String>,
        /// Opaque value returned on the callback URL.
        #[arg(long)]
        state: Option<String>,
        /// Comma-separated: document_front,document_back,selfie.
        #[arg(long, value_delimiter = ',')]
        required_images: Vec<String>,
        /// mock_behavior as JSON, e.g. '{"force_retry":true,"processing_time":"5s"}'.
        #[arg(long)]
        mock_json: Option<String>,
    },
    /// Write a good synthetic JPEG (for the API walk-through).
    #[command(hide = true)]
    SampleJpeg {
        /// document_front, document_back, document or selfie.
        kind: String,
        /// Output file.
        out: PathBuf,
    },
}

fn config(o: &Opts) -> anyhow::Result<Config> {
    let public_url = o
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", o.addr));
    let dist = o.dist.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_DIST));
    let mut c = Config::new(&o.db, dist, public_url);
    c.secrets_file = o.secrets_file.clone();
    c.api_key = match &o.api_key_file {
        Some(path) => {
            let key = std::fs::read_to_string(path)
                .with_context(|| format!("--api-key-file {}", path.display()))?;
            anyhow::ensure!(
                !key.trim().is_empty(),
                "--api-key-file {}: the file is empty",
                path.display()
            );
            Some(key.trim().to_owned())
        }
        None => o.api_key.clone(),
    };
    c.allowed_origins = o
        .allowed_origins
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    c.processing_time_ms = kyc_contract::parse_duration_ms(&o.processing_time)
        .context("--processing-time must be a duration such as 3s or 1m30s")?;
    c.max_attempts = o.max_attempts;
    c.webhook_url = o.webhook_url.clone().filter(|u| !u.trim().is_empty());
    c.webhook_secret = o.webhook_secret.clone();
    c.webhook_retry.base_ms = kyc_contract::parse_duration_ms(&o.webhook_retry)
        .filter(|ms| *ms > 0)
        .context("--webhook-retry must be a duration such as 1s")?;
    anyhow::ensure!(
        (1..=100).contains(&c.max_attempts),
        "--max-attempts must be between 1 and 100"
    );
    Ok(c)
}

/// Where the widget is looked for when `--dist` is not given.
const DEFAULT_DIST: &str = "dist";

fn limits(o: &Opts) -> anyhow::Result<Limits> {
    let duration = |flag: &str, v: &str| -> anyhow::Result<Duration> {
        match kyc_contract::parse_duration_ms(v) {
            Some(ms) if ms > 0 => Ok(Duration::from_millis(ms)),
            _ => anyhow::bail!("--{flag} must be a duration such as 10s or 1m"),
        }
    };
    anyhow::ensure!(o.max_connections > 0, "--max-connections must be at least 1");
    anyhow::ensure!(
        o.max_requests_in_flight > 0,
        "--max-requests-in-flight must be at least 1"
    );
    let mut limits = Limits {
        header_read_timeout: duration("header-read-timeout", &o.header_read_timeout)?,
        body_idle_timeout: duration("body-idle-timeout", &o.body_idle_timeout)?,
        max_connections: o.max_connections,
        max_requests_in_flight: o.max_requests_in_flight,
    };
    // Every connection and every request in flight (a static file being sent) holds a
    // file descriptor; the database, the listener and the rest need a few more.
    if let Some(fds) = server::raise_fd_limit() {
        let budget = fds.saturating_sub(server::FDS_RESERVED);
        if limits.max_connections + limits.max_requests_in_flight > budget {
            limits.max_requests_in_flight = limits.max_requests_in_flight.min(budget / 4).max(1);
            limits.max_connections = budget.saturating_sub(limits.max_requests_in_flight).max(1);
            println!(
                "  note:            only {fds} open files allowed (ulimit -n): at most {} connections \
                 and {} requests in flight",
                limits.max_connections, limits.max_requests_in_flight
            );
        }
    }
    Ok(limits)
}

/// What to say about the API key: the key itself only when it was just generated.
fn api_key_line(service: &Service, config: &Config) -> String {
    if let Some(key) = service.new_api_key() {
        format!("{key}  (generated now and shown only this once: keep it)")
    } else if config.api_key.is_some() {
        "as given".to_owned()
    } else {
        "the one generated on the first start (only its hash is kept, not shown again)".to_owned()
    }
}

/// What to say about the webhook signing secret: the secret itself only when it was just
/// generated, and where webhooks go.
fn webhook_secret_line(service: &Service, config: &Config) -> String {
    let secret = if service.webhook_secret_is_new() {
        format!(
            "{}  (generated now and shown only this once: it verifies the Kyc-Signature of webhooks)",
            String::from_utf8_lossy(service.webhook_secret())
        )
    } else if config.webhook_secret.is_some() {
        "as given".to_owned()
    } else {
        "the one generated on the first start (kept in the secrets file, not shown again)".to_owned()
    };
    match &config.webhook_url {
        Some(w) => format!("{secret}; webhooks posted to {w}"),
        None => secret,
    }
}

fn print_link(title: &str, url: &str) {
    println!("\n{title}\n  {url}\n");
    println!("{}", kyc_sandbox::qr::terminal(url));
}

fn create_and_print(service: &Service, req: CreateSessionRequest, title: &str) -> anyhow::Result<()> {
    let res = service
        .create_session(req)
        .map_err(|e| anyhow::anyhow!("{}", e.message))?;
    print_link(title, &res.session_url);
    println!(
        "  session_id: {}\n  expires:    {}",
        res.session_id, res.expiration
    );
    Ok(())
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli).await {
        eprintln!("kyc-sandbox: {e:#}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.cmd.unwrap_or(Cmd::Serve) {
        Cmd::SampleJpeg { kind, out } => {
            let (t, w, h) = match kind.as_str() {
                "document" | "document_front" => (ImageType::DocumentFront, 1280, 720),
                "document_back" => (ImageType::DocumentBack, 1280, 720),
                "selfie" => (ImageType::Selfie, 720, 960),
                other => anyhow::bail!("unknown kind {other}: use document or selfie"),
            };
            let seed = if t == ImageType::DocumentBack { 2 } else { 1 };
            std::fs::write(&out, kyc_sandbox::sample_jpeg(t, w, h, seed))
                .with_context(|| format!("writing {}", out.display()))?;
            println!("wrote {} ({w}x{h})", out.display());
            Ok(())
        }
        Cmd::CreateSession {
            callback_url,
            state,
            required_images,
            mock_json,
        } => {
            let config = config(&cli.opts)?;
            let service = Service::open(&config)?;
            if service.new_api_key().is_some() {
                println!("api key: {}", api_key_line(&service, &config));
            }
            let required = if required_images.is_empty() {
                None
            } else {
                let mut v = Vec::new();
                for s in &required_images {
                    v.push(ImageType::parse(s.trim()).with_context(|| format!("unknown image type {s}"))?);
                }
                Some(v)
            };
            let mock: Option<MockBehavior> = match mock_json {
                Some(j) => {
                    Some(serde_json::from_str(&j).context("--mock-json is not a valid mock_behavior")?)
                }
                None => None,
            };
            let req = CreateSessionRequest {
                callback_url,
                state,
                required_images: required,
                mock_behavior: mock,
                ..Default::default()
            };
            create_and_print(
                &service,
                req,
                "Session link (single use: it binds the session to the first device):",
            )
        }
        Cmd::Serve => serve(cli.opts).await,
    }
}

async fn serve(opts: Opts) -> anyhow::Result<()> {
    let config = config(&opts)?;
    let built = config.dist.join("index.html").is_file();
    if let (Some(dist), false) = (&opts.dist, built) {
        anyhow::bail!(
            "--dist {}: no index.html there; point it at a built widget \
             (scripts/build-widget builds one into {DEFAULT_DIST}/)",
            dist.display()
        );
    }
    let service = Service::open(&config)?;
    let limits = limits(&opts)?;
    let listener = tokio::net::TcpListener::bind(opts.addr)
        .await
        .with_context(|| format!("listening on {}", opts.addr))?;
    let url = service.public_url().to_owned();
    println!("kyc-sandbox listening on http://{}", listener.local_addr()?);
    println!("  widget and API:  {url}/  (API under {url}/api/v1/verification)");
    println!("  database:        {}", config.db_path.display());
    let secrets_file = config
        .secrets_file
        .clone()
        .unwrap_or_else(|| kyc_sandbox::secrets::default_path(&config.db_path));
    println!("  secrets file:    {}", secrets_file.display());
    println!("  api key:         {}", api_key_line(&service, &config));
    println!("  webhook secret:  {}", webhook_secret_line(&service, &config));
    if !built {
        println!(
            "  note:            {} has no index.html: build the widget with scripts/build-widget",
            config.dist.display()
        );
    }
    if !opts.no_demo {
        let req = CreateSessionRequest {
            callback_url: Some(format!("{url}/demo/callback")),
            state: Some("demo".into()),
            ..Default::default()
        };
        create_and_print(
            &service,
            req,
            "Demo session: open this link (single use) or scan the QR code:",
        )?;
        println!(
            "\n  On a phone on the same network: run with --addr 0.0.0.0:8080 --public-url http://<LAN-IP>:8080\n  \
             and scan the code. Browsers allow the camera only on https or localhost, so over plain http\n  \
             on a phone use the widget's upload button, or put the service behind an https tunnel and pass\n  \
             its address as --public-url."
        );
    }
    println!("\nCtrl-C to stop.");
    service.serve_with(listener, &limits, shutdown_signal()).await
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(t) => t,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
