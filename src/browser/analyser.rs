//! The analysis of live frames and of pictures taken: the service's `assess`, and the face
//! check once the face model (`models/facefinder`, beside `index.html`) is loaded.
//!
//! One analyser per page: [`Analyser`] is a handle on it, and the face model is fetched once,
//! on [`Analyser::prepare_faces`] (the first capture step), never in the first load.

use std::cell::RefCell;
use std::rc::Rc;

use kyc_quality::{Card, Cascade, FaceCheck, Kind, LumaImage, Reason};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

/// Where the face model is served, relative to the page.
pub const FACE_MODEL_URL: &str = "models/facefinder";

/// What the analysis of one frame found.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameReport {
    /// `kyc_quality::assess(frame, kind).reason`
    pub reason: Option<Reason>,
    /// `assess(..).metrics.card` (documents), in the analysed frame's pixels
    pub card: Option<Card>,
    /// `kyc_quality::check_face(cascade, frame)`: Some only when faces were asked for AND the
    /// face model is loaded; None otherwise (the caller then judges light/blur only).
    pub face: Option<FaceCheck>,
}

/// The face model's state.
enum Model {
    /// Not asked for yet.
    Idle,
    /// Being fetched.
    Loading,
    /// Loaded.
    Ready(Rc<Cascade>),
    /// Could not be had: faces are not checked on this page.
    Failed,
}

thread_local! {
    static MODEL: RefCell<Model> = const { RefCell::new(Model::Idle) };
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
    /// capture step starts (documents), so the model is in by the selfie.
    pub fn prepare_faces(&self) {
        let start = MODEL.with_borrow_mut(|m| {
            let idle = matches!(m, Model::Idle);
            if idle {
                *m = Model::Loading;
            }
            idle
        });
        if start {
            spawn_local(async {
                let loaded = fetch_bytes(FACE_MODEL_URL)
                    .await
                    .and_then(|bytes| Cascade::parse(&bytes).ok());
                MODEL.set(loaded.map_or(Model::Failed, |c| Model::Ready(Rc::new(c))));
            });
        }
    }

    /// True once the face model is loaded and faces can be checked.
    pub fn faces_ready(&self) -> bool {
        MODEL.with_borrow(|m| matches!(m, Model::Ready(_)))
    }

    /// Analyses one live frame (luma at the analysis size, from FrameSampler::sample).
    /// `faces`: also run check_face. None when analysis is unavailable (the guidance then
    /// shows no hint; the shutter still works).
    pub async fn analyse(&self, frame: LumaImage, kind: Kind, faces: bool) -> Option<FrameReport> {
        let assessed = kyc_quality::assess(&frame, kind);
        let face = faces
            .then(cascade)
            .flatten()
            .map(|c| kyc_quality::check_face(&c, &frame));
        Some(FrameReport {
            reason: assessed.reason,
            card: assessed.metrics.card,
            face,
        })
    }

    /// The on-device check of a picture just taken (what src/runtime/final_check.rs does
    /// today: prepare + assess or assess_unframed): Some(reason) when clearly bad.
    pub async fn check_picture(&self, luma: LumaImage, kind: Kind, framed: bool) -> Option<Reason> {
        let prepared = kyc_quality::prepare(&luma);
        if framed {
            kyc_quality::assess(&prepared, kind).reason
        } else {
            kyc_quality::assess_unframed(&prepared, kind).reason
        }
    }
}

/// The face model, once loaded.
fn cascade() -> Option<Rc<Cascade>> {
    MODEL.with_borrow(|m| match m {
        Model::Ready(c) => Some(Rc::clone(c)),
        _ => None,
    })
}

/// The body of `url`, or `None` when it cannot be had.
async fn fetch_bytes(url: &str) -> Option<Vec<u8>> {
    let window = web_sys::window()?;
    let response = JsFuture::from(window.fetch_with_str(url))
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
