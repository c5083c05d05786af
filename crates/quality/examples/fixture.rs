//! Writes a synthetic camera frame for the end-to-end tests (Chromium's fake camera) or for
//! uploads:
//!
//! ```text
//! cargo run -p kyc-quality --example fixture -- <kind> <width> <height> <out.y4m|out.ppm> [seed]
//! ```
//!
//! `kind` is one of:
//! - `document`: a sharp card where the widget's on-screen guide is, on a darker desk;
//! - `blurred-document`: the same, Gaussian-blurred with sigma = short side / 120 pixels (6 px at
//!   1280x720, about sigma 3.3 at the analysis size: clearly `blur`);
//! - `glare-document`: the sharp card with a specular patch of radius short side / 12 on it;
//! - `dark-document`: the sharp card at a quarter of the light (`too_dark`);
//! - `no-document`: the desk alone (`document_not_found`);
//! - `small-document`: the sharp card at 60% of the guide's width, centered ("move closer");
//! - `close-document`: the sharp card at 108% of the guide's width, centered ("move the card
//!   away");
//! - `portraitless-document`: the sharp card filling the guide, its photo block empty (a good
//!   card for every document check, but no portrait: `document_face_not_found` on a front);
//! - `approaching-document`: a clip (`.y4m` only) at 5 frames per second: the card at 60% of
//!   the guide for 1 s, coming closer to 90% over 2 s, then held there for 8 s;
//! - `selfie`: a centered face;
//! - `portrait-selfie`: a clip (`.y4m` only) at 5 frames per second, the real photograph
//!   `astronaut.png` with its face in the selfie oval, slightly shaking, with sensor grain
//!   (`photo_selfies`);
//! - `cat-selfie`: the real photograph `no-face-cat.png` filling the frame (no face).
//! - `approaching-face`: a clip (`.y4m` only) for the liveness challenge: the face of
//!   `../shared/testdata/faces/astronaut.png` at the center, its box 0.28 of the frame height
//!   (the challenge's small oval) for 1 s, growing steadily to 0.56 over 3 s, held for 2 s
//!   (`tests/liveness_clips/mod.rs`);
//! - `still-face`: the same photograph still, its box 0.33 of the frame height.
//!
//! The card placement is the widget's guide ([`kyc_quality::guide`]): centered, card width 80% of
//! the frame width, shrunk when needed so that the card height is at most 80% of the frame
//! height, ID-1 aspect 85.6 : 53.98. At 1280x720 the card is 913x576 at (183, 72); the widget
//! analyses the guide plus a 6% margin on each side (1023x646 at (128, 37)), prepared to 570x360.
//!
//! The format follows the extension: `.y4m` is a one-frame YUV4MPEG2 file
//! (`YUV4MPEG2 W.. H.. F30:1 Ip A1:1 C420jpeg`, BT.601 limited range; Chromium loops the frame),
//! `.ppm` a binary PPM (`P6`). Width and height must be even for `.y4m`.

#[path = "../tests/face_support/mod.rs"]
#[allow(dead_code)]
mod face_support;
#[path = "../tests/liveness_clips/mod.rs"]
mod liveness_clips;

use kyc_quality::guide::card_guide;
use kyc_quality::synth::{self, Backdrop, Layout, Placement, RgbImage, Scene};
use std::process::ExitCode;

mod photo_selfies;

/// The sharp card of `layout` at `fill` of the guide's width, centered in the guide.
fn card_at(w: u32, h: u32, fill: f32, layout: Layout, seed: u64) -> RgbImage {
    let g = card_guide(w, h);
    let center = (g.x as f32 + g.w as f32 / 2.0, g.y as f32 + g.h as f32 / 2.0);
    let scene = Scene {
        card: Some(Placement::id1(center, g.w as f32 * fill)),
        layout,
        backdrop: Backdrop::DarkDesk,
        hand: false,
    };
    synth::scene_placed_rgb(w, h, &scene, seed)
}

/// The frames of the `approaching-document` clip at [`CLIP_FPS`].
fn approaching(w: u32, h: u32, seed: u64) -> Vec<RgbImage> {
    let fills = (0..CLIP_FPS)
        .map(|_| 0.6)
        .chain((0..2 * CLIP_FPS).map(|i| 0.6 + 0.3 * (i + 1) as f32 / (2 * CLIP_FPS) as f32));
    let mut frames: Vec<RgbImage> = fills
        .map(|f| card_at(w, h, f, Layout::PortraitLeft, seed))
        .collect();
    if let Some(last) = frames.last().cloned() {
        frames.extend(std::iter::repeat_n(last, 8 * CLIP_FPS as usize));
    }
    frames
}

/// Frames per second of the clips.
const CLIP_FPS: u32 = 5;

/// A gray frame as RGB (the face photographs are pasted in luma).
fn gray(luma: &kyc_quality::LumaImage) -> RgbImage {
    RgbImage {
        width: luma.width,
        height: luma.height,
        data: luma.data.iter().flat_map(|&v| [v; 3]).collect(),
    }
}

