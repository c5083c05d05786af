//! The widget's runtime: holds the [`Flow`] in a signal, sends events through
//! [`transition`], and hands each [`Effect`](crate::flow::Effect) to the piece that carries it out.
//!
//! Each piece owns its lifetime, in the style of leptos-use: a `use_*` function returns a
//! small copyable handle, and everything the piece acquires (camera tracks, timers,
//! polling, object URLs) is released in the `on_cleanup` of the owner it was made in.
//! Cancellation is one mechanism throughout: an [`Abort`] per piece of work
//! ([`lifetime`]), ended by its owner or by a restart, checked after every `await`.
//!
//! - [`camera`]: the live camera.
//! - [`live_frames`]: the live analysis of the camera preview (guidance, liveness).
//! - [`polling`]: the status polling loop.
//! - [`held`]: the picture taken, held until the service acknowledges it (across a reload
//!   while it is being sent).
//! - [`timers`]: the flow's timers (taking long, handoff link refresh).
//! - [`session`]: the session saved in this tab's storage.
//! - `liveness`: the liveness try's frames, held while they are sent.
//! - `effects`: what each effect does; `final_check`: the on-device check of a picture taken.

pub mod camera;
mod effects;
mod final_check;
pub mod held;
pub mod lifetime;
pub mod live_frames;
mod liveness;
pub mod polling;
pub mod session;
pub mod timers;

use kyc_contract::{ImageType, Theme};
use kyc_quality::guide::FoundCard;
use leptos::prelude::*;

use crate::api::ApiClient;
use crate::browser::abort::Abort;
use crate::browser::analyser::Analyser;
use crate::browser::camera::VideoElement;
use crate::browser::capture::ChosenFile;
use crate::browser::early_start::{self, EarlyStart};
use crate::browser::page::{HashChangeListener, VisibilityListener};
use crate::browser::{config, nav, page};
use crate::flow::{transition, Event, Flow, Step};

use camera::{use_camera, UseCamera};
use held::{use_held_picture, UseHeldPicture};
use lifetime::abort_on_cleanup;
use polling::{use_polling, UsePolling};
use timers::{use_timers, UseTimers};

/// Where a picture comes from.
enum Source {
    Video(VideoElement),
    File(ChosenFile),
}

/// What the service calls need: the client (with its token, once known), the link's
/// start token (and the start call `index.html` sent with it, until taken), and the
/// origins that receive iframe events.
#[derive(Default)]
struct Connection {
    client: ApiClient,
    start_token: Option<String>,
    early_start: Option<EarlyStart>,
    origins: Vec<String>,
}

/// A copyable handle on the widget's state and its pieces, provided as context.
#[derive(Clone, Copy)]
pub struct Runtime {
    /// The flow (step and session facts).
    pub flow: RwSignal<Flow>,
    /// The session's theme, once known, with only the fields that pass the contract's
    /// checks (see [`Theme::sanitize`]).
    pub theme: RwSignal<Option<Theme>>,
    /// The session's locale (`StartResponse.locale`), once known.
    pub locale: RwSignal<Option<String>>,
    /// Bumped each time a camera stream is ready to attach.
    pub camera_ready: RwSignal<u32>,
    /// Object URL of the picture on the preview.
    pub preview_url: RwSignal<Option<String>>,
    /// A picture is being taken or prepared (the flow's [`Flow::taking_picture`]).
    pub busy: Memo<bool>,
    /// The shutter takes a picture now ([`Flow::shutter_ready`]).
    pub shutter_ready: Memo<bool>,
    /// The last card the live analysis found, in camera pixels, with the time it was found
    /// (`clock::now_ms`): the picture is cropped around it while it is fresh.
    pub last_card: StoredValue<Option<(FoundCard, f64)>, LocalStorage>,
    /// The analysis of live frames and of pictures taken; the face model starts loading
    /// when the first capture step starts.
    pub analyser: Analyser,
    camera: UseCamera,
    /// The frames of the liveness try being sent.
    liveness_frames: StoredValue<liveness::TryFrames, LocalStorage>,
    polling: UsePolling,
    held: UseHeldPicture,
    timers: UseTimers,
    /// Ends with the owner: in-flight requests, the redirect, late answers.
    lifetime: StoredValue<Abort, LocalStorage>,
    connection: StoredValue<Connection, LocalStorage>,
    /// The source of the picture asked for, until the flow lets it be taken.
    source: StoredValue<Option<(Source, ImageType)>, LocalStorage>,
    listeners: StoredValue<Option<(VisibilityListener, HashChangeListener)>, LocalStorage>,
}

