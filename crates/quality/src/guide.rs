//! The geometry of the on-screen guides, the one definition the widget (overlay, crop, live
//! frames), the sandbox and the fixtures use.
//!
//! - The card guide is centered in the camera frame, has the ID-1 aspect ratio
//!   ([`ID1_WIDTH_MM`] : [`ID1_HEIGHT_MM`] = 85.6 : 53.98), and is 80% of the frame width,
//!   shrunk when needed so that its height is at most 80% of the frame height
//!   ([`GUIDE_FILL`]). At 1280x720 that is 913x576 at (183, 72).
//! - The selfie oval is centered, [`OVAL_HEIGHT`] of the frame height tall and [`OVAL_ASPECT`]
//!   as wide as tall, at most [`OVAL_MAX_WIDTH`] of the frame width.
//! - For [`Kind::Document`] the analysed image is the card guide plus a margin of 6% of the
//!   guide's size on each side ([`MARGIN`]), clamped to the frame, so a card that fills the
//!   guide has its edges about 6% in from each border (0.06 / 1.12 = 5.4%). At 1280x720 that
//!   crop is 1023x646 at (128, 37); [`prepare`](crate::prepare) turns it into 570x360. The
//!   widget uploads exactly that crop, with the guide's place in it as `capture_margins`
//!   ([`capture_crop`]). A selfie is the whole frame.

use kyc_contract::CaptureMargins;

use crate::Kind;

/// An axis-aligned rectangle in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rect {
    /// Left.
    pub x: u32,
    /// Top.
    pub y: u32,
    /// Width.
    pub w: u32,
    /// Height.
    pub h: u32,
}

/// ID-1 card width (ISO/IEC 7810), millimetres.
pub const ID1_WIDTH_MM: f32 = 85.6;
/// ID-1 card height (ISO/IEC 7810), millimetres.
pub const ID1_HEIGHT_MM: f32 = 53.98;
/// The card guide's largest share of the frame width and of the frame height.
pub const GUIDE_FILL: f32 = 0.8;
/// The margin added around the card guide on each side, as a share of the guide's size.
pub const MARGIN: f32 = 0.06;
/// The selfie oval's height as a share of the frame height.
pub const OVAL_HEIGHT: f32 = 0.6;
/// The selfie oval's width / height.
pub const OVAL_ASPECT: f32 = 0.75;
/// The selfie oval's largest share of the frame width.
pub const OVAL_MAX_WIDTH: f32 = 0.9;

/// A `w x h` box (at least 1x1) centered in a `frame_w x frame_h` frame.
fn centered(frame_w: u32, frame_h: u32, w: f32, h: f32) -> Rect {
    let (w, h) = ((w.round() as u32).max(1), (h.round() as u32).max(1));
    Rect {
        x: frame_w.saturating_sub(w) / 2,
        y: frame_h.saturating_sub(h) / 2,
        w,
        h,
    }
}

/// The card guide in a `frame_w x frame_h` frame (see the module docs).
pub fn card_guide(frame_w: u32, frame_h: u32) -> Rect {
    let aspect = ID1_WIDTH_MM / ID1_HEIGHT_MM;
    let mut w = frame_w as f32 * GUIDE_FILL;
    let mut h = w / aspect;
    if h > frame_h as f32 * GUIDE_FILL {
        h = frame_h as f32 * GUIDE_FILL;
        w = h * aspect;
    }
    centered(frame_w, frame_h, w, h)
}

/// The box of the selfie oval in a `frame_w x frame_h` frame (see the module docs).
pub fn selfie_oval(frame_w: u32, frame_h: u32) -> Rect {
    let mut h = frame_h as f32 * OVAL_HEIGHT;
    let mut w = h * OVAL_ASPECT;
    if w > frame_w as f32 * OVAL_MAX_WIDTH {
        w = frame_w as f32 * OVAL_MAX_WIDTH;
        h = w / OVAL_ASPECT;
    }
    centered(frame_w, frame_h, w, h)
}

/// The guide shown for `kind`: the card guide for a document, the oval for the selfie.
pub fn guide_for(kind: Kind, frame_w: u32, frame_h: u32) -> Rect {
    match kind {
        Kind::Document => card_guide(frame_w, frame_h),
        Kind::Selfie => selfie_oval(frame_w, frame_h),
    }
}

/// `guide` plus [`MARGIN`] of its size on each side, clamped to the `frame_w x frame_h` frame.
pub fn with_margin(guide: Rect, frame_w: u32, frame_h: u32) -> Rect {
    let mx = (guide.w as f32 * MARGIN).round() as u32;
    let my = (guide.h as f32 * MARGIN).round() as u32;
    let x = guide.x.saturating_sub(mx);
    let y = guide.y.saturating_sub(my);
    let x1 = (guide.x + guide.w + mx).min(frame_w);
    let y1 = (guide.y + guide.h + my).min(frame_h);
    Rect {
        x,
        y,
        w: x1.saturating_sub(x),
        h: y1.saturating_sub(y),
    }
}

/// The card guide plus [`MARGIN`] on each side, clamped to the frame: the crop to analyse
/// (and to upload) for a document.
pub fn analysis_crop(frame_w: u32, frame_h: u32) -> Rect {
    with_margin(card_guide(frame_w, frame_h), frame_w, frame_h)
}

