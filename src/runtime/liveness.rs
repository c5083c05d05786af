//! The liveness try: the frames the challenge kept, held until the service has answered, and
//! sending them (or "continue without") with the try's id.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Runtime;
use crate::browser::{clock, device, random};
use crate::flow::{Event, LivenessStage, Step};

/// The frames of the try being sent: each JPEG with its time since the try began.
pub type TryFrames = Vec<(Vec<u8>, u32)>;

impl Runtime {
    /// The challenge kept `frames`: hold them and hand the try to the flow with a fresh id.
    pub fn liveness_captured(self, frames: TryFrames) {
        self.liveness_frames.try_set_value(frames);
        self.send(Event::LivenessCaptured {
            attempt_id: random::uuid_v4(),
        });
    }

    /// "Continue without" the liveness step, with a fresh id.
    pub fn decline_liveness(self) {
        self.send(Event::LivenessDeclined {
            attempt_id: random::uuid_v4(),
        });
    }

    /// Sends the held try (or "continue without") after `delay_ms`, if the flow still
    /// waits for this send; the frames are released once the service has answered.
    pub(super) fn send_liveness(self, attempt_id: String, declined: bool, attempt: u32, delay_ms: u32) {
        let abort = self.abort();
        spawn_local(async move {
            if delay_ms > 0 {
                clock::sleep_ms(delay_ms).await;
            }
            let still = matches!(self.flow.try_get_untracked().map(|f| f.step),
                Some(Step::Liveness(LivenessStage::Sending { attempt_id: ref id, attempt: a, stalled: false, .. }))
                    if *id == attempt_id && a == attempt);
            if abort.is_aborted() || !still {
                return;
            }
            let frames = if declined {
                Vec::new()
            } else {
                self.liveness_frames.try_get_value().unwrap_or_default()
            };
            let info = device::device_info(self.camera.label());
            let result = self
                .client()
                .liveness(&attempt_id, &frames, declined, info, Some(&abort))
                .await;
            if abort.is_aborted() {
                return;
            }
            self.send(match result {
                Ok(r) => {
                    self.liveness_frames.try_set_value(Vec::new());
                    Event::LivenessAnswered(r)
                }
                Err(error) => Event::LivenessFailed {
                    error,
                    jitter: random::random_unit(),
                },
            });
        });
    }
}
