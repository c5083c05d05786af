//! Reading the link, starting or resuming the session, consent, and the error screen.

use super::*;

#[test]
fn a_link_starts_the_session() {
    let (flow, fx) = transition(
        Flow::new(false),
        Event::LinkParsed {
            session_id: "sid".into(),
        },
    );
    assert_eq!(flow.step, Step::Starting);
    assert_eq!(flow.session_id, "sid");
    assert_eq!(fx, vec![Effect::StartSession]);
}

#[test]
fn no_link_is_a_broken_link() {
    let (flow, fx) = transition(Flow::new(false), Event::LinkMissing);
    assert_eq!(flow.step, Step::LinkError(LinkErrorKind::Broken));
    assert!(fx.contains(&Effect::ClearSession));
}

#[test]
fn start_failures_have_their_screens() {
    let cases = [
        (
            ApiError::Unauthorized,
            Step::LinkError(LinkErrorKind::UsedOnAnotherDevice),
        ),
        (ApiError::NotFound, Step::LinkError(LinkErrorKind::UnknownSession)),
        (ApiError::Expired, Step::LinkError(LinkErrorKind::Expired)),
        (
            ApiError::BadRequest {
                message: String::new(),
            },
            Step::LinkError(LinkErrorKind::Broken),
        ),
        (
            ApiError::AttemptLimit,
            Step::LinkError(LinkErrorKind::AlreadyFinished),
        ),
        (ApiError::Network, Step::Fatal(ErrorKind::Network)),
        (ApiError::Server(503), Step::Fatal(ErrorKind::Network)),
        (ApiError::Decode("x".into()), Step::Fatal(ErrorKind::Unexpected)),
    ];
    for (error, step) in cases {
        let (flow, _) = transition(linked(false), Event::StartFailed(error.clone()));
        assert_eq!(flow.step, step, "{error:?}");
    }
}

#[test]
fn started_sessions_go_to_consent_and_save_the_token() {
    let (flow, fx) = transition(
        linked(false),
        Event::Started(start(SessionStatus::Pending, &ALL3, true)),
    );
    assert_eq!(
        flow.step,
        Step::Consent {
            sending: false,
            failed: false
        }
    );
    assert!(flow.has_token);
    assert_eq!(flow.missing, ALL3.to_vec());
    assert!(fx.contains(&Effect::SaveSession));
    assert!(posted(&fx).is_empty(), "no events outside an iframe");
}

#[test]
fn started_sessions_in_other_states() {
    let cases = [
        (
            SessionStatus::Complete,
            Step::LinkError(LinkErrorKind::AlreadyFinished),
        ),
        (
            SessionStatus::Error,
            Step::LinkError(LinkErrorKind::AlreadyFinished),
        ),
        (SessionStatus::Expired, Step::LinkError(LinkErrorKind::Expired)),
        (SessionStatus::Processing, Step::Waiting { slow: false }),
        (SessionStatus::Capturing, capture(Front)),
    ];
    for (s, step) in cases {
        let (flow, _) = transition(linked(false), Event::Started(start(s, &ALL3, false)));
        assert_eq!(flow.step, step, "{s:?}");
    }
}

#[test]
fn consent_posts_and_shows_the_front_capture_with_the_rear_camera() {
    let flow = run(
        linked(false),
        [Event::Started(start(SessionStatus::Pending, &ALL3, true))],
    )
    .0;
    let (flow, fx) = transition(flow, Event::ConsentGiven);
    // The capture step comes with the call, not after its answer.
    assert_eq!(flow.step, capture(Front));
    assert_eq!(
        fx,
        vec![
            Effect::PostConsent {
                attempt: 0,
                delay_ms: 0
            },
            Effect::OpenCamera(Facing::Environment)
        ]
    );
    // A double click sends nothing more.
    let (flow, fx) = transition(flow, Event::ConsentGiven);
    assert!(fx.is_empty());
    let (flow, fx) = transition(flow, Event::ConsentAccepted);
    assert_eq!(flow.step, capture(Front));
    assert!(!flow.consent_required);
    assert!(fx.contains(&Effect::SaveSession));
    // The capture step keeps its camera: no second opening.
    assert!(!fx.contains(&Effect::OpenCamera(Facing::Environment)), "{fx:?}");
    assert!(!fx.contains(&Effect::StopCamera), "{fx:?}");
}

