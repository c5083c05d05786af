//! The liveness step: instructions and "Start", the challenge on the live front camera (the
//! small oval, then the large one, with progress and one hint at a time), and "Try again"
//! saying what to do; "Continue without" on each of them. The instructions and "try again"
//! have the shape of the simple screens ([`message_screen`]); sending a try is shown as any
//! upload is (`UploadingScreen`, routed by the widget).

use kyc_contract::ImageType;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::message_screen::{message_screen, Message};
use super::t;
use crate::browser::liveness_frame::FrameEncoder;
use crate::flow::liveness::{Approach, LiveHint, LiveView, Phase};
use crate::flow::{Event, LivenessRetry, LivenessStage};
use crate::i18n::Msg;
use crate::runtime::live_frames::{use_live_frames, LiveFrame, LiveFrames};
use crate::runtime::Runtime;

/// The liveness screen at `stage` (not `Sending`, which is an upload).
#[component]
pub fn LivenessScreen(
    /// Where the step stands.
    stage: LivenessStage,
) -> impl IntoView {
    let rt = expect_context::<Runtime>();
    let decline = (
        "liveness-decline",
        Msg::LiveDecline,
        Callback::new(move |()| rt.decline_liveness()),
    );
    let start = |testid, text| {
        (
            testid,
            text,
            Callback::new(move |()| rt.send(Event::LivenessStart)),
        )
    };
    // The service's tries still open, on "try again" (the step's state from its last answer).
    let tries_left = rt.flow.with_untracked(|f| f.liveness.map(|l| l.tries_left));
    let mut count = None;
    let (kind, title, body, primary) = match stage {
        LivenessStage::Challenge => return view! { <Challenge/> }.into_any(),
        LivenessStage::TryAgain(retry) => (
            {
                count = tries_left.map(|n| ("liveness-tries-left", Msg::AttemptsLeft, n));
                retry_kind(retry)
            },
            Msg::LiveRetryTitle,
            Msg::live_retry(retry),
            start("liveness-retry", Msg::TryAgain),
        ),
        _ => (
            "intro",
            Msg::LiveTitle,
            Msg::LiveIntro,
            start("liveness-start", Msg::LiveStart),
        ),
    };
    message_screen(Message {
        testid: "screen-liveness",
        kind: Some(kind),
        icon: ("◎", false),
        title,
        body,
        primary,
        secondary: Some(decline),
        count,
    })
    .into_any()
}

/// The `data-kind` of the "try again" screen.
fn retry_kind(retry: LivenessRetry) -> &'static str {
    match retry {
        LivenessRetry::TimedOut(_) => "timed_out",
        LivenessRetry::Refused(_) => "refused",
        LivenessRetry::Unusable => "unusable",
        LivenessRetry::Camera(_) => "camera",
    }
}

