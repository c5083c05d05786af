#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use kyc_contract::Feedback;

pub mod face;
mod face_check;
pub mod finder;
pub mod guide;
mod image;
mod metrics;
pub mod synth;

pub use face::{Cascade, CascadeError, Face};
pub use face_check::{
    check_face, find_faces, has_portrait, judge_faces, portrait_among, portrait_expected, selfie_feedback,
    FaceCheck, FaceProblem,
};
pub use finder::{find_card, Card};
pub use image::LumaImage;
pub use metrics::{brightness, document_presence, glare, sharpness, Glare};

/// Width of the analysis size: frames and uploads are scaled to fit 640x360 (landscape) or
/// 360x640 (portrait) before [`assess`], by [`prepare`].
pub const ANALYSIS_WIDTH: u32 = 640;
/// Height of the analysis size (see [`ANALYSIS_WIDTH`]).
pub const ANALYSIS_HEIGHT: u32 = 360;

/// The size [`prepare`] gives a `w x h` frame (at least 1x1): what the widget samples live
/// frames at, so that they need no further scaling. For an empty side: 1.
pub fn analysis_size(w: u32, h: u32) -> (u32, u32) {
    if w >= h {
        image::fit_size(w, h, ANALYSIS_WIDTH, ANALYSIS_HEIGHT)
    } else {
        image::fit_size(w, h, ANALYSIS_HEIGHT, ANALYSIS_WIDTH)
    }
}

/// Scales any frame or upload to the analysis size that both the widget and the service use:
/// fit in 640x360 for landscape (or square) inputs and 360x640 for portrait ones, i.e. the
/// long side to at most 640 and the short side to at most 360. Never upscales.
pub fn prepare(img: &LumaImage) -> LumaImage {
    if img.width >= img.height {
        img.downscale_to_fit(ANALYSIS_WIDTH, ANALYSIS_HEIGHT)
    } else {
        img.downscale_to_fit(ANALYSIS_HEIGHT, ANALYSIS_WIDTH)
    }
}

/// What the picture is supposed to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A side of an identity document; the frame is the guide crop plus a 6% margin.
    Document,
    /// A face picture. [`assess`] judges its light, glare and sharpness; the face itself is
    /// [`check_face`]'s (it needs the face model), and [`selfie_feedback`] combines both.
    Selfie,
}

impl Kind {
    /// What a picture of `image` must show: a document side or a face.
    pub fn of(image: kyc_contract::ImageType) -> Kind {
        if image.is_document() {
            Kind::Document
        } else {
            Kind::Selfie
        }
    }
}

/// The calibrated cut-offs. The measurements behind each value are in the crate's README
/// ("Calibration"); every value applies to frames at the analysis size (see [`prepare`]).
pub mod thresholds {
    /// Mean luma below which a frame is too dark to judge (reason `TooDark`).
    pub const TOO_DARK: f32 = 55.0;
    /// Mean luma above which a frame is washed out (reason `TooBright`).
    pub const TOO_BRIGHT: f32 = 222.0;
    /// Luma at or above which a pixel counts as near-white (specular glare).
    pub const GLARE_LUMA: u8 = 250;
    /// Largest near-white blob, as a share of the frame, above which a frame has `Glare`.
    pub const GLARE_MAX_BLOB: f32 = 0.005;
    /// Total near-white share of the frame above which a frame has `Glare`, even when scattered.
    pub const GLARE_MAX_SHARE: f32 = 0.05;
    /// Smallest [`sharpness`](crate::sharpness) of a document frame that is not `Blur`.
    pub const SHARPNESS_MIN_DOCUMENT: f32 = 100.0;
    /// Smallest [`sharpness`](crate::sharpness) of a selfie frame that is not `Blur`.
    pub const SHARPNESS_MIN_SELFIE: f32 = 40.0;
    /// Smallest mean share of a card's four sides seen as edges for
    /// [`find_card`](crate::find_card) to report it: below, `DocumentNotFound`.
    pub const DOCUMENT_MIN: f32 = 0.7;
    /// Smallest luma step over 4 pixels that counts as an edge pixel for the finder.
    pub const EDGE_MIN_STEP: u8 = 24;
    /// Smallest score of a face ([`Face::score`](crate::Face)): weaker clusters are
    /// texture that looks a little like a face.
    pub const FACE_MIN_SCORE: f32 = 20.0;
    /// Smallest face box / selfie oval height: below, `FaceTooSmall`.
    pub const FACE_MIN_FILL: f32 = 0.4;
    /// Largest face box / selfie oval height: above, `FaceTooClose`.
    pub const FACE_MAX_FILL: f32 = 0.9;
    /// How far the head reaches beyond the face box on each side, as a share of the box: when
    /// that leaves the frame, `FaceCropped`.
    pub const FACE_HEAD_MARGIN: f32 = 0.15;
    /// Farthest the face's center may be from the oval's, as a share of the oval's width
    /// (sideways) or height (up and down): beyond, `FaceCloseToBorder`.
    pub const FACE_MAX_OFFSET: f32 = 0.25;
    /// Largest in-plane tilt of the head, degrees: above, `FaceRotated`.
    pub const FACE_MAX_ROLL_DEG: f32 = 15.0;
    /// Smallest portrait on a document, as a share of the picture's short side.
    pub const PORTRAIT_MIN_HEIGHT: f32 = 0.1;
}

