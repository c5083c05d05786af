//! The liveness step: the approach tracker's rules, and the step in the flow (when it comes,
//! the try sent and its answer, retries, "continue without").

use kyc_contract::{
    LivenessChallenge, LivenessReason, LivenessResponse, LivenessState, LivenessStatus, LIVENESS_MAX_FRAMES,
    LIVENESS_MIN_FRAMES,
};
use kyc_quality::Face;

use super::*;
use crate::flow::liveness::{Approach, LiveHint, LiveView, Phase, HOLD_FRAMES, MAX_MISSES, TRY_LIMIT_MS};

// ---- The tracker ----

/// The analysed frame: 640x360.
const W: u32 = 640;
const H: u32 = 360;
/// A frame every 80 ms, as the loop runs.
const STEP_MS: f64 = 80.0;

/// A face of `share` of the frame height, at the frame's center moved by `dx` pixels.
fn face(share: f32, dx: f32) -> Face {
    Face {
        x: W as f32 / 2.0 + dx,
        y: H as f32 / 2.0,
        size: share * H as f32,
        score: 20.0,
        degrees: 0.0,
    }
}

/// Feeds `shares` (a face of each share, centered; `None` = no face) from `t0`, one frame per
/// [`STEP_MS`]; returns the views.
fn feed(a: &mut Approach, t0: f64, shares: &[Option<f32>]) -> Vec<LiveView> {
    shares
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let faces: Vec<Face> = s.map(|s| face(s, 0.0)).into_iter().collect();
            a.observe(t0 + i as f64 * STEP_MS, &faces, W, H)
        })
        .collect()
}

/// A tracker past the hold phase (the face at 0.3 for [`HOLD_FRAMES`] frames), with the
/// first frame kept; the time of the next frame.
fn approaching() -> (Approach, f64) {
    let mut a = Approach::new();
    let views = feed(&mut a, 0.0, &vec![Some(0.3); HOLD_FRAMES as usize]);
    let last = views[views.len() - 1];
    assert_eq!((last.phase, last.keep), (Phase::Approach, true));
    (a, HOLD_FRAMES as f64 * STEP_MS)
}

/// Shares growing from 0.3 by `per_frame` each frame, `n` frames.
fn growing(per_frame: f32, n: usize) -> Vec<Option<f32>> {
    (1..=n).map(|i| Some(0.3 + per_frame * i as f32)).collect()
}

#[test]
fn the_hold_phase_says_where_the_face_must_go() {
    let mut a = Approach::new();
    let hint = |a: &mut Approach, faces: &[Face]| a.observe(0.0, faces, W, H).hint;
    assert_eq!(hint(&mut a, &[]), LiveHint::FaceInOval);
    assert_eq!(
        hint(&mut a, &[face(0.3, -150.0), face(0.3, 150.0)]),
        LiveHint::OneFace
    );
    assert_eq!(hint(&mut a, &[face(0.15, 0.0)]), LiveHint::ComeCloser);
    assert_eq!(hint(&mut a, &[face(0.6, 0.0)]), LiveHint::MoveBack);
    // Off center by more than 12% of the frame height.
    assert_eq!(hint(&mut a, &[face(0.3, 60.0)]), LiveHint::FaceInOval);
    let view = a.observe(0.0, &[face(0.3, 20.0)], W, H);
    assert_eq!(
        (view.hint, view.phase, view.keep),
        (LiveHint::HoldStill, Phase::Hold, false)
    );
}

#[test]
fn the_approach_begins_after_a_steady_hold_and_keeps_its_first_frame() {
    let mut a = Approach::new();
    let views = feed(&mut a, 0.0, &[Some(0.3), Some(0.3), None, Some(0.3), Some(0.3)]);
    // The missing face breaks the run: three in a row are needed.
    assert!(views[..4].iter().all(|v| v.phase == Phase::Hold && !v.keep));
    let views = feed(&mut a, 400.0, &[Some(0.3)]);
    assert_eq!(views[0].phase, Phase::Approach);
    assert!(views[0].keep);
    assert_eq!(views[0].hint, LiveHint::BringCloser);
    assert_eq!(a.kept(), 1);
}

#[test]
fn a_steady_approach_keeps_a_frame_at_each_tenth_more_and_ends_at_one_and_a_half() {
    let (mut a, t) = approaching();
    // 0.3 -> 0.48 over 30 frames (2.4 s).
    let views = feed(&mut a, t, &growing(0.006, 30));
    let done = views
        .iter()
        .position(|v| v.phase == Phase::Done)
        .unwrap_or(usize::MAX);
    assert!(done < views.len(), "{views:?}");
    assert!(views[done].keep);
    assert_eq!(views[done].progress, 1.0);
    assert_eq!(views[done].hint, LiveHint::Done);
    // Kept: 0.3 (first), then at 1.1x steps of the last kept, and the last at >= 0.45.
    let kept: Vec<f32> = views[..=done]
        .iter()
        .zip(growing(0.006, 30))
        .filter(|(v, _)| v.keep)
        .map(|(_, s)| s.unwrap_or(0.0))
        .collect();
    assert!(
        kept.windows(2)
            .all(|p| p[1] >= p[0] * 1.1 - 1e-4 || p[1] >= 0.45 - 1e-4),
        "{kept:?}"
    );
    assert!(kept[kept.len() - 1] >= 0.45 - 1e-4);
    let frames = a.kept();
    assert_eq!(frames, kept.len() + 1);
    assert!(
        (LIVENESS_MIN_FRAMES..=LIVENESS_MAX_FRAMES).contains(&frames),
        "{frames}"
    );
    // Progress rises on the way.
    let progress: Vec<f32> = views[..=done].iter().map(|v| v.progress).collect();
    assert!(progress.windows(2).all(|p| p[1] >= p[0]));
    // Done is done: later frames keep nothing.
    let after = feed(&mut a, 10_000.0, &[Some(0.5)]);
    assert_eq!((after[0].phase, after[0].keep), (Phase::Done, false));
}

