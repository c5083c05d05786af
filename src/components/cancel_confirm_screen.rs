//! The question after "Cancel verification" (see `crate::flow::cancellable`).

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
        count: None,
    })
}
