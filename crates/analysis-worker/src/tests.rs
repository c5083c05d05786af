use kyc_analysis_wire::ImageType;
use kyc_quality::synth::{self, Backdrop, Layout, Placement, Scene};
use kyc_quality::{Kind, LumaImage, Reason};

use super::*;

const MODEL: &[u8] = include_bytes!("../../quality/models/facefinder");

fn report(answer: Option<Answer>) -> FrameReport {
    match answer {
        Some(Answer::Report { id: 3, report }) => report,
        other => panic!("not the report of request 3: {other:?}"),
    }
}

#[test]
fn a_live_frame_is_assessed_as_on_the_main_thread() {
    let frame = synth::document(640, 360, 1);
    let assessed = kyc_quality::assess(&frame, Kind::Document);
    let got = report(answer(
        Request::Analyse {
            id: 3,
            kind: Kind::Document,
            faces: false,
            frame,
        },
        None,
    ));
    assert_eq!(got.reason, assessed.reason);
    assert!(got.card.is_some());
    assert_eq!(got.card, assessed.metrics.card);
    assert_eq!(got.face, None);
}

#[test]
fn faces_are_checked_only_when_asked_and_loaded() {
    let cascade = Cascade::parse(MODEL).unwrap();
    let frame = synth::face(360, 640, 2);
    let ask = |faces| Request::Analyse {
        id: 3,
        kind: Kind::Selfie,
        faces,
        frame: frame.clone(),
    };
    let checked = report(answer(ask(true), Some(&cascade))).face;
    assert_eq!(checked, Some(kyc_quality::check_face(&cascade, &frame)));
    assert_eq!(checked.map(|c| c.faces.len()), Some(1));
    assert_eq!(report(answer(ask(true), None)).face, None);
    assert_eq!(report(answer(ask(false), Some(&cascade))).face, None);
}

#[test]
fn a_picture_is_prepared_then_assessed_framed_or_not() {
    // A dark full-size picture: too dark either way.
    let dark = LumaImage::filled(1920, 1080, 12).unwrap();
    for framed in [true, false] {
        let got = answer(
            Request::CheckPicture {
                id: 4,
                image: ImageType::DocumentBack,
                framed,
                picture: dark.clone(),
            },
            None,
        );
        assert_eq!(
            got,
            Some(Answer::Picture {
                id: 4,
                reason: Some(Reason::TooDark),
                face: None,
                no_portrait: false,
            })
        );
    }
    // A good card, at the camera's size.
    let card = synth::document(1280, 720, 5);
    let expected = kyc_quality::assess(&kyc_quality::prepare(&card), Kind::Document).reason;
    let got = answer(
        Request::CheckPicture {
            id: 5,
            image: ImageType::DocumentBack,
            framed: true,
            picture: card,
        },
        None,
    );
    assert_eq!(
        got,
        Some(Answer::Picture {
            id: 5,
            reason: expected,
            face: None,
            no_portrait: false,
        })
    );
}

#[test]
fn preparing_the_faces_is_answered_later() {
    assert_eq!(answer(Request::PrepareFaces, None), None);
}

// The e2e tests' selfie pictures; their clips' frame rate is the fixture's, unused here.
#[allow(dead_code)]
#[path = "../../quality/examples/photo_selfies/mod.rs"]
mod photo_selfies;

/// The check of a selfie picture (a camera frame, as taken: not framed) by the worker.
fn check_selfie(picture: &LumaImage, cascade: Option<&Cascade>) -> Option<Answer> {
    answer(
        Request::CheckPicture {
            id: 6,
            image: ImageType::Selfie,
            framed: false,
            picture: picture.clone(),
        },
        cascade,
    )
}

fn picture(reason: Option<Reason>, face: Option<FaceProblem>) -> Option<Answer> {
    Some(Answer::Picture {
        id: 6,
        reason,
        face,
        no_portrait: false,
    })
}

