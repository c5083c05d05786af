//! An upload in two steps around the image decoding: [`Session::admit_upload`] before it and
//! [`Session::accept_upload`] after it, both within the session's turn
//! ([`super::UploadTurns`]).

use kyc_contract::{AddImagesResponse, Feedback, ImageType, SessionStatus};

use super::{Session, View, ATTEMPT_LIMIT};
use crate::analysis::Outcome;
use crate::error::ApiError;

/// What the first step of an upload decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Answer 503: one of `mock_behavior.fail_uploads` is used up (store the session).
    SimulatedOutage,
    /// Go on with the image; `mocked` when its feedback will be the next of
    /// `mock_behavior.feedback`, so it need not be measured.
    Admitted { mocked: bool },
}

impl Session {
    /// The checks of an upload, in order: the session is open, consent was
    /// granted (403), and the session requires `image_type` (400).
    fn check_upload(
        &self,
        accepted_this_round: &[ImageType],
        now: i64,
        image_type: ImageType,
    ) -> Result<View, ApiError> {
        let view = self.ensure_open(accepted_this_round, now)?;
        if self.consent_at.is_none() {
            return Err(ApiError::forbidden(
                "Consent has not been granted: POST /consent first",
            ));
        }
        if !self.required_images.contains(&image_type) {
            return Err(ApiError::invalid_request(format!(
                "image_type {} is not required by this session",
                image_type.as_str()
            )));
        }
        Ok(view)
    }

    /// The first step of an upload, before the image is decoded: the checks,
    /// then a simulated outage while `mock_behavior.fail_uploads` lasts.
    pub fn admit_upload(
        &mut self,
        accepted_this_round: &[ImageType],
        now: i64,
        image_type: ImageType,
    ) -> Result<Admission, ApiError> {
        self.check_upload(accepted_this_round, now, image_type)?;
        if self.fail_remaining > 0 {
            self.fail_remaining -= 1;
            return Ok(Admission::SimulatedOutage);
        }
        Ok(Admission::Admitted {
            mocked: (self.feedback_cursor as usize) < self.mock.feedback.len(),
        })
    }

    /// The second step of an upload, with the image decoded: the checks again
    /// (the session may have changed meanwhile), the first upload after a
    /// forced retry opens round 2, the feedback is the next mocked code or
    /// else `measure()`, a rejection counts against `max_attempts`, and
    /// processing starts once the round is ready ([`Session::submit_when_ready`]). The answer to
    /// the upload; the image is stored in [`Session::round`], rejected unless
    /// the feedback is `ok`.
    pub fn accept_upload(
        &mut self,
        accepted_this_round: &[ImageType],
        now: i64,
        image_type: ImageType,
        measure: impl FnOnce() -> Outcome,
    ) -> Result<AddImagesResponse, ApiError> {
        let view = self.check_upload(accepted_this_round, now, image_type)?;
        let mut accepted = accepted_this_round.to_vec();
        if view.status == SessionStatus::Recapture && self.round == 1 {
            self.round = 2;
            self.recapture = self.recapture_list();
            self.processing_started_at = None;
            accepted.clear();
        }
        let (feedback, custom_feedback) = match self.next_mocked_feedback() {
            Some(f) => (f, None),
            None => {
                let o = measure();
                (o.feedback, o.custom_feedback)
            }
        };
        if feedback.is_ok() {
            accepted.push(image_type);
        } else {
            self.rejected_count += 1;
            if self.rejected_count >= self.max_attempts {
                self.error_reason = Some(ATTEMPT_LIMIT.to_owned());
            }
        }
        let missing_images = self.missing_in_round(&accepted);
        let complete = self.submit_when_ready(&missing_images, now);
        Ok(AddImagesResponse {
            feedback,
            complete,
            missing_images,
            custom_feedback,
            attempts_left: Some(self.attempts_left()),
        })
    }

    /// The next code of `mock_behavior.feedback`, consumed.
    fn next_mocked_feedback(&mut self) -> Option<Feedback> {
        let f = self.mock.feedback.get(self.feedback_cursor as usize).copied()?;
        self.feedback_cursor += 1;
        Some(f)
    }
}
