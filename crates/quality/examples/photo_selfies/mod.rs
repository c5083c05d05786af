//! Selfie frames for Chromium's fake camera made from the real photographs of
//! `../shared/testdata/faces` (see its README): `portrait-selfie`, the astronaut's face placed
//! where the widget's selfie oval is, as a short clip with a slight hand shake and sensor
//! noise; `cat-selfie`, the cat (no face) filling the frame. Shared by the `fixture` example,
//! which writes them, and `tests/photo_selfies.rs`, which checks the verdict the widget reaches
//! on them.

use kyc_quality::synth::RgbImage;
use kyc_quality::{find_faces, guide, prepare, Cascade, Face};

/// Frames per second of the portrait clip.
pub const PORTRAIT_FPS: u32 = 5;
/// Frames of the portrait clip (Chromium loops it: two seconds of a slight shake).
pub const PORTRAIT_FRAMES: u32 = 10;
/// The face box's share of the oval's height in the portrait clip: the good framing (see
/// `FACE_MIN_FILL` and `FACE_MAX_FILL` in the crate's README, "Faces").
pub const PORTRAIT_FILL: f32 = 0.6;
/// The largest shake of the portrait clip, in shares of the frame's height.
pub const SHAKE: f32 = 0.004;

/// The wall around the astronaut's photograph.
const WALL: [f32; 3] = [168.0, 164.0, 156.0];

macro_rules! photo {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/testdata/faces/",
            $name
        ))
    };
}

/// A PNG photograph as RGB (grey and alpha expanded or dropped).
fn decode_png(bytes: &[u8]) -> Result<RgbImage, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader.output_buffer_size().ok_or("the photograph is too large")?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let channels = info.color_type.samples();
    let mut data = Vec::with_capacity((info.width * info.height * 3) as usize);
    for px in buf[..info.buffer_size()].chunks(channels) {
        match px {
            [grey] | [grey, _] => data.extend([*grey; 3]),
            _ => data.extend(&px[..3]),
        }
    }
    Ok(RgbImage {
        width: info.width,
        height: info.height,
        data,
    })
}

/// The one face the detector finds on `photo` (prepared to the analysis size, as the service
/// does), in the photograph's own pixels.
fn the_face(photo: &RgbImage) -> Result<Face, String> {
    let cascade = Cascade::parse(include_bytes!("../../models/facefinder")).map_err(|e| format!("{e:?}"))?;
    let prepared = prepare(&photo.to_luma());
    let k = photo.width as f32 / prepared.width as f32;
    match find_faces(&cascade, &prepared).as_slice() {
        [face] => Ok(Face {
            x: face.x * k,
            y: face.y * k,
            size: face.size * k,
            score: face.score,
            degrees: face.degrees,
        }),
        faces => Err(format!("{} faces on the photograph, want one", faces.len())),
    }
}

/// A `w x h` frame showing `photo` scaled by `scale`, its point `anchor` at `at` (bilinear;
/// `WALL` where the photograph does not reach), plus a grain of about ±2 levels from `seed`.
fn place(
    photo: &RgbImage,
    anchor: (f32, f32),
    at: (f32, f32),
    scale: f32,
    (w, h): (u32, u32),
    seed: u64,
) -> RgbImage {
    let (pw, ph) = (photo.width, photo.height);
    let px = |u: u32, v: u32, c: usize| photo.data[((v * pw + u) * 3) as usize + c] as f32;
    let mut data = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let u = (x as f32 - at.0) / scale + anchor.0;
            let v = (y as f32 - at.1) / scale + anchor.1;
            let grain = grain(seed, x, y);
            if u < 0.0 || v < 0.0 || u > (pw - 1) as f32 || v > (ph - 1) as f32 {
                data.extend(WALL.map(|c| (c + grain).round().clamp(0.0, 255.0) as u8));
                continue;
            }
            let (u0, v0) = (u.floor() as u32, v.floor() as u32);
            let (u1, v1) = ((u0 + 1).min(pw - 1), (v0 + 1).min(ph - 1));
            let (fu, fv) = (u - u0 as f32, v - v0 as f32);
            for c in 0..3 {
                let top = px(u0, v0, c) * (1.0 - fu) + px(u1, v0, c) * fu;
                let bottom = px(u0, v1, c) * (1.0 - fu) + px(u1, v1, c) * fu;
                let value = top * (1.0 - fv) + bottom * fv + grain;
                data.push(value.round().clamp(0.0, 255.0) as u8);
            }
        }
    }
    RgbImage {
        width: w,
        height: h,
        data,
    }
}

/// A deterministic sensor grain in -2..=2 levels.
fn grain(seed: u64, x: u32, y: u32) -> f32 {
    let mut z = seed ^ (u64::from(x) << 32 | u64::from(y)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) % 5) as f32 - 2.0
}

/// The `portrait-selfie` clip: [`PORTRAIT_FRAMES`] frames of `w x h` at [`PORTRAIT_FPS`], the
/// astronaut's face box [`PORTRAIT_FILL`] of the selfie oval's height, centered in the oval
/// (as found by the detector), shaken by up to [`SHAKE`] of the frame's height, each frame
/// with its own grain.
pub fn portrait_selfie(w: u32, h: u32, seed: u64) -> Result<Vec<RgbImage>, String> {
    let photo = decode_png(photo!("astronaut.png"))?;
    let face = the_face(&photo)?;
    let oval = guide::selfie_oval(w, h);
    let center = (
        oval.x as f32 + oval.w as f32 / 2.0,
        oval.y as f32 + oval.h as f32 / 2.0,
    );
    let scale = oval.h as f32 * PORTRAIT_FILL / face.size;
    let shake = h as f32 * SHAKE;
    Ok((0..PORTRAIT_FRAMES)
        .map(|i| {
            let turn = std::f32::consts::TAU * i as f32 / PORTRAIT_FRAMES as f32;
            let at = (center.0 + shake * turn.sin(), center.1 + shake * 0.7 * turn.cos());
            place(
                &photo,
                (face.x, face.y),
                at,
                scale,
                (w, h),
                seed.wrapping_add(u64::from(i)),
            )
        })
        .collect())
}

/// The `cat-selfie` frame: the cat's photograph scaled to cover `w x h`, centered.
pub fn cat_selfie(w: u32, h: u32, seed: u64) -> Result<RgbImage, String> {
    let photo = decode_png(photo!("no-face-cat.png"))?;
    let (pw, ph) = (photo.width as f32, photo.height as f32);
    let scale = (w as f32 / pw).max(h as f32 / ph);
    let (anchor, at) = ((pw / 2.0, ph / 2.0), (w as f32 / 2.0, h as f32 / 2.0));
    Ok(place(&photo, anchor, at, scale, (w, h), seed))
}
