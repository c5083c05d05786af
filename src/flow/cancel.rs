//! Leaving the flow: "Cancel verification" asks first ([`Step::ConfirmCancel`]), then
//! shows [`Step::Cancelled`] and posts `cancel` to an embedding page. The session stays
//! alive on the service, so "Continue" returns to the step the customer left.
//!
//! Offered on the consent, capture, preview and camera problem screens ([`cancellable`]);
//! once the pictures are sent, leaving is just closing the page. The camera is off from the
//! question on (leaving the capture step stops it) and opens again on the way back.
//! [`decide`] is tried first by [`super::transition`] and hands back every other event.

use super::{Event, Flow, Step};

/// True on the screens that offer "Cancel verification" (not while consent is being sent).
pub fn cancellable(step: &Step) -> bool {
    matches!(
        step,
        Step::Consent { sending: false, .. }
            | Step::Capture { .. }
            | Step::Preview { .. }
            | Step::CameraProblem { .. }
    )
}

/// The cancel part of the transition: `Ok(next)` when `event` is a cancel concern
/// (`next` as in `decide`), `Err(event)` to let the capture flow decide.
// `Err` hands the event back unchanged to the capture flow; it is not an error.
#[allow(clippy::result_large_err)]
pub(super) fn decide(flow: &Flow, event: Event) -> Result<Option<Step>, Event> {
    let step = &flow.step;
    Ok(match (event, step) {
        (Event::CancelRequested, _) => cancellable(step).then(|| Step::ConfirmCancel {
            previous: Box::new(step.clone()),
        }),
        (Event::CancelConfirmed, Step::ConfirmCancel { previous }) => Some(Step::Cancelled {
            previous: previous.clone(),
        }),
        (Event::CancelAborted, Step::ConfirmCancel { previous })
        | (Event::ResumeAfterCancel, Step::Cancelled { previous }) => Some((**previous).clone()),
        (Event::CancelConfirmed | Event::CancelAborted | Event::ResumeAfterCancel, _) => None,
        (event, _) => return Err(event),
    })
}
