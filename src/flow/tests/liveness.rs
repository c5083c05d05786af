//! The liveness step in the flow: when it comes, the camera, the try sent and its answer,
//! retries with the same id, "continue without", late events.

use kyc_contract::{LivenessChallenge, LivenessReason, LivenessResponse, LivenessState, LivenessStatus};

use super::*;
use crate::flow::liveness::LiveHint;

fn liveness(status: LivenessStatus) -> Option<LivenessState> {
    Some(LivenessState {
        status,
        challenge: LivenessChallenge::Approach,
        tries_left: 3,
    })
}

fn answered(
    status: LivenessStatus,
    reason: Option<LivenessReason>,
    missing: &[ImageType],
) -> LivenessResponse {
    LivenessResponse {
        status,
        reason,
        score: 0.2,
        frames: 5,
        tries_left: 2,
        complete: status.is_final() && missing.is_empty(),
        missing_images: missing.to_vec(),
    }
}

/// A flow on the selfie step of a session that asks for liveness.
fn selfie_with_liveness() -> Flow {
    let mut s = start(SessionStatus::Pending, &[Selfie], false);
    s.liveness = liveness(LivenessStatus::Pending);
    run(linked(true), [Event::Started(s)]).0
}

fn stage(f: &Flow) -> Option<&LivenessStage> {
    match &f.step {
        Step::Liveness(s) => Some(s),
        _ => None,
    }
}

/// A flow on the liveness instructions (after the selfie was accepted).
fn at_liveness() -> Flow {
    let f = uploading(selfie_with_liveness());
    let (f, fx) = transition(f, Event::Uploaded(answer(Feedback::Ok, false, &[])));
    assert_eq!(stage(&f), Some(&LivenessStage::Intro));
    // Not submitted yet: the liveness step is still to come.
    assert!(!posted(&fx).contains(&EventType::Submitted));
    f
}

fn sending(attempt_id: &str, declined: bool, attempt: u32, stalled: bool) -> Step {
    Step::Liveness(LivenessStage::Sending {
        attempt_id: attempt_id.into(),
        declined,
        attempt,
        stalled,
    })
}

#[test]
fn the_liveness_step_follows_the_last_picture_only_while_it_is_pending() {
    at_liveness();
    for status in [
        LivenessStatus::Passed,
        LivenessStatus::Failed,
        LivenessStatus::Declined,
    ] {
        let mut s = start(SessionStatus::Pending, &[Selfie], false);
        s.liveness = liveness(status);
        let f = uploading(run(linked(true), [Event::Started(s)]).0);
        let (f, fx) = transition(f, Event::Uploaded(answer(Feedback::Ok, true, &[])));
        assert_eq!(f.step, Step::Waiting { slow: false }, "{status:?}");
        assert!(posted(&fx).contains(&EventType::Submitted));
    }
}

#[test]
fn a_session_started_or_resumed_with_every_picture_in_goes_to_the_liveness_step() {
    let mut s = start(SessionStatus::Capturing, &[], false);
    s.liveness = liveness(LivenessStatus::Pending);
    let (f, _) = run(linked(false), [Event::Started(s)]);
    assert_eq!(stage(&f), Some(&LivenessStage::Intro));

    for session in [SessionStatus::Capturing, SessionStatus::Processing] {
        let mut st = status(session, &[], None);
        st.liveness = liveness(LivenessStatus::Pending);
        let f = run(
            Flow::new(false),
            [
                Event::Resumed {
                    session_id: "sid".into(),
                    consent_required: false,
                    handoff_device: false,
                },
                Event::HeldPicturesFound(Vec::new()),
                Event::Status(st),
            ],
        )
        .0;
        assert_eq!(stage(&f), Some(&LivenessStage::Intro), "{session:?}");
        // Done or not asked for: waiting, as before.
        let mut st = status(session, &[], None);
        st.liveness = liveness(LivenessStatus::Passed);
        let (f, _) = transition(
            Flow {
                step: Step::Waiting { slow: true },
                ..f
            },
            Event::Status(st),
        );
        assert_eq!(
            f.step,
            Step::Waiting {
                slow: session == SessionStatus::Processing
            },
            "{session:?}"
        );
    }
}

