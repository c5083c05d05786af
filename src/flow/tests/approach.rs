//! The liveness challenge's tracker ("approach"): every rule, frame by frame.

use kyc_contract::{LIVENESS_MAX_FRAMES, LIVENESS_MIN_FRAMES};
use kyc_quality::Face;

use crate::flow::liveness::{Approach, LiveHint, LiveView, Phase, HOLD_FRAMES, MAX_MISSES, TRY_LIMIT_MS};

/// The analysed frame: 640x360.
const W: u32 = 640;
const H: u32 = 360;
/// A frame every 80 ms, as the loop runs.
const STEP_MS: f64 = 80.0;

/// A face of `share` of the frame height, at the frame's center moved by `dx` pixels.
fn face(share: f32, dx: f32) -> Face {
    Face {
        x: W as f32 / 2.0 + dx,
        y: H as f32 / 2.0,
        size: share * H as f32,
        score: 20.0,
        degrees: 0.0,
    }
}

/// Feeds `shares` (a face of each share, centered; `None` = no face) from `t0`, one frame per
/// [`STEP_MS`]; returns the views.
fn feed(a: &mut Approach, t0: f64, shares: &[Option<f32>]) -> Vec<LiveView> {
    shares
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let faces: Vec<Face> = s.map(|s| face(s, 0.0)).into_iter().collect();
            a.observe(t0 + i as f64 * STEP_MS, &faces, W, H)
        })
        .collect()
}

/// A tracker past the hold phase (the face at 0.3 for [`HOLD_FRAMES`] frames), with the
/// first frame kept; the time of the next frame.
fn approaching() -> (Approach, f64) {
    let mut a = Approach::new();
    let views = feed(&mut a, 0.0, &vec![Some(0.3); HOLD_FRAMES as usize]);
    let last = views[views.len() - 1];
    assert_eq!((last.phase, last.keep), (Phase::Approach, true));
    (a, HOLD_FRAMES as f64 * STEP_MS)
}

/// Shares growing from 0.3 by `per_frame` each frame, `n` frames.
fn growing(per_frame: f32, n: usize) -> Vec<Option<f32>> {
    (1..=n).map(|i| Some(0.3 + per_frame * i as f32)).collect()
}

#[test]
fn the_hold_phase_says_where_the_face_must_go() {
    let mut a = Approach::new();
    let hint = |a: &mut Approach, faces: &[Face]| a.observe(0.0, faces, W, H).hint;
    assert_eq!(hint(&mut a, &[]), LiveHint::FaceInOval);
    assert_eq!(
        hint(&mut a, &[face(0.3, -150.0), face(0.3, 150.0)]),
        LiveHint::OneFace
    );
    assert_eq!(hint(&mut a, &[face(0.15, 0.0)]), LiveHint::ComeCloser);
    assert_eq!(hint(&mut a, &[face(0.6, 0.0)]), LiveHint::MoveBack);
    // Off center by more than 12% of the frame height.
    assert_eq!(hint(&mut a, &[face(0.3, 60.0)]), LiveHint::FaceInOval);
    let view = a.observe(0.0, &[face(0.3, 20.0)], W, H);
    assert_eq!(
        (view.hint, view.phase, view.keep),
        (LiveHint::HoldStill, Phase::Hold, false)
    );
}

#[test]
fn the_approach_begins_after_a_steady_hold_and_keeps_its_first_frame() {
    let mut a = Approach::new();
    let views = feed(&mut a, 0.0, &[Some(0.3), Some(0.3), None, Some(0.3), Some(0.3)]);
    // The missing face breaks the run: three in a row are needed.
    assert!(views[..4].iter().all(|v| v.phase == Phase::Hold && !v.keep));
    let views = feed(&mut a, 400.0, &[Some(0.3)]);
    assert_eq!(views[0].phase, Phase::Approach);
    assert!(views[0].keep);
    assert_eq!(views[0].hint, LiveHint::BringCloser);
    assert_eq!(a.kept(), 1);
}

#[test]
fn a_steady_approach_keeps_a_frame_at_each_tenth_more_and_ends_at_one_and_a_half() {
    let (mut a, t) = approaching();
    // 0.3 -> 0.48 over 30 frames (2.4 s).
    let views = feed(&mut a, t, &growing(0.006, 30));
    let done = views
        .iter()
        .position(|v| v.phase == Phase::Done)
        .unwrap_or(usize::MAX);
    assert!(done < views.len(), "{views:?}");
    assert!(views[done].keep);
    assert_eq!(views[done].progress, 1.0);
    assert_eq!(views[done].hint, LiveHint::Done);
    // Kept: 0.3 (first), then at 1.1x steps of the last kept, and the last at >= 0.45.
    let kept: Vec<f32> = views[..=done]
        .iter()
        .zip(growing(0.006, 30))
        .filter(|(v, _)| v.keep)
        .map(|(_, s)| s.unwrap_or(0.0))
        .collect();
    assert!(
        kept.windows(2)
            .all(|p| p[1] >= p[0] * 1.1 - 1e-4 || p[1] >= 0.45 - 1e-4),
        "{kept:?}"
    );
    assert!(kept[kept.len() - 1] >= 0.45 - 1e-4);
    let frames = a.kept();
    assert_eq!(frames, kept.len() + 1);
    assert!(
        (LIVENESS_MIN_FRAMES..=LIVENESS_MAX_FRAMES).contains(&frames),
        "{frames}"
    );
    // Progress rises on the way.
    let progress: Vec<f32> = views[..=done].iter().map(|v| v.progress).collect();
    assert!(progress.windows(2).all(|p| p[1] >= p[0]));
    // Done is done: later frames keep nothing.
    let after = feed(&mut a, 10_000.0, &[Some(0.5)]);
    assert_eq!((after[0].phase, after[0].keep), (Phase::Done, false));
}

