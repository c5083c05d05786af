//! The final screen: done, failed or expired; then back to the partner.

use kyc_contract::SessionStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::t;
use crate::browser::clock::sleep_ms;
use crate::flow::REDIRECT_AFTER_MS;
use crate::i18n::{fill, Msg};
use crate::runtime::lifetime::abort_on_cleanup;

/// The outcome, a countdown before the redirect with a button to go at once, or in an
/// iframe just the outcome (the embedding page was told and decides what follows).
#[component]
pub fn FinalScreen(
    /// `complete`, `error` or `expired`.
    status: SessionStatus,
    /// The checked http(s) redirect, if any.
    redirect_url: Option<String>,
    /// Running in an iframe (no redirect).
    in_iframe: bool,
    /// A phone started by a handoff link: tell the customer to go back to the computer.
    #[prop(optional)]
    handoff: bool,
    /// "Continue now".
    #[prop(into)]
    on_redirect_now: Callback<()>,
) -> impl IntoView {
    let (title, body) = Msg::final_status(status);
    let redirects = redirect_url.is_some() && !in_iframe;
    let seconds = RwSignal::new(REDIRECT_AFTER_MS / 1000);
    if redirects {
        let lifetime = abort_on_cleanup();
        spawn_local(async move {
            while !lifetime.is_aborted() && seconds.get_untracked() > 0 {
                sleep_ms(1000).await;
                if !lifetime.is_aborted() {
                    seconds.update(|s| *s = s.saturating_sub(1));
                }
            }
        });
    }
    view! {
        <section class="kyc-screen kyc-screen--center" data-testid="screen-final" data-status=status.as_str()>
            <div
                class="kyc-icon"
                class:kyc-icon--ok=status == SessionStatus::Complete
                class:kyc-icon--warn=status != SessionStatus::Complete
                aria-hidden="true"
            >
                {if status == SessionStatus::Complete { "✓" } else { "!" }}
            </div>
            <h1 tabindex="-1">{t(title)}</h1>
            <p>{t(body)}</p>
            {if redirects {
                view! {
                    <p data-testid="redirect-countdown">{move || fill(t(Msg::RedirectIn), seconds.get())}</p>
                    <div class="kyc-actions">
                        <button type="button" class="kyc-btn kyc-btn--primary" data-testid="redirect-now" on:click=move |_| on_redirect_now.run(())>
                            {t(Msg::RedirectNow)}
                        </button>
                    </div>
                }
                .into_any()
            } else if handoff {
                view! { <p data-testid="handoff-return">{t(Msg::HandoffReturn)}</p> }.into_any()
            } else if in_iframe {
                ().into_any()
            } else {
                view! { <p>{t(Msg::FinalStay)}</p> }.into_any()
            }}
        </section>
    }
}
