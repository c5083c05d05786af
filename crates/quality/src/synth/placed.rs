//! A card anywhere in the picture: any size, position, rotation and perspective, several
//! layouts, on several backdrops, optionally held by a hand. The fixtures of the finder.

use super::card::{background_at, card_at, card_without_portrait_at};
use super::noise::{hash_signed, render, value_noise};
use super::RgbImage;

/// Where the card lies, in pixels of the picture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// The card's center.
    pub center: (f32, f32),
    /// The card's width (its bottom side, the nearer one when there is perspective).
    pub width: f32,
    /// The card's width / height.
    pub aspect: f32,
    /// The rotation, degrees clockwise on screen.
    pub tilt_deg: f32,
    /// Perspective: the top side is `1 - keystone` times as long as the bottom one (a card
    /// tilted away from the camera at its top).
    pub keystone: f32,
}

impl Placement {
    /// An ID-1 card of `width` at `center`, straight.
    pub fn id1(center: (f32, f32), width: f32) -> Placement {
        Placement {
            center,
            width,
            aspect: crate::guide::ID1_WIDTH_MM / crate::guide::ID1_HEIGHT_MM,
            tilt_deg: 0.0,
            keystone: 0.0,
        }
    }

    fn height(&self) -> f32 {
        self.width / self.aspect
    }

    fn half_width_at(&self, v: f32) -> f32 {
        self.width / 2.0 * (1.0 - self.keystone * (1.0 - v))
    }

    /// Card coordinates `(u, v)` in 0..1 to picture pixels.
    fn to_picture(self, u: f32, v: f32) -> (f32, f32) {
        let xl = (2.0 * u - 1.0) * self.half_width_at(v);
        let yl = (v - 0.5) * self.height();
        let (s, c) = self.tilt_deg.to_radians().sin_cos();
        (self.center.0 + xl * c - yl * s, self.center.1 + xl * s + yl * c)
    }

    /// Picture pixels to card coordinates (inside the card when both are in 0..1).
    fn to_card(self, x: f32, y: f32) -> (f32, f32) {
        let (s, c) = self.tilt_deg.to_radians().sin_cos();
        let (dx, dy) = (x - self.center.0, y - self.center.1);
        let (xl, yl) = (dx * c + dy * s, -dx * s + dy * c);
        let v = yl / self.height() + 0.5;
        let u = (xl / self.half_width_at(v).max(1e-3) + 1.0) / 2.0;
        (u, v)
    }

    /// The corners: top-left, top-right, bottom-right, bottom-left.
    pub fn corners(&self) -> [(f32, f32); 4] {
        [
            self.to_picture(0.0, 0.0),
            self.to_picture(1.0, 0.0),
            self.to_picture(1.0, 1.0),
            self.to_picture(0.0, 1.0),
        ]
    }
}

/// What is printed on the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// The standard card (portrait on the left).
    PortraitLeft,
    /// Mirrored: portrait on the right.
    PortraitRight,
    /// A plain, light-brown card with its photo and a little text, of little contrast to a
    /// light table.
    Plain,
    /// The standard card with its photo block empty: no portrait of its holder (the service's
    /// `document_face_not_found`).
    NoPortrait,
}

/// What the card lies on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Backdrop<'a> {
    /// The darker textured desk (mean luma about 65).
    DarkDesk,
    /// A light wooden table (mean luma about 165).
    LightTable,
    /// A white table (mean luma about 238, a little brighter than the card).
    WhiteTable,
    /// A photograph, stretched over the picture.
    Photo(&'a RgbImage),
}

/// A picture of a card.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scene<'a> {
    /// Where the card is (`None`: the backdrop alone).
    pub card: Option<Placement>,
    /// What is printed on it.
    pub layout: Layout,
    /// What it lies on.
    pub backdrop: Backdrop<'a>,
    /// A hand holds the card at its bottom left corner (skin over part of two sides).
    pub hand: bool,
}

