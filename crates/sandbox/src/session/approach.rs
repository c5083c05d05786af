//! The check of an "approach" liveness try: the customer brings the phone closer, so the one
//! face in the frames grows steadily. The rules, in the order they are applied, each with its
//! named threshold:
//!
//! 1. `bad_timing`: the frames' times strictly increase and span [`MIN_SPAN_MS`] to
//!    [`MAX_SPAN_MS`].
//! 2. `no_face` / `multiple_faces`: every frame shows exactly one face.
//! 3. `different_faces`: the same face is followed: each face's center is within
//!    [`MAX_CENTER_JUMP`] of the larger of the two boxes' sides from the previous one's.
//! 4. `identical`: consecutive frames differ: their mean absolute luma difference, at the
//!    analysis size, is above [`MIN_FRAME_CHANGE`].
//! 5. `not_approaching`: the face grows: the last box is at least [`MIN_GROWTH`] times the
//!    first, and no box is smaller than the one before by more than [`MAX_STEP_SHRINK`].
//!
//! The score (0..1) says how convincing the approach was, also for a try that failed on
//! rules 1, 4 or 5: the growth's share of twice the required growth (so a try growing by
//! exactly [`MIN_GROWTH`] scores 0.5 and one growing by `2 * MIN_GROWTH - 1` or more scores
//! 1), times the share of steps in which the face grew. A try whose frames do not each show
//! one face scores 0. [`forced`] is the verdict `mock_behavior.liveness` imposes instead.

use kyc_contract::{FaceFinding, LivenessReason, MockLiveness};

/// Shortest time from the first frame to the last, in milliseconds: a real approach takes
/// longer; frames taken in a burst are not one.
pub const MIN_SPAN_MS: u32 = 600;
/// Longest time from the first frame to the last, in milliseconds (the widget asks for about
/// five seconds).
pub const MAX_SPAN_MS: u32 = 10_000;
/// The largest move of the face's center from one frame to the next, as a share of the
/// larger of the two boxes' sides: a face that jumps further is not the same face followed.
pub const MAX_CENTER_JUMP: f32 = 0.5;
/// The smallest mean absolute luma difference (0..255) between consecutive frames at the
/// analysis size: below it nothing moved (the same picture sent again).
pub const MIN_FRAME_CHANGE: f32 = 1.0;
/// How much the face must grow from the first frame to the last (box side, last / first).
pub const MIN_GROWTH: f32 = 1.35;
/// How much smaller than the one before a face box may be (the detector's boxes jitter by a
/// few percent from frame to frame).
pub const MAX_STEP_SHRINK: f32 = 0.08;

/// One frame of a try as the check sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct TriedFrame {
    /// When it was taken, since the try began.
    pub t_ms: u32,
    /// Its width over its height.
    pub aspect: f32,
    /// The faces found, best first, in shares of the frame.
    pub faces: Vec<FaceFinding>,
    /// The mean absolute luma difference from the frame before; `None` for the first frame
    /// and for one of another size than the frame before.
    pub change: Option<f32>,
}

/// The check's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Why the try failed; `None` when it passed.
    pub reason: Option<LivenessReason>,
    /// How convincing, 0..1 (see the module docs).
    pub score: f32,
    /// Frames checked.
    pub frames: u32,
    /// The best face of each frame that has one, in order.
    pub faces: Vec<FaceFinding>,
}

/// The face's center in units of the frame's height.
fn center(f: &FaceFinding, aspect: f32) -> (f32, f32) {
    (f.x * aspect, f.y)
}

/// The growth's part of the score times the steadiness (see the module docs).
fn score(sizes: &[f32]) -> f32 {
    let (Some(&first), Some(&last)) = (sizes.first(), sizes.last()) else {
        return 0.0;
    };
    if first <= 0.0 || sizes.len() < 2 {
        return 0.0;
    }
    let growth = ((last / first - 1.0) / (2.0 * (MIN_GROWTH - 1.0))).clamp(0.0, 1.0);
    let grew = sizes.windows(2).filter(|w| w[1] > w[0]).count();
    growth * grew as f32 / (sizes.len() - 1) as f32
}

