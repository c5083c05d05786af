//! The small browser wrappers in headless Chromium: storage, the link fragment, navigation,
//! events to a parent page, device info, configuration, randomness.
#![cfg(target_arch = "wasm32")]

use kyc_contract::{EventType, WidgetEvent};
use kyc_widget::browser::{clock, config, device, embed, nav, page, random, storage};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn session_storage_round_trip() {
    let key = "kyc-test-key";
    storage::session_remove(key).expect("remove");
    assert_eq!(storage::session_get(key), Ok(None));
    storage::session_set(key, "token-1").expect("set");
    assert_eq!(storage::session_get(key), Ok(Some("token-1".to_owned())));
    storage::session_set(key, "token-2").expect("overwrite");
    assert_eq!(storage::session_get(key), Ok(Some("token-2".to_owned())));
    storage::session_remove(key).expect("remove");
    assert_eq!(storage::session_get(key), Ok(None));
    storage::session_remove(key).expect("removing twice is fine");
}

#[wasm_bindgen_test]
fn fragment_is_read_and_cleared() {
    let window = web_sys::window().unwrap();
    let location = window.location();
    let before = location.href().unwrap();
    location.set_hash("sid=s%2D1&t=tok%3D%3D").unwrap();
    assert_eq!(
        nav::read_link_fragment(),
        Some(("s-1".to_owned(), "tok==".to_owned()))
    );
    nav::clear_fragment();
    assert_eq!(location.hash().unwrap(), "");
    assert!(!location.href().unwrap().contains('#'));
    assert_eq!(nav::read_link_fragment(), None);
    // The path and query are kept.
    let strip = |s: &str| s.split('#').next().unwrap_or_default().to_owned();
    assert_eq!(strip(&location.href().unwrap()), strip(&before));

    assert_eq!(nav::parse_fragment("#sid=a&t=b"), Some(("a".into(), "b".into())));
    assert_eq!(nav::parse_fragment("#sid=a"), None);
    assert_eq!(nav::parse_fragment(""), None);
}

#[wasm_bindgen_test]
fn navigate_refuses_anything_but_http() {
    let href = web_sys::window().unwrap().location().href().unwrap();
    for url in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "/relative",
        "ftp://x.test",
    ] {
        assert_eq!(nav::navigate(url), Err(nav::NavError::NotHttp), "{url}");
    }
    assert_eq!(
        web_sys::window().unwrap().location().href().unwrap(),
        href,
        "still on the test page"
    );
}

#[wasm_bindgen_test]
fn events_without_a_parent() {
    // The test page is the top window.
    assert!(!embed::in_iframe());
    let event = WidgetEvent::new(EventType::Ready, "s-1");
    let origins = vec!["https://partner.example".to_owned()];
    assert_eq!(
        embed::post_event(&event, &origins),
        Err(embed::EmbedError::NoParent)
    );
    assert_eq!(embed::post_event(&event, &[]), Err(embed::EmbedError::NoParent));
}

#[wasm_bindgen_test]
fn device_info_from_the_real_user_agent() {
    let info = device::device_info(Some("Fake camera".to_owned()));
    assert!(
        info.browser.as_deref().is_some_and(|b| b.contains("Chrome")),
        "{info:?}"
    );
    assert!(info.browser_version.is_some());
    assert_eq!(info.os.as_deref(), Some("Linux"));
    assert_eq!(info.device_type.as_deref(), Some("desktop"));
    assert_eq!(
        info.used_camera.and_then(|c| c.label).as_deref(),
        Some("Fake camera")
    );
    assert_eq!(device::device_info(Some("  ".into())).used_camera, None);
}

#[wasm_bindgen_test]
fn api_base_from_the_meta_tag() {
    let document = web_sys::window().unwrap().document().unwrap();
    assert_eq!(config::api_base(), "");
    let meta = document.create_element("meta").unwrap();
    meta.set_attribute("name", config::API_BASE_META).unwrap();
    meta.set_attribute("content", "https://api.example.test/kyc/")
        .unwrap();
    document.body().unwrap().append_child(&meta).unwrap();
    assert_eq!(config::api_base(), "https://api.example.test/kyc");
    meta.remove();
}

