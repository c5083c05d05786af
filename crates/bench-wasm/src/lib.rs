//! The quality checks of `kyc-quality`, exported to JavaScript for the
//! in-browser benchmark: `scripts/bench` runs them in headless Chromium next
//! to a straightforward JavaScript implementation of the same metrics
//! (`tests/e2e/bench/quality.js`: sharpness, light and glare) on the same
//! frame, and prints both timings; the card finder, which has no JavaScript
//! peer, is timed on its own (the whole document `assess`), and so is the face detector
//! (`check_face` on a 640x360 selfie frame).

use kyc_quality::{assess, check_face, synth, Cascade, Kind, LumaImage, Metrics};
use wasm_bindgen::prelude::*;

/// A synthetic 640x360 document frame (the widget's analysis size) held in wasm memory.
#[wasm_bindgen]
pub struct Bench {
    frame: LumaImage,
    rgba: Vec<u8>,
}

#[wasm_bindgen]
impl Bench {
    /// A sharp synthetic document at 640x360 from `seed`, with a specular
    /// patch when `glare` is set (which exercises the blob labelling).
    #[wasm_bindgen(constructor)]
    pub fn new(seed: u32, glare: bool) -> Bench {
        let (w, h) = (kyc_quality::ANALYSIS_WIDTH, kyc_quality::ANALYSIS_HEIGHT);
        let mut frame = synth::document(w, h, u64::from(seed));
        if glare {
            frame = synth::with_glare(&frame, w as f32 * 0.6, h as f32 * 0.4, h as f32 * 0.12);
        }
        let rgba = frame.data.iter().flat_map(|&l| [l, l, l, 255]).collect();
        Bench { frame, rgba }
    }

    /// Frame width.
    pub fn width(&self) -> u32 {
        self.frame.width
    }

    /// Frame height.
    pub fn height(&self) -> u32 {
        self.frame.height
    }

    /// A copy of the luma frame, for the JavaScript implementation to measure the same pixels.
    pub fn luma(&self) -> Vec<u8> {
        self.frame.data.clone()
    }

    /// The frame as RGBA (what a canvas' getImageData gives the widget).
    pub fn rgba(&self) -> Vec<u8> {
        self.rgba.clone()
    }

    /// Measures the metrics the JavaScript peer implements (sharpness, light, glare) on the
    /// luma frame `iterations` times; returns a checksum so the work cannot be optimised away.
    pub fn run(&self, iterations: u32) -> f64 {
        let mut sum = 0.0;
        for _ in 0..iterations {
            sum += f64::from(Metrics::measure(&self.frame, Kind::Selfie).sharpness);
        }
        sum
    }

    /// The same metrics on the widget's per-frame path: RGBA bytes in (copied from
    /// JavaScript), luma conversion, then the measurement.
    pub fn run_rgba(&self, rgba: &[u8], iterations: u32) -> f64 {
        let mut sum = 0.0;
        for _ in 0..iterations {
            if let Ok(luma) = LumaImage::from_rgba(rgba, self.frame.width, self.frame.height) {
                sum += f64::from(Metrics::measure(&luma, Kind::Selfie).sharpness);
            }
        }
        sum
    }

    /// The whole document `assess` the widget runs per frame, card finder included.
    pub fn run_document(&self, iterations: u32) -> f64 {
        let mut sum = 0.0;
        for _ in 0..iterations {
            sum += f64::from(
                assess(&self.frame, Kind::Document)
                    .metrics
                    .document
                    .unwrap_or(0.0),
            );
        }
        sum
    }

    /// `[sharpness, brightness, glare share, glare largest blob, document presence]`.
    pub fn metrics(&self) -> Vec<f64> {
        let m: Metrics = assess(&self.frame, Kind::Document).metrics;
        vec![
            f64::from(m.sharpness),
            f64::from(m.brightness),
            f64::from(m.glare.share),
            f64::from(m.glare.largest_blob),
            f64::from(m.document.unwrap_or(f32::NAN)),
        ]
    }
}

/// The face detector on a synthetic 640x360 selfie frame, with the model the service embeds.
#[wasm_bindgen]
pub struct FaceBench {
    cascade: Cascade,
    frame: LumaImage,
}

#[wasm_bindgen]
impl FaceBench {
    /// The selfie of `seed` and the parsed face model.
    #[wasm_bindgen(constructor)]
    pub fn new(seed: u32) -> Result<FaceBench, JsError> {
        let cascade = Cascade::parse(include_bytes!("../../quality/models/facefinder"))?;
        let frame = synth::face(
            kyc_quality::ANALYSIS_WIDTH,
            kyc_quality::ANALYSIS_HEIGHT,
            u64::from(seed),
        );
        Ok(FaceBench { cascade, frame })
    }

    /// Runs `check_face` `iterations` times; returns the faces found in all (one per run).
    pub fn run(&self, iterations: u32) -> u32 {
        (0..iterations)
            .map(|_| check_face(&self.cascade, &self.frame).faces.len() as u32)
            .sum()
    }
}
