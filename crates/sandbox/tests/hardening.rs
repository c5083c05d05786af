//! The service under hostile traffic, faults and operator mistakes, over real
//! HTTP: slow and half-open clients, connection and request caps, padded
//! JPEGs, bursts of large uploads, panicking handlers, inputs refused at start
//! (the built binary, run as a child process), private database files, the
//! page's Content-Security-Policy, and how the API key is passed and shown.
//!
//! The test holding a thousand half-open connections keeps both ends of each
//! in this process, so it raises its soft limit on open files to the hard limit.

mod common;

use std::time::{Duration, Instant};

use kyc_contract::ImageType;
use kyc_sandbox::server::Limits;
use kyc_sandbox::{Config, Service};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A service on an ephemeral port, served within `limits`.
struct Limited {
    addr: std::net::SocketAddr,
    api_key: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _tmp: tempfile::TempDir,
}

impl Limited {
    async fn start(limits: Limits) -> Limited {
        let tmp = tempfile::tempdir().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = Config::new(
            common::db_path(tmp.path()),
            tmp.path().join("dist"),
            format!("http://{addr}"),
        );
        config.processing_time_ms = 0;
        let service = Service::open(&config).unwrap();
        let api_key = service.new_api_key().unwrap().to_owned();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let handle = tokio::spawn(async move {
            service
                .serve_with(listener, &limits, async {
                    let _ = rx.await;
                })
                .await
        });
        Limited {
            addr,
            api_key,
            shutdown: Some(tx),
            handle: Some(handle),
            _tmp: tmp,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// `GET /healthz` on a new connection, `None` when no answer came within `within`.
    async fn healthz(&self, within: Duration) -> Option<reqwest::StatusCode> {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .timeout(within)
            .build()
            .unwrap();
        client
            .get(self.url("/healthz"))
            .send()
            .await
            .ok()
            .map(|r| r.status())
    }

    /// A connection that sent a request's headers with the API key and `sent` bytes of a
    /// body announced as `announced` bytes long, then went silent.
    async fn stalled_body(&self, sent: usize, announced: usize) -> TcpStream {
        let mut s = TcpStream::connect(self.addr).await.unwrap();
        let head = format!(
            "POST /api/v1/verification HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\n\
             Content-Type: application/json\r\nContent-Length: {announced}\r\n\r\n",
            self.addr, self.api_key
        );
        s.write_all(head.as_bytes()).await.unwrap();
        s.write_all(&vec![b' '; sent]).await.unwrap();
        s
    }

    async fn stop(mut self) {
        let _ = self.shutdown.take().unwrap().send(());
        self.handle.take().unwrap().await.unwrap().unwrap();
    }
}

/// Raises this process's soft limit on open files to the hard one: a test that
/// holds a thousand connections has both of their ends in this process.
fn raise_open_file_limit(needed: libc::rlim_t) {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read or write the struct they are given.
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) }, 0);
    if lim.rlim_cur < needed {
        lim.rlim_cur = lim.rlim_max;
        // SAFETY: as above.
        assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) }, 0);
    }
    assert!(
        lim.rlim_cur >= needed,
        "this test needs {needed} open files; the hard limit is {}",
        lim.rlim_max
    );
}

