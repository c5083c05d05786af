//! Image quality for uploads: the one place that calls the quality crate.
//!
//! `capture_margins` locate the card (or the capture guide) inside the uploaded
//! image (the reference spec's "image area to process"): values <= 1.0 are
//! fractions of the uploaded image's width (left, right) or height (top,
//! bottom); larger values are pixels of the uploaded image. The service
//! measures a document on that area plus `kyc_quality::guide::MARGIN` of its
//! size on each side (clamped to the image), which is exactly what the widget
//! uploads (`kyc_quality::guide::picture_crop`), so the service and the widget
//! measure the same pixels. Negative or non-finite
//! values count as 0, and margins that would leave less than a quarter of
//! either side are ignored (the whole upload is measured).
//!
//! Faces: a selfie gets the face checks of `kyc_quality::check_face` on the
//! same prepared picture (one face, in the oval, big enough, not too close,
//! not cut off, upright), combined with light, glare and sharpness by
//! `kyc_quality::selfie_feedback`; a framed document front (with
//! `capture_margins`) that passes the document checks must show its holder's
//! portrait (`kyc_quality::has_portrait`), else `document_face_not_found`.
//! Like the card check, the portrait check needs the framing: in a picture of
//! unknown framing the card, and so its portrait, may be of any size. The
//! face model is embedded ([`FACE_MODEL`]) and parsed once.

use std::sync::LazyLock;

use kyc_contract::{CaptureMargins, FaceFinding, Feedback, ImageType};
use kyc_quality::guide::{with_margin, Rect};
use kyc_quality::{Cascade, CascadeError, Face, LumaImage};

/// The pico frontal-face cascade of the quality crate (MIT, see its `models/`).
pub const FACE_MODEL: &[u8] = include_bytes!("../../quality/models/facefinder");

/// The face model, parsed on first use.
static FACES: LazyLock<Result<Cascade, CascadeError>> = LazyLock::new(|| Cascade::parse(FACE_MODEL));

/// The analysis of one upload.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// `ok` or why the image is rejected.
    pub feedback: Feedback,
    /// A sentence for `other` (`too_dark`, `too_bright`).
    pub custom_feedback: Option<String>,
    /// The measurements behind the feedback (none for an unreadable picture).
    pub metrics: Option<kyc_quality::Metrics>,
    /// The faces found, in shares of the uploaded picture: a selfie's, and a framed document
    /// front's when its portrait was looked for.
    pub faces: Vec<FaceFinding>,
}

/// The region of a `w` x `h` picture that is measured, in its pixels: the guide located by the
/// capture margins (see the module docs for units) plus its margin, clamped to the picture;
/// the whole picture without margins or with margins that make no sense.
pub fn measured_region(w: u32, h: u32, m: Option<CaptureMargins>) -> Rect {
    let whole = Rect { x: 0, y: 0, w, h };
    let Some(m) = m else { return whole };
    let px = |v: f64, side: u32| -> u32 {
        if !v.is_finite() || v <= 0.0 {
            0
        } else if v <= 1.0 {
            (v * side as f64).round() as u32
        } else {
            v.round().min(side as f64) as u32
        }
    };
    let (l, r, t, b) = (px(m.left, w), px(m.right, w), px(m.top, h), px(m.bottom, h));
    let gw = w.saturating_sub(l.saturating_add(r));
    let gh = h.saturating_sub(t.saturating_add(b));
    if gw < w / 4 || gh < h / 4 || gw == 0 || gh == 0 {
        return whole;
    }
    // The guide plus the quality checks' margin around it, clamped to the image.
    let guide = Rect {
        x: l,
        y: t,
        w: gw,
        h: gh,
    };
    with_margin(guide, w, h)
}

/// Crops a luma buffer to its [`measured_region`]: its width, height and pixels.
pub fn crop(w: u32, h: u32, data: &[u8], m: Option<CaptureMargins>) -> (u32, u32, Vec<u8>) {
    let c = measured_region(w, h, m);
    if (c.x, c.y, c.w, c.h) == (0, 0, w, h) {
        return (w, h, data.to_vec());
    }
    let mut out = Vec::with_capacity((c.w * c.h) as usize);
    for y in c.y..c.y + c.h {
        let row = (y * w) as usize;
        out.extend_from_slice(&data[row + c.x as usize..row + (c.x + c.w) as usize]);
    }
    (c.w, c.h, out)
}

/// `faces` found in `prepared` (the analysis-size copy of `region` of a `w` x `h` picture), in
/// shares of the picture: the center's share of its width and height, the box's side as a
/// share of its height.
fn findings(faces: &[Face], prepared: &LumaImage, region: Rect, w: u32, h: u32) -> Vec<FaceFinding> {
    let kx = region.w as f32 / prepared.width.max(1) as f32;
    let ky = region.h as f32 / prepared.height.max(1) as f32;
    let (w, h) = (w.max(1) as f32, h.max(1) as f32);
    faces
        .iter()
        .map(|f| FaceFinding {
            x: (region.x as f32 + f.x * kx) / w,
            y: (region.y as f32 + f.y * ky) / h,
            size: f.size * ky / h,
            score: f.score,
            degrees: f.degrees,
        })
        .collect()
}

