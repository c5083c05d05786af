//! "Cancel verification": the question, the cancelled screen, the way back.

use super::*;

#[test]
fn cancel_asks_first_then_posts_cancel() {
    let flow = capturing(true);
    // "Cancel verification" only asks: the camera goes off, the question is a step of its own.
    let (asking, fx) = transition(flow.clone(), Event::CancelRequested);
    assert_eq!(
        asking.step,
        Step::ConfirmCancel {
            previous: Box::new(capture(Front))
        }
    );
    assert!(fx.contains(&Effect::StopCamera), "{fx:?}");
    assert_eq!(posted(&fx), vec![EventType::Step]);
    // "No, keep going": back on the step, the camera opens again, nothing cancelled.
    let (kept, fx) = transition(asking.clone(), Event::KeepGoing);
    assert_eq!(kept.step, capture(Front));
    assert!(fx.contains(&Effect::OpenCamera(Facing::Environment)), "{fx:?}");
    assert_eq!(posted(&fx), vec![EventType::Step]);
    // A confirmation without the question (a stray event) changes nothing.
    let (f, fx) = transition(flow, Event::CancelConfirmed);
    assert_eq!(f.step, capture(Front));
    assert!(fx.is_empty(), "{fx:?}");
    // "Yes, stop": the cancelled screen, `step` and `cancel` posted to the embedding page.
    let (cancelled, fx) = transition(asking, Event::CancelConfirmed);
    assert_eq!(
        cancelled.step,
        Step::Cancelled {
            previous: Box::new(capture(Front))
        }
    );
    assert_eq!(cancelled.step.name(), "cancelled");
    assert_eq!(posted(&fx), vec![EventType::Step, EventType::Cancel]);
    let cancel = fx.iter().find_map(|e| match e {
        Effect::PostEvent(ev) if ev.event_type == EventType::Cancel => Some(ev.clone()),
        _ => None,
    });
    assert_eq!(cancel.map(|ev| ev.session_id), Some("sid".to_owned()));
    // The session stays: nothing is cleared, no redirect, no camera.
    assert!(!fx.iter().any(|e| matches!(
        e,
        Effect::ClearSession | Effect::Redirect { .. } | Effect::OpenCamera(_)
    )));
    // Outside an iframe the same screens, nothing posted.
    let (f, fx) = run(capturing(false), [Event::CancelRequested, Event::CancelConfirmed]);
    assert!(matches!(f.step, Step::Cancelled { .. }));
    assert!(fx.is_empty(), "{fx:?}");
}

#[test]
fn continue_after_cancel_returns_to_the_step_that_was_left() {
    let cancel = |flow: Flow| run(flow, [Event::CancelRequested, Event::CancelConfirmed]);
    // Capture: the camera opens again.
    let (f, _) = cancel(capturing(true));
    let (f, fx) = transition(f, Event::ResumeAfterCancel);
    assert_eq!(f.step, capture(Front));
    assert!(fx.contains(&Effect::OpenCamera(Facing::Environment)), "{fx:?}");
    assert_eq!(posted(&fx), vec![EventType::Step]);
    // Preview: the same picture (same image id) to retake or use.
    let preview = transition(
        capturing(false),
        Event::Captured {
            image_id: "img-1".into(),
        },
    )
    .0;
    let (f, _) = cancel(preview.clone());
    assert!(matches!(f.step, Step::Cancelled { .. }));
    let (f, fx) = transition(f, Event::ResumeAfterCancel);
    assert_eq!(f.step, preview.step);
    assert!(fx.is_empty(), "{fx:?}");
    let (_, fx) = transition(f, Event::UsePhoto);
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Upload { image_id, .. } if image_id == "img-1")));
    // Consent and the camera problem screen, asked and kept, or cancelled and continued.
    let consent = transition(
        linked(false),
        Event::Started(start(SessionStatus::Pending, &ALL3, true)),
    )
    .0;
    let problem = transition(capturing(false), Event::CameraFailed(CameraProblem::NotFound)).0;
    for flow in [consent, problem] {
        let (f, fx) = run(flow.clone(), [Event::CancelRequested, Event::KeepGoing]);
        assert_eq!(f.step, flow.step);
        assert!(fx.is_empty(), "{fx:?}");
        let (f, fx) = cancel(flow.clone());
        assert!(matches!(f.step, Step::Cancelled { .. }), "{:?}", flow.step);
        assert!(fx.is_empty(), "{fx:?}");
        let (f, fx) = transition(f, Event::ResumeAfterCancel);
        assert_eq!(f.step, flow.step);
        assert!(fx.is_empty(), "{fx:?}");
    }
}

#[test]
fn cancel_is_not_offered_once_pictures_are_being_sent() {
    // The consent screen while its call is sent (nothing to capture first: the screen waits
    // for the answer).
    let sending = transition(
        transition(
            linked(false),
            Event::Started(start(SessionStatus::Pending, &[], true)),
        )
        .0,
        Event::ConsentGiven,
    )
    .0;
    assert!(matches!(sending.step, Step::Consent { sending: true, .. }));
    let up = uploading(capturing(false));
    let waiting = transition(up.clone(), Event::Uploaded(answer(Feedback::Ok, true, &[]))).0;
    for flow in [sending, up, waiting] {
        assert!(!cancellable(&flow.step));
        let (f, fx) = run(flow.clone(), [Event::CancelRequested, Event::CancelConfirmed]);
        assert_eq!(f.step, flow.step);
        assert!(fx.is_empty(), "{fx:?}");
    }
    // On the question and the cancelled screen, late answers change nothing, and the
    // camera stays off.
    let asking = transition(capturing(false), Event::CancelRequested).0;
    let cancelled = transition(asking.clone(), Event::CancelConfirmed).0;
    for flow in [asking, cancelled] {
        for late in [
            Event::Captured {
                image_id: "late".into(),
            },
            Event::CameraFailed(CameraProblem::InUse),
            Event::PageHidden,
            Event::PageShown,
            Event::CancelRequested,
        ] {
            let (f, fx) = transition(flow.clone(), late);
            assert_eq!(f.step, flow.step);
            assert!(fx.is_empty(), "{fx:?}");
        }
    }
}
