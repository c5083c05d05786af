//! Waiting for the verification after the last picture.

use leptos::prelude::*;

use super::t;
use crate::i18n::Msg;

/// The status is being polled; says so when it takes longer than usual.
#[component]
pub fn WaitingScreen(
    /// It takes longer than usual.
    slow: bool,
) -> impl IntoView {
    view! {
        <section class="kyc-screen kyc-screen--center" data-testid="screen-waiting" aria-busy="true">
            <div class="kyc-spinner" aria-hidden="true"></div>
            <h1 tabindex="-1">{t(Msg::WaitingTitle)}</h1>
            <p>{t(Msg::WaitingBody)}</p>
            {slow.then(|| view! { <p class="kyc-notice" data-testid="waiting-slow">{t(Msg::WaitingSlow)}</p> })}
        </section>
    }
}
