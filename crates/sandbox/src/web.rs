//! The widget's static files, security headers, the demo callback page.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::extract::{RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::services::{ServeDir, ServeFile};

use crate::AppState;

/// `'sha256-...'` sources for every inline `<script>` block (one without a
/// `src` attribute) of an HTML page, in document order, hashing the exact
/// text between the tags as CSP does.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(start) = lower[pos..].find("<script").map(|i| i + pos) {
        let after_name = start + "<script".len();
        // `<scripts>` or `<script-x>` are other tags.
        if !lower[after_name..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace() || c == '/') {
            pos = after_name;
            continue;
        }
        let Some(tag_end) = lower[after_name..].find('>').map(|i| i + after_name) else {
            break;
        };
        let attrs = &lower[after_name..tag_end];
        let Some(close) = lower[tag_end + 1..].find("</script").map(|i| i + tag_end + 1) else {
            break;
        };
        if !has_src_attribute(attrs) {
            out.push(sha256_source(&html[tag_end + 1..close]));
        }
        pos = close + "</script".len();
    }
    out
}

/// A CSP hash source (`'sha256-...'`) for an inline block's exact text.
fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn has_src_attribute(attrs: &str) -> bool {
    // Attribute names are preceded by whitespace; values may be quoted. Offsets are in bytes.
    let mut in_quote: Option<char> = None;
    let mut prev_ws = true;
    for (i, c) in attrs.char_indices() {
        if let Some(q) = in_quote {
            if c == q {
                in_quote = None;
            }
            prev_ws = false;
            continue;
        }
        if c == '"' || c == '\'' {
            in_quote = Some(c);
            continue;
        }
        if prev_ws && attrs[i..].starts_with("src") {
            let next = attrs[i + "src".len()..].chars().next().unwrap_or(' ');
            if next == '=' || next.is_ascii_whitespace() || next == '/' {
                return true;
            }
        }
        prev_ws = c.is_ascii_whitespace();
    }
    false
}

/// The Content-Security-Policy for the widget's pages.
pub fn content_security_policy(index_html: Option<&str>, frame_origins: &[String]) -> String {
    let mut script = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    if let Some(html) = index_html {
        script.extend(inline_script_hashes(html));
    }
    let mut frame = vec!["'self'".to_owned()];
    frame.extend(frame_origins.iter().cloned());
    // Styles: the widget's stylesheet, its theme set through the CSSOM, and the
    // service's pages' one style block. Images: partner logos may be on any https site.
    format!(
        "default-src 'self'; script-src {}; style-src 'self' {}; \
         img-src 'self' data: blob: https:; media-src 'self' blob: mediastream:; connect-src 'self'; \
         frame-ancestors {}; base-uri 'none'; form-action 'self'; object-src 'none'",
        script.join(" "),
        sha256_source(PAGE_STYLE),
        frame.join(" ")
    )
}

/// The CSP, recomputed when `dist/index.html` changes (a rebuild of the widget
/// while the service runs gets new script hashes).
pub struct Csp {
    index: PathBuf,
    frame_origins: Vec<String>,
    cached: Mutex<(Option<SystemTime>, Arc<str>)>,
}

impl Csp {
    /// Computes the policy for `dist`.
    pub fn new(dist: &Path, frame_origins: Vec<String>) -> Csp {
        let index = dist.join("index.html");
        let (mtime, html) = read_index(&index);
        let csp = content_security_policy(html.as_deref(), &frame_origins);
        Csp {
            index,
            frame_origins,
            cached: Mutex::new((mtime, csp.into())),
        }
    }

    /// The current policy.
    pub fn get(&self) -> Arc<str> {
        let mtime = std::fs::metadata(&self.index).and_then(|m| m.modified()).ok();
        let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        if cached.0 != mtime {
            let (mtime, html) = read_index(&self.index);
            *cached = (
                mtime,
                content_security_policy(html.as_deref(), &self.frame_origins).into(),
            );
        }
        cached.1.clone()
    }
}

fn read_index(index: &Path) -> (Option<SystemTime>, Option<String>) {
    let mtime = std::fs::metadata(index).and_then(|m| m.modified()).ok();
    (mtime, std::fs::read_to_string(index).ok())
}

/// Adds the security headers to every answer, `no-store` to API answers, the
/// caching of the widget's files (see [`cache_control`]), and the right MIME
/// type to wasm and JavaScript files.
pub(crate) async fn headers_middleware(
    State(state): State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let status = res.status();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&state.csp.get()) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(self), microphone=(), geolocation=()"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if path.starts_with("/api/") || path == "/api" {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control(&path, status)),
        );
        // The same URL answers brotli, gzip or plain bytes by `Accept-Encoding`.
        h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if status.is_success() {
        let mime = if path.ends_with(".wasm") {
            Some("application/wasm")
        } else if path.ends_with(".js") || path.ends_with(".mjs") {
            Some("text/javascript; charset=utf-8")
        } else {
            None
        };
        if let Some(m) = mime {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(m));
        }
    }
    res
}

/// How long a browser or CDN may keep the answer for `path` (outside the API):
/// a year, never revalidated, for a file whose name carries its content's hash
/// (a new build has new names); anything else is revalidated on each use
/// (`index.html` names the current build's files).
pub fn cache_control(path: &str, status: StatusCode) -> &'static str {
    let found = status.is_success() || status == StatusCode::NOT_MODIFIED;
    if found && is_content_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// True for a file name with Trunk's content hash: `name-<16 hex digits>` before
/// the extension, or before `_bg` (`kyc-widget-6a61f24f4821ea9b_bg.wasm`).
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _ext)) = name.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((base, hash)) => {
            !base.is_empty() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        }
        None => false,
    }
}

