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
//!   widget uploads that crop, with the guide's place in it as `capture_margins`
//!   ([`capture_crop`]), unless a card was found in a live frame within [`CARD_FRESH_MS`]: then
//!   the card plus [`MARGIN`] of its size, with the card's place as `capture_margins`
//!   ([`picture_crop`], when that crop meets [`MIN_CROP`]). A selfie is the whole frame.
//! - How a card found in a live frame sits in the guide ([`fit`]): too close (wider than
//!   [`MAX_FILL`] of the guide), off-center (more than [`MAX_OFFSET`]), too small for the
//!   service after the crop ([`min_fill`]: the card plus [`MARGIN`] must have [`MIN_CROP`]
//!   camera pixels, and at least [`MIN_FILL`] of the guide), or turned (over
//!   [`MAX_TILT_DEG`]).

use kyc_contract::CaptureMargins;

use crate::{Card, Kind};

mod crop;
pub use crop::{card_capture_crop, picture_crop, FoundCard, CARD_FRESH_MS};

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

/// How a card found in a live frame sits in the guide: right, or which way to move it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fit {
    /// In the guide, big enough, straight.
    Good,
    /// Too small: bring it closer.
    Closer,
    /// Wider than the guide: move it away.
    Further,
    /// Right of the guide's center: move it left (as the customer sees the screen).
    Left,
    /// Left of the guide's center: move it right.
    Right,
    /// Below the guide's center: move it up.
    Up,
    /// Above the guide's center: move it down.
    Down,
    /// Turned: hold it straight.
    Straighten,
}

/// A card wider than this share of the guide is too close ([`Fit::Further`]).
pub const MAX_FILL: f32 = 1.03;
/// The smallest share of the guide's width a card may fill whatever the camera's resolution.
pub const MIN_FILL: f32 = 0.5;
/// The farthest the card's center may be from the guide's, as a share of the guide's side.
pub const MAX_OFFSET: f32 = 0.1;
/// The largest tilt of a card, in degrees, before the hint says to hold it straight.
pub const MAX_TILT_DEG: f32 = 6.0;
/// The smallest picture the service takes: the card plus [`MARGIN`] on each side must have
/// at least these many camera pixels.
pub const MIN_CROP: (u32, u32) = (640, 480);

/// The smallest share of the guide's width a card must fill in a `camera_w x camera_h` frame
/// for the card plus [`MARGIN`] on each side to have [`MIN_CROP`] camera pixels, and at least
/// [`MIN_FILL`]. At 1280x720 that is 0.74 (the height is the limit), at 1920x1080 0.5.
pub fn min_fill(camera_w: u32, camera_h: u32) -> f32 {
    let g = card_guide(camera_w, camera_h);
    let with_margin = 1.0 + 2.0 * MARGIN;
    let by_width = MIN_CROP.0 as f32 / with_margin / g.w.max(1) as f32;
    let by_height = MIN_CROP.1 as f32 / with_margin / g.h.max(1) as f32;
    MIN_FILL.max(by_width).max(by_height)
}

