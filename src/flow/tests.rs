//! Every transition of the flow, one behaviour per test.

use super::*;
use kyc_contract::ImageType::{DocumentBack as Back, DocumentFront as Front, Selfie};

const ALL3: [ImageType; 3] = [Front, Back, Selfie];

fn start(status: SessionStatus, missing: &[ImageType], consent_required: bool) -> StartResponse {
    StartResponse {
        access_token: "tok".into(),
        expires_at: "2030-01-01T00:00:00Z".into(),
        status,
        missing_images: missing.to_vec(),
        consent_required,
        allowed_origins: vec!["https://partner.example".into()],
        locale: None,
        theme: None,
        attempts_left: 3,
        handoff: false,
    }
}

fn status(s: SessionStatus, missing: &[ImageType], redirect: Option<&str>) -> StatusResponse {
    StatusResponse {
        status: s,
        missing_images: missing.to_vec(),
        expires_at: "2030-01-01T00:00:00Z".into(),
        attempts_left: 3,
        error_reason: None,
        redirect_url: redirect.map(str::to_owned),
    }
}

fn answer(feedback: Feedback, complete: bool, missing: &[ImageType]) -> AddImagesResponse {
    AddImagesResponse {
        feedback,
        complete,
        missing_images: missing.to_vec(),
        custom_feedback: None,
        attempts_left: Some(2),
    }
}

/// Applies events in order, returning the final flow and the effects of the last event.
fn run(flow: Flow, events: impl IntoIterator<Item = Event>) -> (Flow, Vec<Effect>) {
    let mut state = (flow, Vec::new());
    for e in events {
        state = transition(state.0, e);
    }
    state
}

fn linked(in_iframe: bool) -> Flow {
    run(
        Flow::new(in_iframe),
        [Event::LinkParsed {
            session_id: "sid".into(),
        }],
    )
    .0
}

/// A flow on the capture step of `image` after start and consent, all three required.
fn capturing(in_iframe: bool) -> Flow {
    run(
        linked(in_iframe),
        [Event::Started(start(SessionStatus::Pending, &ALL3, false))],
    )
    .0
}

fn uploading(flow: Flow) -> Flow {
    run(
        flow,
        [
            Event::Captured {
                image_id: "img-1".into(),
            },
            Event::UsePhoto,
        ],
    )
    .0
}

fn posted(fx: &[Effect]) -> Vec<EventType> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::PostEvent(ev) => Some(ev.event_type),
            _ => None,
        })
        .collect()
}

fn capture(image: ImageType) -> Step {
    Step::Capture { image, notice: None }
}

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
fn consent_posts_then_opens_the_rear_camera_for_the_front() {
    let flow = run(
        linked(false),
        [Event::Started(start(SessionStatus::Pending, &ALL3, true))],
    )
    .0;
    let (flow, fx) = transition(flow, Event::ConsentGiven);
    assert_eq!(
        flow.step,
        Step::Consent {
            sending: true,
            failed: false
        }
    );
    assert_eq!(fx, vec![Effect::PostConsent]);
    // A double click sends nothing more.
    let (flow, fx) = transition(flow, Event::ConsentGiven);
    assert!(fx.is_empty());
    let (flow, fx) = transition(flow, Event::ConsentAccepted);
    assert_eq!(flow.step, capture(Front));
    assert!(!flow.consent_required);
    assert!(fx.contains(&Effect::SaveSession));
    assert!(fx.contains(&Effect::OpenCamera(Facing::Environment)));
}

#[test]
fn consent_failures() {
    let flow = run(
        linked(false),
        [Event::Started(start(SessionStatus::Pending, &ALL3, true))],
    )
    .0;
    let sending = transition(flow, Event::ConsentGiven).0;
    let (f, _) = transition(sending.clone(), Event::ConsentFailed(ApiError::Network));
    assert_eq!(
        f.step,
        Step::Consent {
            sending: false,
            failed: true
        }
    );
    let (f, fx) = transition(f, Event::ConsentGiven);
    assert_eq!(fx, vec![Effect::PostConsent]);
    assert_eq!(
        f.step,
        Step::Consent {
            sending: true,
            failed: false
        }
    );
    let (f, _) = transition(sending, Event::ConsentFailed(ApiError::Expired));
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
    let (flow, fx) = transition(transition(flow, Event::ConsentGiven).0, Event::ConsentAccepted);
    assert_eq!(flow.step, capture(Selfie));
    assert!(
        fx.contains(&Effect::OpenCamera(Facing::User)),
        "front camera for the selfie"
    );
}