/// The widget's files in `dist`, each in the best precompressed form the client
/// accepts (`name.br`, then `name.gz`, written at build time by
/// `scripts/build-widget`), with `Last-Modified` and `304` on revalidation.
pub(crate) fn static_files(dist: &Path) -> ServeDir {
    ServeDir::new(dist).precompressed_br().precompressed_gzip()
}

/// The style of the service's own pages (the not-built page, the demo callback),
/// allowed by its hash: the policy has no `'unsafe-inline'`.
const PAGE_STYLE: &str =
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}";

/// One of the service's own pages: `title` and `body` are HTML.
fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title><style>{PAGE_STYLE}</style></head>\n<body>\n{body}</body></html>\n"
    )
}

const NOT_BUILT: &str = r#"<h1>The widget is not built yet</h1>
<p>The sandbox service is running, but its <code>--dist</code> folder has no <code>index.html</code>.</p>
<p>Build the widget with <code>scripts/build-widget</code> (a release Trunk build into <code>dist/</code>),
then reload this page. The API works meanwhile: see <code>docs/API.md</code>.</p>
"#;

/// `/`: the widget's `index.html` (precompressed and revalidated like every
/// file of the widget), or a page that says how to build it.
pub(crate) async fn index(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let file = state.dist.join("index.html");
    if !tokio::fs::try_exists(&file).await.unwrap_or(false) {
        return Html(page("kyc-sandbox: widget not built", NOT_BUILT)).into_response();
    }
    let mut serve = ServeFile::new(file).precompressed_br().precompressed_gzip();
    match serve.try_call(req).await {
        Ok(res) => res.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `/demo/callback`: where the demo session sends the customer at the end.
pub async fn demo_callback(RawQuery(query): RawQuery) -> Html<String> {
    let mut sid = String::new();
    let mut st = String::new();
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "sessionId" => sid = v.into_owned(),
            "state" => st = v.into_owned(),
            _ => {}
        }
    }
    Html(page(
        "Verification finished",
        &format!(
            r#"<h1>Back at the partner's site</h1>
<p>This is the demo callback page. The verification service sent the customer here with:</p>
<dl>
<dt>sessionId</dt><dd data-testid="callback-session-id">{}</dd>
<dt>state</dt><dd data-testid="callback-state">{}</dd>
</dl>
<p>A real backend would now fetch <code>GET /api/v1/verification/{{sid}}/result</code> with its API key.</p>
"#,
            escape_html(&sid),
            escape_html(&st)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_INDEX: &str = r#"<!DOCTYPE html><html><head>
<link rel="modulepreload" href="/kyc-widget-abc.js" crossorigin="anonymous" integrity="sha384-x">
<script type="module">
import init, * as bindings from '/kyc-widget-abc.js';
const wasm = await init({ module_or_path: '/kyc-widget-abc_bg.wasm' });
window.wasmBindings = bindings;
</script>
<script src="/other.js"></script>
<SCRIPT data-x='a src=b'>console.log(1)</SCRIPT>
</head><body></body></html>"#;

    #[test]
    fn hashes_inline_scripts_only() {
        let hashes = inline_script_hashes(TRUNK_INDEX);
        assert_eq!(hashes.len(), 2, "{hashes:?}");
        let body = "\nimport init, * as bindings from '/kyc-widget-abc.js';\nconst wasm = await init({ module_or_path: '/kyc-widget-abc_bg.wasm' });\nwindow.wasmBindings = bindings;\n";
        let expected = format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body.as_bytes()))
        );
        assert_eq!(hashes[0], expected);
        let expected2 = format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"console.log(1)"))
        );
        assert_eq!(hashes[1], expected2);
        // A known value, computed independently: printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            inline_script_hashes("<script>alert(1)</script>"),
            vec!["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='".to_owned()]
        );
    }

    #[test]
    fn non_ascii_attributes_are_walked_by_byte_offsets() {
        let html = "<script data-title=\"日本\" type=\"module\">go()</script>\
                    <script data-title=\"ünï\" src=\"/a.js\"></script>";
        let go = format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"go()"))
        );
        assert_eq!(inline_script_hashes(html), vec![go]);
    }

    #[test]
    fn policy_has_no_unsafe_eval_or_inline_scripts() {
        let csp = content_security_policy(Some(TRUNK_INDEX), &["https://partner.example".into()]);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(!csp.contains("'unsafe-eval'"));
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"));
        assert!(csp.contains("frame-ancestors 'self' https://partner.example;"));
    }

    #[test]
    fn only_content_hashed_names_are_immutable() {
        for hashed in [
            "/kyc-widget-6a61f24f4821ea9b.js",
            "/kyc-widget-6a61f24f4821ea9b_bg.wasm",
            "/main-f22cd09fb952bd42.css",
        ] {
            assert!(is_content_hashed(hashed), "{hashed}");
            assert_eq!(
                cache_control(hashed, StatusCode::OK),
                "public, max-age=31536000, immutable"
            );
            assert_eq!(cache_control(hashed, StatusCode::NOT_FOUND), "no-cache");
        }
        for plain in [
            "/",
            "/index.html",
            "/kyc-widget.js",
            // The analysis worker's files and the face model have fixed names.
            "/kyc-analysis-worker_loader.js",
            "/kyc-analysis-worker_bg.wasm",
            "/models/facefinder",
            "/logo-123.svg",
            "/x-6a61f24f4821ea9g.js",
            "/-6a61f24f4821ea9b.js",
            "/6a61f24f4821ea9b",
        ] {
            assert!(!is_content_hashed(plain), "{plain}");
            assert_eq!(cache_control(plain, StatusCode::OK), "no-cache");
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
