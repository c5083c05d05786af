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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Outcome;
    use kyc_contract::{
        CreateSessionRequest, ErrorCode, Feedback, LivenessFrame, LivenessSpec, SessionStatus,
    };

    /// A started session with consent that asks for a selfie and a liveness step.
    fn lively(force_retry: bool) -> Session {
        let req = CreateSessionRequest {
            required_images: Some(vec![ImageType::Selfie, ImageType::DocumentFront]),
            liveness: Some(LivenessSpec::default()),
            mock_behavior: Some(kyc_contract::MockBehavior {
                force_retry,
                ..Default::default()
            }),
            ..CreateSessionRequest::default()
        };
        let mut s = Session::create(&req, 5, 1000, 0).unwrap().session;
        s.device_id = Some("d".into());
        s.consent_at = Some(0);
        s
    }

    fn frames(n: usize) -> Vec<LivenessFrame> {
        (0..n)
            .map(|i| LivenessFrame {
                content: "AAAA".into(),
                t_ms: 300 * i as u32,
            })
            .collect()
    }

    fn request(n: usize, declined: bool) -> LivenessRequest {
        LivenessRequest {
            attempt_id: "a1".into(),
            frames: frames(n),
            declined,
            device_info: None,
        }
    }

    fn checked(reason: Option<LivenessReason>) -> TryOutcome {
        TryOutcome::Checked(Verdict {
            reason,
            score: 0.8,
            frames: 5,
            faces: vec![],
        })
    }

    fn ok_upload(s: &mut Session, accepted: &mut Vec<ImageType>, t: ImageType, now: i64) -> bool {
        let ok = || Outcome {
            feedback: Feedback::Ok,
            custom_feedback: None,
            metrics: None,
            faces: vec![],
        };
        let res = s.accept_upload(accepted, now, t, ok).unwrap();
        accepted.push(t);
        res.complete
    }

    #[test]
    fn the_images_alone_do_not_complete_a_session_with_a_pending_step() {
        let mut s = lively(false);
        assert_eq!(
            s.liveness_state(),
            Some(LivenessState {
                status: LivenessStatus::Pending,
                challenge: LivenessChallenge::Approach,
                tries_left: LIVENESS_TRIES,
            })
        );
        let mut accepted = vec![];
        assert!(!ok_upload(&mut s, &mut accepted, ImageType::Selfie, 1));
        assert!(!ok_upload(&mut s, &mut accepted, ImageType::DocumentFront, 2));
        let v = s.view(&accepted, 5000);
        assert_eq!((v.status, v.missing_images.len()), (SessionStatus::Capturing, 0));
        assert_eq!(s.processing_started_at, None);
        // The step passes: the session is submitted then, and completes after processing.
        let res = s
            .record_liveness(&accepted, 6000, &request(5, false), &checked(None))
            .unwrap();
        assert_eq!(
            (res.status, res.complete, res.tries_left, res.score),
            (LivenessStatus::Passed, true, LIVENESS_TRIES - 1, 0.8)
        );
        assert_eq!(s.processing_started_at, Some(6000));
        assert_eq!(s.view(&accepted, 7000).status, SessionStatus::Complete);
        // Final: another try is a conflict.
        let again = s.admit_liveness(&accepted, 6500, &request(5, false)).unwrap_err();
        assert_eq!(again.code, ErrorCode::AlreadyComplete);
    }

    #[test]
    fn a_final_step_before_the_images_waits_for_them() {
        let mut s = lively(false);
        let mut accepted = vec![];
        let res = s
            .record_liveness(&accepted, 1, &request(0, true), &TryOutcome::Declined)
            .unwrap();
        assert_eq!(
            (res.status, res.reason, res.frames, res.complete),
            (LivenessStatus::Declined, Some(LivenessReason::Declined), 0, false)
        );
        assert_eq!(
            res.missing_images,
            vec![ImageType::DocumentFront, ImageType::Selfie]
        );
        assert!(!ok_upload(&mut s, &mut accepted, ImageType::Selfie, 2));
        assert!(ok_upload(&mut s, &mut accepted, ImageType::DocumentFront, 3));
        assert_eq!(s.processing_started_at, Some(3));
    }

    #[test]
    fn failed_tries_leave_it_pending_until_the_last() {
        let mut s = lively(false);
        let accepted = vec![ImageType::Selfie, ImageType::DocumentFront];
        let fail = checked(Some(LivenessReason::NotApproaching));
        for left in (1..LIVENESS_TRIES).rev() {
            let res = s
                .record_liveness(&accepted, 1, &request(5, false), &fail)
                .unwrap();
            assert_eq!(
                (res.status, res.tries_left, res.complete),
                (LivenessStatus::Pending, left, false)
            );
        }
        let res = s
            .record_liveness(&accepted, 2, &request(5, false), &fail)
            .unwrap();
        assert_eq!(
            (res.status, res.reason, res.tries_left, res.complete),
            (
                LivenessStatus::Failed,
                Some(LivenessReason::NotApproaching),
                0,
                true
            )
        );
        assert_eq!(s.liveness.map(|l| l.tries), Some(LIVENESS_TRIES));
    }

    #[test]
    fn a_forced_retry_recaptures_the_image_and_not_the_step() {
        let mut s = lively(true);
        let mut accepted = vec![ImageType::Selfie, ImageType::DocumentFront];
        s.record_liveness(&accepted, 1, &request(5, false), &checked(None))
            .unwrap();
        assert_eq!(s.view(&accepted, 2000).status, SessionStatus::Recapture);
        accepted.clear();
        assert!(ok_upload(&mut s, &mut accepted, ImageType::DocumentFront, 2000));
        assert_eq!(s.view(&accepted, 4000).status, SessionStatus::Complete);
    }

    #[test]
    fn tries_are_refused_in_order() {
        let code = |s: &Session, req: &LivenessRequest| s.admit_liveness(&[], 1, req).unwrap_err();
        let mut s = lively(false);
        for (n, declined) in [(0, false), (2, false), (9, false), (1, true)] {
            let e = code(&s, &request(n, declined));
            assert_eq!(
                e.code,
                ErrorCode::InvalidRequest,
                "{n} frames, declined {declined}"
            );
        }
        assert!(s.admit_liveness(&[], 1, &request(3, false)).is_ok());
        assert!(s.admit_liveness(&[], 1, &request(8, false)).is_ok());
        assert!(s.admit_liveness(&[], 1, &request(0, true)).is_ok());
        let mut unnamed = request(5, false);
        unnamed.attempt_id.clear();
        assert_eq!(code(&s, &unnamed).code, ErrorCode::InvalidRequest);
        let mut plain = s.clone();
        plain.liveness = None;
        let e = code(&plain, &request(5, false));
        assert!(e.message.contains("does not ask"), "{e:?}");
        s.consent_at = None;
        assert_eq!(code(&s, &request(5, false)).code, ErrorCode::Forbidden);
        s.error_reason = Some(super::super::ATTEMPT_LIMIT.into());
        assert_eq!(code(&s, &request(5, false)).code, ErrorCode::AttemptLimit);
        s.error_reason = None;
        assert_eq!(
            s.admit_liveness(&[], s.expires_at, &request(5, false))
                .unwrap_err()
                .code,
            ErrorCode::Expired
        );
    }
}
