//! The liveness step, when the session asks for one (after the pictures): instructions,
//! the challenge on the live front camera ([`super::liveness`] judges the frames), sending
//! the try with bounded retries, and the service's answer. Every way into and out of the
//! challenge is decided here, so the challenge's camera is opened and stopped here too. "Continue without" is offered on
//! every screen of the step, so a customer who cannot do the challenge always goes on.
//! [`decide`] is tried by [`super::transition`] before the capture flow and hands on every
//! event that is not its concern.

use std::ops::ControlFlow::{Break, Continue};

use kyc_contract::{LivenessReason, LivenessResponse, LivenessState, LivenessStatus};

use super::session::{failure_link_error, first_capture};
use super::transition::Decision;
use super::upload::{auto_retry, submitted};
use super::{ApiError, Effect, Event, Facing, Flow, LivenessRetry, LivenessStage, Step};

/// The liveness part of the transition: decides the liveness events, hands on the others.
pub(super) fn decide(flow: &mut Flow, event: Event, fx: &mut Vec<Effect>) -> Decision {
    use Event as E;
    use LivenessStage as L;
    let Step::Liveness(stage) = flow.step.clone() else {
        return match event {
            // A late answer or press for a step already left.
            E::LivenessStart
            | E::LivenessCaptured { .. }
            | E::LivenessTimedOut(_)
            | E::LivenessDeclined { .. }
            | E::LivenessAnswered(_)
            | E::LivenessFailed { .. } => Break(None),
            event => Continue(event),
        };
    };
    Break(match (stage, event) {
        (L::Intro | L::TryAgain(_), E::LivenessStart) => {
            if !flow.hidden {
                fx.push(Effect::OpenCamera(Facing::User));
            }
            Some(Step::Liveness(L::Challenge))
        }
        (L::Challenge, E::CameraFailed(kind)) => {
            fx.push(Effect::StopCamera);
            Some(Step::Liveness(L::TryAgain(LivenessRetry::Camera(kind))))
        }
        (L::Challenge, E::LivenessCaptured { attempt_id }) => {
            fx.push(Effect::StopCamera);
            Some(send_now(fx, attempt_id, false))
        }
        (L::Challenge, E::LivenessTimedOut(hint)) => {
            fx.push(Effect::StopCamera);
            Some(Step::Liveness(L::TryAgain(LivenessRetry::TimedOut(hint))))
        }
        (L::Challenge, E::LivenessDeclined { attempt_id }) => {
            fx.push(Effect::StopCamera);
            Some(send_now(fx, attempt_id, true))
        }
        (L::Intro | L::TryAgain(_), E::LivenessDeclined { attempt_id }) => {
            Some(send_now(fx, attempt_id, true))
        }
        (L::Challenge, E::PageHidden) => {
            flow.hidden = true;
            fx.push(Effect::StopCamera);
            None
        }
        (L::Challenge, E::PageShown) => {
            if std::mem::replace(&mut flow.hidden, false) {
                fx.push(Effect::OpenCamera(Facing::User));
            }
            None
        }
        (L::Sending { stalled: false, .. }, E::LivenessAnswered(r)) => Some(answered(flow, fx, r)),
        (
            L::Sending {
                attempt_id,
                declined,
                attempt,
                stalled: false,
            },
            E::LivenessFailed { error, jitter },
        ) => send_failed(flow, fx, attempt_id, declined, attempt, error, jitter),
        (
            L::Sending {
                attempt_id,
                declined,
                stalled: true,
                ..
            },
            E::RetryUpload,
        ) => Some(send_now(fx, attempt_id, declined)),
        (_, event) => return Continue(event),
    })
}

/// Sends the try (or "continue without") now and shows it being sent.
fn send_now(fx: &mut Vec<Effect>, attempt_id: String, declined: bool) -> Step {
    fx.push(Effect::SendLiveness {
        attempt_id: attempt_id.clone(),
        declined,
        attempt: 0,
        delay_ms: 0,
    });
    Step::Liveness(LivenessStage::Sending {
        attempt_id,
        declined,
        attempt: 0,
        stalled: false,
    })
}

/// The service answered a try: passed, failed for good or declined go on (to the pictures
/// still missing, if any, else the wait for the result); `pending` asks for another try.
fn answered(flow: &mut Flow, fx: &mut Vec<Effect>, r: LivenessResponse) -> Step {
    let challenge = flow.liveness.map(|l| l.challenge).unwrap_or_default();
    flow.liveness = Some(LivenessState {
        status: r.status,
        challenge,
        tries_left: r.tries_left,
    });
    if r.status == LivenessStatus::Pending {
        let reason = r.reason.unwrap_or(LivenessReason::NotApproaching);
        return Step::Liveness(LivenessStage::TryAgain(LivenessRetry::Refused(reason)));
    }
    flow.missing = r.missing_images;
    if flow.missing.is_empty() {
        submitted(flow, fx)
    } else {
        first_capture(flow)
    }
}

/// Sending a try failed: retry, give up to a button, or leave the step.
fn send_failed(
    flow: &mut Flow,
    fx: &mut Vec<Effect>,
    attempt_id: String,
    declined: bool,
    attempt: u32,
    error: ApiError,
    jitter: f64,
) -> Option<Step> {
    if let Some(step) = failure_link_error(&error) {
        return Some(step);
    }
    let retry = auto_retry(&error, attempt, jitter);
    Some(match error {
        ApiError::Aborted => return None,
        // The step is already decided, or the session is past capturing: the status says
        // where it stands.
        ApiError::Conflict | ApiError::AttemptLimit | ApiError::Forbidden => submitted(flow, fx),
        ApiError::BadRequest { .. } | ApiError::PayloadTooLarge => {
            Step::Liveness(LivenessStage::TryAgain(LivenessRetry::Unusable))
        }
        _ => match retry {
            Some((next, delay_ms)) => {
                fx.push(Effect::SendLiveness {
                    attempt_id: attempt_id.clone(),
                    declined,
                    attempt: next,
                    delay_ms,
                });
                Step::Liveness(LivenessStage::Sending {
                    attempt_id,
                    declined,
                    attempt: next,
                    stalled: false,
                })
            }
            None => Step::Liveness(LivenessStage::Sending {
                attempt_id,
                declined,
                attempt,
                stalled: true,
            }),
        },
    })
}
