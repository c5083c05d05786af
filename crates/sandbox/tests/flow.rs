//! The session contract end to end, over real HTTP against a real SQLite file.

mod common;

use std::time::{Duration, Instant};

use common::{sample, Server};
use kyc_contract::ImageType::{self, DocumentBack, DocumentFront, Selfie};
use reqwest::{Method, StatusCode};
use serde_json::json;

const ALL: [ImageType; 3] = [DocumentFront, DocumentBack, Selfie];

#[tokio::test]
async fn whole_session_from_create_to_result() {
    let srv = Server::start().await;
    let c = srv
        .create(json!({
            "callback_url": "https://partner.example/done?from=kyc",
            "state": "order 42/é&x",
            "mock_behavior": {"processing_time": "2s", "recommendation": "CHALLENGE"},
            "allowed_origins": ["https://partner.example"],
            "locale": "de",
            "theme": {"primary_color": "#0a5cff", "corner_radius": 8},
        }))
        .await;
    assert_eq!(c.missing_images, ALL.to_vec());
    assert_eq!(
        c.session_url,
        format!("{}/#sid={}&t={}", srv.base, c.session_id, c.start_token)
    );
    assert!(c.qr_svg.starts_with("<?xml") || c.qr_svg.contains("<svg"));

    // The backend sees it pending.
    let r = srv.result(&c.session_id).await;
    assert_eq!(
        (&r["session_id"], &r["status"], &r["completed_at"]),
        (&json!(c.session_id), &json!("pending"), &json!(null))
    );
    assert_eq!(r["expires_at"], c.expiration.as_str());

    let (s, start) = srv.start_session(&c.session_id, &c.start_token).await;
    assert_eq!(start.status, kyc_contract::SessionStatus::Capturing);
    assert!(start.consent_required);
    assert_eq!(start.allowed_origins, vec!["https://partner.example".to_owned()]);
    assert_eq!(start.locale.as_deref(), Some("de"));
    assert_eq!(start.theme.as_ref().unwrap().corner_radius, Some(8));
    assert_eq!(start.attempts_left, 5);

    // Consent: GET before, POST, GET after.
    let (st, v) = srv
        .call(Method::GET, &srv.api(&s.sid, "/consent"), Some(&s.token), None)
        .await;
    assert_eq!((st, v), (StatusCode::OK, json!({"consent_granted": false})));
    let (st, v) = srv
        .call(
            Method::POST,
            &srv.api(&s.sid, "/consent"),
            Some(&s.token),
            Some(json!({"granted": true})),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["consent_granted"], true);
    let date = v["consent_date"].as_str().unwrap().to_owned();
    let (_, v) = srv
        .call(Method::GET, &srv.api(&s.sid, "/consent"), Some(&s.token), None)
        .await;
    assert_eq!(v["consent_date"], date.as_str());

    let v = srv.upload_ok(&s, DocumentFront).await;
    assert_eq!(
        v,
        json!({"feedback": "ok", "complete": false, "missing_images": ["document_back", "selfie"], "attempts_left": 5})
    );
    srv.upload_ok(&s, DocumentBack).await;
    let st = srv.status(&s).await;
    assert_eq!(st["status"], "capturing");
    assert_eq!(st["missing_images"], json!(["selfie"]));
    assert!(st.get("redirect_url").is_none());
    let v = srv.upload_ok(&s, Selfie).await;
    assert_eq!(v["complete"], true);
    assert_eq!(v["missing_images"], json!([]));

    // Processing for 2s, then complete with the redirect.
    assert_eq!(srv.status(&s).await["status"], "processing");
    assert_eq!(srv.result(&s.sid).await["status"], "processing");
    let (st, v) = srv.upload(&s, Selfie, sample(Selfie), None).await;
    assert_eq!(st, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"], "already_complete");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let st = srv.status(&s).await;
    assert_eq!(st["status"], "complete");
    assert_eq!(
        st["redirect_url"],
        format!(
            "https://partner.example/done?from=kyc&sessionId={}&state=order%2042%2F%C3%A9%26x",
            s.sid
        )
    );
    let (code, v) = srv.upload(&s, Selfie, sample(Selfie), None).await;
    assert_eq!(
        (code, v["error"].clone()),
        (StatusCode::CONFLICT, json!("already_complete"))
    );

    // The result: complete, consistent with the mocked recommendation.
    let r = srv.result(&s.sid).await;
    assert_eq!(r["status"], "complete");
    assert_eq!(r["recommendation"], "CHALLENGE");
    assert_eq!(
        r["checks"]["document_authentication"]["recommendation"],
        "CHALLENGE"
    );
    assert_eq!(r["person"]["full_name"], "Alex Sample");
    let used = r["verification_images"].as_array().unwrap();
    assert_eq!(used.len(), 3);
    let parsed: kyc_contract::SessionResult = serde_json::from_value(r.clone()).unwrap();
    assert!(matches!(parsed, kyc_contract::SessionResult::Complete(_)));

    // Images: list, raw, base64.
    let imgs = srv.images(&s.sid).await;
    assert_eq!(imgs.len(), 3);
    assert_eq!(imgs[0]["type"], "document_front");
    assert_eq!(imgs[0]["rejected"], false);
    let id = imgs[0]["id"].as_str().unwrap();
    let res = srv
        .client
        .get(srv.api(&s.sid, &format!("/images/{id}?format=raw")))
        .bearer_auth(&srv.api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.bytes().await.unwrap().as_ref(), sample(DocumentFront));
    let key = srv.api_key.clone();
    let (st, v) = srv
        .call(
            Method::GET,
            &srv.api(&s.sid, &format!("/images/{id}?format=base64")),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["content"], common::b64(sample(DocumentFront)));
    assert_eq!(v["format"], "base64");
    let (st, v) = srv
        .call(
            Method::GET,
            &srv.api(&s.sid, &format!("/images/{id}?format=png")),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("invalid_request"))
    );
    let (st, v) = srv
        .call(
            Method::GET,
            &srv.api(&s.sid, "/images/img_nope"),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::NOT_FOUND, json!("not_found"))
    );

    // Delete: 200, then everything is 404.
    let (st, _) = srv
        .call(Method::DELETE, &srv.api(&s.sid, ""), Some(&key), None)
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, v) = srv
        .call(Method::DELETE, &srv.api(&s.sid, ""), Some(&key), None)
        .await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::NOT_FOUND, json!("not_found"))
    );
    for path in ["/result", "/images"] {
        let (st, _) = srv
            .call(Method::GET, &srv.api(&s.sid, path), Some(&key), None)
            .await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{path}");
    }
    let (st, _) = srv
        .call(
            Method::GET,
            &srv.api(&s.sid, &format!("/images/{id}")),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = srv
        .call(Method::GET, &srv.api(&s.sid, "/status"), Some(&s.token), None)
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn backend_calls_need_the_api_key() {
    let srv = Server::start().await;
    let c = srv.create(json!({})).await;
    let sid = &c.session_id;
    let create = srv.url("/api/v1/verification");
    let calls: Vec<(Method, String)> = vec![
        (Method::POST, create.clone()),
        (Method::GET, create.clone()),
        (Method::GET, srv.api(sid, "/result")),
        (Method::GET, srv.api(sid, "/images")),
        (Method::GET, srv.api(sid, "/images/x")),
        (Method::DELETE, srv.api(sid, "")),
    ];
    // An access token is not an API key either.
    let (s, _) = srv.start_session(sid, &c.start_token).await;
    for (m, url) in calls {
        for bearer in [None, Some("wrong"), Some(s.token.as_str())] {
            let (st, v) = srv.call(m.clone(), &url, bearer, Some(json!({}))).await;
            assert_eq!(st, StatusCode::UNAUTHORIZED, "{m} {url} {bearer:?}");
            assert_eq!(v["error"], "unauthorized");
            assert!(!v["message"].as_str().unwrap().is_empty());
        }
    }
    // 404 with the key.
    let key = srv.api_key.clone();
    for (m, path) in [
        (Method::GET, "/result"),
        (Method::GET, "/images"),
        (Method::DELETE, ""),
    ] {
        let (st, v) = srv.call(m, &srv.api("nope", path), Some(&key), None).await;
        assert_eq!(
            (st, v["error"].clone()),
            (StatusCode::NOT_FOUND, json!("not_found")),
            "{path}"
        );
    }
}

#[tokio::test]
async fn create_validates_its_input() {
    let srv = Server::start().await;
    for ok in [
        json!({"callback_url": "https://partner.example/cb"}),
        json!({"callback_url": "http://localhost:3000/cb"}),
        json!({"callback_url": "http://127.0.0.1/cb"}),
        json!({"callback_url": "http://[::1]:9000/cb"}),
        json!({"required_images": ["selfie"]}),
        json!({"theme": {"logo_url": "https://cdn.example/logo.png", "font_family": "Inter, sans-serif"}}),
        json!({"mock_behavior": {"processing_time": "1m30s", "mock_recommendation": "DENY"}}),
    ] {
        let (st, v) = srv.create_raw(ok.clone()).await;
        assert_eq!(st, StatusCode::CREATED, "{ok} {v}");
    }
    for (bad, words) in [
        (
            json!({"callback_url": "http://partner.example/cb"}),
            "callback_url",
        ),
        (json!({"callback_url": "/relative/cb"}), "callback_url"),
        (json!({"callback_url": "javascript:alert(1)"}), "callback_url"),
        (json!({"callback_url": "ftp://partner.example/"}), "callback_url"),
        (
            json!({"theme": {"primary_color": "red; background: url(x)"}}),
            "theme.primary_color",
        ),
        (
            json!({"theme": {"logo_url": "javascript:alert(1)"}}),
            "theme.logo_url",
        ),
        (json!({"theme": {"corner_radius": 99}}), "theme.corner_radius"),
        (
            json!({"theme": {"font_family": "</style><script>"}}),
            "theme.font_family",
        ),
        (
            json!({"allowed_origins": ["https://partner.example/path"]}),
            "allowed_origins",
        ),
        (json!({"allowed_origins": ["*"]}), "allowed_origins"),
        (json!({"required_images": []}), "required_images"),
        (
            json!({"required_images": ["selfie", "selfie"]}),
            "required_images",
        ),
        (json!({"required_images": ["passport"]}), "wrong shape"),
        (
            json!({"mock_behavior": {"processing_time": "soon"}}),
            "processing_time",
        ),
        (
            json!({"mock_behavior": {"recommendation": "MAYBE"}}),
            "wrong shape",
        ),
        (json!({"expires_in_ms": 0}), "expires_in_ms"),
        (json!({"max_attempts": 0}), "max_attempts"),
        (json!({"locale": "<b>"}), "locale"),
        (json!([1, 2]), "wrong shape"),
    ] {
        let (st, v) = srv.create_raw(bad.clone()).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{bad} {v}");
        assert_eq!(v["error"], "invalid_request", "{bad}");
        assert!(v["message"].as_str().unwrap().contains(words), "{bad}: {v}");
    }
    let key = srv.api_key.clone();
    let (st, v) = srv
        .raw(
            Method::POST,
            &srv.url("/api/v1/verification"),
            Some(&key),
            b"not json".to_vec(),
        )
        .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(v["message"].as_str().unwrap().contains("not valid JSON"), "{v}");
}

#[tokio::test]
async fn start_token_is_single_use_and_checked() {
    let srv = Server::start().await;
    let c = srv.create(json!({})).await;
    let (st, v) = srv.start_raw(&c.session_id, "wrong-token").await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::UNAUTHORIZED, json!("unauthorized"))
    );
    let (st, v) = srv.start_raw("no-such-session", &c.start_token).await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::NOT_FOUND, json!("not_found"))
    );
    let (st, v) = srv
        .call(
            Method::POST,
            &srv.api(&c.session_id, "/start"),
            None,
            Some(json!({"token": 1})),
        )
        .await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("invalid_request"))
    );

    let (s, _) = srv.start_session(&c.session_id, &c.start_token).await;
    let (st, v) = srv.start_raw(&c.session_id, &c.start_token).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    assert_eq!(
        v,
        json!({"error": "unauthorized", "message": "This link was already used on another device"})
    );
    // The first device goes on.
    assert_eq!(srv.status(&s).await["status"], "capturing");
}

