//! The liveness step: instructions and "Start", the challenge on the live front camera (the
//! small oval, then the large one, with progress and one hint at a time), "Try again" saying
//! what to do, the try being sent, and "Continue without" on every one of them but the last.

use kyc_contract::ImageType;
use kyc_quality::Kind;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::quality_guide::{ANALYSIS_PERIOD_MS, MIN_PAUSE_MS};
use super::t;
use crate::browser::abort::Abort;
use crate::browser::frame_sampler::FrameSampler;
use crate::browser::liveness_frame::FrameEncoder;
use crate::browser::{clock, page};
use crate::flow::liveness::{Approach, LiveHint, LiveView, Phase};
use crate::flow::{Event, Flow, LivenessRetry, LivenessStage};
use crate::i18n::{fill, Msg};
use crate::runtime::lifetime::abort_on_cleanup;
use crate::runtime::Runtime;

/// The liveness screen at `stage`.
#[component]
pub fn LivenessScreen(
    /// Where the step stands.
    stage: LivenessStage,
) -> impl IntoView {
    let rt = expect_context::<Runtime>();
    let send = move |ev: Event| move |_| rt.send(ev.clone());
    let (name, sending) = match stage {
        LivenessStage::Intro => ("intro", false),
        LivenessStage::Challenge => ("challenge", false),
        LivenessStage::TryAgain(_) => ("try_again", false),
        LivenessStage::Sending { .. } => ("sending", true),
    };
    let body = match stage {
        LivenessStage::Intro => view! {
            <p>{t(Msg::LiveIntro)}</p>
            <div class="kyc-actions">
                <button
                    type="button"
                    class="kyc-btn kyc-btn--primary"
                    data-testid="liveness-start"
                    on:click=send(Event::LivenessStart)
                >
                    {t(Msg::LiveStart)}
                </button>
            </div>
        }
        .into_any(),
        LivenessStage::Challenge => view! { <Challenge/> }.into_any(),
        LivenessStage::TryAgain(retry) => view! { <TryAgain retry=retry/> }.into_any(),
        LivenessStage::Sending { stalled: false, .. } => {
            view! { <p class="kyc-note" data-testid="liveness-sending">{t(Msg::LiveSending)}</p> }.into_any()
        }
        LivenessStage::Sending { stalled: true, .. } => view! {
            <p>{t(Msg::UploadStalled)}</p>
            <div class="kyc-actions">
                <button
                    type="button"
                    class="kyc-btn kyc-btn--primary"
                    data-testid="retry-upload"
                    on:click=send(Event::RetryUpload)
                >
                    {t(Msg::RetryUpload)}
                </button>
            </div>
        }
        .into_any(),
    };
    view! {
        <section class="kyc-screen kyc-screen--liveness" data-testid="screen-liveness" data-stage=name>
            <h1 tabindex="-1">{t(Msg::LiveTitle)}</h1>
            {body}
            {(!sending)
                .then(|| {
                    view! {
                        <div class="kyc-upload">
                            <p class="kyc-note">{t(Msg::LiveDeclineNote)}</p>
                            <button
                                type="button"
                                class="kyc-btn kyc-btn--secondary"
                                data-testid="liveness-decline"
                                on:click=move |_| rt.decline_liveness()
                            >
                                {t(Msg::LiveDecline)}
                            </button>
                        </div>
                    }
                })}
        </section>
    }
}

/// A try that did not pass: why, what to do, the tries left, "Try again".
#[component]
fn TryAgain(
    /// Why.
    retry: LivenessRetry,
) -> impl IntoView {
    let rt = expect_context::<Runtime>();
    let (why, what) = Msg::live_retry(retry);
    let tries = rt
        .flow
        .with_untracked(|f: &Flow| f.liveness.map(|l| l.tries_left));
    let kind = match retry {
        LivenessRetry::TimedOut(_) => "timed_out",
        LivenessRetry::Refused(_) => "refused",
        LivenessRetry::Unusable => "unusable",
        LivenessRetry::Camera(_) => "camera",
    };
    view! {
        <h2 class="kyc-title--small">{t(Msg::LiveRetryTitle)}</h2>
        <div class="kyc-notice" data-testid="liveness-retry-reason" data-kind=kind>
            {why.map(|m| view! { <p>{t(m)}</p> })}
            <p>{t(what)}</p>
        </div>
        {tries.map(|n| view! { <p class="kyc-attempts" data-testid="attempts-left" data-n=n>{fill(t(Msg::AttemptsLeft), n)}</p> })}
        <div class="kyc-actions">
            <button type="button" class="kyc-btn kyc-btn--primary" data-testid="liveness-retry" on:click=move |_| rt.send(Event::LivenessStart)>
                {t(Msg::TryAgain)}
            </button>
        </div>
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
    spawn_local(challenge_loop(rt, video, shown, abort_on_cleanup()));
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
    }
}

/// Samples, analyses (`rt.analyser`, faces included) and feeds the tracker until `lifetime`
/// ends or the try is over, with the capture step's pacing; encodes each frame the tracker
/// keeps, with its time since the try began. Hands the frames to the runtime when done, or
/// tells the flow the time is up.
async fn challenge_loop(
    rt: Runtime,
    video: NodeRef<html::Video>,
    shown: RwSignal<Option<LiveView>>,
    lifetime: Abort,
) {
    let (Ok(sampler), Ok(encoder)) = (FrameSampler::new(), FrameEncoder::new()) else {
        return;
    };
    let mut tracker = Approach::new();
    let mut frames = Vec::new();
    while !lifetime.is_aborted() {
        let started = clock::now_ms();
        let v = video.try_get_untracked().flatten().filter(|_| !page::is_hidden());
        let analysed = match v.as_ref().map(|v| sampler.sample(v, ImageType::Selfie)) {
            Some(Ok(luma)) => {
                let (w, h) = (luma.width, luma.height);
                let report = rt.analyser.analyse(luma, Kind::Selfie, true).await;
                // No face model (yet): no face seen, so a try cannot pass and times out.
                report.map(|r| (r.face.map(|c| c.faces).unwrap_or_default(), w, h))
            }
            _ => None,
        };
        if lifetime.is_aborted() {
            break;
        }
        if let (Some((faces, w, h)), Some(v)) = (analysed, v) {
            let view = tracker.observe(started, &faces, w, h);
            // An approach that started over drops its frames.
            frames.truncate(tracker.kept().saturating_sub(usize::from(view.keep)));
            let mut encoded = true;
            if view.keep {
                let t_ms = (started - tracker.began_ms().unwrap_or(started)).max(0.0) as u32;
                let jpeg = encoder.encode(&v).await;
                if lifetime.is_aborted() {
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
        let spent = clock::now_ms() - started;
        clock::sleep_ms((ANALYSIS_PERIOD_MS - spent).max(MIN_PAUSE_MS) as u32).await;
    }
}
