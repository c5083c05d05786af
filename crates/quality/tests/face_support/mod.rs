//! The face test cases: the real photographs of `../shared/testdata/faces` (see its README),
//! read at build time so the same tests run natively and in the browser, and the cases built
//! from them (two portraits side by side, a small face, a face cut by the border, turned,
//! darkened, blurred), as selfie frames at the analysis size.

use kyc_quality::synth::RgbImage;
use kyc_quality::LumaImage;

/// The face model the service embeds.
pub const MODEL: &[u8] = include_bytes!("../../models/facefinder");

macro_rules! photo {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/testdata/faces/",
            $name
        ))
    };
}

/// A photograph of `../shared/testdata/faces` by name, as luma.
pub fn photo(name: &str) -> LumaImage {
    photo_rgb(name).to_luma()
}

/// A photograph of `../shared/testdata/faces` by name, in color.
pub fn photo_rgb(name: &str) -> RgbImage {
    let bytes: &[u8] = match name {
        "astronaut" => photo!("astronaut.png"),
        "cameraman" => photo!("cameraman.png"),
        "cat" => photo!("no-face-cat.png"),
        "coffee" => photo!("no-face-coffee.png"),
        _ => panic!("no photograph {name}"),
    };
    decode_png(bytes)
}

fn decode_png(bytes: &[u8]) -> RgbImage {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let mut data = Vec::with_capacity((info.width * info.height * 3) as usize);
    for px in buf[..info.buffer_size()].chunks(channels) {
        match channels {
            1 | 2 => data.extend([px[0]; 3]),
            _ => data.extend(&px[..3]),
        }
    }
    RgbImage {
        width: info.width,
        height: info.height,
        data,
    }
}

/// Where the face is in `astronaut.png` (512x512): its center and the side of the detector's box,
/// as the detector finds it on the photograph (prepared to 360x360, scaled back, rounded).
pub const ASTRONAUT_FACE: ((f32, f32), f32) = ((222.0, 118.0), 105.0);

/// The wall behind the pasted photographs.
const WALL: u8 = 120;

/// A `w x h` frame of plain wall.
pub fn wall(w: u32, h: u32) -> LumaImage {
    LumaImage::filled(w, h, WALL).unwrap()
}

/// Draws `photo` into `frame`, scaled by `scale` and turned by `degrees` (clockwise on
/// screen) about its point `anchor`, which lands at `at`. Bilinear, after an area-averaging
/// reduction when it shrinks (as a camera's scaler would).
pub fn paste(
    frame: &mut LumaImage,
    photo: &LumaImage,
    anchor: (f32, f32),
    at: (f32, f32),
    scale: f32,
    degrees: f32,
) {
    let (mut photo, mut anchor, mut scale) = (photo.clone(), anchor, scale);
    if scale < 0.9 {
        let nw = ((photo.width as f32 * scale).round() as u32).max(1);
        let small = photo.downscale_to_fit(nw, photo.height);
        let k = small.width as f32 / photo.width as f32;
        anchor = (anchor.0 * k, anchor.1 * k);
        scale /= k;
        photo = small;
    }
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (pw, ph) = (photo.width as f32, photo.height as f32);
    for y in 0..frame.height {
        for x in 0..frame.width {
            let (dx, dy) = (x as f32 - at.0, y as f32 - at.1);
            // Back from the frame to the photo: undo the turn, then the scale.
            let u = (dx * cos + dy * sin) / scale + anchor.0;
            let v = (-dx * sin + dy * cos) / scale + anchor.1;
            if u < 0.0 || v < 0.0 || u > pw - 1.0 || v > ph - 1.0 {
                continue;
            }
            let (u0, v0) = (u.floor() as u32, v.floor() as u32);
            let (u1, v1) = ((u0 + 1).min(photo.width - 1), (v0 + 1).min(photo.height - 1));
            let (fu, fv) = (u - u0 as f32, v - v0 as f32);
            let p = |a: u32, b: u32| photo.get(a, b) as f32;
            let top = p(u0, v0) * (1.0 - fu) + p(u1, v0) * fu;
            let bottom = p(u0, v1) * (1.0 - fu) + p(u1, v1) * fu;
            let i = (y * frame.width + x) as usize;
            frame.data[i] = (top * (1.0 - fv) + bottom * fv).round() as u8;
        }
    }
}