/// Reads until the peer closes (or resets) the connection; false when `deadline` passes first.
async fn closed_by_peer(s: &mut TcpStream, deadline: tokio::time::Instant) -> bool {
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

/// What the peer sends until it closes the connection or `within` passes (`None`: nothing).
async fn read_answer(s: &mut TcpStream, within: Duration) -> Option<String> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    while let Ok(Ok(n @ 1..)) = tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
        out.extend_from_slice(&buf[..n]);
    }
    (!out.is_empty()).then(|| String::from_utf8_lossy(&out).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_while_1000_half_open_connections_are_held_and_they_are_cut() {
    const HELD: usize = 1000;
    // Both ends of every connection live in this process.
    raise_open_file_limit(2 * HELD as libc::rlim_t + 200);
    let header_timeout = Duration::from_secs(2);
    let server = Limited::start(Limits {
        header_read_timeout: header_timeout,
        ..Limits::default()
    })
    .await;
    let mut held = Vec::with_capacity(HELD);
    for _ in 0..HELD {
        let mut s = TcpStream::connect(server.addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: sandb")
            .await
            .unwrap();
        held.push(s);
    }
    let opened = tokio::time::Instant::now();

    let asked = Instant::now();
    let status = server.healthz(Duration::from_secs(1)).await;
    assert_eq!(
        status,
        Some(reqwest::StatusCode::OK),
        "no answer to /healthz within a second while {HELD} half-open connections are held"
    );
    assert!(asked.elapsed() < Duration::from_secs(1));

    // The server cuts every one of them once the header-read timeout has passed.
    let deadline = opened + header_timeout + Duration::from_secs(3);
    let mut still_open = 0;
    for s in &mut held {
        if !closed_by_peer(s, deadline).await {
            still_open += 1;
        }
    }
    assert_eq!(
        still_open, 0,
        "half-open connections left open past the header-read timeout"
    );
    drop(held);
    server.stop().await;
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_for_a_free_slot() {
    let server = Limited::start(Limits {
        max_connections: 4,
        header_read_timeout: Duration::from_secs(30),
        ..Limits::default()
    })
    .await;
    assert_eq!(
        server.healthz(Duration::from_secs(2)).await,
        Some(reqwest::StatusCode::OK)
    );
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(TcpStream::connect(server.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        server.healthz(Duration::from_millis(500)).await,
        None,
        "a fifth connection was served beyond a cap of 4"
    );
    held.pop();
    assert_eq!(
        server.healthz(Duration::from_secs(3)).await,
        Some(reqwest::StatusCode::OK),
        "a freed slot was not given to the waiting connection"
    );
    drop(held);
    server.stop().await;
}

#[tokio::test]
async fn requests_beyond_the_in_flight_cap_answer_503_with_retry_after() {
    let server = Limited::start(Limits {
        max_requests_in_flight: 1,
        ..Limits::default()
    })
    .await;
    // One request in flight: its handler waits for the rest of the body.
    let slow = server.stalled_body(10, 100).await;
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(3);
    let res = loop {
        let res = client.get(server.url("/healthz")).send().await.unwrap();
        if res.status() != reqwest::StatusCode::OK || Instant::now() > deadline {
            break res;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(res.status(), reqwest::StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()["retry-after"], "1");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "unavailable", "{body}");
    // The slot comes back when the slow request ends.
    drop(slow);
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let res = client.get(server.url("/healthz")).send().await.unwrap();
        if res.status() == reqwest::StatusCode::OK {
            break;
        }
        assert!(Instant::now() < deadline, "the slot never came back");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn a_request_body_that_goes_silent_is_answered_and_not_held() {
    let server = Limited::start(Limits {
        body_idle_timeout: Duration::from_secs(1),
        ..Limits::default()
    })
    .await;
    let mut s = server.stalled_body(10, 1000).await;
    let answer = read_answer(&mut s, Duration::from_secs(4))
        .await
        .expect("no answer to a request whose body went silent");
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("\"error\":\"invalid_request\""), "{answer}");
    server.stop().await;
}

#[tokio::test]
async fn a_jpeg_padded_after_its_end_marker_is_refused_and_not_stored() {
    let srv = common::Server::start().await;
    let s = srv.session(serde_json::json!({})).await;
    let mut padded = common::sample(ImageType::DocumentFront).to_vec();
    padded.resize(padded.len() + 7 * 1000 * 1000, 0);
    let (status, v) = srv.upload(&s, ImageType::DocumentFront, &padded, None).await;
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["error"], "invalid_image", "{v}");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("7000000 bytes after its end-of-image marker"),
        "{v}"
    );
    assert!(srv.images(&s.sid).await.is_empty());
    srv.upload_ok(&s, ImageType::DocumentFront).await;
    srv.stop().await;
}

#[tokio::test]
async fn a_burst_of_large_uploads_decodes_at_most_one_image_per_core_at_a_time() {
    let srv = common::Server::start().await;
    let large = common::flat_jpeg(3840, 2160, 128);
    let mut sessions = Vec::new();
    for _ in 0..8 {
        sessions.push(srv.session(serde_json::json!({})).await);
    }
    let srv = std::sync::Arc::new(srv);
    let mut uploads = tokio::task::JoinSet::new();
    for i in 0..64 {
        let (srv, s, large) = (srv.clone(), sessions[i % 8].clone(), large.clone());
        uploads.spawn(async move {
            let id = format!("burst-{i}");
            srv.upload(&s, ImageType::DocumentFront, &large, Some(&id))
                .await
                .0
        });
    }
    while let Some(status) = uploads.join_next().await {
        let status = status.unwrap();
        // Decoded and measured (a flat picture is rejected), or refused for the attempt limit.
        assert!(
            status == reqwest::StatusCode::OK || status == reqwest::StatusCode::FORBIDDEN,
            "{status}"
        );
    }
    let peak = kyc_sandbox::jpeg::peak_concurrent_decodes();
    let slots = kyc_sandbox::jpeg::decode_slots();
    assert!(peak >= 1, "no decode was counted");
    assert!(peak <= slots, "{peak} decodes ran at once on {slots} slots");
    let Ok(srv) = std::sync::Arc::try_unwrap(srv) else {
        panic!("uploads still hold the server")
    };
    srv.stop().await;
}

async fn panics() -> &'static str {
    panic!("a handler bug")
}

#[tokio::test]
async fn a_panicking_handler_answers_500_and_the_server_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let config = Config::new(common::db_path(tmp.path()), tmp.path().join("dist"), base.clone());
    let service = Service::open(&config).unwrap();
    // The whole application plus a route that panics, served as the binary serves it.
    let app = service.router().route("/panics", axum::routing::get(panics));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        kyc_sandbox::server::serve(app, listener, &Limits::default(), async {
            let _ = rx.await;
        })
        .await
    });
    let client = reqwest::Client::new();
    for _ in 0..2 {
        let res = client.get(format!("{base}/panics")).send().await.unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(res.headers()["content-type"], "application/json");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(
            body,
            serde_json::json!({"error": "internal", "message": "Internal error"})
        );
        let res = client.get(format!("{base}/healthz")).send().await.unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::OK);
    }
    let _ = tx.send(());
    handle.await.unwrap().unwrap();
}

