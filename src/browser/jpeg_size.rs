//! The sizes and qualities a picture is encoded at: the contract's limits, the size
//! targets, the JPEG quality steps, and the capture margins scaled to the encoded picture
//! (pure functions, tested natively).

use kyc_contract::{limits, CaptureMargins, ImageType};
use kyc_quality::guide::Rect;

use super::capture::ImageError;

/// JPEG qualities tried in turn at the full size.
pub const QUALITY_STEPS: [f64; 7] = [0.92, 0.85, 0.78, 0.71, 0.64, 0.57, 0.5];
/// JPEG qualities tried at each reduced size.
pub const REDUCED_QUALITY_STEPS: [f64; 2] = [0.7, 0.5];
/// The factor applied to both sides when the lowest quality is still too large.
pub const SHRINK_FACTOR: f64 = 0.85;

/// Margins measured in `region` pixels, in pixels of the `out_w` x `out_h` image made from it.
pub fn scale_margins(m: CaptureMargins, region: Rect, out_w: u32, out_h: u32) -> CaptureMargins {
    let sx = f64::from(out_w) / f64::from(region.w.max(1));
    let sy = f64::from(out_h) / f64::from(region.h.max(1));
    let round = |v: f64| (v * 10.0).round() / 10.0;
    CaptureMargins {
        left: round(m.left * sx),
        right: round(m.right * sx),
        top: round(m.top * sy),
        bottom: round(m.bottom * sy),
    }
}

/// The output size for a source region: [`limits::fit`], or [`ImageError::TooSmall`].
pub fn output_size(w: u32, h: u32) -> Result<(u32, u32), ImageError> {
    limits::fit(w, h).ok_or(ImageError::TooSmall { width: w, height: h })
}

/// The next smaller size ([`SHRINK_FACTOR`] on both sides) if it is still within the limits.
pub fn shrink(w: u32, h: u32) -> Option<(u32, u32)> {
    let (nw, nh) = (
        (w as f64 * SHRINK_FACTOR).floor() as u32,
        (h as f64 * SHRINK_FACTOR).floor() as u32,
    );
    limits::check(nw, nh).ok().map(|_| (nw, nh))
}

/// The JPEG size target of an image type.
pub fn target_bytes(kind: ImageType) -> usize {
    if kind.is_document() {
        limits::DOCUMENT_TARGET_BYTES
    } else {
        limits::SELFIE_TARGET_BYTES
    }
}

#[cfg(test)]
mod tests {
    use kyc_quality::{guide::capture_crop, Kind};

    use super::*;

    #[test]
    fn margins_scale_with_the_output() {
        let region = Rect {
            x: 10,
            y: 10,
            w: 1000,
            h: 500,
        };
        let m = CaptureMargins {
            left: 50.0,
            right: 50.0,
            top: 25.0,
            bottom: 25.0,
        };
        let s = scale_margins(m, region, 500, 250);
        assert_eq!(
            s,
            CaptureMargins {
                left: 25.0,
                right: 25.0,
                top: 12.5,
                bottom: 12.5
            }
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(output_size(1920, 1080), Ok((1920, 1080)));
        assert_eq!(output_size(4032, 3024), Ok((2880, 2160)));
        assert_eq!(
            output_size(600, 480),
            Err(ImageError::TooSmall {
                width: 600,
                height: 480
            })
        );
        // A 640x480 camera's document crop is too small.
        let (r, _) = capture_crop(Kind::Document, 640, 480);
        assert!(matches!(output_size(r.w, r.h), Err(ImageError::TooSmall { .. })));
        // A 1920x1080 camera's document crop is fine.
        let (r, _) = capture_crop(Kind::Document, 1920, 1080);
        assert!(output_size(r.w, r.h).is_ok());
    }

    #[test]
    fn shrinking_stops_at_the_minimum() {
        assert_eq!(shrink(1920, 1080), Some((1632, 918)));
        assert_eq!(shrink(700, 500), None);
        let mut size = (3840, 2160);
        let mut n = 0;
        while let Some(s) = shrink(size.0, size.1) {
            assert!(limits::check(s.0, s.1).is_ok());
            size = s;
            n += 1;
        }
        assert!(n > 3);
    }

    #[test]
    fn quality_steps_go_down_to_about_half() {
        assert!(QUALITY_STEPS.windows(2).all(|w| w[0] > w[1]));
        assert_eq!(QUALITY_STEPS[0], 0.92);
        assert!((QUALITY_STEPS[QUALITY_STEPS.len() - 1] - 0.5).abs() < 1e-9);
        assert_eq!(target_bytes(ImageType::Selfie), limits::SELFIE_TARGET_BYTES);
        assert_eq!(
            target_bytes(ImageType::DocumentFront),
            limits::DOCUMENT_TARGET_BYTES
        );
    }
}