#[tokio::test]
async fn widget_calls_need_an_access_token_for_that_session() {
    // 21 wrong credentials in a row: more than the default burst allows.
    let srv = Server::start_with(|c| {
        c.limits.auth_failures = kyc_sandbox::limits::Rate::new(100, std::time::Duration::from_secs(1))
    })
    .await;
    let a = srv.session(json!({})).await;
    let b = srv.session(json!({})).await;
    srv.upload_ok(&b, DocumentFront).await;
    let before = srv.status(&b).await;
    let body = common::image_body(DocumentBack, sample(DocumentBack), Some("x"));
    let forged = format!("{}x", a.token);
    for bearer in [
        None,
        Some("garbage"),
        Some(forged.as_str()),
        Some(a.token.as_str()),
    ] {
        for (m, path, body) in [
            (Method::GET, "/status", None),
            (Method::GET, "/consent", None),
            (Method::POST, "/consent", Some(json!({"granted": true}))),
            (Method::POST, "/images", Some(body.clone())),
            (Method::POST, "/handoff", None),
        ] {
            let (st, v) = srv.call(m.clone(), &srv.api(&b.sid, path), bearer, body).await;
            assert_eq!(st, StatusCode::UNAUTHORIZED, "{m} {path} {bearer:?} {v}");
            assert_eq!(v["error"], "unauthorized");
        }
    }
    // The API key is not a widget credential.
    let key = srv.api_key.clone();
    let (st, _) = srv
        .call(Method::GET, &srv.api(&b.sid, "/status"), Some(&key), None)
        .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    // B is untouched: same status, one image.
    assert_eq!(srv.status(&b).await, before);
    assert_eq!(srv.images(&b.sid).await.len(), 1);
    assert_eq!(srv.images(&a.sid).await.len(), 0);
}

