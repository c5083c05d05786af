//! The camera in headless Chromium with its fake device (`webdriver.json` at the repo root
//! turns on `--use-fake-device-for-media-stream` and `--use-fake-ui-for-media-stream`).
#![cfg(target_arch = "wasm32")]

use kyc_widget::browser::camera::{Camera, Facing};
use kyc_widget::browser::clock::sleep_ms;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlVideoElement, MediaStreamTrack, MediaStreamTrackState};

wasm_bindgen_test_configure!(run_in_browser);

fn video_element() -> HtmlVideoElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let video: HtmlVideoElement = document.create_element("video").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&video).unwrap();
    video
}

/// Waits until the video shows frames (size known, current frame decodable).
async fn wait_for_frames(video: &HtmlVideoElement) {
    for _ in 0..200 {
        if video.video_width() > 0 && video.ready_state() >= 2 {
            return;
        }
        sleep_ms(50).await;
    }
    panic!("the video never delivered a frame");
}

fn tracks(camera: &Camera) -> Vec<MediaStreamTrack> {
    camera
        .stream()
        .get_tracks()
        .iter()
        .map(|t| t.dyn_into::<MediaStreamTrack>().unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn opens_attaches_and_stops() {
    let camera = Camera::open(Facing::Environment)
        .await
        .expect("the fake camera opens");
    let video = video_element();
    camera.attach(&video).expect("attach");
    wait_for_frames(&video).await;
    assert!(video.muted());
    assert!(video.has_attribute("playsinline"));
    let ts = tracks(&camera);
    assert!(!ts.is_empty());
    assert!(ts.iter().all(|t| t.ready_state() == MediaStreamTrackState::Live));
    assert!(ts.iter().all(|t| t.kind() == "video"), "no audio is asked for");
    assert!(camera.is_live());
    assert!(camera.label().is_some(), "the fake device has a label");
    let (w, h) = camera.resolution().expect("track settings give a size");
    assert_eq!((video.video_width(), video.video_height()), (w, h));
    web_sys::console::log_1(&format!("fake camera: {w}x{h}, label {:?}", camera.label()).into());

    camera.stop();
    assert!(ts.iter().all(|t| t.ready_state() == MediaStreamTrackState::Ended));
    assert!(!camera.is_live());
    camera.stop(); // idempotent
    assert!(!camera.is_live());
    video.remove();
}

#[wasm_bindgen_test]
async fn dropping_the_camera_ends_its_tracks() {
    let camera = Camera::open(Facing::User)
        .await
        .expect("the fake camera opens for a selfie too");
    let video = video_element();
    camera.attach(&video).expect("attach");
    wait_for_frames(&video).await;
    let ts = tracks(&camera);
    assert!(ts.iter().all(|t| t.ready_state() == MediaStreamTrackState::Live));
    drop(camera);
    assert!(ts.iter().all(|t| t.ready_state() == MediaStreamTrackState::Ended));
    video.remove();
}

#[wasm_bindgen_test]
async fn asks_for_width_1920_and_the_preferred_facing_only() {
    let camera = Camera::open(Facing::Environment).await.expect("opens");
    let track = tracks(&camera).remove(0);
    let constraints = track.get_constraints();
    let json: String = js_sys::JSON::stringify(&constraints).unwrap().into();
    web_sys::console::log_1(&format!("constraints: {json}").into());
    let get = |o: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).unwrap();
    // The first request is met by the fake device (facingMode is only a preference), so these
    // are the constraints actually asked for: width 1920 and the facing mode as ideals (Chrome
    // reports a bare value for `{ideal: v}`), never `exact`, and no height.
    let ideal_of = |v: wasm_bindgen::JsValue| {
        if v.is_object() {
            assert!(get(&v, "exact").is_undefined(), "never exact: {json}");
            get(&v, "ideal")
        } else {
            v
        }
    };
    assert_eq!(
        ideal_of(get(&constraints, "width")).as_f64(),
        Some(1920.0),
        "{json}"
    );
    assert_eq!(
        ideal_of(get(&constraints, "facingMode")).as_string().as_deref(),
        Some("environment")
    );
    assert!(
        get(&constraints, "height").is_undefined(),
        "never width and height together (Safari)"
    );
    camera.stop();
}

#[wasm_bindgen_test]
async fn two_cameras_one_after_the_other() {
    // A step ends (camera released), the next one starts: the device is free again.
    let first = Camera::open(Facing::Environment).await.expect("first");
    first.stop();
    let second = Camera::open(Facing::User).await.expect("second");
    assert!(second.is_live());
    drop(second);
    drop(first);
}

#[wasm_bindgen_test]
fn the_test_page_is_a_secure_context_with_a_camera_api() {
    assert!(kyc_widget::browser::device::is_secure_context());
    assert!(kyc_widget::browser::device::has_camera_api());
}
