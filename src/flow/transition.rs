//! The one reducer: [`transition`] chains the sub-reducers (cancel, handoff, liveness, consent,
//! then the capture flow), each of which either decides the event or hands it on, and then
//! enters the chosen step with the effects of leaving the old one and entering the new one.

use std::convert::Infallible;
use std::ops::ControlFlow;

use kyc_contract::{EventType, ImageType, SessionStatus, WidgetEvent};
use kyc_quality::Kind;

use super::session::{
    after_consent_or_consent, failure_link_error, failure_step, status_step, waiting_or_liveness,
};
use super::timing::TAKING_LONG_MS;
use super::upload::{resume_upload, upload_failed, upload_now, uploaded};
use super::{
    cancel, consent, handoff, liveness_step, Doubt, Effect, Event, Facing, Flow, ImageProblem, LinkErrorKind,
    Notice, Step, Timer, REDIRECT_AFTER_MS, USE_ANYWAY_FROM,
};

/// What a sub-reducer says: `Break(next)` when it decided `event` (`next` is the step to
/// enter, `None` to stay), `Continue(event)` to hand the event on unchanged.
pub(super) type Decision = ControlFlow<Option<Step>, Event>;

/// The one transition function: the next state and what to do.
pub fn transition(mut flow: Flow, event: Event) -> (Flow, Vec<Effect>) {
    let mut fx = Vec::new();
    let next = match chain(&mut flow, event, &mut fx) {
        ControlFlow::Break(next) => next,
        ControlFlow::Continue(never) => match never {},
    };
    if let Some(step) = next {
        enter(&mut flow, step, &mut fx);
    }
    // A camera opened or stopped has no frame yet: the shutter waits for `CameraReady`.
    if fx
        .iter()
        .any(|e| matches!(e, Effect::OpenCamera(_) | Effect::StopCamera))
    {
        flow.camera_ready = false;
    }
    let new: Vec<ImageType> = flow
        .missing
        .iter()
        .filter(|i| !flow.asked.contains(i))
        .copied()
        .collect();
    flow.asked.extend(new);
    (flow, fx)
}

/// The sub-reducers in order; the first to decide wins, and the capture flow decides
/// whatever is left.
fn chain(flow: &mut Flow, event: Event, fx: &mut Vec<Effect>) -> ControlFlow<Option<Step>, Infallible> {
    let event = cancel::decide(flow, event)?;
    let event = handoff::decide(flow, event, fx)?;
    let event = liveness_step::decide(flow, event, fx)?;
    let event = consent::decide(flow, event, fx)?;
    ControlFlow::Break(decide(flow, event, fx))
}

