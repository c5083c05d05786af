//! Hostile and broken uploads: each gets a clear JSON error and leaves the
//! session exactly as it was (not stored, not counted as an attempt).

mod common;

use common::{b64, flat_jpeg, image_body, jpeg_claiming, png, sample, Server, Sess};
use kyc_contract::ImageType::{DocumentBack, DocumentFront};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// What must not change: the status answer and the stored images.
async fn snapshot(srv: &Server, s: &Sess) -> (Value, usize) {
    (srv.status(s).await, srv.images(&s.sid).await.len())
}

async fn session_with_one_image(srv: &Server) -> Sess {
    let s = srv.session(json!({"max_attempts": 2})).await;
    srv.upload_ok(&s, DocumentFront).await;
    s
}

fn with_content(content: &str) -> Value {
    json!({"image": {"format": "jpg", "image_type": "document_back", "content": content, "image_id": "h1"}})
}

#[tokio::test]
async fn broken_images_get_a_clear_400_and_change_nothing() {
    let srv = Server::start().await;
    let s = session_with_one_image(&srv).await;
    let before = snapshot(&srv, &s).await;
    assert_eq!(before.0["attempts_left"], 2);
    assert_eq!(before.0["missing_images"], json!(["document_back", "selfie"]));

    let mut truncated = sample(DocumentBack).to_vec();
    truncated.truncate(truncated.len() / 2);
    let mut no_eoi_fixed = sample(DocumentBack).to_vec();
    // Corrupt the entropy-coded data but keep the markers: a decoder error or a
    // garbage picture, never a crash. (Checked separately below.)
    let mid = no_eoi_fixed.len() / 2;
    no_eoi_fixed[mid..mid + 64].fill(0xFF);

    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "bad base64",
            with_content("%%% not base64 %%%"),
            "not valid base64",
        ),
        ("empty content", with_content(""), "not a JPEG"),
        (
            "png called jpg",
            with_content(&b64(&png(1280, 720))),
            "not a JPEG (it is a PNG)",
        ),
        (
            "text called jpg",
            with_content(&b64(b"hello, I am a text file\n")),
            "not a JPEG",
        ),
        (
            "truncated jpeg",
            with_content(&b64(&truncated)),
            "could not be decoded",
        ),
        ("1x1 jpeg", with_content(&b64(&flat_jpeg(1, 1, 128))), "too small"),
        (
            "639x479 jpeg",
            with_content(&b64(&flat_jpeg(639, 479, 128))),
            "too small",
        ),
        (
            "30000x30000 header",
            with_content(&b64(&jpeg_claiming(30000, 30000))),
            "30000x30000: too large",
        ),
        (
            "4000x2000 header",
            with_content(&b64(&jpeg_claiming(4000, 2000))),
            "too large",
        ),
        (
            "format png",
            json!({"image": {"format": "png", "image_type": "document_back", "content": b64(sample(DocumentBack))}}),
            "format must be",
        ),
    ];
    for (name, body, words) in cases {
        let (st, v) = srv.upload_body(&s, body).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{name}: {v}");
        assert_eq!(v["error"], "invalid_image", "{name}: {v}");
        let msg = v["message"].as_str().unwrap();
        assert!(msg.contains(words), "{name}: {msg}");
        assert_eq!(snapshot(&srv, &s).await, before, "{name} changed the session");
    }

    let (st, v) = srv.upload_body(&s, with_content(&b64(&no_eoi_fixed))).await;
    assert!(st == StatusCode::BAD_REQUEST || st == StatusCode::OK, "{st} {v}");

    // After all that, the same image_id still uploads normally: 400s were not recorded.
    let (st, v) = srv
        .upload_body(&s, with_content(&b64(sample(DocumentBack))))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn malformed_requests_get_a_clear_400_and_change_nothing() {
    let srv = Server::start().await;
    let s = session_with_one_image(&srv).await;
    let before = snapshot(&srv, &s).await;
    let url = srv.api(&s.sid, "/images");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not json", b"this is not json".to_vec(), "not valid JSON"),
        ("empty body", vec![], "not valid JSON"),
        (
            "truncated json",
            br#"{"image": {"format": "jpg""#.to_vec(),
            "not valid JSON",
        ),
        ("wrong shape", br#"{"picture": 1}"#.to_vec(), "wrong shape"),
        (
            "unknown image type",
            br#"{"image": {"format": "jpg", "image_type": "passport", "content": ""}}"#.to_vec(),
            "wrong shape",
        ),
        ("array", b"[1,2,3]".to_vec(), "wrong shape"),
    ];
    for (name, body, words) in cases {
        let (st, v) = srv.raw(Method::POST, &url, Some(&s.token), body).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{name}: {v}");
        assert_eq!(v["error"], "invalid_request", "{name}: {v}");
        assert!(v["message"].as_str().unwrap().contains(words), "{name}: {v}");
        assert_eq!(snapshot(&srv, &s).await, before, "{name}");
    }
    // An image type the session does not require.
    let s2 = srv.session(json!({"required_images": ["document_front"]})).await;
    let (st, v) = srv.upload(&s2, DocumentBack, sample(DocumentBack), None).await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("invalid_request"))
    );
    assert!(v["message"].as_str().unwrap().contains("not required"));
}

#[tokio::test]
async fn oversize_body_gets_a_json_413_and_changes_nothing() {
    let srv = Server::start().await;
    let s = session_with_one_image(&srv).await;
    let before = snapshot(&srv, &s).await;
    // 11 MiB of valid-looking base64 in a JSON body.
    let content = "A".repeat(11 * 1024 * 1024);
    let body = serde_json::to_vec(&with_content(&content)).unwrap();
    let (st, v) = srv
        .raw(Method::POST, &srv.api(&s.sid, "/images"), Some(&s.token), body)
        .await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert_eq!(v["error"], "payload_too_large");
    assert!(v["message"].as_str().unwrap().contains("larger than"));
    assert_eq!(snapshot(&srv, &s).await, before);
    // Just under the limit is read (and refused for what it is, not for its size).
    let content = "A".repeat(9 * 1024 * 1024);
    let (st, v) = srv.upload_body(&s, with_content(&content)).await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("invalid_image"))
    );
    assert_eq!(snapshot(&srv, &s).await, before);
}

#[tokio::test]
async fn a_bad_upload_between_good_ones_does_not_count() {
    let srv = Server::start().await;
    let s = srv.session(json!({"max_attempts": 1})).await;
    // With max_attempts 1 a single counted rejection would end the session.
    for _ in 0..3 {
        let (st, _) = srv
            .upload_body(&s, image_body(DocumentFront, b"garbage", None))
            .await;
        assert_eq!(st, StatusCode::BAD_REQUEST);
    }
    let st = srv.status(&s).await;
    assert_eq!(st["status"], "capturing");
    assert_eq!(st["attempts_left"], 1);
    srv.upload_ok(&s, DocumentFront).await;
}
