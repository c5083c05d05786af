//! The capture steps: camera, preview, problems, the on-device check, hidden pages.

use super::*;

#[test]
fn retake_goes_back_to_the_camera() {
    let flow = transition(capturing(false), Event::Captured { image_id: "a".into() }).0;
    let (flow, fx) = transition(flow, Event::Retake);
    assert_eq!(flow.step, capture(Front));
    assert_eq!(fx, vec![Effect::OpenCamera(Facing::Environment)]);
}

#[test]
fn camera_problems_and_the_upload_fallback() {
    let flow = capturing(false);
    for kind in CameraProblem::ALL {
        let (f, fx) = transition(flow.clone(), Event::CameraFailed(kind));
        assert_eq!(f.step, Step::CameraProblem { image: Front, kind });
        assert_eq!(fx, vec![Effect::StopCamera]);
    }
    let problem = transition(flow, Event::CameraFailed(CameraProblem::PermissionDenied)).0;
    let (f, fx) = transition(problem.clone(), Event::UseUploadInstead);
    assert_eq!(f.step, capture(Front));
    assert!(!f.use_camera);
    assert!(fx.is_empty(), "no camera is opened");
    // Later steps keep to the upload path.
    let f = uploading(f);
    let (f, fx) = transition(f, Event::Uploaded(answer(Feedback::Ok, false, &[Back, Selfie])));
    assert_eq!(f.step, capture(Back));
    assert!(!fx.iter().any(|e| matches!(e, Effect::OpenCamera(_))));
    let (f, fx) = transition(problem, Event::RetryCamera);
    assert_eq!(f.step, capture(Front));
    assert_eq!(fx, vec![Effect::OpenCamera(Facing::Environment)]);
}

#[test]
fn images_that_cannot_be_prepared_stay_on_the_step_with_a_message() {
    let (flow, fx) = transition(capturing(false), Event::CaptureFailed(ImageProblem::TooSmall));
    assert_eq!(
        flow.step,
        Step::Capture {
            image: Front,
            notice: Some(Notice::Image(ImageProblem::TooSmall))
        }
    );
    assert!(fx.is_empty(), "the camera stays open");
}

#[test]
fn hidden_pages_stop_the_camera_and_polling_and_resume_them() {
    let (flow, fx) = transition(capturing(false), Event::PageHidden);
    assert_eq!(fx, vec![Effect::StopCamera]);
    let (flow, fx) = transition(flow, Event::PageShown);
    assert_eq!(fx, vec![Effect::OpenCamera(Facing::Environment)]);
    // A shown event without a hidden one opens nothing twice.
    let (flow, fx) = transition(flow, Event::PageShown);
    assert!(fx.is_empty());
    let waiting = transition(uploading(flow), Event::Uploaded(answer(Feedback::Ok, true, &[]))).0;
    let (flow, fx) = transition(waiting, Event::PageHidden);
    assert_eq!(
        fx,
        vec![Effect::StopPolling, Effect::StopTimer(Timer::TakingLong)]
    );
    let (_, fx) = transition(flow, Event::PageShown);
    assert_eq!(
        fx,
        vec![
            Effect::StartPolling,
            Effect::StartTimer {
                timer: Timer::TakingLong,
                after_ms: TAKING_LONG_MS
            }
        ]
    );
    // Entering a capture step while hidden waits for the page to come back.
    let hidden = transition(
        transition(capturing(false), Event::Captured { image_id: "a".into() }).0,
        Event::PageHidden,
    )
    .0;
    let (flow, fx) = transition(hidden, Event::Retake);
    assert!(!fx.iter().any(|e| matches!(e, Effect::OpenCamera(_))));
    let (_, fx) = transition(flow, Event::PageShown);
    assert_eq!(fx, vec![Effect::OpenCamera(Facing::Environment)]);
}

#[test]
fn late_answers_for_a_left_step_change_nothing() {
    let flow = capturing(false);
    for e in [
        Event::Uploaded(answer(Feedback::Ok, true, &[])),
        Event::Status(status(SessionStatus::Complete, &[], None)),
        Event::ConsentAccepted,
        Event::UsePhoto,
        Event::RetryUpload,
        Event::TakingLong,
    ] {
        let (f, fx) = transition(flow.clone(), e.clone());
        assert_eq!(f, flow, "{e:?}");
        assert!(fx.is_empty(), "{e:?}");
    }
}

#[test]
fn a_picture_failing_the_local_check_is_not_sent_and_says_why() {
    use kyc_quality::{Kind, Reason};
    let (flow, fx) = transition(capturing(true), Event::LocalCheckFailed(Reason::Blur));
    assert_eq!(
        flow.step,
        Step::Capture {
            image: Front,
            notice: Some(Notice::Quality {
                reason: Reason::Blur,
                kind: Kind::Document
            })
        }
    );
    // Nothing is uploaded, the camera stays open, no step event (same screen).
    assert!(fx.is_empty(), "{fx:?}");
    // The selfie is judged as a selfie.
    let selfie = Flow {
        step: Step::Capture {
            image: Selfie,
            notice: None,
        },
        ..capturing(false)
    };
    let (flow, _) = transition(selfie, Event::LocalCheckFailed(Reason::TooDark));
    assert_eq!(
        flow.step,
        Step::Capture {
            image: Selfie,
            notice: Some(Notice::Quality {
                reason: Reason::TooDark,
                kind: Kind::Selfie
            })
        }
    );
    // A good retake goes on to the preview as usual.
    let (flow, _) = transition(
        flow,
        Event::Captured {
            image_id: "img-2".into(),
        },
    );
    assert!(matches!(flow.step, Step::Preview { image: Selfie, .. }));
}

#[test]
fn a_late_local_check_result_outside_the_capture_step_changes_nothing() {
    let flow = run(
        capturing(false),
        [Event::Captured {
            image_id: "img-1".into(),
        }],
    )
    .0;
    let (next, fx) = transition(flow.clone(), Event::LocalCheckFailed(kyc_quality::Reason::Glare));
    assert_eq!(next, flow);
    assert!(fx.is_empty());
}
