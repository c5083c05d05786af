//! The runtime's pieces in headless Chromium, each on its own reactive owner: what it
//! does, and that once its owner is gone (or its work restarted) a late answer changes
//! nothing.
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use kyc_contract::{CaptureMargins, ImageType};
use kyc_widget::api::ImageMeta;
use kyc_widget::browser::camera::Facing;
use kyc_widget::browser::clock::sleep_ms;
use kyc_widget::flow::{Event, Flow, Step, Timer};
use kyc_widget::runtime::camera::use_camera;
use kyc_widget::runtime::held::{self, use_held_picture};
use kyc_widget::runtime::lifetime::{abort_on_cleanup, use_task_slot};
use kyc_widget::runtime::polling::use_polling;
use kyc_widget::runtime::session::{self, SavedSession, SID_KEY};
use kyc_widget::runtime::timers::use_timers;
use kyc_widget::runtime::Runtime;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

// Shared with the component tests; this file uses only `host`.
#[allow(dead_code)]
mod support;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh owner, with the executor that runs spawned tasks.
fn owner() -> Owner {
    // Mounting starts the executor (once per page).
    drop(leptos::mount::mount_to(support::host(), || ()));
    Owner::new()
}

/// A counter shared with callbacks.
fn counter() -> (Rc<Cell<u32>>, impl Fn() + Clone + 'static) {
    let n = Rc::new(Cell::new(0));
    let m = n.clone();
    (n, move || m.set(m.get() + 1))
}

#[wasm_bindgen_test]
fn an_owners_abort_ends_with_it_and_a_restart_ends_the_previous_run() {
    let owner = owner();
    let (abort, slot) = owner.with(|| (abort_on_cleanup(), use_task_slot()));
    let first = slot.restart();
    let second = slot.restart();
    assert!(first.is_aborted(), "a restart ends the previous run");
    assert!(!second.is_aborted() && !abort.is_aborted());
    owner.cleanup();
    assert!(abort.is_aborted() && second.is_aborted());
    assert!(slot.restart().is_aborted(), "no new run once the owner is gone");
}

#[wasm_bindgen_test]
async fn a_timer_fires_once_and_not_when_stopped_restarted_or_its_owner_is_gone() {
    let owner = owner();
    let timers = owner.with(use_timers);
    let fired = Rc::new(RefCell::new(Vec::new()));
    let on = |fired: &Rc<RefCell<Vec<Timer>>>| {
        let fired = fired.clone();
        move |t| fired.borrow_mut().push(t)
    };
    timers.start(Timer::TakingLong, 30, on(&fired));
    timers.start(Timer::TakingLong, 60, on(&fired));
    timers.start(Timer::HandoffRefresh, 30, on(&fired));
    timers.stop(Timer::HandoffRefresh);
    sleep_ms(150).await;
    assert_eq!(
        *fired.borrow(),
        vec![Timer::TakingLong],
        "restarted once, the other stopped"
    );
    timers.start(Timer::HandoffRefresh, 30, on(&fired));
    owner.cleanup();
    sleep_ms(100).await;
    assert_eq!(fired.borrow().len(), 1, "nothing after the owner is gone");
}

#[wasm_bindgen_test]
async fn polling_calls_at_once_then_after_a_delay_and_drops_late_answers() {
    let owner = owner();
    let polling = owner.with(use_polling);
    let (calls, call) = counter();
    let (answers, answer) = counter();
    // Each call takes 400 ms to answer.
    let poll = move |_abort| {
        call();
        sleep_ms(400)
    };
    polling.start(poll.clone(), {
        let answer = answer.clone();
        move |()| answer()
    });
    sleep_ms(100).await;
    assert_eq!((calls.get(), answers.get()), (1, 0), "one call at once");
    sleep_ms(400).await;
    assert_eq!((calls.get(), answers.get()), (1, 1), "its answer, then a pause");
    sleep_ms(1_000).await;
    assert_eq!(
        (calls.get(), answers.get()),
        (2, 1),
        "the next call after the backoff delay"
    );
    // Stopped while that call is on its way: its answer is dropped, no call follows.
    polling.stop();
    sleep_ms(1_300).await;
    assert_eq!((calls.get(), answers.get()), (2, 1));
    // Restarted, then the owner goes while the call is on its way: the same.
    polling.start(poll, move |()| answer());
    sleep_ms(100).await;
    assert_eq!(calls.get(), 3);
    owner.cleanup();
    sleep_ms(500).await;
    assert_eq!((calls.get(), answers.get()), (3, 1));
}

#[wasm_bindgen_test]
async fn the_camera_opens_stops_and_is_released_with_its_owner() {
    let owner = owner();
    let camera = owner.with(use_camera);
    let (failures, fail) = counter();
    camera.open(Facing::Environment, {
        let fail = fail.clone();
        move |_| fail()
    });
    for _ in 0..100 {
        if camera.is_open() {
            break;
        }
        sleep_ms(50).await;
    }
    assert!(camera.is_open());
    assert_eq!(camera.ready.get_untracked(), 1);
    camera.stop();
    assert!(!camera.is_open());
    // Opening, then the owner goes before the camera answers: nothing is kept or reported.
    camera.open(Facing::User, move |_| fail());
    owner.cleanup();
    sleep_ms(1_500).await;
    assert!(!camera.is_open());
    assert_eq!(
        camera.ready.try_get_untracked(),
        None,
        "its state went with the owner"
    );
    assert_eq!(failures.get(), 0);
}

