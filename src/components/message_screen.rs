//! The shape shared by the simple screens: an icon, a title, a text and one or two buttons
//! (the error screen, the cancel question, the cancelled screen). One fixed shape, so the
//! widget carries its rendering code once.

use leptos::prelude::*;

use super::t;
use crate::i18n::{fill, Msg};

/// A button of a [`message_screen`]: its `data-testid`, its text, and what it does.
pub type Action = (&'static str, Msg, Callback<()>);

/// What a [`message_screen`] shows.
pub struct Message {
    /// The section's `data-testid`.
    pub testid: &'static str,
    /// Its `data-kind`, if any.
    pub kind: Option<&'static str>,
    /// The icon's symbol and whether it warns (else it is neutral).
    pub icon: (&'static str, bool),
    /// The heading (the widget focuses it).
    pub title: Msg,
    /// The text under it.
    pub body: Msg,
    /// The primary button.
    pub primary: Action,
    /// A secondary button after it, if any.
    pub secondary: Option<Action>,
    /// A count under the text, if any: its `data-testid` (with `data-n`) and its
    /// message, whose `{n}` is the count ("Tries left: {n}").
    pub count: Option<(&'static str, Msg, u32)>,
}

/// A `kyc-screen--center` section showing `m`.
pub fn message_screen(m: Message) -> impl IntoView {
    let button = |(id, text, cb): Action, class: &'static str| {
        view! {
            <button type="button" class=class data-testid=id on:click=move |_| cb.run(())>
                {t(text)}
            </button>
        }
    };
    view! {
        <section class="kyc-screen kyc-screen--center" data-testid=m.testid data-kind=m.kind>
            <div class="kyc-icon" class:kyc-icon--warn=m.icon.1 aria-hidden="true">{m.icon.0}</div>
            <h1 tabindex="-1">{t(m.title)}</h1>
            <p>{t(m.body)}</p>
            {m.count.map(|(id, msg, n)| view! { <p class="kyc-attempts" data-testid=id data-n=n>{fill(t(msg), n)}</p> })}
            <div class="kyc-actions">
                {button(m.primary, "kyc-btn kyc-btn--primary")}
                {m.secondary.map(|a| button(a, "kyc-btn kyc-btn--secondary"))}
            </div>
        </section>
    }
}
