//! The cross-device handoff rules, one behaviour per test.

use super::*;
use kyc_contract::ImageType::{DocumentBack as Back, DocumentFront as Front, Selfie};

const LINK: &str = "http://127.0.0.1:8080/#sid=s1&t=hand";

/// A desktop on the front capture step, consent given, three pictures missing.
fn desktop(in_iframe: bool) -> Flow {
    let mut f = Flow::new(in_iframe);
    f.session_id = "s1".into();
    f.has_token = true;
    f.consent_required = false;
    f.missing = vec![Front, Back, Selfie];
    f.step = Step::Capture {
        image: Front,
        notice: None,
    };
    f
}

fn handoff(link: Option<&str>, done: [bool; 3]) -> Step {
    Step::Handoff {
        image: Front,
        link: link.map(str::to_owned),
        failed: false,
        progress: vec![(Front, done[0]), (Back, done[1]), (Selfie, done[2])],
    }
}

/// The desktop with the link shown.
fn showing() -> Flow {
    let (f, _) = transition(desktop(false), Event::HandoffRequested);
    let (f, _) = transition(
        f,
        Event::HandoffReady {
            url: LINK.into(),
            valid_ms: 600_000,
        },
    );
    f
}

#[test]
fn requesting_a_handoff_stops_the_camera_asks_for_a_link_and_polls() {
    let (f, fx) = transition(desktop(false), Event::HandoffRequested);
    assert_eq!(f.step, handoff(None, [false; 3]));
    assert_eq!(f.step.name(), "handoff");
    assert!(fx.contains(&Effect::RequestHandoff));
    assert!(fx.contains(&Effect::StopCamera));
    assert!(fx.contains(&Effect::StartPolling));
}

#[test]
fn a_handoff_can_be_requested_from_the_camera_problem_screen() {
    let mut f = desktop(false);
    f.step = Step::CameraProblem {
        image: Front,
        kind: CameraProblem::NotFound,
    };
    let (f, fx) = transition(f, Event::HandoffRequested);
    assert_eq!(f.step, handoff(None, [false; 3]));
    assert_eq!(fx.iter().filter(|e| **e == Effect::RequestHandoff).count(), 1);
}

#[test]
fn a_handoff_is_not_offered_before_the_session_started() {
    let f = Flow::new(false);
    let (g, fx) = transition(f.clone(), Event::HandoffRequested);
    assert_eq!((g, fx), (f, vec![]));
}

#[test]
fn the_link_is_shown_and_refreshed_a_minute_before_it_expires() {
    let (f, _) = transition(desktop(false), Event::HandoffRequested);
    let (f, fx) = transition(
        f,
        Event::HandoffReady {
            url: LINK.into(),
            valid_ms: 600_000,
        },
    );
    assert_eq!(f.step, handoff(Some(LINK), [false; 3]));
    assert_eq!(
        fx,
        vec![Effect::StartTimer {
            timer: Timer::HandoffRefresh,
            after_ms: 540_000,
        }]
    );
    // The timer fires: a new link is asked for, the old one stays on screen meanwhile.
    let (g, fx) = transition(f.clone(), Event::HandoffRefresh);
    assert_eq!(g.step, f.step);
    assert_eq!(fx, vec![Effect::RequestHandoff]);
    let (g, fx) = transition(
        g,
        Event::HandoffReady {
            url: "http://x/#sid=s1&t=new".into(),
            valid_ms: 600_000,
        },
    );
    assert!(matches!(g.step, Step::Handoff { link: Some(ref l), .. } if l.ends_with("t=new")));
    // The timer starts again for the new link (replacing the one that ran).
    assert!(matches!(
        fx[..],
        [Effect::StartTimer {
            timer: Timer::HandoffRefresh,
            ..
        }]
    ));
}

#[test]
fn refresh_delays_keep_a_margin_and_a_floor() {
    assert_eq!(handoff_refresh_delay_ms(600_000), 540_000);
    assert_eq!(handoff_refresh_delay_ms(100_000), 50_000);
    assert_eq!(handoff_refresh_delay_ms(0), HANDOFF_MIN_REFRESH_MS as u32);
    assert_eq!(handoff_refresh_delay_ms(u64::MAX), u32::MAX);
}

#[test]
fn progress_follows_the_status_of_the_other_device() {
    let f = showing();
    let (f, fx) = transition(
        f,
        Event::Status(status(SessionStatus::Capturing, &[Back, Selfie], None)),
    );
    assert_eq!(f.step, handoff(Some(LINK), [true, false, false]));
    assert!(fx.is_empty(), "no new polling loop: {fx:?}");
    let (f, _) = transition(
        f,
        Event::Status(status(SessionStatus::Capturing, &[Selfie], None)),
    );
    assert_eq!(f.step, handoff(Some(LINK), [true, true, false]));
    assert_eq!(f.missing, vec![Selfie]);
    let (f, _) = transition(f, Event::Status(status(SessionStatus::Processing, &[], None)));
    assert_eq!(f.step, handoff(Some(LINK), [true; 3]));
    // "Taking long" of the polling loop does not leave the handoff.
    let (g, fx) = transition(f.clone(), Event::TakingLong);
    assert_eq!((g, fx), (f, vec![]));
}