/// Runs the built `kyc-sandbox` serving on a free port with a database in `dir`, plus `args`;
/// its exit status and standard error, or `None` when it was still running after 20 s.
fn run_binary(dir: &std::path::Path, args: &[&str]) -> Option<(std::process::ExitStatus, String)> {
    use std::io::Read;
    let db = common::db_path(dir);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kyc-sandbox"))
        .args(["--addr", "127.0.0.1:0", "--no-demo", "--db"])
        .arg(&db)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    Some((status, stderr))
}

/// A folder holding a (minimal) built widget.
fn built_dist(dir: &std::path::Path) -> std::path::PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>w</title>").unwrap();
    dist
}

#[test]
fn a_public_url_too_long_for_a_qr_code_is_refused_at_start() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = built_dist(tmp.path());
    let url = format!("https://sandbox.example/{}", "p".repeat(3000));
    let (status, stderr) = run_binary(
        tmp.path(),
        &["--dist", dist.to_str().unwrap(), "--public-url", &url],
    )
    .expect("the service started with a public URL too long for a QR code");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--public-url"), "{stderr}");
    assert!(stderr.contains("too long for a QR code"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_dist_folder_without_index_html_is_refused_at_start() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("not-a-build");
    std::fs::create_dir_all(&empty).unwrap();
    let (status, stderr) = run_binary(tmp.path(), &["--dist", empty.to_str().unwrap()])
        .expect("the service started on a dist folder without index.html");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no index.html"), "{stderr}");
    assert!(stderr.contains("not-a-build"), "{stderr}");
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_its_folder_and_journal_files_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let srv = common::Server::start().await;
    // Writes, so that the write-ahead log and the shared-memory index exist.
    srv.session(serde_json::json!({})).await;
    let db = common::db_path(&srv.dir);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(db.parent().unwrap()), 0o700, "the database folder");
    assert_eq!(mode(&db), 0o600, "the database file");
    for suffix in ["-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    srv.stop().await;
}

/// The CSP hash source of an inline block's text.
fn sha256_source(text: &str) -> String {
    use sha2::Digest;
    format!("'sha256-{}'", common::b64(&sha2::Sha256::digest(text.as_bytes())))
}

#[tokio::test]
async fn a_non_ascii_script_attribute_in_index_html_is_served_with_its_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = tmp.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let script = "import init from '/w.js'; await init();";
    let index = format!(
        "<!doctype html><html><head><title>Vérification</title>\
         <script data-title=\"日本\" type=\"module\">{script}</script></head><body></body></html>"
    );
    std::fs::write(dist.join("index.html"), &index).unwrap();
    let srv = common::Server::start_in(tmp.path(), None, |_| {}).await;
    for path in ["/", "/healthz", "/index.html"] {
        let res = srv.client.get(srv.url(path)).send().await.unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::OK, "{path}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains(&sha256_source(script)), "{path}: {csp}");
    }
    srv.stop().await;
    drop(tmp);
}

/// The text of the `<style>` blocks of an HTML page.
fn style_blocks(html: &str) -> Vec<&str> {
    html.split("<style>")
        .skip(1)
        .map(|rest| rest.split("</style>").next().unwrap())
        .collect()
}

#[tokio::test]
async fn the_policy_allows_no_inline_styles_but_the_service_pages_own_block() {
    let srv = common::Server::start().await;
    for path in ["/", "/demo/callback?sessionId=s&state=x"] {
        let res = srv.client.get(srv.url(path)).send().await.unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::OK, "{path}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(!csp.contains("'unsafe-inline'"), "{csp}");
        let style_src = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("style-src "))
            .unwrap()
            .to_owned();
        let html = res.text().await.unwrap();
        assert!(
            !html.contains(" style="),
            "{path}: an inline style attribute: {html}"
        );
        let blocks = style_blocks(&html);
        assert_eq!(blocks.len(), 1, "{path}: {html}");
        assert_eq!(
            style_src,
            format!("style-src 'self' {}", sha256_source(blocks[0])),
            "{path}"
        );
    }
    srv.stop().await;
}