#[test]
fn the_happy_path_front_back_selfie_waiting_final() {
    let flow = capturing(false);
    let (flow, fx) = transition(flow, Event::Captured { image_id: "a".into() });
    assert_eq!(
        flow.step,
        Step::Preview {
            image: Front,
            image_id: "a".into()
        }
    );
    assert_eq!(fx, vec![Effect::StopCamera]);
    let (flow, fx) = transition(flow, Event::UsePhoto);
    assert_eq!(
        fx,
        vec![Effect::Upload {
            image: Front,
            image_id: "a".into(),
            attempt: 0,
            delay_ms: 0
        }]
    );
    let (flow, fx) = transition(
        flow,
        Event::Uploaded(answer(Feedback::Ok, false, &[Back, Selfie])),
    );
    assert_eq!(flow.step, capture(Back));
    assert_eq!(fx, vec![Effect::OpenCamera(Facing::Environment)]);
    let flow = uploading(flow);
    let (flow, _) = transition(flow, Event::Uploaded(answer(Feedback::Ok, false, &[Selfie])));
    assert_eq!(flow.step, capture(Selfie));
    let flow = uploading(flow);
    let (flow, fx) = transition(flow, Event::Uploaded(answer(Feedback::Ok, true, &[])));
    assert_eq!(flow.step, Step::Waiting { slow: false });
    assert_eq!(fx, vec![Effect::StartPolling]);
    let (flow, fx) = transition(flow, Event::Status(status(SessionStatus::Processing, &[], None)));
    assert_eq!(flow.step, Step::Waiting { slow: false });
    assert!(fx.is_empty());
    let url = "https://partner.example/cb?sessionId=sid&state=s";
    let (flow, fx) = transition(
        flow,
        Event::Status(status(SessionStatus::Complete, &[], Some(url))),
    );
    assert_eq!(
        flow.step,
        Step::Final {
            status: SessionStatus::Complete,
            redirect_url: Some(url.into()),
            in_iframe: false
        }
    );
    assert_eq!(
        fx,
        vec![
            Effect::StopPolling,
            Effect::ClearSession,
            Effect::Redirect {
                url: url.into(),
                after_ms: REDIRECT_AFTER_MS
            }
        ]
    );
    let (_, fx) = transition(flow, Event::RedirectNow);
    assert_eq!(
        fx,
        vec![Effect::Redirect {
            url: url.into(),
            after_ms: 0
        }]
    );
}

#[test]
fn retake_goes_back_to_the_camera() {
    let flow = transition(capturing(false), Event::Captured { image_id: "a".into() }).0;
    let (flow, fx) = transition(flow, Event::Retake);
    assert_eq!(flow.step, capture(Front));
    assert_eq!(fx, vec![Effect::OpenCamera(Facing::Environment)]);
}

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
            image_id: "img-2".into()
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
fn expiry_mid_flow() {
    // 410 on an upload.
    let (flow, fx) = transition(
        uploading(capturing(false)),
        Event::UploadFailed {
            error: ApiError::Expired,
            jitter: 0.0,
        },
    );
    assert_eq!(flow.step, Step::LinkError(LinkErrorKind::Expired));
    assert!(fx.contains(&Effect::ClearSession));
    // 410 while polling.
    let waiting = transition(
        uploading(capturing(false)),
        Event::Uploaded(answer(Feedback::Ok, true, &[])),
    )
    .0;
    let (flow, fx) = transition(waiting.clone(), Event::StatusFailed(ApiError::Expired));
    assert_eq!(flow.step, Step::LinkError(LinkErrorKind::Expired));
    assert!(fx.contains(&Effect::StopPolling));
    // The status says expired.
    let (flow, _) = transition(waiting, Event::Status(status(SessionStatus::Expired, &[], None)));
    assert_eq!(
        flow.step,
        Step::Final {
            status: SessionStatus::Expired,
            redirect_url: None,
            in_iframe: false
        }
    );
}

#[test]
fn polling_carries_on_through_transient_errors_and_says_when_slow() {
    let waiting = transition(
        uploading(capturing(false)),
        Event::Uploaded(answer(Feedback::Ok, true, &[])),
    )
    .0;
    for e in [
        ApiError::Network,
        ApiError::Server(502),
        ApiError::RateLimited { retry_after_ms: None },
    ] {
        let (flow, fx) = transition(waiting.clone(), Event::StatusFailed(e));
        assert_eq!(flow.step, Step::Waiting { slow: false });
        assert!(fx.is_empty());
    }
    let (flow, fx) = transition(waiting, Event::TakingLong);
    assert_eq!(flow.step, Step::Waiting { slow: true });
    assert!(fx.is_empty(), "polling goes on");
    let (flow, _) = transition(flow, Event::Status(status(SessionStatus::Processing, &[], None)));
    assert_eq!(flow.step, Step::Waiting { slow: true });
    let (flow, _) = transition(flow, Event::StatusFailed(ApiError::Unauthorized));
    assert_eq!(flow.step, Step::LinkError(LinkErrorKind::UsedOnAnotherDevice));
}

