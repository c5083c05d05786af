//! The crop that follows the card: the picture of a document whose card was found in a live
//! frame is the card's bounds plus [`MARGIN`] of the card's size on each side (clamped to the
//! frame), with the card's place inside it as `capture_margins`, so the service (which measures
//! the area inside the margins plus [`MARGIN`](super::MARGIN)) measures the card as the widget saw it.

use kyc_contract::CaptureMargins;

use super::{analysis_crop, capture_crop, with_margin, Rect, MIN_CROP};
use crate::{Card, Kind};

/// How long a card found in a live frame still places the picture, in milliseconds.
pub const CARD_FRESH_MS: f64 = 500.0;

/// A card found in a live camera frame: its bounds in that frame's pixels, and the frame's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FoundCard {
    /// The card's axis-aligned bounds, in camera pixels.
    pub bounds: Rect,
    /// The width of the frame it was found in.
    pub frame_w: u32,
    /// The height of the frame it was found in.
    pub frame_h: u32,
}

impl FoundCard {
    /// Where `card`, found in a live frame (the [`analysis_crop`] of a `frame_w x frame_h`
    /// camera frame, prepared to `image_w` pixels wide), lies in the camera frame: its bounds
    /// scaled by the crop's size over the analysed image's and offset by the crop's origin,
    /// rounded outwards and clamped to the frame.
    pub fn in_frame(card: &Card, image_w: u32, frame_w: u32, frame_h: u32) -> FoundCard {
        let crop = analysis_crop(frame_w, frame_h);
        // Camera pixels per pixel of the analysed image.
        let k = crop.w as f32 / image_w.max(1) as f32;
        let (l, t, r, b) = card.bounds();
        let to_x = |v: f32| (crop.x as f32 + v * k).clamp(0.0, frame_w as f32);
        let to_y = |v: f32| (crop.y as f32 + v * k).clamp(0.0, frame_h as f32);
        let (x0, y0) = (to_x(l).floor() as u32, to_y(t).floor() as u32);
        let (x1, y1) = (to_x(r).ceil() as u32, to_y(b).ceil() as u32);
        FoundCard {
            bounds: Rect {
                x: x0,
                y: y0,
                w: x1.saturating_sub(x0),
                h: y1.saturating_sub(y0),
            },
            frame_w,
            frame_h,
        }
    }
}

/// The card's bounds (`card_bounds_in_frame`, in pixels of a `frame_w x frame_h` frame) plus
/// [`MARGIN`](super::MARGIN) of the card's size on each side, clamped to the frame, with the card's place in
/// it (the contract's `capture_margins`, in pixels of the crop). `None` when the bounds are
/// empty or leave the frame, or the crop is below `min_w x min_h` (long side x short side, as
/// the contract's limits).
pub fn card_capture_crop(
    card_bounds_in_frame: Rect,
    frame_w: u32,
    frame_h: u32,
    min_w: u32,
    min_h: u32,
) -> Option<(Rect, CaptureMargins)> {
    let b = card_bounds_in_frame;
    if b.w == 0 || b.h == 0 || b.x.checked_add(b.w)? > frame_w || b.y.checked_add(b.h)? > frame_h {
        return None;
    }
    let c = with_margin(b, frame_w, frame_h);
    if c.w.max(c.h) < min_w || c.w.min(c.h) < min_h {
        return None;
    }
    let margins = CaptureMargins {
        left: f64::from(b.x - c.x),
        right: f64::from((c.x + c.w) - (b.x + b.w)),
        top: f64::from(b.y - c.y),
        bottom: f64::from((c.y + c.h) - (b.y + b.h)),
    };
    Some((c, margins))
}