#[tokio::test]
async fn consent_errors_and_upload_before_consent() {
    let srv = Server::start().await;
    let c = srv.create(json!({})).await;
    let (s, _) = srv.start_session(&c.session_id, &c.start_token).await;
    let (st, v) = srv.upload(&s, DocumentFront, sample(DocumentFront), None).await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::FORBIDDEN, json!("forbidden")),
        "{v}"
    );
    let (st, v) = srv
        .call(
            Method::POST,
            &srv.api(&s.sid, "/consent"),
            Some(&s.token),
            Some(json!({"granted": false})),
        )
        .await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("invalid_request"))
    );
    let (st, v) = srv
        .raw(
            Method::POST,
            &srv.api(&s.sid, "/consent"),
            Some(&s.token),
            b"{".to_vec(),
        )
        .await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::BAD_REQUEST, json!("invalid_request"))
    );
    let (st, _) = srv
        .call(Method::GET, &srv.api(&s.sid, "/consent"), Some(&s.token), None)
        .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(srv.images(&s.sid).await.len(), 0);
}

#[tokio::test]
async fn same_image_id_returns_the_first_answer_and_counts_once() {
    let srv = Server::start().await;
    let s = srv
        .session(json!({"mock_behavior": {"feedback": ["blur", "ok"]}}))
        .await;
    let (st1, v1) = srv
        .upload(&s, DocumentFront, sample(DocumentFront), Some("img-1"))
        .await;
    assert_eq!(st1, StatusCode::OK);
    assert_eq!(v1["feedback"], "blur");
    assert_eq!(v1["attempts_left"], 4);
    // Retried three times: same body, not counted, the mocked sequence not advanced.
    for _ in 0..3 {
        let (st, v) = srv
            .upload(&s, DocumentFront, sample(DocumentFront), Some("img-1"))
            .await;
        assert_eq!((st, &v), (st1, &v1));
    }
    assert_eq!(srv.status(&s).await["attempts_left"], 4);
    let (_, v2) = srv
        .upload(&s, DocumentFront, sample(DocumentFront), Some("img-2"))
        .await;
    assert_eq!(v2["feedback"], "ok");
    let (_, again) = srv
        .upload(&s, DocumentFront, sample(DocumentFront), Some("img-2"))
        .await;
    assert_eq!(again, v2);
    let imgs = srv.images(&s.sid).await;
    assert_eq!(imgs.len(), 2);
    assert_eq!(imgs[0]["rejected"], true);
    assert_eq!(imgs[1]["rejected"], false);
}

