//! The analysis of live frames and of pictures taken (the service's `assess`, and the face
//! check once the face model is loaded), done in a dedicated Web Worker: the analysis
//! worker (`crates/analysis-worker`), a wasm module of its own that the first load never
//! fetches. The page keeps only sampling a frame and reading the answer.
//!
//! One worker per page: [`Analyser`] is a handle on it. It is started by the first
//! [`Analyser::prepare_faces`] (the first capture step starts) or the first request, from
//! [`WORKER_URL`] (the loader Trunk writes beside `index.html`; worker files carry no content
//! hash, so they are revalidated on each load, and the messages carry a version). Requests are
//! messages of `kyc_analysis_wire` (one transferred `ArrayBuffer` each way, and beside it the
//! video frame, transferred too, for a live frame the page has not read); those made before
//! the worker listens wait for it. The worker fetches the face model itself
//! (`models/facefinder`) when asked to prepare faces.
//!
//! Guide, never trap: when the worker cannot start, fails, or does not answer within
//! [`ANSWER_WITHIN_MS`], [`Analyser::analyse`] and [`Analyser::check_picture`] answer `None`
//! (no hint, the shutter still works; the service judges the picture).

use std::cell::RefCell;

use js_sys::{Array, Function, Promise, Uint8Array};
use kyc_analysis_wire::{Answer, ImageType, Request, REQUEST_HEADER};
use kyc_quality::{Kind, LumaImage};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

use super::clock;
use super::frame_sampler::Frame;
use crate::flow::DoubtReason;

pub use kyc_analysis_wire::FrameReport;

/// The worker's script, relative to the page (written by Trunk: `data-loader-shim`).
pub const WORKER_URL: &str = "kyc-analysis-worker_loader.js";
/// How long a request waits for its answer (the worker's start included), in ms.
pub const ANSWER_WITHIN_MS: i32 = 4_000;
/// How long a started worker may take to listen before it is given up, in ms.
pub const START_WITHIN_MS: f64 = 20_000.0;

/// The page's link to its worker.
enum Link {
    /// Not started.
    Idle,
    /// Started at `since` (`clock::now_ms`); the requests made meanwhile wait, in order.
    Starting {
        worker: Worker,
        since: f64,
        waiting: Vec<(u32, Outgoing)>,
    },
    /// Ready for requests.
    Listening(Worker),
    /// Could not start, failed, or speaks another version: no analysis on this page.
    Failed,
}

struct State {
    link: Link,
    /// The requests in flight (one or two): id, what wakes their caller, their timeout.
    pending: Vec<(u32, (Function, i32))>,
    /// The answers received, by request id, until their caller takes them.
    answers: Vec<(u32, Answer)>,
    next_id: u32,
    faces_asked: bool,
    faces_ready: bool,
    /// The worker's listeners, alive as long as it is.
    listeners: Vec<Closure<dyn Fn(web_sys::Event)>>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State {
        link: Link::Idle,
        pending: Vec::new(),
        answers: Vec::new(),
        next_id: 1,
        faces_asked: false,
        faces_ready: false,
        listeners: Vec::new(),
    });
}

/// A cheap, copyable handle (held in the Runtime as `rt.analyser`) on the page's analyser.
#[derive(Debug, Clone, Copy, Default)]
pub struct Analyser;

impl Analyser {
    /// Starts nothing.
    pub fn new() -> Analyser {
        Analyser
    }

    /// Begins loading the face model (idempotent, never fails loudly): called when the first
    /// capture step starts (documents), so the model is in by the selfie. Starts the worker.
    pub fn prepare_faces(&self) {
        let first = STATE.with_borrow_mut(|s| !std::mem::replace(&mut s.faces_asked, true));
        if first {
            send(0, Outgoing::Bytes(encode(&Request::PrepareFaces)));
        }
    }

    /// True once the face model is loaded and faces can be checked.
    pub fn faces_ready(&self) -> bool {
        STATE.with_borrow(|s| s.faces_ready)
    }

