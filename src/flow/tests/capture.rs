//! The capture steps: camera, preview, problems, the on-device check, hidden pages.

use kyc_quality::{FaceProblem, Kind, Reason};

use crate::flow::DoubtReason::{self, Face, Quality};

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

/// The preview of a picture the device doubts.
fn doubtful(flow: Flow, id: &str, reason: DoubtReason) -> (Flow, Vec<Effect>) {
    transition(
        flow,
        Event::CapturedDoubtful {
            image_id: id.into(),
            reason,
        },
    )
}

#[test]
fn a_picture_the_device_doubts_goes_to_the_preview_with_the_reason_and_a_retake() {
    let (flow, fx) = doubtful(capturing(true), "a", Quality(Reason::Blur));
    assert_eq!(
        flow.step,
        Step::Preview {
            image: Front,
            image_id: "a".into(),
            doubt: Some(Doubt {
                reason: Quality(Reason::Blur),
                kind: Kind::Document,
                use_anyway: false
            })
        }
    );
    // The camera is released for the preview, as for any picture.
    assert!(fx.contains(&Effect::StopCamera), "{fx:?}");
    // First refusal: "use" does nothing (no upload), "retake" goes back to the camera.
    let (after, fx) = transition(flow.clone(), Event::UsePhoto);
    assert_eq!(after, flow);
    assert!(fx.is_empty(), "{fx:?}");
    let (flow, fx) = transition(flow, Event::Retake);
    assert_eq!(flow.step, capture(Front));
    assert!(fx.contains(&Effect::OpenCamera(Facing::Environment)), "{fx:?}");
    // The selfie is judged as a selfie.
    let selfie = Flow {
        step: Step::Capture {
            image: Selfie,
            notice: None,
        },
        ..capturing(false)
    };
    let (flow, _) = doubtful(selfie, "s", Quality(Reason::TooDark));
    assert!(matches!(
        flow.step,
        Step::Preview {
            image: Selfie,
            doubt: Some(Doubt {
                reason: Quality(Reason::TooDark),
                kind: Kind::Selfie,
                use_anyway: false
            }),
            ..
        }
    ));
}

#[test]
fn from_the_second_refusal_of_a_step_the_picture_can_be_used_anyway() {
    let (flow, _) = doubtful(capturing(true), "a", Quality(Reason::Blur));
    let flow = transition(flow, Event::Retake).0;
    let (flow, _) = doubtful(flow, "b", Quality(Reason::Glare));
    let Step::Preview { doubt: Some(d), .. } = &flow.step else {
        panic!("{:?}", flow.step)
    };
    assert_eq!((d.reason, d.use_anyway), (Quality(Reason::Glare), true));
    // "Use it anyway" sends this picture: the service decides.
    let (flow, fx) = transition(flow, Event::UsePhoto);
    assert!(
        matches!(&flow.step, Step::Uploading { image: Front, image_id, attempt: 0, .. } if image_id == "b"),
        "{:?}",
        flow.step
    );
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Upload { image_id, .. } if image_id == "b")),
        "{fx:?}"
    );
    // A rejection by the service brings the step back; the refusals still count there.
    let (flow, _) = transition(
        flow,
        Event::Uploaded(answer(Feedback::Blur, false, &[Front, Back])),
    );
    assert!(matches!(flow.step, Step::Capture { image: Front, .. }));
    let (flow, _) = doubtful(flow, "c", Quality(Reason::Blur));
    assert!(matches!(
        flow.step,
        Step::Preview {
            doubt: Some(Doubt { use_anyway: true, .. }),
            ..
        }
    ));
}

