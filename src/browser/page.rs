//! The page's visibility, its address's fragment changes, and the user's display preferences.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// True while the page is hidden (another tab or app in front, screen locked).
pub fn is_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.hidden())
        .unwrap_or(false)
}

/// A `visibilitychange` listener; it removes itself when dropped.
pub struct VisibilityListener {
    target: Option<web_sys::Document>,
    closure: Closure<dyn Fn()>,
}

impl Drop for VisibilityListener {
    fn drop(&mut self) {
        if let Some(doc) = &self.target {
            let _ = doc.remove_event_listener_with_callback(
                "visibilitychange",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Calls `cb(hidden)` each time the page is hidden or shown again, until the returned
/// listener is dropped (keep it, for example, until the component's `on_cleanup`).
pub fn on_visibility_change(cb: impl Fn(bool) + 'static) -> VisibilityListener {
    let closure = Closure::<dyn Fn()>::new(move || cb(is_hidden()));
    let target = web_sys::window().and_then(|w| w.document());
    if let Some(doc) = &target {
        let _ = doc.add_event_listener_with_callback("visibilitychange", closure.as_ref().unchecked_ref());
    }
    VisibilityListener { target, closure }
}

/// A `hashchange` listener on the window; it removes itself when dropped.
pub struct HashChangeListener {
    target: Option<web_sys::Window>,
    closure: Closure<dyn Fn()>,
}

impl Drop for HashChangeListener {
    fn drop(&mut self) {
        if let Some(window) = &self.target {
            let _ = window
                .remove_event_listener_with_callback("hashchange", self.closure.as_ref().unchecked_ref());
        }
    }
}

/// Calls `cb` each time the address bar's fragment changes (a link pasted into an open
/// page only changes the fragment, which loads nothing), until the returned listener is
/// dropped.
pub fn on_hash_change(cb: impl Fn() + 'static) -> HashChangeListener {
    let closure = Closure::<dyn Fn()>::new(cb);
    let target = web_sys::window();
    if let Some(window) = &target {
        let _ = window.add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref());
    }
    HashChangeListener { target, closure }
}

/// True when the user asked the system for less motion (`prefers-reduced-motion: reduce`).
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}
