//! Helpers shared by the component tests (`tests/components.rs`, `tests/handoff.rs`).

use wasm_bindgen::JsCast;

/// The page's document.
pub fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// A fresh, empty element in the body.
pub fn host() -> web_sys::HtmlElement {
    let el = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&el)
        .expect("append");
    el.unchecked_into()
}

/// The element under `root` with this `data-testid`.
pub fn by_testid(root: &web_sys::HtmlElement, id: &str) -> Option<web_sys::Element> {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .ok()
        .flatten()
}

/// Lets effects and spawned tasks run.
pub async fn settle() {
    for _ in 0..5 {
        leptos::task::tick().await;
    }
}