/// Measures a decoded upload (8-bit luma) and answers with its feedback.
pub fn assess(
    w: u32,
    h: u32,
    luma: Vec<u8>,
    image_type: ImageType,
    margins: Option<CaptureMargins>,
) -> Outcome {
    let margins = if image_type.is_document() { margins } else { None };
    // Without margins the guide's place is unknown (a file the customer chose): the
    // card-position check is skipped, light, glare and sharpness still apply.
    let framed = margins.is_some();
    let region = measured_region(w, h, margins);
    let (cw, ch, data) = crop(w, h, &luma, margins);
    let kind = kyc_quality::Kind::of(image_type);
    let Ok(img) = LumaImage::new(cw, ch, data) else {
        // Cannot happen for a decoded JPEG; answer as for an unreadable picture.
        return Outcome {
            feedback: Feedback::Other,
            custom_feedback: Some("unreadable".into()),
            metrics: None,
            faces: vec![],
        };
    };
    let prepared = kyc_quality::prepare(&img);
    let assessment = if framed {
        kyc_quality::assess(&prepared, kind)
    } else {
        kyc_quality::assess_unframed(&prepared, kind)
    };
    let mut found = vec![];
    let feedback = match (&*FACES, image_type) {
        // The embedded model always parses; without it the face checks cannot run.
        (Err(_), _) => assessment.feedback(kind),
        (Ok(faces), ImageType::Selfie) => {
            let check = kyc_quality::check_face(faces, &prepared);
            found = check.faces.clone();
            kyc_quality::selfie_feedback(&assessment, &check)
        }
        (Ok(faces), image) if kyc_quality::portrait_expected(image, framed, &assessment) => {
            found = kyc_quality::find_faces(faces, &prepared);
            if kyc_quality::portrait_among(&found, &prepared) {
                assessment.feedback(kind)
            } else {
                Feedback::DocumentFaceNotFound
            }
        }
        (Ok(_), _) => assessment.feedback(kind),
    };
    let custom_feedback = match (feedback, assessment.reason) {
        (Feedback::Other, Some(reason)) => Some(reason.as_str().to_owned()),
        _ => None,
    };
    Outcome {
        feedback,
        custom_feedback,
        metrics: Some(assessment.metrics),
        faces: findings(&found, &prepared, region, w, h),
    }
}

/// A liveness frame as the service checks it: the picture at the analysis size, and the faces
/// found in it ([`kyc_quality::find_faces`], the detector the widget runs), best first, in
/// shares of the frame.
#[derive(Debug, Clone)]
pub struct FrameFaces {
    pub prepared: LumaImage,
    pub faces: Vec<FaceFinding>,
}

/// Prepares a decoded liveness frame (8-bit luma) and finds its faces; `None` when the model
/// could not be read (it is embedded, so never) or the buffer does not match its size.
pub fn frame_faces(w: u32, h: u32, luma: Vec<u8>) -> Option<FrameFaces> {
    let cascade = FACES.as_ref().ok()?;
    let prepared = kyc_quality::prepare(&LumaImage::new(w, h, luma).ok()?);
    let found = kyc_quality::find_faces(cascade, &prepared);
    let whole = Rect {
        x: 0,
        y: 0,
        w: prepared.width,
        h: prepared.height,
    };
    let faces = findings(&found, &prepared, whole, prepared.width, prepared.height);
    Some(FrameFaces { prepared, faces })
}

/// The mean absolute difference of luma (0..255) between two prepared frames of one size;
/// `None` when their sizes differ (they are then not the same picture).
pub fn mean_change(a: &LumaImage, b: &LumaImage) -> Option<f32> {
    if (a.width, a.height) != (b.width, b.height) || a.data.is_empty() {
        return None;
    }
    let sum: u64 = a
        .data
        .iter()
        .zip(&b.data)
        .map(|(&p, &q)| u64::from(p.abs_diff(q)))
        .sum();
    Some(sum as f32 / a.data.len() as f32)
}

/// A good synthetic picture, JPEG-encoded: a document card or a face.
pub fn sample_jpeg(image_type: ImageType, w: u32, h: u32, seed: u64) -> Vec<u8> {
    let img = if image_type.is_document() {
        kyc_quality::synth::document_rgb(w, h, seed)
    } else {
        kyc_quality::synth::face_rgb(w, h, seed)
    };
    encode_jpeg(
        img.width,
        img.height,
        &img.data,
        image::ExtendedColorType::Rgb8,
        90,
    )
}

/// Encodes 8-bit pixels (`Rgb8` or `L8`) as a JPEG.
pub fn encode_jpeg(w: u32, h: u32, pixels: &[u8], color: image::ExtendedColorType, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    enc.encode(pixels, w, h, color).expect("encoding to memory");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins_locate_the_guide_and_the_crop_keeps_its_margin() {
        let data: Vec<u8> = (0..1000u32 * 800).map(|i| (i % 251) as u8).collect();
        // Guide 800x600 at (100, 100): measured with 6% of it around (48 x 36 px).
        let m = CaptureMargins {
            top: 100.0,
            bottom: 100.0,
            left: 100.0,
            right: 100.0,
        };
        let (w, h, d) = crop(1000, 800, &data, Some(m));
        assert_eq!((w, h), (896, 672));
        let r = measured_region(1000, 800, Some(m));
        assert_eq!((r.x, r.y, r.w, r.h), (52, 64, 896, 672));
        assert_eq!(d[0], data[64 * 1000 + 52]);
        // The same in fractions.
        let f = CaptureMargins {
            top: 0.125,
            bottom: 0.125,
            left: 0.1,
            right: 0.1,
        };
        assert_eq!(crop(1000, 800, &data, Some(f)).2, d);
        // A guide near the border: the margin is clamped to the image.
        let m = CaptureMargins {
            top: 10.0,
            bottom: 10.0,
            left: 10.0,
            right: 10.0,
        };
        assert_eq!(crop(1000, 800, &data, Some(m)).0, 1000);
        // Nonsense margins are ignored.
        let m = CaptureMargins {
            top: 700.0,
            bottom: 700.0,
            left: f64::NAN,
            right: -3.0,
        };
        assert_eq!(crop(1000, 800, &data, Some(m)).0, 1000);
    }
}
