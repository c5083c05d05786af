//! Live quality guidance on the capture step: has the camera preview analysed about 12 times a
//! second (`crate::runtime::live_frames`) with the same checks as the service (`kyc_quality::assess`, and on the selfie
//! `kyc_quality::check_face` once the face model is loaded), shows one hint at a time, and
//! takes the photo by itself after a steady run of good frames, with a visible countdown (the
//! rules and timings are in [`crate::flow::guidance`]).

use kyc_contract::ImageType;
use kyc_quality::guide::FoundCard;
use kyc_quality::Kind;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::t;
use crate::browser::{clock, page};
use crate::flow::guidance::{Guidance, GuideView, Hint, Observation};
use crate::flow::Event;
use crate::i18n::{fill, Msg};
use crate::runtime::live_frames::{use_live_frames, LiveFrame, LiveFrames};
use crate::runtime::Runtime;

/// The camera stage of one capture step: the live `video` and the guide placed by
/// [`Placement`], the guide showing its state ([`guide_state`]), the auto-capture
/// countdown in the band above the guide and the hint region in the band below it (never
/// over the card). The analysis loop runs while this component is mounted (the live camera
/// of one capture step), pauses while the page is hidden or a picture is being taken, and
/// stops in `on_cleanup`.
#[component]
pub fn QualityGuide(
    /// The live preview.
    video: NodeRef<html::Video>,
    /// Which picture.
    image: ImageType,
    /// The video's accessible name.
    label: &'static str,
) -> impl IntoView {
    let rt = expect_context::<Runtime>();
    // The camera's frame size (a 16:9 frame until the camera says otherwise).
    let frame = RwSignal::new((1920u32, 1080u32));
    let on_metadata = move |_| {
        if let Some(v) = video.get_untracked() {
            let (w, h) = (v.video_width(), v.video_height());
            if w > 0 && h > 0 {
                frame.set((w, h));
            }
        }
    };
    // The first frame is there: the flow offers the shutter.
    let on_data = move |_| {
        if video.get_untracked().is_some_and(|v| v.video_width() > 0) {
            rt.send(Event::CameraReady);
        }
    };
    let state = RwSignal::new(GuideView::default());
    let fps = RwSignal::new(0u32);
    let frames = use_live_frames(rt, video, image);
    spawn_local(analysis_loop(rt, frames, image, state, fps));

    // Only a change of hint changes the text, so the polite live region speaks once per hint.
    let hint = Memo::new(move |_| state.get().hint);
    let countdown = Memo::new(move |_| state.get().countdown);
    let busy = rt.busy;
    let shown_state = move || guide_state(&state.get(), busy.get());
    let placed = move || {
        let (w, h) = frame.get();
        Placement::of(Kind::of(image), w, h)
    };
    let shape = if image == ImageType::Selfie {
        "oval"
    } else {
        "card"
    };
    let still = page::prefers_reduced_motion();
    view! {
        <div class="kyc-camera" class:kyc-camera--mirror=image == ImageType::Selfie data-testid="camera-stage">
            <div
                class="kyc-camera__frame"
                style:width=move || placed().width
                style:aspect-ratio=move || placed().aspect
            >
                <video
                    node_ref=video
                    class="kyc-camera__video"
                    data-testid="camera-video"
                    autoplay
                    muted
                    playsinline
                    aria-label=label
                    on:loadedmetadata=on_metadata
                    on:loadeddata=on_data
                ></video>
                <div
                    class=move || format!("kyc-guide kyc-guide--{shape} kyc-guide--{}", shown_state())
                    data-testid="camera-guide"
                    data-state=shown_state
                    aria-hidden="true"
                    style:left=move || placed().guide[0].clone()
                    style:top=move || placed().guide[1].clone()
                    style:width=move || placed().guide[2].clone()
                    style:height=move || placed().guide[3].clone()
                ></div>
            </div>
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

/// The guide's state, its class `kyc-guide--{state}` and `data-state`: `neutral` before the
/// first analysed frame, `searching` while a hint asks for a change (no card or face yet, or
/// one that sits wrong), `good` on a good frame (also a selfie good to take with the shutter),
/// `capturing` during the countdown and while the picture is taken. The hint region says the
/// same in words.
pub(crate) fn guide_state(view: &GuideView, taking_picture: bool) -> &'static str {
    match view.hint {
        _ if taking_picture || view.countdown.is_some() || view.capture => "capturing",
        None => "neutral",
        Some(Hint::LookingGood | Hint::ReadyForShutter) => "good",
        Some(_) => "searching",
    }
}

/// Where the camera frame and its guide sit in the stage, as CSS values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placement {
    /// The frame's width, at one scale (the frame is centered in the stage by the stylesheet):
    /// as large as covers the stage, but no larger than shows the whole analysed area (the
    /// guide plus its margin) across the stage's width and between its two bands
    /// (`--kyc-band`, where the countdown and the hint go). A tall phone stage is covered by a
    /// portrait camera; a landscape camera there is shown whole across the width, with dark
    /// bands above and below.
    pub width: String,
    /// The frame's `aspect-ratio`.
    pub aspect: String,
    /// The guide's `left`, `top`, `width` and `height` in shares of the frame.
    pub guide: [String; 4],
}

