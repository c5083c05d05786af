//! Downloads the catalogue of a language other than English (`i18n/<tag>.json`, beside
//! `index.html`; see `src/i18n/catalogue.rs` for its form).
//!
//! The inline script of `index.html` starts the download of the customer's likely
//! languages while the widget's code is still loading, and leaves them in
//! `window.kycCatalogues`: `{<tag>: promise of the text, or of null when it failed}`.
//! [`download`] takes the page's download of the language asked for, else fetches the
//! file itself.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The `window` property the inline script sets.
const PROPERTY: &str = "kycCatalogues";

/// The text of the catalogue of language `tag`, or `None` when it cannot be had.
pub async fn download(tag: &str) -> Option<String> {
    if let Some(text) = take_early(tag).await {
        return Some(text);
    }
    let window = web_sys::window()?;
    let response = JsFuture::from(window.fetch_with_str(&format!("i18n/{tag}.json")))
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}

/// The page's download of `tag` (taken once), when it has one that succeeded.
async fn take_early(tag: &str) -> Option<String> {
    let window = web_sys::window()?;
    let early = js_sys::Reflect::get(&window, &JsValue::from_str(PROPERTY)).ok()?;
    let key = JsValue::from_str(tag);
    let text = js_sys::Reflect::get(&early, &key)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    let _ = js_sys::Reflect::delete_property(early.dyn_ref::<js_sys::Object>()?, &key);
    JsFuture::from(text).await.ok()?.as_string()
}
