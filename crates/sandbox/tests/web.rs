//! Static files, security headers, CORS, the demo callback page.

mod common;

use common::Server;
use reqwest::{Method, StatusCode};
use serde_json::json;

const INDEX: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/style-0123456789abcdef.css">
<script type="module">import init from '/kyc-widget-6a61f24f4821ea9b.js'; await init({ module_or_path: '/kyc-widget-6a61f24f4821ea9b_bg.wasm' });</script>
</head><body></body></html>"#;

const WASM: &str = "/kyc-widget-6a61f24f4821ea9b_bg.wasm";
const JS: &str = "/kyc-widget-6a61f24f4821ea9b.js";
const CSS: &str = "/style-0123456789abcdef.css";

/// A built widget as `scripts/build-widget` leaves it: each file with its `.br`
/// and `.gz` forms beside it (stand-in bytes that say which form was sent), and
/// one file (`robots.txt`, as from `public/`) without a hash or compressed forms.
fn write_dist(dir: &std::path::Path) {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let files: [(&str, &[u8]); 4] = [
        ("/index.html", INDEX.as_bytes()),
        (WASM, b"\0asm\x01\0\0\0"),
        (JS, b"export default function init() {}"),
        (CSS, b"body{}"),
    ];
    for (path, bytes) in files {
        let file = dist.join(&path[1..]);
        std::fs::write(&file, bytes).unwrap();
        std::fs::write(file.with_extension(ext_plus(&file, "br")), format!("br:{path}")).unwrap();
        std::fs::write(file.with_extension(ext_plus(&file, "gz")), format!("gz:{path}")).unwrap();
    }
    std::fs::write(dist.join("robots.txt"), b"User-agent: *").unwrap();
}

/// `wasm.br` for `x.wasm` and `br`.
fn ext_plus(file: &std::path::Path, more: &str) -> String {
    format!("{}.{more}", file.extension().unwrap().to_str().unwrap())
}

async fn serve_dist(origins: &[&str]) -> Server {
    let tmp = tempfile::tempdir().unwrap();
    write_dist(tmp.path());
    let dir = tmp.path().to_owned();
    let origins: Vec<String> = origins.iter().map(|s| s.to_string()).collect();
    Server::start_in(&dir, Some(tmp), move |c| c.allowed_origins = origins).await
}