    /// Analyses one live frame (from `FrameSampler::sample`). `faces`: also run check_face.
    /// None when analysis is unavailable (the guidance then shows no hint; the shutter still
    /// works).
    pub async fn analyse(&self, frame: Frame, kind: Kind, faces: bool) -> Option<FrameReport> {
        if faces {
            self.prepare_faces();
        }
        let id = next_id();
        let message = match frame {
            Frame::Luma(frame) => Outgoing::Bytes(encode(&Request::Analyse {
                id,
                kind,
                faces,
                frame,
            })),
            Frame::Unread {
                video_frame,
                width,
                height,
                ..
            } => {
                let header = Request::AnalyseVideoFrame {
                    id,
                    kind,
                    faces,
                    width,
                    height,
                }
                .header();
                Outgoing::VideoFrame(Uint8Array::from(header.as_slice()), video_frame)
            }
        };
        match ask_with(id, message).await? {
            Answer::Report { report, .. } => Some(report),
            _ => None,
        }
    }

    /// The on-device check of a picture of `image` just taken (prepare, then assess or
    /// assess_unframed; once the face model is loaded, for a selfie the face check and for a
    /// framed document front the portrait check): what the service's answer would be when the
    /// picture is clearly bad, the face's problem when it is that.
    pub async fn check_picture(
        &self,
        luma: LumaImage,
        image: ImageType,
        framed: bool,
    ) -> Option<DoubtReason> {
        let id = next_id();
        let request = Request::CheckPicture {
            id,
            image,
            framed,
            picture: luma,
        };
        match ask(id, encode(&request)).await? {
            Answer::Picture {
                reason,
                face,
                no_portrait,
                ..
            } => face
                .map(DoubtReason::Face)
                .or(reason.map(DoubtReason::Quality))
                .or(no_portrait.then_some(DoubtReason::NoPortrait)),
            _ => None,
        }
    }
}

fn next_id() -> u32 {
    STATE.with_borrow_mut(|s| {
        let id = s.next_id;
        // 0 is the id of the messages that answer no request.
        s.next_id = s.next_id.checked_add(1).unwrap_or(1);
        id
    })
}

/// The request's bytes in a JS buffer: one copy out of the wasm memory, then transferred.
fn encode(request: &Request) -> Uint8Array {
    let pixels = request.pixels();
    let bytes = Uint8Array::new_with_length((REQUEST_HEADER + pixels.len()) as u32);
    bytes
        .subarray(0, REQUEST_HEADER as u32)
        .copy_from(&request.header());
    bytes
        .subarray(REQUEST_HEADER as u32, bytes.length())
        .copy_from(pixels);
    bytes
}

/// A message to the worker: a request's bytes, or a header and the video frame beside it (a
/// `VideoFrame` or an `ImageBitmap`).
enum Outgoing {
    Bytes(Uint8Array),
    VideoFrame(Uint8Array, JsValue),
}

impl Outgoing {
    /// Posted with its buffer and bitmap transferred (false: it could not be).
    fn post(&self, worker: &Worker) -> bool {
        let (message, transfer) = match self {
            Outgoing::Bytes(bytes) => (bytes.buffer().into(), Array::of1(&bytes.buffer())),
            Outgoing::VideoFrame(header, frame) => (
                JsValue::from(Array::of2(&header.buffer(), frame)),
                Array::of2(&header.buffer(), frame),
            ),
        };
        worker.post_message_with_transfer(&message, &transfer).is_ok()
    }

    /// Frees what it holds now (a message that will not be posted): the video frame's pixels.
    fn drop_now(self) {
        if let Outgoing::VideoFrame(_, frame) = self {
            close_video_frame(&frame);
        }
    }
}

/// Frees a `VideoFrame`'s or an `ImageBitmap`'s pixels now (both have `close()`), rather than
/// at garbage collection (a camera's pool of frames is small).
pub(super) fn close_video_frame(frame: &JsValue) {
    let close = js_sys::Reflect::get(frame, &"close".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    if let Some(close) = close {
        let _ = close.call0(frame);
    }
}

/// Sends request `id` and waits for its answer (`None`: no answer in time, or no worker).
async fn ask(id: u32, bytes: Uint8Array) -> Option<Answer> {
    ask_with(id, Outgoing::Bytes(bytes)).await
}

/// [`ask`] with any message.
async fn ask_with(id: u32, message: Outgoing) -> Option<Answer> {
    let mut wake = None;
    let answered = Promise::new(&mut |resolve, _| wake = Some(resolve));
    let timer = wake.as_ref().and_then(|wake| {
        web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(wake, ANSWER_WITHIN_MS)
            .ok()
    });
    let (Some(wake), Some(timer)) = (wake, timer) else {
        message.drop_now();
        return None;
    };
    STATE.with_borrow_mut(|s| s.pending.push((id, (wake, timer))));
    if !send(id, message) {
        forget(id);
        return None;
    }
    let _ = JsFuture::from(answered).await;
    let answer = STATE.with_borrow_mut(|s| {
        take(&mut s.pending, id);
        take(&mut s.answers, id)
    });
    if answer.is_none() {
        give_up_a_silent_start();
    }
    answer
}

/// Forgets request `id` (never sent) and its timer.
fn forget(id: u32) {
    if let Some((_, timer)) = STATE.with_borrow_mut(|s| take(&mut s.pending, id)) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(timer);
        }
    }
}

