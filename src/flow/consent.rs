//! Consent. The press of "I agree" is the consent, and the service records it: the press
//! leads at once to the first capture step (its camera opens as the step is entered) while
//! the `consent` call is on its way ([`Flow::consent_call`]), instead of one round trip
//! later. What needs the consent on record waits for the answer:
//!
//! - nothing is uploaded before the service has accepted it: a picture the customer chooses
//!   to use goes to the upload screen, and its upload leaves with the answer
//!   ([`may_upload`]);
//! - when nothing is to be captured first (the wait for the result, the liveness step), the
//!   consent screen shows the call being sent, as those steps call the service at once;
//! - a call that fails for a passing reason is tried again with the uploads' backoff; when
//!   it fails for good the customer is back on the consent screen with its failure message
//!   (leaving the capture step stops the camera: no capture screen without consent on
//!   record, no camera light without a capture screen), and a picture taken meanwhile is
//!   forgotten; a link that can no longer be used goes to the link error screen.
//!
//! [`decide`] is tried by [`super::transition`] before the capture flow and hands on every
//! event that is not its concern.

use std::ops::ControlFlow::{Break, Continue};

use super::session::{failure_link_error, first_capture};
use super::transition::Decision;
use super::upload::{auto_retry, first_upload};
use super::{ApiError, Effect, Event, Flow, Step};

/// True when a picture may be sent: the service has the customer's consent on record.
pub(super) fn may_upload(flow: &Flow) -> bool {
    !flow.consent_required
}

/// The consent part of the transition: decides the consent events, hands on the others.
pub(super) fn decide(flow: &mut Flow, event: Event, fx: &mut Vec<Effect>) -> Decision {
    use Event as E;
    Break(match (flow.step.clone(), event) {
        (Step::Consent { sending: false, .. }, E::ConsentGiven) => {
            flow.consent_call = Some(0);
            fx.push(Effect::PostConsent {
                attempt: 0,
                delay_ms: 0,
            });
            Some(match first_capture(flow) {
                capture @ Step::Capture { .. } => capture,
                _ => Step::Consent {
                    sending: true,
                    failed: false,
                },
            })
        }
        (step, E::ConsentAccepted) => match flow.consent_call.take() {
            Some(_) => accepted(flow, fx, step),
            None => None,
        },
        (step, E::ConsentFailed { error, jitter }) => match flow.consent_call {
            Some(attempt) => failed(flow, fx, step, attempt, error, jitter),
            None => None,
        },
        // A double press.
        (_, E::ConsentGiven) => None,
        (_, event) => return Continue(event),
    })
}

/// The service accepted the consent while `step` shows.
fn accepted(flow: &mut Flow, fx: &mut Vec<Effect>, step: Step) -> Option<Step> {
    flow.consent_required = false;
    fx.push(Effect::SaveSession);
    match step {
        Step::Consent { .. } => Some(first_capture(flow)),
        // The picture chosen meanwhile leaves now.
        Step::Uploading {
            image,
            image_id,
            attempt: 0,
            stalled: false,
        } => {
            fx.push(first_upload(image, image_id));
            None
        }
        _ => None,
    }
}

/// The call numbered `attempt` failed while `step` shows: try again, or go back to the
/// consent screen (or the link error screen).
fn failed(
    flow: &mut Flow,
    fx: &mut Vec<Effect>,
    step: Step,
    attempt: u32,
    error: ApiError,
    jitter: f64,
) -> Option<Step> {
    if let Some(link_error) = failure_link_error(&error) {
        flow.consent_call = None;
        return Some(link_error);
    }
    if let Some((next, delay_ms)) = auto_retry(&error, attempt, jitter) {
        flow.consent_call = Some(next);
        fx.push(Effect::PostConsent {
            attempt: next,
            delay_ms,
        });
        return None;
    }
    flow.consent_call = None;
    let back = Step::Consent {
        sending: false,
        failed: true,
    };
    // A picture taken meanwhile is not kept (one being uploaded is released by leaving
    // its upload step).
    let shown = match &step {
        Step::ConfirmCancel { previous } | Step::Cancelled { previous } => previous.as_ref(),
        step => step,
    };
    if let Step::Preview { image, .. } = shown {
        fx.push(Effect::ForgetHeldPicture(*image));
    }
    Some(match step {
        // The customer is asked whether to stop, or has stopped: "No, keep going" and
        // "Continue" lead to the consent screen.
        Step::ConfirmCancel { .. } => Step::ConfirmCancel {
            previous: Box::new(back),
        },
        Step::Cancelled { .. } => Step::Cancelled {
            previous: Box::new(back),
        },
        _ => back,
    })
}
