//! The controller: holds the [`Flow`] in a signal, sends events through
//! [`transition`], and carries out the [`Effect`]s (HTTP, camera, timers,
//! storage, iframe events, navigation). Everything it acquires is released by
//! [`Ctrl::shutdown`], which `App` calls in `on_cleanup`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use kyc_contract::{ImageType, StartResponse, Theme};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use crate::api::{ApiClient, ApiError, ImageMeta};
use crate::browser::abort::Abort;
use crate::browser::camera::{Camera, CameraError, Facing as BrowserFacing, VideoElement};
use crate::browser::capture::{self, CapturedImage, ChosenFile, ImageError};
use crate::browser::{clock, config, device, embed, nav, page, random, storage};
use crate::flow::{
    poll_delay_ms, transition, CameraProblem, Effect, Event, Facing, Flow, ImageProblem, Step, TAKING_LONG_MS,
};

/// `sessionStorage` key of the current session id (a reload without fragment resumes it).
pub const SID_KEY: &str = "kyc-widget:sid";

/// `sessionStorage` key of a session's saved token and progress.
pub fn session_key(sid: &str) -> String {
    format!("kyc-widget:session:{sid}")
}

/// What a reload needs to resume a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSession {
    /// The access token.
    pub token: String,
    /// Consent still to be given.
    pub consent_required: bool,
    /// Origins that receive iframe events.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// The session's look.
    #[serde(default)]
    pub theme: Option<Theme>,
    /// Started by a handoff link (no redirect at the end; see `Flow::handoff_device`).
    #[serde(default)]
    pub handoff: bool,
    /// The session's language, if set.
    #[serde(default)]
    pub locale: Option<String>,
}

/// The picture waiting to be acknowledged by the service (kept until then).
struct Held {
    meta: ImageMeta,
    jpeg: Vec<u8>,
}

#[derive(Default)]
struct Inner {
    client: RefCell<ApiClient>,
    start_token: RefCell<Option<String>>,
    origins: RefCell<Vec<String>>,
    held: RefCell<Option<Held>>,
    camera: RefCell<Option<Camera>>,
    camera_label: RefCell<Option<String>>,
    camera_generation: Cell<u32>,
    polling_generation: Cell<u32>,
    abort: RefCell<Abort>,
    visibility: RefCell<Option<page::VisibilityListener>>,
    hash_listener: RefCell<Option<page::HashChangeListener>>,
    shut: Cell<bool>,
}

/// A small copyable handle on the widget's state and effect runner, provided as context.
#[derive(Clone, Copy)]
pub struct Ctrl {
    /// The flow (step and session facts).
    pub flow: RwSignal<Flow>,
    /// The session's theme, once known, with only the fields that pass the contract's
    /// checks (see [`super::theme::sanitize`]).
    pub theme: RwSignal<Option<Theme>>,
    /// The session's locale (`StartResponse.locale`), once known.
    pub locale: RwSignal<Option<String>>,
    /// Bumped each time a camera stream is ready to attach.
    pub camera_ready: RwSignal<u32>,
    /// Object URL of the picture on the preview.
    pub preview_url: RwSignal<Option<String>>,
    /// A picture is being taken or prepared.
    pub busy: RwSignal<bool>,
    inner: StoredValue<Rc<Inner>, LocalStorage>,
}

impl Ctrl {
    /// A controller in the `Starting` step.
    pub fn new(in_iframe: bool) -> Ctrl {
        Ctrl {
            flow: RwSignal::new(Flow::new(in_iframe)),
            theme: RwSignal::new(None),
            locale: RwSignal::new(None),
            camera_ready: RwSignal::new(0),
            preview_url: RwSignal::new(None),
            busy: RwSignal::new(false),
            inner: StoredValue::new_local(Rc::new(Inner::default())),
        }
    }

    fn inner(&self) -> Rc<Inner> {
        self.inner.get_value()
    }