#[tokio::test]
async fn idempotent_retry_after_completion_returns_the_first_answer() {
    let srv = Server::start().await;
    let s = srv
        .session(json!({"required_images": ["selfie"], "mock_behavior": {"processing_time": "0s"}}))
        .await;
    let (st, v) = srv.upload(&s, Selfie, sample(Selfie), Some("only")).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["complete"], true);
    assert_eq!(srv.status(&s).await["status"], "complete");
    // The widget lost the answer and retries: the same 200, not a 409.
    let (st2, v2) = srv.upload(&s, Selfie, sample(Selfie), Some("only")).await;
    assert_eq!((st2, v2), (st, v));
    assert_eq!(srv.images(&s.sid).await.len(), 1);
}

#[tokio::test]
async fn feedback_sequence_is_consumed_in_order() {
    let srv = Server::start().await;
    let s = srv
        .session(
            json!({"mock_behavior": {"feedback": ["glare", "wrong_document_side", "ok", "face_not_found"]}}),
        )
        .await;
    let mut got = vec![];
    for t in [DocumentFront, DocumentFront, DocumentFront, Selfie, Selfie] {
        let (st, v) = srv.upload(&s, t, sample(t), None).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        got.push(v["feedback"].as_str().unwrap().to_owned());
    }
    // After the sequence, the real analysis (the sample selfie is good).
    assert_eq!(
        got,
        ["glare", "wrong_document_side", "ok", "face_not_found", "ok"]
    );
    let st = srv.status(&s).await;
    assert_eq!(st["missing_images"], json!(["document_back"]));
    assert_eq!(st["attempts_left"], 2);
}