#[test]
fn the_challenge_opens_the_front_camera_and_leaving_it_stops_the_camera() {
    let (f, fx) = transition(at_liveness(), Event::LivenessStart);
    assert_eq!(stage(&f), Some(&LivenessStage::Challenge));
    assert!(fx.contains(&Effect::OpenCamera(Facing::User)));
    let (f, fx) = transition(f, Event::LivenessTimedOut(LiveHint::BringCloser));
    assert_eq!(
        stage(&f),
        Some(&LivenessStage::TryAgain(LivenessRetry::TimedOut(
            LiveHint::BringCloser
        )))
    );
    assert!(fx.contains(&Effect::StopCamera));
    // "Try again" runs the challenge again.
    let (f, fx) = transition(f, Event::LivenessStart);
    assert_eq!(stage(&f), Some(&LivenessStage::Challenge));
    assert!(fx.contains(&Effect::OpenCamera(Facing::User)));
    // Hidden: the camera stops, and opens again when the page is back.
    let (f, fx) = transition(f, Event::PageHidden);
    assert!(fx.contains(&Effect::StopCamera));
    let (_, fx) = transition(f, Event::PageShown);
    assert!(fx.contains(&Effect::OpenCamera(Facing::User)));
}

#[test]
fn a_camera_that_fails_offers_try_again_and_continue_without() {
    let f = run(at_liveness(), [Event::LivenessStart]).0;
    let (f, _) = transition(f, Event::CameraFailed(CameraProblem::PermissionDenied));
    assert_eq!(
        stage(&f),
        Some(&LivenessStage::TryAgain(LivenessRetry::Camera(
            CameraProblem::PermissionDenied
        )))
    );
    let (f, fx) = transition(
        f,
        Event::LivenessDeclined {
            attempt_id: "d".into(),
        },
    );
    assert_eq!(f.step, sending("d", true, 0, false));
    assert!(fx.contains(&Effect::SendLiveness {
        attempt_id: "d".into(),
        declined: true,
        attempt: 0,
        delay_ms: 0
    }));
}

#[test]
fn a_captured_try_is_sent_with_its_id_and_a_pass_goes_on_to_the_wait() {
    let f = run(at_liveness(), [Event::LivenessStart]).0;
    let (f, fx) = transition(
        f,
        Event::LivenessCaptured {
            attempt_id: "t1".into(),
        },
    );
    assert_eq!(f.step, sending("t1", false, 0, false));
    assert!(fx.contains(&Effect::SendLiveness {
        attempt_id: "t1".into(),
        declined: false,
        attempt: 0,
        delay_ms: 0
    }));
    assert!(fx.contains(&Effect::StopCamera));
    let (f, fx) = transition(
        f,
        Event::LivenessAnswered(answered(LivenessStatus::Passed, None, &[])),
    );
    assert_eq!(f.step, Step::Waiting { slow: false });
    assert!(fx.contains(&Effect::StartPolling));
    assert!(posted(&fx).contains(&EventType::Submitted));
    assert!(!f.liveness_pending());
}

#[test]
fn a_failed_try_with_tries_left_says_what_to_do_and_a_last_failure_goes_on() {
    let f = run(
        at_liveness(),
        [
            Event::LivenessStart,
            Event::LivenessCaptured {
                attempt_id: "t1".into(),
            },
        ],
    )
    .0;
    let refused = answered(LivenessStatus::Pending, Some(LivenessReason::NotApproaching), &[]);
    let (f, fx) = transition(f, Event::LivenessAnswered(refused));
    assert_eq!(
        stage(&f),
        Some(&LivenessStage::TryAgain(LivenessRetry::Refused(
            LivenessReason::NotApproaching
        )))
    );
    assert_eq!(f.liveness.map(|l| l.tries_left), Some(2));
    assert!(!fx.contains(&Effect::StartPolling));
    // The next try has its own id; failed for good goes on like a pass (the provider decides).
    let f = run(
        f,
        [
            Event::LivenessStart,
            Event::LivenessCaptured {
                attempt_id: "t2".into(),
            },
        ],
    )
    .0;
    assert_eq!(f.step, sending("t2", false, 0, false));
    let (f, _) = transition(
        f,
        Event::LivenessAnswered(answered(
            LivenessStatus::Failed,
            Some(LivenessReason::Identical),
            &[],
        )),
    );
    assert_eq!(f.step, Step::Waiting { slow: false });
}