impl Runtime {
    /// A runtime in the `Starting` step; everything it acquires is released with the
    /// current owner.
    pub fn new(in_iframe: bool) -> Runtime {
        let flow = RwSignal::new(Flow::new(in_iframe));
        let camera = use_camera();
        let held = use_held_picture();
        let listeners = StoredValue::new_local(None);
        on_cleanup(move || {
            listeners.try_update_value(|l| l.take());
        });
        Runtime {
            flow,
            theme: RwSignal::new(None),
            locale: RwSignal::new(None),
            camera_ready: camera.ready,
            preview_url: held.preview_url,
            busy: Memo::new(move |_| flow.with(|f| f.taking_picture)),
            shutter_ready: Memo::new(move |_| flow.with(Flow::shutter_ready)),
            last_card: StoredValue::new_local(None),
            analyser: Analyser::new(),
            camera,
            liveness_frames: StoredValue::new_local(Vec::new()),
            polling: use_polling(),
            held,
            timers: use_timers(),
            lifetime: StoredValue::new_local(abort_on_cleanup()),
            connection: StoredValue::new_local(Connection::default()),
            source: StoredValue::new_local(None),
            listeners,
        }
    }

    /// Reads the link (or the saved session) and starts the flow; listens to page visibility.
    pub fn boot(self) {
        let visibility = page::on_visibility_change(move |hidden| {
            self.send(if hidden {
                Event::PageHidden
            } else {
                Event::PageShown
            })
        });
        // A new session link pasted into the address bar of an open widget only changes the
        // fragment, which loads nothing: reload, so that the new link starts from a clean state.
        let hash = page::on_hash_change(|| {
            if nav::read_link_fragment().is_some() {
                nav::reload();
            }
        });
        self.listeners.try_set_value(Some((visibility, hash)));
        let base = config::api_base();
        if let Some((sid, token)) = nav::read_link_fragment() {
            nav::clear_fragment();
            held::forget_other_sessions(&sid);
            self.connection.try_update_value(|c| {
                c.client = ApiClient::new(base, sid.clone());
                c.start_token = Some(token);
                c.early_start = early_start::take(&sid);
            });
            self.send(Event::LinkParsed { session_id: sid });
            return;
        }
        if let Some((sid, saved)) = session::load() {
            held::forget_other_sessions(&sid);
            self.connection.try_update_value(|c| {
                c.client = ApiClient::new(base, sid.clone());
                c.client.token = Some(saved.token);
                c.origins = saved.allowed_origins;
            });
            self.theme.set(saved.theme.as_ref().map(Theme::sanitize));
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

    /// Sends `event` through the flow and runs the resulting effects (nothing once the
    /// owner is gone).
    pub fn send(self, event: Event) {
        if self.ended() {
            return;
        }
        let Some(before) = self.flow.try_get_untracked() else {
            return;
        };
        let (next, effects) = transition(before.clone(), event);
        if matches!(next.step, Step::Capture { .. } | Step::Liveness(_)) {
            self.analyser.prepare_faces();
        }
        if next != before {
            self.flow.set(next);
        }
        for effect in effects {
            self.run(effect);
        }
    }

    /// Shows the open camera (if any) in `video`.
    pub fn attach(self, video: &VideoElement) {
        if let Err(problem) = self.camera.attach(video) {
            self.send(Event::CameraFailed(problem));
        }
    }

    /// Takes the picture from the live `video` (if the flow lets it: once the camera shows
    /// frames, one at a time).
    pub fn shoot(self, video: VideoElement, image: ImageType) {
        self.take(Source::Video(video), image, Event::Shutter);
    }

    /// Prepares a chosen file the same way as a camera frame.
    pub fn from_file(self, file: ChosenFile, image: ImageType) {
        self.take(Source::File(file), image, Event::TakePicture);
    }

    fn take(self, source: Source, image: ImageType, ask: Event) {
        self.source.try_set_value(Some((source, image)));
        self.send(ask);
        // Not taken (one is already being taken): forget it.
        self.source.try_set_value(None);
    }

    /// True once the owner is gone.
    fn ended(self) -> bool {
        self.lifetime.try_with_value(Abort::is_aborted).unwrap_or(true)
    }

    /// The runtime's lifetime, for a request or a task.
    fn abort(self) -> Abort {
        self.lifetime.try_get_value().unwrap_or_else(|| {
            let ended = Abort::default();
            ended.abort();
            ended
        })
    }
}
