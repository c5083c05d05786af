//! The deterministic randomness and the pixel loop every picture is drawn with.

use super::RgbImage;

/// A deterministic 32-bit hash of a seed and up to four coordinates (a tiny PRNG stand-in).
pub(super) fn hash(seed: u64, a: i64, b: i64, c: i64, d: i64) -> u32 {
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
pub(super) fn hash_signed(seed: u64, a: i64, b: i64, c: i64, d: i64) -> f32 {
    hash(seed, a, b, c, d) as f32 / u32::MAX as f32 * 2.0 - 1.0
}

/// Smooth value noise in -1..1 over a grid of unit cells.
pub(super) fn value_noise(seed: u64, x: f32, y: f32) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (sx, sy) = (fx * fx * (3.0 - 2.0 * fx), fy * fy * (3.0 - 2.0 * fy));
    let (ix, iy) = (x0 as i64, y0 as i64);
    let n = |dx: i64, dy: i64| hash_signed(seed, ix + dx, iy + dy, 7, 0);
    let top = n(0, 0) + (n(1, 0) - n(0, 0)) * sx;
    let bottom = n(0, 1) + (n(1, 1) - n(0, 1)) * sx;
    top + (bottom - top) * sy
}

pub(super) fn clamp_u8(v: f32) -> u8 {
    v.round().clamp(0.0, 255.0) as u8
}

pub(super) fn render(width: u32, height: u32, mut f: impl FnMut(f32, f32) -> [f32; 3]) -> RgbImage {
    let mut data = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height {
        for x in 0..width {
            let c = f(x as f32 + 0.5, y as f32 + 0.5);
            data.extend(c.iter().map(|&v| clamp_u8(v)));
        }
    }
    RgbImage { width, height, data }
}
