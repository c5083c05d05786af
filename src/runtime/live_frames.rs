//! The live analysis of the camera preview, shared by the capture step's guidance
//! (`QualityGuide`) and the liveness challenge: take a frame (`FrameSampler`), have it
//! analysed (`rt.analyser`, faces included on the selfie), pace the frames, pause while the
//! page is hidden or a picture is being taken, and stop when the owner is cleaned up. Each
//! caller only says what a report means to it:
//!
//! ```ignore
//! let mut frames = use_live_frames(rt, video, image); // in the component's body
//! spawn_local(async move {
//!     while let Some(tick) = frames.next().await { /* a report, or none this time */ }
//! });
//! ```

use kyc_contract::ImageType;
use kyc_quality::Kind;
use leptos::html;
use leptos::prelude::*;

use super::lifetime::abort_on_cleanup;
use super::Runtime;
use crate::browser::abort::Abort;
use crate::browser::analyser::FrameReport;
use crate::browser::frame_sampler::FrameSampler;
use crate::browser::{clock, page};

/// Time from the start of one analysis to the start of the next (at most ~12.5 frames/s).
pub const ANALYSIS_PERIOD_MS: f64 = 80.0;
/// The shortest pause between two analyses, so a slow device still gets time to render. Short:
/// the analysis runs in the worker, so the main thread is free while it waits, and a longer
/// pause only lowers the rate when a frame's analysis (a selfie's face check, about 50 to
/// 80 ms) takes most of the period.
pub const MIN_PAUSE_MS: f64 = 5.0;

/// One analysed frame.
pub struct LiveFrame {
    /// When the frame was taken (`clock::now_ms`).
    pub started: f64,
    /// The video it was taken from.
    pub video: web_sys::HtmlVideoElement,
    /// The size it was analysed at (the report's coordinates are in it).
    pub size: (u32, u32),
    /// What the analysis found.
    pub report: FrameReport,
}

/// The live frames of one camera stage, in the order taken, one analysis at a time.
pub struct LiveFrames {
    rt: Runtime,
    video: NodeRef<html::Video>,
    image: ImageType,
    sampler: FrameSampler,
    lifetime: Abort,
    /// When the last frame was taken.
    last: Option<f64>,
}

/// The live frames of `video` for `image` (faces checked on the selfie), until the current
/// owner is cleaned up.
pub fn use_live_frames(rt: Runtime, video: NodeRef<html::Video>, image: ImageType) -> LiveFrames {
    LiveFrames {
        rt,
        video,
        image,
        sampler: FrameSampler::new(),
        lifetime: abort_on_cleanup(),
        last: None,
    }
}

impl LiveFrames {
    /// The owner is gone: the caller's loop ends (checked after the caller's own awaits).
    pub fn is_over(&self) -> bool {
        self.lifetime.is_aborted()
    }

    /// The next frame's analysis, after the pacing pause: `Some(None)` when there is none this
    /// time (paused, no video frame yet, or no analysis on this page), `None` once the owner
    /// is gone (the loop ends).
    pub async fn next(&mut self) -> Option<Option<LiveFrame>> {
        if let Some(last) = self.last {
            let spent = clock::now_ms() - last;
            clock::sleep_ms((ANALYSIS_PERIOD_MS - spent).max(MIN_PAUSE_MS) as u32).await;
        }
        if self.lifetime.is_aborted() {
            return None;
        }
        let started = clock::now_ms();
        self.last = Some(started);
        let paused = page::is_hidden() || self.rt.busy.try_get_untracked().unwrap_or(true);
        let video = self.video.try_get_untracked().flatten().filter(|_| !paused);
        let Some(video) = video else {
            return Some(None);
        };
        let kind = Kind::of(self.image);
        let frame = self.sampler.sample(&video, self.image).await;
        if self.lifetime.is_aborted() {
            if let Ok(frame) = frame {
                frame.release();
            }
            return None;
        }
        let Ok(frame) = frame else {
            return Some(None);
        };
        let size = frame.size();
        let report = self.rt.analyser.analyse(frame, kind, kind == Kind::Selfie).await;
        if self.lifetime.is_aborted() {
            return None;
        }
        Some(report.map(|report| LiveFrame {
            started,
            video,
            size,
            report,
        }))
    }
}
