//! A session's liveness step: what start and status show of it, the checks of a try before
//! its frames are decoded ([`Session::admit_liveness`]), the outcome of a try
//! ([`Session::record_liveness`]), and the step in the result ([`liveness_result`]). The check
//! of the frames themselves is [`super::approach`].
//!
//! A try that fails with tries left leaves the step `pending`; the last failed try makes it
//! `failed`; a passed try `passed`; declining `declined`. Once the step is final and every
//! image of the round is in, the session is submitted ([`Session::submit_when_ready`]).

use kyc_contract::{
    DeviceInfo, FaceFinding, ImageType, LivenessChallenge, LivenessReason, LivenessRequest, LivenessResponse,
    LivenessResult, LivenessState, LivenessStatus, LIVENESS_MAX_FRAMES, LIVENESS_MIN_FRAMES, LIVENESS_TRIES,
};

use super::approach::Verdict;
use super::{Session, View};
use crate::clock::rfc3339;
use crate::error::ApiError;

/// A session's liveness step as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LivenessStep {
    pub challenge: LivenessChallenge,
    pub status: LivenessStatus,
    /// Tries recorded (a decline included).
    pub tries: u32,
}

impl LivenessStep {
    /// A step not tried yet.
    pub fn new(challenge: LivenessChallenge) -> LivenessStep {
        LivenessStep {
            challenge,
            status: LivenessStatus::Pending,
            tries: 0,
        }
    }

    /// Tries left.
    pub fn tries_left(&self) -> u32 {
        LIVENESS_TRIES.saturating_sub(self.tries)
    }
}

/// One try as recorded. The frames themselves are not kept (docs/API.md says why).
#[derive(Debug, Clone, PartialEq)]
pub struct LivenessTry {
    pub attempt_id: String,
    /// The step after this try.
    pub status: LivenessStatus,
    pub reason: Option<LivenessReason>,
    pub score: f32,
    pub frames: u32,
    /// The face of each frame, in order.
    pub faces: Vec<FaceFinding>,
    pub device_info: Option<DeviceInfo>,
    /// When it was checked (Unix ms).
    pub checked_at: i64,
    /// The answer as sent: a retry with the same `attempt_id` gets it again.
    pub answer: String,
}

/// What a try amounts to.
#[derive(Debug, Clone, PartialEq)]
pub enum TryOutcome {
    /// The customer continues without the challenge.
    Declined,
    /// The service's check of the frames.
    Checked(Verdict),
}

/// The longest `attempt_id`, in characters.
const MAX_ATTEMPT_ID: usize = 128;

/// The rules of a try's body, before anything is decoded (400 `invalid_request`): an
/// `attempt_id` of 1 to 128 printable characters; a decline without frames; otherwise
/// [`LIVENESS_MIN_FRAMES`] to [`LIVENESS_MAX_FRAMES`] frames.
pub fn check_request(req: &LivenessRequest) -> Result<(), ApiError> {
    let id = &req.attempt_id;
    if id.is_empty() || id.chars().count() > MAX_ATTEMPT_ID || id.chars().any(char::is_control) {
        return Err(ApiError::invalid_request(format!(
            "attempt_id must be 1 to {MAX_ATTEMPT_ID} printable characters"
        )));
    }
    let n = req.frames.len();
    if req.declined {
        if n > 0 {
            return Err(ApiError::invalid_request(
                "a declined liveness try carries no frames",
            ));
        }
    } else if !(LIVENESS_MIN_FRAMES..=LIVENESS_MAX_FRAMES).contains(&n) {
        return Err(ApiError::invalid_request(format!(
            "a liveness try sends {LIVENESS_MIN_FRAMES} to {LIVENESS_MAX_FRAMES} frames, not {n}"
        )));
    }
    Ok(())
}

impl Session {
    /// True unless the session has a liveness step that is still `pending`.
    pub fn liveness_settled(&self) -> bool {
        self.liveness.is_none_or(|l| l.status.is_final())
    }

    /// The step as start and status show it.
    pub fn liveness_state(&self) -> Option<LivenessState> {
        self.liveness.map(|l| LivenessState {
            status: l.status,
            challenge: l.challenge,
            tries_left: l.tries_left(),
        })
    }

    /// The checks of a liveness try, in order: the session is open (410 expired, 403
    /// `attempt_limit`, 409 once processing), consent was granted (403), the session asks
    /// for a liveness step (400), the step is not final yet (409), and the body's rules
    /// ([`check_request`], 400).
    pub fn admit_liveness(
        &self,
        accepted_this_round: &[ImageType],
        now: i64,
        req: &LivenessRequest,
    ) -> Result<View, ApiError> {
        let view = self.ensure_open(accepted_this_round, now)?;
        if self.consent_at.is_none() {
            return Err(ApiError::forbidden(
                "Consent has not been granted: POST /consent first",
            ));
        }
        let Some(step) = self.liveness else {
            return Err(ApiError::invalid_request(
                "this session does not ask for a liveness step",
            ));
        };
        if step.status.is_final() {
            return Err(ApiError::new(
                axum::http::StatusCode::CONFLICT,
                kyc_contract::ErrorCode::AlreadyComplete,
                "The liveness step is already final",
            ));
        }
        check_request(req)?;
        Ok(view)
    }

    /// Records a try's outcome (the checks of [`Session::admit_liveness`] again first: the
    /// session may have changed meanwhile), submits the session when it is ready, and answers.
    pub fn record_liveness(
        &mut self,
        accepted_this_round: &[ImageType],
        now: i64,
        req: &LivenessRequest,
        outcome: &TryOutcome,
    ) -> Result<LivenessResponse, ApiError> {
        self.admit_liveness(accepted_this_round, now, req)?;
        let Some(step) = self.liveness.as_mut() else {
            return Err(ApiError::internal("a liveness try was admitted without a step"));
        };
        step.tries += 1;
        let (reason, score, frames) = match outcome {
            TryOutcome::Declined => (Some(LivenessReason::Declined), 0.0, 0),
            TryOutcome::Checked(v) => (v.reason, v.score, v.frames),
        };
        step.status = match (outcome, reason) {
            (TryOutcome::Declined, _) => LivenessStatus::Declined,
            (_, None) => LivenessStatus::Passed,
            _ if step.tries_left() == 0 => LivenessStatus::Failed,
            _ => LivenessStatus::Pending,
        };
        let (status, tries_left) = (step.status, step.tries_left());
        let missing_images = self.missing_in_round(accepted_this_round);
        let complete = self.submit_when_ready(&missing_images, now);
        Ok(LivenessResponse {
            status,
            reason,
            score,
            frames,
            tries_left,
            complete,
            missing_images,
        })
    }
}

/// The liveness step in the result: where it stands, and the deciding (or last) try.
pub fn liveness_result(step: &LivenessStep, latest: Option<&LivenessTry>) -> LivenessResult {
    LivenessResult {
        status: step.status,
        challenge: step.challenge,
        tries: step.tries,
        score: latest.map(|t| t.score),
        frames: latest.map_or(0, |t| t.frames),
        reason: latest.and_then(|t| t.reason),
        faces: latest.map(|t| t.faces.clone()).unwrap_or_default(),
        checked_at: latest.map(|t| rfc3339(t.checked_at)),
    }
}