/// The frames of the `approaching-face` clip at [`liveness_clips::CLIP_FPS`].
fn approaching_face(w: u32, h: u32) -> Vec<RgbImage> {
    liveness_clips::approaching_shares()
        .into_iter()
        .map(|share| gray(&liveness_clips::face_frame(w, h, share)))
        .collect()
}

/// Writes a clip as `.y4m` to `out`.
fn write_clip(kind: &str, frames: &[RgbImage], fps: u32, out: &str, w: u32, h: u32) -> ExitCode {
    if !out.ends_with(".y4m") || !w.is_multiple_of(2) || !h.is_multiple_of(2) {
        eprintln!("a clip is a .y4m of even width and height");
        return ExitCode::from(2);
    }
    if let Err(e) = std::fs::write(out, synth::y4m_clip(frames, fps)) {
        eprintln!("cannot write {out}: {e}");
        return ExitCode::FAILURE;
    }
    eprintln!("wrote {out} ({kind} clip {w}x{h})");
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 || args.len() > 5 {
        eprintln!("usage: fixture <document|blurred-document|glare-document|dark-document|no-document|small-document|close-document|portraitless-document|approaching-document|selfie|portrait-selfie|cat-selfie|approaching-face|still-face> <width> <height> <out.y4m|out.ppm> [seed]");
        return ExitCode::from(2);
    }
    let (Ok(w), Ok(h)) = (args[1].parse::<u32>(), args[2].parse::<u32>()) else {
        eprintln!("width and height must be positive integers");
        return ExitCode::from(2);
    };
    if w < 32 || h < 32 || w > 8192 || h > 8192 {
        eprintln!("width and height must be within 32..=8192");
        return ExitCode::from(2);
    }
    let seed = args.get(4).and_then(|s| s.parse::<u64>().ok()).unwrap_or(7);
    let short = w.min(h) as f32;
    let img = match args[0].as_str() {
        "document" => synth::guide_frame_rgb(w, h, seed),
        "blurred-document" => synth::gaussian_blur_rgb(&synth::guide_frame_rgb(w, h, seed), short / 120.0),
        "glare-document" => {
            let g = kyc_quality::guide::card_guide(w, h);
            let (cx, cy) = ((g.x + g.w * 2 / 3) as f32, (g.y + g.h / 2) as f32);
            synth::with_glare_rgb(&synth::guide_frame_rgb(w, h, seed), cx, cy, short / 12.0)
        }
        "dark-document" => synth::darken_rgb(&synth::guide_frame_rgb(w, h, seed), 0.25),
        "no-document" => synth::scene_rgb(w, h, None, seed),
        "small-document" => card_at(w, h, 0.6, Layout::PortraitLeft, seed),
        "close-document" => card_at(w, h, 1.08, Layout::PortraitLeft, seed),
        "portraitless-document" => card_at(w, h, 1.0, Layout::NoPortrait, seed),
        "approaching-document" => {
            let frames = approaching(w, h, seed);
            return write_clip("approaching-document", &frames, CLIP_FPS, &args[3], w, h);
        }
        "selfie" => synth::face_rgb(w, h, seed),
        "portrait-selfie" => {
            let frames = match photo_selfies::portrait_selfie(w, h, seed) {
                Ok(frames) => frames,
                Err(e) => {
                    eprintln!("cannot make the portrait selfie: {e}");
                    return ExitCode::FAILURE;
                }
            };
            return write_clip(
                "portrait-selfie",
                &frames,
                photo_selfies::PORTRAIT_FPS,
                &args[3],
                w,
                h,
            );
        }
        "cat-selfie" => match photo_selfies::cat_selfie(w, h, seed) {
            Ok(img) => img,
            Err(e) => {
                eprintln!("cannot make the cat selfie: {e}");
                return ExitCode::FAILURE;
            }
        },
        "approaching-face" => {
            let frames = approaching_face(w, h);
            return write_clip(
                "approaching-face",
                &frames,
                liveness_clips::CLIP_FPS,
                &args[3],
                w,
                h,
            );
        }
        "still-face" => gray(&liveness_clips::face_frame(w, h, liveness_clips::STILL_SHARE)),
        other => {
            eprintln!("unknown kind {other:?}");
            return ExitCode::from(2);
        }
    };
    let out = &args[3];
    let bytes = if out.ends_with(".y4m") {
        if w % 2 != 0 || h % 2 != 0 {
            eprintln!("y4m needs an even width and height");
            return ExitCode::from(2);
        }
        img.to_y4m()
    } else if out.ends_with(".ppm") {
        img.to_ppm()
    } else {
        eprintln!("the output must end in .y4m or .ppm");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::write(out, bytes) {
        eprintln!("cannot write {out}: {e}");
        return ExitCode::FAILURE;
    }
    eprintln!("wrote {out} ({} {w}x{h}, seed {seed})", args[0]);
    ExitCode::SUCCESS
}