    /// Reads the link (or the saved session) and starts the flow; listens to page visibility.
    pub fn boot(self) {
        let inner = self.inner();
        *inner.abort.borrow_mut() = Abort::new();
        let listener = page::on_visibility_change(move |hidden| {
            self.send(if hidden {
                Event::PageHidden
            } else {
                Event::PageShown
            })
        });
        *inner.visibility.borrow_mut() = Some(listener);
        // A new session link pasted into the address bar of an open widget only changes the
        // fragment, which loads nothing: reload, so that the new link starts from a clean state.
        let hash = page::on_hash_change(|| {
            if nav::read_link_fragment().is_some() {
                nav::reload();
            }
        });
        *inner.hash_listener.borrow_mut() = Some(hash);
        let base = config::api_base();
        if let Some((sid, token)) = nav::read_link_fragment() {
            nav::clear_fragment();
            *inner.client.borrow_mut() = ApiClient::new(base, sid.clone());
            *inner.start_token.borrow_mut() = Some(token);
            self.send(Event::LinkParsed { session_id: sid });
            return;
        }
        if let Some((sid, saved)) = load_saved() {
            let mut client = ApiClient::new(base, sid.clone());
            client.token = Some(saved.token);
            *inner.client.borrow_mut() = client;
            *inner.origins.borrow_mut() = saved.allowed_origins;
            self.theme.set(saved.theme.as_ref().map(super::theme::sanitize));
            self.locale.set(saved.locale);
            self.send(Event::Resumed {
                session_id: sid,
                consent_required: saved.consent_required,
                handoff_device: saved.handoff,
            });
            return;
        }
        self.send(Event::LinkMissing);
    }

    /// Releases everything: camera, polling, in-flight requests, listeners.
    pub fn shutdown(self) {
        let Some(inner) = self.inner.try_get_value() else {
            return;
        };
        inner.shut.set(true);
        bump(&inner.camera_generation);
        bump(&inner.polling_generation);
        if let Some(cam) = inner.camera.borrow_mut().take() {
            cam.stop();
        }
        inner.abort.borrow().abort();
        inner.visibility.borrow_mut().take();
        inner.hash_listener.borrow_mut().take();
        if let Some(url) = self.preview_url.try_get_untracked().flatten() {
            capture::revoke_object_url(&url);
        }
    }

    /// Sends `event` through the flow and runs the resulting effects.
    pub fn send(self, event: Event) {
        if self.inner().shut.get() {
            return;
        }
        let Some(before) = self.flow.try_get_untracked() else {
            return;
        };
        let (next, effects) = transition(before.clone(), event);
        if next != before {
            self.flow.set(next);
        }
        for effect in effects {
            self.run(effect);
        }
    }

    fn run(self, effect: Effect) {
        let inner = self.inner();
        match effect {
            Effect::StartSession => {
                let client = inner.client.borrow().clone();
                let token = inner.start_token.borrow().clone().unwrap_or_default();
                let abort = inner.abort.borrow().clone();
                spawn_local(async move {
                    match client
                        .start(&token, device::device_info(None), Some(&abort))
                        .await
                    {
                        Ok(r) => self.started(r),
                        Err(e) => self.send(Event::StartFailed(e)),
                    }
                });
            }
            Effect::PostConsent => {
                let client = inner.client.borrow().clone();
                let abort = inner.abort.borrow().clone();
                spawn_local(async move {
                    match client.consent(Some(&abort)).await {
                        Ok(_) => self.send(Event::ConsentAccepted),
                        Err(e) => self.send(Event::ConsentFailed(e)),
                    }
                });
            }
            Effect::FetchStatus => {
                let client = inner.client.borrow().clone();
                let abort = inner.abort.borrow().clone();
                spawn_local(async move {
                    match client.status(Some(&abort)).await {
                        Ok(s) => self.send(Event::Status(s)),
                        Err(e) => self.send(Event::StatusFailed(e)),
                    }
                });
            }
            Effect::OpenCamera(facing) => self.open_camera(facing),
            Effect::StopCamera => {
                bump(&inner.camera_generation);
                if let Some(cam) = inner.camera.borrow_mut().take() {
                    cam.stop();
                }
            }
            Effect::Upload {
                image,
                image_id,
                attempt,
                delay_ms,
            } => self.upload(image, image_id, attempt, delay_ms),
            Effect::StartPolling => self.poll(),
            Effect::StopPolling => {
                bump(&inner.polling_generation);
            }
            Effect::PostEvent(ev) => {
                let origins = inner.origins.borrow().clone();
                let _ = embed::post_event(&ev, &origins);
            }
            Effect::Redirect { url, after_ms } => {
                spawn_local(async move {
                    if after_ms > 0 {
                        clock::sleep_ms(after_ms).await;
                    }
                    if !self.inner().shut.get() {
                        let _ = nav::navigate(&url);
                    }
                });
            }
            Effect::SaveSession => {
                let flow = self.flow.get_untracked();
                let Some(token) = inner.client.borrow().token.clone() else {
                    return;
                };
                let saved = SavedSession {
                    token,
                    consent_required: flow.consent_required,
                    allowed_origins: inner.origins.borrow().clone(),
                    theme: self.theme.get_untracked(),
                    handoff: flow.handoff_device,
                    locale: self.locale.get_untracked(),
                };
                if let Ok(json) = serde_json::to_string(&saved) {
                    let _ = storage::session_set(SID_KEY, &flow.session_id);
                    let _ = storage::session_set(&session_key(&flow.session_id), &json);
                }
            }
            Effect::RequestHandoff => self.request_handoff(),
            Effect::RefreshHandoffAfter { after_ms, link } => self.refresh_handoff_after(after_ms, link),
            Effect::ClearSession => {
                let sid = self.flow.get_untracked().session_id;
                let _ = storage::session_remove(&session_key(&sid));
                let _ = storage::session_remove(SID_KEY);
            }
        }
    }

