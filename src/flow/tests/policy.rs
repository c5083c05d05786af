//! Rules the runtime used to hold: when a wait counts as taking long, one picture per
//! press of the shutter, and an upload that finds no picture held.

use super::*;

fn taking_long() -> Effect {
    Effect::StartTimer {
        timer: Timer::TakingLong,
        after_ms: TAKING_LONG_MS,
    }
}

fn waiting() -> Flow {
    transition(
        uploading(capturing(false)),
        Event::Uploaded(answer(Feedback::Ok, true, &[])),
    )
    .0
}

#[test]
fn the_wait_for_the_result_counts_as_long_after_its_timer() {
    let (flow, fx) = transition(
        uploading(capturing(false)),
        Event::Uploaded(answer(Feedback::Ok, true, &[])),
    );
    assert_eq!(flow.step, Step::Waiting { slow: false });
    assert!(fx.contains(&taking_long()), "{fx:?}");
    assert_eq!(Timer::TakingLong.event(), Event::TakingLong);
    // The timer fires: the screen says so, once; nothing else starts.
    let (flow, fx) = transition(flow, Event::TakingLong);
    assert_eq!(flow.step, Step::Waiting { slow: true });
    assert!(fx.is_empty(), "{fx:?}");
    // Hidden and shown again: polling resumes, the timer does not start over once slow.
    let (flow, _) = transition(flow, Event::PageHidden);
    let (flow, fx) = transition(flow, Event::PageShown);
    assert_eq!(fx, vec![Effect::StartPolling]);
    assert_eq!(flow.step, Step::Waiting { slow: true });
}

#[test]
fn leaving_the_wait_stops_its_timer_and_a_late_one_changes_nothing() {
    let (flow, fx) = transition(
        waiting(),
        Event::Status(status(SessionStatus::Recapture, &[Back], None)),
    );
    assert!(fx.contains(&Effect::StopTimer(Timer::TakingLong)), "{fx:?}");
    let (after, fx) = transition(flow.clone(), Event::TakingLong);
    assert_eq!(after, flow);
    assert!(fx.is_empty());
    // Entering the wait while hidden starts neither polling nor the timer.
    let mut hidden = uploading(capturing(false));
    hidden.hidden = true;
    let (_, fx) = transition(hidden, Event::Uploaded(answer(Feedback::Ok, true, &[])));
    assert!(!fx.contains(&taking_long()), "{fx:?}");
    assert!(!fx.contains(&Effect::StartPolling), "{fx:?}");
}

#[test]
fn following_another_device_is_never_taking_long() {
    let (flow, fx) = transition(capturing(false), Event::HandoffRequested);
    assert!(!fx.contains(&taking_long()), "{fx:?}");
    let (after, fx) = transition(flow.clone(), Event::TakingLong);
    assert_eq!(after, flow);
    assert!(fx.is_empty());
}

#[test]
fn a_double_press_of_the_shutter_takes_one_picture() {
    let (flow, fx) = transition(capturing(false), Event::TakePicture);
    assert_eq!(fx, vec![Effect::TakePicture]);
    assert!(flow.taking_picture);
    let (flow, fx) = transition(flow, Event::TakePicture);
    assert!(fx.is_empty(), "the second press takes nothing: {fx:?}");
    // Done: the shutter works again (a failed picture stays on the camera; a doubtful one
    // goes to the preview, and after "retake" the shutter works again).
    let (again, _) = transition(flow.clone(), Event::CaptureFailed(ImageProblem::Failed));
    assert!(!again.taking_picture);
    let (_, fx) = transition(again, Event::TakePicture);
    assert_eq!(fx, vec![Effect::TakePicture]);
    let doubtful = Event::CapturedDoubtful {
        image_id: "d".into(),
        reason: crate::flow::DoubtReason::Quality(kyc_quality::Reason::Blur),
    };
    let (again, _) = transition(flow.clone(), doubtful);
    assert!(!again.taking_picture);
    let (again, _) = transition(again, Event::Retake);
    let (_, fx) = transition(again, Event::TakePicture);
    assert_eq!(fx, vec![Effect::TakePicture]);
    let (preview, _) = transition(flow, Event::Captured { image_id: "a".into() });
    assert!(!preview.taking_picture);
    // No picture is taken outside a capture step.
    let (after, fx) = transition(preview.clone(), Event::TakePicture);
    assert_eq!(after, preview);
    assert!(fx.is_empty());
}

#[test]
fn an_upload_with_no_picture_held_asks_for_the_picture_again() {
    let flow = uploading(capturing(true));
    let (flow, fx) = transition(flow, Event::NothingHeld);
    assert_eq!(
        flow.step,
        Step::Capture {
            image: Front,
            notice: Some(Notice::Image(ImageProblem::Failed)),
        }
    );
    assert!(fx.contains(&Effect::OpenCamera(Facing::Environment)), "{fx:?}");
    assert!(!fx.iter().any(|e| matches!(e, Effect::Upload { .. })), "{fx:?}");
    // Late, on another step: nothing.
    let (after, fx) = transition(flow.clone(), Event::NothingHeld);
    assert_eq!(after, flow);
    assert!(fx.is_empty());
}
