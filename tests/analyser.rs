//! The analyser in headless Chromium where its worker cannot be had (the test server has no
//! `kyc-analysis-worker_loader.js`): it answers nothing, at once, and never traps. Its work
//! with the worker is covered end to end (tests/e2e: the live guidance of the capture specs).
#![cfg(target_arch = "wasm32")]

use kyc_contract::ImageType;
use kyc_quality::{Kind, LumaImage};
use kyc_widget::browser::analyser::{Analyser, ANSWER_WITHIN_MS};
use kyc_widget::browser::clock::now_ms;
use kyc_widget::browser::frame_sampler::Frame;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn without_its_worker_the_analyser_answers_nothing_at_once() {
    let analyser = Analyser::new();
    analyser.prepare_faces();
    let started = now_ms();
    let frame = LumaImage::filled(640, 360, 10).unwrap();
    assert_eq!(
        analyser
            .analyse(Frame::Luma(frame.clone()), Kind::Document, false)
            .await,
        None
    );
    // The worker's failure answered, not the timeout.
    assert!(now_ms() - started < f64::from(ANSWER_WITHIN_MS) / 2.0);
    assert!(!analyser.faces_ready());
    // Once failed, every request is answered at once.
    assert_eq!(
        analyser
            .analyse(Frame::Luma(frame.clone()), Kind::Selfie, true)
            .await,
        None
    );
    assert_eq!(
        analyser
            .check_picture(frame, ImageType::DocumentFront, true)
            .await,
        None
    );
    assert!(now_ms() - started < f64::from(ANSWER_WITHIN_MS) / 2.0);
}

#[wasm_bindgen_test]
async fn a_frame_the_page_has_not_read_is_freed_when_there_is_no_worker() {
    let analyser = Analyser::new();
    let pixels = wasm_bindgen::Clamped(&[90u8; 4 * 8 * 6][..]);
    let data = web_sys::ImageData::new_with_u8_clamped_array_and_sh(pixels, 8, 6).unwrap();
    let promise = web_sys::window()
        .unwrap()
        .create_image_bitmap_with_image_data(&data)
        .unwrap();
    let bitmap: web_sys::ImageBitmap = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .unwrap()
        .into();
    assert_eq!(bitmap.width(), 8);
    let frame = Frame::Unread {
        video_frame: bitmap.clone().into(),
        width: 8,
        height: 6,
        analysis_size: (8, 6),
    };
    assert_eq!(analyser.analyse(frame, Kind::Document, false).await, None);
    // Closed: its pixels are not kept until garbage collection.
    assert_eq!(bitmap.width(), 0);
}
