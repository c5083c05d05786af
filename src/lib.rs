//! kyc-widget: the identity verification capture widget (Leptos, client-side
//! rendered, WebAssembly).
//!
//! - [`flow`]: the capture flow as a pure state machine (no browser APIs).
//! - [`api`]: the one HTTP client of the contract's widget calls.
//! - [`browser`]: every use of the browser's APIs (camera, canvas, storage, ...).
//! - [`components`]: the screens, and the controller that runs the flow's effects.
//! - [`i18n`]: every user-facing string.

pub mod api;
pub mod browser;
pub mod components;
pub mod flow;
pub mod i18n;

use leptos::prelude::*;

use components::{Ctrl, UiLang, Widget};

/// The whole widget: reads the session link (or resumes the session saved in
/// this tab), runs the capture flow, and releases the camera, timers and
/// in-flight requests when unmounted.
#[component]
pub fn App() -> impl IntoView {
    let ctrl = Ctrl::new(browser::embed::in_iframe());
    provide_context(ctrl);
    provide_context(UiLang::new(ctrl.locale));
    on_cleanup(move || ctrl.shutdown());
    ctrl.boot();
    view! { <Widget/> }
}
