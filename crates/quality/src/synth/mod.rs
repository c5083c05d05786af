//! Test and demo fixtures: deterministic synthetic pictures of identity cards and faces.
//!
//! Everything here is a pure function of its arguments (a tiny integer hash stands in for a
//! random generator), so the calibration in the README can be reproduced bit for bit on any
//! platform. Pictures are drawn in coordinates relative to the card (or the frame), so the same
//! picture drawn at 1920x1080 and [`prepare`](crate::prepare)d looks like the one drawn at 640x360.
//!
//! Pictures come in color ([`RgbImage`], which the end-to-end tests encode as JPEG, PPM or Y4M)
//! and as luma ([`LumaImage`], what the metrics see). The luma variants are the BT.601 luma of the
//! color ones.

mod card;
mod effects;
mod face;
mod noise;
mod placed;
mod portrait;

pub use effects::{
    add_noise, darken, darken_rgb, gaussian_blur, gaussian_blur_rgb, wash_out, with_glare, with_glare_rgb,
};
pub use face::{face, face_rgb};
pub use placed::{scene_placed_rgb, Backdrop, Layout, Placement, Scene};
pub use portrait::PORTRAIT_SIDE;

use crate::{guide, LumaImage};
use card::{background_at, card_at};
use noise::render;

/// An owned 8-bit RGB image, packed `R G B` per pixel, row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RgbImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 3` bytes.
    pub data: Vec<u8>,
}

impl RgbImage {
    /// The BT.601 luma of this picture.
    pub fn to_luma(&self) -> LumaImage {
        LumaImage::from_rgb(&self.data, self.width, self.height).expect("consistent RgbImage")
    }

    /// A binary PPM (`P6`) file.
    pub fn to_ppm(&self) -> Vec<u8> {
        let mut out = format!("P6\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.data);
        out
    }

    /// A one-frame YUV4MPEG2 file (`C420jpeg`, 4:2:0 with chroma averaged over 2x2 blocks), as
    /// Chromium's fake capture device reads it (`--use-file-for-fake-video-capture`; it loops
    /// the frame). Samples are BT.601 limited range (Y 16..235), which is how Chromium
    /// interprets the frames of a capture device. Odd sizes are cut to even ones.
    pub fn to_y4m(&self) -> Vec<u8> {
        y4m_clip(std::slice::from_ref(self), 30)
    }

    /// This picture as one YUV4MPEG2 frame (after its `FRAME` line) of `w x h` (even).
    fn y4m_frame(&self, w: usize, h: usize, out: &mut Vec<u8>) {
        let px = |x: usize, y: usize| {
            let i = (y * self.width as usize + x) * 3;
            (
                self.data[i] as f32,
                self.data[i + 1] as f32,
                self.data[i + 2] as f32,
            )
        };
        out.reserve(w * h * 3 / 2);
        for y in 0..h {
            for x in 0..w {
                let (r, g, b) = px(x, y);
                out.push((16.0 + (65.481 * r + 128.553 * g + 24.966 * b) / 255.0).round() as u8);
            }
        }
        let mut cb = Vec::with_capacity(w * h / 4);
        let mut cr = Vec::with_capacity(w * h / 4);
        for y in (0..h).step_by(2) {
            for x in (0..w).step_by(2) {
                let (mut r, mut g, mut b) = (0.0, 0.0, 0.0);
                for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    let p = px(x + dx, y + dy);
                    r += p.0 / 4.0;
                    g += p.1 / 4.0;
                    b += p.2 / 4.0;
                }
                cb.push((128.0 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255.0).round() as u8);
                cr.push((128.0 + (112.0 * r - 93.786 * g - 18.214 * b) / 255.0).round() as u8);
            }
        }
        out.extend_from_slice(&cb);
        out.extend_from_slice(&cr);
    }
}

