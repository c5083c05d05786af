//! A failure the flow cannot get past by itself.

use leptos::prelude::*;

use super::t;
use crate::flow::ErrorKind;
use crate::i18n::Msg;

/// No connection or an unexpected answer, with "Try again".
#[component]
pub fn ErrorScreen(
    /// What failed.
    kind: ErrorKind,
    /// "Try again".
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let (title, body) = match kind {
        ErrorKind::Network => (Msg::ErrorNetworkTitle, Msg::ErrorNetworkBody),
        ErrorKind::Unexpected => (Msg::ErrorUnexpectedTitle, Msg::ErrorUnexpectedBody),
    };
    view! {
        <section class="kyc-screen kyc-screen--center" data-testid="screen-error" data-kind=kind.as_str()>
            <div class="kyc-icon kyc-icon--warn" aria-hidden="true">"!"</div>
            <h1 tabindex="-1">{t(title)}</h1>
            <p>{t(body)}</p>
            <div class="kyc-actions">
                <button type="button" class="kyc-btn kyc-btn--primary" data-testid="retry" on:click=move |_| on_retry.run(())>
                    {t(Msg::TryAgain)}
                </button>
            </div>
        </section>
    }
}