impl Placement {
    /// The placement of a `w x h` camera frame showing the guide of `kind`. Integer
    /// formatting only (float formatting costs the wasm about 10 KB); the browser does the
    /// arithmetic.
    pub(crate) fn of(kind: Kind, w: u32, h: u32) -> Placement {
        let (w, h) = (w.max(1), h.max(1));
        let g = kyc_quality::guide::guide_for(kind, w, h);
        let seen = kyc_quality::guide::with_margin(g, w, h);
        // In hundredths of a percent.
        let pct = |v: u32, of: u32| {
            let v = u64::from(v) * 10_000 / u64::from(of);
            format!("{}.{:02}%", v / 100, v % 100)
        };
        Placement {
            width: format!(
                "min(max(100cqi, 100cqb * {w} / {h}), 100cqi * {w} / {}, (100cqb - 2 * var(--kyc-band)) * {w} / {})",
                seen.w.max(1),
                seen.h.max(1)
            ),
            aspect: format!("{w} / {h}"),
            guide: [pct(g.x, w), pct(g.y, h), pct(g.w, w), pct(g.h, h)],
        }
    }
}

/// Feeds the guidance with the live frames' reports until the frames end (the component is
/// cleaned up). No report (paused, or the analyser is unavailable): no hint; the shutter works.
async fn analysis_loop(
    rt: Runtime,
    mut frames: LiveFrames,
    image: ImageType,
    state: RwSignal<GuideView>,
    fps: RwSignal<u32>,
) {
    let kind = Kind::of(image);
    let mut guidance = Guidance::new();
    let mut window = (clock::now_ms(), 0u32);
    while let Some(frame) = frames.next().await {
        let shown = match frame {
            Some(LiveFrame {
                started,
                video: v,
                size: (width, _),
                report,
            }) => {
                let obs = match kind {
                    Kind::Selfie => Observation::of_selfie(report.reason, report.face.as_ref()),
                    Kind::Document => {
                        let (vw, vh) = (v.video_width(), v.video_height());
                        let fit = report.card.map(|c| kyc_quality::guide::fit(&c, width, vw, vh));
                        if let Some(card) = report.card {
                            let found = FoundCard::in_frame(&card, width, vw, vh);
                            rt.last_card.try_set_value(Some((found, started)));
                        }
                        Observation::of(report.reason, fit)
                    }
                };
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
        let now = clock::now_ms();
        if now - window.0 >= 1000.0 {
            let rate = (f64::from(window.1) * 1000.0 / (now - window.0)).round() as u32;
            fps.try_set(rate);
            window = (now, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kyc_quality::FaceProblem;

    #[test]
    fn the_guide_state_follows_the_guidance() {
        let view = |hint, countdown| GuideView {
            hint,
            countdown,
            capture: false,
        };
        assert_eq!(guide_state(&view(None, None), false), "neutral");
        assert_eq!(
            guide_state(&view(Some(Hint::MoveCloser), None), false),
            "searching"
        );
        assert_eq!(guide_state(&view(Some(Hint::FitCard), None), false), "searching");
        assert_eq!(guide_state(&view(Some(Hint::LookingGood), None), false), "good");
        assert_eq!(
            guide_state(&view(Some(Hint::Face(FaceProblem::NotFound)), None), false),
            "searching"
        );
        assert_eq!(
            guide_state(&view(Some(Hint::Face(FaceProblem::TooSmall)), None), false),
            "searching"
        );
        assert_eq!(
            guide_state(&view(Some(Hint::ReadyForShutter), None), false),
            "good"
        );
        assert_eq!(
            guide_state(&view(Some(Hint::LookingGood), Some(2)), false),
            "capturing"
        );
        assert_eq!(guide_state(&view(None, None), true), "capturing");
    }

    #[test]
    fn the_frame_is_placed_at_one_scale_with_its_guide_in_shares_of_it() {
        let p = Placement::of(Kind::Document, 1280, 720);
        // The card guide of a 1280x720 frame is 913x576 at (183, 72); with its margin 1023x646.
        assert_eq!(
            p.width,
            "min(max(100cqi, 100cqb * 1280 / 720), 100cqi * 1280 / 1023, (100cqb - 2 * var(--kyc-band)) * 1280 / 646)"
        );
        assert_eq!(p.aspect, "1280 / 720");
        assert_eq!(
            p.guide,
            ["14.29%", "10.00%", "71.32%", "80.00%"].map(String::from)
        );
        // No frame size yet: still valid CSS.
        assert_eq!(Placement::of(Kind::Selfie, 0, 0).aspect, "1 / 1");
    }
}
