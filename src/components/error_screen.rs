//! A failure the flow cannot get past by itself.

use leptos::prelude::*;

use super::message_screen::{message_screen, Message};
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
    let (title, body) = Msg::error(kind);
    message_screen(Message {
        testid: "screen-error",
        kind: Some(kind.as_str()),
        icon: ("!", true),
        title,
        body,
        primary: ("retry", Msg::TryAgain, on_retry),
        secondary: None,
        count: None,
    })
}
