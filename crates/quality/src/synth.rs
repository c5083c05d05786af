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

use crate::{guide, LumaImage};

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
        let (w, h) = ((self.width & !1) as usize, (self.height & !1) as usize);
        let mut out = format!("YUV4MPEG2 W{w} H{h} F30:1 Ip A1:1 C420jpeg\nFRAME\n").into_bytes();
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
        out
    }
}

/// A deterministic 32-bit hash of a seed and up to four coordinates (a tiny PRNG stand-in).
fn hash(seed: u64, a: i64, b: i64, c: i64, d: i64) -> u32 {
    let mut z = seed ^ 0x9E37_79B9_7F4A_7C15;
    for v in [a, b, c, d] {
        z = z.wrapping_add(v as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z ^= z >> 31;
        z = z.wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 29;
    }
    (z >> 32) as u32
}

/// Uniform in -1..1.
fn hash_signed(seed: u64, a: i64, b: i64, c: i64, d: i64) -> f32 {
    hash(seed, a, b, c, d) as f32 / u32::MAX as f32 * 2.0 - 1.0
}

/// Smooth value noise in -1..1 over a grid of unit cells.
fn value_noise(seed: u64, x: f32, y: f32) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (sx, sy) = (fx * fx * (3.0 - 2.0 * fx), fy * fy * (3.0 - 2.0 * fy));
    let (ix, iy) = (x0 as i64, y0 as i64);
    let n = |dx: i64, dy: i64| hash_signed(seed, ix + dx, iy + dy, 7, 0);
    let top = n(0, 0) + (n(1, 0) - n(0, 0)) * sx;
    let bottom = n(0, 1) + (n(1, 1) - n(0, 1)) * sx;
    top + (bottom - top) * sy
}

fn clamp_u8(v: f32) -> u8 {
    v.round().clamp(0.0, 255.0) as u8
}

fn render(width: u32, height: u32, mut f: impl FnMut(f32, f32) -> [f32; 3]) -> RgbImage {
    let mut data = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height {
        for x in 0..width {
            let c = f(x as f32 + 0.5, y as f32 + 0.5);
            data.extend(c.iter().map(|&v| clamp_u8(v)));
        }
    }
    RgbImage { width, height, data }
}

/// The darker textured desk behind the card (brown, mean luma about 65, low contrast: smooth
/// blotches, wood grain and a little per-pixel grain).
fn background_at(seed: u64, x: f32, y: f32, w: f32, h: f32) -> [f32; 3] {
    let (u, v) = (x / w, y / h);
    let blotch = value_noise(seed, u * 10.0, v * 10.0 * h / w);
    let grain = (std::f32::consts::TAU * (v * 38.0 + 2.5 * value_noise(seed ^ 1, u * 3.0, v * 3.0))).sin();
    let pixel = hash_signed(seed, x as i64, y as i64, 1, 0) * 4.0;
    let l = 12.0 * blotch + 5.0 * grain + pixel;
    [78.0 + l, 66.0 + l, 54.0 + l]
}

/// Is `(fx, fy)` (0..1 in the glyph box) on one of the glyph's strokes? A glyph is a random set
/// of segments of a 7-segment display plus two diagonals, which reads as text at a glance and
/// has the stroke density and width of printed characters.
fn glyph_ink(bits: u32, fx: f32, fy: f32) -> bool {
    let t = 0.11; // half stroke width
    let (l, r, top, mid, bot) = (0.1, 0.9, 0.08, 0.5, 0.92);
    let vertical = |x: f32, y0: f32, y1: f32| (fx - x).abs() < t && fy >= y0 - t && fy <= y1 + t;
    let horizontal = |y: f32| (fy - y).abs() < t * 0.8 && fx >= l - t && fx <= r + t;
    let segs = [
        horizontal(top),
        horizontal(mid),
        horizontal(bot),
        vertical(l, top, mid),
        vertical(l, mid, bot),
        vertical(r, top, mid),
        vertical(r, mid, bot),
        (fx - (l + (r - l) * (fy - top) / (bot - top))).abs() < t && (top..=bot).contains(&fy),
        (fx - (r - (r - l) * (fy - top) / (bot - top))).abs() < t && (top..=bot).contains(&fy),
    ];
    segs.iter().enumerate().any(|(i, &on)| on && bits & (1 << i) != 0)
}