/// The rule that a try breaks first, if any (see the module docs for the order).
fn first_broken(frames: &[TriedFrame]) -> Option<LivenessReason> {
    let times_increase = frames.windows(2).all(|w| w[1].t_ms > w[0].t_ms);
    let span = match (frames.first(), frames.last()) {
        (Some(a), Some(b)) => b.t_ms.saturating_sub(a.t_ms),
        _ => 0,
    };
    if !times_increase || !(MIN_SPAN_MS..=MAX_SPAN_MS).contains(&span) {
        return Some(LivenessReason::BadTiming);
    }
    if frames.iter().any(|f| f.faces.is_empty()) {
        return Some(LivenessReason::NoFace);
    }
    if frames.iter().any(|f| f.faces.len() > 1) {
        return Some(LivenessReason::MultipleFaces);
    }
    let face = |f: &TriedFrame| (f.faces[0], f.aspect);
    let jumps = frames.windows(2).any(|w| {
        let ((a, aa), (b, ba)) = (face(&w[0]), face(&w[1]));
        let ((ax, ay), (bx, by)) = (center(&a, aa), center(&b, ba));
        (bx - ax).hypot(by - ay) > MAX_CENTER_JUMP * a.size.max(b.size)
    });
    if jumps {
        return Some(LivenessReason::DifferentFaces);
    }
    if frames
        .iter()
        .skip(1)
        .any(|f| f.change.is_some_and(|c| c <= MIN_FRAME_CHANGE))
    {
        return Some(LivenessReason::Identical);
    }
    let sizes: Vec<f32> = frames.iter().map(|f| f.faces[0].size).collect();
    let grew = sizes[sizes.len() - 1] >= MIN_GROWTH * sizes[0];
    let steady = sizes.windows(2).all(|w| w[1] >= w[0] * (1.0 - MAX_STEP_SHRINK));
    if !grew || !steady {
        return Some(LivenessReason::NotApproaching);
    }
    None
}

/// Checks a try's frames (in the order taken; at least one).
pub fn judge(frames: &[TriedFrame]) -> Verdict {
    let one_each = frames.iter().all(|f| f.faces.len() == 1);
    let sizes: Vec<f32> = frames
        .iter()
        .filter_map(|f| f.faces.first())
        .map(|f| f.size)
        .collect();
    Verdict {
        reason: first_broken(frames),
        score: if one_each { score(&sizes) } else { 0.0 },
        frames: frames.len() as u32,
        faces: frames.iter().filter_map(|f| f.faces.first().copied()).collect(),
    }
}

