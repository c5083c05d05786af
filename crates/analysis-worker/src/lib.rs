//! The widget's frame analysis in a dedicated Web Worker: the service's `assess` (light,
//! sharpness, glare, the card finder) and the face check with the face model, off the page's
//! main thread, so the camera preview and the screen never wait for it.
//!
//! The widget starts the worker (`kyc-analysis-worker_loader.js`, written by Trunk beside
//! `index.html`) and talks to it in the messages of [`kyc_analysis_wire`]: the worker says
//! [`Answer::Listening`] once it is ready, then answers every request with the same id. The
//! face model (`models/facefinder`, beside the worker's script) is fetched by the worker itself
//! on [`Request::PrepareFaces`], never before.

use std::cell::RefCell;

use kyc_analysis_wire::{Answer, FrameReport, Request};
use kyc_quality::{Assessment, Cascade, FaceCheck, FaceProblem, Kind};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Where the face model is served, relative to the worker's script.
pub const FACE_MODEL_URL: &str = "models/facefinder";

/// The face model's state in the worker.
enum Faces {
    /// Not asked for yet.
    Idle,
    /// Being fetched.
    Loading,
    /// Loaded.
    Ready(Cascade),
    /// Could not be had.
    Failed,
}

thread_local! {
    static FACES: RefCell<Faces> = const { RefCell::new(Faces::Idle) };
}

/// The answer to an analysis `request`, with the face model `cascade` when it is loaded:
/// what the widget did on its main thread before (`assess` of a live frame, and the face check
/// when asked for; `prepare` then `assess`, or `assess_unframed` for a chosen file, of a
/// picture taken, and for a selfie the face check of `kyc_quality::selfie_feedback` once the
/// model is loaded). `None` for [`Request::PrepareFaces`], which is answered once the model is in.
pub fn answer(request: Request, cascade: Option<&Cascade>) -> Option<Answer> {
    match request {
        Request::PrepareFaces => None,
        Request::Analyse {
            id,
            kind,
            faces,
            frame,
        } => {
            let assessed = kyc_quality::assess(&frame, kind);
            let face = cascade
                .filter(|_| faces)
                .map(|c| kyc_quality::check_face(c, &frame));
            Some(Answer::Report {
                id,
                report: FrameReport {
                    reason: assessed.reason,
                    card: assessed.metrics.card,
                    face,
                },
            })
        }
        Request::CheckPicture {
            id,
            kind,
            framed,
            picture,
        } => {
            let prepared = kyc_quality::prepare(&picture);
            let assessed = if framed {
                kyc_quality::assess(&prepared, kind)
            } else {
                kyc_quality::assess_unframed(&prepared, kind)
            };
            Some(Answer::Picture {
                id,
                reason: assessed.reason,
                face: cascade
                    .filter(|_| kind == Kind::Selfie)
                    .and_then(|c| face_answer(&assessed, &kyc_quality::check_face(c, &prepared))),
            })
        }
    }
}

/// The selfie's face problem when it is the service's answer to the picture
/// (`kyc_quality::selfie_feedback`: bad light is said first).
fn face_answer(assessed: &Assessment, check: &FaceCheck) -> Option<FaceProblem> {
    let answer = kyc_quality::selfie_feedback(assessed, check);
    check.problem.filter(|p| p.feedback() == answer)
}

/// The worker's entry point (run by the loader): listens, then says so.
#[wasm_bindgen(start)]
pub fn start() {
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(on_message);
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The listener lives as long as the worker.
    on_message.forget();
    post(&Answer::Listening);
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn on_message(event: MessageEvent) {
    let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
    match Request::decode(bytes) {
        Ok(Request::PrepareFaces) => prepare_faces(),
        Ok(request) => {
            let answered = FACES.with_borrow(|faces| {
                let cascade = match faces {
                    Faces::Ready(c) => Some(c),
                    _ => None,
                };
                answer(request, cascade)
            });
            if let Some(a) = answered {
                post(&a);
            }
        }
        Err((id, _)) => post(&Answer::Unreadable { id }),
    }
}

/// Fetches the face model once; says when it is in (or could not be had).
fn prepare_faces() {
    let said = FACES.with_borrow_mut(|faces| match faces {
        Faces::Idle => {
            *faces = Faces::Loading;
            None
        }
        Faces::Loading => Some(None),
        Faces::Ready(_) => Some(Some(Answer::FacesReady)),
        Faces::Failed => Some(Some(Answer::FacesFailed)),
    });
    match said {
        Some(answer) => answer.iter().for_each(post),
        None => spawn_local(async {
            let cascade = fetch_bytes(FACE_MODEL_URL)
                .await
                .and_then(|bytes| Cascade::parse(&bytes).ok());
            let answer = if cascade.is_some() {
                Answer::FacesReady
            } else {
                Answer::FacesFailed
            };
            FACES.set(cascade.map_or(Faces::Failed, Faces::Ready));
            post(&answer);
        }),
    }
}

/// The body of `url`, or `None` when it cannot be had.
async fn fetch_bytes(url: &str) -> Option<Vec<u8>> {
    let response = JsFuture::from(scope().fetch_with_str(url))
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let body = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(js_sys::Uint8Array::new(&body).to_vec())
}

/// Sends `answer` to the page, its buffer transferred.
fn post(answer: &Answer) {
    let bytes = js_sys::Uint8Array::from(answer.encode().as_slice()).buffer();
    // Posting to the page fails only when the buffer cannot be transferred, which a fresh
    // buffer always can; the page then times the request out.
    let _ = scope().post_message_with_transfer(&bytes, &js_sys::Array::of1(&bytes));
}

#[cfg(test)]
mod tests;
