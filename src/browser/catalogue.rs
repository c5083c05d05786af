//! Downloads the catalogue of a language other than English (`i18n/<tag>.json`, beside
//! `index.html`; see `src/i18n/catalogue.rs` for its form).
//!
//! The inline script of `index.html` starts the download of the customer's likely language
//! while the widget's code is still loading, and leaves `window.kycCatalogue`: a promise of
//! `{lang, text}`, or of `null` when it chose English or its download failed. [`download`]
//! takes that text when it is for the language asked for, else fetches the file itself.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The `window` property the inline script sets.
const PROPERTY: &str = "kycCatalogue";

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

/// The inline script's download, when it is one of `tag` (taken once).
async fn take_early(tag: &str) -> Option<String> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(PROPERTY);
    let early = js_sys::Reflect::get(&window, &key)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    let value = JsFuture::from(early).await.ok()?;
    let field = |name: &str| js_sys::Reflect::get(&value, &JsValue::from_str(name)).ok();
    if value.is_null() || field("lang")?.as_string()? != tag {
        return None;
    }
    let _ = js_sys::Reflect::delete_property(&window, &key);
    field("text")?.as_string()
}