    fn started(self, r: StartResponse) {
        let inner = self.inner();
        inner.client.borrow_mut().token = Some(r.access_token.clone());
        *inner.origins.borrow_mut() = r.allowed_origins.clone();
        self.theme.set(r.theme.as_ref().map(super::theme::sanitize));
        self.locale.set(r.locale.clone());
        self.send(Event::Started(r));
    }

    fn open_camera(self, facing: Facing) {
        let inner = self.inner();
        let generation = bump(&inner.camera_generation);
        if let Some(cam) = inner.camera.borrow_mut().take() {
            cam.stop();
        }
        let facing = match facing {
            Facing::User => BrowserFacing::User,
            Facing::Environment => BrowserFacing::Environment,
        };
        spawn_local(async move {
            let result = Camera::open(facing).await;
            let inner = self.inner();
            if inner.camera_generation.get() != generation || inner.shut.get() {
                // The step was left while the camera opened.
                if let Ok(cam) = result {
                    cam.stop();
                }
                return;
            }
            match result {
                Ok(cam) => {
                    *inner.camera_label.borrow_mut() = cam.label();
                    *inner.camera.borrow_mut() = Some(cam);
                    self.camera_ready.update(|n| *n += 1);
                }
                Err(e) => self.send(Event::CameraFailed(camera_problem(&e))),
            }
        });
    }

    /// Shows the open camera (if any) in `video`.
    pub fn attach(self, video: &VideoElement) {
        let inner = self.inner();
        let failed = match inner.camera.borrow().as_ref() {
            Some(cam) => cam.attach(video).err(),
            None => None,
        };
        if let Some(e) = failed {
            self.send(Event::CameraFailed(camera_problem(&e)));
        }
    }