/// The verdict `mock_behavior.liveness` forces on a try of `frames` frames, without looking
/// at them: passed with score 1, or failed as `not_approaching` with score 0; no faces.
pub fn forced(mock: MockLiveness, frames: usize) -> Verdict {
    let (reason, score) = match mock {
        MockLiveness::Passed => (None, 1.0),
        MockLiveness::Failed => (Some(LivenessReason::NotApproaching), 0.0),
    };
    Verdict {
        reason,
        score,
        frames: frames as u32,
        faces: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LivenessReason::*;

    fn face(x: f32, y: f32, size: f32) -> FaceFinding {
        FaceFinding {
            x,
            y,
            size,
            score: 50.0,
            degrees: 0.0,
        }
    }

    /// Frames 300 ms apart of a 4:3 picture, one face of each `size` at the center, each
    /// frame changed by 10 luma levels.
    fn approach(sizes: &[f32]) -> Vec<TriedFrame> {
        sizes
            .iter()
            .enumerate()
            .map(|(i, &s)| TriedFrame {
                t_ms: 300 * i as u32,
                aspect: 4.0 / 3.0,
                faces: vec![face(0.5, 0.45, s)],
                change: (i > 0).then_some(10.0),
            })
            .collect()
    }

    const GOOD: [f32; 5] = [0.25, 0.29, 0.33, 0.38, 0.43];

    #[test]
    fn a_steady_approach_passes_with_its_score() {
        let v = judge(&approach(&GOOD));
        assert_eq!((v.reason, v.frames, v.faces.len()), (None, 5, 5));
        // 0.43 / 0.25 = 1.72 grows more than twice the required 0.35: full growth, every step grew.
        assert_eq!(v.score, 1.0);
        // Exactly the required growth, every step growing: 0.5.
        let v = judge(&approach(&[0.2, 0.22, 0.24, 0.26, 0.2 * MIN_GROWTH]));
        assert_eq!(v.reason, None);
        assert!((v.score - 0.5).abs() < 1e-3, "{}", v.score);
        // A small jitter back is steady enough; it costs score.
        let v = judge(&approach(&[0.25, 0.3, 0.29, 0.36, 0.43]));
        assert_eq!(v.reason, None);
        assert!((v.score - 0.75).abs() < 1e-3, "{}", v.score);
    }

    #[test]
    fn timing() {
        let mut f = approach(&GOOD);
        f[2].t_ms = f[1].t_ms;
        assert_eq!(judge(&f).reason, Some(BadTiming), "not strictly increasing");
        let mut f = approach(&GOOD);
        f.swap(1, 2);
        assert_eq!(judge(&f).reason, Some(BadTiming), "out of order");
        let mut f = approach(&GOOD);
        for (i, fr) in f.iter_mut().enumerate() {
            fr.t_ms = 100 * i as u32;
        }
        assert_eq!(judge(&f).reason, Some(BadTiming), "400 ms: too short");
        for (i, fr) in f.iter_mut().enumerate() {
            fr.t_ms = 150 * i as u32;
        }
        assert_eq!(judge(&f).reason, None, "600 ms is enough");
        for (i, fr) in f.iter_mut().enumerate() {
            fr.t_ms = 2600 * i as u32;
        }
        assert_eq!(judge(&f).reason, Some(BadTiming), "10.4 s: too long");
        // Timing is judged first: a try without faces and bad times is bad_timing.
        let mut f = approach(&GOOD);
        f[4].t_ms = 0;
        f[3].faces.clear();
        assert_eq!(judge(&f).reason, Some(BadTiming));
    }

    #[test]
    fn one_face_in_every_frame() {
        let mut f = approach(&GOOD);
        f[3].faces.clear();
        let v = judge(&f);
        assert_eq!((v.reason, v.score, v.faces.len()), (Some(NoFace), 0.0, 4));
        let mut f = approach(&GOOD);
        f[1].faces.push(face(0.1, 0.4, 0.2));
        let v = judge(&f);
        assert_eq!((v.reason, v.score), (Some(MultipleFaces), 0.0));
        // No face is said before several faces.
        f[4].faces.clear();
        assert_eq!(judge(&f).reason, Some(NoFace));
    }

    #[test]
    fn the_same_face_is_followed() {
        let mut f = approach(&GOOD);
        // A third of the frame's width to the side: 0.44 frame heights, more than half of 0.38.
        f[3].faces[0].x = 0.5 - 1.0 / 3.0;
        assert_eq!(judge(&f).reason, Some(DifferentFaces));
        // A drift within half a box is the same face (0.16 of the height, the box 0.38).
        let mut f = approach(&GOOD);
        f[3].faces[0].y += 0.16;
        f[4].faces[0].y += 0.16;
        assert_eq!(judge(&f).reason, None);
        // The frame's aspect counts: the same share of the width is further in a wide frame.
        let mut f = approach(&GOOD);
        f[3].faces[0].x += 0.13;
        f[4].faces[0].x += 0.13;
        assert_eq!(judge(&f).reason, None, "4:3");
        for fr in &mut f {
            fr.aspect = 16.0 / 9.0;
        }
        assert_eq!(judge(&f).reason, Some(DifferentFaces), "16:9");
    }

    #[test]
    fn frames_must_differ() {
        let mut f = approach(&GOOD);
        f[2].change = Some(MIN_FRAME_CHANGE);
        let v = judge(&f);
        assert_eq!(v.reason, Some(Identical));
        assert_eq!(v.score, 1.0, "the score still says how the face grew");
        // Frames of different sizes are not the same picture.
        f[2].change = None;
        assert_eq!(judge(&f).reason, None);
        // The same picture five times: identical comes before not approaching.
        let mut f = approach(&[0.3; 5]);
        for fr in f.iter_mut().skip(1) {
            fr.change = Some(0.0);
        }
        assert_eq!(judge(&f).reason, Some(Identical));
    }

    #[test]
    fn the_face_must_grow_steadily() {
        let still = judge(&approach(&[0.3, 0.31, 0.3, 0.31, 0.3]));
        assert_eq!(still.reason, Some(NotApproaching));
        assert_eq!(still.score, 0.0);
        let short = judge(&approach(&[0.3, 0.32, 0.34, 0.36, 0.3 * MIN_GROWTH - 0.01]));
        assert_eq!(short.reason, Some(NotApproaching));
        let mut out = GOOD;
        out.reverse();
        assert_eq!(judge(&approach(&out)).reason, Some(NotApproaching), "moving away");
        // Enough growth overall, but one step back by more than the tolerance.
        let back = judge(&approach(&[0.25, 0.32, 0.28, 0.38, 0.43]));
        assert_eq!(back.reason, Some(NotApproaching));
    }
}
