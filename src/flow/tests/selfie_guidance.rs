//! Live guidance of the selfie: the face's hints, the face in the oval before the
//! auto-capture, and the selfie taken with the shutter when its face cannot be checked.

use kyc_contract::Feedback;
use kyc_quality::{selfie_feedback, Face, FaceCheck, FaceProblem, Kind, LumaImage, Reason};

use super::guidance::{run, BLUR, GOOD};
use crate::flow::guidance::*;

/// A selfie frame's face check: one face and `problem`.
fn face(problem: Option<FaceProblem>) -> FaceCheck {
    let face = Face {
        x: 320.0,
        y: 180.0,
        size: 130.0,
        score: 60.0,
        degrees: 0.0,
    };
    FaceCheck {
        faces: vec![face],
        problem,
    }
}

/// A selfie frame in good light, sharp, with `problem` (`None`: the face sits right).
fn selfie(problem: Option<FaceProblem>) -> Observation {
    Observation::of_selfie(None, Some(&face(problem)))
}

const FACE_PROBLEMS: [FaceProblem; 7] = [
    FaceProblem::NotFound,
    FaceProblem::MultiFace,
    FaceProblem::TooClose,
    FaceProblem::Cropped,
    FaceProblem::CloseToBorder,
    FaceProblem::TooSmall,
    FaceProblem::Rotated,
];

#[test]
fn a_selfie_frame_is_judged_in_the_order_of_the_services_answer() {
    // What the service would answer for the frame the device observed.
    let answer = |obs: Observation| match obs {
        Observation::Good => Feedback::Ok,
        Observation::Bad(r) => r.feedback(Kind::Selfie),
        Observation::Face(p) => p.feedback(),
        other => panic!("{other:?} is not a judged selfie frame"),
    };
    let mut assessment = kyc_quality::assess(&LumaImage::filled(64, 64, 128).unwrap(), Kind::Selfie);
    let reasons = std::iter::once(None).chain(Reason::PRIORITY.map(Some));
    for reason in reasons {
        for problem in std::iter::once(None).chain(FACE_PROBLEMS.map(Some)) {
            assessment.reason = reason;
            let check = face(problem);
            let obs = Observation::of_selfie(reason, Some(&check));
            assert_eq!(
                answer(obs),
                selfie_feedback(&assessment, &check),
                "{reason:?} {problem:?}"
            );
        }
    }
    // Light first, then the face, then glare and blur.
    let no_face = Some(FaceProblem::NotFound);
    let dark = Observation::of_selfie(Some(Reason::TooDark), Some(&face(no_face)));
    assert_eq!(dark, Observation::Bad(Reason::TooDark));
    let blurred = Observation::of_selfie(Some(Reason::Blur), Some(&face(no_face)));
    assert_eq!(blurred, Observation::Face(FaceProblem::NotFound));
    let blurred = Observation::of_selfie(Some(Reason::Blur), Some(&face(None)));
    assert_eq!(blurred, BLUR);
    assert_eq!(selfie(None), GOOD);
}

#[test]
fn face_hints_say_what_to_do_and_carry_the_services_code() {
    assert_eq!(Hint::Face(FaceProblem::NotFound).as_str(), "face_not_found");
    for p in FACE_PROBLEMS {
        assert_eq!(selfie(Some(p)), Observation::Face(p));
        let mut g = Guidance::new();
        let hint = g.observe(0.0, selfie(Some(p))).hint;
        assert_eq!(hint, Some(Hint::Face(p)));
        assert_eq!(Hint::Face(p).as_str(), p.feedback().as_str());
    }
    let codes: std::collections::HashSet<&str> =
        FACE_PROBLEMS.iter().map(|&p| Hint::Face(p).as_str()).collect();
    assert_eq!(codes.len(), FACE_PROBLEMS.len());
    assert_eq!(Hint::ReadyForShutter.as_str(), "ready");
}

