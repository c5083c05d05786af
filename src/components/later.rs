//! The screens after consent, loaded after the first screen.
//!
//! The release build (`scripts/build-widget`) cuts the code only these screens reach
//! (capture, preview, upload, liveness, handoff, the final and cancel screens, with their
//! views and the runtime's work they start) into a wasm module of its own: `build.rs` turns
//! on the `kyc_split` cfg, and `scripts/split-widget.mjs` splits the linked wasm at
//! [`later_screen`]. The first load is then only what the starting, consent, link error and
//! error screens need; the rest is fetched as soon as the widget runs ([`LaterScreens::load`]),
//! while the customer reads the consent screen. Why this design: docs/ARCHITECTURE.md,
//! "Two wasm modules".
//!
//! Without the cfg (tests, `cargo check`) [`later_screen`] is an ordinary function and the
//! screens are ready at once.

use leptos::prelude::*;

use super::{
    CameraProblemScreen, CancelConfirmScreen, CancelledScreen, CaptureScreen, FinalScreen, HandoffScreen,
    LivenessScreen, PreviewScreen, UploadingScreen, WaitingScreen,
};
use crate::flow::{Event, LivenessStage, Step};
use crate::runtime::Runtime;

/// Where the later screens' code is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Later {
    /// On its way.
    Loading,
    /// Loaded: the later screens render at once.
    Ready,
    /// The download failed; [`LaterScreens::load`] tries again.
    #[cfg_attr(not(kyc_split), allow(dead_code))]
    Failed,
}

/// The later screens' module (the widget's own): whether it is in, and its loading.
#[derive(Clone, Copy)]
pub struct LaterScreens {
    /// Read reactively by the widget's screen.
    pub state: RwSignal<Later>,
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
            state: RwSignal::new(first),
        }
    }

    /// Fetches the module (once; again after a failure). The widget calls this when it
    /// mounts, so the module is in by the time the customer agrees.
    pub fn load(self) {
        #[cfg(kyc_split)]
        {
            if self.state.get_untracked() == Later::Ready {
                return;
            }
            self.state.set(Later::Loading);
            leptos::task::spawn_local(async move {
                let loaded = preload_later_screens().await.is_ok();
                self.state.set(if loaded { Later::Ready } else { Later::Failed });
            });
        }
    }
}

impl Default for LaterScreens {
    fn default() -> Self {
        Self::new()
    }
}

/// The view of `step`, one of the later screens, once their module is in: `None` while it
/// is not (the widget then shows the starting screen, or the error screen after a failed
/// download).
pub fn render(step: Step, use_camera: bool, handoff_device: bool) -> Option<AnyView> {
    #[cfg(kyc_split)]
    {
        // Loaded: the call's future is ready on its first poll, so the view is built
        // here, inside the widget's reactive owner, like any other screen.
        let mut call = std::pin::pin!(later_screen(step, use_camera, handoff_device));
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match std::future::Future::poll(call.as_mut(), &mut cx) {
            std::task::Poll::Ready(Ok(view)) => Some(view),
            _ => None,
        }
    }
    #[cfg(not(kyc_split))]
    {
        later_screen(step, use_camera, handoff_device).ok()
    }
}

/// True for the steps [`later_screen`] shows; the others (starting, link error, consent,
/// error) are the widget's first screens.
pub fn is_later(step: &Step) -> bool {
    !matches!(
        step,
        Step::Starting | Step::LinkError(_) | Step::Consent { .. } | Step::Fatal(_)
    )
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

/// Every screen after consent (the first screens are the widget's own). The split point:
/// everything only this function reaches goes to the later module.
#[cfg_attr(
    kyc_split,
    leptos::wasm_split::wasm_split(
        later_screens,
        wasm_split_path = ::leptos::wasm_split,
        preload(preload_later_screens),
        fallible
    )
)]
fn later_screen(step: Step, use_camera: bool, handoff_device: bool) -> Result<AnyView, NotLoaded> {
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
        Step::Uploading { attempt, stalled, .. } | Step::Liveness(LivenessStage::Sending { attempt, stalled, .. }) => {
            view! { <UploadingScreen attempt=attempt stalled=stalled on_retry=send(Event::RetryUpload)/> }.into_any()
        }
        Step::Waiting { slow } => view! { <WaitingScreen slow=slow/> }.into_any(),
        Step::CameraProblem { kind, .. } => view! {
            <CameraProblemScreen
                kind=kind
                on_retry=send(Event::RetryCamera)
                on_upload=send(Event::UseUploadInstead)
                on_handoff=(!handoff_device).then(|| Callback::new(send(Event::HandoffRequested)))
            />
        }
        .into_any(),
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
        Step::Liveness(stage) => view! { <LivenessScreen stage=stage/> }.into_any(),
        // The first screens are the widget's own (see `is_later`).
        Step::Starting | Step::LinkError(_) | Step::Consent { .. } | Step::Fatal(_) => ().into_any(),
    })
}
