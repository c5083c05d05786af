//! Why the customer is on a capture step again.

use leptos::prelude::*;

use super::t;
use crate::flow::{ImageProblem, Notice};
use crate::i18n::Msg;

/// The message of a [`Notice`]: a feedback code's text (plus the service's own
/// sentence, as text, never HTML), the recapture request, or an upload/image problem.
/// Screen readers hear it once, through the widget's live region (no role here).
#[component]
pub fn NoticeMessage(
    /// What to say.
    notice: Notice,
) -> impl IntoView {
    let msg = Msg::notice(&notice);
    match notice {
        Notice::Feedback { code, custom } => view! {
            <div class="kyc-notice kyc-notice--warn" data-testid="feedback-message" data-code=code.as_str()>
                <p>{t(msg)}</p>
                {custom.map(|c| view! { <p class="kyc-notice__custom">{c}</p> })}
            </div>
        }
        .into_any(),
        Notice::Recapture => view! {
            <div class="kyc-notice" data-testid="recapture-message">
                <p>{t(msg)}</p>
            </div>
        }
        .into_any(),
        Notice::Refused => capture_notice("refused", msg),
        Notice::TooLarge => capture_notice("too_large", msg),
        Notice::Image(ImageProblem::TooSmall) => capture_notice("too_small", msg),
        Notice::Image(ImageProblem::NotAnImage) => capture_notice("not_an_image", msg),
        Notice::Image(ImageProblem::Failed) => capture_notice("failed", msg),
    }
}

/// An upload or picture problem, with its `data-kind`.
fn capture_notice(kind: &'static str, msg: Msg) -> AnyView {
    view! {
        <div class="kyc-notice kyc-notice--warn" data-testid="capture-notice" data-kind=kind>
            <p>{t(msg)}</p>
        </div>
    }
    .into_any()
}