#[wasm_bindgen_test]
async fn the_picture_is_held_until_forgotten_and_its_preview_revoked_with_the_owner() {
    let owner = owner();
    let held = owner.with(use_held_picture);
    let sid = "runtime-held-memory";
    let meta = ImageMeta {
        image_type: ImageType::DocumentFront,
        image_id: "a".into(),
        capture_margins: None,
    };
    held.hold(meta.clone(), vec![1, 2, 3]);
    let url = held.preview_url.get_untracked().expect("a preview");
    assert_eq!(
        held.get(ImageType::DocumentFront, "a"),
        Some((meta, vec![1, 2, 3]))
    );
    assert_eq!(held.get(ImageType::DocumentFront, "b"), None, "another id");
    assert_eq!(held.get(ImageType::Selfie, "a"), None, "another picture");
    held.forget(sid, ImageType::Selfie);
    assert!(held.get(ImageType::DocumentFront, "a").is_some(), "not that one");
    held.forget(sid, ImageType::DocumentFront);
    assert_eq!(held.get(ImageType::DocumentFront, "a"), None);
    let window = web_sys::window().expect("a window");
    assert!(
        JsFuture::from(window.fetch_with_str(&url)).await.is_ok(),
        "the preview is live"
    );
    owner.cleanup();
    assert!(
        JsFuture::from(window.fetch_with_str(&url)).await.is_err(),
        "the preview URL is revoked"
    );
}

/// True once the device's store holds no picture of `sid` (within two seconds).
async fn store_emptied(sid: &str) -> bool {
    let probe_owner = owner();
    let probe = probe_owner.with(use_held_picture);
    for _ in 0..40 {
        if probe.restore(sid).await.is_empty() {
            return true;
        }
        sleep_ms(50).await;
    }
    false
}

#[wasm_bindgen_test]
async fn a_picture_being_sent_is_found_after_a_reload_until_forgotten() {
    let sid = "runtime-held-reload";
    let meta = ImageMeta {
        image_type: ImageType::DocumentBack,
        image_id: "b-1".into(),
        capture_margins: Some(CaptureMargins {
            top: 0.05,
            bottom: 0.05,
            left: 0.05,
            right: 0.05,
        }),
    };
    let jpeg: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let page_before = owner();
    page_before
        .with(use_held_picture)
        .hold(meta.clone(), jpeg.clone());
    held::keep(sid, &meta, &jpeg).await;
    // The page after a reload: a new piece, nothing in memory until restored.
    page_before.cleanup();
    let page_after = owner();
    let after = page_after.with(use_held_picture);
    assert_eq!(after.get(ImageType::DocumentBack, "b-1"), None);
    assert_eq!(
        after.restore(sid).await,
        vec![(ImageType::DocumentBack, "b-1".to_owned())]
    );
    assert_eq!(
        after.get(ImageType::DocumentBack, "b-1"),
        Some((meta.clone(), jpeg)),
        "the same bytes, id and margins"
    );
    assert_eq!(after.get(ImageType::DocumentBack, "b-2"), None);
    after.forget(sid, ImageType::DocumentBack);
    assert_eq!(after.get(ImageType::DocumentBack, "b-1"), None);
    assert!(store_emptied(sid).await, "removed from the store");
    // The session's end removes all of its pictures.
    held::keep(sid, &meta, &[9]).await;
    assert_eq!(after.restore(sid).await.len(), 1);
    held::forget_session(sid);
    assert!(store_emptied(sid).await, "removed at the session's end");
}

#[wasm_bindgen_test]
fn the_session_is_saved_loaded_and_cleared() {
    let saved = SavedSession {
        token: "tok".into(),
        consent_required: false,
        allowed_origins: vec!["https://partner.example".into()],
        theme: None,
        handoff: true,
        locale: Some("de".into()),
    };
    session::save("s1", &saved);
    assert_eq!(session::load(), Some(("s1".to_owned(), saved)));
    session::clear("s1");
    assert_eq!(session::load(), None);
    let storage = web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .expect("session storage");
    assert_eq!(storage.get_item(SID_KEY).ok().flatten(), None);
    assert_eq!(storage.get_item(&session::session_key("s1")).ok().flatten(), None);
}

#[wasm_bindgen_test]
async fn the_runtime_takes_one_picture_at_a_time_and_ignores_events_once_gone() {
    let owner = owner();
    let rt = owner.with(|| Runtime::new(false));
    let mut capturing = Flow::new(false);
    capturing.step = Step::Capture {
        image: ImageType::DocumentFront,
        notice: None,
    };
    rt.flow.set(capturing.clone());
    rt.send(Event::TakePicture);
    assert!(
        rt.busy.get_untracked(),
        "the shutter is busy while the picture is taken"
    );
    rt.send(Event::TakePicture);
    rt.send(Event::CaptureFailed(kyc_widget::flow::ImageProblem::Failed));
    assert!(!rt.busy.get_untracked());
    owner.cleanup();
    rt.send(Event::TakePicture);
    sleep_ms(50).await;
    assert_eq!(rt.flow.try_get_untracked(), None, "the flow went with the owner");
}
