//! The desk and the identity card, drawn in card coordinates.

use super::noise::{hash, hash_signed, value_noise};
use super::portrait::{portrait_at, PORTRAIT_BOX};

/// The darker textured desk behind the card (brown, mean luma about 65, low contrast: smooth
/// blotches, wood grain and a little per-pixel grain).
pub(super) fn background_at(seed: u64, x: f32, y: f32, w: f32, h: f32) -> [f32; 3] {
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

pub(super) fn ellipse(u: f32, v: f32, cu: f32, cv: f32, ru: f32, rv: f32) -> bool {
    let (a, b) = ((u - cu) / ru, (v - cv) / rv);
    a * a + b * b <= 1.0
}

/// The plain backdrop of the card's photo block.
const PHOTO_BACKDROP: [f32; 3] = [168.0, 178.0, 192.0];

/// Whether card coordinates `(u, v)` are in the photo block (the portrait's place).
fn in_photo_block(u: f32, v: f32) -> bool {
    (0.05..0.31).contains(&u) && (0.22..0.86).contains(&v)
}

/// The card of [`card_at`] with its photo block empty: no portrait to be found.
pub(super) fn card_without_portrait_at(seed: u64, u: f32, v: f32, aspect: f32, px: (f32, f32)) -> [f32; 3] {
    if in_photo_block(u, v) {
        return PHOTO_BACKDROP;
    }
    card_at(seed, u, v, aspect, px)
}

/// The card at card coordinates `(u, v)` in 0..1. `aspect` is the card's width / height in pixels.
pub(super) fn card_at(seed: u64, u: f32, v: f32, aspect: f32, px: (f32, f32)) -> [f32; 3] {
    use std::f32::consts::TAU;
    const INK: [f32; 3] = [28.0, 30.0, 44.0];
    // Header band with the title in light letters.
    if (0.05..0.16).contains(&v) && (0.04..0.96).contains(&u) {
        if text_ink(seed, 100, u, v, 0.30, 0.80, 0.105, 0.06, aspect) {
            return [236.0, 238.0, 244.0];
        }
        return [46.0, 84.0, 150.0];
    }
    // Photo block: backdrop, hair, a real face, shoulders.
    if in_photo_block(u, v) {
        let (cu, cv) = (0.18, 0.52);
        if (0.75..).contains(&v) && (u - cu).abs() < 0.11 {
            return [52.0, 62.0, 88.0];
        }
        let face = ellipse(u, v, cu, cv, 0.065, 0.16);
        if !face && ellipse(u, v, cu, cv - 0.06, 0.078, 0.17) {
            return [58.0, 44.0, 36.0];
        }
        if face {
            // The real face, its detector box 0.2 of the card's height.
            let side = 0.2 / PORTRAIT_BOX;
            if let Some(rgb) = portrait_at((u - cu) * aspect / side + 0.5, (v - cv) / side + 0.5) {
                return rgb;
            }
            let shade = 10.0 * ((u - cu) / 0.065);
            return [198.0 - shade, 154.0 - shade, 126.0 - shade];
        }
        return PHOTO_BACKDROP;
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
