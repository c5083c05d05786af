//! The start call `index.html` sends while the widget's code is still downloading.
//!
//! The session link's fragment is all `POST start` needs, so a small inline script of
//! `index.html` sends it during the page's parse (one round trip saved on the critical
//! path) and leaves `window.kycEarlyStart = {sid, answer}`: `answer` resolves to
//! `{status, text, retryAfter}`, or to `null` when the call failed. A successful answer
//! is also kept in `sessionStorage` under [`SAVED_PREFIX`]`+sid`, so that a reload before
//! the widget has taken it does not spend the single-use start token twice. The widget
//! reads the fragment and removes it from the address bar itself, as without the script;
//! it takes the early answer only for the same session id (see [`take`]).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::storage;

/// The `window` property the inline script sets.
const PROPERTY: &str = "kycEarlyStart";
/// `sessionStorage` key prefix of a successful early answer (the inline script's `key`).
pub const SAVED_PREFIX: &str = "kyc-widget:early-start:";

/// The early start call of one session, not yet awaited, and the `sessionStorage` key its
/// answer may still be saved under (the call may end after [`take`]).
#[derive(Debug)]
pub struct EarlyStart(js_sys::Promise, String);

/// The answer the early call got: HTTP status, body text, `Retry-After`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlyAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The body.
    pub text: String,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
}

/// Takes the early start call of session `sid` (once: the property and the saved answer
/// are removed). `None` when the page sent none or sent it for another session.
pub fn take(sid: &str) -> Option<EarlyStart> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(PROPERTY);
    let early = js_sys::Reflect::get(&window, &key).ok()?;
    if early.is_undefined() || early.is_null() {
        return None;
    }
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let saved = format!("{SAVED_PREFIX}{sid}");
    let _ = storage::session_remove(&saved);
    let early_sid = js_sys::Reflect::get(&early, &JsValue::from_str("sid"))
        .ok()?
        .as_string()?;
    if early_sid != sid {
        return None;
    }
    let answer = js_sys::Reflect::get(&early, &JsValue::from_str("answer")).ok()?;
    answer
        .dyn_into::<js_sys::Promise>()
        .ok()
        .map(|p| EarlyStart(p, saved))
}

impl EarlyStart {
    /// Waits for the early call's answer. `None` when it failed (network) or is malformed.
    pub async fn answer(self) -> Option<EarlyAnswer> {
        let value = JsFuture::from(self.0).await.ok();
        // Saved by the script if it answered after `take`: the widget keeps its own copy.
        let _ = storage::session_remove(&self.1);
        let value = value?;
        if value.is_null() || value.is_undefined() {
            return None;
        }
        let field = |name: &str| js_sys::Reflect::get(&value, &JsValue::from_str(name)).ok();
        let status = field("status")?.as_f64()?;
        Some(EarlyAnswer {
            status: u16::try_from(status as i64).ok()?,
            text: field("text")?.as_string()?,
            retry_after: field("retryAfter").and_then(|v| v.as_string()),
        })
    }
}
