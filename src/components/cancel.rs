//! Leaving the flow (see `crate::flow::cancellable`): the question after "Cancel
//! verification", and the cancelled screen.

use leptos::prelude::*;

use super::message_screen::{message_screen, Message};
use crate::i18n::Msg;

/// "Stop the verification?" with "No, keep going" (first, primary) and "Yes, stop": a stray
/// tap on "Cancel verification" does not end the flow.
#[component]
pub fn CancelConfirmScreen(
    /// "No, keep going".
    #[prop(into)]
    on_keep_going: Callback<()>,
    /// "Yes, stop".
    #[prop(into)]
    on_confirm: Callback<()>,
) -> impl IntoView {
    message_screen(Message {
        testid: "screen-cancel-confirm",
        kind: None,
        icon: ("?", false),
        title: Msg::CancelQuestion,
        body: Msg::CancelQuestionBody,
        primary: ("cancel-keep-going", Msg::CancelKeepGoing, on_keep_going),
        secondary: Some(("cancel-confirm", Msg::CancelConfirm, on_confirm)),
    })
}

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
    })
}