fn assert_security_headers(res: &reqwest::Response) {
    let h = res.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{csp}");
    assert!(
        !csp.contains("unsafe-eval'")
            || csp.contains("'wasm-unsafe-eval'") && !csp.contains(" 'unsafe-eval'")
    );
    assert!(!csp.contains(" 'unsafe-eval'"), "{csp}");
    assert!(
        csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"),
        "{csp}"
    );
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(
        h["permissions-policy"],
        "camera=(self), microphone=(), geolocation=()"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn serves_the_widget_with_the_right_types_and_headers() {
    let srv = serve_dist(&["https://partner.example"]).await;
    let res = srv.client.get(srv.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_security_headers(&res);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(res.text().await.unwrap(), INDEX);
    // The inline module script is allowed by its hash, nothing else inline.
    let hashes = kyc_sandbox::web::inline_script_hashes(INDEX);
    assert_eq!(hashes.len(), 1);
    assert!(csp.contains(&hashes[0]), "{csp}");
    assert!(!csp.contains("script-src 'self' 'unsafe-inline'"));
    assert!(
        csp.contains("frame-ancestors 'self' https://partner.example;"),
        "{csp}"
    );

    for (path, mime) in [
        (WASM, "application/wasm"),
        (JS, "text/javascript"),
        (CSS, "text/css"),
    ] {
        let res = srv.client.get(srv.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(
            res.headers()["content-type"].to_str().unwrap().starts_with(mime),
            "{path}: {:?}",
            res.headers()
        );
        assert_security_headers(&res);
    }
    let res = srv.client.get(srv.url("/nope.js")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let res = srv.client.get(srv.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn sends_the_precompressed_form_the_client_accepts() {
    let srv = serve_dist(&[]).await;
    for path in ["/", "/index.html", WASM, JS, CSS] {
        let file = if path == "/" { "/index.html" } else { path };
        for (accept, encoding) in [
            (Some("gzip, deflate, br, zstd"), Some("br")),
            (Some("br;q=0.5, gzip;q=1"), Some("gzip")),
            (Some("gzip"), Some("gzip")),
            (Some("identity"), None),
            (None, None),
        ] {
            let mut req = srv.client.get(srv.url(path));
            if let Some(a) = accept {
                req = req.header("accept-encoding", a);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{path} {accept:?}");
            let h = res.headers().clone();
            assert_eq!(
                h.get("content-encoding").map(|v| v.to_str().unwrap()),
                encoding,
                "{path} {accept:?}"
            );
            let vary = h["vary"].to_str().unwrap().to_ascii_lowercase();
            assert!(vary.contains("accept-encoding"), "{path}: {vary}");
            let body = res.bytes().await.unwrap();
            match encoding {
                Some(e) => {
                    let marker = if e == "gzip" { "gz" } else { e };
                    assert_eq!(body, format!("{marker}:{file}").as_bytes(), "{path}")
                }
                None => assert!(!body.starts_with(b"br:") && !body.starts_with(b"gz:")),
            }
        }
    }
    // The wasm's type is the original file's, whichever form is sent.
    let res = srv
        .client
        .get(srv.url(WASM))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/wasm");
    // A file without compressed forms is sent as it is.
    let res = srv
        .client
        .get(srv.url("/robots.txt"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("content-encoding").is_none());
    assert_eq!(res.text().await.unwrap(), "User-agent: *");
}

#[tokio::test]
async fn hashed_files_are_immutable_and_the_page_is_revalidated() {
    let srv = serve_dist(&[]).await;
    for path in [WASM, JS, CSS] {
        let res = srv
            .client
            .get(srv.url(path))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{path}"
        );
    }
    for path in ["/", "/index.html", "/robots.txt"] {
        let res = srv
            .client
            .get(srv.url(path))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        let modified = res.headers()["last-modified"].to_str().unwrap().to_owned();
        // Revalidation: unchanged since, so nothing is sent again.
        let again = srv
            .client
            .get(srv.url(path))
            .header("accept-encoding", "br")
            .header("if-modified-since", &modified)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(again.headers()["cache-control"], "no-cache", "{path}");
        assert_security_headers(&again);
        assert!(again.bytes().await.unwrap().is_empty());
    }
    // A missing hashed name is not cached.
    let res = srv
        .client
        .get(srv.url("/kyc-widget-0000000000000000.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn without_a_build_the_root_says_how_to_build() {
    let srv = Server::start().await;
    let res = srv.client.get(srv.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_security_headers(&res);
    assert!(res.text().await.unwrap().contains("scripts/build-widget"));
}

#[tokio::test]
async fn api_answers_are_json_and_not_cached() {
    let srv = Server::start().await;
    let res = srv
        .client
        .get(srv.url("/api/v1/nothing/here"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_security_headers(&res);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["error"],
        "not_found"
    );
    let (st, v) = srv
        .call(Method::PUT, &srv.url("/api/v1/verification"), None, None)
        .await;
    assert_eq!(st, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(v["error"], "invalid_request");
    let c = srv.create(json!({})).await;
    let res = srv
        .client
        .post(srv.api(&c.session_id, "/start"))
        .json(&json!({"start_token": c.start_token}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(res.headers()["content-type"], "application/json");
}

#[tokio::test]
async fn cors_only_for_allowed_origins() {
    let srv = serve_dist(&["https://partner.example"]).await;
    let preflight = |origin: &'static str| {
        srv.client
            .request(Method::OPTIONS, srv.url("/api/v1/verification/x/status"))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let res = preflight("https://partner.example").await.unwrap();
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "https://partner.example"
    );
    let methods = res.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        methods.contains("POST") && methods.contains("DELETE"),
        "{methods}"
    );
    let res = preflight("https://evil.example").await.unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
    // Without configured origins, no CORS at all.
    let plain = Server::start().await;
    let res = plain
        .client
        .get(plain.url("/api/v1/verification/x/status"))
        .header("origin", "https://partner.example")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn demo_callback_escapes_what_it_shows() {
    let srv = Server::start().await;
    let res = srv
        .client
        .get(srv.url("/demo/callback?sessionId=abc123&state=%3Cscript%3Ealert(1)%3C%2Fscript%3E"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_security_headers(&res);
    let html = res.text().await.unwrap();
    assert!(html.contains(">abc123<"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>alert"));
}
