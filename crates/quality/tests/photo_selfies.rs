//! The selfie clips the end-to-end tests feed Chromium's fake camera (`fixture portrait-selfie`,
//! `fixture cat-selfie`), read back from the Y4M the way a browser shows them and sampled as the
//! widget samples a selfie (`guide::capture_crop`, then `analysis_size`): the portrait is a face
//! sitting right in the oval, in good light and sharp, on every frame; the cat has no face.

#[path = "../examples/photo_selfies/mod.rs"]
mod photo_selfies;
mod y4m;

use kyc_contract::Feedback;
use kyc_quality::synth::{y4m_clip, RgbImage};
use kyc_quality::{
    analysis_size, assess, check_face, guide, selfie_feedback, Cascade, FaceProblem, Kind, LumaImage,
};

const MODEL: &[u8] = include_bytes!("../models/facefinder");
const SIZE: (u32, u32) = (1280, 720);

/// A camera frame as the widget analyses a selfie: the capture crop (the whole frame) at the
/// analysis size.
fn sampled(frame: &LumaImage) -> LumaImage {
    let (r, _) = guide::capture_crop(Kind::Selfie, frame.width, frame.height);
    let (w, h) = analysis_size(r.w, r.h);
    frame.crop(r.x, r.y, r.w, r.h).unwrap().downscale_to_fit(w, h)
}

/// The service's answer to a sampled selfie frame, and the face check behind it.
fn answer(frame: &LumaImage) -> (Feedback, Option<FaceProblem>) {
    let cascade = Cascade::parse(MODEL).unwrap();
    let face = check_face(&cascade, frame);
    (selfie_feedback(&assess(frame, Kind::Selfie), &face), face.problem)
}

fn clip(frames: &[RgbImage], fps: u32) -> Vec<LumaImage> {
    y4m::frames(&y4m_clip(frames, fps))
}

#[test]
fn the_portrait_clip_shows_a_face_sitting_right_in_the_oval() {
    let (w, h) = SIZE;
    let frames = photo_selfies::portrait_selfie(w, h, 7).unwrap();
    assert_eq!(frames.len(), photo_selfies::PORTRAIT_FRAMES as usize);
    let seen = clip(&frames, photo_selfies::PORTRAIT_FPS);
    assert_eq!(seen.len(), frames.len());
    // The frames differ (shake and grain), as a live camera's do.
    assert_ne!(seen[0].data, seen[1].data);
    // The first frame, and the ones shaken furthest sideways and down.
    let quarter = frames.len() / 4;
    for i in [0, quarter, 2 * quarter, 3 * quarter] {
        let frame = sampled(&seen[i]);
        assert_eq!((frame.width, frame.height), (640, 360));
        assert_eq!(answer(&frame), (Feedback::Ok, None), "frame {i}");
    }
    // The face is where it was put: at the oval's center, 60% of its height.
    let frame = sampled(&seen[0]);
    let face = check_face(&Cascade::parse(MODEL).unwrap(), &frame).faces[0];
    let oval = guide::selfie_oval(frame.width, frame.height);
    let (cx, cy) = (
        oval.x as f32 + oval.w as f32 / 2.0,
        oval.y as f32 + oval.h as f32 / 2.0,
    );
    let want = oval.h as f32 * photo_selfies::PORTRAIT_FILL;
    assert!((face.size - want).abs() < want * 0.1, "{face:?} want {want}");
    assert!(
        (face.x - cx).abs() < want * 0.1 && (face.y - cy).abs() < want * 0.1,
        "{face:?}"
    );
}

#[test]
fn the_cat_shows_no_face() {
    let (w, h) = SIZE;
    let cat = photo_selfies::cat_selfie(w, h, 7).unwrap();
    let seen = clip(&[cat], 30);
    let frame = sampled(&seen[0]);
    assert_eq!(
        answer(&frame),
        (Feedback::FaceNotFound, Some(FaceProblem::NotFound))
    );
    // Its light and sharpness pass: the face alone stops it.
    assert_eq!(assess(&frame, Kind::Selfie).reason, None);
}
