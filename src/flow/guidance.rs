//! Live quality guidance: from a stream of per-frame assessments to the one hint the
//! customer sees and, after a steady run of good frames, an automatic capture with a
//! visible countdown.
//!
//! Pure and clock-free (the caller passes timestamps in milliseconds, e.g.
//! `performance.now()`), so every rule is tested natively.
//!
//! The rules, with the chosen timings:
//! - Each frame is [`Observation::Good`] or [`Observation::Bad`] with the assessment's
//!   [`Reason`]. The wanted hint is the reason's hint (or [`Hint::LookingGood`]).
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
//! - After the capture the machine stays quiet (no hint change, no second capture) until
//!   [`Guidance::reset`].

use kyc_quality::Reason;

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
    /// The frame is good.
    LookingGood,
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

    /// The `data-reason` of the hint region: the reason's name, or `good`.
    pub fn as_str(self) -> &'static str {
        match self {
            Hint::HoldStill => "blur",
            Hint::MoveAwayFromLight => "glare",
            Hint::MoreLight => "too_dark",
            Hint::LessLight => "too_bright",
            Hint::FitCard => "document_not_found",
            Hint::LookingGood => "good",
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
}

impl Observation {
    fn hint(self) -> Hint {
        match self {
            Observation::Good => Hint::LookingGood,
            Observation::Bad(r) => Hint::for_reason(r),
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
            Observation::Bad(_) => {
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

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: Observation = Observation::Good;
    const BLUR: Observation = Observation::Bad(Reason::Blur);
    const GLARE: Observation = Observation::Bad(Reason::Glare);

    /// Feeds `obs` every 80 ms from `from` (inclusive) to `to` (exclusive); returns the views.
    fn run(g: &mut Guidance, from: f64, to: f64, obs: Observation) -> Vec<(f64, GuideView)> {
        let mut out = Vec::new();
        let mut t = from;
        while t < to {
            out.push((t, g.observe(t, obs)));
            t += 80.0;
        }
        out
    }

    #[test]
    fn first_frame_sets_the_hint_at_once() {
        let mut g = Guidance::new();
        assert_eq!(g.observe(0.0, BLUR).hint, Some(Hint::HoldStill));
        let mut g = Guidance::new();
        let v = g.observe(5.0, Observation::Bad(Reason::TooDark));
        assert_eq!(v.hint, Some(Hint::MoreLight));
        assert_eq!(v.countdown, None);
        assert!(!v.capture);
    }

    #[test]
    fn hints_map_to_reasons() {
        assert_eq!(Hint::for_reason(Reason::Glare), Hint::MoveAwayFromLight);
        assert_eq!(Hint::for_reason(Reason::TooBright), Hint::LessLight);
        assert_eq!(Hint::for_reason(Reason::DocumentNotFound), Hint::FitCard);
        for r in Reason::PRIORITY {
            assert_eq!(Hint::for_reason(r).as_str(), r.as_str());
        }
        assert_eq!(Hint::LookingGood.as_str(), "good");
    }

    #[test]
    fn a_hint_is_held_before_another_replaces_it() {
        let mut g = Guidance::new();
        g.observe(0.0, BLUR);
        // Glare from 80 ms on: blur stays until 1.5 s after it appeared.
        for (t, v) in run(&mut g, 80.0, 1500.0, GLARE) {
            assert_eq!(v.hint, Some(Hint::HoldStill), "at {t}");
        }
        assert_eq!(g.observe(1500.0, GLARE).hint, Some(Hint::MoveAwayFromLight));
        // And the new hint is held in turn.
        assert_eq!(g.observe(1580.0, BLUR).hint, Some(Hint::MoveAwayFromLight));
        assert_eq!(g.observe(3000.0, BLUR).hint, Some(Hint::HoldStill));
    }

    #[test]
    fn flicker_does_not_switch_the_hint() {
        let mut g = Guidance::new();
        let mut t = 0.0;
        for i in 0..40 {
            let obs = if i % 2 == 0 { BLUR } else { GLARE };
            let v = g.observe(t, obs);
            // Never changes more often than every 1.5 s.
            if t < 1500.0 {
                assert_eq!(v.hint, Some(Hint::HoldStill));
            }
            t += 80.0;
        }
    }

    #[test]
    fn a_steady_good_run_clears_a_problem_hint_early() {
        let mut g = Guidance::new();
        g.observe(0.0, BLUR);
        // Good from 80 ms: still "hold still" until the run is steady (700 ms)...
        let views = run(&mut g, 80.0, 780.0, GOOD);
        assert!(views.iter().all(|(_, v)| v.hint == Some(Hint::HoldStill)));
        // ...then "looking good" with the countdown, well before 1.5 s.
        let v = g.observe(780.0, GOOD);
        assert_eq!(v.hint, Some(Hint::LookingGood));
        assert_eq!(v.countdown, Some(3));
    }

    #[test]
    fn steady_run_counts_down_and_captures_once() {
        let mut g = Guidance::new();
        let views = run(&mut g, 0.0, 4000.0, GOOD);
        // No countdown before 700 ms of good frames.
        assert!(views
            .iter()
            .filter(|(t, _)| *t < STEADY_MS)
            .all(|(_, v)| v.countdown.is_none()));
        // 3, 2, 1 in order, each for about 600 ms.
        let mut seen: Vec<u32> = views.iter().filter_map(|(_, v)| v.countdown).collect();
        seen.dedup();
        assert_eq!(seen, vec![3, 2, 1]);
        let captures: Vec<f64> = views.iter().filter(|(_, v)| v.capture).map(|(t, _)| *t).collect();
        assert_eq!(captures.len(), 1, "{captures:?}");
        // Countdown started at 720 (first frame ≥ 700 ms into the run), ends 1800 ms later.
        assert!((captures[0] - (720.0 + 1800.0)).abs() < 80.0, "{captures:?}");
        assert!(g.captured());
        // Quiet afterwards.
        assert_eq!(g.observe(4100.0, GOOD).countdown, None);
        assert!(!g.observe(4200.0, GOOD).capture);
        // Until reset.
        g.reset();
        assert!(!g.captured());
        assert_eq!(g.observe(5000.0, GOOD).countdown, None);
    }

    #[test]
    fn any_bad_frame_cancels_the_countdown() {
        let mut g = Guidance::new();
        run(&mut g, 0.0, 1200.0, GOOD);
        assert_eq!(g.observe(1200.0, GOOD).countdown, Some(3));
        let v = g.observe(1280.0, BLUR);
        assert_eq!(v.countdown, None);
        assert!(!v.capture);
        // The good run starts over: no countdown for another 700 ms, no capture where the
        // first run would have ended.
        let views = run(&mut g, 1360.0, 2060.0, GOOD);
        assert!(views.iter().all(|(_, v)| v.countdown.is_none() && !v.capture));
        let views = run(&mut g, 2060.0, 5000.0, GOOD);
        let at: Vec<f64> = views.iter().filter(|(_, v)| v.capture).map(|(t, _)| *t).collect();
        assert_eq!(at.len(), 1);
        assert!(at[0] >= 1360.0 + STEADY_MS + 1800.0, "{at:?}");
    }

    #[test]
    fn bad_frames_every_so_often_never_capture() {
        let mut g = Guidance::new();
        let mut t = 0.0;
        for i in 0..200 {
            // One bad frame every 2 s.
            let obs = if i % 25 == 24 { BLUR } else { GOOD };
            assert!(!g.observe(t, obs).capture, "at {t}");
            t += 80.0;
        }
    }

    #[test]
    fn a_gap_starts_over() {
        let mut g = Guidance::new();
        run(&mut g, 0.0, 1600.0, GOOD);
        assert_eq!(g.observe(1600.0, GOOD).countdown, Some(2));
        // The page was hidden for 5 s: the run does not continue across the gap.
        let v = g.observe(7000.0, GOOD);
        assert_eq!(v.countdown, None);
        assert!(!v.capture);
        assert_eq!(v.hint, Some(Hint::LookingGood));
        // A problem hint is not held across a gap either.
        let mut g = Guidance::new();
        g.observe(0.0, BLUR);
        assert_eq!(g.observe(3000.0, GLARE).hint, Some(Hint::MoveAwayFromLight));
    }

    #[test]
    fn time_going_backwards_starts_over() {
        let mut g = Guidance::new();
        run(&mut g, 10_000.0, 12_000.0, GOOD);
        assert!(g.observe(12_000.0, GOOD).countdown.is_some());
        let v = g.observe(500.0, GOOD);
        assert_eq!(v.countdown, None);
        assert!(!v.capture);
        // And continues normally from the new clock.
        let views = run(&mut g, 580.0, 4000.0, GOOD);
        assert_eq!(views.iter().filter(|(_, v)| v.capture).count(), 1);
    }

    #[test]
    fn never_captures_without_a_full_steady_run_and_countdown() {
        // Property-like: for many mixed sequences, a capture is always preceded by
        // STEADY_MS + 3 steps of uninterrupted good frames.
        let mut seed: u32 = 12345;
        for _ in 0..200 {
            let mut g = Guidance::new();
            let mut t = 0.0;
            let mut good_since: Option<f64> = None;
            for _ in 0..100 {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let obs = if (seed >> 16).is_multiple_of(10) {
                    GLARE
                } else {
                    GOOD
                };
                good_since = match obs {
                    Observation::Good => good_since.or(Some(t)),
                    _ => None,
                };
                let v = g.observe(t, obs);
                if v.capture {
                    let run = t - good_since.unwrap_or(t);
                    assert!(run >= STEADY_MS + 1800.0 - 1e-9, "{run}");
                }
                t += 60.0 + ((seed >> 8) % 60) as f64;
            }
        }
    }
}