#[test]
fn a_still_face_never_passes_and_the_try_times_out_saying_bring_closer() {
    let (mut a, t) = approaching();
    // The same face size (with the detector's jitter) for 8 s of approach.
    let jitter: Vec<Option<f32>> = (0..110)
        .map(|i| Some(0.3 + 0.004 * ((i % 3) as f32 - 1.0)))
        .collect();
    let views = feed(&mut a, t, &jitter);
    assert!(views.iter().all(|v| v.phase != Phase::Done));
    assert!(views.iter().skip(1).all(|v| !v.keep));
    let over = views.iter().find(|v| v.phase == Phase::TimedOut);
    assert_eq!(over.map(|v| v.hint), Some(LiveHint::BringCloser));
}

#[test]
fn a_try_that_never_reaches_the_small_oval_times_out_saying_where_the_face_goes() {
    let mut a = Approach::new();
    let n = (TRY_LIMIT_MS / STEP_MS) as usize + 1;
    let views = feed(&mut a, 0.0, &vec![None; n]);
    assert_eq!(views[n - 1].phase, Phase::TimedOut);
    assert_eq!(views[n - 1].hint, LiveHint::FaceInOval);
    assert!(views[..n - 1].iter().all(|v| v.phase == Phase::Hold));
    // A face too small all along: the time runs out asking to come a little closer.
    let mut a = Approach::new();
    let views = feed(&mut a, 0.0, &vec![Some(0.15); n]);
    assert_eq!(
        (views[n - 1].phase, views[n - 1].hint),
        (Phase::TimedOut, LiveHint::ComeCloser)
    );
}

#[test]
fn losing_the_face_starts_the_approach_over_with_a_hint() {
    let (mut a, t) = approaching();
    let mut frames = growing(0.01, 3);
    frames.extend(vec![None; MAX_MISSES as usize - 1]);
    let views = feed(&mut a, t, &frames);
    // Fewer misses than the limit: still approaching.
    assert!(views.iter().all(|v| v.phase == Phase::Approach));
    let view = feed(&mut a, t + 1000.0, &[None])[0];
    assert_eq!(
        (view.phase, view.hint, view.progress),
        (Phase::Hold, LiveHint::FaceInOval, 0.0)
    );
    assert_eq!(a.kept(), 0);
    // The hint stays until the face is in the small oval again.
    assert_eq!(
        feed(&mut a, t + 1100.0, &[Some(0.6)])[0].hint,
        LiveHint::FaceInOval
    );
    assert_eq!(
        feed(&mut a, t + 1200.0, &[Some(0.3)])[0].hint,
        LiveHint::HoldStill
    );
}

#[test]
fn two_faces_during_the_approach_start_it_over_asking_for_one_face() {
    let (mut a, t) = approaching();
    let two = [face(0.33, -150.0), face(0.33, 150.0)];
    let mut view = a.observe(t, &two, W, H);
    for i in 1..MAX_MISSES {
        view = a.observe(t + f64::from(i) * STEP_MS, &two, W, H);
    }
    assert_eq!((view.phase, view.hint), (Phase::Hold, LiveHint::OneFace));
}

#[test]
fn a_jump_or_a_pull_back_starts_the_approach_over_saying_slower() {
    let (mut a, t) = approaching();
    // The center moves by more than half the face's size in one frame.
    let view = a.observe(t, &[face(0.32, 80.0)], W, H);
    assert_eq!((view.phase, view.hint), (Phase::Hold, LiveHint::Slower));

    let (mut a, t) = approaching();
    let views = feed(&mut a, t, &[Some(0.34), Some(0.36), Some(0.28)]);
    assert_eq!(views[1].phase, Phase::Approach);
    assert_eq!((views[2].phase, views[2].hint), (Phase::Hold, LiveHint::Slower));
}

#[test]
fn reaching_the_size_too_fast_starts_over_saying_slower() {
    // From 0.3 to 0.48 in two frames: too few frames, too short a time.
    let (mut a, t) = approaching();
    let views = feed(&mut a, t, &[Some(0.36), Some(0.48)]);
    assert!(views[0].keep);
    assert_eq!((views[1].phase, views[1].hint), (Phase::Hold, LiveHint::Slower));
    // Enough frames, but within 0.8 s.
    let (mut a, t) = approaching();
    let views = feed(&mut a, t, &growing(0.03, 6));
    assert!(views.iter().all(|v| v.phase != Phase::Done), "{views:?}");
    assert_eq!(views[views.len() - 1].hint, LiveHint::Slower);
}

// ---- The step in the flow ----

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
    for f in [intro, challenge, failed] {
        let (f, fx) = transition(
            f,
            Event::LivenessDeclined {
                attempt_id: "d".into(),
            },
        );
        assert_eq!(f.step, sending("d", true, 0, false));
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
