//! The liveness clips of the end-to-end tests (the `fixture` example's `approaching-face` and
//! `still-face`, Chromium's fake camera): the astronaut's face of `face_support` at the
//! center of the frame (the selfie oval's center), approaching or still. Shared by the
//! example and by `tests/liveness_fixtures.rs`, which checks them with the detector.

use kyc_quality::LumaImage;

use crate::face_support::{astronaut_at, oval_center};

/// Frames per second of the clips.
pub const CLIP_FPS: u32 = 5;
/// The face box's share of the frame height at the start of the approaching clip: in the
/// challenge's small oval (0.22 to 0.42).
pub const START_SHARE: f32 = 0.28;
/// The face box's share of the frame height at the end of the approach (twice the start).
pub const END_SHARE: f32 = 0.56;
/// The still clip's face: mid-size, in the small oval.
pub const STILL_SHARE: f32 = 0.33;

/// The face box's share of the frame height in each frame of the approaching clip: at
/// [`START_SHARE`] for 1 s, growing steadily to [`END_SHARE`] over 3 s, then held for 2 s
/// (Chromium loops the clip, so a try that misses the start finds it again within 6 s).
pub fn approaching_shares() -> Vec<f32> {
    let grow = 3 * CLIP_FPS;
    let hold = std::iter::repeat_n(START_SHARE, CLIP_FPS as usize);
    let growing = (1..=grow).map(|i| START_SHARE + (END_SHARE - START_SHARE) * i as f32 / grow as f32);
    let held = std::iter::repeat_n(END_SHARE, 2 * CLIP_FPS as usize);
    hold.chain(growing).chain(held).collect()
}

/// A `w x h` frame with the face at `share` of the height, at the center.
pub fn face_frame(w: u32, h: u32, share: f32) -> LumaImage {
    astronaut_at(w, h, oval_center(w, h), share * h as f32, 0.0)
}
