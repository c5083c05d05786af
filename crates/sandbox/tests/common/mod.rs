//! Test harness: a real `kyc-sandbox` on an ephemeral port with a real SQLite
//! file in a temp dir, driven over real HTTP.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use base64::Engine;
use kyc_contract::{CreateSessionResponse, ImageType, StartResponse};
use kyc_sandbox::{Config, Service};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub struct Server {
    pub base: String,
    pub api_key: String,
    pub client: reqwest::Client,
    pub dir: PathBuf,
    /// The running service (shares its state with the server).
    pub service: Service,
    tmp: Option<tempfile::TempDir>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

/// A started session as the widget holds it.
#[derive(Clone, Debug)]
pub struct Sess {
    pub sid: String,
    pub token: String,
}

pub fn db_path(dir: &Path) -> PathBuf {
    dir.join("data").join("sandbox.sqlite")
}

impl Server {
    pub async fn start() -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_owned();
        Server::start_in(&dir, Some(tmp), |_| {}).await
    }

    pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_owned();
        Server::start_in(&dir, Some(tmp), tweak).await
    }

    /// Starts on `dir` (database at `dir/data/sandbox.sqlite`, widget at `dir/dist`).
    pub async fn start_in(
        dir: &Path,
        tmp: Option<tempfile::TempDir>,
        tweak: impl FnOnce(&mut Config),
    ) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut config = Config::new(db_path(dir), dir.join("dist"), base.clone());
        config.processing_time_ms = 0;
        tweak(&mut config);
        let service = Service::open(&config).unwrap();
        // Known when generated now or given; a restart keeps the caller's ([`Server::restart_in`]).
        let api_key = service
            .new_api_key()
            .map(str::to_owned)
            .or(config.api_key)
            .unwrap_or_default();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let handle = tokio::spawn(service.clone().serve(listener, async {
            let _ = rx.await;
        }));
        Server {
            base,
            api_key,
            client: reqwest::Client::new(),
            dir: dir.to_owned(),
            service,
            tmp,
            shutdown: Some(tx),
            handle: Some(handle),
        }
    }

    /// Starts again on `dir`, whose API key (generated on the first start) is `api_key`.
    pub async fn restart_in(dir: &Path, tmp: Option<tempfile::TempDir>, api_key: &str) -> Server {
        let mut srv = Server::start_in(dir, tmp, |_| {}).await;
        assert_eq!(srv.api_key, "", "a restart generated a new API key");
        srv.api_key = api_key.to_owned();
        srv
    }

    /// Stops the server and hands back its temp dir (so the database survives).
    pub async fn stop(mut self) -> Option<tempfile::TempDir> {
        let _ = self.shutdown.take().unwrap().send(());
        drop(std::mem::take(&mut self.client));
        self.handle.take().unwrap().await.unwrap().unwrap();
        self.tmp.take()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn api(&self, sid: &str, rest: &str) -> String {
        format!("{}/api/v1/verification/{sid}{rest}", self.base)
    }

    /// Any request; the answer's status and JSON body (Null when not JSON).
    pub async fn call(
        &self,
        method: Method,
        url: &str,
        bearer: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut rb = self.client.request(method, url);
        if let Some(b) = bearer {
            rb = rb.bearer_auth(b);
        }
        if let Some(body) = body {
            rb = rb.json(&body);
        }
        let res = rb.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn raw(
        &self,
        method: Method,
        url: &str,
        bearer: Option<&str>,
        body: Vec<u8>,
    ) -> (StatusCode, Value) {
        let mut rb = self
            .client
            .request(method, url)
            .header("content-type", "application/json")
            .body(body);
        if let Some(b) = bearer {
            rb = rb.bearer_auth(b);
        }
        let res = rb.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn create_raw(&self, body: Value) -> (StatusCode, Value) {
        let url = self.url("/api/v1/verification");
        self.call(Method::POST, &url, Some(&self.api_key.clone()), Some(body))
            .await
    }

    pub async fn create(&self, body: Value) -> CreateSessionResponse {
        let (st, v) = self.create_raw(body).await;
        assert_eq!(st, StatusCode::CREATED, "{v}");
        serde_json::from_value(v).unwrap()
    }

    pub async fn start_raw(&self, sid: &str, start_token: &str) -> (StatusCode, Value) {
        let url = self.api(sid, "/start");
        self.call(
            Method::POST,
            &url,
            None,
            Some(json!({ "start_token": start_token, "device_info": {"type": "mobile"} })),
        )
        .await
    }

    pub async fn start_session(&self, sid: &str, start_token: &str) -> (Sess, StartResponse) {
        let (st, v) = self.start_raw(sid, start_token).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        let r: StartResponse = serde_json::from_value(v).unwrap();
        (
            Sess {
                sid: sid.to_owned(),
                token: r.access_token.clone(),
            },
            r,
        )
    }

    /// Create + start + consent.
    pub async fn session(&self, body: Value) -> Sess {
        let c = self.create(body).await;
        let (s, _) = self.start_session(&c.session_id, &c.start_token).await;
        self.consent(&s).await;
        s
    }

    /// Grants consent (and asserts the service took it).
    pub async fn consent(&self, s: &Sess) {
        let (st, v) = self
            .call(
                Method::POST,
                &self.api(&s.sid, "/consent"),
                Some(&s.token),
                Some(json!({"granted": true})),
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
    }

    pub async fn status(&self, s: &Sess) -> Value {
        let (st, v) = self
            .call(Method::GET, &self.api(&s.sid, "/status"), Some(&s.token), None)
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
        v
    }

    pub async fn upload_body(&self, s: &Sess, body: Value) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            &self.api(&s.sid, "/images"),
            Some(&s.token),
            Some(body),
        )
        .await
    }

    pub async fn upload(
        &self,
        s: &Sess,
        t: ImageType,
        jpeg: &[u8],
        image_id: Option<&str>,
    ) -> (StatusCode, Value) {
        self.upload_body(s, image_body(t, jpeg, image_id)).await
    }

    /// Uploads the good sample of `t` and expects `ok`.
    pub async fn upload_ok(&self, s: &Sess, t: ImageType) -> Value {
        let (st, v) = self.upload(s, t, sample(t), None).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        assert_eq!(v["feedback"], "ok", "{v}");
        v
    }

    pub async fn images(&self, sid: &str) -> Vec<Value> {
        let (st, v) = self
            .call(
                Method::GET,
                &self.api(sid, "/images"),
                Some(&self.api_key.clone()),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
        v["session_images"].as_array().unwrap().clone()
    }

    pub async fn result(&self, sid: &str) -> Value {
        let (st, v) = self
            .call(
                Method::GET,
                &self.api(sid, "/result"),
                Some(&self.api_key.clone()),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
        v
    }
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn image_body(t: ImageType, jpeg: &[u8], image_id: Option<&str>) -> Value {
    let mut image = json!({ "format": "jpg", "image_type": t.as_str(), "content": b64(jpeg) });
    if let Some(id) = image_id {
        image["image_id"] = json!(id);
    }
    json!({ "image": image, "device_info": { "type": "mobile", "os": "Android" } })
}

/// A good synthetic JPEG of each kind (document 1280x720, selfie 720x960), made once.
pub fn sample(t: ImageType) -> &'static [u8] {
    static DOC: OnceLock<Vec<u8>> = OnceLock::new();
    static BACK: OnceLock<Vec<u8>> = OnceLock::new();
    static SELFIE: OnceLock<Vec<u8>> = OnceLock::new();
    match t {
        ImageType::DocumentFront => DOC.get_or_init(|| kyc_sandbox::sample_jpeg(t, 1280, 720, 1)),
        ImageType::DocumentBack => BACK.get_or_init(|| kyc_sandbox::sample_jpeg(t, 1280, 720, 2)),
        ImageType::Selfie => SELFIE.get_or_init(|| kyc_sandbox::sample_jpeg(t, 720, 960, 3)),
    }
}

/// A JPEG of `w`x`h` with a flat gray (a valid JPEG that the analysis rejects or not; the
/// dimensions are what matter).
pub fn flat_jpeg(w: u32, h: u32, value: u8) -> Vec<u8> {
    let img = image::GrayImage::from_pixel(w, h, image::Luma([value]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::GrayImage::from_pixel(w, h, image::Luma([128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A real JPEG whose frame header (SOF0) is patched to claim `w`x`h`.
pub fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut b = flat_jpeg(16, 16, 100);
    let sof = b
        .windows(2)
        .position(|p| p == [0xFF, 0xC0])
        .expect("baseline JPEG has SOF0");
    // FFC0, length (2), precision (1), height (2), width (2).
    b[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    b[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    b
}

pub fn all_types() -> [ImageType; 3] {
    ImageType::ALL
}

/// The bytes of the database file and of its write-ahead log.
pub fn database_bytes(dir: &Path) -> Vec<u8> {
    let db = db_path(dir);
    let mut bytes = std::fs::read(&db).unwrap();
    if let Ok(wal) = std::fs::read(format!("{}-wal", db.display())) {
        bytes.extend(wal);
    }
    bytes
}

/// True when `needle` (not empty) occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// A good sample JPEG carrying `pattern` in a comment segment right after its start marker.
pub fn jpeg_marked(t: ImageType, pattern: &[u8]) -> Vec<u8> {
    let jpeg = sample(t);
    let len = u16::try_from(pattern.len() + 2).unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xFE]);
    out.extend(len.to_be_bytes());
    out.extend(pattern);
    out.extend(&jpeg[2..]);
    out
}
