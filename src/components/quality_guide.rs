//! Live quality guidance on the capture step: analyses the camera preview about 12 times a
//! second with the same checks as the service (`kyc_quality::assess`), shows one hint at a
//! time, and takes the photo by itself after a steady run of good frames, with a visible
//! countdown (the rules and timings are in [`crate::flow::guidance`]).

use kyc_contract::ImageType;
use kyc_quality::guide::FoundCard;
use kyc_quality::Kind;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::t;
use crate::browser::abort::Abort;
use crate::browser::frame_sampler::FrameSampler;
use crate::browser::{clock, page};
use crate::flow::guidance::{Guidance, GuideView, Hint, Observation};
use crate::i18n::{fill, Msg};
use crate::runtime::lifetime::abort_on_cleanup;
use crate::runtime::Runtime;

/// Time from the start of one analysis to the start of the next (at most ~12.5 frames/s;
/// an analysis costs a few ms, so the loop stays above 10 frames/s).
pub const ANALYSIS_PERIOD_MS: f64 = 80.0;
/// The shortest pause between two analyses, so a slow device still gets time to render.
pub const MIN_PAUSE_MS: f64 = 20.0;

/// The hint region and the auto-capture countdown, over the live `video`. The analysis loop
/// runs while this component is mounted (the live camera of one capture step), pauses while
/// the page is hidden or a picture is being taken, and stops in `on_cleanup`.
#[component]
pub fn QualityGuide(
    /// The live preview.
    video: NodeRef<html::Video>,
    /// Which picture.
    image: ImageType,
) -> impl IntoView {
    let rt = expect_context::<Runtime>();
    let state = RwSignal::new(GuideView::default());
    let fps = RwSignal::new(0u32);
    spawn_local(analysis_loop(rt, video, image, state, fps, abort_on_cleanup()));

    // Only a change of hint changes the text, so the polite live region speaks once per hint.
    let hint = Memo::new(move |_| state.get().hint);
    let countdown = Memo::new(move |_| state.get().countdown);
    let still = page::prefers_reduced_motion();
    view! {
        <div class="kyc-camera__live">
            {move || {
                countdown
                    .get()
                    .map(|n| {
                        view! {
                            <div
                                class="kyc-countdown"
                                class:kyc-countdown--still=still
                                data-testid="auto-capture-countdown"
                                data-n=n
                                aria-hidden="true"
                            >
                                <span class="kyc-countdown__n">{n}</span>
                                <span class="kyc-countdown__text">{fill(t(Msg::AutoCaptureIn), n)}</span>
                            </div>
                        }
                    })
            }}
            <p
                class="kyc-hint"
                data-testid="quality-hint"
                role="status"
                aria-live="polite"
                aria-atomic="true"
                data-reason=move || hint.get().map(Hint::as_str)
                data-fps=move || fps.get()
            >
                {move || hint.get().map(|h| t(Msg::hint(h)))}
            </p>
        </div>
    }
}

/// Samples, assesses and feeds the guidance until `lifetime` ends. One analysis at a
/// time (the next starts only after this one has finished), never on the preview's own path.
async fn analysis_loop(
    rt: Runtime,
    video: NodeRef<html::Video>,
    image: ImageType,
    state: RwSignal<GuideView>,
    fps: RwSignal<u32>,
    lifetime: Abort,
) {
    let Ok(sampler) = FrameSampler::new() else {
        return;
    };
    let kind = Kind::of(image);
    let mut guidance = Guidance::new();
    let mut window = (clock::now_ms(), 0u32);
    while !lifetime.is_aborted() {
        let started = clock::now_ms();
        let paused = page::is_hidden() || rt.busy.try_get_untracked().unwrap_or(true);
        let frame = match video.try_get_untracked().flatten() {
            Some(v) if !paused => sampler.sample(&v, image).ok().map(|f| (v, f)),
            _ => None,
        };
        let shown = match frame {
            Some((v, luma)) => {
                let a = kyc_quality::assess(&luma, kind);
                let (vw, vh) = (v.video_width(), v.video_height());
                let fit = a
                    .metrics
                    .card
                    .map(|c| kyc_quality::guide::fit(&c, luma.width, vw, vh));
                if let Some(card) = a.metrics.card {
                    let found = FoundCard::in_frame(&card, luma.width, vw, vh);
                    rt.last_card.try_set_value(Some((found, started)));
                }
                let obs = Observation::of(a.reason, fit);
                let shown = guidance.observe(started, obs);
                window.1 += 1;
                if shown.capture {
                    // Exactly what the shutter does.
                    rt.shoot(v, image);
                }
                shown
            }
            None => {
                guidance.reset();
                GuideView::default()
            }
        };
        if state.try_get_untracked().is_some_and(|s| s != shown) {
            state.try_set(shown);
        }
        if started - window.0 >= 1000.0 {
            let rate = (f64::from(window.1) * 1000.0 / (started - window.0)).round() as u32;
            fps.try_set(rate);
            window = (started, 0);
        }
        let spent = clock::now_ms() - started;
        clock::sleep_ms((ANALYSIS_PERIOD_MS - spent).max(MIN_PAUSE_MS) as u32).await;
    }
}
