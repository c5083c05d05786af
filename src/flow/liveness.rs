//! The liveness challenge "approach", as a pure tracker: fed each analysed frame's time and
//! faces, it says what to show and which frames to keep.
//!
//! 1. **Hold**: the customer holds the phone at arm's length with the face in the small oval:
//!    exactly one face, its box [`START_MIN`] to [`START_MAX`] of the frame height, its
//!    center within [`CENTER_TOLERANCE`] of the frame's center, for [`HOLD_FRAMES`] frames
//!    in a row.
//! 2. **Approach**: the customer brings the phone slowly closer. The first frame of the
//!    approach is kept, then each frame whose face is [`KEEP_STEP`] times the last kept one;
//!    the try is done when the face is [`TARGET_GROWTH`] times the first, with at least
//!    [`LIVENESS_MIN_FRAMES`] frames kept over at least [`MIN_SPAN_MS`] (the service checks
//!    the same: one face, the same face, growing steadily, a plausible time).
//!
//! The approach starts over (back to hold, with a hint) when the face is lost for
//! [`MAX_MISSES`] frames in a row, jumps (its center moves more than [`MAX_JUMP`] of its
//! size between two frames), shrinks below [`MAX_SHRINK`] of the last kept face, or when the
//! target is reached too fast. A try that is not done within [`TRY_LIMIT_MS`] (or whose
//! approach lasts [`APPROACH_LIMIT_MS`]) is over: "try again", saying what to do.

use kyc_contract::{LIVENESS_MAX_FRAMES, LIVENESS_MIN_FRAMES};
use kyc_quality::Face;

/// Smallest face box at the start, as a share of the frame height (the small oval).
pub const START_MIN: f32 = 0.22;
/// Largest face box at the start, as a share of the frame height.
pub const START_MAX: f32 = 0.42;
/// How far the face's center may be from the frame's center at the start, as a share of the
/// frame height (each axis).
pub const CENTER_TOLERANCE: f32 = 0.12;
/// Frames in a row with the face in the small oval before the approach begins.
pub const HOLD_FRAMES: u32 = 3;
/// A frame is kept when its face is this many times the last kept one.
pub const KEEP_STEP: f32 = 1.1;
/// The try is done when the face is this many times the first kept one (the service asks
/// for about 1.35).
pub const TARGET_GROWTH: f32 = 1.5;
/// The most the face's center may move between two frames, as a share of its size.
pub const MAX_JUMP: f32 = 0.5;
/// The approach starts over when the face shrinks below this share of the last kept one.
pub const MAX_SHRINK: f32 = 0.85;
/// Frames in a row without exactly one face after which the approach starts over.
pub const MAX_MISSES: u32 = 3;
/// The shortest approach, first kept frame to last (the service asks for at least 0.6 s).
pub const MIN_SPAN_MS: f64 = 800.0;
/// The longest approach (the service allows 10 s).
pub const APPROACH_LIMIT_MS: f64 = 8_000.0;
/// The time a try may take, from its first frame.
pub const TRY_LIMIT_MS: f64 = 12_000.0;

/// What the customer is told to do, one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LiveHint {
    /// No face, or not in the small oval: put it there.
    FaceInOval,
    /// More than one face.
    OneFace,
    /// The face is too small for the small oval: a little closer.
    ComeCloser,
    /// The face is too large for the small oval: hold the phone farther away.
    MoveBack,
    /// In the small oval: hold still.
    HoldStill,
    /// Now bring the phone slowly closer.
    BringCloser,
    /// The face jumped, shrank or grew too fast: move slowly and steadily.
    Slower,
    /// Done.
    Done,
}

impl LiveHint {
    /// The hint's `data-hint` on the challenge screen.
    pub fn as_str(self) -> &'static str {
        match self {
            LiveHint::FaceInOval => "face_in_oval",
            LiveHint::OneFace => "one_face",
            LiveHint::ComeCloser => "come_closer",
            LiveHint::MoveBack => "move_back",
            LiveHint::HoldStill => "hold_still",
            LiveHint::BringCloser => "bring_closer",
            LiveHint::Slower => "slower",
            LiveHint::Done => "done",
        }
    }
}

/// Where the challenge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Phase {
    /// Face in the small oval, holding.
    #[default]
    Hold,
    /// Bringing the phone closer.
    Approach,
    /// Enough frames kept: the try goes to the service.
    Done,
    /// The time is up: the try is over without frames.
    TimedOut,
}

/// What one frame gives the screen and the runtime.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LiveView {
    /// Where the challenge stands.
    pub phase: Phase,
    /// What to do now.
    pub hint: LiveHint,
    /// How far the approach has come, 0..1.
    pub progress: f32,
    /// Keep this frame (encode it with its time).
    pub keep: bool,
}

/// One face seen: center and size in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Seen {
    x: f32,
    y: f32,
    size: f32,
}

/// The tracker of one try.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Approach {
    phase: Phase,
    began_ms: Option<f64>,
    steady: u32,
    misses: u32,
    /// The last face seen (to find jumps).
    last: Option<Seen>,
    /// The face size of the first kept frame, when it was kept.
    first: Option<(f32, f64)>,
    /// The face size of the last kept frame.
    last_kept: f32,
    kept: usize,
    /// The hint shown after a start over, until the face is in the small oval again.
    hint: Option<LiveHint>,
    /// The last hint of the hold phase (said again when the time runs out there).
    held: Option<LiveHint>,
}

impl Approach {
    /// A new try.
    pub fn new() -> Approach {
        Approach::default()
    }

