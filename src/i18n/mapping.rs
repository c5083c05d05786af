//! The message of every value the customer is told about: step titles, notices, statuses,
//! errors, hints and feedback codes. The screens and the live region both read these, so a
//! screen and what a screen reader hears never disagree.

use kyc_contract::{Feedback, ImageType, LivenessReason, SessionStatus};
use kyc_quality::{FaceProblem, Kind, Reason};

use super::{fill, Lang, Msg};
use crate::flow::guidance::Hint;
use crate::flow::liveness::LiveHint;
use crate::flow::{
    CameraProblem, DoubtReason, ErrorKind, ImageProblem, LinkErrorKind, LivenessRetry, LivenessStage, Notice,
    Step,
};

impl Msg {
    /// The message for a feedback code.
    pub fn feedback(code: Feedback) -> Msg {
        match code {
            Feedback::Ok => Msg::FbOk,
            Feedback::Other => Msg::FbOther,
            Feedback::DocumentNotFound => Msg::FbDocumentNotFound,
            Feedback::FaceNotFound => Msg::FbFaceNotFound,
            Feedback::DocumentFaceNotFound => Msg::FbDocumentFaceNotFound,
            Feedback::Obstructed => Msg::FbObstructed,
            Feedback::Blur => Msg::FbBlur,
            Feedback::Glare => Msg::FbGlare,
            Feedback::DocumentNotSupported => Msg::FbDocumentNotSupported,
            Feedback::DocumentNotMatching => Msg::FbDocumentNotMatching,
            Feedback::WrongDocumentSide => Msg::FbWrongDocumentSide,
            Feedback::MultiFace => Msg::FbMultiFace,
            Feedback::FaceRotated => Msg::FbFaceRotated,
            Feedback::FaceTooSmall => Msg::FbFaceTooSmall,
            Feedback::FaceTooClose => Msg::FbFaceTooClose,
            Feedback::ClosedEyes => Msg::FbClosedEyes,
            Feedback::FaceAngleTooLarge => Msg::FbFaceAngleTooLarge,
            Feedback::FaceCloseToBorder => Msg::FbFaceCloseToBorder,
            Feedback::FaceOccluded => Msg::FbFaceOccluded,
            Feedback::FaceCropped => Msg::FbFaceCropped,
            Feedback::BarcodeNotFound => Msg::FbBarcodeNotFound,
            Feedback::GlareSelfie => Msg::FbGlareSelfie,
            Feedback::BlurSelfie => Msg::FbBlurSelfie,
            Feedback::RestrictedCriteria => Msg::FbRestrictedCriteria,
        }
    }

    /// Title and explanation of a link error screen.
    pub fn link_error(kind: LinkErrorKind) -> (Msg, Msg) {
        match kind {
            LinkErrorKind::Broken => (Msg::LinkBrokenTitle, Msg::LinkBrokenBody),
            LinkErrorKind::UnknownSession => (Msg::LinkUnknownTitle, Msg::LinkUnknownBody),
            LinkErrorKind::UsedOnAnotherDevice => (Msg::LinkUsedTitle, Msg::LinkUsedBody),
            LinkErrorKind::Expired => (Msg::LinkExpiredTitle, Msg::LinkExpiredBody),
            LinkErrorKind::AlreadyFinished => (Msg::LinkFinishedTitle, Msg::LinkFinishedBody),
        }
    }

    /// Title and explanation of a camera problem screen.
    pub fn camera(kind: CameraProblem) -> (Msg, Msg) {
        match kind {
            CameraProblem::PermissionDenied => (Msg::CamDeniedTitle, Msg::CamDeniedBody),
            CameraProblem::NotFound => (Msg::CamNotFoundTitle, Msg::CamNotFoundBody),
            CameraProblem::InUse => (Msg::CamInUseTitle, Msg::CamInUseBody),
            CameraProblem::InsecureContext => (Msg::CamInsecureTitle, Msg::CamInsecureBody),
            CameraProblem::Unsupported => (Msg::CamUnsupportedTitle, Msg::CamUnsupportedBody),
            CameraProblem::Other => (Msg::CamOtherTitle, Msg::CamOtherBody),
        }
    }

    /// Title and instruction of the capture step of a picture (the title also names the
    /// picture elsewhere, e.g. in the handoff's progress list).
    pub fn capture(image: ImageType) -> (Msg, Msg) {
        match image {
            ImageType::DocumentFront => (Msg::FrontTitle, Msg::FrontInstruction),
            ImageType::DocumentBack => (Msg::BackTitle, Msg::BackInstruction),
            ImageType::Selfie => (Msg::SelfieTitle, Msg::SelfieInstruction),
        }
    }

