//! Sending the pictures: retries, backoff, and the service's verdicts.

use super::*;

#[test]
fn rejected_images_return_to_their_step_with_the_feedback() {
    let flow = uploading(capturing(true));
    let mut r = answer(Feedback::Glare, false, &ALL3);
    r.custom_feedback = Some("<b>x</b>".into());
    let (flow, fx) = transition(flow, Event::Uploaded(r));
    assert_eq!(
        flow.step,
        Step::Capture {
            image: Front,
            notice: Some(Notice::Feedback {
                code: Feedback::Glare,
                custom: Some("<b>x</b>".into())
            })
        }
    );
    assert_eq!(posted(&fx), vec![EventType::ImageRejected, EventType::Step]);
    assert!(fx.contains(&Effect::OpenCamera(Facing::Environment)));
    // A fresh capture gets a fresh id.
    let (flow, _) = transition(
        flow,
        Event::Captured {
            image_id: "img-2".into(),
        },
    );
    assert_eq!(
        flow.step,
        Step::Preview {
            image: Front,
            image_id: "img-2".into(),
            doubt: None,
        }
    );
}

#[test]
fn the_last_allowed_rejection_leads_to_the_status() {
    let flow = uploading(capturing(false));
    let mut r = answer(Feedback::Blur, false, &ALL3);
    r.attempts_left = Some(0);
    let (flow, fx) = transition(flow, Event::Uploaded(r));
    assert_eq!(flow.step, Step::Waiting { slow: false });
    assert!(fx.contains(&Effect::StartPolling));
}

#[test]
fn network_errors_are_retried_with_the_same_image_id_and_bounded_backoff() {
    let mut flow = uploading(capturing(false));
    for attempt in 1..MAX_UPLOAD_ATTEMPTS {
        let (f, fx) = transition(
            flow,
            Event::UploadFailed {
                error: ApiError::Server(503),
                jitter: 0.5,
            },
        );
        assert_eq!(
            f.step,
            Step::Uploading {
                image: Front,
                image_id: "img-1".into(),
                attempt,
                stalled: false
            }
        );
        match &fx[..] {
            [Effect::Upload {
                image_id,
                attempt: a,
                delay_ms,
                ..
            }] => {
                assert_eq!(image_id, "img-1");
                assert_eq!(*a, attempt);
                assert!(*delay_ms >= RETRY_BASE_MS / 2 && *delay_ms <= RETRY_CAP_MS);
            }
            other => panic!("{other:?}"),
        }
        flow = f;
    }
    // Then the customer gets a button, and the image is still held (same id).
    let (flow, fx) = transition(
        flow,
        Event::UploadFailed {
            error: ApiError::Network,
            jitter: 0.5,
        },
    );
    assert!(fx.is_empty());
    assert!(matches!(flow.step, Step::Uploading { stalled: true, ref image_id, .. } if image_id == "img-1"));
    let (flow, fx) = transition(flow, Event::RetryUpload);
    assert_eq!(
        fx,
        vec![Effect::Upload {
            image: Front,
            image_id: "img-1".into(),
            attempt: 0,
            delay_ms: 0
        }]
    );
    let (flow, _) = transition(
        flow,
        Event::Uploaded(answer(Feedback::Ok, false, &[Back, Selfie])),
    );
    assert_eq!(flow.step, capture(Back));
}

#[test]
fn rate_limits_wait_at_least_retry_after() {
    let flow = uploading(capturing(false));
    let error = ApiError::RateLimited {
        retry_after_ms: Some(7_000),
    };
    let (_, fx) = transition(flow, Event::UploadFailed { error, jitter: 0.0 });
    assert!(matches!(
        fx[..],
        [Effect::Upload {
            delay_ms: 7_000,
            attempt: 1,
            ..
        }]
    ));
}

#[test]
fn upload_409_goes_on_to_waiting() {
    let flow = uploading(capturing(true));
    let (flow, fx) = transition(
        flow,
        Event::UploadFailed {
            error: ApiError::Conflict,
            jitter: 0.0,
        },
    );
    assert_eq!(flow.step, Step::Waiting { slow: false });
    assert!(fx.contains(&Effect::StartPolling));
    assert_eq!(posted(&fx), vec![EventType::Submitted, EventType::Step]);
}

#[test]
fn upload_errors_that_leave_the_step() {
    let cases = [
        (
            ApiError::Unauthorized,
            Step::LinkError(LinkErrorKind::UsedOnAnotherDevice),
        ),
        (ApiError::Expired, Step::LinkError(LinkErrorKind::Expired)),
        (ApiError::NotFound, Step::LinkError(LinkErrorKind::UnknownSession)),
        (ApiError::AttemptLimit, Step::Waiting { slow: false }),
        (
            ApiError::BadRequest {
                message: "not a jpeg".into(),
            },
            Step::Capture {
                image: Front,
                notice: Some(Notice::Refused),
            },
        ),
        (
            ApiError::PayloadTooLarge,
            Step::Capture {
                image: Front,
                notice: Some(Notice::TooLarge),
            },
        ),
        (
            ApiError::Decode("x".into()),
            Step::Uploading {
                image: Front,
                image_id: "img-1".into(),
                attempt: 0,
                stalled: true,
            },
        ),
    ];
    for (error, step) in cases {
        let (flow, _) = transition(
            uploading(capturing(false)),
            Event::UploadFailed { error, jitter: 0.0 },
        );
        assert_eq!(flow.step, step);
    }
    // An aborted upload (the owner went away) changes nothing.
    let flow = uploading(capturing(false));
    let (f, fx) = transition(
        flow.clone(),
        Event::UploadFailed {
            error: ApiError::Aborted,
            jitter: 0.0,
        },
    );
    assert_eq!(f, flow);
    assert!(fx.is_empty());
}

#[test]
fn leaving_the_upload_releases_the_held_picture_and_retries_keep_it() {
    let forgets = |fx: &[Effect]| fx.contains(&Effect::ForgetHeldPicture(Front));
    // Answered: accepted or rejected.
    for feedback in [Feedback::Ok, Feedback::Blur] {
        let (_, fx) = transition(
            uploading(capturing(false)),
            Event::Uploaded(answer(feedback, false, &ALL3[1..])),
        );
        assert!(forgets(&fx), "{feedback:?}");
    }
    // Refused, too large, or nothing held.
    for event in [
        Event::UploadFailed {
            error: ApiError::BadRequest {
                message: String::new(),
            },
            jitter: 0.5,
        },
        Event::UploadFailed {
            error: ApiError::PayloadTooLarge,
            jitter: 0.5,
        },
        Event::NothingHeld,
    ] {
        let (flow, fx) = transition(uploading(capturing(false)), event);
        assert!(matches!(flow.step, Step::Capture { .. }));
        assert!(forgets(&fx));
    }
    // Retried, then given up to the button, then retried by hand: still held.
    let mut flow = uploading(capturing(false));
    for _ in 0..MAX_UPLOAD_ATTEMPTS {
        let (f, fx) = transition(
            flow,
            Event::UploadFailed {
                error: ApiError::Network,
                jitter: 0.5,
            },
        );
        assert!(!forgets(&fx));
        flow = f;
    }
    assert!(matches!(flow.step, Step::Uploading { stalled: true, .. }));
    let (flow, fx) = transition(flow, Event::RetryUpload);
    assert!(!forgets(&fx));
    assert!(matches!(flow.step, Step::Uploading { stalled: false, .. }));
}
