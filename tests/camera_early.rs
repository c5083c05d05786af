//! The camera opened as the customer gives consent, in headless Chromium with the fake
//! camera (`webdriver.json`), through the whole runtime: "I agree" shows the capture step at
//! once, whose video shows the stream (one `getUserMedia`) while the consent call is still
//! unanswered; a failing call is sent again, and a refused consent stops the camera. The
//! page's `getUserMedia` is watched and its `fetch` answers only when a test says so.
#![cfg(target_arch = "wasm32")]

use kyc_contract::ImageType;
use kyc_widget::browser::clock::sleep_ms;
use kyc_widget::flow::{Event, Flow, Step};
use kyc_widget::runtime::Runtime;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlVideoElement;

// Shared with the component tests; this file uses only `host`.
#[allow(dead_code)]
mod support;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
const seen = { installed: false, calls: 0, streams: [], answer: null };
export function watch() {
  if (!seen.installed) {
    seen.installed = true;
    const devices = navigator.mediaDevices;
    const open = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints) => {
      seen.calls += 1;
      const stream = await open(constraints);
      seen.streams.push(stream);
      return stream;
    };
    window.fetch = () => new Promise((resolve) => { seen.answer = resolve; });
  }
  seen.calls = 0;
  seen.streams = [];
  seen.answer = null;
}
export function camera_requests() { return seen.calls; }
export function streams_opened() { return seen.streams.length; }
export function live_tracks() {
  return seen.streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length;
}
export function shows_the_opened_stream(video) {
  return seen.streams.length === 1 && video.srcObject === seen.streams[0];
}
export function answer_call(status) {
  const answer = seen.answer;
  if (!answer) return false;
  seen.answer = null;
  const body = status === 200 ? { consent_granted: true } : { error: 'refused', message: 'refused' };
  answer(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  return true;
}
"#)]
extern "C" {
    /// Starts counting `getUserMedia` calls and their streams; holds every `fetch`.
    fn watch();
    fn camera_requests() -> u32;
    fn streams_opened() -> u32;
    fn live_tracks() -> u32;
    fn shows_the_opened_stream(video: &HtmlVideoElement) -> bool;
    /// Answers the held `fetch` with `status`; false when none is held.
    fn answer_call(status: u16) -> bool;
}

/// A fresh owner, with the executor that runs spawned tasks.
fn owner() -> Owner {
    drop(leptos::mount::mount_to(support::host(), || ()));
    Owner::new()
}

/// A runtime on the consent screen of a session that needs the document's front first.
fn consenting(owner: &Owner) -> Runtime {
    let rt = owner.with(|| Runtime::new(false));
    rt.flow.set(Flow {
        step: Step::Consent {
            sending: false,
            failed: false,
        },
        missing: vec![ImageType::DocumentFront],
        ..Flow::new(false)
    });
    rt
}

async fn wait_until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..100 {
        if done() {
            return;
        }
        sleep_ms(50).await;
    }
    panic!("never: {what}");
}

fn video_element() -> HtmlVideoElement {
    let video = support::document().create_element("video").expect("video");
    support::host().append_child(&video).expect("append");
    video.unchecked_into()
}

#[wasm_bindgen_test]
async fn the_capture_step_shows_the_camera_before_the_consent_is_answered() {
    watch();
    let owner = owner();
    let rt = consenting(&owner);
    rt.send(Event::ConsentGiven);
    assert!(
        matches!(rt.flow.get_untracked().step, Step::Capture { .. }),
        "the capture step comes with the press"
    );
    wait_until("the camera opens", || streams_opened() == 1).await;
    // What the capture screen does when its video mounts.
    let video = video_element();
    rt.attach(&video);
    assert!(shows_the_opened_stream(&video));
    assert!(live_tracks() > 0);
    // The consent call has not been answered yet.
    assert!(rt.flow.get_untracked().consent_required);
    assert!(answer_call(200), "the consent call is on its way meanwhile");
    wait_until("the consent on record", || {
        !rt.flow.get_untracked().consent_required
    })
    .await;
    sleep_ms(300).await;
    assert!(matches!(rt.flow.get_untracked().step, Step::Capture { .. }));
    assert_eq!(camera_requests(), 1, "one getUserMedia");
    assert!(live_tracks() > 0);
    owner.cleanup();
    assert_eq!(live_tracks(), 0, "released with its owner");
}

#[wasm_bindgen_test]
async fn a_consent_call_that_fails_is_sent_again() {
    watch();
    let owner = owner();
    let rt = consenting(&owner);
    rt.send(Event::ConsentGiven);
    wait_until("the consent call", || answer_call(503)).await;
    wait_until("the consent call again", || answer_call(200)).await;
    wait_until("the consent on record", || {
        !rt.flow.get_untracked().consent_required
    })
    .await;
    assert!(matches!(rt.flow.get_untracked().step, Step::Capture { .. }));
    assert!(live_tracks() > 0, "the camera stayed on");
    owner.cleanup();
}

#[wasm_bindgen_test]
async fn a_refused_consent_stops_the_camera_opened_for_it() {
    watch();
    let owner = owner();
    let rt = consenting(&owner);
    rt.send(Event::ConsentGiven);
    wait_until("the camera opens while consent is sent", || streams_opened() == 1).await;
    assert!(live_tracks() > 0);
    assert!(answer_call(400));
    wait_until("the consent screen again", || {
        rt.flow.get_untracked().step
            == Step::Consent {
                sending: false,
                failed: true,
            }
    })
    .await;
    assert_eq!(live_tracks(), 0, "the camera light goes off");
    // Refused again, at once, while the camera may still be opening: it is stopped when it
    // opens.
    rt.send(Event::ConsentGiven);
    wait_until("the consent call", || answer_call(400)).await;
    sleep_ms(1_500).await;
    assert_eq!(camera_requests(), 2);
    assert_eq!(live_tracks(), 0, "no camera left on without a capture screen");
    assert!(matches!(
        rt.flow.get_untracked().step,
        Step::Consent { failed: true, .. }
    ));
    owner.cleanup();
}
