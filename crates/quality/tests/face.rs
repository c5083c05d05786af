//! The face detector and the selfie verdict on real photographs and the cases built from them
//! (`face_support`). The same tests run natively and in headless Chromium (wasm32):
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test
//! --target wasm32-unknown-unknown -p kyc-quality --test face`.

mod face_support;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use face_support::{cases, good_size, oval_center, photo, MODEL};
use kyc_contract::Feedback;
use kyc_quality::{
    assess, check_face, has_portrait, judge_faces, prepare, selfie_feedback, synth, Cascade, CascadeError,
    Face, FaceProblem, Kind, LumaImage,
};

fn cascade() -> Cascade {
    Cascade::parse(MODEL).unwrap()
}

#[test]
fn every_case_gets_its_answer() {
    let cascade = cascade();
    let mut wrong = Vec::new();
    for case in cases() {
        let check = check_face(&cascade, &case.frame);
        let got = selfie_feedback(&assess(&case.frame, Kind::Selfie), &check);
        // Where the answer is about the face, the faces found are the faces there are.
        let counted = got == Feedback::FaceNotFound || check.faces.len() == case.faces;
        if got != case.expected || !counted {
            wrong.push(format!(
                "{}: {got:?}, expected {:?} ({:?})",
                case.name, case.expected, check.faces
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_face_is_where_it_was_put() {
    let cascade = cascade();
    let (w, h) = (640, 360);
    let (center, size) = (oval_center(w, h), good_size(w, h));
    for (at, degrees) in [
        (center, 0.0),
        ((center.0 + 150.0, center.1 - 20.0), 0.0),
        (center, 30.0),
        (center, -30.0),
    ] {
        let frame = face_support::astronaut_at(w, h, at, size, degrees);
        let faces = check_face(&cascade, &frame).faces;
        assert_eq!(faces.len(), 1, "{at:?} {degrees}: {faces:?}");
        let f = faces[0];
        assert!(
            (f.x - at.0).abs() < size * 0.1 && (f.y - at.1).abs() < size * 0.1,
            "{at:?}: {f:?}"
        );
        assert!((f.size / size - 1.0).abs() < 0.2, "{size}: {f:?}");
        // Clockwise on screen is positive.
        assert!((f.degrees - degrees).abs() < 10.0, "{degrees}: {f:?}");
    }
}

#[test]
fn no_face_in_pictures_without_one() {
    let cascade = cascade();
    for img in [
        prepare(&photo("cat")),
        prepare(&photo("coffee")),
        synth::background(640, 360, 1),
        LumaImage::filled(640, 360, 128).unwrap(),
    ] {
        let check = check_face(&cascade, &img);
        assert_eq!(check.problem, Some(FaceProblem::NotFound), "{:?}", check.faces);
    }
}

#[test]
fn the_synthetic_selfie_and_cards_show_a_real_face() {
    let cascade = cascade();
    for (w, h, seed) in [(640, 360, 1), (1280, 720, 7), (720, 1280, 2)] {
        let frame = prepare(&synth::face(w, h, seed));
        let check = check_face(&cascade, &frame);
        assert_eq!(check.problem, None, "{w}x{h}: {:?}", check.faces);
        assert_eq!(
            selfie_feedback(&assess(&frame, Kind::Selfie), &check),
            Feedback::Ok
        );
    }
    // The card's portrait, framed as the widget uploads it and as a whole camera frame.
    assert!(has_portrait(&cascade, &synth::document(570, 360, 1)));
    assert!(has_portrait(&cascade, &prepare(&synth::document(1280, 720, 3))));
    // No portrait: the desk, the photographs without a face.
    assert!(!has_portrait(&cascade, &synth::background(570, 360, 1)));
    assert!(!has_portrait(&cascade, &prepare(&photo("coffee"))));
}

fn face(x: f32, y: f32, size: f32, degrees: f32) -> Face {
    Face {
        x,
        y,
        size,
        score: 50.0,
        degrees,
    }
}

#[test]
fn the_verdict_follows_the_oval() {
    // 640x360: the oval is 162x216 around (320, 180).
    let judge = |faces: &[Face]| judge_faces(faces, 640, 360);
    assert_eq!(judge(&[]), Some(FaceProblem::NotFound));
    assert_eq!(judge(&[face(320.0, 180.0, 130.0, 0.0)]), None);
    assert_eq!(judge(&[face(320.0, 180.0, 130.0, 10.0)]), None);
    assert_eq!(
        judge(&[face(200.0, 180.0, 100.0, 0.0), face(440.0, 180.0, 100.0, 0.0)]),
        Some(FaceProblem::MultiFace)
    );
    assert_eq!(
        judge(&[face(320.0, 180.0, 210.0, 0.0)]),
        Some(FaceProblem::TooClose)
    );
    assert_eq!(
        judge(&[face(60.0, 180.0, 130.0, 0.0)]),
        Some(FaceProblem::Cropped)
    );
    assert_eq!(
        judge(&[face(320.0, 50.0, 100.0, 0.0)]),
        Some(FaceProblem::Cropped)
    );
    assert_eq!(
        judge(&[face(420.0, 180.0, 120.0, 0.0)]),
        Some(FaceProblem::CloseToBorder)
    );
    assert_eq!(
        judge(&[face(320.0, 180.0, 60.0, 0.0)]),
        Some(FaceProblem::TooSmall)
    );
    assert_eq!(
        judge(&[face(320.0, 180.0, 130.0, -30.0)]),
        Some(FaceProblem::Rotated)
    );
    // The codes.
    assert_eq!(FaceProblem::NotFound.feedback(), Feedback::FaceNotFound);
    assert_eq!(FaceProblem::CloseToBorder.feedback(), Feedback::FaceCloseToBorder);
}

#[test]
fn bad_light_wins_over_the_face_and_the_face_over_blur() {
    let cascade = cascade();
    let dark = synth::darken(&synth::face(640, 360, 1), 0.25);
    let check = check_face(&cascade, &LumaImage::filled(640, 360, 20).unwrap());
    assert_eq!(
        selfie_feedback(&assess(&dark, Kind::Selfie), &check),
        Feedback::Other
    );
    let blurred_wall = synth::gaussian_blur(&LumaImage::filled(640, 360, 120).unwrap(), 3.0);
    let a = assess(&blurred_wall, Kind::Selfie);
    assert_eq!(a.feedback(Kind::Selfie), Feedback::BlurSelfie);
    assert_eq!(
        selfie_feedback(&a, &check_face(&cascade, &blurred_wall)),
        Feedback::FaceNotFound
    );
}

#[test]
fn bad_model_files_are_errors() {
    let len = MODEL.len();
    assert_eq!(Cascade::parse(&[]).unwrap_err(), CascadeError::TooShort(0));
    assert_eq!(
        Cascade::parse(&MODEL[..15]).unwrap_err(),
        CascadeError::TooShort(15)
    );
    let with = |at: usize, bytes: &[u8]| {
        let mut m = MODEL.to_vec();
        m[at..at + bytes.len()].copy_from_slice(bytes);
        Cascade::parse(&m)
    };
    assert_eq!(
        with(0, &2i32.to_le_bytes()).unwrap_err(),
        CascadeError::Version(2)
    );
    assert_eq!(with(8, &0i32.to_le_bytes()).unwrap_err(), CascadeError::Depth(0));
    assert_eq!(
        with(8, &40i32.to_le_bytes()).unwrap_err(),
        CascadeError::Depth(40)
    );
    assert_eq!(
        with(12, &(-1i32).to_le_bytes()).unwrap_err(),
        CascadeError::Trees(-1)
    );
    assert_eq!(
        with(12, &i32::MAX.to_le_bytes()).unwrap_err(),
        CascadeError::Trees(i32::MAX)
    );
    assert!(matches!(
        Cascade::parse(&MODEL[..len - 1]),
        Err(CascadeError::Length { expected, actual }) if expected == len && actual == len - 1
    ));
    // The first tree's first leaf value (after its 63 nodes) is NaN.
    assert_eq!(
        with(16 + 4 * 63, &f32::NAN.to_le_bytes()).unwrap_err(),
        CascadeError::NotFinite
    );
    assert!(CascadeError::Depth(40).to_string().contains("depth 40"));
}

#[test]
fn any_bytes_are_safe() {
    let img = prepare(&synth::face(320, 180, 1));
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for round in 0..40 {
        let mut m = MODEL.to_vec();
        // Keep the header on most rounds so that the trees are read and run.
        let from = if round % 4 == 0 { 0 } else { 16 };
        for _ in 0..50 {
            let at = from + (next() as usize) % (m.len() - from);
            m[at] = next() as u8;
        }
        if let Ok(cascade) = Cascade::parse(&m) {
            let _ = check_face(&cascade, &img);
        }
        let cut = (next() as usize) % m.len();
        assert!(Cascade::parse(&m[..cut]).is_err());
    }
    // A minimal valid cascade: depth 1, one tree that accepts everything.
    let mut tiny = Vec::new();
    for v in [3i32, 0, 1, 1] {
        tiny.extend(v.to_le_bytes());
    }
    tiny.extend([0u8, 0, 0, 0]);
    for v in [1.0f32, 1.0, 0.0] {
        tiny.extend(v.to_le_bytes());
    }
    let cascade = Cascade::parse(&tiny).unwrap();
    for (w, h) in [(1, 1), (10, 10), (40, 30), (640, 360)] {
        let img = LumaImage::filled(w, h, 90).unwrap();
        let _ = check_face(&cascade, &img);
    }
}
