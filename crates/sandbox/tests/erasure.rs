//! Deleted is erased: a deleted session's images, a replaced picture and the
//! rejected ones dropped beyond the session's budget are in neither the
//! database file nor its write-ahead log.

mod common;

use common::{contains, database_bytes, jpeg_marked, Server};
use kyc_contract::ImageType;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_deleted_sessions_image_bytes_are_in_neither_the_database_nor_its_log() {
    let srv = Server::start().await;
    let s = srv.session(json!({})).await;
    let pattern = format!("ERASE-ME-{}", kyc_sandbox::tokens::random_id("", 24)).repeat(4);
    let jpeg = jpeg_marked(ImageType::DocumentFront, pattern.as_bytes());
    let (st, v) = srv
        .upload(&s, ImageType::DocumentFront, &jpeg, Some("marked"))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let stored = srv.images(&s.sid).await;
    assert_eq!(stored.len(), 1);
    assert!(
        contains(&database_bytes(&srv.dir), pattern.as_bytes()),
        "the upload is stored as sent"
    );

    let key = srv.api_key.clone();
    let (st, v) = srv
        .call(Method::DELETE, &srv.api(&s.sid, ""), Some(&key), None)
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let bytes = database_bytes(&srv.dir);
    assert!(
        !contains(&bytes, pattern.as_bytes()),
        "a deleted image's bytes are left in the database or its log"
    );
    srv.stop().await;
}

#[tokio::test]
async fn a_replaced_picture_and_dropped_rejected_ones_are_in_neither_the_database_nor_its_log() {
    let srv = Server::start().await;
    let s = srv.session(json!({"max_attempts": 20})).await;
    let mark = |what: &str| format!("{what}-{}", kyc_sandbox::tokens::random_id("", 24)).repeat(4);
    // An accepted front, then a retake of it: the first one is replaced.
    let (first, retake) = (mark("REPLACED"), mark("KEPT"));
    for (pattern, id) in [(&first, "front-1"), (&retake, "front-2")] {
        let jpeg = jpeg_marked(ImageType::DocumentFront, pattern.as_bytes());
        let (st, v) = srv.upload(&s, ImageType::DocumentFront, &jpeg, Some(id)).await;
        assert_eq!((st, v["feedback"].as_str()), (StatusCode::OK, Some("ok")), "{v}");
    }
    // Rejected backs (a flat grey picture) beyond the five the session keeps: the oldest go.
    let rejected: Vec<String> = (0..7).map(|i| mark(&format!("REJECTED{i}"))).collect();
    for (i, pattern) in rejected.iter().enumerate() {
        let mut jpeg = jpeg_marked(ImageType::DocumentBack, pattern.as_bytes());
        // The sample back, flattened after its marker: refused for its content.
        let flat = common::flat_jpeg(1280, 720, 128);
        let at = 6 + pattern.len();
        jpeg.truncate(at);
        jpeg.extend(&flat[2..]);
        let (st, v) = srv
            .upload(&s, ImageType::DocumentBack, &jpeg, Some(&format!("back-{i}")))
            .await;
        assert_eq!(st, StatusCode::OK, "{v}");
        assert_ne!(v["feedback"], "ok", "{v}");
    }
    let bytes = database_bytes(&srv.dir);
    // Kept: the retake and the five latest rejected backs (the search finds what is there).
    assert!(contains(&bytes, retake.as_bytes()), "the retake is stored");
    for pattern in &rejected[2..] {
        assert!(
            contains(&bytes, pattern.as_bytes()),
            "a kept rejected back is stored"
        );
    }
    assert!(
        !contains(&bytes, first.as_bytes()),
        "a replaced picture's bytes are left in the database or its log"
    );
    for pattern in &rejected[..2] {
        assert!(
            !contains(&bytes, pattern.as_bytes()),
            "a dropped rejected picture's bytes are left in the database or its log"
        );
    }
    srv.stop().await;
}