#[test]
fn a_selfie_picture_without_a_face_is_said_once_the_model_is_loaded() {
    let cascade = Cascade::parse(MODEL).unwrap();
    let portrait = photo_selfies::portrait_selfie(1280, 720, 7).unwrap()[0].to_luma();
    let cat = photo_selfies::cat_selfie(1280, 720, 7).unwrap().to_luma();
    // The astronaut's face in the oval: nothing to say.
    assert_eq!(check_selfie(&portrait, Some(&cascade)), picture(None, None));
    // The cat: light and sharpness pass, the face check finds no face.
    assert_eq!(
        check_selfie(&cat, Some(&cascade)),
        picture(None, Some(FaceProblem::NotFound))
    );
    // Without the model, the face is not judged (the service decides).
    assert_eq!(check_selfie(&cat, None), picture(None, None));
    // A document picture is never judged for a face.
    let document = answer(
        Request::CheckPicture {
            id: 6,
            image: ImageType::DocumentFront,
            framed: false,
            picture: cat.clone(),
        },
        Some(&cascade),
    );
    assert!(
        matches!(document, Some(Answer::Picture { face: None, .. })),
        "{document:?}"
    );
}

#[test]
fn bad_light_is_said_before_the_face_as_the_service_answers() {
    let cascade = Cascade::parse(MODEL).unwrap();
    let cat = photo_selfies::cat_selfie(1280, 720, 7).unwrap().to_luma();
    let dark = synth::darken(&cat, 0.05);
    let prepared = kyc_quality::prepare(&dark);
    let service = kyc_quality::selfie_feedback(
        &kyc_quality::assess_unframed(&prepared, Kind::Selfie),
        &kyc_quality::check_face(&cascade, &prepared),
    );
    assert_eq!(service, Reason::TooDark.feedback(Kind::Selfie));
    assert_eq!(
        check_selfie(&dark, Some(&cascade)),
        picture(Some(Reason::TooDark), None)
    );
}

/// A camera picture of a card as the widget uploads it (the guide and its margin, cropped from
/// a 1280 x 720 frame: 1023 x 646, the card 913 pixels wide in the middle), on a dark desk.
fn uploaded_card(layout: Layout) -> LumaImage {
    let scene = Scene {
        card: Some(Placement::id1((511.5, 323.0), 913.0)),
        layout,
        backdrop: Backdrop::DarkDesk,
        hand: false,
    };
    synth::scene_placed_rgb(1023, 646, &scene, 3).to_luma()
}

fn check_card(
    picture: &LumaImage,
    image: ImageType,
    framed: bool,
    cascade: Option<&Cascade>,
) -> Option<Answer> {
    answer(
        Request::CheckPicture {
            id: 7,
            image,
            framed,
            picture: picture.clone(),
        },
        cascade,
    )
}

fn card_answer(reason: Option<Reason>, no_portrait: bool) -> Option<Answer> {
    Some(Answer::Picture {
        id: 7,
        reason,
        face: None,
        no_portrait,
    })
}

#[test]
fn a_framed_front_without_a_portrait_is_said_once_the_model_is_loaded() {
    let cascade = Cascade::parse(MODEL).unwrap();
    let with = uploaded_card(Layout::PortraitLeft);
    let without = uploaded_card(Layout::NoPortrait);
    // Both cards pass every document check: only the portrait differs.
    assert_eq!(
        check_card(&with, ImageType::DocumentFront, true, Some(&cascade)),
        card_answer(None, false)
    );
    assert_eq!(
        check_card(&without, ImageType::DocumentFront, true, Some(&cascade)),
        card_answer(None, true)
    );
    // As the service rules (`portrait_expected`): not on a back, not on a chosen file (its
    // framing is unknown), and not before the model is in.
    assert_eq!(
        check_card(&without, ImageType::DocumentBack, true, Some(&cascade)),
        card_answer(None, false)
    );
    assert_eq!(
        check_card(&without, ImageType::DocumentFront, false, Some(&cascade)),
        card_answer(None, false)
    );
    assert_eq!(
        check_card(&without, ImageType::DocumentFront, true, None),
        card_answer(None, false)
    );
    // A card with a problem of its own is told that first.
    let blurred = synth::gaussian_blur(&without, 6.0);
    let got = check_card(&blurred, ImageType::DocumentFront, true, Some(&cascade));
    assert_eq!(got, card_answer(Some(Reason::Blur), false));
}
