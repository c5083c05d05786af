//! The document around the widget: its language and direction, its title, the
//! browser's preferred languages, and moving focus for screen reader and keyboard users.

use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The browser's languages, most preferred first (`navigator.languages`, else
/// `navigator.language`); empty when the browser says nothing.
pub fn browser_languages() -> Vec<String> {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = nav.languages().iter().filter_map(|v| v.as_string()).collect();
    if !list.is_empty() {
        return list;
    }
    nav.language().into_iter().collect()
}

/// Sets `<html lang>` and `<html dir>` (`ltr` or `rtl`), so that screen readers pick the
/// right voice and the layout's logical properties follow the reading direction.
pub fn set_language(tag: &str, dir: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", tag);
        let _ = root.set_attribute("dir", dir);
    }
}

/// Sets the page's `<title>`.
pub fn set_title(title: &str) {
    if let Some(doc) = document() {
        doc.set_title(title);
    }
}

/// Moves focus to the first element matching `selector` on the next animation frame,
/// once the view that is being rendered now is in the document.
pub fn focus_first_after_render(selector: &'static str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let cb = wasm_bindgen::closure::Closure::once_into_js(move || {
        focus_first(selector);
    });
    let _ = window.request_animation_frame(cb.unchecked_ref());
}

/// Moves focus to the first element matching `selector` (which must be focusable, e.g.
/// a heading with `tabindex="-1"`). Returns whether one was found.
pub fn focus_first(selector: &str) -> bool {
    let found = document()
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match found {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}
