//! The geometry of the guides and crops (`kyc_quality::guide`), and the service's analysis of
//! an upload (`kyc_sandbox::analysis`: the crop by `capture_margins`, then the quality checks),
//! with arbitrary frame sizes, card positions and margins (negative, huge, NaN, infinite).
//!
//! Properties: no panic (nor overflow: the targets build with overflow checks); every crop lies
//! inside its frame; the margins locate the guide or the card exactly; the service's crop has
//! one byte per pixel and is never larger than the upload.
//! Frame sizes go up to 65535, the largest a JPEG or a browser's canvas can have; uploads
//! analysed up to 64x64 pixels (the crop and the checks take the same paths at any size; each
//! run stays short).
#![no_main]

use arbitrary::Arbitrary;
use kyc_contract::{CaptureMargins, ImageType};
use kyc_quality::guide::{
    analysis_crop, capture_crop, card_capture_crop, card_guide, fit, min_fill, picture_crop, selfie_oval,
    FoundCard, Rect, MIN_CROP, MIN_FILL,
};
use kyc_quality::{Card, Kind};
use kyc_sandbox::analysis;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    frame_w: u16,
    frame_h: u16,
    selfie: bool,
    card: (u32, u32, u32, u32),
    corners: [(f32, f32); 4],
    image_w: u32,
    margins: Option<(f64, f64, f64, f64)>,
    image_type: u8,
    upload_w: u16,
    upload_h: u16,
    pixels: Vec<u8>,
}

fn inside(r: Rect, w: u32, h: u32) -> bool {
    u64::from(r.x) + u64::from(r.w) <= u64::from(w) && u64::from(r.y) + u64::from(r.h) <= u64::from(h)
}

fuzz_target!(|input: Input| {
    let (fw, fh) = (u32::from(input.frame_w), u32::from(input.frame_h));
    let kind = if input.selfie {
        Kind::Selfie
    } else {
        Kind::Document
    };
    if fw > 0 && fh > 0 {
        for r in [card_guide(fw, fh), selfie_oval(fw, fh), analysis_crop(fw, fh)] {
            assert!(inside(r, fw, fh), "{r:?} outside {fw}x{fh}");
        }
        let fill = min_fill(fw, fh);
        assert!(fill.is_finite() && fill >= MIN_FILL);
    }
    let (crop, margins) = capture_crop(kind, fw, fh);
    assert!(inside(crop, fw, fh), "{crop:?} outside {fw}x{fh}");
    if let Some(m) = margins {
        let g = card_guide(fw, fh);
        assert_eq!(f64::from(crop.x) + m.left, f64::from(g.x));
        assert_eq!(f64::from(crop.y) + m.top, f64::from(g.y));
        assert_eq!(f64::from(crop.w) - m.left - m.right, f64::from(g.w));
        assert_eq!(f64::from(crop.h) - m.top - m.bottom, f64::from(g.h));
    }

    let (x, y, w, h) = input.card;
    let bounds = Rect { x, y, w, h };
    if let Some((c, m)) = card_capture_crop(bounds, fw, fh, MIN_CROP.0, MIN_CROP.1) {
        assert!(inside(c, fw, fh), "{c:?} outside {fw}x{fh}");
        assert!(c.w.max(c.h) >= MIN_CROP.0 && c.w.min(c.h) >= MIN_CROP.1);
        assert_eq!(f64::from(c.x) + m.left, f64::from(x));
        assert_eq!(f64::from(c.y) + m.top, f64::from(y));
        assert_eq!(f64::from(c.w) - m.left - m.right, f64::from(w));
        assert_eq!(f64::from(c.h) - m.top - m.bottom, f64::from(h));
    }
    let card = Card {
        corners: input.corners,
        cover: 1.0,
    };
    let found = FoundCard::in_frame(&card, input.image_w, fw, fh);
    assert!(inside(found.bounds, fw, fh), "{found:?} outside {fw}x{fh}");
    let _ = fit(&card, input.image_w, fw, fh);
    for found in [
        found,
        FoundCard {
            bounds,
            frame_w: fw,
            frame_h: fh,
        },
    ] {
        let (r, _) = picture_crop(kind, Some(found), fw, fh);
        assert!(inside(r, fw, fh), "{r:?} outside {fw}x{fh}");
    }

    // The service's analysis of an upload of this size.
    let (uw, uh) = (
        1 + u32::from(input.upload_w) % 64,
        1 + u32::from(input.upload_h) % 64,
    );
    let len = uw as usize * uh as usize;
    let luma: Vec<u8> = if input.pixels.is_empty() {
        vec![128; len]
    } else {
        input.pixels.iter().copied().cycle().take(len).collect()
    };
    let margins = input.margins.map(|(left, right, top, bottom)| CaptureMargins {
        left,
        right,
        top,
        bottom,
    });
    let (cw, ch, cropped) = analysis::crop(uw, uh, &luma, margins);
    assert!(cw <= uw && ch <= uh && cw > 0 && ch > 0, "{cw}x{ch} of {uw}x{uh}");
    assert_eq!(cropped.len(), cw as usize * ch as usize);
    let image_type = ImageType::ALL[usize::from(input.image_type) % ImageType::ALL.len()];
    let outcome = analysis::assess(uw, uh, luma, image_type, margins);
    assert!(outcome.metrics.is_some(), "{uw}x{uh} could not be measured");
});
