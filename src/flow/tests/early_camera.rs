//! The camera opened on "I agree", in parallel with the `consent` call: taken over by the
//! first capture step, stopped on every other way out.

use super::*;

/// A flow on the consent screen, the pictures `missing` required.
fn consenting(missing: &[ImageType]) -> Flow {
    run(
        linked(false),
        [Event::Started(start(SessionStatus::Pending, missing, true))],
    )
    .0
}

fn opens(fx: &[Effect]) -> usize {
    fx.iter().filter(|e| matches!(e, Effect::OpenCamera(_))).count()
}

#[test]
fn consent_opens_the_camera_of_the_first_capture_which_keeps_it() {
    let (flow, fx) = transition(consenting(&ALL3), Event::ConsentGiven);
    assert_eq!(
        fx,
        vec![Effect::PostConsent, Effect::OpenCamera(Facing::Environment)]
    );
    assert_eq!(flow.camera_early, Some(Facing::Environment));
    let (flow, fx) = transition(flow, Event::ConsentAccepted);
    assert_eq!(flow.step, capture(Front));
    assert_eq!(opens(&fx), 0, "{fx:?}");
    assert!(!fx.contains(&Effect::StopCamera), "{fx:?}");
    assert_eq!(flow.camera_early, None);
    // From then on the capture step owns it as if it had opened it: leaving stops it.
    let (_, fx) = transition(flow, Event::CancelRequested);
    assert!(fx.contains(&Effect::StopCamera), "{fx:?}");
}

#[test]
fn a_failed_consent_stops_the_early_camera() {
    let sending = transition(consenting(&ALL3), Event::ConsentGiven).0;
    let (flow, fx) = transition(sending.clone(), Event::ConsentFailed(ApiError::Network));
    assert_eq!(
        flow.step,
        Step::Consent {
            sending: false,
            failed: true
        }
    );
    assert!(fx.contains(&Effect::StopCamera), "{fx:?}");
    assert_eq!(flow.camera_early, None);
    // "Cancel verification" on the consent screen then leaves no camera behind.
    let (flow, fx) = transition(flow, Event::CancelRequested);
    let (flow, fx2) = transition(flow, Event::CancelConfirmed);
    assert!(matches!(flow.step, Step::Cancelled { .. }));
    assert_eq!(opens(&fx) + opens(&fx2), 0);
    // A session that cannot go on stops it too.
    let (flow, fx) = transition(sending, Event::ConsentFailed(ApiError::Expired));
    assert_eq!(flow.step, Step::LinkError(LinkErrorKind::Expired));
    assert!(fx.contains(&Effect::StopCamera), "{fx:?}");
}

#[test]
fn cancel_is_not_offered_while_consent_is_sent_so_the_camera_waits_for_the_answer() {
    let sending = transition(consenting(&ALL3), Event::ConsentGiven).0;
    let (flow, fx) = transition(sending.clone(), Event::CancelRequested);
    assert_eq!(flow, sending);
    assert!(fx.is_empty());
}

#[test]
fn no_early_camera_without_a_live_capture_next() {
    // Nothing left to capture: consent leads to the wait.
    let (flow, fx) = transition(consenting(&[]), Event::ConsentGiven);
    assert_eq!(fx, vec![Effect::PostConsent]);
    let (flow, fx) = transition(flow, Event::ConsentAccepted);
    assert_eq!(flow.step, Step::Waiting { slow: false });
    assert!(!fx.contains(&Effect::StopCamera));
    // The upload path, or a hidden page, does not ask for the camera.
    for flow in [
        Flow {
            use_camera: false,
            ..consenting(&ALL3)
        },
        transition(consenting(&ALL3), Event::PageHidden).0,
    ] {
        let (_, fx) = transition(flow, Event::ConsentGiven);
        assert_eq!(fx, vec![Effect::PostConsent]);
    }
}

#[test]
fn consent_already_given_opens_the_camera_on_the_capture_step() {
    let (flow, fx) = transition(
        linked(false),
        Event::Started(start(SessionStatus::Pending, &ALL3, false)),
    );
    assert_eq!(flow.step, capture(Front));
    assert_eq!(
        fx.iter()
            .filter(|e| **e == Effect::OpenCamera(Facing::Environment))
            .count(),
        1
    );
}

#[test]
fn hiding_the_page_while_consent_is_sent_stops_the_early_camera() {
    let sending = transition(consenting(&ALL3), Event::ConsentGiven).0;
    let (flow, fx) = transition(sending, Event::PageHidden);
    assert_eq!(fx, vec![Effect::StopCamera]);
    let (flow, fx) = transition(flow, Event::ConsentAccepted);
    assert_eq!(flow.step, capture(Front));
    assert_eq!(opens(&fx), 0, "not while hidden");
    let (_, fx) = transition(flow, Event::PageShown);
    assert_eq!(fx, vec![Effect::OpenCamera(Facing::Environment)]);
}

#[test]
fn an_early_camera_that_fails_is_tried_again_by_the_capture_step() {
    let sending = transition(consenting(&ALL3), Event::ConsentGiven).0;
    let (flow, fx) = transition(
        sending.clone(),
        Event::CameraFailed(CameraProblem::PermissionDenied),
    );
    assert_eq!(flow.step, sending.step, "the consent screen stays");
    assert!(fx.is_empty());
    let (flow, fx) = transition(flow, Event::ConsentAccepted);
    assert_eq!(flow.step, capture(Front));
    assert_eq!(
        fx.iter()
            .filter(|e| **e == Effect::OpenCamera(Facing::Environment))
            .count(),
        1
    );
    // Which shows the problem screen when it fails again.
    let (flow, _) = transition(flow, Event::CameraFailed(CameraProblem::PermissionDenied));
    assert!(matches!(flow.step, Step::CameraProblem { .. }));
}