/// The challenge on the live front camera: the oval (small while holding, large while
/// coming closer), the progress and the hint. The loop runs while this is mounted.
#[component]
fn Challenge() -> impl IntoView {
    let rt = expect_context::<Runtime>();
    let video = NodeRef::<html::Video>::new();
    // Attach the stream whenever a camera becomes ready or the video element mounts.
    Effect::new(move |_| {
        rt.camera_ready.track();
        if let Some(v) = video.get() {
            rt.attach(&v);
        }
    });
    let shown = RwSignal::new(None::<LiveView>);
    let live = use_live_frames(rt, video, ImageType::Selfie);
    spawn_local(challenge_loop(rt, live, shown));
    // Only a change of hint changes the text, so the polite live region speaks once per hint.
    let hint = Memo::new(move |_| shown.get().map_or(LiveHint::FaceInOval, |v| v.hint));
    let phase = Memo::new(move |_| shown.get().map(|v| v.phase).unwrap_or_default());
    let percent = Memo::new(move |_| (shown.get().map_or(0.0, |v| v.progress) * 100.0).round() as u32);
    let oval = move || match phase.get() {
        Phase::Hold => "small",
        _ => "large",
    };
    let state = move || match phase.get() {
        Phase::Hold if hint.get() == LiveHint::HoldStill => "good",
        Phase::Hold => "searching",
        Phase::Approach => "approach",
        Phase::Done => "done",
        Phase::TimedOut => "timed_out",
    };
    view! {
        <section class="kyc-screen" data-testid="screen-liveness" data-kind="challenge">
        <h1 tabindex="-1">{t(Msg::LiveTitle)}</h1>
        <div class="kyc-camera kyc-camera--mirror kyc-live" data-testid="camera-stage">
            <video
                node_ref=video
                class="kyc-camera__video"
                data-testid="camera-video"
                autoplay
                muted
                playsinline
                aria-label=t(Msg::LiveCamera)
            ></video>
            <div
                class=move || format!("kyc-live__oval kyc-live__oval--{} kyc-live__oval--{}", oval(), state())
                data-testid="liveness-oval"
                data-size=oval
                data-state=state
                aria-hidden="true"
            ></div>
            <p
                class="kyc-hint"
                data-testid="liveness-hint"
                role="status"
                aria-live="polite"
                aria-atomic="true"
                data-hint=move || hint.get().as_str()
            >
                {move || t(Msg::live_hint(hint.get()))}
            </p>
        </div>
        <div
            class="kyc-live__progress"
            data-testid="liveness-progress"
            role="progressbar"
            aria-label=t(Msg::LiveProgress)
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=percent
        >
            <div class="kyc-live__bar" style:width=move || format!("{}%", percent.get())></div>
        </div>
        <div class="kyc-actions">
            <button
                type="button"
                class="kyc-btn kyc-btn--secondary"
                data-testid="liveness-decline"
                on:click=move |_| rt.decline_liveness()
            >
                {t(Msg::LiveDecline)}
            </button>
        </div>
        </section>
    }
}

/// Feeds the tracker with the live frames' faces until the frames end (the component is
/// cleaned up) or the try is over; encodes each frame the tracker keeps, with its time since
/// the try began. Hands the frames to the runtime when done, or tells the flow the time is up.
async fn challenge_loop(rt: Runtime, mut live: LiveFrames, shown: RwSignal<Option<LiveView>>) {
    let Ok(encoder) = FrameEncoder::new() else {
        return;
    };
    let mut tracker = Approach::new();
    let mut frames = Vec::new();
    while let Some(frame) = live.next().await {
        let Some(LiveFrame {
            started,
            video: v,
            size: (w, h),
            report,
        }) = frame
        else {
            continue;
        };
        // No face model (yet): no face seen, so a try cannot pass and times out.
        let faces = report.face.map(|c| c.faces).unwrap_or_default();
        let view = tracker.observe(started, &faces, w, h);
        // An approach that started over drops its frames.
        frames.truncate(tracker.kept().saturating_sub(usize::from(view.keep)));
        let mut encoded = true;
        if view.keep {
            let t_ms = (started - tracker.began_ms().unwrap_or(started)).max(0.0) as u32;
            let jpeg = encoder.encode(&v).await;
            if live.is_over() {
                break;
            }
            match jpeg {
                Ok(jpeg) => frames.push((jpeg, t_ms)),
                Err(_) => {
                    // A frame that cannot be encoded: this try starts over.
                    tracker = Approach::new();
                    frames.clear();
                    encoded = false;
                }
            }
        }
        match view.phase {
            _ if !encoded => {}
            Phase::Done => {
                rt.liveness_captured(std::mem::take(&mut frames));
                break;
            }
            Phase::TimedOut => {
                rt.send(Event::LivenessTimedOut(view.hint));
                break;
            }
            Phase::Hold | Phase::Approach => {}
        }
        if shown.try_get_untracked().is_some_and(|s| s != Some(view)) {
            shown.try_set(Some(view));
        }
    }
}