/// Where `card`, found in a live frame (the [`analysis_crop`] of a `camera_w x camera_h`
/// camera frame, prepared to `image_w` pixels wide), sits in the guide. The first problem
/// wins: too close, off-center (left/right, then up/down), too small, turned.
pub fn fit(card: &Card, image_w: u32, camera_w: u32, camera_h: u32) -> Fit {
    let crop = analysis_crop(camera_w, camera_h);
    let g = card_guide(camera_w, camera_h);
    // Camera pixels per pixel of the analysed image.
    let k = crop.w.max(1) as f32 / image_w.max(1) as f32;
    let fill = card.width() * k / g.w.max(1) as f32;
    let (cx, cy) = card.center();
    let dx = (crop.x as f32 + cx * k - (g.x as f32 + g.w as f32 / 2.0)) / g.w.max(1) as f32;
    let dy = (crop.y as f32 + cy * k - (g.y as f32 + g.h as f32 / 2.0)) / g.h.max(1) as f32;
    if fill > MAX_FILL {
        Fit::Further
    } else if dx > MAX_OFFSET {
        Fit::Left
    } else if dx < -MAX_OFFSET {
        Fit::Right
    } else if dy > MAX_OFFSET {
        Fit::Up
    } else if dy < -MAX_OFFSET {
        Fit::Down
    } else if fill < min_fill(camera_w, camera_h) {
        Fit::Closer
    } else if card.tilt_degrees().abs() > MAX_TILT_DEG {
        Fit::Straighten
    } else {
        Fit::Good
    }
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

    /// A card of `fill` of the guide at `(dx, dy)` guide sides from its center, turned by
    /// `tilt` degrees, as the finder reports it in the analysed 570-pixel-wide image of a
    /// 1280x720 frame.
    fn card(fill: f32, dx: f32, dy: f32, tilt: f32) -> Card {
        let (crop, g) = (analysis_crop(1280, 720), card_guide(1280, 720));
        let k = 570.0 / crop.w as f32;
        let (w, h) = (g.w as f32 * fill, g.h as f32 * fill);
        let c = (
            g.x as f32 + g.w as f32 * (0.5 + dx),
            g.y as f32 + g.h as f32 * (0.5 + dy),
        );
        let (s, co) = tilt.to_radians().sin_cos();
        let at = |u: f32, v: f32| {
            let (x, y) = (u * w / 2.0, v * h / 2.0);
            let (x, y) = (c.0 + x * co - y * s, c.1 + x * s + y * co);
            ((x - crop.x as f32) * k, (y - crop.y as f32) * k)
        };
        Card {
            corners: [at(-1.0, -1.0), at(1.0, -1.0), at(1.0, 1.0), at(-1.0, 1.0)],
            cover: 1.0,
        }
    }

    #[test]
    fn the_fit_says_which_way_to_move() {
        let fit = |c: Card| fit(&c, 570, 1280, 720);
        assert_eq!(fit(card(0.9, 0.0, 0.0, 0.0)), Fit::Good);
        assert_eq!(fit(card(1.0, 0.05, -0.05, 4.0)), Fit::Good);
        assert_eq!(fit(card(1.08, 0.0, 0.0, 0.0)), Fit::Further);
        assert_eq!(fit(card(0.6, 0.0, 0.0, 0.0)), Fit::Closer);
        assert_eq!(fit(card(0.7, 0.2, 0.0, 0.0)), Fit::Left);
        assert_eq!(fit(card(0.7, -0.2, 0.0, 0.0)), Fit::Right);
        assert_eq!(fit(card(0.8, 0.0, 0.15, 0.0)), Fit::Up);
        assert_eq!(fit(card(0.8, 0.0, -0.15, 0.0)), Fit::Down);
        assert_eq!(fit(card(0.85, 0.0, 0.0, 9.0)), Fit::Straighten);
        assert_eq!(fit(card(0.85, 0.0, 0.0, -9.0)), Fit::Straighten);
        // Too close wins over off-center; off-center over too small.
        assert_eq!(fit(card(1.1, 0.2, 0.0, 0.0)), Fit::Further);
        assert_eq!(fit(card(0.6, 0.0, 0.2, 0.0)), Fit::Up);
    }

    #[test]
    fn big_enough_means_the_crop_meets_the_service_minimum() {
        // 1280x720: the guide is 913x576; the card plus margins must be 480 high.
        let f = min_fill(1280, 720);
        let g = card_guide(1280, 720);
        assert!((g.h as f32 * f * (1.0 + 2.0 * MARGIN) - 480.0).abs() < 1.0, "{f}");
        assert!(g.w as f32 * f * (1.0 + 2.0 * MARGIN) >= 640.0 - 1.0);
        // 1920x1080 and above: the floor of half the guide.
        assert_eq!(min_fill(1920, 1080), MIN_FILL);
        assert_eq!(min_fill(3840, 2160), MIN_FILL);
        // A small camera: the card must fill (nearly) the whole guide.
        assert!(min_fill(640, 480) > 1.0);
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
