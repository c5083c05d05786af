//! The screens after consent, loaded after the first screen.
//!
//! The release build (`scripts/build-widget`) cuts the code only these screens reach (their
//! views and the work they start) into wasm modules of their own: `build.rs` turns on the
//! `kyc_split` cfg, and `scripts/split-widget.mjs` splits the linked wasm at
//! [`capture_screen`] (capture, preview, upload, camera problem) and [`other_screen`]
//! (liveness, handoff, waiting, final, cancel); code both reach goes to a third, shared
//! one, loaded with either. The first load is then only what the starting, consent, link
//! error and error screens need; the capture steps' module is fetched as soon as the widget
//! runs ([`LaterScreens::load`]), while the customer reads the consent screen, and the
//! other one after it. Why this design: docs/ARCHITECTURE.md, "The later screens' modules".
//!
//! Without the cfg (tests, `cargo check`) the split points are ordinary functions and the
//! screens are ready at once.

use leptos::prelude::*;

use super::{
    CameraProblemScreen, CancelConfirmScreen, CancelledScreen, CaptureScreen, FinalScreen, HandoffScreen,
    LivenessScreen, PreviewScreen, UploadingScreen, WaitingScreen,
};
use crate::flow::{Event, LivenessStage, Step};
use crate::runtime::Runtime;

/// The later screens in two modules, fetched in this order: the capture steps' first (what
/// the customer needs right after consent), then the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Capture, preview, upload and the camera problem screens.
    Capture,
    /// Liveness, handoff, waiting, final and cancel screens.
    Rest,
}

/// The module `step`'s screen is in; `None` for the widget's first screens (starting, link
/// error, consent, error).
pub fn part_of(step: &Step) -> Option<Part> {
    match step {
        Step::Starting | Step::LinkError(_) | Step::Consent { .. } | Step::Fatal(_) => None,
        Step::Capture { .. } | Step::Preview { .. } | Step::Uploading { .. } | Step::CameraProblem { .. } => {
            Some(Part::Capture)
        }
        _ => Some(Part::Rest),
    }
}

/// Where a part of the later screens' code is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Later {
    /// On its way.
    Loading,
    /// Loaded: its screens render at once.
    Ready,
    /// The download failed; [`LaterScreens::load`] tries again.
    #[cfg_attr(not(kyc_split), allow(dead_code))]
    Failed,
}

/// The later screens' modules (the widget's own): whether each is in, and their loading.
#[derive(Clone, Copy)]
pub struct LaterScreens {
    capture: RwSignal<Later>,
    rest: RwSignal<Later>,
}

impl LaterScreens {
    /// Ready at once where the screens are in the first module (no `kyc_split`).
    pub fn new() -> Self {
        let first = if cfg!(kyc_split) {
            Later::Loading
        } else {
            Later::Ready
        };
        Self {
            capture: RwSignal::new(first),
            rest: RwSignal::new(first),
        }
    }

    /// Where `part` is (read reactively by the widget's screen).
    pub fn state(self, part: Part) -> RwSignal<Later> {
        match part {
            Part::Capture => self.capture,
            Part::Rest => self.rest,
        }
    }

    /// Fetches the modules not in yet, one after the other (a failed one again, and the
    /// rest after it). The widget calls this when it mounts, so the capture steps' module
    /// is in by the time the customer agrees.
    pub fn load(self) {
        #[cfg(kyc_split)]
        leptos::task::spawn_local(async move {
            for part in [Part::Capture, Part::Rest] {
                let state = self.state(part);
                if state.get_untracked() == Later::Ready {
                    continue;
                }
                state.set(Later::Loading);
                let loaded = match part {
                    Part::Capture => preload_capture_screens().await,
                    Part::Rest => preload_other_screens().await,
                }
                .is_ok();
                state.set(if loaded { Later::Ready } else { Later::Failed });
                if !loaded {
                    return;
                }
            }
        });
    }
}

impl Default for LaterScreens {
    fn default() -> Self {
        Self::new()
    }
}

/// The view of `step`, one of the later screens, once its module is in: `None` while it is
/// not (the widget then shows the starting screen, or the error screen after a failed
/// download).
pub fn render(step: Step, use_camera: bool, handoff_device: bool) -> Option<AnyView> {
    match part_of(&step)? {
        Part::Capture => ready(capture_screen(step, use_camera, handoff_device)),
        Part::Rest => ready(other_screen(step, handoff_device)),
    }
}

