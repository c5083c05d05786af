//! The start call `index.html` sends early, as the widget takes it, in headless Chromium:
//! only for the same session, once, and its answer used only when it is a success (else
//! the widget's own call).
#![cfg(target_arch = "wasm32")]

use kyc_contract::{DeviceInfo, SessionStatus};
use kyc_widget::api::{ApiClient, ApiError};
use kyc_widget::browser::early_start::{self, EarlyAnswer, SAVED_PREFIX};
use kyc_widget::browser::storage;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What the inline script of `index.html` leaves: `window.kycEarlyStart = {sid, answer}`,
/// `answer` resolving to `{status, text, retryAfter}` (or `null` when `answer` is `None`).
fn set_early(sid: &str, answer: Option<(u16, &str)>) {
    let value = match answer {
        Some((status, text)) => {
            let o = js_sys::Object::new();
            js_sys::Reflect::set(&o, &"status".into(), &JsValue::from(status)).unwrap();
            js_sys::Reflect::set(&o, &"text".into(), &JsValue::from_str(text)).unwrap();
            js_sys::Reflect::set(&o, &"retryAfter".into(), &JsValue::NULL).unwrap();
            o.into()
        }
        None => JsValue::NULL,
    };
    let early = js_sys::Object::new();
    js_sys::Reflect::set(&early, &"sid".into(), &JsValue::from_str(sid)).unwrap();
    let promise = js_sys::Promise::resolve(&value);
    js_sys::Reflect::set(&early, &"answer".into(), &promise).unwrap();
    let window = web_sys::window().unwrap();
    js_sys::Reflect::set(&window, &"kycEarlyStart".into(), &early).unwrap();
}

fn early_is_set() -> bool {
    let window = web_sys::window().unwrap();
    !js_sys::Reflect::get(&window, &"kycEarlyStart".into())
        .unwrap()
        .is_undefined()
}

const STARTED: &str = r#"{"access_token":"acc-1","expires_at":"2030-01-01T00:00:00Z","status":"capturing",
"missing_images":["document_front"],"consent_required":true,"allowed_origins":[],"attempts_left":5}"#;

/// A client whose own calls cannot reach anything (port 9 on loopback: discard, closed).
fn unreachable_client(sid: &str) -> ApiClient {
    ApiClient::new("http://127.0.0.1:9", sid)
}

#[wasm_bindgen_test]
async fn taken_once_and_only_for_the_same_session() {
    assert!(early_start::take("s-1").is_none(), "none sent");

    set_early("other", Some((200, STARTED)));
    storage::session_set(&format!("{SAVED_PREFIX}s-1"), STARTED).unwrap();
    assert!(early_start::take("s-1").is_none(), "another session's");
    assert!(!early_is_set(), "taken even when not used");
    assert_eq!(
        storage::session_get(&format!("{SAVED_PREFIX}s-1")),
        Ok(None),
        "the saved answer is forgotten once the widget has the link"
    );

    set_early("s-1", Some((401, r#"{"error":"unauthorized","message":"used"}"#)));
    let early = early_start::take("s-1").expect("the same session's");
    assert!(early_start::take("s-1").is_none(), "only once");
    assert_eq!(
        early.answer().await,
        Some(EarlyAnswer {
            status: 401,
            text: r#"{"error":"unauthorized","message":"used"}"#.to_owned(),
            retry_after: None,
        })
    );

    set_early("s-1", None);
    let failed = early_start::take("s-1").expect("the same session's");
    assert_eq!(failed.answer().await, None, "a failed early call has no answer");
}

#[wasm_bindgen_test]
async fn a_successful_early_answer_is_used_without_calling_again() {
    set_early("s-2", Some((200, STARTED)));
    let early = early_start::take("s-2");
    let client = unreachable_client("s-2");
    let r = client
        .start_unless_started_early(early, "tok", DeviceInfo::default(), None)
        .await
        .expect("the early answer");
    assert_eq!(r.access_token, "acc-1");
    assert_eq!(r.status, SessionStatus::Capturing);
    assert!(r.consent_required);
}

#[wasm_bindgen_test]
async fn a_failed_or_refused_early_call_falls_back_to_the_widgets_own_call() {
    for answer in [
        None,
        Some((401, r#"{"error":"unauthorized","message":"bad"}"#)),
        Some((200, "<html>not json</html>")),
    ] {
        set_early("s-3", answer);
        let early = early_start::take("s-3");
        assert!(early.is_some());
        let client = unreachable_client("s-3");
        let r = client
            .start_unless_started_early(early, "tok", DeviceInfo::default(), None)
            .await;
        // The widget's own call was made (and, here, could not reach the service).
        assert_eq!(r, Err(ApiError::Network), "{answer:?}");
    }
    // Without an early call, the widget calls start itself.
    let r = unreachable_client("s-3")
        .start_unless_started_early(None, "tok", DeviceInfo::default(), None)
        .await;
    assert_eq!(r, Err(ApiError::Network));
}

#[wasm_bindgen_test]
async fn an_answer_saved_after_the_take_is_forgotten_once_awaited() {
    set_early("s-2", Some((200, STARTED)));
    let early = early_start::take("s-2").expect("the same session's");
    // The script's call ends after the widget took it, and saves the answer then.
    storage::session_set(&format!("{SAVED_PREFIX}s-2"), STARTED).unwrap();
    assert!(early.answer().await.is_some());
    assert_eq!(
        storage::session_get(&format!("{SAVED_PREFIX}s-2")),
        Ok(None),
        "no copy of the access token is left behind"
    );
}
