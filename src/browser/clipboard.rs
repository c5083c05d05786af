//! The clipboard (`navigator.clipboard.writeText`) and the clock for link expiry.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why text could not be copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClipboardError {
    /// No async clipboard API (insecure context, old or locked-down browser).
    Unavailable,
    /// The browser refused (no permission, document not focused, ...), with its message.
    Refused(String),
}

/// Copies `text` to the clipboard.
pub async fn write_text(text: &str) -> Result<(), ClipboardError> {
    let navigator = web_sys::window().ok_or(ClipboardError::Unavailable)?.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map_err(|_| ClipboardError::Unavailable)?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err(ClipboardError::Unavailable);
    }
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(ClipboardError::Unavailable)?;
    let promise = write
        .call1(&clipboard, &JsValue::from_str(text))
        .map_err(|e| ClipboardError::Refused(message(&e)))?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| ClipboardError::Unavailable)?;
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| ClipboardError::Refused(message(&e)))
}

/// Selects the whole text of `input`, so the customer can copy it by hand.
pub fn select_all(input: &web_sys::HtmlInputElement) {
    let _ = input.focus();
    input.select();
}

/// Milliseconds from now until the RFC 3339 time `at` (0 when past or unreadable).
pub fn ms_until(at: &str) -> u64 {
    let t = js_sys::Date::parse(at);
    if t.is_nan() {
        return 0;
    }
    let ms = t - js_sys::Date::now();
    if ms > 0.0 {
        ms as u64
    } else {
        0
    }
}

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{e:?}"))
}
