//! The analyser in headless Chromium where its worker cannot be had (the test server has no
//! `kyc-analysis-worker_loader.js`): it answers nothing, at once, and never traps. Its work
//! with the worker is covered end to end (tests/e2e: the live guidance of the capture specs).
#![cfg(target_arch = "wasm32")]

use kyc_quality::{Kind, LumaImage};
use kyc_widget::browser::analyser::{Analyser, ANSWER_WITHIN_MS};
use kyc_widget::browser::clock::now_ms;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn without_its_worker_the_analyser_answers_nothing_at_once() {
    let analyser = Analyser::new();
    analyser.prepare_faces();
    let started = now_ms();
    let frame = LumaImage::filled(640, 360, 10).unwrap();
    assert_eq!(analyser.analyse(frame.clone(), Kind::Document, false).await, None);
    // The worker's failure answered, not the timeout.
    assert!(now_ms() - started < f64::from(ANSWER_WITHIN_MS) / 2.0);
    assert!(!analyser.faces_ready());
    // Once failed, every request is answered at once.
    assert_eq!(analyser.analyse(frame.clone(), Kind::Selfie, true).await, None);
    assert_eq!(analyser.check_picture(frame, Kind::Document, true).await, None);
    assert!(now_ms() - started < f64::from(ANSWER_WITHIN_MS) / 2.0);
}
