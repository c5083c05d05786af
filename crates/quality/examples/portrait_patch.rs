//! Writes `src/synth/portrait.rgb`, the real face the synthetic selfie and the card's portrait
//! show (so that the face detector finds them as it finds a real one): the face of
//! `../shared/testdata/faces/astronaut.png` (NASA, public domain), a square of 1.4 times the
//! detector's box around it, area-averaged to `synth::PORTRAIT_SIDE` pixels, packed RGB.
//!
//! `cargo run -p kyc-quality --example portrait_patch`

#[path = "../tests/face_support/mod.rs"]
#[allow(dead_code)]
mod face_support;

use kyc_quality::synth::PORTRAIT_SIDE;

fn main() {
    let photo = face_support::photo_rgb("astronaut");
    let ((cx, cy), side) = face_support::ASTRONAUT_FACE;
    let crop = side * 1.4;
    let (x0, y0) = (cx - crop / 2.0, cy - crop / 2.0);
    let n = PORTRAIT_SIDE as usize;
    let mut out = Vec::with_capacity(n * n * 3);
    for py in 0..n {
        for px in 0..n {
            // Average the photo's pixels under this patch pixel.
            let (xa, xb) = (
                x0 + crop * px as f32 / n as f32,
                x0 + crop * (px + 1) as f32 / n as f32,
            );
            let (ya, yb) = (
                y0 + crop * py as f32 / n as f32,
                y0 + crop * (py + 1) as f32 / n as f32,
            );
            let mut sum = [0f32; 3];
            let mut count = 0f32;
            for y in ya.floor() as u32..yb.ceil() as u32 {
                for x in xa.floor() as u32..xb.ceil() as u32 {
                    let i = ((y * photo.width + x) * 3) as usize;
                    for (c, s) in sum.iter_mut().enumerate() {
                        *s += photo.data[i + c] as f32;
                    }
                    count += 1.0;
                }
            }
            out.extend(sum.map(|s| (s / count).round() as u8));
        }
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/synth/portrait.rgb");
    std::fs::write(path, out).unwrap();
    println!("wrote {path}");
}