/// The part of a `frame_w x frame_h` camera frame that becomes the picture of `kind`: for a
/// document with a `card` found in a frame of this size, the [`card_capture_crop`] when it meets
/// [`MIN_CROP`]; otherwise the guide's [`capture_crop`].
pub fn picture_crop(
    kind: Kind,
    card: Option<FoundCard>,
    frame_w: u32,
    frame_h: u32,
) -> (Rect, Option<CaptureMargins>) {
    let around_card = card
        .filter(|c| kind == Kind::Document && (c.frame_w, c.frame_h) == (frame_w, frame_h))
        .and_then(|c| card_capture_crop(c.bounds, frame_w, frame_h, MIN_CROP.0, MIN_CROP.1));
    match around_card {
        Some((r, m)) => (r, Some(m)),
        None => capture_crop(kind, frame_w, frame_h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: u32, y: u32, w: u32, h: u32) -> Rect {
        Rect { x, y, w, h }
    }

    #[test]
    fn the_margins_locate_the_card_exactly() {
        // A 800x500 card at (300, 200) in a 1920x1080 frame: 48 x 30 px of margin each side.
        let (r, m) = card_capture_crop(rect(300, 200, 800, 500), 1920, 1080, 640, 480).expect("a crop");
        assert_eq!(r, rect(252, 170, 896, 560));
        assert_eq!((m.left, m.top, m.right, m.bottom), (48.0, 30.0, 48.0, 30.0));
        // The card is what the margins leave, at its place in the frame.
        assert_eq!(r.x as f64 + m.left, 300.0);
        assert_eq!(r.y as f64 + m.top, 200.0);
        assert_eq!(r.w as f64 - m.left - m.right, 800.0);
        assert_eq!(r.h as f64 - m.top - m.bottom, 500.0);
        // What the service measures (the card plus MARGIN) is the whole crop.
        let card_in_crop = rect(48, 30, 800, 500);
        assert_eq!(with_margin(card_in_crop, r.w, r.h), rect(0, 0, r.w, r.h));
    }

    #[test]
    fn the_crop_is_clamped_at_the_frame_edges() {
        // A card touching the top-left corner, and one near the bottom-right.
        let (r, m) = card_capture_crop(rect(0, 10, 900, 560), 1280, 720, 640, 480).expect("a crop");
        assert_eq!(r, rect(0, 0, 954, 604));
        assert_eq!((m.left, m.top, m.right, m.bottom), (0.0, 10.0, 54.0, 34.0));
        let (r, m) = card_capture_crop(rect(370, 150, 900, 560), 1280, 720, 640, 480).expect("a crop");
        assert_eq!(r, rect(316, 116, 964, 604));
        assert_eq!((m.left, m.top, m.right, m.bottom), (54.0, 34.0, 10.0, 10.0));
        assert!(r.x + r.w <= 1280 && r.y + r.h <= 720);
        assert_eq!(r.w as f64 - m.left - m.right, 900.0);
        assert_eq!(r.h as f64 - m.top - m.bottom, 560.0);
    }

    #[test]
    fn a_crop_below_the_minimum_is_refused() {
        // 400 px tall plus 2 x 24: 448 < 480.
        assert_eq!(
            card_capture_crop(rect(100, 100, 634, 400), 1920, 1080, 640, 480),
            None
        );
        // 430 tall: 430 + 2 x 26 = 482, 682 + 2 x 41 = 764: enough.
        assert!(card_capture_crop(rect(100, 100, 682, 430), 1920, 1080, 640, 480).is_some());
        // Portrait: the long side against 640, the short one against 480.
        assert!(card_capture_crop(rect(100, 100, 440, 600), 1080, 1920, 640, 480).is_some());
        // Empty bounds, or bounds leaving the frame.
        assert_eq!(card_capture_crop(rect(0, 0, 0, 500), 1920, 1080, 640, 480), None);
        assert_eq!(
            card_capture_crop(rect(1200, 100, 800, 500), 1920, 1080, 640, 480),
            None
        );
    }

    #[test]
    fn a_card_in_the_analysed_image_is_placed_in_the_camera_frame() {
        // At 1280x720 the analysed crop is 1023x646 at (128, 37), prepared to 570 wide.
        let k = 1023.0 / 570.0;
        let at = |x: f32, y: f32| ((x - 128.0) / k, (y - 37.0) / k);
        let card = Card {
            corners: [
                at(200.0, 80.0),
                at(1080.0, 80.0),
                at(1080.0, 640.0),
                at(200.0, 640.0),
            ],
            cover: 1.0,
        };
        let found = FoundCard::in_frame(&card, 570, 1280, 720);
        assert_eq!((found.frame_w, found.frame_h), (1280, 720));
        let b = found.bounds;
        assert!(b.x.abs_diff(200) <= 1 && b.y.abs_diff(80) <= 1, "{b:?}");
        assert!(b.w.abs_diff(880) <= 2 && b.h.abs_diff(560) <= 2, "{b:?}");
        // Never outside the frame.
        let off = Card {
            corners: [
                at(-50.0, 0.0),
                at(1400.0, 0.0),
                at(1400.0, 800.0),
                at(-50.0, 800.0),
            ],
            cover: 1.0,
        };
        assert_eq!(
            FoundCard::in_frame(&off, 570, 1280, 720).bounds,
            rect(0, 0, 1280, 720)
        );
    }

    #[test]
    fn without_a_usable_card_the_picture_is_the_guide_crop() {
        let found = FoundCard {
            bounds: rect(200, 80, 880, 560),
            frame_w: 1280,
            frame_h: 720,
        };
        let (r, m) = picture_crop(Kind::Document, Some(found), 1280, 720);
        assert_eq!(r, rect(147, 46, 986, 628));
        assert_eq!(m.map(|m| (m.left, m.top)), Some((53.0, 34.0)));
        let guide = capture_crop(Kind::Document, 1280, 720);
        // No card, a card too small, a card from a frame of another size, a selfie.
        assert_eq!(picture_crop(Kind::Document, None, 1280, 720), guide);
        let small = FoundCard {
            bounds: rect(400, 200, 500, 315),
            ..found
        };
        assert_eq!(picture_crop(Kind::Document, Some(small), 1280, 720), guide);
        assert_eq!(
            picture_crop(Kind::Document, Some(found), 1920, 1080),
            capture_crop(Kind::Document, 1920, 1080)
        );
        assert_eq!(
            picture_crop(Kind::Selfie, Some(found), 1280, 720),
            capture_crop(Kind::Selfie, 1280, 720)
        );
    }
}