    /// Title and explanation of the final screen for a session's final status.
    pub fn final_status(status: SessionStatus) -> (Msg, Msg) {
        match status {
            SessionStatus::Complete => (Msg::FinalCompleteTitle, Msg::FinalCompleteBody),
            SessionStatus::Expired => (Msg::FinalExpiredTitle, Msg::FinalExpiredBody),
            _ => (Msg::FinalErrorTitle, Msg::FinalErrorBody),
        }
    }

    /// Title and explanation of the error screen.
    pub fn error(kind: ErrorKind) -> (Msg, Msg) {
        match kind {
            ErrorKind::Network => (Msg::ErrorNetworkTitle, Msg::ErrorNetworkBody),
            ErrorKind::Unexpected => (Msg::ErrorUnexpectedTitle, Msg::ErrorUnexpectedBody),
        }
    }

    /// The message for a picture that could not be prepared.
    pub fn image_problem(p: ImageProblem) -> Msg {
        match p {
            ImageProblem::TooSmall => Msg::ImageTooSmall,
            ImageProblem::NotAnImage => Msg::ImageNotAnImage,
            ImageProblem::Failed => Msg::ImageFailed,
        }
    }

    /// The message for a picture that failed the on-device check: the service's feedback text
    /// for blur, glare and a missing document, and the light problems' own texts.
    pub fn quality(reason: Reason, kind: Kind) -> Msg {
        match reason {
            Reason::TooDark => Msg::QualityTooDark,
            Reason::TooBright => Msg::QualityTooBright,
            other => Msg::feedback(other.feedback(kind)),
        }
    }

    /// What the preview says of a picture the on-device check dislikes: a face problem in the
    /// words of the live hint, a missing portrait in the service's.
    pub fn doubt(reason: DoubtReason, kind: Kind) -> Msg {
        match reason {
            DoubtReason::Quality(reason) => Msg::quality(reason, kind),
            DoubtReason::Face(problem) => Msg::hint(Hint::Face(problem)),
            DoubtReason::NoPortrait => Msg::feedback(Feedback::DocumentFaceNotFound),
        }
    }

    /// Why the customer is on a capture step again (the service's own sentence of a feedback
    /// is shown next to it, as text).
    pub fn notice(notice: &Notice) -> Msg {
        match notice {
            Notice::Feedback { code, .. } => Msg::feedback(*code),
            Notice::Recapture => Msg::RecaptureMessage,
            Notice::Refused => Msg::UploadRefused,
            Notice::TooLarge => Msg::UploadTooLarge,
            Notice::Image(p) => Msg::image_problem(*p),
        }
    }

    /// The message of a liveness challenge hint.
    pub fn live_hint(hint: LiveHint) -> Msg {
        match hint {
            LiveHint::FaceInOval => Msg::LiveHintFaceInOval,
            LiveHint::OneFace => Msg::LiveHintOneFace,
            LiveHint::ComeCloser => Msg::LiveHintComeCloser,
            LiveHint::MoveBack => Msg::LiveHintMoveBack,
            LiveHint::HoldStill => Msg::LiveHintHoldStill,
            LiveHint::BringCloser => Msg::LiveHintBringCloser,
            LiveHint::Slower => Msg::LiveHintSlower,
            LiveHint::Done => Msg::LiveHintDone,
        }
    }

    /// What to do after a liveness try that did not pass.
    pub fn live_retry(retry: LivenessRetry) -> Msg {
        match retry {
            LivenessRetry::TimedOut(hint) => Msg::live_hint(hint),
            LivenessRetry::Refused(reason) => Msg::live_reason(reason),
            LivenessRetry::Unusable => Msg::LiveUnusable,
            LivenessRetry::Camera(kind) => Msg::camera(kind).1,
        }
    }

    /// What to do after the service refused a try for `reason`.
    pub fn live_reason(reason: LivenessReason) -> Msg {
        match reason {
            LivenessReason::NoFace => Msg::LiveWhyNoFace,
            LivenessReason::MultipleFaces => Msg::LiveWhyMultipleFaces,
            LivenessReason::DifferentFaces => Msg::LiveWhyDifferentFaces,
            LivenessReason::NotApproaching | LivenessReason::Declined => Msg::LiveWhyNotApproaching,
            LivenessReason::Identical => Msg::LiveWhyIdentical,
            LivenessReason::BadTiming => Msg::LiveWhyBadTiming,
        }
    }

