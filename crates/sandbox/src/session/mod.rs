//! A session as stored, and where it stands, computed from stored timestamps.
//!
//! Every read computes the status from the row and the clock, so a restart
//! loses nothing (the only background work on sessions is the retention
//! sweep, `crate::retention`, which deletes data once `time_to_live` passes).
//!
//! Rounds: round 1 captures `required_images`. With `force_retry`, when round
//! 1's processing ends the status is `recapture` with `missing_images` = the
//! first required document image (`document_front` when it is required, else
//! `document_back`, else the selfie). The first upload after that opens round
//! 2, which captures only that list; when it is in, processing runs again and
//! then the session is `complete`.
//!
//! The transitions are methods here, so the HTTP handlers only load, call and
//! store: [`Session::bind_device`] (start), [`Session::grant_consent`],
//! [`Session::issue_handoff`], an upload in two steps around the image
//! decoding: [`Session::admit_upload`] before it and [`Session::accept_upload`]
//! after it (`upload.rs`), both within the session's turn ([`UploadTurns`]), so uploads to
//! one session are decided one at a time, and a liveness try likewise
//! ([`Session::admit_liveness`], [`Session::record_liveness`], `liveness.rs`).
//!
//! A session with a liveness step is submitted (processing starts) only once
//! every image of the round is in and the step is final:
//! [`Session::submit_when_ready`] is the one place that decides it. Each refuses with the [`ApiError`] the caller answers. A handoff
//! and an upload need an open session ([`Session::ensure_open`]); beyond its
//! token checks a start is refused only once the session expired before
//! processing, and a consent once it expired.

use kyc_contract::{ImageType, MockBehavior, Recommendation, SessionStatus};

use crate::error::ApiError;
use crate::tokens;

mod approach;
mod create;
mod links;
mod liveness;
mod notify;
mod outcome;
mod steps;
pub mod storage;
#[cfg(test)]
mod tests;
mod turns;
mod upload;

pub use approach::{forced, judge, TriedFrame};
pub use create::{validate_origin, validate_webhook_url, NewSession};
pub use links::{HandoffLink, StartLink};
pub use liveness::{LivenessStep, LivenessTry, TryOutcome};
pub use notify::Notice;
pub use outcome::{complete_result, redirect_url};
pub use steps::{quality_figures, AttemptRow};
pub use turns::UploadTurns;
pub use upload::Admission;

/// Why a session is in `error` after too many rejected uploads.
pub const ATTEMPT_LIMIT: &str = "attempt_limit";

/// How long a handoff link stays valid (at most until the session expires).
const HANDOFF_TTL_MS: i64 = 10 * 60 * 1000;

/// A session row.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: String,
    pub state: Option<String>,
    /// The partner's id for the user (`customer_information.external_user_id`).
    pub external_user_id: Option<String>,
    pub callback_url: Option<String>,
    pub required_images: Vec<ImageType>,
    pub created_at: i64,
    /// The last change (Unix ms), set when the row is written.
    pub updated_at: i64,
    pub expires_at: i64,
    pub start_token_hash: Vec<u8>,
    pub device_id: Option<String>,
    pub started_at: Option<i64>,
    pub handoff_token_hash: Option<Vec<u8>>,
    pub handoff_expires_at: Option<i64>,
    pub handoff_used: bool,
    pub consent_at: Option<i64>,
    pub rejected_count: u32,
    pub max_attempts: u32,
    pub mock: MockBehavior,
    pub processing_time_ms: i64,
    pub feedback_cursor: u32,
    pub fail_remaining: u32,
    pub round: u32,
    pub recapture: Vec<ImageType>,
    pub processing_started_at: Option<i64>,
    pub locale: Option<String>,
    pub theme: Option<kyc_contract::Theme>,
    pub allowed_origins: Vec<String>,
    pub recommendation: Recommendation,
    pub error_reason: Option<String>,
    /// Where the session's webhook events go.
    pub webhook_url: Option<String>,
    /// Whether the event of its final status (completed, failed, expired) was queued.
    pub final_notified: bool,
    /// When its images and personal data are deleted (`time_to_live`), Unix ms.
    pub delete_at: Option<i64>,
    /// When they were: the session is a tombstone since (410 `deleted`).
    pub purged_at: Option<i64>,
    /// Its liveness step, when it asks for one.
    pub liveness: Option<LivenessStep>,
}

/// Where a session stands at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub status: SessionStatus,
    pub missing_images: Vec<ImageType>,
    pub attempts_left: u32,
    pub error_reason: Option<String>,
}

impl Session {
    /// The images round `round` captures.
    pub fn needed(&self, round: u32) -> Vec<ImageType> {
        if round <= 1 {
            self.required_images.clone()
        } else {
            self.recapture.clone()
        }
    }

    /// What `force_retry` asks to capture again.
    pub fn recapture_list(&self) -> Vec<ImageType> {
        let first = self
            .required_images
            .iter()
            .copied()
            .find(|t| t.is_document())
            .or_else(|| self.required_images.first().copied());
        first.into_iter().collect()
    }

    /// When processing ends in `complete` (Unix ms): none before every image
    /// is in, nor for the round that a forced retry sends back to capture.
    pub fn completes_at(&self) -> Option<i64> {
        let p = self.processing_started_at?;
        if self.error_reason.is_some() || (self.mock.force_retry && self.round == 1) {
            return None;
        }
        Some(p.saturating_add(self.processing_time_ms))
    }

    /// When the session completed, if it has by `now`.
    pub fn completed_at(&self, now: i64) -> Option<i64> {
        self.completes_at().filter(|&c| c <= now)
    }