#[wasm_bindgen_test]
fn random_values() {
    let a = random::uuid_v4();
    let b = random::uuid_v4();
    assert_ne!(a, b);
    assert_eq!(a.len(), 36);
    assert_eq!(&a[14..15], "4");
    let r = random::random_unit();
    assert!((0.0..1.0).contains(&r));
}

#[wasm_bindgen_test]
async fn sleeping_and_visibility() {
    let t0 = js_sys::Date::now();
    clock::sleep_ms(30).await;
    assert!(js_sys::Date::now() - t0 >= 25.0);
    assert!(!page::is_hidden());
    let _ = page::prefers_reduced_motion();
    let listener = page::on_visibility_change(|_| {});
    drop(listener);
}

#[wasm_bindgen_test]
async fn hash_changes_are_heard_until_the_listener_is_dropped() {
    use std::cell::Cell;
    use std::rc::Rc;
    let location = web_sys::window().unwrap().location();
    let heard = Rc::new(Cell::new(0));
    let count = heard.clone();
    let listener = page::on_hash_change(move || count.set(count.get() + 1));
    location.set_hash("kyc-hash-1").unwrap();
    clock::sleep_ms(50).await;
    assert_eq!(heard.get(), 1);
    drop(listener);
    location.set_hash("kyc-hash-2").unwrap();
    clock::sleep_ms(50).await;
    assert_eq!(heard.get(), 1, "a dropped listener hears nothing");
    nav::clear_fragment();
}

#[wasm_bindgen_test]
fn abort_aborts_its_signal() {
    use kyc_widget::browser::abort::Abort;
    let abort = Abort::new();
    let signal = abort.signal().expect("browsers have AbortController");
    assert!(!signal.aborted());
    abort.abort();
    abort.abort();
    assert!(signal.aborted());
    assert!(
        Abort::default().signal().is_none(),
        "the default holds no controller"
    );
    Abort::default().abort();
}

#[wasm_bindgen_test]
fn the_chosen_file_is_taken_from_the_change_event_and_the_input_cleared() {
    use js_sys::{Array, Function, Reflect};
    use kyc_widget::browser::capture::take_chosen_file;
    use wasm_bindgen::{JsCast, JsValue};
    let doc = web_sys::window().unwrap().document().unwrap();
    let input: web_sys::HtmlInputElement = doc.create_element("input").unwrap().unchecked_into();
    input.set_type("file");
    doc.body().unwrap().append_child(&input).unwrap();
    // No file chosen: nothing.
    let ev = web_sys::Event::new("change").unwrap();
    input.dispatch_event(&ev).unwrap();
    assert!(take_chosen_file(&ev).is_none());
    // One file, put in through a DataTransfer (the only way to fill `input.files`).
    let parts = Array::of1(&JsValue::from_str("x"));
    let file = web_sys::File::new_with_str_sequence(&parts, "photo.jpg").unwrap();
    let global = js_sys::global();
    let ctor: Function = Reflect::get(&global, &"DataTransfer".into())
        .unwrap()
        .unchecked_into();
    let dt = Reflect::construct(&ctor, &Array::new()).unwrap();
    let items = Reflect::get(&dt, &"items".into()).unwrap();
    let add: Function = Reflect::get(&items, &"add".into()).unwrap().unchecked_into();
    add.call1(&items, &file).unwrap();
    Reflect::set(
        &input,
        &"files".into(),
        &Reflect::get(&dt, &"files".into()).unwrap(),
    )
    .unwrap();
    assert_eq!(input.files().map(|f| f.length()), Some(1));
    let ev = web_sys::Event::new("change").unwrap();
    input.dispatch_event(&ev).unwrap();
    let taken = take_chosen_file(&ev).expect("the chosen file");
    assert_eq!(taken.name(), "photo.jpg");
    assert_eq!(input.value(), "", "cleared, so the same file can be chosen again");
    // An event from something that is not an input: nothing.
    let other = web_sys::Event::new("change").unwrap();
    doc.body().unwrap().dispatch_event(&other).unwrap();
    assert!(take_chosen_file(&other).is_none());
    input.remove();
}