fn backdrop_at(b: &Backdrop, seed: u64, x: f32, y: f32, w: f32, h: f32) -> [f32; 3] {
    match b {
        Backdrop::DarkDesk => background_at(seed, x, y, w, h),
        Backdrop::LightTable => {
            let grain = (std::f32::consts::TAU
                * (y / h * 30.0 + 2.0 * value_noise(seed, x / w * 3.0, y / h * 3.0)))
            .sin();
            let l = 8.0 * value_noise(seed ^ 3, x / w * 8.0, y / h * 8.0)
                + 5.0 * grain
                + 3.0 * hash_signed(seed, x as i64, y as i64, 11, 0);
            [190.0 + l, 165.0 + l, 130.0 + l]
        }
        Backdrop::WhiteTable => {
            let l = 3.0 * value_noise(seed ^ 5, x / w * 6.0, y / h * 6.0)
                + 2.0 * hash_signed(seed, x as i64, y as i64, 12, 0);
            [240.0 + l, 238.0 + l, 234.0 + l]
        }
        Backdrop::Photo(p) => {
            // Bilinear, as a camera sees a smooth surface.
            let fx = (x / w * p.width as f32 - 0.5).clamp(0.0, (p.width - 1) as f32);
            let fy = (y / h * p.height as f32 - 0.5).clamp(0.0, (p.height - 1) as f32);
            let (x0, y0) = (fx as u32, fy as u32);
            let (x1, y1) = ((x0 + 1).min(p.width - 1), (y0 + 1).min(p.height - 1));
            let (ax, ay) = (fx - x0 as f32, fy - y0 as f32);
            let at = |x: u32, y: u32, c: usize| p.data[(y * p.width + x) as usize * 3 + c] as f32;
            [0, 1, 2].map(|c| {
                let top = at(x0, y0, c) * (1.0 - ax) + at(x1, y0, c) * ax;
                let bottom = at(x0, y1, c) * (1.0 - ax) + at(x1, y1, c) * ax;
                top * (1.0 - ay) + bottom * ay
            })
        }
    }
}

fn plain_at(seed: u64, u: f32, v: f32, aspect: f32, px: (f32, f32)) -> [f32; 3] {
    let ink = card_at(seed, u, v, aspect, px);
    // The holder's photo (an identity card always has one) and the data lines' ink are
    // kept, on a flat light-brown ground.
    if (0.05..0.31).contains(&u) && (0.22..0.86).contains(&v) {
        return ink;
    }
    if ink[0] < 60.0 && (0.36..0.94).contains(&u) && (0.22..0.8).contains(&v) {
        return [90.0, 80.0, 70.0];
    }
    let pixel = hash_signed(seed, px.0 as i64, px.1 as i64, 13, 0) * 3.0;
    [222.0 + pixel, 196.0 + pixel, 158.0 + pixel]
}

/// The scene in color, `width x height`.
pub fn scene_placed_rgb(width: u32, height: u32, scene: &Scene, seed: u64) -> RgbImage {
    let (w, h) = (width as f32, height as f32);
    render(width, height, |x, y| {
        let back = backdrop_at(&scene.backdrop, seed, x, y, w, h);
        let Some(p) = scene.card else { return back };
        if scene.hand {
            // A thumb-like ellipse over the bottom-left corner.
            let (hx, hy) = p.to_picture(0.08, 0.95);
            let r = p.width * 0.09;
            if ((x - hx) / (1.6 * r)).powi(2) + ((y - hy) / r).powi(2) <= 1.0 {
                let l = 6.0 * value_noise(seed ^ 9, x / r, y / r);
                return [205.0 + l, 150.0 + l, 122.0 + l];
            }
        }
        let (u, v) = p.to_card(x, y);
        let inside = (0.0..1.0).contains(&u) && (0.0..1.0).contains(&v);
        if inside {
            // Rounded corners (radius 3.2% of the card width, as on an ID-1 card).
            let (cu, cv) = (
                u.clamp(0.032, 0.968),
                v.clamp(0.032 * p.aspect, 1.0 - 0.032 * p.aspect),
            );
            let (du, dv) = (u - cu, (v - cv) / p.aspect);
            if du * du + dv * dv <= 0.032f32.powi(2) {
                // The card's cut edge: a thin rim a little darker than its face.
                let rim = u.min(1.0 - u).min(v.min(1.0 - v) / p.aspect) < 0.005;
                let k = if rim { 0.85 } else { 1.0 };
                let face = match scene.layout {
                    Layout::PortraitLeft => card_at(seed, u, v, p.aspect, (x, y)),
                    Layout::PortraitRight => card_at(seed, 1.0 - u, v, p.aspect, (x, y)),
                    Layout::Plain => plain_at(seed, u, v, p.aspect, (x, y)),
                    Layout::NoPortrait => card_without_portrait_at(seed, u, v, p.aspect, (x, y)),
                };
                return face.map(|c| c * k);
            }
        }
        // A soft shadow just below and right of the card, as a card lying on a table casts
        // under a light from the top left.
        let out = ((u - 1.0).max(0.0) * p.aspect).max((v - 1.0).max(0.0));
        if u > 0.0 && v > 0.0 && out > 0.0 && out < 0.03 {
            let k = 0.8 + 0.2 * out / 0.03;
            return [back[0] * k, back[1] * k, back[2] * k];
        }
        back
    })
}
