//! The screen after the customer stopped the verification.

use leptos::prelude::*;

use super::message_screen::{message_screen, Message};
use crate::i18n::Msg;

/// The customer stopped: they may close the page, or continue where they were (the
/// session is still alive on the service).
#[component]
pub fn CancelledScreen(
    /// "Continue verification".
    #[prop(into)]
    on_resume: Callback<()>,
) -> impl IntoView {
    message_screen(Message {
        testid: "screen-cancelled",
        kind: None,
        icon: ("×", false),
        title: Msg::CancelledTitle,
        body: Msg::CancelledBody,
        primary: ("cancel-resume", Msg::CancelResume, on_resume),
        secondary: None,
        count: None,
    })
}
