//! The loading screen while the session starts.

use leptos::prelude::*;

use super::t;
use crate::i18n::Msg;

/// Shown while the link is read and the session starts or resumes.
#[component]
pub fn StartScreen() -> impl IntoView {
    view! {
        <section class="kyc-screen kyc-screen--center" data-testid="screen-starting" aria-busy="true">
            <div class="kyc-spinner" aria-hidden="true"></div>
            <h1 tabindex="-1" class="kyc-title--small">{t(Msg::Loading)}</h1>
        </section>
    }
}