#[tokio::test]
async fn attempt_limit_makes_the_session_invalid() {
    let srv = Server::start().await;
    let s = srv
        .session(
            json!({"max_attempts": 3, "callback_url": "https://p.example/cb", "state": "s1",
                        "mock_behavior": {"feedback": ["blur", "glare", "blur", "ok"]}}),
        )
        .await;
    let mut lefts = vec![];
    for _ in 0..3 {
        let (st, v) = srv.upload(&s, DocumentFront, sample(DocumentFront), None).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        assert_ne!(v["feedback"], "ok");
        lefts.push(v["attempts_left"].as_u64().unwrap());
    }
    assert_eq!(lefts, [2, 1, 0]);
    let st = srv.status(&s).await;
    assert_eq!(st["status"], "error");
    assert_eq!(st["error_reason"], "attempt_limit");
    assert_eq!(st["attempts_left"], 0);
    assert_eq!(
        st["redirect_url"],
        format!("https://p.example/cb?sessionId={}&state=s1", s.sid)
    );
    let (st, v) = srv.upload(&s, DocumentFront, sample(DocumentFront), None).await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert_eq!(v["error"], "attempt_limit");
    let (st, v) = srv
        .call(Method::POST, &srv.api(&s.sid, "/handoff"), Some(&s.token), None)
        .await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::FORBIDDEN, json!("attempt_limit"))
    );
    let r = srv.result(&s.sid).await;
    assert_eq!(
        (&r["session_id"], &r["status"], &r["error_reason"]),
        (&json!(s.sid), &json!("error"), &json!("attempt_limit"))
    );
    assert_eq!(r["steps"][0]["status"], "failed");
    assert_eq!(r["steps"][0]["tries"], 3);
    assert_eq!(srv.images(&s.sid).await.len(), 3);
}

#[tokio::test]
async fn fail_uploads_answers_503_then_stores_exactly_one_image() {
    let srv = Server::start().await;
    let s = srv.session(json!({"mock_behavior": {"fail_uploads": 2}})).await;
    for _ in 0..2 {
        let (st, v) = srv
            .upload(&s, DocumentFront, sample(DocumentFront), Some("front-1"))
            .await;
        assert_eq!(st, StatusCode::SERVICE_UNAVAILABLE, "{v}");
        assert_eq!(v["error"], "unavailable");
    }
    assert_eq!(srv.images(&s.sid).await.len(), 0);
    let (st, v) = srv
        .upload(&s, DocumentFront, sample(DocumentFront), Some("front-1"))
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["feedback"], "ok");
    let (st2, v2) = srv
        .upload(&s, DocumentFront, sample(DocumentFront), Some("front-1"))
        .await;
    assert_eq!((st2, v2), (st, v));
    assert_eq!(srv.images(&s.sid).await.len(), 1);
    assert_eq!(srv.status(&s).await["attempts_left"], 5);
}

#[tokio::test]
async fn latency_delays_widget_calls() {
    let srv = Server::start().await;
    let s = srv.session(json!({"mock_behavior": {"latency_ms": 600}})).await;
    let t = Instant::now();
    srv.status(&s).await;
    assert!(t.elapsed() >= Duration::from_millis(600), "{:?}", t.elapsed());
    let t = Instant::now();
    srv.upload_ok(&s, DocumentFront).await;
    assert!(t.elapsed() >= Duration::from_millis(600));
    // Backend calls are not delayed.
    let t = Instant::now();
    srv.result(&s.sid).await;
    assert!(t.elapsed() < Duration::from_millis(600));
}