    /// Takes the picture from the live `video`.
    pub fn shoot(self, video: VideoElement, image: ImageType) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            let result = capture::capture_from_video(&video, image).await;
            self.checked(image, result).await;
        });
    }

    /// Prepares a chosen file the same way as a camera frame.
    pub fn from_file(self, file: ChosenFile, image: ImageType) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            let result = capture::capture_from_file(&file, image).await;
            self.checked(image, result).await;
        });
    }

    /// The on-device check of the final picture (the service's `assess`): a clearly bad one
    /// is not kept for upload; the customer stays on the step and is told why.
    async fn checked(self, image: ImageType, result: Result<CapturedImage, ImageError>) {
        let reason = match &result {
            Ok(img) => super::quality_guide::final_check(&img.jpeg, image, img.margins.is_some()).await,
            Err(_) => None,
        };
        match reason {
            Some(reason) if !self.inner().shut.get() => {
                self.busy.set(false);
                self.send(Event::LocalCheckFailed(reason));
            }
            _ => self.captured(image, result),
        }
    }

    fn captured(self, image: ImageType, result: Result<CapturedImage, ImageError>) {
        if self.inner().shut.get() {
            return;
        }
        self.busy.set(false);
        match result {
            Ok(img) => {
                let image_id = random::uuid_v4();
                let url = capture::object_url(&img.jpeg).ok();
                if let Some(old) = self.preview_url.get_untracked() {
                    capture::revoke_object_url(&old);
                }
                self.preview_url.set(url);
                // `img.margins` locate the guide inside the uploaded image (the contract's
                // `capture_margins`: the area to process); files have none.
                let meta = ImageMeta {
                    image_type: image,
                    image_id: image_id.clone(),
                    capture_margins: img.margins,
                };
                *self.inner().held.borrow_mut() = Some(Held { meta, jpeg: img.jpeg });
                self.send(Event::Captured { image_id });
            }
            Err(e) => self.send(Event::CaptureFailed(image_problem(&e))),
        }
    }

    fn upload(self, image: ImageType, image_id: String, attempt: u32, delay_ms: u32) {
        spawn_local(async move {
            if delay_ms > 0 {
                clock::sleep_ms(delay_ms).await;
            }
            let still = matches!(self.flow.try_get_untracked().map(|f| f.step),
                Some(Step::Uploading { image_id: ref id, attempt: a, stalled: false, .. }) if *id == image_id && a == attempt);
            if !still {
                return;
            }
            let inner = self.inner();
            let body = inner
                .held
                .borrow()
                .as_ref()
                .filter(|h| h.meta.image_id == image_id && h.meta.image_type == image)
                .map(|h| (h.meta.clone(), h.jpeg.clone()));
            let Some((meta, jpeg)) = body else {
                self.send(Event::UploadFailed {
                    error: ApiError::Decode("no picture held".into()),
                    jitter: 0.0,
                });
                return;
            };
            let client = inner.client.borrow().clone();
            let abort = inner.abort.borrow().clone();
            let info = device::device_info(inner.camera_label.borrow().clone());
            match client.upload(&meta, &jpeg, info, Some(&abort)).await {
                Ok(r) => {
                    if r.feedback.is_ok() {
                        self.inner().held.borrow_mut().take();
                    }
                    self.send(Event::Uploaded(r))
                }
                Err(error) => self.send(Event::UploadFailed {
                    error,
                    jitter: random::random_unit(),
                }),
            }
        });
    }

    fn poll(self) {
        let inner = self.inner();
        let generation = bump(&inner.polling_generation);
        spawn_local(async move {
            let mut n = 0;
            let mut waited: u32 = 0;
            let mut said_slow = false;
            loop {
                let inner = self.inner();
                if inner.polling_generation.get() != generation || inner.shut.get() {
                    return;
                }
                let client = inner.client.borrow().clone();
                let abort = inner.abort.borrow().clone();
                drop(inner);
                let result = client.status(Some(&abort)).await;
                if self.inner().polling_generation.get() != generation {
                    return;
                }
                match result {
                    Ok(s) => self.send(Event::Status(s)),
                    Err(e) => self.send(Event::StatusFailed(e)),
                }
                if waited >= TAKING_LONG_MS && !said_slow {
                    said_slow = true;
                    self.send(Event::TakingLong);
                }
                let delay = poll_delay_ms(n, random::random_unit());
                n += 1;
                waited = waited.saturating_add(delay);
                clock::sleep_ms(delay).await;
            }
        });
    }
}

/// Cross-device handoff: the link for the other device, and its refresh.
impl Ctrl {
    fn request_handoff(self) {
        let inner = self.inner();
        let client = inner.client.borrow().clone();
        let abort = inner.abort.borrow().clone();
        spawn_local(async move {
            match client.handoff(Some(&abort)).await {
                Ok(h) => self.send(Event::HandoffReady {
                    valid_ms: crate::browser::clipboard::ms_until(&h.expires_at),
                    url: h.session_url,
                }),
                Err(e) => self.send(Event::HandoffFailed(e)),
            }
        });
    }

    fn refresh_handoff_after(self, after_ms: u32, link: String) {
        spawn_local(async move {
            clock::sleep_ms(after_ms).await;
            let shown = matches!(self.flow.try_get_untracked().map(|f| f.step),
                Some(Step::Handoff { link: Some(ref l), .. }) if *l == link);
            if shown && !self.inner().shut.get() {
                self.send(Event::HandoffRefresh);
            }
        });
    }
}

/// Increments a generation counter and returns the new value.
fn bump(c: &Cell<u32>) -> u32 {
    let n = c.get().wrapping_add(1);
    c.set(n);
    n
}

fn load_saved() -> Option<(String, SavedSession)> {
    let sid = storage::session_get(SID_KEY).ok().flatten()?;
    let json = storage::session_get(&session_key(&sid)).ok().flatten()?;
    let saved = serde_json::from_str(&json).ok()?;
    Some((sid, saved))
}

/// The flow's mirror of a camera error.
pub fn camera_problem(e: &CameraError) -> CameraProblem {
    match e {
        CameraError::PermissionDenied => CameraProblem::PermissionDenied,
        CameraError::NotFound => CameraProblem::NotFound,
        CameraError::InUse => CameraProblem::InUse,
        CameraError::InsecureContext => CameraProblem::InsecureContext,
        CameraError::Unsupported => CameraProblem::Unsupported,
        CameraError::Other(_) => CameraProblem::Other,
    }
}

/// The flow's view of an image error.
pub fn image_problem(e: &ImageError) -> ImageProblem {
    match e {
        ImageError::TooSmall { .. } => ImageProblem::TooSmall,
        ImageError::NotAnImage => ImageProblem::NotAnImage,
        _ => ImageProblem::Failed,
    }
}