/// A line of text in card coordinates: is `(u, v)` ink? `line` keys the random words.
#[allow(clippy::too_many_arguments)]
fn text_ink(seed: u64, line: i64, u: f32, v: f32, u0: f32, u1: f32, vc: f32, vh: f32, aspect: f32) -> bool {
    if v < vc - vh / 2.0 || v >= vc + vh / 2.0 || u < u0 || u >= u1 {
        return false;
    }
    // Character cell: 0.62 of the line height wide (in card widths: divide by the aspect).
    let cw = 0.62 * vh / aspect;
    let fi = (u - u0) / cw;
    let i = fi as i64;
    let n_chars = ((u1 - u0) / cw) as i64;
    let len = n_chars / 2 + (hash(seed, line, 0, 2, 0) as i64 % (n_chars / 2 + 1));
    if i >= len || hash(seed, line, i, 3, 0).is_multiple_of(6) {
        return false; // end of line or a space between words
    }
    let bits = hash(seed, line, i, 4, 0) | hash(seed, line, i, 5, 0);
    // Inter-character spacing: the glyph takes 80% of the cell.
    let fx = (fi - i as f32) / 0.8;
    let fy = (v - (vc - vh / 2.0)) / vh;
    fx < 1.0 && glyph_ink(bits, fx, fy)
}

fn ellipse(u: f32, v: f32, cu: f32, cv: f32, ru: f32, rv: f32) -> bool {
    let (a, b) = ((u - cu) / ru, (v - cv) / rv);
    a * a + b * b <= 1.0
}