#[test]
fn a_selfie_without_a_face_is_doubted_like_any_picture_and_can_be_used_anyway_from_the_second() {
    let selfie = Flow {
        step: Step::Capture {
            image: Selfie,
            notice: None,
        },
        ..capturing(false)
    };
    let (flow, _) = doubtful(selfie, "s1", Face(FaceProblem::NotFound));
    let Step::Preview { doubt: Some(d), .. } = &flow.step else {
        panic!("{:?}", flow.step)
    };
    assert_eq!(
        *d,
        Doubt {
            reason: Face(FaceProblem::NotFound),
            kind: Kind::Selfie,
            use_anyway: false
        }
    );
    assert_eq!(d.reason.as_str(), "face_not_found");
    // First refusal: only "retake".
    assert_eq!(transition(flow.clone(), Event::UsePhoto).0, flow);
    let (flow, _) = transition(flow, Event::Retake);
    // A face problem and a light problem count together: the second refusal of the step.
    let (flow, _) = doubtful(flow, "s2", Quality(Reason::Blur));
    assert!(matches!(
        flow.step,
        Step::Preview {
            doubt: Some(Doubt { use_anyway: true, .. }),
            ..
        }
    ));
    let (flow, _) = transition(flow, Event::Retake);
    let (flow, _) = doubtful(flow, "s3", Face(FaceProblem::MultiFace));
    let Step::Preview { doubt: Some(d), .. } = &flow.step else {
        panic!("{:?}", flow.step)
    };
    assert_eq!((d.reason, d.use_anyway), (Face(FaceProblem::MultiFace), true));
    assert_eq!(d.reason.as_str(), "multi_face");
    // "Use it anyway" sends it: the service decides.
    let (flow, fx) = transition(flow, Event::UsePhoto);
    assert!(
        matches!(&flow.step, Step::Uploading { image: Selfie, image_id, .. } if image_id == "s3"),
        "{:?}",
        flow.step
    );
    assert!(fx.iter().any(|e| matches!(e, Effect::Upload { .. })), "{fx:?}");
}

#[test]
fn refusals_count_per_picture_and_a_good_picture_is_used_as_usual() {
    let (flow, _) = doubtful(capturing(true), "a", Quality(Reason::Blur));
    // A good retake: the plain preview.
    let flow = transition(flow, Event::Retake).0;
    let (flow, _) = transition(flow, Event::Captured { image_id: "b".into() });
    assert!(matches!(flow.step, Step::Preview { doubt: None, .. }));
    let (flow, fx) = transition(flow, Event::UsePhoto);
    assert!(matches!(flow.step, Step::Uploading { .. }), "{fx:?}");
    // The next picture (the back) starts its own count.
    let (flow, _) = transition(flow, Event::Uploaded(answer(Feedback::Ok, false, &[Back])));
    assert_eq!(flow.step, capture(Back));
    let (flow, _) = doubtful(flow, "c", Quality(Reason::Blur));
    assert!(matches!(
        flow.step,
        Step::Preview {
            image: Back,
            doubt: Some(Doubt {
                use_anyway: false,
                ..
            }),
            ..
        }
    ));
}

#[test]
fn no_sequence_of_presses_leaves_a_capture_step_without_a_way_forward() {
    // Property: whatever the device thinks of each picture, within USE_ANYWAY_FROM refused
    // tries the customer can send a picture.
    for pattern in 0u32..16 {
        let mut flow = capturing(true);
        let mut sent = false;
        for k in 0..4u32 {
            flow = transition(flow, Event::TakePicture).0;
            let id = format!("p{k}");
            flow = if pattern & (1 << k) == 0 {
                transition(flow, Event::Captured { image_id: id }).0
            } else {
                doubtful(flow, &id, Quality(Reason::Blur)).0
            };
            let (next, _) = transition(flow.clone(), Event::UsePhoto);
            if matches!(next.step, Step::Uploading { .. }) {
                sent = true;
                break;
            }
            assert!(
                k + 1 < USE_ANYWAY_FROM,
                "pattern {pattern:b}: try {k} cannot be sent"
            );
            flow = transition(next, Event::Retake).0;
        }
        assert!(sent, "pattern {pattern:b}");
    }
}

#[test]
fn a_late_doubtful_picture_outside_the_capture_step_changes_nothing() {
    let flow = run(
        capturing(false),
        [Event::Captured {
            image_id: "img-1".into(),
        }],
    )
    .0;
    let (next, fx) = doubtful(flow.clone(), "late", Quality(Reason::Glare));
    assert_eq!(next, flow);
    assert!(fx.is_empty());
}

