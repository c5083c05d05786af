//! The OpenAPI document at `/api/v1/openapi.json` against the service's real
//! answers: every answer of every route, success or error, has its status
//! documented for that operation, and its JSON body validates against the
//! documented schema (JSON Schema 2020-12, with the `jsonschema` crate).

mod common;

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use common::{b64, image_body, sample, Server};
use kyc_contract::ImageType::{DocumentBack, DocumentFront, Selfie};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// The server, its document, and what was checked.
struct Checked {
    srv: Server,
    doc: Value,
    /// (method, path template, status) of every answer checked.
    seen: Mutex<BTreeSet<(String, String, u16)>>,
}

impl Checked {
    async fn start() -> Checked {
        let srv = Server::start_with(|c| c.retention_sweep = Duration::from_millis(50)).await;
        let res = srv
            .client
            .get(srv.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let doc: Value = res.json().await.unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(doc["servers"][0]["url"], json!(srv.base));
        Checked {
            srv,
            doc,
            seen: Mutex::new(BTreeSet::new()),
        }
    }

    /// `{sid}` and `{id}` of `template` filled in.
    fn url(&self, template: &str, sid: &str, id: &str) -> String {
        self.srv.url(&template.replace("{sid}", sid).replace("{id}", id))
    }

    /// Sends the request and checks its answer against the document.
    async fn check(
        &self,
        method: Method,
        template: &str,
        url: &str,
        bearer: Option<&str>,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut rb = self.srv.client.request(method.clone(), url);
        if let Some(b) = bearer {
            rb = rb.bearer_auth(b);
        }
        if let Some(body) = body {
            rb = rb.json(body);
        }
        let res = rb.send().await.unwrap();
        let status = res.status();
        let content_type = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let bytes = res.bytes().await.unwrap();
        let m = method.as_str().to_ascii_lowercase();
        let op = &self.doc["paths"][template][&m];
        assert!(op.is_object(), "{m} {template} is not in the document");
        let documented = &op["responses"][status.as_str()];
        assert!(
            documented.is_object(),
            "{m} {template} answered {status}, which the document does not list: {}",
            String::from_utf8_lossy(&bytes)
        );
        let value = if content_type.starts_with("application/json") {
            let value: Value = serde_json::from_slice(&bytes).unwrap();
            let schema = &documented["content"]["application/json"]["schema"];
            assert!(schema.is_object(), "{m} {template} {status}: no JSON schema");
            self.validate(schema, &value, &format!("{m} {template} {status}"));
            value
        } else {
            assert!(
                documented["content"][&content_type].is_object(),
                "{m} {template} {status}: {content_type} is not documented"
            );
            Value::Null
        };
        self.seen
            .lock()
            .unwrap()
            .insert((m, template.to_owned(), status.as_u16()));
        (status, value)
    }

    fn validate(&self, schema: &Value, value: &Value, what: &str) {
        let root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": self.doc["components"],
            "allOf": [schema],
        });
        let validator = jsonschema::draft202012::new(&root).unwrap_or_else(|e| panic!("{what}: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{what}: {errors:?}\n{value}");
    }
}

const SESSIONS: &str = "/api/v1/verification";
const SESSION: &str = "/api/v1/verification/{sid}";
const START: &str = "/api/v1/verification/{sid}/start";
const CONSENT: &str = "/api/v1/verification/{sid}/consent";
const IMAGES: &str = "/api/v1/verification/{sid}/images";
const IMAGE: &str = "/api/v1/verification/{sid}/images/{id}";
const STATUS: &str = "/api/v1/verification/{sid}/status";
const HANDOFF: &str = "/api/v1/verification/{sid}/handoff";
const LIVENESS: &str = "/api/v1/verification/{sid}/liveness";
const RESULT: &str = "/api/v1/verification/{sid}/result";
const WEBHOOKS: &str = "/api/v1/verification/{sid}/webhooks";
const OPENAPI: &str = "/api/v1/openapi.json";