#[test]
fn a_selfie_without_the_face_model_is_guided_but_never_taken_by_itself() {
    // No face check (the model is not loaded): light and blur hints as for any picture.
    assert_eq!(Observation::of_selfie(Some(Reason::Blur), None), BLUR);
    assert_eq!(
        Observation::of_selfie(Some(Reason::TooDark), None),
        Observation::Bad(Reason::TooDark)
    );
    let unchecked = Observation::of_selfie(None, None);
    assert_eq!(unchecked, Observation::FaceUnchecked);
    let mut g = Guidance::new();
    let views = run(&mut g, 0.0, 8000.0, unchecked);
    assert!(views.iter().all(|(_, v)| v.countdown.is_none() && !v.capture));
    assert!(views.iter().all(|(_, v)| v.hint == Some(Hint::ReadyForShutter)));
    assert!(!g.captured());
}

#[test]
fn a_right_face_is_taken_after_the_steady_run_and_the_countdown() {
    let mut g = Guidance::new();
    // The model comes in after 2 s: the run starts with the first checked frame.
    run(&mut g, 0.0, 2000.0, Observation::FaceUnchecked);
    let views = run(&mut g, 2000.0, 6000.0, selfie(None));
    let mut seen: Vec<u32> = views.iter().filter_map(|(_, v)| v.countdown).collect();
    seen.dedup();
    assert_eq!(seen, vec![3, 2, 1]);
    let at: Vec<f64> = views.iter().filter(|(_, v)| v.capture).map(|(t, _)| *t).collect();
    assert_eq!(at.len(), 1, "{at:?}");
    assert!(at[0] >= 2000.0 + STEADY_MS + 1800.0, "{at:?}");
    assert!(at[0] < 2000.0 + STEADY_MS + 1800.0 + 160.0, "{at:?}");
    assert!(views.iter().any(|(_, v)| v.hint == Some(Hint::LookingGood)));
}

#[test]
fn a_face_problem_cancels_the_countdown() {
    for p in FACE_PROBLEMS {
        let mut g = Guidance::new();
        run(&mut g, 0.0, 1200.0, selfie(None));
        assert_eq!(g.observe(1200.0, selfie(None)).countdown, Some(3));
        let v = g.observe(1280.0, selfie(Some(p)));
        assert_eq!(v.countdown, None, "{p:?}");
        assert!(!v.capture);
        // And the model going away (a frame without a face check) cancels it too.
        let mut g = Guidance::new();
        run(&mut g, 0.0, 1200.0, selfie(None));
        assert_eq!(g.observe(1280.0, Observation::FaceUnchecked).countdown, None);
    }
    // A face that keeps leaving the oval is never taken.
    let mut g = Guidance::new();
    let mut t = 0.0;
    for i in 0..200 {
        let obs = if i % 25 == 24 {
            selfie(Some(FaceProblem::CloseToBorder))
        } else {
            selfie(None)
        };
        assert!(!g.observe(t, obs).capture, "at {t}");
        t += 80.0;
    }
}

#[test]
fn face_hints_come_one_at_a_time_and_are_held() {
    let mut g = Guidance::new();
    let no_face = selfie(Some(FaceProblem::NotFound));
    let small = selfie(Some(FaceProblem::TooSmall));
    assert_eq!(
        g.observe(0.0, no_face).hint,
        Some(Hint::Face(FaceProblem::NotFound))
    );
    // The face appears, too small: "put your face in the oval" stays 1.5 s.
    for (t, v) in run(&mut g, 80.0, HINT_HOLD_MS, small) {
        assert_eq!(v.hint, Some(Hint::Face(FaceProblem::NotFound)), "at {t}");
    }
    let v = g.observe(HINT_HOLD_MS, small);
    assert_eq!(v.hint, Some(Hint::Face(FaceProblem::TooSmall)));
    // Flickering between two problems does not switch the hint faster.
    let tilted = selfie(Some(FaceProblem::Rotated));
    for (t, v) in run(&mut g, 1580.0, 3000.0, tilted) {
        assert_eq!(v.hint, Some(Hint::Face(FaceProblem::TooSmall)), "at {t}");
    }
    // A steady right face replaces a face hint at once with "looking good".
    let views = run(&mut g, 3000.0, 3000.0 + STEADY_MS + 80.0, selfie(None));
    let last = views.last().map(|(_, v)| *v).unwrap_or_default();
    assert_eq!(last.hint, Some(Hint::LookingGood));
    assert_eq!(last.countdown, Some(3));
}