#[test]
fn a_still_face_never_passes_and_the_try_times_out_saying_bring_closer() {
    let (mut a, t) = approaching();
    // The same face size (with the detector's jitter) for 8 s of approach.
    let jitter: Vec<Option<f32>> = (0..110)
        .map(|i| Some(0.3 + 0.004 * ((i % 3) as f32 - 1.0)))
        .collect();
    let views = feed(&mut a, t, &jitter);
    assert!(views.iter().all(|v| v.phase != Phase::Done));
    assert!(views.iter().skip(1).all(|v| !v.keep));
    let over = views.iter().find(|v| v.phase == Phase::TimedOut);
    assert_eq!(over.map(|v| v.hint), Some(LiveHint::BringCloser));
}

#[test]
fn a_try_that_never_reaches_the_small_oval_times_out_saying_where_the_face_goes() {
    let mut a = Approach::new();
    let n = (TRY_LIMIT_MS / STEP_MS) as usize + 1;
    let views = feed(&mut a, 0.0, &vec![None; n]);
    assert_eq!(views[n - 1].phase, Phase::TimedOut);
    assert_eq!(views[n - 1].hint, LiveHint::FaceInOval);
    assert!(views[..n - 1].iter().all(|v| v.phase == Phase::Hold));
    // A face too small all along: the time runs out asking to come a little closer.
    let mut a = Approach::new();
    let views = feed(&mut a, 0.0, &vec![Some(0.15); n]);
    assert_eq!(
        (views[n - 1].phase, views[n - 1].hint),
        (Phase::TimedOut, LiveHint::ComeCloser)
    );
}

#[test]
fn losing_the_face_starts_the_approach_over_with_a_hint() {
    let (mut a, t) = approaching();
    let mut frames = growing(0.01, 3);
    frames.extend(vec![None; MAX_MISSES as usize - 1]);
    let views = feed(&mut a, t, &frames);
    // Fewer misses than the limit: still approaching.
    assert!(views.iter().all(|v| v.phase == Phase::Approach));
    let view = feed(&mut a, t + 1000.0, &[None])[0];
    assert_eq!(
        (view.phase, view.hint, view.progress),
        (Phase::Hold, LiveHint::FaceInOval, 0.0)
    );
    assert_eq!(a.kept(), 0);
    // The hint stays until the face is in the small oval again.
    assert_eq!(
        feed(&mut a, t + 1100.0, &[Some(0.6)])[0].hint,
        LiveHint::FaceInOval
    );
    assert_eq!(
        feed(&mut a, t + 1200.0, &[Some(0.3)])[0].hint,
        LiveHint::HoldStill
    );
}

#[test]
fn two_faces_during_the_approach_start_it_over_asking_for_one_face() {
    let (mut a, t) = approaching();
    let two = [face(0.33, -150.0), face(0.33, 150.0)];
    let mut view = a.observe(t, &two, W, H);
    for i in 1..MAX_MISSES {
        view = a.observe(t + f64::from(i) * STEP_MS, &two, W, H);
    }
    assert_eq!((view.phase, view.hint), (Phase::Hold, LiveHint::OneFace));
}

#[test]
fn a_jump_or_a_pull_back_starts_the_approach_over_saying_slower() {
    let (mut a, t) = approaching();
    // The center moves by more than half the face's size in one frame.
    let view = a.observe(t, &[face(0.32, 80.0)], W, H);
    assert_eq!((view.phase, view.hint), (Phase::Hold, LiveHint::Slower));

    let (mut a, t) = approaching();
    let views = feed(&mut a, t, &[Some(0.34), Some(0.36), Some(0.28)]);
    assert_eq!(views[1].phase, Phase::Approach);
    assert_eq!((views[2].phase, views[2].hint), (Phase::Hold, LiveHint::Slower));
}

#[test]
fn reaching_the_size_too_fast_starts_over_saying_slower() {
    // From 0.3 to 0.48 in two frames: too few frames, too short a time.
    let (mut a, t) = approaching();
    let views = feed(&mut a, t, &[Some(0.36), Some(0.48)]);
    assert!(views[0].keep);
    assert_eq!((views[1].phase, views[1].hint), (Phase::Hold, LiveHint::Slower));
    // Enough frames, but within 0.8 s.
    let (mut a, t) = approaching();
    let views = feed(&mut a, t, &growing(0.03, 6));
    assert!(views.iter().all(|v| v.phase != Phase::Done), "{views:?}");
    assert_eq!(views[views.len() - 1].hint, LiveHint::Slower);
}