    /// The text of a live guidance hint.
    pub fn hint(hint: Hint) -> Msg {
        match hint {
            Hint::HoldStill => Msg::HintHoldStill,
            Hint::MoveAwayFromLight => Msg::HintAwayFromLight,
            Hint::MoreLight => Msg::HintMoreLight,
            Hint::LessLight => Msg::HintLessLight,
            Hint::FitCard => Msg::HintFitCard,
            Hint::MoveCloser => Msg::HintMoveCloser,
            Hint::MoveAway => Msg::HintMoveAway,
            Hint::MoveLeft => Msg::HintMoveLeft,
            Hint::MoveRight => Msg::HintMoveRight,
            Hint::MoveUp => Msg::HintMoveUp,
            Hint::MoveDown => Msg::HintMoveDown,
            Hint::Straighten => Msg::HintStraighten,
            Hint::Face(FaceProblem::NotFound) => Msg::HintFaceInOval,
            Hint::Face(FaceProblem::MultiFace) => Msg::HintOnlyYou,
            Hint::Face(FaceProblem::TooClose) => Msg::HintPhoneAway,
            Hint::Face(FaceProblem::TooSmall) => Msg::HintPhoneCloser,
            Hint::Face(FaceProblem::CloseToBorder | FaceProblem::Cropped) => Msg::HintCenterFace,
            Hint::Face(FaceProblem::Rotated) => Msg::HintHeadStraight,
            Hint::LookingGood => Msg::HintLookingGood,
            Hint::ReadyForShutter => Msg::HintReadyForShutter,
        }
    }
}

/// "Step `n` of `total`", in `lang`.
pub fn step_of(lang: Lang, n: usize, total: usize) -> String {
    fill(lang.text(Msg::StepOf), n).replace("{total}", &total.to_string())
}

