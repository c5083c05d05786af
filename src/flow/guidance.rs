//! Live quality guidance: from a stream of per-frame assessments to the one hint the
//! customer sees and, after a steady run of good frames, an automatic capture with a
//! visible countdown.
//!
//! Pure and clock-free (the caller passes timestamps in milliseconds, e.g.
//! `performance.now()`), so every rule is tested natively.
//!
//! The rules, with the chosen timings:
//! - A document frame is [`Observation::Good`], [`Observation::Bad`] with the assessment's
//!   [`Reason`], or [`Observation::Misplaced`] with the way the card should move
//!   ([`Observation::of`] decides). A selfie frame is [`Observation::Good`],
//!   [`Observation::Bad`], [`Observation::Face`] with what is wrong with the face, or
//!   [`Observation::FaceUnchecked`] when light and sharpness pass but the face could not be
//!   checked (the face model is not loaded): [`Observation::of_selfie`] decides, in the
//!   order of the service's `kyc_quality::selfie_feedback`. The wanted hint is the reason's,
//!   the move's or the face's hint (or [`Hint::LookingGood`]); only a good frame counts
//!   towards the auto-capture, so a card is taken only when found, big enough for the
//!   service after the crop, in the guide, straight, sharp and steady, and a selfie only
//!   when exactly one face sits right in the oval, in good light, sharp and steady.
//! - A shown hint stays at least [`HINT_HOLD_MS`] (1.5 s, long enough to read) before a
//!   different one replaces it. Exception: a steady good run ([`STEADY_MS`]) replaces a
//!   problem hint at once with [`Hint::LookingGood`] (the countdown is then on screen).
//! - After [`STEADY_MS`] (0.7 s) of good frames, a countdown of [`COUNTDOWN_STEPS`] (3)
//!   steps of [`COUNTDOWN_STEP_MS`] (0.6 s each) starts: 3, 2, 1, then
//!   [`GuideView::capture`] is true exactly once. 0.6 s steps rather than 1 s: the whole
//!   wait from the first good frame is 2.5 s, short enough that a steady hand does not
//!   tire, long enough to read the numbers. Any bad frame cancels the countdown and the
//!   good run starts over.
//! - A timestamp going backwards or a gap over [`MAX_GAP_MS`] (the page was hidden, the tab
//!   throttled) starts everything over: a good run never spans frames not seen.
//! - A selfie whose face could not be checked is never taken by itself
//!   ([`Observation::FaceUnchecked`], hint [`Hint::ReadyForShutter`]): auto-capturing a sharp
//!   wall would only earn a refusal. The customer takes it with the shutter, which always
//!   works; the service decides.
//! - After the capture the machine stays quiet (no hint change, no second capture) until
//!   [`Guidance::reset`].

use kyc_quality::guide::Fit;
use kyc_quality::{FaceCheck, FaceProblem, Reason};

/// Least time a hint stays on screen before another replaces it.
pub const HINT_HOLD_MS: f64 = 1500.0;
/// Length of the run of good frames that starts the countdown.
pub const STEADY_MS: f64 = 700.0;
/// Duration of one countdown step.
pub const COUNTDOWN_STEP_MS: f64 = 600.0;
/// Number of countdown steps (shown as 3, 2, 1).
pub const COUNTDOWN_STEPS: u32 = 3;
/// A longer pause between two frames (or a timestamp going backwards) starts over.
pub const MAX_GAP_MS: f64 = 1000.0;

