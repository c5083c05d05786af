//! Deleted is erased: a deleted session's images are in neither the database
//! file nor its write-ahead log.

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