#[test]
fn continue_without_is_offered_on_the_instructions_the_challenge_and_after_a_failed_try() {
    let intro = at_liveness();
    let challenge = run(intro.clone(), [Event::LivenessStart]).0;
    let failed = run(challenge.clone(), [Event::LivenessTimedOut(LiveHint::FaceInOval)]).0;
    for (f, camera_on) in [(intro, false), (challenge, true), (failed, false)] {
        let (f, fx) = transition(
            f,
            Event::LivenessDeclined {
                attempt_id: "d".into(),
            },
        );
        assert_eq!(f.step, sending("d", true, 0, false));
        // Leaving the challenge stops its camera.
        assert_eq!(fx.contains(&Effect::StopCamera), camera_on);
        assert!(fx
            .iter()
            .any(|e| matches!(e, Effect::SendLiveness { declined: true, .. })));
        let (f, _) = transition(
            f,
            Event::LivenessAnswered(answered(
                LivenessStatus::Declined,
                Some(LivenessReason::Declined),
                &[],
            )),
        );
        assert_eq!(f.step, Step::Waiting { slow: false });
    }
}

#[test]
fn a_send_that_fails_is_retried_with_the_same_id_then_offered_by_hand() {
    let mut f = run(
        at_liveness(),
        [
            Event::LivenessStart,
            Event::LivenessCaptured {
                attempt_id: "t1".into(),
            },
        ],
    )
    .0;
    for attempt in 1..MAX_UPLOAD_ATTEMPTS {
        let (next, fx) = transition(
            f,
            Event::LivenessFailed {
                error: ApiError::Network,
                jitter: 0.5,
            },
        );
        assert_eq!(next.step, sending("t1", false, attempt, false));
        assert!(matches!(fx.as_slice(),
            [Effect::SendLiveness { attempt_id, attempt: a, delay_ms, .. }] if attempt_id == "t1" && *a == attempt && *delay_ms > 0));
        f = next;
    }
    let (f, fx) = transition(
        f,
        Event::LivenessFailed {
            error: ApiError::Network,
            jitter: 0.5,
        },
    );
    assert_eq!(f.step, sending("t1", false, MAX_UPLOAD_ATTEMPTS - 1, true));
    assert!(fx.is_empty());
    let (f, fx) = transition(f, Event::RetryUpload);
    assert_eq!(f.step, sending("t1", false, 0, false));
    assert!(matches!(fx.as_slice(), [Effect::SendLiveness { attempt_id, .. }] if attempt_id == "t1"));
}

#[test]
fn a_refused_request_asks_for_another_try_and_a_decided_session_goes_on() {
    let sent = || {
        run(
            at_liveness(),
            [
                Event::LivenessStart,
                Event::LivenessCaptured {
                    attempt_id: "t1".into(),
                },
            ],
        )
        .0
    };
    let refused = |error| transition(sent(), Event::LivenessFailed { error, jitter: 0.0 }).0;
    assert_eq!(
        stage(&refused(ApiError::PayloadTooLarge)),
        Some(&LivenessStage::TryAgain(LivenessRetry::Unusable))
    );
    assert_eq!(refused(ApiError::Conflict).step, Step::Waiting { slow: false });
    assert_eq!(
        refused(ApiError::Unauthorized).step,
        Step::LinkError(LinkErrorKind::UsedOnAnotherDevice)
    );
    // Aborted (the page is going): nothing changes.
    assert_eq!(refused(ApiError::Aborted).step, sent().step);
}

#[test]
fn late_liveness_events_change_nothing() {
    let f = capturing(false);
    for ev in [
        Event::LivenessStart,
        Event::LivenessCaptured {
            attempt_id: "x".into(),
        },
        Event::LivenessTimedOut(LiveHint::Slower),
        Event::LivenessDeclined {
            attempt_id: "x".into(),
        },
        Event::LivenessAnswered(answered(LivenessStatus::Passed, None, &[])),
    ] {
        let (next, fx) = transition(f.clone(), ev);
        assert_eq!(next, f);
        assert!(fx.is_empty());
    }
    // A captured try arriving after "continue without" was pressed is not sent.
    let declined = run(
        at_liveness(),
        [Event::LivenessDeclined {
            attempt_id: "d".into(),
        }],
    )
    .0;
    let (next, fx) = transition(
        declined.clone(),
        Event::LivenessCaptured {
            attempt_id: "t".into(),
        },
    );
    assert_eq!(next, declined);
    assert!(fx.is_empty());
}
