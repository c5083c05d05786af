//! What a partner's backend reads: complete results (steps, tries, history,
//! devices, dates, its own ids) and the session list's filters and sorts.

mod common;

use std::time::Duration;

use common::{sample, Server};
use kyc_contract::ImageType::{DocumentBack, DocumentFront, Selfie};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn the_result_has_each_step_with_its_tries_history_image_and_device() {
    let srv = Server::start().await;
    let c = srv
        .create(json!({
            "state": "order-7",
            "customer_information": {"external_user_id": "user-42"},
            "mock_behavior": {"processing_time": "0s", "feedback": ["glare"]},
        }))
        .await;
    let (s, _) = srv.start_session(&c.session_id, &c.start_token).await;
    let key = srv.api_key.clone();
    srv.call(
        Method::POST,
        &srv.api(&s.sid, "/consent"),
        Some(&s.token),
        Some(json!({"granted": true})),
    )
    .await;

    // The first front is rejected by the mocked feedback, the second measured and accepted.
    let (st, v) = srv.upload(&s, DocumentFront, sample(DocumentFront), None).await;
    assert_eq!((st, &v["feedback"]), (StatusCode::OK, &json!("glare")));
    let mid = srv.result(&s.sid).await;
    assert_eq!(mid["status"], "capturing");
    assert_eq!(mid["steps"][0]["status"], "in_progress");
    assert_eq!(mid["steps"][1]["status"], "pending");
    srv.upload_ok(&s, DocumentFront).await;
    srv.upload_ok(&s, DocumentBack).await;
    let mut selfie = common::image_body(Selfie, sample(Selfie), None);
    selfie["device_info"] =
        json!({"type": "desktop", "browser": "Chromium", "used_camera": {"label": "FaceTime"}});
    let (st, v) = srv.upload_body(&s, selfie).await;
    assert_eq!(st, StatusCode::OK, "{v}");

    let r = srv.result(&s.sid).await;
    assert_eq!(r["status"], "complete");
    assert_eq!(r["external_user_id"], "user-42");
    assert_eq!(r["state"], "order-7");
    assert!(r["created_at"].as_str().unwrap().ends_with('Z'));
    assert!(r["completed_at"].is_string(), "{r}");
    assert_eq!(r["expires_at"], Value::Null, "null once complete");
    assert_eq!(
        r["mock_identity"], true,
        "the person and document are sample values"
    );
    let steps = r["steps"].as_array().unwrap();
    let names: Vec<&str> = steps.iter().map(|x| x["step"].as_str().unwrap()).collect();
    assert_eq!(names, ["document_front", "document_back", "selfie"]);
    assert!(steps.iter().all(|x| x["status"] == "accepted"));

    let front = &steps[0];
    assert_eq!(front["tries"], 2);
    let history = front["history"].as_array().unwrap();
    assert_eq!(history[0]["feedback"], "glare");
    assert_eq!(
        history[0]["quality"]["measured"], false,
        "a mocked code measures nothing"
    );
    assert_eq!(history[1]["feedback"], "ok");
    let q = &history[1]["quality"];
    assert_eq!(
        (q["measured"].clone(), q["width"].clone(), q["height"].clone()),
        (json!(true), json!(1280), json!(720))
    );
    for figure in ["sharpness", "brightness", "glare_share", "glare_largest_blob"] {
        assert!(q[figure].is_number(), "{figure}: {q}");
    }
    assert!(history[0]["at"].as_str().unwrap() <= history[1]["at"].as_str().unwrap());
    assert_eq!(front["device_info"], json!({"type": "mobile", "os": "Android"}));

    // The accepted image's id is the one the result uses and the images call serves.
    let used: Vec<&Value> = r["verification_images"].as_array().unwrap().iter().collect();
    assert_eq!(used[0]["id"], front["accepted_image_id"]);
    assert_eq!(front["accepted_image_id"], history[1]["image_id"]);
    let selfie = &steps[2];
    assert_eq!(selfie["device_info"]["browser"], "Chromium");
    assert_eq!(selfie["device_info"]["used_camera"]["label"], "FaceTime");
    assert!(selfie["quality"].is_null() && selfie["history"][0]["quality"]["document_presence"].is_null());
    let (st, _) = srv
        .call(
            Method::GET,
            &srv.api(
                &s.sid,
                &format!("/images/{}", front["accepted_image_id"].as_str().unwrap()),
            ),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK);
}

#[tokio::test]
async fn a_bad_external_user_id_is_refused() {
    let srv = Server::start().await;
    for bad in [json!(""), json!("a\nb"), json!("x".repeat(257))] {
        let (st, v) = srv
            .create_raw(json!({"customer_information": {"external_user_id": bad}}))
            .await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{v}");
        assert!(v["message"].as_str().unwrap().contains("external_user_id"), "{v}");
    }
}

