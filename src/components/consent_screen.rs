//! Consent: what will be captured, why, and the privacy note.

use kyc_contract::ImageType;
use leptos::prelude::*;

use super::t;
use crate::i18n::Msg;

/// What will be captured and why, a privacy note, and the button that posts consent.
#[component]
pub fn ConsentScreen(
    /// The pictures the session requires.
    missing: Vec<ImageType>,
    /// The consent request is in flight.
    sending: bool,
    /// The last consent request failed.
    failed: bool,
    /// Called when the customer agrees.
    #[prop(into)]
    on_accept: Callback<()>,
) -> impl IntoView {
    let wants_document = missing.is_empty() || missing.iter().any(|i| i.is_document());
    let wants_selfie = missing.is_empty() || missing.contains(&ImageType::Selfie);
    view! {
        <section class="kyc-screen" data-testid="screen-consent">
            <h1 tabindex="-1">{t(Msg::ConsentTitle)}</h1>
            <p>{t(Msg::ConsentIntro)}</p>
            <ul class="kyc-list">
                {wants_document.then(|| view! { <li>{t(Msg::ConsentDocument)}</li> })}
                {wants_selfie.then(|| view! { <li>{t(Msg::ConsentSelfie)}</li> })}
            </ul>
            <p>{t(Msg::ConsentWhy)}</p>
            <p class="kyc-note">{t(Msg::ConsentPrivacy)}</p>
            {failed.then(|| view! { <p class="kyc-alert">{t(Msg::ConsentFailed)}</p> })}
            <div class="kyc-actions">
                <button
                    type="button"
                    class="kyc-btn kyc-btn--primary"
                    data-testid="consent-accept"
                    disabled=sending
                    on:click=move |_| on_accept.run(())
                >
                    {if sending { t(Msg::ConsentSending) } else { t(Msg::ConsentAccept) }}
                </button>
            </div>
        </section>
    }
}