    /// The one place a round is submitted: processing starts (once) when every
    /// image of the round is in, the session is valid, and its liveness step,
    /// if it has one, is final. True when the round is complete.
    pub fn submit_when_ready(&mut self, missing_in_round: &[ImageType], now: i64) -> bool {
        let ready = missing_in_round.is_empty() && self.error_reason.is_none() && self.liveness_settled();
        if ready && self.processing_started_at.is_none() {
            self.processing_started_at = Some(now);
        }
        ready
    }

    /// Rejected uploads left before the session becomes invalid.
    pub fn attempts_left(&self) -> u32 {
        self.max_attempts.saturating_sub(self.rejected_count)
    }

    /// The images of the current round not yet accepted, in capture order.
    fn missing_in_round(&self, accepted_this_round: &[ImageType]) -> Vec<ImageType> {
        let needed = self.needed(self.round);
        ImageType::ALL
            .into_iter()
            .filter(|t| needed.contains(t) && !accepted_this_round.contains(t))
            .collect()
    }

    /// The status at `now` (Unix ms), given the image types accepted in the
    /// current round.
    pub fn view(&self, accepted_this_round: &[ImageType], now: i64) -> View {
        let missing_in_round = self.missing_in_round(accepted_this_round);
        let expired = now >= self.expires_at;
        let (status, missing) = if self.error_reason.is_some() {
            (SessionStatus::Error, missing_in_round)
        } else if self.device_id.is_none() {
            let s = if expired {
                SessionStatus::Expired
            } else {
                SessionStatus::Pending
            };
            (s, missing_in_round)
        } else if let Some(p) = self.processing_started_at {
            if now < p.saturating_add(self.processing_time_ms) {
                (SessionStatus::Processing, vec![])
            } else if self.completes_at().is_none() {
                if expired {
                    (SessionStatus::Expired, self.recapture_list())
                } else {
                    (SessionStatus::Recapture, self.recapture_list())
                }
            } else {
                (SessionStatus::Complete, vec![])
            }
        } else if expired {
            (SessionStatus::Expired, missing_in_round)
        } else if self.round > 1 {
            (SessionStatus::Recapture, missing_in_round)
        } else {
            (SessionStatus::Capturing, missing_in_round)
        };
        View {
            status,
            missing_images: missing,
            attempts_left: self.attempts_left(),
            error_reason: self.error_reason.clone(),
        }
    }
}

impl Session {
    /// The view at `now`, or the refusal of any change once the session is
    /// expired (410), invalid after too many rejections (403), or has every
    /// image in (409: processing or complete).
    pub fn ensure_open(&self, accepted_this_round: &[ImageType], now: i64) -> Result<View, ApiError> {
        let view = self.view(accepted_this_round, now);
        match view.status {
            SessionStatus::Expired => Err(ApiError::expired()),
            SessionStatus::Error => Err(ApiError::attempt_limit()),
            SessionStatus::Processing | SessionStatus::Complete => Err(ApiError::already_complete()),
            SessionStatus::Pending | SessionStatus::Capturing | SessionStatus::Recapture => Ok(view),
        }
    }

    /// Binds the device that presents the start token hashed `token_hash`:
    /// the session link binds the first device, a handoff link (single use,
    /// short-lived) the device it was made for. 401 for a token of neither or
    /// a link already used, 410 once expired (unless processing started).
    pub fn bind_device(&mut self, token_hash: &[u8], now: i64) -> Result<StartLink, ApiError> {
        let is_session_link = tokens::hash_eq(token_hash, &self.start_token_hash);
        let is_handoff_link = self
            .handoff_token_hash
            .as_deref()
            .is_some_and(|h| tokens::hash_eq(token_hash, h));
        if !is_session_link && !is_handoff_link {
            return Err(ApiError::unauthorized(
                "The start token is not valid for this session",
            ));
        }
        if now >= self.expires_at && self.processing_started_at.is_none() {
            return Err(ApiError::expired());
        }
        let used = || ApiError::unauthorized("This link was already used on another device");
        let link = if is_session_link {
            if self.device_id.is_some() {
                return Err(used());
            }
            StartLink::Session
        } else {
            if self.handoff_used {
                return Err(used());
            }
            if self.handoff_expires_at.is_some_and(|e| now >= e) {
                return Err(ApiError::unauthorized(
                    "This handoff link has expired: make a new one",
                ));
            }
            self.handoff_used = true;
            StartLink::Handoff
        };
        if self.device_id.is_none() {
            self.device_id = Some(tokens::random_id("dev_", 12));
            self.started_at = Some(now);
        }
        Ok(link)
    }

    /// Records the customer's consent (once: a second grant keeps the first
    /// date). 410 once expired. True when it changed the session.
    pub fn grant_consent(&mut self, accepted_this_round: &[ImageType], now: i64) -> Result<bool, ApiError> {
        if self.view(accepted_this_round, now).status == SessionStatus::Expired {
            return Err(ApiError::expired());
        }
        if self.consent_at.is_some() {
            return Ok(false);
        }
        self.consent_at = Some(now);
        Ok(true)
    }

    /// A fresh handoff link, valid for ten minutes but not past the session's
    /// expiry; it replaces any earlier one. Refused once the session is not open.
    pub fn issue_handoff(
        &mut self,
        accepted_this_round: &[ImageType],
        now: i64,
    ) -> Result<HandoffLink, ApiError> {
        self.ensure_open(accepted_this_round, now)?;
        let token = tokens::new_start_token();
        let expires_at = (now + HANDOFF_TTL_MS).min(self.expires_at);
        self.handoff_token_hash = Some(tokens::hash_token(&token));
        self.handoff_expires_at = Some(expires_at);
        self.handoff_used = false;
        Ok(HandoffLink { token, expires_at })
    }
}
