//! Starting and resuming the session: the step a `start` or `status` answer leads to, and
//! the screens of the failures that end it.

use kyc_contract::{SessionStatus, StatusResponse};

use super::timing::is_safe_redirect;
use super::upload::submitted;
use super::{ApiError, Effect, ErrorKind, Flow, LinkErrorKind, LivenessStage, Notice, Step};

/// Consent first when it is still required, else the first capture.
pub(super) fn after_consent_or_consent(flow: &Flow) -> Step {
    if flow.consent_required {
        Step::Consent {
            sending: false,
            failed: false,
        }
    } else {
        first_capture(flow)
    }
}

/// The first missing picture's capture step; when nothing is missing, the liveness step if
/// it is still to be done, else waiting.
pub(super) fn first_capture(flow: &Flow) -> Step {
    match flow.missing.first() {
        Some(&image) => Step::Capture { image, notice: None },
        None => waiting_or_liveness(flow, false),
    }
}

/// Every picture is in: the liveness step when it is still to be done, else waiting
/// (`slow` as it was).
pub(super) fn waiting_or_liveness(flow: &Flow, slow: bool) -> Step {
    if flow.liveness_pending() {
        Step::Liveness(LivenessStage::Intro)
    } else {
        Step::Waiting { slow }
    }
}

/// The last picture was accepted: the liveness step when it is still to be done, else tell
/// the parent and wait.
pub(super) fn after_pictures(flow: &Flow, fx: &mut Vec<Effect>) -> Step {
    if flow.liveness_pending() {
        Step::Liveness(LivenessStage::Intro)
    } else {
        submitted(flow, fx)
    }
}

/// The step a `status` answer leads to.
pub(super) fn status_step(flow: &mut Flow, s: StatusResponse) -> Step {
    flow.attempts_left = Some(s.attempts_left);
    flow.liveness = s.liveness;
    match s.status {
        SessionStatus::Complete | SessionStatus::Error | SessionStatus::Expired => Step::Final {
            status: s.status,
            // A phone started by a handoff link does not redirect: the desktop does.
            redirect_url: s
                .redirect_url
                .filter(|u| is_safe_redirect(u) && !flow.handoff_device),
            in_iframe: flow.in_iframe,
        },
        SessionStatus::Processing => match flow.step {
            Step::Waiting { slow } => waiting_or_liveness(flow, slow),
            _ => waiting_or_liveness(flow, false),
        },
        SessionStatus::Recapture => {
            flow.missing = s.missing_images;
            match flow.missing.first() {
                Some(&image) => Step::Capture {
                    image,
                    notice: Some(Notice::Recapture),
                },
                None => waiting_or_liveness(flow, false),
            }
        }
        SessionStatus::Pending | SessionStatus::Capturing => {
            flow.missing = s.missing_images;
            after_consent_or_consent(flow)
        }
    }
}

/// The link error screen for a failure that means the link or session is unusable.
pub(super) fn failure_link_error(e: &ApiError) -> Option<Step> {
    let kind = match e {
        ApiError::Unauthorized => LinkErrorKind::UsedOnAnotherDevice,
        ApiError::NotFound => LinkErrorKind::UnknownSession,
        ApiError::Expired => LinkErrorKind::Expired,
        _ => return None,
    };
    Some(Step::LinkError(kind))
}

/// The screen for a failed `start` (or resume `status`).
pub(super) fn failure_step(e: &ApiError) -> Option<Step> {
    if let Some(step) = failure_link_error(e) {
        return Some(step);
    }
    Some(match e {
        ApiError::Aborted => return None,
        ApiError::BadRequest { .. } => Step::LinkError(LinkErrorKind::Broken),
        ApiError::Conflict | ApiError::AttemptLimit | ApiError::Forbidden => {
            Step::LinkError(LinkErrorKind::AlreadyFinished)
        }
        e if e.is_retryable() => Step::Fatal(ErrorKind::Network),
        _ => Step::Fatal(ErrorKind::Unexpected),
    })
}
