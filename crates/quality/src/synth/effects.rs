//! What happens to a picture on its way to the camera: blur, glare, dim or harsh light, sensor noise.

use super::noise::{clamp_u8, hash_signed};
use super::RgbImage;
use crate::LumaImage;

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