/// The one hint on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hint {
    /// The frame is blurred.
    HoldStill,
    /// Glare on the card (or face).
    MoveAwayFromLight,
    /// Too dark.
    MoreLight,
    /// Washed out.
    LessLight,
    /// No card fills the guide.
    FitCard,
    /// The card is too small (or too far): bring it closer.
    MoveCloser,
    /// The card is too close: move it away.
    MoveAway,
    /// Move the card to the left.
    MoveLeft,
    /// Move the card to the right.
    MoveRight,
    /// Move the card up.
    MoveUp,
    /// Move the card down.
    MoveDown,
    /// Hold the card straight.
    Straighten,
    /// What is wrong with the face in the selfie oval (one message per way to fix it).
    Face(FaceProblem),
    /// The frame is good: it is taken by itself after the countdown.
    LookingGood,
    /// Light and sharpness are good but the face could not be checked: take the photo with
    /// the shutter.
    ReadyForShutter,
}

impl Hint {
    /// The hint for a failed check.
    pub fn for_reason(reason: Reason) -> Hint {
        match reason {
            Reason::Blur => Hint::HoldStill,
            Reason::Glare => Hint::MoveAwayFromLight,
            Reason::TooDark => Hint::MoreLight,
            Reason::TooBright => Hint::LessLight,
            Reason::DocumentNotFound => Hint::FitCard,
        }
    }

    /// The hint for a card that sits wrong in the guide (`None` when it sits right).
    pub fn for_fit(fit: Fit) -> Option<Hint> {
        Some(match fit {
            Fit::Good => return None,
            Fit::Closer => Hint::MoveCloser,
            Fit::Further => Hint::MoveAway,
            Fit::Left => Hint::MoveLeft,
            Fit::Right => Hint::MoveRight,
            Fit::Up => Hint::MoveUp,
            Fit::Down => Hint::MoveDown,
            Fit::Straighten => Hint::Straighten,
        })
    }

    /// The `data-reason` of the hint region: the reason's, the move's or the face problem's
    /// name (the service's feedback code, e.g. `face_not_found`), `good`, or `ready` (take it
    /// with the shutter).
    pub fn as_str(self) -> &'static str {
        match self {
            Hint::HoldStill => "blur",
            Hint::MoveAwayFromLight => "glare",
            Hint::MoreLight => "too_dark",
            Hint::LessLight => "too_bright",
            Hint::FitCard => "document_not_found",
            Hint::MoveCloser => "closer",
            Hint::MoveAway => "further",
            Hint::MoveLeft => "left",
            Hint::MoveRight => "right",
            Hint::MoveUp => "up",
            Hint::MoveDown => "down",
            Hint::Straighten => "straighten",
            Hint::Face(problem) => problem.feedback().as_str(),
            Hint::LookingGood => "good",
            Hint::ReadyForShutter => "ready",
        }
    }
}

/// What one analysed frame showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Observation {
    /// Every check passed.
    Good,
    /// The first failed check.
    Bad(Reason),
    /// A card was found, but it should move (never [`Fit::Good`]).
    Misplaced(Fit),
    /// A selfie whose face is missing or sits wrong.
    Face(FaceProblem),
    /// A selfie whose light and sharpness pass but whose face could not be checked: good to
    /// take with the shutter, never taken by itself.
    FaceUnchecked,
}

impl Observation {
    /// What a frame showed, from its assessment's `reason` and, when a card was found, how it
    /// sits in the guide. Light problems and a missing card come first (nothing else can be
    /// judged), then the card's place (a card too small or off the guide is moved before its
    /// glare or blur is judged), then glare and blur.
    pub fn of(reason: Option<Reason>, fit: Option<Fit>) -> Observation {
        match (reason, fit) {
            (Some(r @ (Reason::TooDark | Reason::TooBright | Reason::DocumentNotFound)), _) => {
                Observation::Bad(r)
            }
            (_, Some(f)) if f != Fit::Good => Observation::Misplaced(f),
            (Some(r), _) => Observation::Bad(r),
            (None, _) => Observation::Good,
        }
    }

