//! The session's statuses and transitions, without HTTP.

use super::*;
use crate::analysis::Outcome;
use kyc_contract::Feedback;

fn session() -> Session {
    Session {
        id: "s".into(),
        state: None,
        external_user_id: None,
        callback_url: None,
        required_images: ImageType::ALL.to_vec(),
        created_at: 0,
        updated_at: 0,
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
        webhook_url: None,
        final_notified: false,
        delete_at: None,
        purged_at: None,
        liveness: None,
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

/// A session started on a device, with consent, at time 0.
fn open_session() -> Session {
    let mut s = session();
    s.device_id = Some("d".into());
    s.consent_at = Some(0);
    s
}

fn ok() -> Outcome {
    Outcome {
        feedback: Feedback::Ok,
        custom_feedback: None,
        metrics: None,
        faces: vec![],
    }
}

fn never_measured() -> Outcome {
    panic!("a mocked upload is not measured")
}

#[test]
fn ensure_open_refuses_expired_invalid_and_complete_sessions() {
    use kyc_contract::ErrorCode;
    let s = open_session();
    assert_eq!(
        s.ensure_open(&[], 1).map(|v| v.status),
        Ok(SessionStatus::Capturing)
    );
    assert_eq!(s.ensure_open(&[], 10_000).unwrap_err().code, ErrorCode::Expired);
    let mut invalid = open_session();
    invalid.error_reason = Some(ATTEMPT_LIMIT.into());
    assert_eq!(
        invalid.ensure_open(&[], 1).unwrap_err().code,
        ErrorCode::AttemptLimit
    );
    let mut processing = open_session();
    processing.processing_started_at = Some(0);
    assert_eq!(
        processing.ensure_open(&ImageType::ALL, 500).unwrap_err().code,
        ErrorCode::AlreadyComplete
    );
    assert_eq!(
        processing.ensure_open(&ImageType::ALL, 5000).unwrap_err().code,
        ErrorCode::AlreadyComplete
    );
}

#[test]
fn the_session_link_binds_the_first_device_only() {
    use kyc_contract::ErrorCode;
    let mut s = session();
    s.start_token_hash = tokens::hash_token("first");
    assert_eq!(
        s.bind_device(&tokens::hash_token("other"), 1).unwrap_err().code,
        ErrorCode::Unauthorized
    );
    assert_eq!(s.device_id, None);
    assert_eq!(
        s.bind_device(&tokens::hash_token("first"), 5),
        Ok(StartLink::Session)
    );
    assert!(s.device_id.is_some());
    assert_eq!(s.started_at, Some(5));
    let bound = s.clone();
    let err = s.bind_device(&tokens::hash_token("first"), 6).unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert!(err.message.contains("already used"), "{err:?}");
    assert_eq!(s, bound);
}

#[test]
fn an_unstarted_session_cannot_be_bound_once_expired() {
    use kyc_contract::ErrorCode;
    let mut s = session();
    s.start_token_hash = tokens::hash_token("first");
    assert_eq!(
        s.bind_device(&tokens::hash_token("first"), 10_000)
            .unwrap_err()
            .code,
        ErrorCode::Expired
    );
    assert_eq!(s.device_id, None);
}

#[test]
fn a_handoff_link_binds_once_and_only_while_fresh() {
    use kyc_contract::ErrorCode;
    let mut s = open_session();
    s.expires_at = 10 * HANDOFF_TTL_MS;
    let first_device = s.device_id.clone();
    let link = s.issue_handoff(&[], 100).unwrap();
    assert_eq!(link.expires_at, 100 + HANDOFF_TTL_MS);
    let hash = tokens::hash_token(&link.token);
    assert_eq!(s.handoff_token_hash.as_deref(), Some(hash.as_slice()));
    // Too late for the link.
    let mut late = s.clone();
    let err = late.bind_device(&hash, link.expires_at).unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert!(err.message.contains("expired"), "{err:?}");
    // In time: bound, and the device keeps the session's device id.
    assert_eq!(s.bind_device(&hash, 200), Ok(StartLink::Handoff));
    assert!(s.handoff_used);
    assert_eq!(s.device_id, first_device);
    assert_eq!(
        s.bind_device(&hash, 201).unwrap_err().code,
        ErrorCode::Unauthorized
    );
    // A new link replaces the used one.
    let again = s.issue_handoff(&[], 300).unwrap();
    assert!(!s.handoff_used);
    assert_eq!(
        s.bind_device(&hash, 301).unwrap_err().code,
        ErrorCode::Unauthorized
    );
    assert_eq!(
        s.bind_device(&tokens::hash_token(&again.token), 302),
        Ok(StartLink::Handoff)
    );
}

#[test]
fn a_handoff_link_expires_with_the_session_and_is_refused_once_closed() {
    use kyc_contract::ErrorCode;
    let mut s = open_session();
    assert_eq!(s.issue_handoff(&[], 9_500).unwrap().expires_at, 10_000);
    s.processing_started_at = Some(9_600);
    let before = s.clone();
    assert_eq!(
        s.issue_handoff(&ImageType::ALL, 9_700).unwrap_err().code,
        ErrorCode::AlreadyComplete
    );
    assert_eq!(s, before);
}

#[test]
fn consent_is_granted_once_and_not_after_expiry() {
    use kyc_contract::ErrorCode;
    let mut s = session();
    s.device_id = Some("d".into());
    assert_eq!(s.grant_consent(&[], 10), Ok(true));
    assert_eq!(s.consent_at, Some(10));
    assert_eq!(s.grant_consent(&[], 20), Ok(false));
    assert_eq!(s.consent_at, Some(10));
    let mut late = session();
    late.device_id = Some("d".into());
    assert_eq!(
        late.grant_consent(&[], 10_000).unwrap_err().code,
        ErrorCode::Expired
    );
    assert_eq!(late.consent_at, None);
}

#[test]
fn an_upload_needs_consent_and_a_required_image_type() {
    use kyc_contract::ErrorCode;
    let mut s = open_session();
    s.consent_at = None;
    assert_eq!(
        s.admit_upload(&[], 1, ImageType::DocumentFront).unwrap_err().code,
        ErrorCode::Forbidden
    );
    let mut s = open_session();
    s.required_images = vec![ImageType::Selfie];
    assert_eq!(
        s.admit_upload(&[], 1, ImageType::DocumentFront).unwrap_err().code,
        ErrorCode::InvalidRequest
    );
    assert_eq!(
        s.accept_upload(&[], 1, ImageType::DocumentFront, ok)
            .unwrap_err()
            .code,
        ErrorCode::InvalidRequest
    );
    assert_eq!(
        s.admit_upload(&[], 1, ImageType::Selfie),
        Ok(Admission::Admitted { mocked: false })
    );
}

#[test]
fn simulated_outages_come_first_then_mocked_feedback_then_measuring() {
    let mut s = open_session();
    s.fail_remaining = 1;
    s.mock.feedback = vec![Feedback::Blur];
    let t = ImageType::DocumentFront;
    assert_eq!(s.admit_upload(&[], 1, t), Ok(Admission::SimulatedOutage));
    assert_eq!(s.fail_remaining, 0);
    assert_eq!(
        s.admit_upload(&[], 2, t),
        Ok(Admission::Admitted { mocked: true })
    );
    let res = s.accept_upload(&[], 3, t, never_measured).unwrap();
    assert_eq!(res.feedback, Feedback::Blur);
    assert_eq!(s.feedback_cursor, 1);
    assert_eq!(
        s.admit_upload(&[], 4, t),
        Ok(Admission::Admitted { mocked: false })
    );
    let res = s.accept_upload(&[], 5, t, ok).unwrap();
    assert_eq!(res.feedback, Feedback::Ok);
    assert_eq!(
        res.missing_images,
        vec![ImageType::DocumentBack, ImageType::Selfie]
    );
    assert!(!res.complete);
}

#[test]
fn rejections_count_until_the_session_is_invalid() {
    let mut s = open_session();
    s.max_attempts = 2;
    s.mock.feedback = vec![Feedback::Glare, Feedback::Blur];
    let t = ImageType::DocumentFront;
    let res = s.accept_upload(&[], 1, t, never_measured).unwrap();
    assert_eq!((res.feedback, res.attempts_left), (Feedback::Glare, Some(1)));
    assert_eq!(s.error_reason, None);
    let res = s.accept_upload(&[], 2, t, never_measured).unwrap();
    assert_eq!(res.attempts_left, Some(0));
    assert!(!res.complete);
    assert_eq!(s.error_reason.as_deref(), Some(ATTEMPT_LIMIT));
    assert_eq!(
        s.admit_upload(&[], 3, t).unwrap_err().code,
        kyc_contract::ErrorCode::AttemptLimit
    );
}

#[test]
fn the_last_missing_image_starts_processing() {
    let mut s = open_session();
    let res = s
        .accept_upload(
            &[ImageType::DocumentFront, ImageType::DocumentBack],
            7,
            ImageType::Selfie,
            ok,
        )
        .unwrap();
    assert!(res.complete);
    assert!(res.missing_images.is_empty());
    assert_eq!(s.processing_started_at, Some(7));
    assert_eq!(s.view(&ImageType::ALL, 8).status, SessionStatus::Processing);
}

#[test]
fn the_first_upload_after_a_forced_retry_opens_round_two() {
    let mut s = open_session();
    s.mock.force_retry = true;
    s.processing_started_at = Some(0);
    // Round 1 is through processing: recapture the front.
    let res = s
        .accept_upload(&ImageType::ALL, 1000, ImageType::DocumentFront, ok)
        .unwrap();
    assert_eq!(s.round, 2);
    assert_eq!(s.recapture, vec![ImageType::DocumentFront]);
    assert!(res.complete);
    assert_eq!(s.processing_started_at, Some(1000));
    assert_eq!(
        s.view(&[ImageType::DocumentFront], 2000).status,
        SessionStatus::Complete
    );
}