#[tokio::test]
async fn force_retry_asks_for_a_recapture_round_then_completes() {
    let srv = Server::start().await;
    let s = srv
        .session(json!({"mock_behavior": {"force_retry": true, "processing_time": "0s", "recommendation": "DENY"}}))
        .await;
    for t in ALL {
        srv.upload_ok(&s, t).await;
    }
    let st = srv.status(&s).await;
    assert_eq!(st["status"], "recapture");
    assert_eq!(st["missing_images"], json!(["document_front"]));
    assert_eq!(srv.result(&s.sid).await["status"], "recapture");
    // Recapture round: a rejected try, then the front again.
    let s2 = s.clone();
    let v = srv.upload_ok(&s2, DocumentFront).await;
    assert_eq!(v["complete"], true);
    assert_eq!(v["missing_images"], json!([]));
    let st = srv.status(&s).await;
    assert_eq!(st["status"], "complete");
    assert_eq!(st["missing_images"], json!([]));
    let r = srv.result(&s.sid).await;
    assert_eq!(r["recommendation"], "DENY");
    assert_eq!(r["checks"]["biometric_matching"]["recommendation"], "DENY");
    let front = r["verification_images"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["type"] == "document_front")
        .unwrap()
        .clone();
    let imgs = srv.images(&s.sid).await;
    assert_eq!(imgs.len(), 4);
    assert_eq!(front["id"], imgs[3]["id"], "the result uses the recaptured front");
}

#[tokio::test]
async fn force_retry_round_keeps_status_recapture_until_in() {
    let srv = Server::start().await;
    let s = srv
        .session(json!({"required_images": ["document_front", "selfie"],
                        "mock_behavior": {"force_retry": true, "processing_time": "0s", "feedback": ["ok", "ok", "blur"]}}))
        .await;
    srv.upload_ok(&s, DocumentFront).await;
    srv.upload_ok(&s, Selfie).await;
    assert_eq!(srv.status(&s).await["status"], "recapture");
    let (st, v) = srv.upload(&s, DocumentFront, sample(DocumentFront), None).await;
    assert_eq!((st, v["feedback"].clone()), (StatusCode::OK, json!("blur")));
    assert_eq!(v["missing_images"], json!(["document_front"]));
    let st = srv.status(&s).await;
    assert_eq!(st["status"], "recapture");
    assert_eq!(st["missing_images"], json!(["document_front"]));
    srv.upload_ok(&s, DocumentFront).await;
    assert_eq!(srv.status(&s).await["status"], "complete");
}

#[tokio::test]
async fn expiry_answers_410_and_status_says_expired() {
    let srv = Server::start().await;
    // Expires before it is started.
    let c = srv.create(json!({"expires_in_ms": 300})).await;
    // Expires while capturing.
    let s = srv
        .session(json!({"expires_in_ms": 1500, "callback_url": "http://localhost:9/cb"}))
        .await;
    srv.upload_ok(&s, DocumentFront).await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let (st, v) = srv.start_raw(&c.session_id, &c.start_token).await;
    assert_eq!((st, v["error"].clone()), (StatusCode::GONE, json!("expired")));
    let (st, v) = srv.upload(&s, DocumentBack, sample(DocumentBack), None).await;
    assert_eq!((st, v["error"].clone()), (StatusCode::GONE, json!("expired")));
    let (st, _) = srv
        .call(
            Method::POST,
            &srv.api(&s.sid, "/consent"),
            Some(&s.token),
            Some(json!({"granted": true})),
        )
        .await;
    assert_eq!(st, StatusCode::GONE);
    let (st, _) = srv
        .call(Method::POST, &srv.api(&s.sid, "/handoff"), Some(&s.token), None)
        .await;
    assert_eq!(st, StatusCode::GONE);
    let st = srv.status(&s).await;
    assert_eq!(st["status"], "expired");
    assert_eq!(
        st["redirect_url"],
        format!("http://localhost:9/cb?sessionId={}", s.sid)
    );
    assert_eq!(srv.result(&s.sid).await["status"], "expired");
    assert_eq!(srv.result(&c.session_id).await["status"], "expired");
    assert_eq!(srv.images(&s.sid).await.len(), 1);
}

