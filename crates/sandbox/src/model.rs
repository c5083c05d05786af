//! A session as stored, and where it stands, computed from stored timestamps.
//!
//! Nothing runs in the background: every read computes the status from the
//! row and the clock, so a restart loses nothing.
//!
//! Rounds: round 1 captures `required_images`. With `force_retry`, when round
//! 1's processing ends the status is `recapture` with `missing_images` = the
//! first required document image (`document_front` when it is required, else
//! `document_back`, else the selfie). The first upload after that opens round
//! 2, which captures only that list; when it is in, processing runs again and
//! then the session is `complete`.

use kyc_contract::{ImageType, MockBehavior, Recommendation, SessionStatus};

/// Why a session is in `error` after too many rejected uploads.
pub const ATTEMPT_LIMIT: &str = "attempt_limit";

/// A session row.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: String,
    pub state: Option<String>,
    pub callback_url: Option<String>,
    pub required_images: Vec<ImageType>,
    pub created_at: i64,
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

    /// Rejected uploads left before the session becomes invalid.
    pub fn attempts_left(&self) -> u32 {
        self.max_attempts.saturating_sub(self.rejected_count)
    }

    /// The status at `now` (Unix ms), given the image types accepted in the
    /// current round.
    pub fn view(&self, accepted_this_round: &[ImageType], now: i64) -> View {
        let missing_in_round: Vec<ImageType> = ImageType::ALL
            .into_iter()
            .filter(|t| self.needed(self.round).contains(t) && !accepted_this_round.contains(t))
            .collect();
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
            } else if self.mock.force_retry && self.round == 1 {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        Session {
            id: "s".into(),
            state: None,
            callback_url: None,
            required_images: ImageType::ALL.to_vec(),
            created_at: 0,
            expires_at: 10_000,
            start_token_hash: vec![],
            device_id: None,
            started_at: None,
            handoff_token_hash: None,
            handoff_expires_at: None,
            handoff_used: false,
            consent_at: None,
            rejected_count: 0,
            max_attempts: 5,
            mock: MockBehavior::default(),
            processing_time_ms: 1000,
            feedback_cursor: 0,
            fail_remaining: 0,
            round: 1,
            recapture: vec![],
            processing_started_at: None,
            locale: None,
            theme: None,
            allowed_origins: vec![],
            recommendation: Recommendation::Allow,
            error_reason: None,
        }
    }

    #[test]
    fn walks_through_the_statuses() {
        let mut s = session();
        assert_eq!(s.view(&[], 0).status, SessionStatus::Pending);
        assert_eq!(s.view(&[], 10_000).status, SessionStatus::Expired);
        s.device_id = Some("d".into());
        let v = s.view(&[ImageType::DocumentBack], 1);
        assert_eq!(v.status, SessionStatus::Capturing);
        assert_eq!(
            v.missing_images,
            vec![ImageType::DocumentFront, ImageType::Selfie]
        );
        s.processing_started_at = Some(100);
        assert_eq!(s.view(&ImageType::ALL, 500).status, SessionStatus::Processing);
        assert_eq!(s.view(&ImageType::ALL, 1100).status, SessionStatus::Complete);
        // Complete stays complete past expiry.
        assert_eq!(s.view(&ImageType::ALL, 20_000).status, SessionStatus::Complete);
    }

    #[test]
    fn force_retry_asks_for_the_first_document_image_once() {
        let mut s = session();
        s.mock.force_retry = true;
        s.device_id = Some("d".into());
        s.processing_started_at = Some(0);
        let v = s.view(&ImageType::ALL, 1000);
        assert_eq!(v.status, SessionStatus::Recapture);
        assert_eq!(v.missing_images, vec![ImageType::DocumentFront]);
        s.round = 2;
        s.recapture = s.recapture_list();
        s.processing_started_at = None;
        assert_eq!(s.view(&[], 1000).status, SessionStatus::Recapture);
        s.processing_started_at = Some(2000);
        assert_eq!(
            s.view(&[ImageType::DocumentFront], 3000).status,
            SessionStatus::Complete
        );
        s.required_images = vec![ImageType::Selfie];
        assert_eq!(s.recapture_list(), vec![ImageType::Selfie]);
    }

    #[test]
    fn error_wins() {
        let mut s = session();
        s.device_id = Some("d".into());
        s.rejected_count = 5;
        s.error_reason = Some(ATTEMPT_LIMIT.into());
        let v = s.view(&[], 20_000);
        assert_eq!(v.status, SessionStatus::Error);
        assert_eq!(v.attempts_left, 0);
    }
}