#[test]
fn consent_failures() {
    let flow = run(
        linked(false),
        [Event::Started(start(SessionStatus::Pending, &ALL3, true))],
    )
    .0;
    let sending = transition(flow, Event::ConsentGiven).0;
    let failed = |error| Event::ConsentFailed { error, jitter: 0.5 };
    // A passing failure is tried again; a refusal leads back to the consent screen.
    let (f, fx) = transition(sending.clone(), failed(ApiError::Network));
    assert_eq!(f.step, capture(Front));
    assert!(
        matches!(fx[..], [Effect::PostConsent { attempt: 1, .. }]),
        "{fx:?}"
    );
    let (f, _) = transition(sending.clone(), failed(ApiError::Conflict));
    assert_eq!(
        f.step,
        Step::Consent {
            sending: false,
            failed: true
        }
    );
    let (f, fx) = transition(f, Event::ConsentGiven);
    assert_eq!(
        fx,
        vec![
            Effect::PostConsent {
                attempt: 0,
                delay_ms: 0
            },
            Effect::OpenCamera(Facing::Environment)
        ]
    );
    assert_eq!(f.step, capture(Front));
    let (f, _) = transition(sending, failed(ApiError::Expired));
    assert_eq!(f.step, Step::LinkError(LinkErrorKind::Expired));
}

#[test]
fn a_session_may_require_fewer_images() {
    let flow = run(
        linked(false),
        [Event::Started(start(SessionStatus::Pending, &[Selfie], false))],
    )
    .0;
    assert_eq!(flow.step, capture(Selfie));
    let flow = run(
        linked(false),
        [Event::Started(start(SessionStatus::Pending, &[Selfie], true))],
    )
    .0;
    let (flow, fx) = transition(flow, Event::ConsentGiven);
    assert!(
        fx.contains(&Effect::OpenCamera(Facing::User)),
        "front camera for the selfie"
    );
    let (flow, _) = transition(flow, Event::ConsentAccepted);
    assert_eq!(flow.step, capture(Selfie));
}

#[test]
fn reload_resumes_where_the_customer_was() {
    let resumed = |consent_required| {
        transition(
            Flow::new(false),
            Event::Resumed {
                session_id: "sid".into(),
                consent_required,
                handoff_device: false,
            },
        )
    };
    let (flow, fx) = resumed(false);
    assert_eq!(flow.step, Step::Starting);
    assert!(flow.has_token);
    // First the device's store (a picture being sent when the page was left), then the status.
    assert_eq!(fx, vec![Effect::FindHeldPictures]);
    let (flow, fx) = transition(flow, Event::HeldPicturesFound(Vec::new()));
    assert_eq!(flow.step, Step::Starting);
    assert_eq!(fx, vec![Effect::FetchStatus]);
    let cases = [
        (
            false,
            status(SessionStatus::Capturing, &[Back, Selfie], None),
            capture(Back),
        ),
        (
            true,
            status(SessionStatus::Pending, &ALL3, None),
            Step::Consent {
                sending: false,
                failed: false,
            },
        ),
        (
            false,
            status(SessionStatus::Processing, &[], None),
            Step::Waiting { slow: false },
        ),
        (
            false,
            status(SessionStatus::Recapture, &[Selfie], None),
            Step::Capture {
                image: Selfie,
                notice: Some(Notice::Recapture),
            },
        ),
        (
            false,
            status(SessionStatus::Complete, &[], Some("https://p.example/")),
            Step::Final {
                status: SessionStatus::Complete,
                redirect_url: Some("https://p.example/".into()),
                in_iframe: false,
            },
        ),
    ];
    for (consent, s, step) in cases {
        let (flow, _) = transition(resumed(consent).0, Event::Status(s));
        assert_eq!(flow.step, step);
    }
    // A token that no longer works.
    let (flow, _) = transition(resumed(false).0, Event::StatusFailed(ApiError::Unauthorized));
    assert_eq!(flow.step, Step::LinkError(LinkErrorKind::UsedOnAnotherDevice));
    let (flow, _) = transition(resumed(false).0, Event::StatusFailed(ApiError::Expired));
    assert_eq!(flow.step, Step::LinkError(LinkErrorKind::Expired));
}

#[test]
fn the_error_screen_retries() {
    let (flow, _) = transition(linked(false), Event::StartFailed(ApiError::Network));
    let (flow, fx) = transition(flow, Event::Retry);
    assert_eq!(flow.step, Step::Starting);
    assert_eq!(fx, vec![Effect::StartSession]);
    let resumed = transition(
        Flow::new(false),
        Event::Resumed {
            session_id: "s".into(),
            consent_required: false,
            handoff_device: false,
        },
    )
    .0;
    let (flow, _) = transition(resumed, Event::StatusFailed(ApiError::Server(500)));
    assert_eq!(flow.step, Step::Fatal(ErrorKind::Network));
    let (_, fx) = transition(flow, Event::Retry);
    assert_eq!(fx, vec![Effect::FetchStatus]);
}

