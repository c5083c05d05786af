//! `time_to_live`: when it passes, a background sweep deletes the session's
//! images and personal data and leaves a tombstone that answers 410.

mod common;

use std::time::{Duration, Instant};

use common::{contains, database_bytes, jpeg_marked, sample, Server};
use kyc_contract::ImageType;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn assert_deleted(what: &str, st: StatusCode, v: &Value) {
    assert_eq!(st, StatusCode::GONE, "{what}: {v}");
    assert_eq!(v["error"], "deleted", "{what}: {v}");
    assert!(
        v["message"].as_str().is_some_and(|m| m.contains("time_to_live")),
        "{what}: {v}"
    );
}

#[tokio::test]
async fn a_session_past_its_time_to_live_loses_its_data_and_answers_410() {
    let srv = Server::start_with(|c| c.retention_sweep = Duration::from_millis(50)).await;
    let key = srv.api_key.clone();
    let user = format!("user-{}", kyc_sandbox::tokens::random_id("", 8));
    let state = format!("order-{}", kyc_sandbox::tokens::random_id("", 8));
    let created = Instant::now();
    let c = srv
        .create(json!({
            "expires_in_ms": 2500, "time_to_live": "3s", "state": state,
            "customer_information": {"external_user_id": user},
            "required_images": ["document_front"], "mock_behavior": {"processing_time": "0s"},
        }))
        .await;
    let (s, _) = srv.start_session(&c.session_id, &c.start_token).await;
    srv.consent(&s).await;
    let pattern = format!("RETAIN-UNTIL-{}", kyc_sandbox::tokens::random_id("", 24)).repeat(4);
    let jpeg = jpeg_marked(ImageType::DocumentFront, pattern.as_bytes());
    let (st, v) = srv.upload(&s, ImageType::DocumentFront, &jpeg, Some("m")).await;
    assert_eq!((st, &v["complete"]), (StatusCode::OK, &json!(true)), "{v}");
    let kept = srv.create(json!({"state": "kept"})).await;
    assert_eq!(srv.result(&s.sid).await["status"], "complete");
    let image_id = srv.images(&s.sid).await[0]["id"].as_str().unwrap().to_owned();
    let bytes = database_bytes(&srv.dir);
    assert!(contains(&bytes, pattern.as_bytes()) && contains(&bytes, user.as_bytes()));
    assert!(
        created.elapsed() < Duration::from_secs(3),
        "too slow to see the session before its time_to_live"
    );

    // The sweep runs every 50 ms: the result goes within a moment of the 3 s.
    let deadline = created + Duration::from_secs(7);
    let (st, v) = loop {
        let (st, v) = srv
            .call(Method::GET, &srv.api(&s.sid, "/result"), Some(&key), None)
            .await;
        if st != StatusCode::OK || Instant::now() > deadline {
            break (st, v);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(created.elapsed() >= Duration::from_secs(3));
    assert_deleted("result", st, &v);

    let backend = [
        (Method::GET, "/images".to_owned()),
        (Method::GET, format!("/images/{image_id}")),
        (Method::GET, "/webhooks".to_owned()),
    ];
    for (method, path) in backend {
        let (st, v) = srv.call(method, &srv.api(&s.sid, &path), Some(&key), None).await;
        assert_deleted(&path, st, &v);
    }
    let widget = [
        (Method::GET, "/status", None),
        (Method::GET, "/consent", None),
        (Method::POST, "/consent", Some(json!({"granted": true}))),
        (Method::POST, "/handoff", None),
        (
            Method::POST,
            "/images",
            Some(common::image_body(
                ImageType::DocumentFront,
                sample(ImageType::DocumentFront),
                None,
            )),
        ),
    ];
    for (method, path, body) in widget {
        let (st, v) = srv
            .call(method, &srv.api(&s.sid, path), Some(&s.token), body)
            .await;
        assert_deleted(path, st, &v);
    }
    let (st, v) = srv.start_raw(&s.sid, &c.start_token).await;
    assert_deleted("start", st, &v);

    // Not listed; the other session is, untouched.
    let (st, list) = srv
        .call(Method::GET, &srv.url("/api/v1/verification"), Some(&key), None)
        .await;
    assert_eq!(st, StatusCode::OK);
    let ids: Vec<&str> = list["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["session_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![kept.session_id.as_str()], "{list}");
    assert_eq!(srv.result(&kept.session_id).await["state"], "kept");

    // Gone from the files: the image, the partner's values.
    let bytes = database_bytes(&srv.dir);
    assert!(
        !contains(&bytes, pattern.as_bytes()),
        "the image is left in the files"
    );
    assert!(
        !contains(&bytes, user.as_bytes()),
        "external_user_id is left in the files"
    );
    assert!(!contains(&bytes, state.as_bytes()), "state is left in the files");

    // The partner may still remove the tombstone.
    let (st, _) = srv
        .call(Method::DELETE, &srv.api(&s.sid, ""), Some(&key), None)
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = srv
        .call(Method::GET, &srv.api(&s.sid, "/result"), Some(&key), None)
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    srv.stop().await;
}

#[tokio::test]
async fn time_to_live_is_a_duration_within_bounds() {
    let srv = Server::start().await;
    for bad in [
        json!({"time_to_live": "soon"}),
        json!({"time_to_live": "90"}),
        json!({"time_to_live": "366d"}),
        json!({"time_to_live": "30m"}),
        json!({"time_to_live": "0s", "expires_in_ms": 1000}),
        json!({"time_to_live": "1s", "expires_in_ms": 2000}),
    ] {
        let (st, v) = srv.create_raw(bad.clone()).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{bad}: {v}");
        assert_eq!(v["error"], "invalid_request", "{bad}: {v}");
        assert!(
            v["message"].as_str().unwrap().contains("time_to_live"),
            "{bad}: {v}"
        );
    }
    for good in [
        json!({"time_to_live": "90d"}),
        json!({"time_to_live": "1h"}),
        json!({"time_to_live": "2s", "expires_in_ms": 2000}),
        json!({"time_to_live": "365d", "expires_in_ms": 1000}),
    ] {
        let (st, v) = srv.create_raw(good.clone()).await;
        assert_eq!(st, StatusCode::CREATED, "{good}: {v}");
    }
    srv.stop().await;
}