#[test]
fn recapture_returns_to_the_listed_steps_with_a_message() {
    let waiting = transition(
        uploading(capturing(false)),
        Event::Uploaded(answer(Feedback::Ok, true, &[])),
    )
    .0;
    let (flow, fx) = transition(
        waiting,
        Event::Status(status(SessionStatus::Recapture, &[Back, Selfie], None)),
    );
    assert_eq!(
        flow.step,
        Step::Capture {
            image: Back,
            notice: Some(Notice::Recapture)
        }
    );
    assert_eq!(flow.missing, vec![Back, Selfie]);
    assert_eq!(
        fx,
        vec![Effect::StopPolling, Effect::OpenCamera(Facing::Environment)]
    );
    let flow = uploading(flow);
    let (flow, _) = transition(flow, Event::Uploaded(answer(Feedback::Ok, false, &[Selfie])));
    assert_eq!(flow.step, capture(Selfie));
    let (flow, fx) = transition(uploading(flow), Event::Uploaded(answer(Feedback::Ok, true, &[])));
    assert_eq!(flow.step, Step::Waiting { slow: false });
    assert!(fx.contains(&Effect::StartPolling));
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
fn unsafe_redirects_are_dropped() {
    let waiting = transition(
        uploading(capturing(false)),
        Event::Uploaded(answer(Feedback::Ok, true, &[])),
    )
    .0;
    let (flow, fx) = transition(
        waiting,
        Event::Status(status(SessionStatus::Complete, &[], Some("javascript:alert(1)"))),
    );
    assert_eq!(
        flow.step,
        Step::Final {
            status: SessionStatus::Complete,
            redirect_url: None,
            in_iframe: false
        }
    );
    assert!(!fx.iter().any(|e| matches!(e, Effect::Redirect { .. })));
    let (_, fx) = transition(flow, Event::RedirectNow);
    assert!(fx.is_empty());
}

#[test]
fn in_an_iframe_completion_posts_complete_and_stays() {
    let flow = linked(true);
    let (flow, fx) = transition(
        flow,
        Event::Started(start(SessionStatus::Pending, &[Selfie], true)),
    );
    assert_eq!(posted(&fx), vec![EventType::Ready, EventType::Step]);
    let flow = transition(transition(flow, Event::ConsentGiven).0, Event::ConsentAccepted).0;
    let flow = uploading(flow);
    let (flow, fx) = transition(flow, Event::Uploaded(answer(Feedback::Ok, true, &[])));
    assert_eq!(
        posted(&fx),
        vec![EventType::ImageAccepted, EventType::Submitted, EventType::Step]
    );
    let url = "https://partner.example/cb?sessionId=sid";
    let (flow, fx) = transition(
        flow,
        Event::Status(status(SessionStatus::Complete, &[], Some(url))),
    );
    assert_eq!(
        flow.step,
        Step::Final {
            status: SessionStatus::Complete,
            redirect_url: Some(url.into()),
            in_iframe: true
        }
    );
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Redirect { .. })),
        "the parent decides"
    );
    let complete = fx.iter().find_map(|e| match e {
        Effect::PostEvent(ev) if ev.event_type == EventType::Complete => Some(ev.clone()),
        _ => None,
    });
    let complete = complete.expect("a complete event");
    assert_eq!(complete.session_id, "sid");
    assert_eq!(complete.status, Some(SessionStatus::Complete));
    assert_eq!(complete.redirect_url.as_deref(), Some(url));
    let (_, fx) = transition(flow, Event::RedirectNow);
    assert!(fx.is_empty());
}

#[test]
fn in_an_iframe_a_failed_session_posts_error() {
    let waiting = transition(
        uploading(capturing(true)),
        Event::Uploaded(answer(Feedback::Ok, true, &[])),
    )
    .0;
    let (_, fx) = transition(waiting, Event::Status(status(SessionStatus::Error, &[], None)));
    assert!(posted(&fx).contains(&EventType::Error));
}

#[test]
fn step_events_name_each_screen() {
    let (_, fx) = transition(
        linked(true),
        Event::Started(start(SessionStatus::Pending, &ALL3, false)),
    );
    let step = fx.iter().find_map(|e| match e {
        Effect::PostEvent(ev) if ev.event_type == EventType::Step => ev.step.clone(),
        _ => None,
    });
    assert_eq!(step.as_deref(), Some("document_front"));
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
    assert_eq!(fx, vec![Effect::StopPolling]);
    let (_, fx) = transition(flow, Event::PageShown);
    assert_eq!(fx, vec![Effect::StartPolling]);
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
    let (kept, fx) = transition(asking.clone(), Event::CancelAborted);
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
        let (f, fx) = run(flow.clone(), [Event::CancelRequested, Event::CancelAborted]);
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
    let sending = transition(
        transition(
            linked(false),
            Event::Started(start(SessionStatus::Pending, &ALL3, true)),
        )
        .0,
        Event::ConsentGiven,
    )
    .0;
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