/// The capture flow's part of the transition, tried last: the step after `event`, or
/// `None` to stay; pushes the event's own effects.
fn decide(flow: &mut Flow, event: Event, fx: &mut Vec<Effect>) -> Option<Step> {
    use Event as E;
    use Step as S;
    match (flow.step.clone(), event) {
        (_, E::PageHidden) => {
            flow.hidden = true;
            match flow.step {
                S::Capture { .. } if flow.use_camera => fx.push(Effect::StopCamera),
                S::Waiting { .. } => fx.extend([Effect::StopPolling, Effect::StopTimer(Timer::TakingLong)]),
                S::Handoff { .. } => fx.push(Effect::StopPolling),
                _ => {}
            }
            None
        }
        (_, E::PageShown) => {
            let was_hidden = std::mem::replace(&mut flow.hidden, false);
            match flow.step {
                S::Capture { image, .. } if flow.use_camera && was_hidden => {
                    fx.push(Effect::OpenCamera(Facing::for_image(image)))
                }
                S::Waiting { slow } if was_hidden => {
                    fx.push(Effect::StartPolling);
                    if !slow {
                        fx.push(taking_long_timer());
                    }
                }
                S::Handoff { .. } if was_hidden => fx.push(Effect::StartPolling),
                _ => {}
            }
            None
        }

        (S::Starting, E::LinkParsed { session_id }) => {
            flow.session_id = session_id;
            fx.push(Effect::StartSession);
            None
        }
        (S::Starting, E::LinkMissing) => Some(S::LinkError(LinkErrorKind::Broken)),
        (
            S::Starting,
            E::Resumed {
                session_id,
                consent_required,
                handoff_device,
            },
        ) => {
            flow.session_id = session_id;
            flow.consent_required = consent_required;
            flow.handoff_device = handoff_device;
            flow.has_token = true;
            fx.push(Effect::FindHeldPictures);
            None
        }
        (S::Starting, E::HeldPicturesFound(held)) => {
            flow.held_pictures = held;
            fx.push(Effect::FetchStatus);
            None
        }
        (S::Starting, E::Started(r)) => {
            flow.has_token = true;
            flow.attempts_left = Some(r.attempts_left);
            flow.handoff_device = r.handoff;
            flow.consent_required = r.consent_required;
            flow.missing = r.missing_images;
            flow.liveness = r.liveness;
            fx.push(Effect::SaveSession);
            post(flow, fx, WidgetEvent::new(EventType::Ready, &flow.session_id));
            Some(match r.status {
                SessionStatus::Complete | SessionStatus::Error => {
                    S::LinkError(LinkErrorKind::AlreadyFinished)
                }
                SessionStatus::Expired => S::LinkError(LinkErrorKind::Expired),
                SessionStatus::Processing => waiting_or_liveness(flow, false),
                _ => after_consent_or_consent(flow),
            })
        }
        (S::Starting, E::StartFailed(e)) | (S::Starting, E::StatusFailed(e)) => failure_step(&e),
        (S::Starting, E::Status(s)) => {
            post(flow, fx, WidgetEvent::new(EventType::Ready, &flow.session_id));
            let step = status_step(flow, s);
            Some(resume_upload(flow, fx, step))
        }

        (S::Capture { .. }, E::CameraReady) if flow.use_camera && !flow.hidden => {
            flow.camera_ready = true;
            None
        }
        (S::Capture { .. }, E::Shutter) if !flow.camera_ready => None,
        (S::Capture { .. }, E::TakePicture | E::Shutter) => {
            if !std::mem::replace(&mut flow.taking_picture, true) {
                fx.push(Effect::TakePicture);
            }
            None
        }
        (S::Capture { image, .. }, E::Captured { image_id }) => Some(S::Preview {
            image,
            image_id,
            doubt: None,
        }),
        (S::Capture { image, .. }, E::CapturedDoubtful { image_id, reason }) => {
            let count = match flow.refused {
                Some((i, n)) if i == image => n + 1,
                _ => 1,
            };
            flow.refused = Some((image, count));
            Some(S::Preview {
                image,
                image_id,
                doubt: Some(Doubt {
                    reason,
                    kind: Kind::of(image),
                    use_anyway: count >= USE_ANYWAY_FROM,
                }),
            })
        }
        (S::Capture { image, .. }, E::CaptureFailed(p)) => Some(S::Capture {
            image,
            notice: Some(Notice::Image(p)),
        }),
        (S::Capture { image, .. }, E::CameraFailed(kind)) => Some(S::CameraProblem { image, kind }),
        (S::CameraProblem { image, .. }, E::UseUploadInstead) => {
            flow.use_camera = false;
            Some(S::Capture { image, notice: None })
        }
        (S::CameraProblem { image, .. }, E::RetryCamera) => {
            flow.use_camera = true;
            Some(S::Capture { image, notice: None })
        }

        (S::Preview { image, .. }, E::Retake) => Some(S::Capture { image, notice: None }),
        // A doubtful picture goes only with "use it anyway" (the service decides).
        (
            S::Preview {
                doubt: Some(Doubt {
                    use_anyway: false, ..
                }),
                ..
            },
            E::UsePhoto,
        ) => None,
        (S::Preview { image, image_id, .. }, E::UsePhoto) => Some(upload_now(flow, fx, image, image_id)),

        (S::Uploading { image, .. }, E::NothingHeld) => Some(S::Capture {
            image,
            notice: Some(Notice::Image(ImageProblem::Failed)),
        }),
        (S::Uploading { image, .. }, E::Uploaded(r)) => Some(uploaded(flow, fx, image, r)),
        (
            S::Uploading {
                image,
                image_id,
                attempt,
                stalled: false,
            },
            E::UploadFailed { error, jitter },
        ) => upload_failed(flow, fx, image, image_id, attempt, error, jitter),
        (
            S::Uploading {
                image,
                image_id,
                stalled: true,
                ..
            },
            E::RetryUpload,
        ) => Some(upload_now(flow, fx, image, image_id)),

        (S::Waiting { .. }, E::Status(s)) => Some(status_step(flow, s)),
        (S::Waiting { .. }, E::StatusFailed(e)) => failure_link_error(&e),
        (S::Waiting { .. }, E::TakingLong) => Some(S::Waiting { slow: true }),

        (
            S::Final {
                redirect_url: Some(url),
                in_iframe: false,
                ..
            },
            E::RedirectNow,
        ) => {
            fx.push(Effect::Redirect { url, after_ms: 0 });
            None
        }

        (S::Fatal(_), E::Retry) => {
            fx.push(if flow.has_token {
                Effect::FetchStatus
            } else {
                Effect::StartSession
            });
            Some(S::Starting)
        }

        // Anything else (a late answer for a step already left, a double click) changes nothing.
        _ => None,
    }
}

