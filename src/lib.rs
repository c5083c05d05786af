//! kyc-widget: the identity verification capture widget (Leptos, client-side
//! rendered, WebAssembly).
//!
//! - [`flow`]: the capture flow as a pure state machine (no browser APIs).
//! - [`api`]: the one HTTP client of the contract's widget calls.
//! - [`browser`]: every use of the browser's APIs (camera, canvas, storage, ...).
//! - [`runtime`]: carries out the flow's effects, one piece per concern.
//! - [`components`]: the screens.
//! - [`i18n`]: every user-facing string.

pub mod api;
pub mod browser;
pub mod components;
pub mod flow;
pub mod i18n;
pub mod runtime;

use leptos::prelude::*;

use components::{UiLang, Widget};
use runtime::Runtime;

/// The whole widget: reads the session link (or resumes the session saved in
/// this tab), runs the capture flow, and releases the camera, timers and
/// in-flight requests when unmounted.
#[component]
pub fn App() -> impl IntoView {
    let rt = Runtime::new(browser::embed::in_iframe());
    provide_context(rt);
    let starting = Signal::derive(move || rt.flow.with(|f| f.step == flow::Step::Starting));
    provide_context(UiLang::new(rt.locale, starting));
    rt.boot();
    view! { <Widget/> }
}
