//! The selfie fixture.

use super::card::ellipse;
use super::noise::{hash_signed, render, value_noise};
use super::portrait::{portrait_at, PORTRAIT_BOX};
use super::RgbImage;
use crate::LumaImage;

/// A simple selfie in color: a lit wall, hair, a real face (the patch of `portrait`, its
/// detector box 60% of the selfie oval's height), a shirt with a woven texture. Centered, the
/// head about 60% of the frame height.
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
            // The real face, its detector box 0.36 of the frame height (60% of the selfie
            // oval), centered in the oval.
            let side = 0.36 / PORTRAIT_BOX;
            if let Some(rgb) = portrait_at(u / side + 0.5, (v - 0.5) / side + 0.5) {
                return rgb.map(|c| c + grain);
            }
            let shade = 18.0 * (u / 0.20) + 10.0 * value_noise(seed, u * 30.0, v * 30.0);
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