#[tokio::test]
async fn handoff_binds_a_second_device_and_the_first_keeps_polling() {
    let srv = Server::start().await;
    let desktop = srv.session(json!({})).await;
    let (st, h) = srv
        .call(
            Method::POST,
            &srv.api(&desktop.sid, "/handoff"),
            Some(&desktop.token),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{h}");
    let link = h["session_url"].as_str().unwrap();
    assert!(h["qr_svg"].as_str().unwrap().contains("<svg"));
    assert!(h["expires_at"].as_str().unwrap().ends_with('Z'));
    let token = link.split("&t=").nth(1).unwrap();
    assert!(link.starts_with(&format!("{}/#sid={}&t=", srv.base, desktop.sid)));
    let (phone, r) = srv.start_session(&desktop.sid, token).await;
    assert!(!r.consent_required, "consent was given on the desktop");
    assert!(r.handoff, "the phone learns it was started by a handoff link");
    // Single use.
    let (st, v) = srv.start_raw(&desktop.sid, token).await;
    assert_eq!(
        (st, v["message"].clone()),
        (
            StatusCode::UNAUTHORIZED,
            json!("This link was already used on another device")
        )
    );
    for t in ALL {
        srv.upload_ok(&phone, t).await;
    }
    assert_eq!(srv.status(&desktop).await["status"], "complete");
    let (st, v) = srv
        .call(
            Method::POST,
            &srv.api(&desktop.sid, "/handoff"),
            Some(&desktop.token),
            None,
        )
        .await;
    assert_eq!(
        (st, v["error"].clone()),
        (StatusCode::CONFLICT, json!("already_complete"))
    );
}

#[tokio::test]
async fn restart_keeps_sessions_tokens_and_keys() {
    let srv = Server::start().await;
    let key = srv.api_key.clone();
    let s = srv
        .session(json!({"mock_behavior": {"feedback": ["blur"], "processing_time": "0s"}}))
        .await;
    let (_, v) = srv
        .upload(&s, DocumentFront, sample(DocumentFront), Some("a"))
        .await;
    assert_eq!(v["feedback"], "blur");
    srv.upload_ok(&s, DocumentFront).await;
    let pending = srv.create(json!({})).await;
    let before = srv.status(&s).await;
    let dir = srv.dir.clone();
    let tmp = srv.stop().await;

    let srv = Server::restart_in(&dir, tmp, &key).await;
    assert_eq!(srv.status(&s).await, before, "the access token still works");
    // The idempotency record survived too.
    let (_, again) = srv
        .upload(&s, DocumentFront, sample(DocumentFront), Some("a"))
        .await;
    assert_eq!(again["feedback"], "blur");
    srv.upload_ok(&s, DocumentBack).await;
    srv.upload_ok(&s, Selfie).await;
    assert_eq!(srv.status(&s).await["status"], "complete");
    // A start token issued before the restart works after it.
    let (p, _) = srv.start_session(&pending.session_id, &pending.start_token).await;
    assert_eq!(srv.status(&p).await["status"], "capturing");
    assert_eq!(srv.images(&s.sid).await.len(), 4);
}

#[tokio::test]
async fn list_filters_and_paginates() {
    let srv = Server::start().await;
    let mut ids = vec![];
    for i in 0..5 {
        let c = srv.create(json!({"state": format!("p{i}")})).await;
        ids.push(c.session_id);
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    let s = srv
        .session(json!({"required_images": ["selfie"], "mock_behavior": {"processing_time": "0s"}}))
        .await;
    srv.upload_ok(&s, Selfie).await;
    let key = srv.api_key.clone();
    let get = |q: &'static str| {
        let url = srv.url(&format!("/api/v1/verification{q}"));
        let key = key.clone();
        let srv = &srv;
        async move { srv.call(Method::GET, &url, Some(&key), None).await }
    };
    let (st, v) = get("").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["total_count"], 6);
    assert_eq!(v["sessions"][0]["session_id"], s.sid.as_str(), "newest first");
    let (_, v) = get("?state=pending&limit=2&offset=1").await;
    assert_eq!(v["total_count"], 5);
    assert_eq!(v["limit"], 2);
    let page: Vec<&str> = v["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["session_id"].as_str().unwrap())
        .collect();
    assert_eq!(page, vec![ids[3].as_str(), ids[2].as_str()]);
    let (_, v) = get("?state=complete").await;
    assert_eq!(v["total_count"], 1);
    assert_eq!(v["sessions"][0]["recommendation"], "ALLOW");
    for q in ["?state=bogus", "?limit=0", "?limit=101", "?offset=-1"] {
        let (st, v) = get(q).await;
        assert_eq!(
            (st, v["error"].clone()),
            (StatusCode::BAD_REQUEST, json!("invalid_request")),
            "{q}"
        );
    }
}

#[tokio::test]
async fn capture_margins_are_accepted_in_fractions_and_pixels() {
    let srv = Server::start().await;
    let s = srv.session(json!({})).await;
    for (t, margins) in [
        (
            DocumentFront,
            json!({"top": 0.02, "bottom": 0.02, "left": 0.02, "right": 0.02}),
        ),
        (
            DocumentBack,
            json!({"top": 10, "bottom": 10, "left": 12, "right": 12}),
        ),
    ] {
        let mut body = common::image_body(t, sample(t), None);
        body["image"]["capture_margins"] = margins;
        let (st, v) = srv.upload_body(&s, body).await;
        assert_eq!((st, v["feedback"].clone()), (StatusCode::OK, json!("ok")), "{v}");
    }
}

#[tokio::test]
async fn capture_margins_say_where_the_guide_is() {
    let srv = Server::start().await;
    // The widget's upload: the guide plus 6% of it on each side, so the guide's margins are
    // 0.06 / 1.12 of each side; measured on the whole upload, the card is found.
    let s = srv.session(json!({"required_images": ["document_front"]})).await;
    let m = 0.06 / 1.12;
    let mut body = common::image_body(DocumentFront, sample(DocumentFront), None);
    body["image"]["capture_margins"] = json!({"top": m, "bottom": m, "left": m, "right": m});
    let (st, v) = srv.upload_body(&s, body).await;
    assert_eq!((st, v["feedback"].clone()), (StatusCode::OK, json!("ok")), "{v}");

    // A whole camera frame (3000x1800, flat gray) with the card in its lower right part.
    let card = image::load_from_memory(sample(DocumentFront))
        .expect("sample decodes")
        .to_rgb8();
    let (cw, ch) = card.dimensions();
    let mut frame = image::RgbImage::from_pixel(3000, 1800, image::Rgb([90, 90, 90]));
    image::imageops::overlay(&mut frame, &card, 1400, 800);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&frame)
        .expect("encodes");
    // Without margins the card's place is unknown: only light, glare and sharpness count.
    let s = srv.session(json!({"required_images": ["document_front"]})).await;
    let (st, v) = srv
        .upload_body(&s, common::image_body(DocumentFront, &jpeg, None))
        .await;
    assert_eq!((st, v["feedback"].clone()), (StatusCode::OK, json!("ok")), "{v}");
    // Margins that put the guide on the empty gray part: no card there.
    let s = srv.session(json!({"required_images": ["document_front"]})).await;
    let mut body = common::image_body(DocumentFront, &jpeg, None);
    body["image"]["capture_margins"] = json!({"left": 100, "top": 100, "right": 1700, "bottom": 900});
    let (st, v) = srv.upload_body(&s, body).await;
    assert_eq!(
        (st, v["feedback"].clone()),
        (StatusCode::OK, json!("document_not_found")),
        "{v}"
    );
    // With margins that locate the guide (the card inside the pasted picture), it is found.
    let (gx, gy) = (1400.0 + m * f64::from(cw), 800.0 + m * f64::from(ch));
    let (gw, gh) = (f64::from(cw) * (1.0 - 2.0 * m), f64::from(ch) * (1.0 - 2.0 * m));
    let s = srv.session(json!({"required_images": ["document_front"]})).await;
    let mut body = common::image_body(DocumentFront, &jpeg, None);
    body["image"]["capture_margins"] =
        json!({"left": gx, "top": gy, "right": 3000.0 - gx - gw, "bottom": 1800.0 - gy - gh});
    let (st, v) = srv.upload_body(&s, body).await;
    assert_eq!((st, v["feedback"].clone()), (StatusCode::OK, json!("ok")), "{v}");
}

#[tokio::test]
async fn a_start_with_the_sessions_own_link_is_not_a_handoff() {
    let srv = Server::start().await;
    let c = srv.create(json!({})).await;
    let (st, v) = srv.start_raw(&c.session_id, &c.start_token).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert!(v.get("handoff").is_none(), "left out when false: {v}");
    let r: kyc_contract::StartResponse = serde_json::from_value(v).unwrap();
    assert!(!r.handoff);
}