/// All the measurements of one frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// [`sharpness`] (variance of the Laplacian).
    pub sharpness: f32,
    /// [`brightness`] (mean luma 0..255).
    pub brightness: f32,
    /// [`glare`].
    pub glare: Glare,
    /// [`document_presence`], for [`Kind::Document`] only.
    pub document: Option<f32>,
    /// The card [`find_card`] found, for [`Kind::Document`] only.
    pub card: Option<Card>,
}

impl Metrics {
    /// Measures everything `assess` needs for `kind`.
    pub fn measure(frame: &LumaImage, kind: Kind) -> Self {
        let (brightness, glare) = metrics::light(frame);
        let card = match kind {
            Kind::Document => find_card(frame),
            Kind::Selfie => None,
        };
        Metrics {
            sharpness: sharpness(frame),
            brightness,
            glare,
            document: (kind == Kind::Document).then(|| card.map_or(0.0, |c| c.cover)),
            card,
        }
    }
}

/// Why a frame is not good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Not sharp enough (motion or focus blur).
    Blur,
    /// A specular highlight covers part of the picture.
    Glare,
    /// Too little light.
    TooDark,
    /// Washed out.
    TooBright,
    /// No card fills the guide.
    DocumentNotFound,
}

impl Reason {
    /// Every reason, in the order [`assess`] checks them.
    pub const PRIORITY: [Reason; 5] = [
        Reason::TooDark,
        Reason::TooBright,
        Reason::DocumentNotFound,
        Reason::Glare,
        Reason::Blur,
    ];

    /// The contract's feedback code. Light problems have no code of their own: they are
    /// `other`, and the service sends [`Reason::as_str`] as `custom_feedback`.
    pub fn feedback(self, kind: Kind) -> Feedback {
        match (self, kind) {
            (Reason::Blur, Kind::Document) => Feedback::Blur,
            (Reason::Blur, Kind::Selfie) => Feedback::BlurSelfie,
            (Reason::Glare, Kind::Document) => Feedback::Glare,
            (Reason::Glare, Kind::Selfie) => Feedback::GlareSelfie,
            (Reason::DocumentNotFound, _) => Feedback::DocumentNotFound,
            (Reason::TooDark | Reason::TooBright, _) => Feedback::Other,
        }
    }

    /// A stable snake_case name: `blur`, `glare`, `too_dark`, `too_bright`, `document_not_found`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Blur => "blur",
            Reason::Glare => "glare",
            Reason::TooDark => "too_dark",
            Reason::TooBright => "too_bright",
            Reason::DocumentNotFound => "document_not_found",
        }
    }
}

/// Good enough to capture and send, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Every check passed.
    Good,
    /// A check failed; the [`Assessment::reason`] says which.
    Bad,
}

/// The outcome of [`assess`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    /// Good or bad.
    pub verdict: Verdict,
    /// The first failed check (`None` when good).
    pub reason: Option<Reason>,
    /// The measurements behind the verdict.
    pub metrics: Metrics,
}

impl Assessment {
    /// The verdict of [`judge`] on `metrics`.
    fn of(metrics: Metrics, kind: Kind) -> Assessment {
        let reason = judge(&metrics, kind);
        let verdict = if reason.is_some() {
            Verdict::Bad
        } else {
            Verdict::Good
        };
        Assessment {
            verdict,
            reason,
            metrics,
        }
    }