/// A split call's view when its module is in: the call's future is then ready on its first
/// poll, so the view is built here, inside the widget's reactive owner, like any other
/// screen. (Without the split the call is not a future at all.)
#[cfg(kyc_split)]
fn ready(call: impl std::future::Future<Output = Result<AnyView, NotLoaded>>) -> Option<AnyView> {
    let mut call = std::pin::pin!(call);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match call.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(Ok(view)) => Some(view),
        _ => None,
    }
}

#[cfg(not(kyc_split))]
fn ready(view: Result<AnyView, NotLoaded>) -> Option<AnyView> {
    view.ok()
}

/// The later module failed to load: what the split call gives instead of its view.
#[derive(Debug)]
pub struct NotLoaded;

#[cfg(kyc_split)]
impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// The capture steps' screens. A split point: everything only this function reaches goes
/// to the capture steps' module.
#[cfg_attr(
    kyc_split,
    leptos::wasm_split::wasm_split(
        capture_screens,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_capture_screens),
        fallible
    )
)]
fn capture_screen(step: Step, use_camera: bool, handoff_device: bool) -> Result<AnyView, NotLoaded> {
    let rt = expect_context::<Runtime>();
    let send = move |ev: Event| move |_: ()| rt.send(ev.clone());
    Ok(match step {
        Step::Capture { image, notice } => {
            view! { <CaptureScreen image=image notice=notice use_camera=use_camera/> }.into_any()
        }
        Step::Preview { image, doubt, .. } => view! {
            <PreviewScreen
                image=image
                doubt=doubt
                src=rt.preview_url
                on_retake=send(Event::Retake)
                on_use=send(Event::UsePhoto)
            />
        }
        .into_any(),
        Step::Uploading { attempt, stalled, .. } => {
            view! { <UploadingScreen attempt=attempt stalled=stalled on_retry=send(Event::RetryUpload)/> }
                .into_any()
        }
        Step::CameraProblem { kind, .. } => view! {
            <CameraProblemScreen
                kind=kind
                on_retry=send(Event::RetryCamera)
                on_upload=send(Event::UseUploadInstead)
                on_handoff=(!handoff_device).then(|| Callback::new(send(Event::HandoffRequested)))
            />
        }
        .into_any(),
        // The other steps are not this module's (see `part_of`).
        _ => ().into_any(),
    })
}

/// The other later screens. A split point: everything only this function reaches goes to
/// the second later module.
#[cfg_attr(
    kyc_split,
    leptos::wasm_split::wasm_split(
        other_screens,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_other_screens),
        fallible
    )
)]
fn other_screen(step: Step, handoff_device: bool) -> Result<AnyView, NotLoaded> {
    let rt = expect_context::<Runtime>();
    let send = move |ev: Event| move |_: ()| rt.send(ev.clone());
    Ok(match step {
        Step::Liveness(LivenessStage::Sending { attempt, stalled, .. }) => {
            view! { <UploadingScreen attempt=attempt stalled=stalled on_retry=send(Event::RetryUpload)/> }.into_any()
        }
        Step::Liveness(stage) => view! { <LivenessScreen stage=stage/> }.into_any(),
        Step::Waiting { slow } => view! { <WaitingScreen slow=slow/> }.into_any(),
        Step::Handoff { link, failed, progress, .. } => view! {
            <HandoffScreen
                link=link
                failed=failed
                progress=progress
                on_retry=send(Event::HandoffRequested)
                on_upload=send(Event::UseUploadInstead)
            />
        }
        .into_any(),
        Step::Final { status, redirect_url, in_iframe } => view! {
            <FinalScreen
                status=status
                redirect_url=redirect_url
                in_iframe=in_iframe
                handoff=handoff_device
                on_redirect_now=send(Event::RedirectNow)
            />
        }
        .into_any(),
        Step::ConfirmCancel { .. } => view! {
            <CancelConfirmScreen on_keep_going=send(Event::KeepGoing) on_confirm=send(Event::CancelConfirmed)/>
        }
        .into_any(),
        Step::Cancelled { .. } => view! { <CancelledScreen on_resume=send(Event::ResumeAfterCancel)/> }.into_any(),
        // The other steps are not this module's (see `part_of`).
        _ => ().into_any(),
    })
}
