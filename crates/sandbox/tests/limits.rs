//! What one client may make the service hold: bodies refused before they are
//! read, one upload of a session decided at a time, a bounded store per
//! session, and rate limits.

mod common;

use std::time::Duration;

use common::{flat_jpeg, image_body, sample, Server};
use kyc_contract::ImageType::{DocumentBack, DocumentFront};
use kyc_sandbox::limits::Rate;
use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends a request's headers announcing a 10 MiB body, sends none of it, and
/// reads the answer's status line (`None` when nothing came within 2 s).
async fn status_before_body(srv: &Server, path: &str, bearer: Option<&str>) -> Option<String> {
    let addr = srv.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let auth = bearer
        .map(|b| format!("Authorization: Bearer {b}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        10 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf))
        .await
        .ok()?
        .ok()?;
    let text = String::from_utf8_lossy(&buf[..n]).into_owned();
    text.lines().next().map(str::to_owned)
}

#[tokio::test]
async fn large_bodies_are_refused_before_they_are_read() {
    let srv = Server::start().await;
    let s = srv.session(json!({})).await;
    let other = srv.session(json!({})).await;
    let wrong_token = other.token.as_str();
    let cases = [
        ("/api/v1/verification".to_owned(), Some("wrong key"), "401"),
        ("/api/v1/verification".to_owned(), None, "401"),
        (
            format!("/api/v1/verification/{}/images", s.sid),
            Some(wrong_token),
            "401",
        ),
        (format!("/api/v1/verification/{}/images", s.sid), None, "401"),
        (
            format!("/api/v1/verification/{}/consent", s.sid),
            Some(wrong_token),
            "401",
        ),
        (
            format!("/api/v1/verification/{}/handoff", s.sid),
            Some(wrong_token),
            "401",
        ),
        // The start token is in the body: a body that big is no start.
        (format!("/api/v1/verification/{}/start", s.sid), None, "413"),
        // Even with the right key, a create body is small.
        (
            "/api/v1/verification".to_owned(),
            Some(srv.api_key.as_str()),
            "413",
        ),
        (
            format!("/api/v1/verification/{}/consent", s.sid),
            Some(s.token.as_str()),
            "413",
        ),
    ];
    for (path, bearer, want) in cases {
        let line = status_before_body(&srv, &path, bearer).await;
        let line = line.unwrap_or_else(|| panic!("{path} {bearer:?}: no answer before the body"));
        assert!(
            line.starts_with(&format!("HTTP/1.1 {want}")),
            "{path} {bearer:?}: {line}"
        );
    }
}

#[tokio::test]
async fn the_widgets_json_calls_take_small_bodies() {
    let srv = Server::start().await;
    let s = srv.session(json!({})).await;
    // Valid JSON, padded past 16 KiB.
    let body = format!("{{\"granted\": true{}}}", " ".repeat(17 * 1024)).into_bytes();
    let (st, v) = srv
        .raw(Method::POST, &srv.api(&s.sid, "/consent"), Some(&s.token), body)
        .await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert_eq!(v["error"], "payload_too_large");
    assert!(v["message"].as_str().unwrap().contains("16384"), "{v}");
    // An image upload may be far larger.
    srv.upload_ok(&s, DocumentFront).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_uploads_decode_no_more_than_the_attempts_left() {
    // 32 uploads at once: more than the default burst of the upload rate limit.
    let srv = Server::start_with(|c| c.limits.uploads = Rate::new(100, Duration::from_secs(1))).await;
    let s = srv.session(json!({"max_attempts": 3})).await;
    // Every upload is rejected by the quality checks (a flat gray picture of
    // the largest size allowed).
    let bad = flat_jpeg(3840, 2160, 128);
    let body = image_body(DocumentFront, &bad, None);
    let before = srv.service.images_decoded();
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let (client, url, token, body) = (
            srv.client.clone(),
            srv.api(&s.sid, "/images"),
            s.token.clone(),
            body.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = res.status();
            let v: serde_json::Value = res.json().await.unwrap();
            (status, v)
        }));
    }
    let mut rejected = 0;
    let mut refused = 0;
    for t in tasks {
        let (st, v) = t.await.unwrap();
        match st {
            StatusCode::OK => {
                assert_ne!(v["feedback"], "ok", "{v}");
                rejected += 1;
            }
            StatusCode::FORBIDDEN => {
                assert_eq!(v["error"], "attempt_limit", "{v}");
                refused += 1;
            }
            other => panic!("{other}: {v}"),
        }
    }
    assert_eq!((rejected, refused), (3, 29));
    let decoded = srv.service.images_decoded() - before;
    assert_eq!(decoded, 3, "decoded {decoded} images for 3 attempts");
}

