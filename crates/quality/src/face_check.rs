//! From the faces found in a frame to a verdict: one face, in the selfie oval
//! ([`guide::selfie_oval`]), big enough, not too close, not cut off, upright. The cut-offs are
//! in [`crate::thresholds`]; the measurements behind them are in the crate's README ("Faces").

use kyc_contract::{Feedback, ImageType};

use crate::face::{detect, Cascade, Face};
use crate::{guide, thresholds, Assessment, Kind, LumaImage, Reason};

/// What is wrong with the face in a frame, in the order [`check_face`] looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaceProblem {
    /// No face.
    NotFound,
    /// More than one face.
    MultiFace,
    /// The face is larger than the oval: move the phone away.
    TooClose,
    /// Part of the face is outside the frame.
    Cropped,
    /// The face is away from the oval, towards the frame's border.
    CloseToBorder,
    /// The face is small in the oval: bring the phone closer.
    TooSmall,
    /// The head is tilted sideways.
    Rotated,
}

impl FaceProblem {
    /// The contract's feedback code.
    pub fn feedback(self) -> Feedback {
        match self {
            FaceProblem::NotFound => Feedback::FaceNotFound,
            FaceProblem::MultiFace => Feedback::MultiFace,
            FaceProblem::TooClose => Feedback::FaceTooClose,
            FaceProblem::Cropped => Feedback::FaceCropped,
            FaceProblem::CloseToBorder => Feedback::FaceCloseToBorder,
            FaceProblem::TooSmall => Feedback::FaceTooSmall,
            FaceProblem::Rotated => Feedback::FaceRotated,
        }
    }
}

/// The faces of a frame and what is wrong with them.
#[derive(Debug, Clone, PartialEq)]
pub struct FaceCheck {
    /// The faces scoring at least [`thresholds::FACE_MIN_SCORE`], best first.
    pub faces: Vec<Face>,
    /// The first problem, `None` when there is exactly one face and it sits right.
    pub problem: Option<FaceProblem>,
}

/// The faces found in `frame` (at the analysis size, see [`crate::prepare`]) scoring at least
/// [`thresholds::FACE_MIN_SCORE`], best first.
pub fn find_faces(cascade: &Cascade, frame: &LumaImage) -> Vec<Face> {
    let mut faces = detect(cascade, frame);
    faces.retain(|f| f.score >= thresholds::FACE_MIN_SCORE);
    faces
}

/// Finds the faces of a selfie frame (at the analysis size) and judges them against the oval.
pub fn check_face(cascade: &Cascade, frame: &LumaImage) -> FaceCheck {
    let faces = find_faces(cascade, frame);
    let problem = judge_faces(&faces, frame.width, frame.height);
    FaceCheck { faces, problem }
}

/// The decision of [`check_face`] on given faces of a `w x h` frame. The first problem wins:
/// none or several faces, too close, cut off, away from the oval, too small, tilted.
pub fn judge_faces(faces: &[Face], w: u32, h: u32) -> Option<FaceProblem> {
    use thresholds as t;
    let face = match faces {
        [] => return Some(FaceProblem::NotFound),
        [face] => face,
        _ => return Some(FaceProblem::MultiFace),
    };
    let oval = guide::selfie_oval(w, h);
    let (ow, oh) = (oval.w.max(1) as f32, oval.h.max(1) as f32);
    let fill = face.size / oh;
    if fill > t::FACE_MAX_FILL {
        return Some(FaceProblem::TooClose);
    }
    // The head reaches beyond the detector's box (hair, chin): it is cut off when that reach
    // leaves the frame.
    let half = face.size * (0.5 + t::FACE_HEAD_MARGIN);
    if face.x - half < 0.0 || face.y - half < 0.0 || face.x + half > w as f32 || face.y + half > h as f32 {
        return Some(FaceProblem::Cropped);
    }
    let dx = (face.x - (oval.x as f32 + ow / 2.0)) / ow;
    let dy = (face.y - (oval.y as f32 + oh / 2.0)) / oh;
    if dx.abs() > t::FACE_MAX_OFFSET || dy.abs() > t::FACE_MAX_OFFSET {
        return Some(FaceProblem::CloseToBorder);
    }
    if fill < t::FACE_MIN_FILL {
        return Some(FaceProblem::TooSmall);
    }
    if face.degrees.abs() > t::FACE_MAX_ROLL_DEG {
        return Some(FaceProblem::Rotated);
    }
    None
}

/// The service's answer to a selfie from its [`assess`](crate::assess)ment (light, glare,
/// sharpness) and its [`FaceCheck`]: bad light first (every other measure is meaningless in
/// the dark), then the face, then glare and blur.
pub fn selfie_feedback(assessment: &Assessment, face: &FaceCheck) -> Feedback {
    match (assessment.reason, face.problem) {
        (Some(r @ (Reason::TooDark | Reason::TooBright)), _) => r.feedback(Kind::Selfie),
        (_, Some(problem)) => problem.feedback(),
        (reason, None) => reason.map_or(Feedback::Ok, |r| r.feedback(Kind::Selfie)),
    }
}

/// Whether a picture of `image` must show its holder's portrait ([`has_portrait`]), the
/// service's rule: a document front, framed by the guide (in a picture of unknown framing the
/// card, and so its portrait, may be of any size), that passed the document checks (a card
/// that is not found, or blurred, is said first). The service answers such a picture without
/// a portrait with `document_face_not_found`; the widget's check of a picture just taken says
/// the same on the preview.
pub fn portrait_expected(image: ImageType, framed: bool, assessment: &Assessment) -> bool {
    image == ImageType::DocumentFront && framed && assessment.is_good()
}

/// Whether a document picture (its card crop, at the analysis size) shows a face: the holder's
/// portrait. Anywhere on the card, since layouts differ (left on ID-1 cards and passport data
/// pages, right on some), at least [`thresholds::PORTRAIT_MIN_HEIGHT`] of the picture's height.
pub fn has_portrait(cascade: &Cascade, card: &LumaImage) -> bool {
    portrait_among(&find_faces(cascade, card), card)
}

/// [`has_portrait`] from the faces [`find_faces`] already found in `card`, for a caller that
/// keeps them (the service reports them): the detector runs once.
pub fn portrait_among(faces: &[Face], card: &LumaImage) -> bool {
    let min = card.height.min(card.width) as f32 * thresholds::PORTRAIT_MIN_HEIGHT;
    faces.iter().any(|f| f.size >= min)
}
