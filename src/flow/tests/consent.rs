//! Consent: "I agree" shows the first capture step at once while the `consent` call is on
//! its way; nothing is uploaded before the service accepts it; a failing call is tried
//! again, then leads back to the consent screen with the camera stopped.

use kyc_contract::{LivenessChallenge, LivenessState, LivenessStatus};

use super::*;

/// A flow on the consent screen, the pictures `missing` required.
fn consenting(missing: &[ImageType]) -> Flow {
    run(
        linked(false),
        [Event::Started(start(SessionStatus::Pending, missing, true))],
    )
    .0
}

/// The first capture step, shown on "I agree" while the call is on its way.
fn agreed() -> Flow {
    transition(consenting(&ALL3), Event::ConsentGiven).0
}

/// [`agreed`], then the first picture taken (`img-1`), on its preview.
fn agreed_with_a_photo() -> Flow {
    let taken = [
        Event::CameraReady,
        Event::Shutter,
        Event::Captured {
            image_id: "img-1".into(),
        },
    ];
    run(agreed(), taken).0
}

fn failed(error: ApiError) -> Event {
    Event::ConsentFailed { error, jitter: 1.0 }
}

fn first_try() -> Effect {
    Effect::PostConsent {
        attempt: 0,
        delay_ms: 0,
    }
}

fn opens(fx: &[Effect]) -> usize {
    fx.iter().filter(|e| matches!(e, Effect::OpenCamera(_))).count()
}

fn uploads(fx: &[Effect]) -> usize {
    fx.iter().filter(|e| matches!(e, Effect::Upload { .. })).count()
}

const CONSENT_FAILED: Step = Step::Consent {
    sending: false,
    failed: true,
};

/// The consent call fails for good (a refusal that is not worth trying again).
fn refused() -> Event {
    failed(ApiError::BadRequest { message: "no".into() })
}

#[test]
fn i_agree_shows_the_first_capture_at_once_with_its_camera_while_consent_is_sent() {
    let (flow, fx) = transition(consenting(&ALL3), Event::ConsentGiven);
    assert_eq!(flow.step, capture(Front));
    assert_eq!(fx, vec![first_try(), Effect::OpenCamera(Facing::Environment)]);
    assert_eq!(flow.consent_call, Some(0));
    assert!(flow.consent_required, "not on record before the answer");
    // The answer records it and changes nothing on screen: the camera stays on.
    let (flow, fx) = transition(flow, Event::ConsentAccepted);
    assert_eq!(flow.step, capture(Front));
    assert_eq!(fx, vec![Effect::SaveSession]);
    assert!(!flow.consent_required);
    assert_eq!(flow.consent_call, None);
    // A late or second answer changes nothing.
    for late in [Event::ConsentAccepted, failed(ApiError::Network)] {
        let (f, fx) = transition(flow.clone(), late);
        assert_eq!(f, flow);
        assert!(fx.is_empty(), "{fx:?}");
    }
}

#[test]
fn the_selfie_first_opens_the_front_camera_and_an_iframe_hears_of_the_step() {
    let flow = run(
        linked(true),
        [Event::Started(start(SessionStatus::Pending, &[Selfie], true))],
    )
    .0;
    let (flow, fx) = transition(flow, Event::ConsentGiven);
    assert_eq!(flow.step, capture(Selfie));
    assert!(fx.contains(&Effect::OpenCamera(Facing::User)), "{fx:?}");
    assert_eq!(posted(&fx), vec![EventType::Step]);
}

#[test]
fn a_picture_used_before_the_answer_is_uploaded_once_the_consent_is_accepted() {
    let flow = agreed_with_a_photo();
    let (flow, fx) = transition(flow, Event::UsePhoto);
    let held = Step::Uploading {
        image: Front,
        image_id: "img-1".into(),
        attempt: 0,
        stalled: false,
    };
    assert_eq!(flow.step, held);
    assert_eq!(
        uploads(&fx),
        0,
        "nothing leaves before the consent is accepted: {fx:?}"
    );
    // A retry of the call does not let it go either.
    let (flow, fx) = transition(flow, failed(ApiError::Network));
    assert_eq!(uploads(&fx), 0, "{fx:?}");
    let (flow, fx) = transition(flow, Event::ConsentAccepted);
    assert_eq!(flow.step, held);
    assert_eq!(
        fx,
        vec![
            Effect::SaveSession,
            Effect::Upload {
                image: Front,
                image_id: "img-1".into(),
                attempt: 0,
                delay_ms: 0,
            }
        ]
    );
    // From then on a picture leaves as it is used.
    let flow = transition(
        flow,
        Event::Uploaded(answer(Feedback::Ok, false, &[Back, Selfie])),
    )
    .0;
    assert_eq!(flow.step, capture(Back));
    let (_, fx) = run(
        flow,
        [
            Event::Captured {
                image_id: "img-2".into(),
            },
            Event::UsePhoto,
        ],
    );
    assert_eq!(uploads(&fx), 1, "{fx:?}");
}