#[test]
fn the_shutter_waits_for_the_cameras_first_frame() {
    let flow = capturing(false);
    assert!(!flow.shutter_ready());
    let (flow, fx) = transition(flow, Event::Shutter);
    assert!(fx.is_empty(), "no frame yet: nothing to take");
    assert!(!flow.taking_picture);
    // A chosen file needs no camera.
    let (_, fx) = transition(flow.clone(), Event::TakePicture);
    assert_eq!(fx, vec![Effect::TakePicture]);
    let flow = transition(flow, Event::CameraReady).0;
    assert!(flow.shutter_ready());
    let (flow, fx) = transition(flow, Event::Shutter);
    assert_eq!(fx, vec![Effect::TakePicture]);
    assert!(!flow.shutter_ready(), "one picture at a time");
    // "Retake" opens the camera again: the new video has no frame until it says so.
    let flow = transition(flow, Event::Captured { image_id: "a".into() }).0;
    let (flow, fx) = transition(flow, Event::Retake);
    assert_eq!(fx, vec![Effect::OpenCamera(Facing::Environment)]);
    assert!(!flow.shutter_ready());
    assert!(transition(flow.clone(), Event::Shutter).1.is_empty());
    let flow = transition(flow, Event::CameraReady).0;
    assert!(flow.shutter_ready());
    // A hidden page stops the camera; shown again, it waits for a frame again.
    let flow = transition(flow, Event::PageHidden).0;
    assert!(!flow.shutter_ready());
    assert!(!transition(flow.clone(), Event::CameraReady).0.shutter_ready());
    let flow = transition(flow, Event::PageShown).0;
    assert!(!flow.shutter_ready());
    assert!(transition(flow, Event::CameraReady).0.shutter_ready());
}

#[test]
fn a_camera_ready_elsewhere_or_on_the_upload_path_offers_no_shutter() {
    let problem = transition(capturing(false), Event::CameraFailed(CameraProblem::NotFound)).0;
    assert!(!transition(problem.clone(), Event::CameraReady).0.camera_ready);
    let upload = transition(problem, Event::UseUploadInstead).0;
    assert!(!transition(upload, Event::CameraReady).0.shutter_ready());
}

#[test]
fn the_attempts_left_are_shown_from_two_down() {
    let flow = capturing(false);
    assert_eq!(flow.attempts_left, Some(3));
    assert_eq!(flow.attempts_to_show(), None);
    let mut rejected = answer(Feedback::Blur, false, &ALL3);
    rejected.attempts_left = Some(2);
    let flow = transition(uploading(flow), Event::Uploaded(rejected.clone())).0;
    assert_eq!(flow.attempts_to_show(), Some(2));
    rejected.attempts_left = Some(1);
    let flow = transition(uploading(flow), Event::Uploaded(rejected.clone())).0;
    assert_eq!(flow.attempts_to_show(), Some(1));
    // An answer that does not say keeps what is known.
    rejected.attempts_left = None;
    let flow = transition(uploading(flow), Event::Uploaded(rejected)).0;
    assert_eq!(flow.attempts_to_show(), Some(1));
    // A resumed session learns them from its status.
    let resumed = run(
        Flow::new(false),
        [
            Event::Resumed {
                session_id: "sid".into(),
                consent_required: false,
                handoff_device: false,
            },
            Event::Status(StatusResponse {
                attempts_left: 2,
                ..status(SessionStatus::Capturing, &[Front], None)
            }),
        ],
    )
    .0;
    assert_eq!(resumed.step, capture(Front));
    assert_eq!(resumed.attempts_to_show(), Some(ATTEMPTS_SHOWN_FROM));
}

#[test]
fn a_capture_screen_shown_anew_waits_for_its_video_again() {
    let flow = transition(capturing(false), Event::CameraReady).0;
    let (flow, fx) = transition(flow, Event::CaptureFailed(ImageProblem::Failed));
    assert!(fx.is_empty(), "the camera stays open");
    assert!(
        !flow.shutter_ready(),
        "the screen with the notice has a new video"
    );
    let flow = transition(flow, Event::CameraReady).0;
    // The same failure again shows the same screen: its video keeps its frames.
    let flow = transition(flow, Event::Shutter).0;
    let flow = transition(flow, Event::CaptureFailed(ImageProblem::Failed)).0;
    assert!(flow.shutter_ready());
}
