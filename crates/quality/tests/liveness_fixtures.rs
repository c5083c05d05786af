//! The liveness clips of the end-to-end tests, seen by the face detector at the analysis size:
//! exactly one face in every frame, growing steadily in `approaching-face` (by more than the
//! challenge's 1.5 times), the same size in `still-face`.

#[allow(dead_code)]
mod face_support;
mod liveness_clips;

use face_support::MODEL;
use kyc_quality::{find_faces, Cascade, ANALYSIS_HEIGHT as H, ANALYSIS_WIDTH as W};
use liveness_clips::{approaching_shares, face_frame, CLIP_FPS, STILL_SHARE};

/// The one face's box side in a frame with the face at `share`, as a share of the height.
fn found(cascade: &Cascade, share: f32) -> f32 {
    let faces = find_faces(cascade, &face_frame(W, H, share));
    assert_eq!(faces.len(), 1, "{share}: {faces:?}");
    faces[0].size / H as f32
}

#[test]
fn the_approaching_clip_shows_one_face_growing_steadily() {
    let cascade = Cascade::parse(MODEL).unwrap();
    let shares = approaching_shares();
    assert_eq!(shares.len(), 6 * CLIP_FPS as usize);
    let fps = CLIP_FPS as usize;
    // The still start, every frame of the approach, the held end.
    let sizes: Vec<f32> = shares[fps - 1..=4 * fps]
        .iter()
        .map(|&s| found(&cascade, s))
        .collect();
    // Steadily: never below 90% of the largest so far (the detector's boxes jitter by about
    // 6%), and by at least 5% more over every four frames.
    let mut largest = 0f32;
    for s in &sizes {
        assert!(*s >= largest * 0.9, "{sizes:?}");
        largest = largest.max(*s);
    }
    assert!(sizes.windows(5).all(|w| w[4] >= w[0] * 1.05), "{sizes:?}");
    let (first, last) = (sizes[0], sizes[sizes.len() - 1]);
    assert!(last >= first * 1.8, "{sizes:?}");
    // It starts in the challenge's small oval.
    assert!((0.22..=0.42).contains(&first), "{first}");
}

#[test]
fn the_still_clip_shows_one_face_of_the_same_size() {
    let cascade = Cascade::parse(MODEL).unwrap();
    let size = found(&cascade, STILL_SHARE);
    assert!((size / STILL_SHARE - 1.0).abs() < 0.2, "{size}");
    assert!((0.22..=0.42).contains(&size), "{size}");
}
