//! Cross-device handoff: the desktop (or any device without a usable camera)
//! shows a single-use link to the same session as a QR code, follows the other
//! device through the status polling, and finishes when it finishes.
//!
//! The rules live here, apart from the capture flow; [`decide`] is tried by
//! [`super::transition`] before the capture flow and hands on every event that is not
//! its concern.

use kyc_contract::{ImageType, SessionStatus};

use std::ops::ControlFlow::{Break, Continue};

use super::session::{failure_link_error, status_step};
use super::transition::Decision;
use super::{ApiError, Effect, Event, Flow, Step, Timer};

/// Refresh the link this long before it expires.
pub const HANDOFF_REFRESH_MARGIN_MS: u64 = 60_000;
/// Never refresh sooner than this (a short-lived link, or a clock that is off).
pub const HANDOFF_MIN_REFRESH_MS: u64 = 15_000;

/// When to ask for a new link, given that the current one is valid for `valid_ms`:
/// a minute before it expires, or half way for a short-lived one, never sooner
/// than [`HANDOFF_MIN_REFRESH_MS`].
pub fn handoff_refresh_delay_ms(valid_ms: u64) -> u32 {
    let ms = if valid_ms > 2 * HANDOFF_REFRESH_MARGIN_MS {
        valid_ms - HANDOFF_REFRESH_MARGIN_MS
    } else {
        valid_ms / 2
    };
    u32::try_from(ms.max(HANDOFF_MIN_REFRESH_MS)).unwrap_or(u32::MAX)
}

/// Which of `images` have arrived, given what is still `missing`.
fn progress(images: impl IntoIterator<Item = ImageType>, missing: &[ImageType]) -> Vec<(ImageType, bool)> {
    images.into_iter().map(|i| (i, !missing.contains(&i))).collect()
}

/// The handoff's part of the transition: decides the handoff events, hands on the others.
pub(super) fn decide(flow: &mut Flow, event: Event, fx: &mut Vec<Effect>) -> Decision {
    use Event as E;
    use Step as S;
    Break(match (flow.step.clone(), event) {
        (
            S::Capture { image, .. }
            | S::CameraProblem { image, .. }
            | S::Handoff {
                image, failed: true, ..
            },
            E::HandoffRequested,
        ) => {
            fx.push(Effect::RequestHandoff);
            let images = match &flow.step {
                S::Handoff { progress, .. } => progress.iter().map(|(i, _)| *i).collect(),
                _ => flow.missing.clone(),
            };
            Some(S::Handoff {
                image,
                link: None,
                failed: false,
                progress: progress(images, &flow.missing),
            })
        }
        (_, E::HandoffRequested) => None,

        (S::Handoff { image, progress, .. }, E::HandoffReady { url, valid_ms }) => {
            fx.push(Effect::StartTimer {
                timer: Timer::HandoffRefresh,
                after_ms: handoff_refresh_delay_ms(valid_ms),
            });
            Some(S::Handoff {
                image,
                link: Some(url),
                failed: false,
                progress,
            })
        }
        (S::Handoff { image, progress, .. }, E::HandoffFailed(e)) => match e {
            ApiError::Aborted => None,
            // Every picture is in, or the session just became invalid: the polling
            // brings the status (and the final screen) in a moment.
            ApiError::Conflict | ApiError::AttemptLimit | ApiError::Forbidden => None,
            e => failure_link_error(&e).or(Some(S::Handoff {
                image,
                link: None,
                failed: true,
                progress,
            })),
        },
        (
            S::Handoff {
                link: Some(_),
                failed: false,
                ..
            },
            E::HandoffRefresh,
        ) => {
            fx.push(Effect::RequestHandoff);
            None
        }
        (
            S::Handoff {
                image, link, failed, ..
            },
            E::Status(s),
        ) => match s.status {
            SessionStatus::Complete | SessionStatus::Error | SessionStatus::Expired => {
                Some(status_step(flow, s))
            }
            status => {
                let images: Vec<ImageType> = match &flow.step {
                    S::Handoff { progress, .. } => progress.iter().map(|(i, _)| *i).collect(),
                    _ => Vec::new(),
                };
                let missing = if status == SessionStatus::Processing {
                    Vec::new()
                } else {
                    s.missing_images
                };
                flow.missing = missing.clone();
                Some(S::Handoff {
                    image,
                    link,
                    failed,
                    progress: progress(images, &missing),
                })
            }
        },
        (S::Handoff { .. }, E::StatusFailed(e)) => failure_link_error(&e),
        (S::Handoff { .. }, E::UseUploadInstead) => {
            flow.use_camera = false;
            Some(match flow.missing.first() {
                Some(&image) => S::Capture { image, notice: None },
                None => S::Waiting { slow: false },
            })
        }
        (S::Handoff { .. }, E::TakingLong) => None,
        (_, E::HandoffReady { .. } | E::HandoffFailed(_) | E::HandoffRefresh) => None,
        (_, event) => return Continue(event),
    })
}