async fn list(srv: &Server, q: &str) -> Value {
    let url = srv.url(&format!("/api/v1/verification{q}"));
    let (st, v) = srv
        .call(Method::GET, &url, Some(&srv.api_key.clone()), None)
        .await;
    assert_eq!(st, StatusCode::OK, "{q}: {v}");
    v
}

fn ids(v: &Value) -> Vec<String> {
    v["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["session_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_list_filters_sorts_and_pages() {
    let srv = Server::start().await;
    // Three pending sessions of two users, one complete, one invalid.
    let mut pending = vec![];
    let mut first_token = None;
    for user in ["alice", "bob", "alice"] {
        let c = srv
            .create(json!({"customer_information": {"external_user_id": user}}))
            .await;
        first_token.get_or_insert(c.start_token);
        pending.push(c.session_id);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let done = srv
        .session(json!({"required_images": ["selfie"], "mock_behavior": {"processing_time": "0s"}}))
        .await;
    srv.upload_ok(&done, Selfie).await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    let invalid = srv
        .session(json!({"required_images": ["selfie"], "max_attempts": 1, "mock_behavior": {"feedback": ["blur"]}}))
        .await;
    srv.upload(&invalid, Selfie, sample(Selfie), None).await;

    let all = list(&srv, "").await;
    assert_eq!(all["total_count"], 5);
    assert_eq!(ids(&all)[0], invalid.sid, "newest created first");
    let oldest = list(&srv, "?order=asc&limit=2").await;
    assert_eq!(ids(&oldest), pending[..2].to_vec());
    assert_eq!(oldest["total_count"], 5);
    let paged = list(&srv, "?order=asc&limit=2&offset=2").await;
    assert_eq!(ids(&paged), vec![pending[2].clone(), done.sid.clone()]);

    let alice = list(&srv, "?external_user_id=alice").await;
    assert_eq!(ids(&alice), vec![pending[2].clone(), pending[0].clone()]);
    assert_eq!(alice["sessions"][0]["external_user_id"], "alice");
    let complete = list(&srv, "?complete=true").await;
    assert_eq!(ids(&complete), vec![done.sid.clone()]);
    assert!(complete["sessions"][0]["completed_at"].is_string());
    assert_eq!(list(&srv, "?complete=false").await["total_count"], 4);
    assert_eq!(ids(&list(&srv, "?invalid=true").await), vec![invalid.sid.clone()]);
    assert_eq!(list(&srv, "?invalid=false").await["total_count"], 4);
    assert_eq!(ids(&list(&srv, "?status=error").await), vec![invalid.sid.clone()]);
    assert_eq!(list(&srv, "?status=pending").await["total_count"], 3);

    // Dates: a window holding only the complete session's creation.
    let created = |v: &Value, id: &str| -> String {
        v["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["session_id"] == id)
            .unwrap()["created_at"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let from = created(&all, &done.sid);
    let to = created(&all, &invalid.sid);
    let window = list(&srv, &format!("?created_from={from}&created_to={to}")).await;
    assert_eq!(ids(&window), vec![done.sid.clone()]);

    // Updated: starting the oldest session makes it the most recently updated.
    let oldest_id = &pending[0];
    assert_ne!(&ids(&list(&srv, "?sort=updated_at&limit=1").await)[0], oldest_id);
    let (st, _) = srv.start_raw(oldest_id, "wrong").await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    assert_ne!(
        &ids(&list(&srv, "?sort=updated_at&limit=1").await)[0],
        oldest_id,
        "a refused start changes nothing"
    );
    tokio::time::sleep(Duration::from_millis(5)).await;
    srv.start_session(oldest_id, &first_token.unwrap()).await;
    assert_eq!(&ids(&list(&srv, "?sort=updated_at&limit=1").await)[0], oldest_id);
    assert_ne!(
        &ids(&list(&srv, "?sort=updated_at&order=asc&limit=1").await)[0],
        oldest_id
    );
    assert_eq!(
        &ids(&list(&srv, "?order=asc&limit=1").await)[0],
        oldest_id,
        "still the oldest created"
    );

    for q in [
        "?complete=maybe",
        "?created_from=yesterday",
        "?sort=name",
        "?order=sideways",
    ] {
        let url = srv.url(&format!("/api/v1/verification{q}"));
        let (st, v) = srv
            .call(Method::GET, &url, Some(&srv.api_key.clone()), None)
            .await;
        assert_eq!(
            (st, v["error"].clone()),
            (StatusCode::BAD_REQUEST, json!("invalid_request")),
            "{q}"
        );
    }
}