/// The card at card coordinates `(u, v)` in 0..1. `aspect` is the card's width / height in pixels.
fn card_at(seed: u64, u: f32, v: f32, aspect: f32, px: (f32, f32)) -> [f32; 3] {
    use std::f32::consts::TAU;
    const INK: [f32; 3] = [28.0, 30.0, 44.0];
    // Header band with the title in light letters.
    if (0.05..0.16).contains(&v) && (0.04..0.96).contains(&u) {
        if text_ink(seed, 100, u, v, 0.30, 0.80, 0.105, 0.06, aspect) {
            return [236.0, 238.0, 244.0];
        }
        return [46.0, 84.0, 150.0];
    }
    // Photo block: backdrop, hair, face, eyes, mouth, shoulders.
    if (0.05..0.31).contains(&u) && (0.22..0.86).contains(&v) {
        let (cu, cv) = (0.18, 0.52);
        if (0.75..).contains(&v) && (u - cu).abs() < 0.11 {
            return [52.0, 62.0, 88.0];
        }
        let face = ellipse(u, v, cu, cv, 0.065, 0.16);
        if !face && ellipse(u, v, cu, cv - 0.06, 0.078, 0.17) {
            return [58.0, 44.0, 36.0];
        }
        if face {
            if ellipse(u, v, cu - 0.024, cv - 0.03, 0.011, 0.018)
                || ellipse(u, v, cu + 0.024, cv - 0.03, 0.011, 0.018)
            {
                return [40.0, 36.0, 40.0];
            }
            if ellipse(u, v, cu, cv + 0.08, 0.024, 0.012) {
                return [150.0, 78.0, 78.0];
            }
            let shade = 10.0 * ((u - cu) / 0.065);
            return [198.0 - shade, 154.0 - shade, 126.0 - shade];
        }
        return [168.0, 178.0, 192.0];
    }
    // Six lines of data.
    for k in 0..6 {
        let vc = 0.27 + 0.09 * k as f32;
        if text_ink(seed, k, u, v, 0.36, 0.94, vc, 0.05, aspect) {
            return INK;
        }
    }
    // A machine-readable-zone-like line.
    if text_ink(seed, 50, u, v, 0.05, 0.95, 0.915, 0.05, aspect) {
        return INK;
    }
    // A seal of concentric rings.
    let (du, dv) = ((u - 0.86) * aspect, v - 0.80);
    let r = (du * du + dv * dv).sqrt();
    if r < 0.09 && (r * 180.0).sin() > 0.3 {
        return [186.0, 128.0, 146.0];
    }
    // Base: off-white with a fine guilloche and a little grain.
    let g = 6.0 * (TAU * (u * 22.0 + 0.9 * (TAU * v * 3.0).sin())).sin();
    let pixel = hash_signed(seed, px.0 as i64, px.1 as i64, 9, 0) * 3.0;
    [220.0 + g + pixel, 224.0 + g + pixel, 212.0 + g + pixel]
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

/// A simple selfie in color: a lit wall, an oval face with hair, eyebrows, eyes, nose shading and
/// mouth, a shirt with a woven texture. Centered, the face about 60% of the frame height.
pub fn face_rgb(width: u32, height: u32, seed: u64) -> RgbImage {
    let (w, h) = (width as f32, height as f32);
    render(width, height, |x, y| {
        // Work in units of the frame height, centered.
        let (u, v) = ((x - w / 2.0) / h, y / h);
        let grain = hash_signed(seed, x as i64, y as i64, 11, 0) * 3.0;
        let (cu, cv) = (0.0, 0.47);
        // Shirt.
        if v > 0.80 && u.abs() < 0.35 - (0.9 - v).max(0.0) * 0.8 {
            let weave = 14.0 * ((x * 0.9).sin() * (y * 0.9).sin());
            return [60.0 + weave + grain, 80.0 + weave + grain, 120.0 + weave + grain];
        }
        // Neck.
        if v > 0.70 && u.abs() < 0.07 {
            return [186.0 + grain, 142.0 + grain, 116.0 + grain];
        }
        let face = ellipse(u, v, cu, cv, 0.20, 0.28);
        if !face && ellipse(u, v, cu, cv - 0.06, 0.235, 0.30) {
            let strand = 10.0 * (u * 260.0 + value_noise(seed, u * 8.0, v * 8.0) * 6.0).sin();
            return [
                50.0 + strand + grain,
                38.0 + strand + grain,
                30.0 + strand + grain,
            ];
        }
        if face {
            for side in [-1.0f32, 1.0] {
                let ex = cu + side * 0.08;
                if ellipse(u, v, ex, cv - 0.12, 0.055, 0.012) {
                    return [70.0, 52.0, 42.0]; // eyebrow
                }
                if ellipse(u, v, ex, cv - 0.06, 0.014, 0.014) {
                    return [30.0, 26.0, 24.0]; // pupil
                }
                if ellipse(u, v, ex, cv - 0.06, 0.04, 0.02) {
                    return [236.0, 236.0, 232.0]; // eye white
                }
            }
            if ellipse(u, v, cu, cv + 0.13, 0.07, 0.018) {
                return [160.0, 70.0, 72.0];
            }
            let nose = if ellipse(u, v, cu + 0.015, cv + 0.03, 0.012, 0.06) {
                16.0
            } else {
                0.0
            };
            let shade = 18.0 * (u / 0.20) + 10.0 * value_noise(seed, u * 30.0, v * 30.0) + nose;
            return [
                206.0 - shade + grain,
                160.0 - shade + grain,
                132.0 - shade + grain,
            ];
        }
        let wall = 175.0 - 30.0 * v + 6.0 * value_noise(seed, u * 6.0, v * 6.0);
        [wall + grain, wall + grain, wall - 6.0 + grain]
    })
}

/// A simple selfie (see [`face_rgb`]).
pub fn face(width: u32, height: u32, seed: u64) -> LumaImage {
    face_rgb(width, height, seed).to_luma()
}

/// Separable Gaussian blur of interleaved 8-bit samples, edges clamped.
fn blur_channels(data: &[u8], width: u32, height: u32, channels: usize, sigma: f32) -> Vec<u8> {
    if sigma <= 0.0 {
        return data.to_vec();
    }
    let radius = (3.0 * sigma).ceil() as i64;
    let kernel: Vec<f32> = (-radius..=radius)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let norm: f32 = kernel.iter().sum();
    let kernel: Vec<f32> = kernel.iter().map(|k| k / norm).collect();
    let (w, h) = (width as i64, height as i64);
    let idx = |x: i64, y: i64, c: usize| (y * w + x) as usize * channels + c;
    let mut tmp = vec![0f32; data.len()];
    for y in 0..h {
        for x in 0..w {
            for c in 0..channels {
                let mut acc = 0.0;
                for (k, &kv) in kernel.iter().enumerate() {
                    let sx = (x + k as i64 - radius).clamp(0, w - 1);
                    acc += kv * data[idx(sx, y, c)] as f32;
                }
                tmp[idx(x, y, c)] = acc;
            }
        }
    }
    let mut out = vec![0u8; data.len()];
    for y in 0..h {
        for x in 0..w {
            for c in 0..channels {
                let mut acc = 0.0;
                for (k, &kv) in kernel.iter().enumerate() {
                    let sy = (y + k as i64 - radius).clamp(0, h - 1);
                    acc += kv * tmp[idx(x, sy, c)];
                }
                out[idx(x, y, c)] = clamp_u8(acc);
            }
        }
    }
    out
}

/// Gaussian blur with standard deviation `sigma` pixels (0 or less: a copy), edges clamped.
pub fn gaussian_blur(img: &LumaImage, sigma: f32) -> LumaImage {
    let data = blur_channels(&img.data, img.width, img.height, 1, sigma);
    LumaImage {
        width: img.width,
        height: img.height,
        data,
    }
}

/// Color variant of [`gaussian_blur`].
pub fn gaussian_blur_rgb(img: &RgbImage, sigma: f32) -> RgbImage {
    let data = blur_channels(&img.data, img.width, img.height, 3, sigma);
    RgbImage {
        width: img.width,
        height: img.height,
        data,
    }
}

/// Weight of the specular patch at distance `d` from its center: saturated (1) up to `radius`,
/// then a smooth falloff to 0 at 1.6 `radius`. For a fixed `d` it never decreases as the radius
/// grows, so neither does the glare.
fn glare_weight(d: f32, radius: f32) -> f32 {
    if radius <= 0.0 {
        return 0.0;
    }
    let t = ((d - radius) / (0.6 * radius)).clamp(0.0, 1.0);
    1.0 - t * t * (3.0 - 2.0 * t)
}

fn glare_channels(data: &mut [u8], width: u32, channels: usize, cx: f32, cy: f32, radius: f32) {
    for (i, px) in data.chunks_exact_mut(channels).enumerate() {
        let (x, y) = (
            (i % width as usize) as f32 + 0.5,
            (i / width as usize) as f32 + 0.5,
        );
        let wgt = glare_weight(((x - cx).powi(2) + (y - cy).powi(2)).sqrt(), radius);
        for v in px {
            *v = clamp_u8(*v as f32 + (255.0 - *v as f32) * wgt);
        }
    }
}

/// Adds a saturated specular patch (luma 255 within `radius` pixels of `(cx, cy)`, fading out by
/// 1.6 `radius`), like a lamp reflected by a laminated card.
pub fn with_glare(img: &LumaImage, cx: f32, cy: f32, radius: f32) -> LumaImage {
    let mut out = img.clone();
    glare_channels(&mut out.data, img.width, 1, cx, cy, radius);
    out
}

/// Color variant of [`with_glare`].
pub fn with_glare_rgb(img: &RgbImage, cx: f32, cy: f32, radius: f32) -> RgbImage {
    let mut out = img.clone();
    glare_channels(&mut out.data, img.width, 3, cx, cy, radius);
    out
}

/// Multiplies every sample by `factor` (0..1 darkens), rounding.
pub fn darken(img: &LumaImage, factor: f32) -> LumaImage {
    let data = img.data.iter().map(|&v| clamp_u8(v as f32 * factor)).collect();
    LumaImage {
        width: img.width,
        height: img.height,
        data,
    }
}

/// Washes the picture out the way an overexposed, hazy frame looks: every sample moves toward
/// white, keeping `contrast` (0..1) of its distance to 255.
pub fn wash_out(img: &LumaImage, contrast: f32) -> LumaImage {
    let data = img
        .data
        .iter()
        .map(|&v| clamp_u8(255.0 - (255.0 - v as f32) * contrast))
        .collect();
    LumaImage {
        width: img.width,
        height: img.height,
        data,
    }
}

/// Adds sensor-like noise: independent, roughly Gaussian (sum of four uniforms), standard
/// deviation `sigma` levels, deterministic in `seed`.
pub fn add_noise(img: &LumaImage, sigma: f32, seed: u64) -> LumaImage {
    let w = img.width as usize;
    let data = img
        .data
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let (x, y) = ((i % w) as i64, (i / w) as i64);
            // Each uniform in -1..1 has variance 1/3; four of them: 4/3.
            let n: f32 = (0..4).map(|k| hash_signed(seed, x, y, 13, k)).sum::<f32>() / (4.0f32 / 3.0).sqrt();
            clamp_u8(v as f32 + n * sigma)
        })
        .collect();
    LumaImage {
        width: img.width,
        height: img.height,
        data,
    }
}

/// Color variant of [`darken`].
pub fn darken_rgb(img: &RgbImage, factor: f32) -> RgbImage {
    let data = img.data.iter().map(|&v| clamp_u8(v as f32 * factor)).collect();
    RgbImage {
        width: img.width,
        height: img.height,
        data,
    }
}
