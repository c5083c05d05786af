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
    match notice {
        Notice::Feedback { code, custom } => view! {
            <div class="kyc-notice kyc-notice--warn" data-testid="feedback-message" data-code=code.as_str()>
                <p>{t(Msg::feedback(code))}</p>
                {custom.map(|c| view! { <p class="kyc-notice__custom">{c}</p> })}
            </div>
        }
        .into_any(),
        Notice::Recapture => view! {
            <div class="kyc-notice" data-testid="recapture-message">
                <p>{t(Msg::RecaptureMessage)}</p>
            </div>
        }
        .into_any(),
        Notice::Quality { reason, kind } => view! {
            <div class="kyc-notice kyc-notice--warn" data-testid="quality-notice" data-reason=reason.as_str()>
                <p>{t(super::quality_guide::quality_msg(reason, kind))}</p>
            </div>
        }
        .into_any(),
        other => {
            let (kind, msg) = match other {
                Notice::Refused => ("refused", Msg::UploadRefused),
                Notice::TooLarge => ("too_large", Msg::UploadTooLarge),
                Notice::Image(ImageProblem::TooSmall) => ("too_small", Msg::ImageTooSmall),
                Notice::Image(ImageProblem::NotAnImage) => ("not_an_image", Msg::ImageNotAnImage),
                _ => ("failed", Msg::ImageFailed),
            };
            view! {
                <div class="kyc-notice kyc-notice--warn" data-testid="capture-notice" data-kind=kind>
                    <p>{t(msg)}</p>
                </div>
            }
            .into_any()
        }
    }
}