    /// Whether the verdict is [`Verdict::Good`].
    pub fn is_good(&self) -> bool {
        self.verdict == Verdict::Good
    }

    /// The contract's feedback code: `ok` when good, else the reason's code.
    pub fn feedback(&self, kind: Kind) -> Feedback {
        self.reason.map_or(Feedback::Ok, |r| r.feedback(kind))
    }
}

/// Judges a frame that is already at the analysis size (call [`prepare`] first).
///
/// The checks run in a fixed priority order ([`Reason::PRIORITY`]), and the first failure is the
/// reason, so the customer gets the hint that unblocks the others first:
/// 1. `TooDark` / `TooBright`: with bad light every other metric is meaningless (sharpness
///    scales with contrast).
/// 2. `DocumentNotFound` (documents only): glare and blur of a frame without a card say nothing
///    (and a bare background would read as "blurry").
/// 3. `Glare`: a specular patch hides data even on a sharp picture.
/// 4. `Blur`: last, as the most common, least specific failure.
pub fn assess(frame: &LumaImage, kind: Kind) -> Assessment {
    Assessment::of(Metrics::measure(frame, kind), kind)
}

/// [`assess`] for a picture whose framing is unknown: a file the customer chose, or an
/// upload without `capture_margins`. Where the card should be is only known from the capture
/// guide, so the card-position check ([`document_presence`]) is skipped; light, glare and
/// sharpness are judged as in [`assess`] (with the thresholds of `kind`).
pub fn assess_unframed(frame: &LumaImage, kind: Kind) -> Assessment {
    Assessment::of(
        Metrics {
            document: None,
            card: None,
            ..Metrics::measure(frame, Kind::Selfie)
        },
        kind,
    )
}

/// The decision of [`assess`] on given metrics (useful to re-judge recorded metrics).
pub fn judge(m: &Metrics, kind: Kind) -> Option<Reason> {
    use thresholds as t;
    if m.brightness < t::TOO_DARK {
        return Some(Reason::TooDark);
    }
    if m.brightness > t::TOO_BRIGHT {
        return Some(Reason::TooBright);
    }
    if m.document.is_some_and(|d| d < t::DOCUMENT_MIN) {
        return Some(Reason::DocumentNotFound);
    }
    if m.glare.largest_blob > t::GLARE_MAX_BLOB || m.glare.share > t::GLARE_MAX_SHARE {
        return Some(Reason::Glare);
    }
    let min_sharpness = match kind {
        Kind::Document => t::SHARPNESS_MIN_DOCUMENT,
        Kind::Selfie => t::SHARPNESS_MIN_SELFIE,
    };
    if m.sharpness < min_sharpness {
        return Some(Reason::Blur);
    }
    None
}

/// Invalid image buffers and rectangles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QualityError {
    /// A side is zero.
    EmptyImage {
        /// Given width.
        width: u32,
        /// Given height.
        height: u32,
    },
    /// `width * height` (times the channels) does not fit in memory.
    TooLarge {
        /// Given width.
        width: u32,
        /// Given height.
        height: u32,
    },
    /// The buffer's length does not match the size.
    BadLength {
        /// Bytes the size calls for.
        expected: usize,
        /// Bytes given.
        actual: usize,
    },
    /// A crop rectangle that is empty or leaves the image.
    CropOutOfBounds {
        /// Left.
        x: u32,
        /// Top.
        y: u32,
        /// Width asked.
        w: u32,
        /// Height asked.
        h: u32,
        /// Image width.
        width: u32,
        /// Image height.
        height: u32,
    },
}

impl std::fmt::Display for QualityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            QualityError::EmptyImage { width, height } => write!(f, "empty image ({width}x{height})"),
            QualityError::TooLarge { width, height } => write!(f, "image too large ({width}x{height})"),
            QualityError::BadLength { expected, actual } => {
                write!(f, "buffer has {actual} bytes, the size calls for {expected}")
            }
            QualityError::CropOutOfBounds {
                x,
                y,
                w,
                h,
                width,
                height,
            } => {
                write!(
                    f,
                    "crop {w}x{h} at ({x}, {y}) is empty or outside the {width}x{height} image"
                )
            }
        }
    }
}

impl std::error::Error for QualityError {}
