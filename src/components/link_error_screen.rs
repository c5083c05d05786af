//! The screens for a link that cannot be used.

use leptos::prelude::*;

use super::t;
use crate::flow::LinkErrorKind;
use crate::i18n::Msg;

/// A broken, unknown, used, expired or finished link: what happened and what to do.
#[component]
pub fn LinkErrorScreen(
    /// Why the link cannot be used.
    kind: LinkErrorKind,
) -> impl IntoView {
    let (title, body) = Msg::link_error(kind);
    view! {
        <section class="kyc-screen kyc-screen--center" data-testid="screen-link-error" data-kind=kind.as_str()>
            <div class="kyc-icon kyc-icon--warn" aria-hidden="true">"!"</div>
            <h1 tabindex="-1">{t(title)}</h1>
            <p>{t(body)}</p>
        </section>
    }
}
