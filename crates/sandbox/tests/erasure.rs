//! Deleted is erased: a deleted session's images are in neither the database
//! file nor its write-ahead log.

mod common;

use std::path::Path;

use common::{sample, Server};
use kyc_contract::ImageType;
use reqwest::{Method, StatusCode};
use serde_json::json;

/// The bytes of the database file and of its write-ahead log.
fn database_bytes(dir: &Path) -> Vec<u8> {
    let db = common::db_path(dir);
    let mut bytes = std::fs::read(&db).unwrap();
    if let Ok(wal) = std::fs::read(format!("{}-wal", db.display())) {
        bytes.extend(wal);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A good sample JPEG carrying `pattern` in a comment segment right after its start marker.
fn jpeg_marked(t: ImageType, pattern: &[u8]) -> Vec<u8> {
    let jpeg = sample(t);
    let len = u16::try_from(pattern.len() + 2).unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xFE]);
    out.extend(len.to_be_bytes());
    out.extend(pattern);
    out.extend(&jpeg[2..]);
    out
}

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
