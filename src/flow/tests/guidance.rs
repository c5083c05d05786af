//! Live guidance: hints, the countdown and the auto-capture, frame by frame.

use kyc_quality::guide::Fit;
use kyc_quality::Reason;

use crate::flow::guidance::*;

pub(super) const GOOD: Observation = Observation::Good;
pub(super) const BLUR: Observation = Observation::Bad(Reason::Blur);
const GLARE: Observation = Observation::Bad(Reason::Glare);

/// Feeds `obs` every 80 ms from `from` (inclusive) to `to` (exclusive); returns the views.
pub(super) fn run(g: &mut Guidance, from: f64, to: f64, obs: Observation) -> Vec<(f64, GuideView)> {
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
fn the_card_is_moved_before_its_glare_or_blur_is_judged() {
    use Observation as O;
    assert_eq!(O::of(None, Some(Fit::Good)), GOOD);
    assert_eq!(O::of(None, None), GOOD);
    assert_eq!(
        O::of(Some(Reason::Blur), Some(Fit::Closer)),
        O::Misplaced(Fit::Closer)
    );
    assert_eq!(O::of(Some(Reason::Glare), Some(Fit::Good)), GLARE);
    assert_eq!(O::of(None, Some(Fit::Further)), O::Misplaced(Fit::Further));
    // Light and a missing card come first.
    assert_eq!(
        O::of(Some(Reason::TooDark), Some(Fit::Left)),
        O::Bad(Reason::TooDark)
    );
    assert_eq!(
        O::of(Some(Reason::DocumentNotFound), None),
        O::Bad(Reason::DocumentNotFound)
    );
    // Each move has its own hint and name; a good fit has none.
    let moves = [
        Fit::Closer,
        Fit::Further,
        Fit::Left,
        Fit::Right,
        Fit::Up,
        Fit::Down,
        Fit::Straighten,
    ];
    let names: std::collections::HashSet<&str> = moves
        .iter()
        .filter_map(|&f| Hint::for_fit(f))
        .map(Hint::as_str)
        .collect();
    assert_eq!(names.len(), moves.len());
    assert_eq!(Hint::for_fit(Fit::Good), None);
}

#[test]
fn a_misplaced_card_is_never_captured() {
    let mut g = Guidance::new();
    let views = run(&mut g, 0.0, 6000.0, Observation::Misplaced(Fit::Closer));
    assert!(views.iter().all(|(_, v)| !v.capture && v.countdown.is_none()));
    assert!(views.iter().all(|(_, v)| v.hint == Some(Hint::MoveCloser)));
    // Once it sits right, the usual steady run and countdown.
    let views = run(&mut g, 6000.0, 10_000.0, GOOD);
    assert_eq!(views.iter().filter(|(_, v)| v.capture).count(), 1);
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