/// A YUV4MPEG2 clip of `frames` (all the size of the first, cut to even sides) at `fps`
/// frames per second, in the format of [`RgbImage::to_y4m`]; Chromium's fake camera loops it.
pub fn y4m_clip(frames: &[RgbImage], fps: u32) -> Vec<u8> {
    let Some(first) = frames.first() else {
        return Vec::new();
    };
    let (w, h) = ((first.width & !1) as usize, (first.height & !1) as usize);
    let mut out = format!("YUV4MPEG2 W{w} H{h} F{fps}:1 Ip A1:1 C420jpeg\n").into_bytes();
    for f in frames
        .iter()
        .filter(|f| (f.width, f.height) == (first.width, first.height))
    {
        out.extend_from_slice(b"FRAME\n");
        f.y4m_frame(w, h, &mut out);
    }
    out
}

/// A scene: the desk, and a card whose top-left corner is at `(left, top)` and whose size is
/// `card_w x card_h` pixels (it may stick out of the frame). `None` draws the desk alone.
pub fn scene_rgb(width: u32, height: u32, card: Option<(f32, f32, f32, f32)>, seed: u64) -> RgbImage {
    let (w, h) = (width as f32, height as f32);
    render(width, height, |x, y| {
        if let Some((left, top, cw, ch)) = card {
            let (u, v) = ((x - left) / cw, (y - top) / ch);
            if (0.0..1.0).contains(&u) && (0.0..1.0).contains(&v) {
                // Rounded corners (radius 3.2% of the card width, as on an ID-1 card).
                let rad = 0.032 * cw;
                let (px, py) = (x - left, y - top);
                let cx = px.clamp(rad, cw - rad);
                let cy = py.clamp(rad, ch - rad);
                if (px - cx).powi(2) + (py - cy).powi(2) <= rad * rad {
                    return card_at(seed, u, v, cw / ch, (x, y));
                }
            }
        }
        background_at(seed, x, y, w, h)
    })
}

/// The card rectangle of [`document`]: edges 6% in from each border.
fn framed_card(width: u32, height: u32) -> (f32, f32, f32, f32) {
    let (w, h) = (width as f32, height as f32);
    (0.06 * w, 0.06 * h, 0.88 * w, 0.88 * h)
}

/// A card framed as the capture guide asks (edges 6% in from each border), in color.
pub fn document_rgb(width: u32, height: u32, seed: u64) -> RgbImage {
    scene_rgb(width, height, Some(framed_card(width, height)), seed)
}

/// A card framed as the capture guide asks: off-white with a header band, a photo, six text
/// lines, a machine-readable line, a seal and a fine guilloche, its edges 6% in from each border,
/// on a darker textured desk.
pub fn document(width: u32, height: u32, seed: u64) -> LumaImage {
    document_rgb(width, height, seed).to_luma()
}

/// A whole camera frame with the card where the widget's on-screen guide is
/// ([`guide::card_guide`]), in color: what the end-to-end tests feed the fake camera.
pub fn guide_frame_rgb(width: u32, height: u32, seed: u64) -> RgbImage {
    let g = guide::card_guide(width, height);
    scene_rgb(
        width,
        height,
        Some((g.x as f32, g.y as f32, g.w as f32, g.h as f32)),
        seed,
    )
}

/// The framed card of [`document`] moved by `shift_x` frame widths and `shift_y` frame heights
/// (e.g. 0.55, 0.1: mostly out of the frame; 1.0 or more: only the desk is left).
pub fn off_frame(width: u32, height: u32, seed: u64, shift_x: f32, shift_y: f32) -> LumaImage {
    off_frame_rgb(width, height, seed, shift_x, shift_y).to_luma()
}

/// Color variant of [`off_frame`].
pub fn off_frame_rgb(width: u32, height: u32, seed: u64, shift_x: f32, shift_y: f32) -> RgbImage {
    let (l, t, w, h) = framed_card(width, height);
    let card = (l + shift_x * width as f32, t + shift_y * height as f32, w, h);
    scene_rgb(width, height, Some(card), seed)
}

/// The desk alone.
pub fn background(width: u32, height: u32, seed: u64) -> LumaImage {
    scene_rgb(width, height, None, seed).to_luma()
}