/// Bytes of the database in use (its pages less the free ones), as a reader sees it.
fn db_bytes(srv: &Server) -> u64 {
    let conn = rusqlite::Connection::open(common::db_path(&srv.dir)).unwrap();
    let pragma = |p: &str| -> u64 {
        conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, i64>(0))
            .unwrap() as u64
    };
    (pragma("page_count") - pragma("freelist_count")) * pragma("page_size")
}

#[tokio::test]
async fn an_accepted_type_uploaded_again_replaces_the_stored_image() {
    let srv = Server::start().await;
    let s = srv
        .session(json!({"required_images": ["document_front", "document_back"]}))
        .await;
    let jpeg = sample(DocumentFront);
    let (st, v) = srv.upload(&s, DocumentFront, jpeg, Some("first")).await;
    assert_eq!((st, v["feedback"].as_str()), (StatusCode::OK, Some("ok")), "{v}");
    let after_one = db_bytes(&srv);
    for i in 0..20 {
        let (st, v) = srv
            .upload(&s, DocumentFront, jpeg, Some(&format!("again-{i}")))
            .await;
        assert_eq!((st, v["feedback"].as_str()), (StatusCode::OK, Some("ok")), "{v}");
        assert_eq!(v["missing_images"], json!(["document_back"]));
    }
    let images = srv.images(&s.sid).await;
    assert_eq!(images.len(), 1, "{images:?}");
    let grown = db_bytes(&srv).saturating_sub(after_one);
    assert!(
        grown < 2 * jpeg.len() as u64,
        "20 retakes of {} bytes grew the database by {grown} bytes",
        jpeg.len()
    );
    // The session goes on from the one kept.
    srv.upload_ok(&s, DocumentBack).await;
    let result = srv.result(&s.sid).await;
    let front = &result["verification_images"][0]["id"];
    assert_eq!(front, &images[0]["id"], "{result}");
}

#[tokio::test]
async fn only_the_latest_rejected_images_are_kept() {
    let srv = Server::start().await;
    let s = srv.session(json!({"max_attempts": 20})).await;
    let bad = flat_jpeg(1280, 720, 128);
    for i in 0..8 {
        let (st, v) = srv
            .upload(&s, DocumentFront, &bad, Some(&format!("bad-{i}")))
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
        assert_ne!(v["feedback"], "ok", "{v}");
        assert_eq!(v["attempts_left"], 20 - 1 - i, "{v}");
    }
    let images = srv.images(&s.sid).await;
    assert_eq!(images.len(), 5, "{images:?}");
    assert!(images.iter().all(|i| i["rejected"] == true));
    // Dropping old rejected images does not give attempts back.
    assert_eq!(srv.status(&s).await["attempts_left"], 12);
}

/// Status, `Retry-After` and body of a call.
async fn call_with_retry_after(
    srv: &Server,
    method: Method,
    url: &str,
    bearer: &str,
    body: Option<serde_json::Value>,
) -> (StatusCode, Option<u64>, serde_json::Value) {
    let mut rb = srv.client.request(method, url).bearer_auth(bearer);
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let res = rb.send().await.unwrap();
    let status = res.status();
    let retry_after = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().parse().unwrap());
    let v = res.json().await.unwrap_or(serde_json::Value::Null);
    (status, retry_after, v)
}