/// What the live region says when `step` is shown: the screen's title, or on a capture step
/// the notice that brought the customer back.
pub fn announcement(lang: Lang, step: &Step) -> String {
    let msg = match step {
        Step::Starting => Msg::Loading,
        Step::LinkError(kind) => Msg::link_error(*kind).0,
        Step::Consent { failed: true, .. } => Msg::ConsentFailed,
        Step::Consent { .. } => Msg::ConsentTitle,
        Step::Capture {
            notice: Some(notice), ..
        } => Msg::notice(notice),
        Step::Capture { image, .. } => Msg::capture(*image).0,
        Step::Preview { doubt: Some(d), .. } => Msg::doubt(d.reason, d.kind),
        Step::Preview { .. } => Msg::PreviewTitle,
        Step::Uploading { stalled: true, .. } => Msg::UploadStalled,
        Step::Uploading { attempt, .. } if *attempt > 0 => {
            return fill(lang.text(Msg::UploadRetrying), attempt)
        }
        Step::Uploading { .. } => Msg::Uploading,
        Step::Waiting { slow: true } => Msg::WaitingSlow,
        Step::Waiting { .. } => Msg::WaitingTitle,
        Step::CameraProblem { kind, .. } => Msg::camera(*kind).0,
        Step::Final { status, .. } => Msg::final_status(*status).0,
        Step::Handoff { failed: true, .. } => Msg::HandoffFailed,
        Step::Handoff { .. } => Msg::HandoffStart,
        Step::Fatal(kind) => Msg::error(*kind).0,
        Step::ConfirmCancel { .. } => Msg::CancelQuestion,
        Step::Cancelled { .. } => Msg::CancelledTitle,
        Step::Liveness(LivenessStage::TryAgain(retry)) => Msg::live_retry(*retry),
        Step::Liveness(LivenessStage::Sending { stalled: true, .. }) => Msg::UploadStalled,
        Step::Liveness(LivenessStage::Sending { .. }) => Msg::Uploading,
        Step::Liveness(_) => Msg::LiveTitle,
    };
    lang.text(msg).to_owned()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_language_has_its_own_text_for_each_feedback_code_and_camera_error() {
        for lang in Lang::ALL {
            let fb: HashSet<_> = Feedback::ALL
                .iter()
                .map(|&f| lang.text(Msg::feedback(f)))
                .collect();
            assert_eq!(fb.len(), Feedback::ALL.len(), "{lang:?}");
            let cam: HashSet<_> = CameraProblem::ALL
                .iter()
                .map(|&c| lang.text(Msg::camera(c).1))
                .collect();
            assert_eq!(cam.len(), CameraProblem::ALL.len(), "{lang:?}");
        }
    }

    #[test]
    fn every_feedback_code_camera_error_and_link_error_has_its_own_message() {
        let fb: HashSet<_> = Feedback::ALL
            .iter()
            .map(|&f| Lang::En.text(Msg::feedback(f)))
            .collect();
        assert_eq!(fb.len(), Feedback::ALL.len());
        let cam: HashSet<_> = CameraProblem::ALL
            .iter()
            .map(|&c| Lang::En.text(Msg::camera(c).1))
            .collect();
        assert_eq!(cam.len(), CameraProblem::ALL.len());
        let link: HashSet<_> = LinkErrorKind::ALL
            .iter()
            .map(|&k| Lang::En.text(Msg::link_error(k).1))
            .collect();
        assert_eq!(link.len(), LinkErrorKind::ALL.len());
    }

    #[test]
    fn glare_says_what_to_do() {
        assert!(Lang::En
            .text(Msg::feedback(Feedback::Glare))
            .contains("Tilt the card away from the light"));
    }

    #[test]
    fn each_picture_and_final_status_has_its_own_title() {
        let titles: HashSet<_> = ImageType::ALL.iter().map(|&i| Msg::capture(i).0).collect();
        assert_eq!(titles.len(), ImageType::ALL.len());
        let finals: HashSet<_> = [
            SessionStatus::Complete,
            SessionStatus::Expired,
            SessionStatus::Error,
        ]
        .into_iter()
        .map(|s| Msg::final_status(s).0)
        .collect();
        assert_eq!(finals.len(), 3);
    }

    #[test]
    fn the_live_region_says_the_screen_title_or_the_notice() {
        let capture = |notice| Step::Capture {
            image: ImageType::DocumentBack,
            notice,
        };
        assert_eq!(
            announcement(Lang::En, &capture(None)),
            Lang::En.text(Msg::BackTitle)
        );
        assert_eq!(
            announcement(Lang::De, &capture(Some(Notice::TooLarge))),
            Lang::De.text(Msg::UploadTooLarge)
        );
        // A picture the device doubts: the preview says why.
        let doubtful = Step::Preview {
            image: ImageType::DocumentBack,
            image_id: "a".into(),
            doubt: Some(crate::flow::Doubt {
                reason: DoubtReason::Quality(Reason::TooDark),
                kind: Kind::Document,
                use_anyway: false,
            }),
        };
        assert_eq!(
            announcement(Lang::En, &doubtful),
            Lang::En.text(Msg::QualityTooDark)
        );
        assert_eq!(
            announcement(Lang::En, &Step::Fatal(ErrorKind::Network)),
            Lang::En.text(Msg::ErrorNetworkTitle)
        );
    }

    #[test]
    fn a_face_doubt_is_said_in_the_words_of_the_live_hint() {
        for problem in kyc_analysis_wire::PROBLEMS {
            let doubt = DoubtReason::Face(problem);
            assert_eq!(Msg::doubt(doubt, Kind::Selfie), Msg::hint(Hint::Face(problem)));
            assert_eq!(doubt.as_str(), Hint::Face(problem).as_str());
        }
        assert_eq!(
            Lang::En.text(Msg::doubt(DoubtReason::Face(FaceProblem::NotFound), Kind::Selfie)),
            "Put your face in the oval"
        );
        assert_eq!(
            Msg::doubt(DoubtReason::Quality(Reason::Blur), Kind::Selfie),
            Msg::quality(Reason::Blur, Kind::Selfie)
        );
    }

    #[test]
    fn a_missing_portrait_is_said_in_the_words_and_code_of_the_service() {
        let doubt = DoubtReason::NoPortrait;
        assert_eq!(
            Msg::doubt(doubt, Kind::Document),
            Msg::feedback(Feedback::DocumentFaceNotFound)
        );
        assert_eq!(doubt.as_str(), "document_face_not_found");
        assert_eq!(
            Lang::En.text(Msg::doubt(doubt, Kind::Document)),
            "We could not see the photo on your document. Show the side with your photo."
        );
    }

    #[test]
    fn the_step_number_and_the_count_appear_in_every_language() {
        for lang in Lang::ALL {
            let text = step_of(lang, 2, 3);
            assert!(text.contains('2') && text.contains('3'), "{lang:?}: {text}");
            assert!(!text.contains(['{', '}']), "{lang:?}: {text}");
        }
        assert_eq!(step_of(Lang::En, 2, 3), "Step 2 of 3");
    }
}