    /// Frames kept so far in this try.
    pub fn kept(&self) -> usize {
        self.kept
    }

    /// The time of the try's first frame.
    pub fn began_ms(&self) -> Option<f64> {
        self.began_ms
    }

    /// Judges one analysed `w x h` frame taken at `t_ms` with `faces` found in it.
    pub fn observe(&mut self, t_ms: f64, faces: &[Face], w: u32, h: u32) -> LiveView {
        if matches!(self.phase, Phase::Done | Phase::TimedOut) {
            return self.view(self.hint.unwrap_or(LiveHint::Done), false);
        }
        let began = *self.began_ms.get_or_insert(t_ms);
        let over_time =
            t_ms - began >= TRY_LIMIT_MS || self.first.is_some_and(|(_, at)| t_ms - at >= APPROACH_LIMIT_MS);
        if over_time {
            let hint = match (self.phase, self.held) {
                (Phase::Approach, _) | (_, Some(LiveHint::HoldStill)) => LiveHint::BringCloser,
                (_, held) => held.unwrap_or(LiveHint::FaceInOval),
            };
            self.phase = Phase::TimedOut;
            self.hint = Some(hint);
            return self.view(hint, false);
        }
        let h_px = h.max(1) as f32;
        let face = match faces {
            [f] => Some(Seen {
                x: f.x,
                y: f.y,
                size: f.size,
            }),
            _ => None,
        };
        match self.phase {
            Phase::Hold => self.hold(t_ms, face, faces.len(), w as f32, h_px),
            _ => self.approach(t_ms, face, faces.len()),
        }
    }

    fn hold(&mut self, t_ms: f64, face: Option<Seen>, count: usize, w: f32, h: f32) -> LiveView {
        self.last = face;
        let hint = match face {
            None if count > 1 => LiveHint::OneFace,
            None => LiveHint::FaceInOval,
            Some(f) => {
                let centered = (f.x - w / 2.0).abs() <= CENTER_TOLERANCE * h
                    && (f.y - h / 2.0).abs() <= CENTER_TOLERANCE * h;
                let share = f.size / h;
                if !centered {
                    LiveHint::FaceInOval
                } else if share < START_MIN {
                    LiveHint::ComeCloser
                } else if share > START_MAX {
                    LiveHint::MoveBack
                } else {
                    LiveHint::HoldStill
                }
            }
        };
        if hint != LiveHint::HoldStill {
            self.steady = 0;
            let said = self.hint.unwrap_or(hint);
            self.held = Some(said);
            return self.view(said, false);
        }
        self.hint = None;
        self.held = Some(hint);
        self.steady += 1;
        if self.steady < HOLD_FRAMES {
            return self.view(hint, false);
        }
        // In the small oval long enough: this frame is the approach's first.
        let size = face.map_or(0.0, |f| f.size);
        self.phase = Phase::Approach;
        self.first = Some((size, t_ms));
        self.last_kept = size;
        self.kept = 1;
        self.misses = 0;
        self.view(LiveHint::BringCloser, true)
    }

    fn approach(&mut self, t_ms: f64, face: Option<Seen>, count: usize) -> LiveView {
        let Some(f) = face else {
            self.misses += 1;
            if self.misses >= MAX_MISSES {
                let hint = if count > 1 {
                    LiveHint::OneFace
                } else {
                    LiveHint::FaceInOval
                };
                return self.start_over(hint);
            }
            return self.view(LiveHint::BringCloser, false);
        };
        self.misses = 0;
        let jumped = self
            .last
            .is_some_and(|l| ((f.x - l.x).powi(2) + (f.y - l.y).powi(2)).sqrt() > MAX_JUMP * l.size);
        if jumped || f.size < self.last_kept * MAX_SHRINK {
            return self.start_over(LiveHint::Slower);
        }
        self.last = Some(f);
        let Some((first, first_ms)) = self.first else {
            return self.start_over(LiveHint::FaceInOval);
        };
        let target = f.size >= first * TARGET_GROWTH;
        if !target && f.size < self.last_kept * KEEP_STEP {
            return self.view(LiveHint::BringCloser, false);
        }
        // Too fast: the target with too few frames or in too short a time.
        if target && (self.kept + 1 < LIVENESS_MIN_FRAMES || t_ms - first_ms < MIN_SPAN_MS) {
            return self.start_over(LiveHint::Slower);
        }
        self.kept += 1;
        self.last_kept = f.size;
        if target || self.kept >= LIVENESS_MAX_FRAMES {
            self.phase = Phase::Done;
            self.hint = Some(LiveHint::Done);
            return self.view(LiveHint::Done, true);
        }
        self.view(LiveHint::BringCloser, true)
    }

    /// Back to the small oval, saying `hint` until the customer is there again.
    fn start_over(&mut self, hint: LiveHint) -> LiveView {
        let began = self.began_ms;
        *self = Approach {
            began_ms: began,
            hint: Some(hint),
            held: Some(hint),
            ..Approach::default()
        };
        self.view(hint, false)
    }

    fn view(&self, hint: LiveHint, keep: bool) -> LiveView {
        let progress = match (self.phase, self.first) {
            (Phase::Done, _) => 1.0,
            (Phase::Approach, Some((first, _))) if first > 0.0 => {
                ((self.last_kept / first - 1.0) / (TARGET_GROWTH - 1.0)).clamp(0.0, 1.0)
            }
            _ => 0.0,
        };
        LiveView {
            phase: self.phase,
            hint,
            progress,
            keep,
        }
    }
}