/// A flow resumed after a reload, with these pictures found in the device's store.
fn resumed_holding(held: &[(ImageType, &str)]) -> Flow {
    run(
        Flow::new(false),
        [
            Event::Resumed {
                session_id: "sid".into(),
                consent_required: false,
                handoff_device: false,
            },
            Event::HeldPicturesFound(held.iter().map(|(i, id)| (*i, (*id).to_owned())).collect()),
        ],
    )
    .0
}

#[test]
fn a_reload_during_an_upload_sends_the_held_picture_again_with_its_id() {
    let (flow, fx) = transition(
        resumed_holding(&[(Back, "img-7")]),
        Event::Status(status(SessionStatus::Capturing, &[Back, Selfie], None)),
    );
    assert_eq!(
        flow.step,
        Step::Uploading {
            image: Back,
            image_id: "img-7".into(),
            attempt: 0,
            stalled: false
        }
    );
    assert!(fx.contains(&Effect::Upload {
        image: Back,
        image_id: "img-7".into(),
        attempt: 0,
        delay_ms: 0
    }));
    assert!(!fx.iter().any(|e| matches!(e, Effect::ForgetHeldPicture(_))));
    assert!(flow.held_pictures.is_empty(), "decided once");
    // Its answer is an upload's answer like any other.
    let (flow, fx) = transition(flow, Event::Uploaded(answer(Feedback::Ok, false, &[Selfie])));
    assert_eq!(flow.step, capture(Selfie));
    assert!(fx.contains(&Effect::ForgetHeldPicture(Back)));
    // A recapture asks again for the picture that was being sent: the same.
    let (flow, _) = transition(
        resumed_holding(&[(Front, "img-8")]),
        Event::Status(status(SessionStatus::Recapture, &[Front], None)),
    );
    assert!(matches!(flow.step, Step::Uploading { image: Front, ref image_id, .. } if image_id == "img-8"));
}

#[test]
fn held_pictures_the_service_no_longer_asks_for_are_forgotten() {
    // The front arrived before the reload (its answer was lost); the back is still asked for.
    let (flow, fx) = transition(
        resumed_holding(&[(Front, "a"), (Back, "b")]),
        Event::Status(status(SessionStatus::Capturing, &[Back, Selfie], None)),
    );
    assert!(matches!(flow.step, Step::Uploading { image: Back, ref image_id, .. } if image_id == "b"));
    assert!(fx.contains(&Effect::ForgetHeldPicture(Front)));
    assert!(!fx.contains(&Effect::ForgetHeldPicture(Back)));
    // Every picture is in: processing; or the session ended.
    for (s, step) in [
        (
            status(SessionStatus::Processing, &[], None),
            Step::Waiting { slow: false },
        ),
        (
            status(SessionStatus::Expired, &[], None),
            Step::Final {
                status: SessionStatus::Expired,
                redirect_url: None,
                in_iframe: false,
            },
        ),
    ] {
        let (flow, fx) = transition(resumed_holding(&[(Selfie, "c")]), Event::Status(s));
        assert_eq!(flow.step, step);
        assert!(fx.contains(&Effect::ForgetHeldPicture(Selfie)));
    }
    // Another picture is asked for first: the held one is not sent out of turn.
    let (flow, fx) = transition(
        resumed_holding(&[(Back, "b")]),
        Event::Status(status(SessionStatus::Capturing, &[Front, Back], None)),
    );
    assert_eq!(flow.step, capture(Front));
    assert!(fx.contains(&Effect::ForgetHeldPicture(Back)));
}

#[test]
fn a_held_picture_waits_for_a_status_answer_across_the_error_screen() {
    let (flow, _) = transition(
        resumed_holding(&[(Front, "a")]),
        Event::StatusFailed(ApiError::Network),
    );
    assert_eq!(flow.step, Step::Fatal(ErrorKind::Network));
    let (flow, fx) = transition(flow, Event::Retry);
    assert_eq!(fx, vec![Effect::FetchStatus]);
    let (flow, _) = transition(flow, Event::Status(status(SessionStatus::Capturing, &ALL3, None)));
    assert!(matches!(flow.step, Step::Uploading { image: Front, ref image_id, .. } if image_id == "a"));
}