/// The part of a `frame_w x frame_h` camera frame that becomes the picture of `kind`, with the
/// guide's place inside it (in pixels of that part: the contract's `capture_margins`). A
/// document is the [`analysis_crop`] with the card guide's margins; a selfie (or a frame
/// without pixels) is the whole frame and no margins.
pub fn capture_crop(kind: Kind, frame_w: u32, frame_h: u32) -> (Rect, Option<CaptureMargins>) {
    if kind == Kind::Selfie || frame_w == 0 || frame_h == 0 {
        let whole = Rect {
            x: 0,
            y: 0,
            w: frame_w,
            h: frame_h,
        };
        return (whole, None);
    }
    let g = card_guide(frame_w, frame_h);
    let c = with_margin(g, frame_w, frame_h);
    let margins = CaptureMargins {
        left: f64::from(g.x.saturating_sub(c.x)),
        right: f64::from((c.x + c.w).saturating_sub(g.x + g.w)),
        top: f64::from(g.y.saturating_sub(c.y)),
        bottom: f64::from((c.y + c.h).saturating_sub(g.y + g.h)),
    };
    (c, Some(margins))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_guide_is_centered_id1() {
        let aspect = ID1_WIDTH_MM / ID1_HEIGHT_MM;
        // Width-bound would be 1536 wide and 968.6 tall > 864: height-bound instead.
        let g = card_guide(1920, 1080);
        assert_eq!(g.h, 864);
        assert!((g.w as f32 / g.h as f32 - aspect).abs() < 0.01, "{g:?}");
        assert!((g.x + g.w / 2).abs_diff(960) <= 1 && (g.y + g.h / 2).abs_diff(540) <= 1);
        // Portrait phone frame: width-bound.
        let g = card_guide(1080, 1920);
        assert_eq!(g.w, 864);
        assert!(g.h < 1536);
    }

    #[test]
    fn selfie_oval_is_a_centered_portrait_box() {
        let g = selfie_oval(1280, 720);
        assert_eq!(g.h, 432);
        assert_eq!(g.w, 324);
        assert!((g.x + g.w / 2).abs_diff(640) <= 1);
        // A very narrow frame: width capped at 90%.
        let g = selfie_oval(300, 1000);
        assert_eq!(g.w, 270);
        assert!(g.x + g.w <= 300 && g.y + g.h <= 1000);
        assert_eq!(guide_for(Kind::Selfie, 300, 1000), g);
        assert_eq!(guide_for(Kind::Document, 300, 1000), card_guide(300, 1000));
    }

    #[test]
    fn document_crop_at_1280x720() {
        let (r, m) = capture_crop(Kind::Document, 1280, 720);
        assert_eq!((r.x, r.y, r.w, r.h), (128, 37, 1023, 646));
        assert_eq!(r, analysis_crop(1280, 720));
        // The margins locate the guide (913x576 at 183, 72) inside the crop.
        let m = m.unwrap_or_default();
        assert_eq!((m.left, m.top, m.right, m.bottom), (55.0, 35.0, 55.0, 35.0));
        assert_eq!(r.w as f64 - m.left - m.right, 913.0);
        assert_eq!(r.h as f64 - m.top - m.bottom, 576.0);
    }

    #[test]
    fn document_crop_margins_add_up_and_stay_in_frame() {
        for (fw, fh) in [
            (1920, 1080),
            (1080, 1920),
            (640, 480),
            (4032, 3024),
            (3840, 2160),
            (10, 10),
        ] {
            let (r, m) = capture_crop(Kind::Document, fw, fh);
            let m = m.unwrap_or_default();
            assert!(r.x + r.w <= fw && r.y + r.h <= fh, "{fw}x{fh}: {r:?}");
            // The margins leave exactly the guide inside the crop.
            let g = card_guide(fw, fh);
            assert_eq!(r.w as f64 - m.left - m.right, g.w as f64, "{fw}x{fh}: {m:?}");
            assert_eq!(r.h as f64 - m.top - m.bottom, g.h as f64, "{fw}x{fh}: {m:?}");
            // The crop is larger than the guide by about 12% of it on each axis.
            if fw >= 100 {
                assert!(
                    (r.w as f32 - g.w as f32 * 1.12).abs() <= 2.0,
                    "{fw}x{fh}: {r:?} vs {g:?}"
                );
            }
        }
    }

    #[test]
    fn margin_is_clamped_to_the_frame() {
        // A frame exactly the guide's aspect with a tiny border: the 6% margin runs out.
        let (r, m) = capture_crop(Kind::Document, 1000, 500);
        let m = m.unwrap_or_default();
        assert!(m.top >= 0.0 && m.bottom >= 0.0);
        assert!(r.y + r.h <= 500);
    }

    #[test]
    fn a_selfie_is_the_whole_frame() {
        let (r, m) = capture_crop(Kind::Selfie, 1280, 720);
        assert_eq!(
            r,
            Rect {
                x: 0,
                y: 0,
                w: 1280,
                h: 720
            }
        );
        assert_eq!(m, None);
        let (r, m) = capture_crop(Kind::Document, 0, 0);
        assert_eq!((r.w, r.h, m), (0, 0, None));
    }
}