#[tokio::test]
async fn a_burst_of_wrong_credentials_gets_429_until_the_window_passes() {
    let srv =
        Server::start_with(|c| c.limits.auth_failures = Rate::new(10, Duration::from_millis(500))).await;
    let list = srv.url("/api/v1/verification");
    let mut answers = Vec::new();
    for i in 0..50 {
        let (st, retry_after, v) =
            call_with_retry_after(&srv, Method::GET, &list, &format!("wrong-{i}"), None).await;
        if st == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(v["error"], "rate_limited", "{v}");
            assert_eq!(retry_after, Some(1), "{v}");
        }
        answers.push(st.as_u16());
    }
    assert_eq!(answers[..10], [401; 10]);
    assert_eq!(answers[10..], [429; 40]);
    // Refused with the right key too, while the window lasts.
    let key = srv.api_key.clone();
    let (st, retry_after, _) = call_with_retry_after(&srv, Method::GET, &list, &key, None).await;
    assert_eq!((st, retry_after), (StatusCode::TOO_MANY_REQUESTS, Some(1)));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (st, _, v) = call_with_retry_after(&srv, Method::GET, &list, &key, None).await;
    assert_eq!(st, StatusCode::OK, "{v}");
}

/// The limit on failed logins counts per client address: a burst of wrong keys
/// from one address does not lock out a client at another.
#[tokio::test]
async fn failed_logins_are_counted_per_client_address() {
    let srv = Server::start_with(|c| c.limits.auth_failures = Rate::new(5, Duration::from_secs(60))).await;
    let list = srv.url("/api/v1/verification");
    let from = |ip: [u8; 4]| {
        reqwest::Client::builder()
            .local_address(std::net::IpAddr::from(ip))
            .build()
            .unwrap()
    };
    let attacker = from([127, 0, 0, 2]);
    let partner = from([127, 0, 0, 1]);
    let mut answers = Vec::new();
    for i in 0..12 {
        let res = attacker
            .get(&list)
            .bearer_auth(format!("wrong-{i}"))
            .send()
            .await
            .unwrap();
        answers.push(res.status().as_u16());
    }
    assert_eq!(answers[..5], [401; 5]);
    assert_eq!(answers[5..], [429; 7]);
    let key = srv.api_key.clone();
    let res = attacker.get(&list).bearer_auth(&key).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = partner.get(&list).bearer_auth(&key).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_start_and_access_tokens_count_as_failures() {
    let srv = Server::start_with(|c| c.limits.auth_failures = Rate::new(4, Duration::from_secs(60))).await;
    let c = srv.create(json!({})).await;
    for _ in 0..2 {
        assert_eq!(
            srv.start_raw(&c.session_id, "not-the-token").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    for _ in 0..2 {
        let (st, _) = srv
            .call(
                Method::GET,
                &srv.api(&c.session_id, "/status"),
                Some("not-a-token"),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::UNAUTHORIZED);
    }
    let (st, v) = srv.start_raw(&c.session_id, &c.start_token).await;
    assert_eq!(
        (st, &v["error"]),
        (StatusCode::TOO_MANY_REQUESTS, &json!("rate_limited"))
    );
}

#[tokio::test]
async fn uploads_and_status_polls_are_limited_per_session() {
    let srv = Server::start_with(|c| {
        c.limits.uploads = Rate::new(3, Duration::from_secs(60));
        c.limits.status_polls = Rate::new(5, Duration::from_secs(60));
    })
    .await;
    let s = srv.session(json!({"max_attempts": 10})).await;
    let other = srv.session(json!({})).await;
    let bad = flat_jpeg(1280, 720, 128);
    for _ in 0..3 {
        assert_eq!(srv.upload(&s, DocumentFront, &bad, None).await.0, StatusCode::OK);
    }
    let images = srv.api(&s.sid, "/images");
    let body = image_body(DocumentFront, &bad, None);
    let (st, retry_after, v) = call_with_retry_after(&srv, Method::POST, &images, &s.token, Some(body)).await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS, "{v}");
    assert_eq!(v["error"], "rate_limited");
    assert!(
        retry_after.is_some_and(|r| (1..=60).contains(&r)),
        "{retry_after:?}"
    );
    // Not counted as an attempt, not stored; another session is not held up.
    assert_eq!(srv.images(&s.sid).await.len(), 3);
    srv.upload_ok(&other, DocumentFront).await;

    for _ in 0..5 {
        assert_eq!(srv.status(&s).await["attempts_left"], 7);
    }
    let status = srv.api(&s.sid, "/status");
    let (st, retry_after, v) = call_with_retry_after(&srv, Method::GET, &status, &s.token, None).await;
    assert_eq!(
        (st, &v["error"]),
        (StatusCode::TOO_MANY_REQUESTS, &json!("rate_limited"))
    );
    assert!(retry_after.is_some());
    srv.status(&other).await;
}
