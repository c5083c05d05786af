//! Every use of the browser's APIs (web-sys) in the widget, behind small Rust
//! functions that take and return Rust types and fail with typed errors.
//!
//! The rest of the widget (flow, components, API client) never touches web-sys
//! directly: it names at most the types handed through ([`camera::VideoElement`]
//! from a `NodeRef`, [`capture::ChosenFile`], the [`abort::Abort`] handle). Pure
//! helpers (geometry, fragment and user-agent parsing) are plain functions with
//! native unit tests next to them; everything that needs a browser is tested in
//! headless Chromium (`tests/camera.rs`, `tests/capture.rs`, `tests/browser_page.rs`,
//! `tests/picture_store.rs`).

pub mod abort;
pub mod analyser;
pub mod camera;
mod canvas;
pub mod capture;
pub mod catalogue;
pub mod clipboard;
pub mod clock;
pub mod config;
pub mod device;
pub mod document;
pub mod early_start;
pub mod embed;
pub mod frame_sampler;
pub mod jpeg_size;
pub mod liveness_frame;
pub mod nav;
pub mod page;
pub mod picture_store;
pub mod random;
pub mod storage;

use wasm_bindgen::{JsCast, JsValue};

/// The `name` of a thrown JavaScript value (`"NotAllowedError"`, `"TypeError"`, ...), if it has one.
pub(crate) fn js_error_name(err: &JsValue) -> Option<String> {
    js_sys::Reflect::get(err, &JsValue::from_str("name"))
        .ok()
        .and_then(|v| v.as_string())
}

/// A one-line description of a thrown JavaScript value, for error variants that carry text.
pub(crate) fn js_error_text(err: &JsValue) -> String {
    if let Some(e) = err.dyn_ref::<js_sys::Error>() {
        let name: String = e.name().into();
        let message: String = e.message().into();
        return format!("{name}: {message}");
    }
    let name = js_error_name(err);
    let message = js_sys::Reflect::get(err, &JsValue::from_str("message"))
        .ok()
        .and_then(|v| v.as_string());
    match (name, message) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        (Some(n), None) => n,
        (None, Some(m)) => m,
        (None, None) => err.as_string().unwrap_or_else(|| "unknown error".to_owned()),
    }
}