/// Takes the entry of request `id` out of `list`.
fn take<T>(list: &mut Vec<(u32, T)>, id: u32) -> Option<T> {
    let at = list.iter().position(|e| e.0 == id)?;
    Some(list.swap_remove(at).1)
}

/// Posts (or queues, while the worker starts) a request; false when there is no worker (its
/// bitmap, if any, is then freed).
fn send(id: u32, message: Outgoing) -> bool {
    if STATE.with_borrow(|s| matches!(s.link, Link::Idle)) {
        start();
    }
    let unsent = STATE.with_borrow_mut(|s| match &mut s.link {
        Link::Starting { waiting, .. } => {
            waiting.push((id, message));
            None
        }
        Link::Listening(worker) => (!message.post(worker)).then_some(message),
        Link::Idle | Link::Failed => Some(message),
    });
    match unsent {
        Some(message) => {
            message.drop_now();
            false
        }
        None => true,
    }
}

/// Starts the worker and listens to it.
fn start() {
    let Ok(worker) = Worker::new(WORKER_URL) else {
        fail();
        return;
    };
    let on_message = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        match event
            .dyn_ref::<MessageEvent>()
            .map(|m| Uint8Array::new(&m.data()).to_vec())
        {
            Some(bytes) => received(&bytes),
            None => fail(),
        }
    });
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(|_| fail());
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    STATE.with_borrow_mut(|s| {
        s.listeners = vec![on_message, on_error];
        s.link = Link::Starting {
            worker,
            since: clock::now_ms(),
            waiting: Vec::new(),
        };
    });
}

/// An answer from the worker.
fn received(bytes: &[u8]) {
    let Ok(answer) = Answer::decode(bytes) else {
        // Another version, or garbled: not a worker to rely on.
        fail();
        return;
    };
    let id = match &answer {
        Answer::Listening => return listening(),
        Answer::FacesReady => return STATE.with_borrow_mut(|s| s.faces_ready = true),
        Answer::FacesFailed => return,
        Answer::Report { id, .. } | Answer::Picture { id, .. } | Answer::Unreadable { id } => *id,
    };
    let woken = STATE.with_borrow_mut(|s| {
        let woken = take(&mut s.pending, id)?;
        s.answers.push((id, answer));
        Some(woken)
    });
    if let Some((wake, timer)) = woken {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(timer);
        }
        let _ = wake.call0(&JsValue::UNDEFINED);
    }
}

/// The worker listens: the requests that waited for it go, except those given up meanwhile.
fn listening() {
    STATE.with_borrow_mut(|s| {
        let Link::Starting { worker, waiting, .. } = &mut s.link else {
            return;
        };
        for (id, message) in std::mem::take(waiting) {
            if id == 0 || s.pending.iter().any(|p| p.0 == id) {
                message.post(worker);
            } else {
                message.drop_now();
            }
        }
        s.link = Link::Listening(worker.clone());
    });
}

/// A worker that has not listened within [`START_WITHIN_MS`] never will (its wasm did not
/// load): given up.
fn give_up_a_silent_start() {
    let silent = STATE.with_borrow(|s| match &s.link {
        Link::Starting { since, .. } => clock::now_ms() - since > START_WITHIN_MS,
        _ => false,
    });
    if silent {
        fail();
    }
}

/// No analysis on this page from now on: the worker ends, and every caller waiting is answered
/// `None`.
fn fail() {
    let (link, pending) = STATE.with_borrow_mut(|s| {
        s.faces_ready = false;
        s.answers.clear();
        (
            std::mem::replace(&mut s.link, Link::Failed),
            std::mem::take(&mut s.pending),
        )
    });
    match link {
        Link::Starting { worker, waiting, .. } => {
            worker.terminate();
            waiting.into_iter().for_each(|(_, message)| message.drop_now());
        }
        Link::Listening(worker) => worker.terminate(),
        Link::Idle | Link::Failed => {}
    }
    for (_, (wake, _)) in pending {
        let _ = wake.call0(&JsValue::UNDEFINED);
    }
}