/// Pushes `ev` for the embedding page when there is one.
pub(super) fn post(flow: &Flow, fx: &mut Vec<Effect>, ev: WidgetEvent) {
    if flow.in_iframe {
        fx.push(Effect::PostEvent(ev));
    }
}

/// Moves to `step`, with the effects of leaving the old step and entering the new one.
fn enter(flow: &mut Flow, step: Step, fx: &mut Vec<Effect>) {
    let old = std::mem::replace(&mut flow.step, step);
    let new = &flow.step;
    // Any new step frees the shutter: a picture still being taken is judged by the step
    // its result arrives in.
    flow.taking_picture = false;
    // A changed step is a new screen, whose video has no frame yet.
    if old != *new {
        flow.camera_ready = false;
    }
    let same_capture = matches!((&old, new),
        (Step::Capture { image: a, .. }, Step::Capture { image: b, .. }) if a == b);
    if matches!(old, Step::Capture { .. }) && !same_capture {
        fx.push(Effect::StopCamera);
    }
    if polls(&old) && !polls(new) {
        fx.push(Effect::StopPolling);
    }
    let waiting = |s: &Step| matches!(s, Step::Waiting { .. });
    if waiting(&old) && !waiting(new) {
        fx.push(Effect::StopTimer(Timer::TakingLong));
    }
    if matches!(old, Step::Handoff { .. }) && !matches!(new, Step::Handoff { .. }) {
        fx.push(Effect::StopTimer(Timer::HandoffRefresh));
    }
    // The picture is held while it is being sent: leaving its upload (answered, refused,
    // given up) releases it.
    if let Step::Uploading { image, image_id, .. } = &old {
        if !matches!(new, Step::Uploading { image_id: id, .. } if id == image_id) {
            fx.push(Effect::ForgetHeldPicture(*image));
        }
    }
    if old.name() != new.name() {
        let mut ev = WidgetEvent::new(EventType::Step, &flow.session_id);
        ev.step = Some(new.name().to_owned());
        post(flow, fx, ev);
    }
    match new.clone() {
        Step::Capture { image, .. } if !same_capture && flow.use_camera && !flow.hidden => {
            fx.push(Effect::OpenCamera(Facing::for_image(image)));
        }
        Step::Waiting { slow } if !waiting(&old) && !flow.hidden => {
            if !polls(&old) {
                fx.push(Effect::StartPolling);
            }
            if !slow {
                fx.push(taking_long_timer());
            }
        }
        Step::Handoff { .. } if !polls(&old) && !flow.hidden => {
            fx.push(Effect::StartPolling);
        }
        Step::Final {
            status,
            redirect_url,
            in_iframe,
        } => {
            fx.push(Effect::ClearSession);
            if in_iframe {
                let kind = if status == SessionStatus::Complete {
                    EventType::Complete
                } else {
                    EventType::Error
                };
                let mut ev = WidgetEvent::new(kind, &flow.session_id);
                ev.status = Some(status);
                ev.redirect_url = redirect_url;
                if status != SessionStatus::Complete {
                    ev.error = Some(status.as_str().to_owned());
                }
                post(flow, fx, ev);
            } else if let Some(url) = redirect_url {
                fx.push(Effect::Redirect {
                    url,
                    after_ms: REDIRECT_AFTER_MS,
                });
            }
        }
        Step::LinkError(kind) => {
            fx.push(Effect::ClearSession);
            let mut ev = WidgetEvent::new(EventType::Error, &flow.session_id);
            ev.error = Some(kind.as_str().to_owned());
            post(flow, fx, ev);
        }
        Step::Fatal(kind) => {
            let mut ev = WidgetEvent::new(EventType::Error, &flow.session_id);
            ev.error = Some(kind.as_str().to_owned());
            post(flow, fx, ev);
        }
        Step::Cancelled { .. } => post(flow, fx, WidgetEvent::new(EventType::Cancel, &flow.session_id)),
        _ => {}
    }
}

/// Steps that poll the status: waiting for the result, and following another device.
fn polls(step: &Step) -> bool {
    matches!(step, Step::Waiting { .. } | Step::Handoff { .. })
}

/// The "taking long" timer, started on entering the wait for the result.
fn taking_long_timer() -> Effect {
    Effect::StartTimer {
        timer: Timer::TakingLong,
        after_ms: TAKING_LONG_MS,
    }
}