#[test]
fn the_phone_finishing_brings_the_desktop_to_its_final_screen_and_redirect() {
    let cb = "https://partner.example/cb?sessionId=s1&state=x";
    let f = showing();
    let (f, fx) = transition(f, Event::Status(status(SessionStatus::Complete, &[], Some(cb))));
    assert_eq!(
        f.step,
        Step::Final {
            status: SessionStatus::Complete,
            redirect_url: Some(cb.into()),
            in_iframe: false,
        }
    );
    assert!(fx.contains(&Effect::StopPolling));
    assert!(fx.contains(&Effect::Redirect {
        url: cb.into(),
        after_ms: REDIRECT_AFTER_MS
    }));
}

#[test]
fn in_an_iframe_the_desktop_posts_complete_when_the_phone_finishes() {
    let (f, _) = transition(desktop(true), Event::HandoffRequested);
    let (f, fx) = transition(
        f,
        Event::Status(status(SessionStatus::Complete, &[], Some("https://p.example/cb"))),
    );
    assert_eq!(f.step.name(), "final");
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::PostEvent(ev) if ev.event_type == EventType::Complete)));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Redirect { .. })));
}

#[test]
fn a_failed_handoff_shows_an_error_with_retry() {
    let (f, _) = transition(desktop(false), Event::HandoffRequested);
    let (f, fx) = transition(f, Event::HandoffFailed(ApiError::Network));
    assert_eq!(
        f.step,
        Step::Handoff {
            image: Front,
            link: None,
            failed: true,
            progress: vec![(Front, false), (Back, false), (Selfie, false)],
        }
    );
    assert!(fx.is_empty());
    // A refresh timer of the old link does nothing now.
    let (g, fx) = transition(f.clone(), Event::HandoffRefresh);
    assert_eq!((&g, fx), (&f, vec![]));
    // Retry asks again.
    let (f, fx) = transition(f, Event::HandoffRequested);
    assert_eq!(f.step, handoff(None, [false; 3]));
    assert_eq!(fx, vec![Effect::RequestHandoff]);
}

#[test]
fn a_failed_refresh_also_shows_the_error_with_retry() {
    let (f, _) = transition(showing(), Event::HandoffRefresh);
    let (f, _) = transition(f, Event::HandoffFailed(ApiError::Network));
    assert!(matches!(
        f.step,
        Step::Handoff {
            link: None,
            failed: true,
            ..
        }
    ));
}

#[test]
fn handoff_failures_that_end_the_link_show_the_link_error() {
    let (f, _) = transition(desktop(false), Event::HandoffRequested);
    let (g, _) = transition(f.clone(), Event::HandoffFailed(ApiError::Expired));
    assert_eq!(g.step, Step::LinkError(LinkErrorKind::Expired));
    // Everything in already: the polling brings the final screen; nothing changes now.
    let (g, fx) = transition(f.clone(), Event::HandoffFailed(ApiError::Conflict));
    assert_eq!((g, fx), (f, vec![]));
}

#[test]
fn choosing_upload_instead_leaves_the_handoff_for_the_file_input() {
    let f = showing();
    let (f, _) = transition(
        f,
        Event::Status(status(SessionStatus::Capturing, &[Back, Selfie], None)),
    );
    let (f, fx) = transition(f, Event::UseUploadInstead);
    assert_eq!(
        f.step,
        Step::Capture {
            image: Back,
            notice: None
        }
    );
    assert!(!f.use_camera);
    assert!(fx.contains(&Effect::StopPolling));
    assert!(!fx.iter().any(|e| matches!(e, Effect::OpenCamera(_))));
}

#[test]
fn a_hidden_page_pauses_the_handoff_polling() {
    let (f, fx) = transition(showing(), Event::PageHidden);
    assert_eq!(fx, vec![Effect::StopPolling]);
    let (_, fx) = transition(f, Event::PageShown);
    assert_eq!(fx, vec![Effect::StartPolling]);
}

#[test]
fn a_phone_started_by_a_handoff_link_ends_without_redirecting() {
    let mut f = Flow::new(false);
    f.session_id = "s1".into();
    let started = StartResponse {
        access_token: "tok".into(),
        expires_at: "2030-01-01T00:00:00Z".into(),
        status: SessionStatus::Capturing,
        missing_images: vec![Front, Back, Selfie],
        consent_required: false,
        allowed_origins: vec![],
        locale: None,
        theme: None,
        attempts_left: 3,
        handoff: true,
        liveness: None,
    };
    let (mut f, _) = transition(f, Event::Started(started));
    assert!(f.handoff_device);
    f.step = Step::Waiting { slow: false };
    let (f, fx) = transition(
        f,
        Event::Status(status(
            SessionStatus::Complete,
            &[],
            Some("https://partner.example/cb"),
        )),
    );
    assert_eq!(
        f.step,
        Step::Final {
            status: SessionStatus::Complete,
            redirect_url: None,
            in_iframe: false,
        }
    );
    assert!(!fx.iter().any(|e| matches!(e, Effect::Redirect { .. })));
}

#[test]
fn a_reloaded_phone_remembers_it_was_started_by_a_handoff_link() {
    let (f, fx) = transition(
        Flow::new(false),
        Event::Resumed {
            session_id: "s1".into(),
            consent_required: false,
            handoff_device: true,
        },
    );
    assert!(f.handoff_device);
    assert_eq!(fx, vec![Effect::FindHeldPictures]);
}
