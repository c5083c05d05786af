//! Every transition of the flow, one behaviour per test, by concern; the helpers here
//! build flows and answers.

mod approach;
mod cancel;
mod capture;
mod consent;
mod guidance;
mod handoff;
mod liveness;
mod policy;
mod result;
mod selfie_guidance;
mod start;
mod upload;

use super::handoff::{handoff_refresh_delay_ms, HANDOFF_MIN_REFRESH_MS};
use super::timing::*;
use super::*;
use kyc_contract::ImageType::{DocumentBack as Back, DocumentFront as Front, Selfie};
use kyc_contract::{
    AddImagesResponse, EventType, Feedback, ImageType, SessionStatus, StartResponse, StatusResponse,
};

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
        liveness: None,
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
        liveness: None,
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
