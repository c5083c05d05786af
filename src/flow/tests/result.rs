//! Waiting for the result, the final screen, redirects and the events to an embedding page.

use super::*;

#[test]
fn the_happy_path_front_back_selfie_waiting_final() {
    let flow = capturing(false);
    let (flow, fx) = transition(flow, Event::Captured { image_id: "a".into() });
    assert_eq!(
        flow.step,
        Step::Preview {
            image: Front,
            image_id: "a".into(),
            doubt: None,
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
    assert_eq!(
        fx,
        vec![
            Effect::ForgetHeldPicture(Front),
            Effect::OpenCamera(Facing::Environment)
        ]
    );
    let flow = uploading(flow);
    let (flow, _) = transition(flow, Event::Uploaded(answer(Feedback::Ok, false, &[Selfie])));
    assert_eq!(flow.step, capture(Selfie));
    let flow = uploading(flow);
    let (flow, fx) = transition(flow, Event::Uploaded(answer(Feedback::Ok, true, &[])));
    assert_eq!(flow.step, Step::Waiting { slow: false });
    assert_eq!(
        fx,
        vec![
            Effect::ForgetHeldPicture(Selfie),
            Effect::StartPolling,
            Effect::StartTimer {
                timer: Timer::TakingLong,
                after_ms: TAKING_LONG_MS
            }
        ]
    );
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
            Effect::StopTimer(Timer::TakingLong),
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
        vec![
            Effect::StopPolling,
            Effect::StopTimer(Timer::TakingLong),
            Effect::OpenCamera(Facing::Environment)
        ]
    );
    let flow = uploading(flow);
    let (flow, _) = transition(flow, Event::Uploaded(answer(Feedback::Ok, false, &[Selfie])));
    assert_eq!(flow.step, capture(Selfie));
    let (flow, fx) = transition(uploading(flow), Event::Uploaded(answer(Feedback::Ok, true, &[])));
    assert_eq!(flow.step, Step::Waiting { slow: false });
    assert!(fx.contains(&Effect::StartPolling));
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
