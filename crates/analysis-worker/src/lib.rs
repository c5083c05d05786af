//! The widget's frame analysis in a dedicated Web Worker: the service's `assess` (light,
//! sharpness, glare, the card finder) and the face check with the face model, off the page's
//! main thread, so the camera preview and the screen never wait for it.
//!
//! The widget starts the worker (`kyc-analysis-worker_loader.js`, written by Trunk beside
//! `index.html`) and talks to it in the messages of [`kyc_analysis_wire`]: the worker says
//! [`Answer::Listening`] once it is ready, then answers every request with the same id. The
//! face model (`models/facefinder`, beside the worker's script) is fetched by the worker itself
//! on [`Request::PrepareFaces`], never before.
//!
//! A live frame comes unread, as a `VideoFrame` or an `ImageBitmap` of the whole video frame
//! ([`Request::AnalyseVideoFrame`]): the worker draws the guide's crop of it at the analysis
//! size on an `OffscreenCanvas` of its own and reads its luma ([`video_frame_luma`]), the
//! sampling the page's main thread did before.

use std::cell::RefCell;

use kyc_analysis_wire::{Answer, FrameReport, Request};
use kyc_quality::guide::capture_crop;
use kyc_quality::{Assessment, Cascade, FaceCheck, FaceProblem, Kind, LumaImage};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, OffscreenCanvas, OffscreenCanvasRenderingContext2d};

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
/// picture taken, and once the model is loaded the face check of `kyc_quality::selfie_feedback`
/// for a selfie and the service's portrait check for a framed document front). `None` for
/// [`Request::PrepareFaces`], which is answered once the model is in.
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
            image,
            framed,
            picture,
        } => {
            let kind = Kind::of(image);
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
                no_portrait: cascade
                    .filter(|_| kyc_quality::portrait_expected(image, framed, &assessed))
                    .is_some_and(|c| !kyc_quality::has_portrait(c, &prepared)),
            })
        }
        // Its frame comes beside it, read by `on_message` into a `Request::Analyse`: alone,
        // there is nothing to analyse.
        Request::AnalyseVideoFrame { id, .. } => Some(Answer::Unreadable { id }),
    }
}

/// The selfie's face problem when it is the service's answer to the picture
/// (`kyc_quality::selfie_feedback`: bad light is said first).
fn face_answer(assessed: &Assessment, check: &FaceCheck) -> Option<FaceProblem> {
    let answer = kyc_quality::selfie_feedback(assessed, check);
    check.problem.filter(|p| p.feedback() == answer)
}

thread_local! {
    /// The canvas live frames are drawn on (created once, resized as needed).
    static CANVAS: RefCell<Option<(OffscreenCanvas, OffscreenCanvasRenderingContext2d)>> =
        const { RefCell::new(None) };
}

/// The luma of a live video `frame` (a `VideoFrame` or an `ImageBitmap` of `width` x `height`)
/// for the analysis of `kind`: its crop (`capture_crop`) drawn at the analysis size, scaled with
/// the canvas's high-quality smoothing, as the page sampled frames before. `None` when the
/// worker has no `OffscreenCanvas` or the frame cannot be drawn.
pub fn video_frame_luma(frame: &JsValue, kind: Kind, width: u32, height: u32) -> Option<LumaImage> {
    let (region, _) = capture_crop(kind, width, height);
    let (w, h) = kyc_quality::analysis_size(region.w, region.h);
    CANVAS.with_borrow_mut(|slot| {
        if slot.is_none() {
            *slot = Some(new_canvas(w, h)?);
        }
        let (canvas, ctx) = slot.as_ref()?;
        if canvas.width() != w || canvas.height() != h {
            canvas.set_width(w);
            canvas.set_height(h);
        }
        // Resizing a canvas resets its context's state: set the smoothing before every draw.
        ctx.set_image_smoothing_enabled(true);
        let _ = js_sys::Reflect::set(ctx, &"imageSmoothingQuality".into(), &"high".into());
        // `drawImage` by name: it takes a `VideoFrame` as it takes an `ImageBitmap`.
        let draw = js_sys::Reflect::get(ctx, &"drawImage".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let args = js_sys::Array::of1(frame);
        for v in [region.x, region.y, region.w, region.h, 0, 0, w, h] {
            args.push(&JsValue::from(v));
        }
        draw.apply(ctx, &args).ok()?;
        let rgba = ctx
            .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
            .ok()?
            .data();
        LumaImage::from_rgba(&rgba, w, h).ok()
    })
}

/// Frees a `VideoFrame`'s or an `ImageBitmap`'s pixels now (both have `close()`).
fn close(frame: &JsValue) {
    let close = js_sys::Reflect::get(frame, &"close".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(close) = close {
        let _ = close.call0(frame);
    }
}

fn new_canvas(width: u32, height: u32) -> Option<(OffscreenCanvas, OffscreenCanvasRenderingContext2d)> {
    let canvas = OffscreenCanvas::new(width, height).ok()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE).ok()?;
    js_sys::Reflect::set(&options, &"alpha".into(), &JsValue::FALSE).ok()?;
    let ctx = canvas
        .get_context_with_context_options("2d", &options)
        .ok()??
        .dyn_into::<OffscreenCanvasRenderingContext2d>()
        .ok()?;
    Some((canvas, ctx))
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

/// A message is one buffer, or `[header, frame]` for a video frame the page has not read.
fn on_message(event: MessageEvent) {
    let data = event.data();
    let (header, video_frame) = match data.dyn_ref::<js_sys::Array>() {
        Some(parts) => (parts.get(0), Some(parts.get(1))),
        None => (data, None),
    };
    let bytes = js_sys::Uint8Array::new(&header).to_vec();
    match Request::decode(bytes) {
        Ok(Request::PrepareFaces) => prepare_faces(),
        Ok(Request::AnalyseVideoFrame {
            id,
            kind,
            faces,
            width,
            height,
        }) => {
            let frame = video_frame
                .as_ref()
                .and_then(|f| video_frame_luma(f, kind, width, height));
            video_frame.iter().for_each(close);
            match frame {
                Some(frame) => respond(Request::Analyse {
                    id,
                    kind,
                    faces,
                    frame,
                }),
                None => post(&Answer::Unreadable { id }),
            }
        }
        Ok(request) => respond(request),
        Err((id, _)) => post(&Answer::Unreadable { id }),
    }
}

/// Answers `request` with the face model as it stands.
fn respond(request: Request) {
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