#[test]
fn a_call_failing_for_a_passing_reason_is_tried_again_with_backoff_then_given_up() {
    let (flow, fx) = transition(agreed(), failed(ApiError::Network));
    assert_eq!(flow.step, capture(Front), "the customer goes on meanwhile");
    assert_eq!(
        fx,
        vec![Effect::PostConsent {
            attempt: 1,
            delay_ms: retry_delay_ms(1, 1.0)
        }]
    );
    assert_eq!(flow.consent_call, Some(1));
    // The service's Retry-After is honoured.
    let (flow, fx) = transition(
        flow,
        failed(ApiError::RateLimited {
            retry_after_ms: Some(7_000),
        }),
    );
    assert_eq!(
        fx,
        vec![Effect::PostConsent {
            attempt: 2,
            delay_ms: 7_000
        }]
    );
    let mut flow = flow;
    for attempt in 3..MAX_UPLOAD_ATTEMPTS {
        let (f, fx) = transition(flow, failed(ApiError::Server(503)));
        assert_eq!(
            fx,
            vec![Effect::PostConsent {
                attempt,
                delay_ms: retry_delay_ms(attempt, 1.0)
            }]
        );
        flow = f;
    }
    // The last try failed too: back to the consent screen, the camera off.
    let (flow, fx) = transition(flow, failed(ApiError::Server(503)));
    assert_eq!(flow.step, CONSENT_FAILED);
    assert_eq!(flow.consent_call, None);
    assert!(fx.contains(&Effect::StopCamera), "{fx:?}");
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::PostConsent { .. })),
        "{fx:?}"
    );
    // A new press starts again from the first try, with the capture step and its camera.
    let (flow, fx) = transition(flow, Event::ConsentGiven);
    assert_eq!(flow.step, capture(Front));
    assert_eq!(fx, vec![first_try(), Effect::OpenCamera(Facing::Environment)]);
}

#[test]
fn a_consent_refused_for_good_leads_back_from_every_screen_before_the_answer() {
    let preview = agreed_with_a_photo();
    let uploading = transition(preview.clone(), Event::UsePhoto).0;
    let problem = transition(agreed(), Event::CameraFailed(CameraProblem::PermissionDenied)).0;
    assert!(matches!(problem.step, Step::CameraProblem { .. }));
    let handoff = transition(agreed(), Event::HandoffRequested).0;
    assert!(matches!(handoff.step, Step::Handoff { .. }));

    let (flow, fx) = transition(agreed(), refused());
    assert_eq!(flow.step, CONSENT_FAILED);
    assert_eq!(fx, vec![Effect::StopCamera]);
    let (flow, fx) = transition(preview, refused());
    assert_eq!(flow.step, CONSENT_FAILED);
    assert_eq!(
        fx,
        vec![Effect::ForgetHeldPicture(Front)],
        "the picture is not kept"
    );
    let (flow, fx) = transition(uploading, refused());
    assert_eq!(flow.step, CONSENT_FAILED);
    assert_eq!(fx, vec![Effect::ForgetHeldPicture(Front)]);
    let (flow, fx) = transition(problem, refused());
    assert_eq!(flow.step, CONSENT_FAILED);
    assert!(fx.is_empty(), "{fx:?}");
    let (flow, fx) = transition(handoff, refused());
    assert_eq!(flow.step, CONSENT_FAILED);
    assert!(fx.contains(&Effect::StopPolling), "{fx:?}");
    assert!(fx.contains(&Effect::StopTimer(Timer::HandoffRefresh)), "{fx:?}");
}

#[test]
fn a_consent_refused_while_the_customer_stops_leads_back_to_the_consent_screen() {
    let (asking, fx) = transition(agreed(), Event::CancelRequested);
    assert!(fx.contains(&Effect::StopCamera), "{fx:?}");
    let cancelled = transition(asking.clone(), Event::CancelConfirmed).0;
    for (flow, back) in [(asking, Event::KeepGoing), (cancelled, Event::ResumeAfterCancel)] {
        let (f, fx) = transition(flow.clone(), refused());
        assert_eq!(
            f.step.name(),
            flow.step.name(),
            "the question or the cancelled screen stays"
        );
        assert!(fx.is_empty(), "{fx:?}");
        let (f, fx) = transition(f, back);
        assert_eq!(f.step, CONSENT_FAILED, "never the capture step without consent");
        assert_eq!(opens(&fx), 0, "{fx:?}");
    }
}

#[test]
fn a_consent_accepted_while_the_customer_stops_is_recorded() {
    let asking = transition(agreed(), Event::CancelRequested).0;
    let (flow, fx) = transition(asking.clone(), Event::ConsentAccepted);
    assert_eq!(flow.step, asking.step);
    assert_eq!(fx, vec![Effect::SaveSession]);
    assert!(!flow.consent_required);
    let (flow, fx) = transition(flow, Event::KeepGoing);
    assert_eq!(flow.step, capture(Front));
    assert_eq!(fx, vec![Effect::OpenCamera(Facing::Environment)]);
}

