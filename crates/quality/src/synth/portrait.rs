//! A real face for the synthetic pictures: the face of the NASA portrait of Eileen Collins
//! (`../shared/testdata/faces/astronaut.png`, public domain), a square of 1.4 times the face
//! detector's box around it, [`PORTRAIT_SIDE`] pixels, packed RGB. The selfie fixture and the
//! card's photo show it, so the face detector finds them as it finds a real face. Written by
//! `cargo run -p kyc-quality --example portrait_patch`.

/// The side of the face patch, pixels.
pub const PORTRAIT_SIDE: u32 = 96;

/// The patch, `PORTRAIT_SIDE`² RGB pixels.
const PORTRAIT: &[u8; (PORTRAIT_SIDE * PORTRAIT_SIDE * 3) as usize] = include_bytes!("portrait.rgb");

/// The detector's box around the face is the middle `1 / 1.4` of the patch.
pub(super) const PORTRAIT_BOX: f32 = 1.0 / 1.4;

/// The patch's color at `(pu, pv)` in 0..1 (bilinear), `None` outside it.
pub(super) fn portrait_at(pu: f32, pv: f32) -> Option<[f32; 3]> {
    if !(0.0..1.0).contains(&pu) || !(0.0..1.0).contains(&pv) {
        return None;
    }
    let n = PORTRAIT_SIDE as usize;
    let (x, y) = (pu * n as f32 - 0.5, pv * n as f32 - 0.5);
    let (x0, y0) = (x.floor().max(0.0) as usize, y.floor().max(0.0) as usize);
    let (x1, y1) = ((x0 + 1).min(n - 1), (y0 + 1).min(n - 1));
    let (fx, fy) = ((x - x0 as f32).clamp(0.0, 1.0), (y - y0 as f32).clamp(0.0, 1.0));
    let px = |a: usize, b: usize, c: usize| PORTRAIT[(b * n + a) * 3 + c] as f32;
    Some([0, 1, 2].map(|c| {
        let top = px(x0, y0, c) * (1.0 - fx) + px(x1, y0, c) * fx;
        let bottom = px(x0, y1, c) * (1.0 - fx) + px(x1, y1, c) * fx;
        top * (1.0 - fy) + bottom * fy
    }))
}
