//! Sending the pictures: the first try, bounded retries, and the service's verdict.

use kyc_contract::{AddImagesResponse, EventType, ImageType, WidgetEvent};

use super::consent;
use super::session::{after_pictures, failure_link_error, first_capture};
use super::timing::{retry_delay_ms, MAX_UPLOAD_ATTEMPTS};
use super::transition::post;
use super::{ApiError, Effect, Flow, Notice, Step};

/// The service answered an upload.
pub(super) fn uploaded(
    flow: &mut Flow,
    fx: &mut Vec<Effect>,
    image: ImageType,
    r: AddImagesResponse,
) -> Step {
    flow.attempts_left = r.attempts_left.or(flow.attempts_left);
    if r.feedback.is_ok() {
        let mut ev = WidgetEvent::new(EventType::ImageAccepted, &flow.session_id);
        ev.image_type = Some(image);
        post(flow, fx, ev);
        flow.missing = r.missing_images;
        if r.complete || flow.missing.is_empty() {
            after_pictures(flow, fx)
        } else {
            first_capture(flow)
        }
    } else {
        let mut ev = WidgetEvent::new(EventType::ImageRejected, &flow.session_id);
        ev.image_type = Some(image);
        ev.feedback = Some(r.feedback);
        post(flow, fx, ev);
        if r.attempts_left == Some(0) {
            // The session is now invalid; the status says so and carries the redirect.
            return Step::Waiting { slow: false };
        }
        if !r.missing_images.is_empty() {
            flow.missing = r.missing_images;
        }
        let custom = r.custom_feedback.filter(|c| !c.trim().is_empty());
        Step::Capture {
            image,
            notice: Some(Notice::Feedback {
                code: r.feedback,
                custom,
            }),
        }
    }
}

/// Every picture is in: tell the parent and wait.
pub(super) fn submitted(flow: &Flow, fx: &mut Vec<Effect>) -> Step {
    post(flow, fx, WidgetEvent::new(EventType::Submitted, &flow.session_id));
    Step::Waiting { slow: false }
}

/// Sends the held image now (first attempt) and shows the upload; before the service has
/// accepted the consent, the upload waits for it ([`consent::may_upload`]).
pub(super) fn upload_now(flow: &Flow, fx: &mut Vec<Effect>, image: ImageType, image_id: String) -> Step {
    if consent::may_upload(flow) {
        fx.push(first_upload(image, image_id.clone()));
    }
    Step::Uploading {
        image,
        image_id,
        attempt: 0,
        stalled: false,
    }
}

/// The first try of an upload.
pub(super) fn first_upload(image: ImageType, image_id: String) -> Effect {
    Effect::Upload {
        image,
        image_id,
        attempt: 0,
        delay_ms: 0,
    }
}

/// After a reload, `step` is where the status answer leads: when that is the capture of a
/// picture that was being sent (found in the device's store), the picture is sent again
/// with its id instead (the service answers an id it knows with its first answer, so
/// the picture is stored once); every other picture found is forgotten (the service has
/// it, or no longer asks for it).
pub(super) fn resume_upload(flow: &mut Flow, fx: &mut Vec<Effect>, step: Step) -> Step {
    let mut next = step;
    for (image, image_id) in std::mem::take(&mut flow.held_pictures) {
        match next {
            Step::Capture { image: wanted, .. } if wanted == image => {
                next = upload_now(flow, fx, image, image_id)
            }
            _ => fx.push(Effect::ForgetHeldPicture(image)),
        }
    }
    next
}

/// An upload failed: retry, give up to a button, or leave the step.
pub(super) fn upload_failed(
    flow: &mut Flow,
    fx: &mut Vec<Effect>,
    image: ImageType,
    image_id: String,
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
        ApiError::Conflict => submitted(flow, fx),
        // The session became invalid; the status says so and carries the redirect.
        ApiError::AttemptLimit | ApiError::Forbidden => Step::Waiting { slow: false },
        ApiError::BadRequest { .. } => Step::Capture {
            image,
            notice: Some(Notice::Refused),
        },
        ApiError::PayloadTooLarge => Step::Capture {
            image,
            notice: Some(Notice::TooLarge),
        },
        _ => match retry {
            Some((next, delay_ms)) => {
                fx.push(Effect::Upload {
                    image,
                    image_id: image_id.clone(),
                    attempt: next,
                    delay_ms,
                });
                Step::Uploading {
                    image,
                    image_id,
                    attempt: next,
                    stalled: false,
                }
            }
            None => Step::Uploading {
                image,
                image_id,
                attempt,
                stalled: true,
            },
        },
    })
}

/// The next try and its delay after a send numbered `attempt` failed with `error`, when it is
/// tried again automatically: a retryable error, fewer than [`MAX_UPLOAD_ATTEMPTS`] tries so
/// far, after the backoff or the service's `Retry-After`, whichever is longer.
pub(super) fn auto_retry(error: &ApiError, attempt: u32, jitter: f64) -> Option<(u32, u32)> {
    if !error.is_retryable() || attempt + 1 >= MAX_UPLOAD_ATTEMPTS {
        return None;
    }
    let next = attempt + 1;
    let wait = match error {
        ApiError::RateLimited {
            retry_after_ms: Some(ms),
        } => *ms,
        _ => 0,
    };
    Some((next, retry_delay_ms(next, jitter).max(wait)))
}
