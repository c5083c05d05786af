//! The session's statuses and transitions, without HTTP.

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