/// The built `kyc-sandbox` serving (database in `dir`), started with `args` and `envs`;
/// stopped when dropped.
struct Running {
    child: std::process::Child,
    /// What it printed up to "Ctrl-C to stop."
    out: String,
    base: String,
}

impl Running {
    fn start(dir: &std::path::Path, args: &[&str], envs: &[(&str, &str)]) -> Running {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kyc-sandbox"))
            .args(["--addr", "127.0.0.1:0", "--no-demo", "--db"])
            .arg(common::db_path(dir))
            .arg("--dist")
            .arg(built_dist(dir))
            .args(args)
            .env_remove("KYC_API_KEY")
            .env_remove("KYC_API_KEY_FILE")
            .envs(envs.iter().copied())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let mut out = String::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            out.push_str(&line);
            out.push('\n');
            if line.contains("Ctrl-C to stop.") {
                break;
            }
        }
        let base = out
            .lines()
            .find_map(|l| l.strip_prefix("kyc-sandbox listening on "))
            .unwrap_or_else(|| panic!("no address in {out}"))
            .trim()
            .to_owned();
        Running { child, out, base }
    }

    async fn list_status(&self, key: &str) -> reqwest::StatusCode {
        reqwest::Client::new()
            .get(format!("{}/api/v1/verification", self.base))
            .bearer_auth(key)
            .send()
            .await
            .unwrap()
            .status()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn a_generated_api_key_is_shown_once_and_never_on_later_starts() {
    let tmp = tempfile::tempdir().unwrap();
    let first = Running::start(tmp.path(), &[], &[]);
    let key = first
        .out
        .split_whitespace()
        .find(|w| w.starts_with("sbx_key_"))
        .unwrap_or_else(|| panic!("the generated key is not shown on the first start: {}", first.out))
        .to_owned();
    assert!(first.out.contains("shown only this once"), "{}", first.out);
    let webhook_secret = first
        .out
        .split_whitespace()
        .find(|w| w.starts_with("whsec_"))
        .unwrap_or_else(|| {
            panic!(
                "the generated webhook secret is not shown on the first start: {}",
                first.out
            )
        })
        .to_owned();
    drop(first);

    let second = Running::start(tmp.path(), &[], &[]);
    assert!(!second.out.contains(&key), "{}", second.out);
    assert!(!second.out.contains("sbx_key_"), "{}", second.out);
    assert!(!second.out.contains(&webhook_secret), "{}", second.out);
    assert!(!second.out.contains("whsec_"), "{}", second.out);
    assert!(second.out.contains("not shown again"), "{}", second.out);
    assert_eq!(second.list_status(&key).await, reqwest::StatusCode::OK);
}

#[tokio::test]
async fn the_api_key_comes_from_a_file_or_the_environment_and_is_not_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("api-key");
    std::fs::write(&file, "  key-from-a-file-7f3a\n").unwrap();
    let from_file = Running::start(tmp.path(), &["--api-key-file", file.to_str().unwrap()], &[]);
    assert!(!from_file.out.contains("key-from-a-file"), "{}", from_file.out);
    assert!(!from_file.out.contains("sbx_key_"), "{}", from_file.out);
    assert_eq!(
        from_file.list_status("key-from-a-file-7f3a").await,
        reqwest::StatusCode::OK
    );
    assert_eq!(
        from_file.list_status("another-key").await,
        reqwest::StatusCode::UNAUTHORIZED
    );
    drop(from_file);

    let from_env = Running::start(tmp.path(), &[], &[("KYC_API_KEY", "key-from-the-env-91c0")]);
    assert!(!from_env.out.contains("key-from-the-env"), "{}", from_env.out);
    assert_eq!(
        from_env.list_status("key-from-the-env-91c0").await,
        reqwest::StatusCode::OK
    );
    assert_eq!(
        from_env.list_status("key-from-a-file-7f3a").await,
        reqwest::StatusCode::UNAUTHORIZED
    );

    let empty = tmp.path().join("empty-key");
    std::fs::write(&empty, "\n").unwrap();
    let (status, stderr) = run_binary(
        tmp.path(),
        &[
            "--dist",
            built_dist(tmp.path()).to_str().unwrap(),
            "--api-key-file",
            empty.to_str().unwrap(),
        ],
    )
    .expect("the service started with an empty key file");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the file is empty"), "{stderr}");
}
