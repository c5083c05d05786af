//! The geometry of the on-screen card guide, shared by the widget, the sandbox and the fixtures.
//!
//! - The guide is centered in the camera frame, has the ID-1 aspect ratio
//!   ([`ID1_WIDTH_MM`] : [`ID1_HEIGHT_MM`] = 85.6 : 53.98), and is 80% of the frame width,
//!   shrunk when needed so that its height is at most 80% of the frame height
//!   ([`GUIDE_FILL`]). At 1280x720 that is 913x576 at (183, 72).
//! - For [`Kind::Document`](crate::Kind::Document) the analysed image is the guide plus a margin
//!   of 6% of the guide's size on each side ([`MARGIN`]), clamped to the frame, so a card that
//!   fills the guide has its edges about 6% in from each border (0.06 / 1.12 = 5.4%).
//!   At 1280x720 that crop is 1023x646 at (128, 37); [`prepare`](crate::prepare) turns it
//!   into 570x360.

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
/// The guide's largest share of the frame width and of the frame height.
pub const GUIDE_FILL: f32 = 0.8;
/// The margin added around the guide on each side, as a share of the guide's size.
pub const MARGIN: f32 = 0.06;

/// The card guide in a `frame_w x frame_h` frame (see the module docs).
pub fn card_guide(frame_w: u32, frame_h: u32) -> Rect {
    let aspect = ID1_WIDTH_MM / ID1_HEIGHT_MM;
    let mut w = frame_w as f32 * GUIDE_FILL;
    let mut h = w / aspect;
    if h > frame_h as f32 * GUIDE_FILL {
        h = frame_h as f32 * GUIDE_FILL;
        w = h * aspect;
    }
    let (w, h) = ((w.round() as u32).max(1), (h.round() as u32).max(1));
    Rect {
        x: frame_w.saturating_sub(w) / 2,
        y: frame_h.saturating_sub(h) / 2,
        w,
        h,
    }
}

/// The guide plus [`MARGIN`] on each side, clamped to the frame: the crop to analyse for a document.
pub fn analysis_crop(frame_w: u32, frame_h: u32) -> Rect {
    let g = card_guide(frame_w, frame_h);
    let mx = (g.w as f32 * MARGIN).round() as u32;
    let my = (g.h as f32 * MARGIN).round() as u32;
    let x = g.x.saturating_sub(mx);
    let y = g.y.saturating_sub(my);
    let x1 = (g.x + g.w + mx).min(frame_w);
    let y1 = (g.y + g.h + my).min(frame_h);
    Rect {
        x,
        y,
        w: x1 - x,
        h: y1 - y,
    }
}
