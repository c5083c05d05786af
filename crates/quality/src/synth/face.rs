//! The selfie fixture.

use super::card::ellipse;
use super::noise::{hash_signed, render, value_noise};
use super::RgbImage;
use crate::LumaImage;

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