    /// What a selfie frame showed, from its assessment's `reason` and its face check
    /// (`None` when faces could not be checked), in the order of the service's answer
    /// (`kyc_quality::selfie_feedback`): bad light first (nothing else can be judged), then
    /// the face, then glare and blur.
    pub fn of_selfie(reason: Option<Reason>, face: Option<&FaceCheck>) -> Observation {
        match (reason, face.map(|f| f.problem)) {
            (Some(r @ (Reason::TooDark | Reason::TooBright)), _) => Observation::Bad(r),
            (_, Some(Some(problem))) => Observation::Face(problem),
            (Some(r), _) => Observation::Bad(r),
            (None, Some(None)) => Observation::Good,
            (None, None) => Observation::FaceUnchecked,
        }
    }

    fn hint(self) -> Hint {
        match self {
            Observation::Good => Hint::LookingGood,
            Observation::Bad(r) => Hint::for_reason(r),
            Observation::Misplaced(f) => Hint::for_fit(f).unwrap_or(Hint::LookingGood),
            Observation::Face(problem) => Hint::Face(problem),
            Observation::FaceUnchecked => Hint::ReadyForShutter,
        }
    }
}

/// What to show after a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GuideView {
    /// The hint on screen (`None` before the first frame).
    pub hint: Option<Hint>,
    /// The countdown number on screen (3, 2, 1), if counting.
    pub countdown: Option<u32>,
    /// Take the photo now (true for exactly one frame per run).
    pub capture: bool,
}

/// The guidance state machine (see the module docs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Guidance {
    hint: Option<(Hint, f64)>,
    last: Option<f64>,
    good_since: Option<f64>,
    countdown_since: Option<f64>,
    done: bool,
}

impl Guidance {
    /// A machine that has seen nothing.
    pub fn new() -> Guidance {
        Guidance::default()
    }

    /// Forgets everything (a new attempt: after a capture, when the page comes back).
    pub fn reset(&mut self) {
        *self = Guidance::default();
    }

    /// True once the capture was signalled (until [`Guidance::reset`]).
    pub fn captured(&self) -> bool {
        self.done
    }

    /// Feeds one frame analysed at `now_ms`; returns what to show.
    pub fn observe(&mut self, now_ms: f64, obs: Observation) -> GuideView {
        if self.done {
            return self.view(now_ms, false);
        }
        if let Some(last) = self.last {
            if !(now_ms >= last && now_ms - last <= MAX_GAP_MS) {
                self.reset();
            }
        }
        self.last = Some(now_ms);

        match obs {
            Observation::Good => {
                self.good_since.get_or_insert(now_ms);
            }
            Observation::Bad(_)
            | Observation::Misplaced(_)
            | Observation::Face(_)
            | Observation::FaceUnchecked => {
                self.good_since = None;
                self.countdown_since = None;
            }
        }
        let steady = self.good_since.is_some_and(|s| now_ms - s >= STEADY_MS);
        if steady && self.countdown_since.is_none() {
            self.countdown_since = Some(now_ms);
        }

        let wanted = obs.hint();
        self.hint = match self.hint {
            None => Some((wanted, now_ms)),
            Some((shown, since)) if shown == wanted => Some((shown, since)),
            Some(_) if wanted == Hint::LookingGood && steady => Some((wanted, now_ms)),
            Some((_, since)) if now_ms - since >= HINT_HOLD_MS => Some((wanted, now_ms)),
            keep => keep,
        };

        let capture = self
            .countdown_since
            .is_some_and(|s| now_ms - s >= COUNTDOWN_STEP_MS * COUNTDOWN_STEPS as f64);
        if capture {
            self.done = true;
        }
        self.view(now_ms, capture)
    }

    fn view(&self, now_ms: f64, capture: bool) -> GuideView {
        let countdown = match self.countdown_since {
            Some(s) if !self.done => {
                let step = ((now_ms - s).max(0.0) / COUNTDOWN_STEP_MS) as u32;
                Some(COUNTDOWN_STEPS.saturating_sub(step).max(1))
            }
            _ => None,
        };
        GuideView {
            hint: self.hint.map(|(h, _)| h),
            countdown,
            capture,
        }
    }
}
