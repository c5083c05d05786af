//! Leaving the flow: "Cancel verification" asks first ([`Step::ConfirmCancel`]), then
//! shows [`Step::Cancelled`] and posts `cancel` to an embedding page. The session stays
//! alive on the service, so "Continue" returns to the step the customer left.
//!
//! Offered on the consent, capture, preview and camera problem screens ([`cancellable`]);
//! once the pictures are sent, leaving is just closing the page. The camera is off from the
//! question on (leaving the capture step stops it) and opens again on the way back.
//! [`decide`] is tried first by [`super::transition`] and hands back every other event.

use std::ops::ControlFlow::{Break, Continue};

use super::transition::Decision;
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

/// The cancel part of the transition: decides the cancel events, hands on the others.
pub(super) fn decide(flow: &Flow, event: Event) -> Decision {
    let step = &flow.step;
    Break(match (event, step) {
        (Event::CancelRequested, _) => cancellable(step).then(|| Step::ConfirmCancel {
            previous: Box::new(step.clone()),
        }),
        (Event::CancelConfirmed, Step::ConfirmCancel { previous }) => Some(Step::Cancelled {
            previous: previous.clone(),
        }),
        (Event::KeepGoing, Step::ConfirmCancel { previous })
        | (Event::ResumeAfterCancel, Step::Cancelled { previous }) => Some((**previous).clone()),
        (Event::CancelConfirmed | Event::KeepGoing | Event::ResumeAfterCancel, _) => None,
        (event, _) => return Continue(event),
    })
}