/// A selfie frame `w x h` with the astronaut's face at `at`, its box `size` pixels, turned by
/// `degrees`.
pub fn astronaut_at(w: u32, h: u32, at: (f32, f32), size: f32, degrees: f32) -> LumaImage {
    let mut frame = wall(w, h);
    let (anchor, side) = ASTRONAUT_FACE;
    paste(&mut frame, &photo("astronaut"), anchor, at, size / side, degrees);
    frame
}

/// The size of the face box that fills the selfie oval as it should: 60% of its height.
pub fn good_size(w: u32, h: u32) -> f32 {
    kyc_quality::guide::selfie_oval(w, h).h as f32 * 0.6
}

/// The oval's center in a `w x h` frame.
pub fn oval_center(w: u32, h: u32) -> (f32, f32) {
    let o = kyc_quality::guide::selfie_oval(w, h);
    (o.x as f32 + o.w as f32 / 2.0, o.y as f32 + o.h as f32 / 2.0)
}

/// One test picture: a name, the frame (at the analysis size), how many faces it shows, and
/// the answer a selfie of it must get.
pub struct Case {
    /// What the picture is.
    pub name: &'static str,
    /// The frame at the analysis size.
    pub frame: LumaImage,
    /// The frontal faces in it (what a perfect detector finds).
    pub faces: usize,
    /// The selfie's expected feedback.
    pub expected: kyc_contract::Feedback,
}

/// Every selfie case: the photographs as they are, and the cases built from the portrait, in a
/// 640x360 camera frame (the analysis size).
pub fn cases() -> Vec<Case> {
    use kyc_contract::Feedback as F;
    use kyc_quality::synth::{darken, gaussian_blur};
    let (w, h) = (kyc_quality::ANALYSIS_WIDTH, kyc_quality::ANALYSIS_HEIGHT);
    let (center, size) = (oval_center(w, h), good_size(w, h));
    let good = astronaut_at(w, h, center, size, 0.0);
    let mut two = wall(w, h);
    let (anchor, side) = ASTRONAUT_FACE;
    let portrait = photo("astronaut");
    for x in [w as f32 * 0.27, w as f32 * 0.73] {
        paste(&mut two, &portrait, anchor, (x, center.1), size * 0.8 / side, 0.0);
    }
    let prepared = |name| kyc_quality::prepare(&photo(name));
    let case = |name, frame, faces, expected| Case {
        name,
        frame,
        faces,
        expected,
    };
    vec![
        // The photograph as it is: the face is small and high in the oval's square frame.
        case(
            "astronaut.png as it is",
            prepared("astronaut"),
            1,
            F::FaceCloseToBorder,
        ),
        case(
            "cameraman.png (face turned, in shadow)",
            prepared("cameraman"),
            1,
            F::FaceNotFound,
        ),
        case("no-face-cat.png", prepared("cat"), 0, F::FaceNotFound),
        case("no-face-coffee.png", prepared("coffee"), 0, F::FaceNotFound),
        case("portrait in the oval", good.clone(), 1, F::Ok),
        case("two portraits side by side", two, 2, F::MultiFace),
        case(
            "face at a tenth of the area",
            astronaut_at(w, h, center, size / 10f32.sqrt(), 0.0),
            1,
            F::FaceTooSmall,
        ),
        case(
            "face cut off at the left border",
            astronaut_at(w, h, (size * 0.45, center.1), size, 0.0),
            1,
            F::FaceCropped,
        ),
        case(
            "face beside the oval",
            astronaut_at(w, h, (center.0 + size * 1.1, center.1), size, 0.0),
            1,
            F::FaceCloseToBorder,
        ),
        case(
            "face too close",
            astronaut_at(w, h, center, size * 1.6, 0.0),
            1,
            F::FaceTooClose,
        ),
        case(
            "portrait turned 30 degrees",
            astronaut_at(w, h, center, size, 30.0),
            1,
            F::FaceRotated,
        ),
        case(
            "portrait turned -30 degrees",
            astronaut_at(w, h, center, size, -30.0),
            1,
            F::FaceRotated,
        ),
        case("portrait darkened x0.6", darken(&good, 0.6), 1, F::Ok),
        case("portrait darkened x0.3", darken(&good, 0.3), 1, F::Other),
        case(
            "portrait blurred sigma 3",
            gaussian_blur(&good, 3.0),
            1,
            F::BlurSelfie,
        ),
    ]
}