#[test]
fn a_link_error_from_the_consent_call_goes_to_the_link_error_screen() {
    for (error, kind) in [
        (ApiError::Unauthorized, LinkErrorKind::UsedOnAnotherDevice),
        (ApiError::NotFound, LinkErrorKind::UnknownSession),
        (ApiError::Expired, LinkErrorKind::Expired),
    ] {
        let (flow, fx) = transition(agreed(), failed(error.clone()));
        assert_eq!(flow.step, Step::LinkError(kind), "{error:?}");
        assert!(fx.contains(&Effect::StopCamera), "{fx:?}");
        assert!(fx.contains(&Effect::ClearSession), "{fx:?}");
        assert!(
            !fx.iter().any(|e| matches!(e, Effect::PostConsent { .. })),
            "{fx:?}"
        );
        // Even on a later try.
        let retrying = transition(agreed(), failed(ApiError::Network)).0;
        let (flow, _) = transition(retrying, failed(error));
        assert_eq!(flow.step, Step::LinkError(kind));
    }
}

#[test]
fn without_a_capture_first_the_consent_screen_waits_for_the_answer() {
    let sending = Step::Consent {
        sending: true,
        failed: false,
    };
    // Nothing to capture: the wait for the result needs the consent on record.
    let (flow, fx) = transition(consenting(&[]), Event::ConsentGiven);
    assert_eq!(flow.step, sending);
    assert_eq!(fx, vec![first_try()]);
    let (f, fx) = transition(flow.clone(), Event::ConsentGiven);
    assert_eq!(f, flow, "a double press sends nothing more");
    assert!(fx.is_empty());
    let (f, _) = transition(flow.clone(), failed(ApiError::Network));
    assert_eq!(f.step, sending, "tried again");
    let (f, _) = transition(flow.clone(), refused());
    assert_eq!(f.step, CONSENT_FAILED);
    let (flow, fx) = transition(flow, Event::ConsentAccepted);
    assert_eq!(flow.step, Step::Waiting { slow: false });
    assert!(fx.contains(&Effect::StartPolling), "{fx:?}");
    assert!(!fx.contains(&Effect::StopCamera));
    // Only the liveness step left: it follows the answer too.
    let live = Flow {
        liveness: Some(LivenessState {
            status: LivenessStatus::Pending,
            challenge: LivenessChallenge::Approach,
            tries_left: 3,
        }),
        ..consenting(&[])
    };
    let (flow, fx) = transition(live, Event::ConsentGiven);
    assert_eq!(flow.step, sending);
    assert_eq!(opens(&fx), 0);
    let (flow, _) = transition(flow, Event::ConsentAccepted);
    assert_eq!(flow.step, Step::Liveness(LivenessStage::Intro));
}

#[test]
fn the_upload_path_and_a_hidden_page_open_no_camera_on_consent() {
    let (flow, fx) = transition(
        Flow {
            use_camera: false,
            ..consenting(&ALL3)
        },
        Event::ConsentGiven,
    );
    assert_eq!(flow.step, capture(Front));
    assert_eq!(fx, vec![first_try()]);
    let hidden = transition(consenting(&ALL3), Event::PageHidden).0;
    let (flow, fx) = transition(hidden, Event::ConsentGiven);
    assert_eq!(flow.step, capture(Front));
    assert_eq!(fx, vec![first_try()], "not while hidden");
    let (_, fx) = transition(flow, Event::PageShown);
    assert_eq!(fx, vec![Effect::OpenCamera(Facing::Environment)]);
    // Hidden while the call is on its way: the capture step's camera stops as always.
    let (flow, fx) = transition(agreed(), Event::PageHidden);
    assert_eq!(fx, vec![Effect::StopCamera]);
    let (flow, fx) = transition(flow, Event::ConsentAccepted);
    assert_eq!(fx, vec![Effect::SaveSession]);
    let (_, fx) = transition(flow, Event::PageShown);
    assert_eq!(fx, vec![Effect::OpenCamera(Facing::Environment)]);
}

#[test]
fn a_camera_failing_before_the_answer_shows_the_camera_problem() {
    let (flow, _) = transition(agreed(), Event::CameraFailed(CameraProblem::PermissionDenied));
    assert_eq!(
        flow.step,
        Step::CameraProblem {
            image: Front,
            kind: CameraProblem::PermissionDenied
        }
    );
    assert_eq!(flow.consent_call, Some(0), "the call goes on");
    let (flow, fx) = transition(flow, Event::ConsentAccepted);
    assert!(matches!(flow.step, Step::CameraProblem { .. }));
    assert_eq!(fx, vec![Effect::SaveSession]);
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
    // And its pictures leave as they are used.
    let (_, fx) = run(
        flow,
        [
            Event::Captured {
                image_id: "img-1".into(),
            },
            Event::UsePhoto,
        ],
    );
    assert_eq!(uploads(&fx), 1, "{fx:?}");
}