#[tokio::test]
async fn every_answer_of_every_route_matches_the_openapi_document() {
    let c = Checked::start().await;
    let key = c.srv.api_key.clone();
    let key = Some(key.as_str());
    let u = |t: &str, sid: &str| c.url(t, sid, "");
    let (get, post, delete) = (Method::GET, Method::POST, Method::DELETE);

    c.check(get.clone(), OPENAPI, &c.srv.url(OPENAPI), None, None)
        .await;

    // Create: 201, 400, 401, 413.
    let body = json!({"callback_url": "http://localhost/cb", "state": "s1",
                      "customer_information": {"external_user_id": "u1"},
                      "mock_behavior": {"feedback": ["blur"], "processing_time": "0s"}});
    let (_, created) = c
        .check(post.clone(), SESSIONS, &c.srv.url(SESSIONS), key, Some(&body))
        .await;
    let sid = created["session_id"].as_str().unwrap().to_owned();
    let start_token = created["start_token"].as_str().unwrap().to_owned();
    let bad = json!({"callback_url": "http://partner.example/cb"});
    c.check(post.clone(), SESSIONS, &c.srv.url(SESSIONS), key, Some(&bad))
        .await;
    c.check(
        post.clone(),
        SESSIONS,
        &c.srv.url(SESSIONS),
        Some("wrong"),
        Some(&body),
    )
    .await;
    let huge = json!({"state": "x".repeat(70_000)});
    c.check(post.clone(), SESSIONS, &c.srv.url(SESSIONS), key, Some(&huge))
        .await;

    // List: 200, 400.
    c.check(get.clone(), SESSIONS, &c.srv.url(SESSIONS), key, None)
        .await;
    let bad_list = c.srv.url("/api/v1/verification?limit=0");
    c.check(get.clone(), SESSIONS, &bad_list, key, None).await;

    // Start: 400, 401, 404, 200.
    let start = |token: &str| json!({"start_token": token, "device_info": {"type": "mobile"}});
    c.check(post.clone(), START, &u(START, &sid), None, Some(&json!({"x": 1})))
        .await;
    c.check(post.clone(), START, &u(START, &sid), None, Some(&start("nope")))
        .await;
    c.check(
        post.clone(),
        START,
        &u(START, "nosuch"),
        None,
        Some(&start("nope")),
    )
    .await;
    let (_, started) = c
        .check(
            post.clone(),
            START,
            &u(START, &sid),
            None,
            Some(&start(&start_token)),
        )
        .await;
    let token = started["access_token"].as_str().unwrap().to_owned();
    let tok = Some(token.as_str());

    // Consent: 200, 401, 400, and uploads before it: 403.
    c.check(get.clone(), CONSENT, &u(CONSENT, &sid), tok, None).await;
    c.check(get.clone(), CONSENT, &u(CONSENT, &sid), Some("bad"), None)
        .await;
    let front = image_body(DocumentFront, sample(DocumentFront), Some("f1"));
    c.check(post.clone(), IMAGES, &u(IMAGES, &sid), tok, Some(&front))
        .await;
    c.check(
        post.clone(),
        CONSENT,
        &u(CONSENT, &sid),
        tok,
        Some(&json!({"granted": false})),
    )
    .await;
    c.check(
        post.clone(),
        CONSENT,
        &u(CONSENT, &sid),
        tok,
        Some(&json!({"granted": true})),
    )
    .await;

    // Uploads: a rejection (mocked), a broken image (400), an oversize body (413), then all in.
    c.check(post.clone(), IMAGES, &u(IMAGES, &sid), tok, Some(&front))
        .await;
    let broken =
        json!({"image": {"format": "jpg", "image_type": "document_back", "content": "bm90IGEganBlZw=="}});
    c.check(post.clone(), IMAGES, &u(IMAGES, &sid), tok, Some(&broken))
        .await;
    let oversize =
        json!({"image": {"format": "jpg", "image_type": "selfie", "content": "A".repeat(11 << 20)}});
    c.check(post.clone(), IMAGES, &u(IMAGES, &sid), tok, Some(&oversize))
        .await;
    c.check(get.clone(), STATUS, &u(STATUS, &sid), tok, None).await;
    c.check(post.clone(), HANDOFF, &u(HANDOFF, &sid), tok, None).await;
    for (t, id) in [(DocumentFront, "f2"), (DocumentBack, "b1"), (Selfie, "s1")] {
        let b = image_body(t, sample(t), Some(id));
        let (st, v) = c
            .check(post.clone(), IMAGES, &u(IMAGES, &sid), tok, Some(&b))
            .await;
        assert_eq!((st, &v["feedback"]), (StatusCode::OK, &json!("ok")), "{v}");
    }
    let again = image_body(Selfie, sample(Selfie), Some("s2"));
    c.check(post.clone(), IMAGES, &u(IMAGES, &sid), tok, Some(&again))
        .await; // 409
    c.check(post.clone(), HANDOFF, &u(HANDOFF, &sid), tok, None).await; // 409
    c.check(get.clone(), STATUS, &u(STATUS, &sid), tok, None).await;

    // The backend's reads of a complete session.
    let (_, result) = c.check(get.clone(), RESULT, &u(RESULT, &sid), key, None).await;
    assert_eq!(result["status"], "complete");
    c.check(get.clone(), RESULT, &u(RESULT, "nosuch"), key, None)
        .await;
    let (_, images) = c.check(get.clone(), IMAGES, &u(IMAGES, &sid), key, None).await;
    let image_id = images["session_images"][0]["id"].as_str().unwrap().to_owned();
    c.check(get.clone(), IMAGES, &u(IMAGES, &sid), Some("wrong"), None)
        .await;
    let image = c.url(IMAGE, &sid, &image_id);
    c.check(get.clone(), IMAGE, &image, key, None).await;
    c.check(get.clone(), IMAGE, &format!("{image}?format=base64"), key, None)
        .await;
    c.check(get.clone(), IMAGE, &format!("{image}?format=png"), key, None)
        .await;
    c.check(get.clone(), IMAGE, &c.url(IMAGE, &sid, "img_nosuch"), key, None)
        .await;
    c.check(get.clone(), WEBHOOKS, &u(WEBHOOKS, &sid), key, None)
        .await;
    c.check(get.clone(), WEBHOOKS, &u(WEBHOOKS, "nosuch"), key, None)
        .await;

    // An incomplete session's result, a simulated outage (503), the attempt limit (403).
    let body = json!({"max_attempts": 1, "mock_behavior": {"fail_uploads": 1, "feedback": ["glare"]}});
    let s2 = c.srv.session(body).await;
    let t2 = Some(s2.token.as_str());
    c.check(get.clone(), RESULT, &u(RESULT, &s2.sid), key, None).await;
    let unnamed = image_body(DocumentFront, sample(DocumentFront), None);
    let mut answers = vec![];
    for _ in 0..3 {
        let (st, _) = c
            .check(post.clone(), IMAGES, &u(IMAGES, &s2.sid), t2, Some(&unnamed))
            .await;
        answers.push(st.as_u16());
    }
    assert_eq!(answers, [503, 200, 403]);
    c.check(post.clone(), HANDOFF, &u(HANDOFF, &s2.sid), t2, None)
        .await; // 403
    c.check(get.clone(), RESULT, &u(RESULT, &s2.sid), key, None).await;

    // A liveness try: refused (400), declined (200), then the step is final (409); the status
    // and the result show the step.
    let lively = c
        .srv
        .session(json!({"required_images": ["selfie"], "liveness": {"challenge": "approach"}}))
        .await;
    let tl = Some(lively.token.as_str());
    let frame = json!({"content": b64(sample(Selfie)), "t_ms": 0});
    let bad = json!({"attempt_id": "l1", "declined": true, "frames": [frame]});
    let url = u(LIVENESS, &lively.sid);
    let (st, v) = c.check(post.clone(), LIVENESS, &url, tl, Some(&bad)).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{v}");
    let declined = json!({"attempt_id": "l1", "declined": true});
    let (st, v) = c.check(post.clone(), LIVENESS, &url, tl, Some(&declined)).await;
    assert_eq!((st, &v["status"]), (StatusCode::OK, &json!("declined")), "{v}");
    let again = json!({"attempt_id": "l2", "declined": true});
    let (st, _) = c.check(post.clone(), LIVENESS, &url, tl, Some(&again)).await;
    assert_eq!(st, StatusCode::CONFLICT);
    let (_, v) = c
        .check(get.clone(), STATUS, &u(STATUS, &lively.sid), tl, None)
        .await;
    assert_eq!(v["liveness"]["status"], "declined", "{v}");
    let (_, v) = c
        .check(get.clone(), RESULT, &u(RESULT, &lively.sid), key, None)
        .await;
    assert_eq!(v["liveness"]["status"], "declined", "{v}");

    // Expired (410 expired) and past its time_to_live (410 deleted).
    let expiring = c.srv.session(json!({"expires_in_ms": 1000})).await;
    let short = json!({"expires_in_ms": 1000, "time_to_live": "1s"});
    let (_, gone) = c
        .check(post.clone(), SESSIONS, &c.srv.url(SESSIONS), key, Some(&short))
        .await;
    let gone_sid = gone["session_id"].as_str().unwrap().to_owned();
    let gone_start = start(gone["start_token"].as_str().unwrap());
    let (_, s3) = c
        .check(post.clone(), START, &u(START, &gone_sid), None, Some(&gone_start))
        .await;
    let t3 = s3["access_token"].as_str().unwrap().to_owned();
    let t3 = Some(t3.as_str());
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (st, v) = c
        .check(
            get.clone(),
            CONSENT,
            &u(CONSENT, &expiring.sid),
            Some(&expiring.token),
            None,
        )
        .await;
    assert_eq!((st, &v["error"]), (StatusCode::GONE, &json!("expired")), "{v}");
    tokio::time::sleep(Duration::from_millis(400)).await;
    for (m, t) in [
        (get.clone(), RESULT),
        (get.clone(), IMAGES),
        (get.clone(), WEBHOOKS),
        (get.clone(), STATUS),
        (get.clone(), CONSENT),
        (post.clone(), HANDOFF),
    ] {
        let bearer = if [STATUS, CONSENT, HANDOFF].contains(&t) {
            t3
        } else {
            key
        };
        let (st, v) = c.check(m, t, &u(t, &gone_sid), bearer, None).await;
        assert_eq!((st, &v["error"]), (StatusCode::GONE, &json!("deleted")), "{t}");
    }
    c.check(post.clone(), START, &u(START, &gone_sid), None, Some(&gone_start))
        .await;
    c.check(
        post.clone(),
        CONSENT,
        &u(CONSENT, &gone_sid),
        t3,
        Some(&json!({"granted": true})),
    )
    .await;
    c.check(get.clone(), IMAGE, &c.url(IMAGE, &gone_sid, "x"), key, None)
        .await;

    // Delete: 200, then 404; 401.
    c.check(delete.clone(), SESSION, &u(SESSION, &sid), Some("wrong"), None)
        .await;
    c.check(delete.clone(), SESSION, &u(SESSION, &sid), key, None)
        .await;
    c.check(delete.clone(), SESSION, &u(SESSION, &sid), key, None)
        .await;

    // Rate limited (429), last: it shuts this address out for a while.
    let mut limited = false;
    for _ in 0..40 {
        let (st, _) = c
            .check(get.clone(), SESSIONS, &c.srv.url(SESSIONS), Some("wrong"), None)
            .await;
        if st == StatusCode::TOO_MANY_REQUESTS {
            limited = true;
            break;
        }
    }
    assert!(limited, "no 429 after a burst of wrong keys");

    // Every operation's success was checked, and every error status somewhere.
    let seen = c.seen.lock().unwrap().clone();
    for (path, item) in c.doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let success = op["responses"]
                .as_object()
                .unwrap()
                .keys()
                .map(|k| k.parse::<u16>().unwrap())
                .find(|s| *s < 300)
                .unwrap();
            assert!(
                seen.contains(&(method.clone(), path.clone(), success)),
                "{method} {path} {success} was not checked"
            );
        }
    }
    let statuses: BTreeSet<u16> = seen.iter().map(|(_, _, s)| *s).collect();
    for status in [400, 401, 403, 404, 409, 410, 413, 429, 503] {
        assert!(statuses.contains(&status), "no {status} answer was checked");
    }
    c.srv.stop().await;
}

