//! Signed webhooks over real HTTP: a local receiver gets a session's events
//! in order and verifies each; deliveries are retried, logged, and survive a
//! restart of the service while a delivery was failing.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode as AxumStatus};
use common::{image_body, sample, Server};
use kyc_contract::ImageType::Selfie;
use kyc_sandbox::webhooks::signature::{self, Refused, TOLERANCE_SECS};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A request the receiver got: its signature header and raw body.
#[derive(Clone, Debug)]
struct Received {
    signature: String,
    body: String,
}

/// A partner's webhook endpoint: records what it accepts; answers 500 while `failing`.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    refused: Arc<Mutex<u32>>,
    failing: Arc<AtomicBool>,
}

impl Receiver {
    async fn start(&self) -> String {
        let me = self.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let me = me.clone();
                async move {
                    if me.failing.load(Ordering::SeqCst) {
                        *me.refused.lock().unwrap() += 1;
                        return AxumStatus::INTERNAL_SERVER_ERROR;
                    }
                    let signature = headers[signature::HEADER].to_str().unwrap().to_owned();
                    me.got.lock().unwrap().push(Received { signature, body });
                    AxumStatus::NO_CONTENT
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        url
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Waits until `n` events arrived.
    async fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.got().len() < n {
            assert!(Instant::now() < deadline, "only {:?} arrived", types(&self.got()));
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.got()
    }
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn types(got: &[Received]) -> Vec<String> {
    got.iter()
        .map(|r| {
            serde_json::from_str::<Value>(&r.body).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// Each verifies with `secret`; their ids are distinct.
fn verify_all(got: &[Received], secret: &[u8]) {
    let mut ids = std::collections::HashSet::new();
    for r in got {
        signature::verify(
            secret,
            &r.signature,
            r.body.as_bytes(),
            now_secs(),
            TOLERANCE_SECS,
        )
        .unwrap_or_else(|e| panic!("{e:?}: {r:?}"));
        let v: Value = serde_json::from_str(&r.body).unwrap();
        assert!(v["id"].as_str().unwrap().starts_with("evt_"));
        assert!(v["created_at"].as_str().unwrap().ends_with('Z'));
        assert!(
            ids.insert(v["id"].as_str().unwrap().to_owned()),
            "one delivery per event here"
        );
    }
}

#[tokio::test]
async fn a_session_posts_signed_events_in_order_and_logs_the_deliveries() {
    let receiver = Receiver::default();
    let url = receiver.start().await;
    let srv = Server::start_with(|c| {
        c.webhook_secret = Some("whsec_test".into());
        c.webhook_retry.base_ms = 50;
    })
    .await;
    let s = srv
        .session(json!({
            "webhook_url": url, "state": "st", "customer_information": {"external_user_id": "u1"},
            "required_images": ["selfie"], "mock_behavior": {"feedback": ["blur"], "processing_time": "300ms"},
        }))
        .await;
    srv.upload(&s, Selfie, sample(Selfie), None).await;
    receiver.wait_for(1).await;
    // The receiver fails for a while: the event waits and is retried.
    receiver.failing.store(true, Ordering::SeqCst);
    srv.upload_ok(&s, Selfie).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    receiver.failing.store(false, Ordering::SeqCst);
    let got = receiver.wait_for(3).await;
    assert_eq!(
        types(&got),
        ["image.rejected", "session.submitted", "session.completed"]
    );
    verify_all(&got, b"whsec_test");
    let rejected: Value = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!(
        (
            &rejected["session_id"],
            &rejected["feedback"],
            &rejected["image_type"],
            &rejected["attempts_left"]
        ),
        (&json!(s.sid), &json!("blur"), &json!("selfie"), &json!(4))
    );
    let completed: Value = serde_json::from_str(&got[2].body).unwrap();
    assert_eq!(
        (
            &completed["status"],
            &completed["state"],
            &completed["external_user_id"]
        ),
        (&json!("complete"), &json!("st"), &json!("u1"))
    );

    // The delivery log: every event delivered, the failures before it logged.
    let key = srv.api_key.clone();
    let (st, log) = srv
        .call(Method::GET, &srv.api(&s.sid, "/webhooks"), Some(&key), None)
        .await;
    assert_eq!(st, StatusCode::OK, "{log}");
    let deliveries = log["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 3);
    assert!(deliveries
        .iter()
        .all(|d| d["status"] == "delivered" && d["url"] == url.as_str()));
    let tries: Vec<usize> = deliveries
        .iter()
        .map(|d| d["attempts"].as_array().unwrap().len())
        .collect();
    assert!(tries[1] > 1, "the submitted event was retried: {log}");
    assert_eq!(deliveries[1]["attempts"][0]["status_code"], 500);
    assert_eq!(deliveries[1]["attempts"][0]["error"], "HTTP 500");
    assert_eq!(
        *deliveries[1]["attempts"].as_array().unwrap().last().unwrap(),
        json!({"at": deliveries[1]["delivered_at"], "status_code": 204})
    );
    for (d, r) in deliveries.iter().zip(&got) {
        assert_eq!(
            d["event_id"],
            serde_json::from_str::<Value>(&r.body).unwrap()["id"]
        );
    }
    let (st, _) = srv
        .call(Method::GET, &srv.api("nope", "/webhooks"), Some(&key), None)
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_changed_body_a_wrong_secret_or_a_stale_timestamp_fail_verification() {
    let receiver = Receiver::default();
    let url = receiver.start().await;
    let srv = Server::start_with(|c| {
        c.webhook_url = Some(url.clone());
        c.webhook_secret = Some("whsec_right".into());
    })
    .await;
    // The sandbox-wide URL applies; deleting an open session is a cancellation.
    let c = srv.create(json!({})).await;
    let key = srv.api_key.clone();
    srv.call(Method::DELETE, &srv.api(&c.session_id, ""), Some(&key), None)
        .await;
    let got = receiver.wait_for(1).await;
    assert_eq!(types(&got), ["session.cancelled"]);
    let r = &got[0];
    let now = now_secs();
    assert_eq!(
        signature::verify(
            b"whsec_right",
            &r.signature,
            r.body.as_bytes(),
            now,
            TOLERANCE_SECS
        ),
        Ok(())
    );
    assert_eq!(
        signature::verify(
            b"whsec_wrong",
            &r.signature,
            r.body.as_bytes(),
            now,
            TOLERANCE_SECS
        ),
        Err(Refused::Mismatch)
    );
    let changed = r.body.replace("session.cancelled", "session.completed");
    assert_eq!(
        signature::verify(
            b"whsec_right",
            &r.signature,
            changed.as_bytes(),
            now,
            TOLERANCE_SECS
        ),
        Err(Refused::Mismatch)
    );
    assert_eq!(
        signature::verify(
            b"whsec_right",
            &r.signature,
            r.body.as_bytes(),
            now + TOLERANCE_SECS + 5,
            TOLERANCE_SECS
        ),
        Err(Refused::Stale)
    );
    // The log of a deleted session stays readable.
    let (st, log) = srv
        .call(
            Method::GET,
            &srv.api(&c.session_id, "/webhooks"),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(
        (st, log["deliveries"][0]["type"].clone()),
        (StatusCode::OK, json!("session.cancelled"))
    );
    // A webhook URL must be https or loopback http.
    let (st, v) = srv
        .create_raw(json!({"webhook_url": "http://partner.example/hook"}))
        .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(v["message"].as_str().unwrap().contains("webhook_url"), "{v}");
}

/// The built `kyc-sandbox`, killed when dropped.
struct Child {
    child: std::process::Child,
    base: String,
}

impl Child {
    fn start(db: &std::path::Path, webhook_url: &str) -> Child {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kyc-sandbox"))
            .args([
                "--addr",
                "127.0.0.1:0",
                "--no-demo",
                "--api-key",
                "k_test",
                "--processing-time",
                "1s",
            ])
            .args([
                "--webhook-secret",
                "whsec_child",
                "--webhook-retry",
                "100ms",
                "--webhook-url",
                webhook_url,
            ])
            .arg("--db")
            .arg(db)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .unwrap();
        let out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut base = None;
        for line in out.lines() {
            let line = line.unwrap();
            if let Some(b) = line.strip_prefix("kyc-sandbox listening on ") {
                base = Some(b.trim().to_owned());
            }
            if line.contains("Ctrl-C to stop.") {
                break;
            }
        }
        Child {
            child,
            base: base.expect("the address"),
        }
    }

    async fn call(&self, method: Method, path: &str, bearer: &str, body: Option<Value>) -> Value {
        let mut rb = reqwest::Client::new()
            .request(method, format!("{}/api/v1/verification{path}", self.base))
            .bearer_auth(bearer);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let res = rb.send().await.unwrap();
        assert!(res.status().is_success(), "{path}: {}", res.status());
        res.json().await.unwrap()
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn the_completion_event_survives_a_kill_while_its_delivery_was_failing() {
    let receiver = Receiver::default();
    let url = receiver.start().await;
    let tmp = tempfile::tempdir().unwrap();
    let db = common::db_path(tmp.path());
    let first = Child::start(&db, &url);
    let c = first
        .call(
            Method::POST,
            "",
            "k_test",
            Some(json!({"required_images": ["selfie"], "mock_behavior": {"feedback": ["glare"]}})),
        )
        .await;
    let sid = c["session_id"].as_str().unwrap().to_owned();
    let started = first
        .call(
            Method::POST,
            &format!("/{sid}/start"),
            "",
            Some(json!({"start_token": c["start_token"]})),
        )
        .await;
    let token = started["access_token"].as_str().unwrap().to_owned();
    first
        .call(
            Method::POST,
            &format!("/{sid}/consent"),
            &token,
            Some(json!({"granted": true})),
        )
        .await;
    first
        .call(
            Method::POST,
            &format!("/{sid}/images"),
            &token,
            Some(image_body(Selfie, sample(Selfie), None)),
        )
        .await;
    assert_eq!(types(&receiver.wait_for(1).await), ["image.rejected"]);

    // The receiver goes down; the last image goes in; processing ends while deliveries fail.
    receiver.failing.store(true, Ordering::SeqCst);
    first
        .call(
            Method::POST,
            &format!("/{sid}/images"),
            &token,
            Some(image_body(Selfie, sample(Selfie), None)),
        )
        .await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let log = first
            .call(Method::GET, &format!("/{sid}/webhooks"), "k_test", None)
            .await;
        let d = log["deliveries"].as_array().unwrap().clone();
        let completed_queued = d.iter().any(|x| x["type"] == "session.completed");
        if completed_queued && *receiver.refused.lock().unwrap() >= 3 {
            assert!(
                d.iter()
                    .all(|x| x["status"] != "delivered" || x["type"] == "image.rejected"),
                "{log}"
            );
            break;
        }
        assert!(Instant::now() < deadline, "{log}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(first); // SIGKILL: no graceful shutdown.

    receiver.failing.store(false, Ordering::SeqCst);
    let second = Child::start(&db, &url);
    let got = receiver.wait_for(3).await;
    assert_eq!(
        types(&got),
        ["image.rejected", "session.submitted", "session.completed"]
    );
    verify_all(&got, b"whsec_child");
    // The service records a delivery once the receiver has answered: the log may lag the
    // receiver by a moment.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let log = second
            .call(Method::GET, &format!("/{sid}/webhooks"), "k_test", None)
            .await;
        let delivered = log["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "delivered");
        if delivered {
            break;
        }
        assert!(Instant::now() < deadline, "{log}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