#[tokio::test]
async fn the_document_names_every_route_of_the_router_and_nothing_else() {
    let c = Checked::start().await;
    let mut documented: Vec<(String, String)> = vec![];
    for (path, item) in c.doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    documented.sort();
    let mut routes: Vec<(String, String)> = [
        ("post", SESSIONS),
        ("get", SESSIONS),
        ("delete", SESSION),
        ("post", START),
        ("get", CONSENT),
        ("post", CONSENT),
        ("post", IMAGES),
        ("get", IMAGES),
        ("get", IMAGE),
        ("get", STATUS),
        ("post", HANDOFF),
        ("post", LIVENESS),
        ("get", RESULT),
        ("get", WEBHOOKS),
        ("get", OPENAPI),
    ]
    .iter()
    .map(|(m, p)| (m.to_string(), p.to_string()))
    .collect();
    routes.sort();
    assert_eq!(documented, routes);
    // A route the document lists answers (not the API's 404 for an unknown endpoint or a 405).
    for (method, path) in &documented {
        let url = c.url(path, "nosuch", "x");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let res = c.srv.client.request(method, &url).send().await.unwrap();
        let status = res.status();
        let body = res.text().await.unwrap();
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
        assert!(!body.contains("No such API endpoint"), "{path}: {body}");
    }
    c.srv.stop().await;
}
