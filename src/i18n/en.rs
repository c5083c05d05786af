//! English: the reference catalogue and the fallback of every other language.

use super::Msg;

/// The English text of `msg`.
pub fn lookup(msg: Msg) -> Option<&'static str> {
    use Msg::*;
    Some(match msg {
        AppTitle => "Identity verification",
        Language => "Language",
        Loading => "Getting things ready…",

        LinkBrokenTitle => "This link does not work",
        LinkBrokenBody => "The link is incomplete. Open the link you received again, or ask for a new one.",
        LinkUnknownTitle => "We could not find this verification",
        LinkUnknownBody => "The link may be mistyped or the verification was removed. Ask for a new link.",
        LinkUsedTitle => "This link was already used",
        LinkUsedBody => {
            "For your security a link works on one device only. Continue on the device where you \
                         first opened it, or ask for a new link."
        }
        LinkExpiredTitle => "This link has expired",
        LinkExpiredBody => {
            "Verification links are valid for a limited time. Ask for a new link to start again."
        }
        LinkFinishedTitle => "This verification is finished",
        LinkFinishedBody => "There is nothing more to do with this link. You can close this page.",

        ConsentTitle => "Verify your identity",
        ConsentIntro => "We will ask you for a few photos. It takes about two minutes.",
        ConsentDocument => "Your identity document, front and back where needed",
        ConsentSelfie => "A photo of your face, to compare with the document",
        ConsentWhy => "The photos are used only to confirm that you are who you say you are.",
        ConsentPrivacy => {
            "Privacy: the photos go straight to the verification service over an encrypted \
                           connection and are not kept on this device."
        }
        ConsentAccept => "I agree, start",
        ConsentSending => "Starting…",
        ConsentFailed => "We could not save your consent. Check your connection and try again.",

        StepOf => "Step {n} of {total}",
        AttemptsLeft => "Tries left: {n}",
        FrontTitle => "Front of your document",
        FrontInstruction => "Place the front of your document inside the frame, on a dark flat surface.",
        BackTitle => "Back of your document",
        BackInstruction => "Turn the document over and place the back inside the frame.",
        SelfieTitle => "A photo of your face",
        SelfieInstruction => "Look straight at the screen and keep your face inside the oval.",
        Shutter => "Take photo",
        UploadInstead => "Upload a photo instead",
        UploadHint => "No camera? Choose a photo from your device.",
        RecaptureMessage => "We need this photo again. Please take a new one.",
        UploadRefused => "This photo could not be used. Please take it again.",
        UploadTooLarge => "This photo is too large to send. Please take it again.",
        ImageTooSmall => {
            "This picture is too small (at least 640 x 480 pixels). Use the camera or a larger photo."
        }
        ImageNotAnImage => "This file is not a photo. Choose a JPEG or PNG picture.",
        ImageFailed => "Something went wrong with this photo. Please try again.",
        HintHoldStill => "Hold still",
        HintAwayFromLight => "Move away from the light",
        HintMoreLight => "More light needed",
        HintLessLight => "Too much light. Move out of direct light.",
        HintFitCard => "Fit the card in the frame",
        HintLookingGood => "Looking good. Hold it there, the photo is taken automatically.",
        HintMoveCloser => "Move the card closer",
        HintMoveAway => "Move the card away",
        HintMoveLeft => "Move the card to the left",
        HintMoveRight => "Move the card to the right",
        HintMoveUp => "Move the card up",
        HintMoveDown => "Move the card down",
        HintStraighten => "Hold the card straight",
        HintFaceInOval => "Put your face in the oval",
        HintOnlyYou => "Only you in the picture",
        HintPhoneAway => "Move the phone a little away",
        HintPhoneCloser => "Bring the phone closer",
        HintCenterFace => "Center your face in the oval",
        HintHeadStraight => "Hold your head straight",
        HintReadyForShutter => "Looking good. Take the photo when you are ready.",
        AutoCaptureIn => "Taking the photo in {n}",
        QualityTooDark => "The photo is too dark. Find more light and take it again.",
        QualityTooBright => "The photo is too bright. Move out of direct light and take it again.",

        FbOk => "The photo is good.",
        FbOther => "The photo could not be used. Please take it again.",
        FbDocumentNotFound => "We could not find a document. Fit the whole card inside the frame.",
        FbFaceNotFound => "We could not see a face. Look at the camera with your face inside the oval.",
        FbDocumentFaceNotFound => {
            "We could not see the photo on your document. Show the side with your photo."
        }
        FbObstructed => "Part of the document is covered. Keep your fingers off the card.",
        FbBlur => "The photo is blurry. Hold still and let the camera focus.",
        FbGlare => "There is glare on the card. Tilt the card away from the light.",
        FbDocumentNotSupported => {
            "This type of document is not accepted. Use an identity card, passport or \
                                   driving licence."
        }
        FbDocumentNotMatching => "This does not match the first side. Use both sides of the same document.",
        FbWrongDocumentSide => "This is the wrong side of the document. Turn the card over.",
        FbMultiFace => "More than one face is visible. Make sure you are alone in the picture.",
        FbFaceRotated => "Your head is tilted. Hold your head straight.",
        FbFaceTooSmall => "Your face is too far away. Move closer to the camera.",
        FbFaceTooClose => "Your face is too close. Move back a little.",
        FbClosedEyes => "Your eyes are closed. Keep your eyes open and look at the screen.",
        FbFaceAngleTooLarge => "You are not facing the camera. Look straight at the screen.",
        FbFaceCloseToBorder => "Your face is too close to the edge. Center your face in the oval.",
        FbFaceOccluded => "Part of your face is covered. Remove glasses, masks or hats.",
        FbFaceCropped => "Your face is cut off. Keep your whole face inside the oval.",
        FbBarcodeNotFound => "We could not read the barcode. Make sure the whole back is visible and sharp.",
        FbGlareSelfie => "There is too much light on your face. Move away from the light source.",
        FbBlurSelfie => "The photo of your face is blurry. Hold the phone still.",
        FbRestrictedCriteria => {
            "This document cannot be accepted for this verification. Use another document."
        }

        PreviewTitle => "Check your photo",
        PreviewAlt => "The photo you just took",
        PreviewCheck => "Make sure all text is readable and there is no glare or blur.",
        Retake => "Retake",
        UsePhoto => "Use this photo",
        UseAnyway => "Use it anyway",
        UseAnywayNote => "You can send it as it is: we will check it and tell you if it cannot be used.",

        Uploading => "Sending your photo…",
        UploadRetrying => "The connection is unstable. Trying again ({n})…",
        UploadStalled => {
            "We could not send your photo. It is kept on this page; check your connection and \
                          try again."
        }
        RetryUpload => "Try again",

        CamDeniedTitle => "Camera access is blocked",
        CamDeniedBody => {
            "The camera is needed to take the photos. Allow camera access, then try again, or \
                          upload photos instead."
        }
        CamDeniedIos => {
            "iPhone or iPad (Safari): tap \"aA\" in the address bar, then Website Settings, then \
                         set Camera to Allow."
        }
        CamDeniedAndroid => {
            "Android (Chrome): tap the icon left of the address, then Permissions, then allow \
                             Camera."
        }
        CamDeniedDesktop => {
            "Computer: click the camera or lock icon in the address bar and allow the camera, \
                             then reload."
        }
        CamNotFoundTitle => "No camera found",
        CamNotFoundBody => {
            "This device has no camera we can use. Upload photos instead, or open the link on \
                            your phone."
        }
        CamInUseTitle => "The camera is busy",
        CamInUseBody => "Another app or tab is using the camera. Close it, then try again.",
        CamInsecureTitle => "The camera is not available on this page",
        CamInsecureBody => {
            "The browser only allows the camera on secure (https) pages. Open the original link \
                            or upload photos instead."
        }
        CamUnsupportedTitle => "This browser cannot use the camera",
        CamUnsupportedBody => {
            "Update your browser or use Chrome, Safari or Firefox, or upload photos instead."
        }
        CamOtherTitle => "The camera could not start",
        CamOtherBody => "Something went wrong with the camera. Try again, or upload photos instead.",
        RetryCamera => "Try the camera again",
        UseUploadInstead => "Upload photos instead",

        LiveTitle => "Show that it is you, live",
        LiveIntro => "A short check with your front camera: hold the phone at arm's length with your face in the small oval, then bring the phone slowly closer until your face fills the large oval. It takes a few seconds.",
        LiveStart => "Start",
        LiveCamera => "Front camera for the live check",
        LiveProgress => "How close you are",
        LiveDecline => "I can't do this, continue without",
        LiveHintFaceInOval => "Hold the phone at arm's length with your face in the small oval",
        LiveHintOneFace => "Make sure only your face is in the picture",
        LiveHintComeCloser => "Bring the phone a little closer, so your face fills the small oval",
        LiveHintMoveBack => "Hold the phone a little farther away",
        LiveHintHoldStill => "Hold still…",
        LiveHintBringCloser => "Now bring the phone slowly closer",
        LiveHintSlower => "Move slowly and steadily, keeping your face in the oval",
        LiveHintDone => "Done",
        LiveRetryTitle => "Let's try that again",
        LiveWhyNoFace => "We lost sight of your face. Keep your face in the oval the whole time.",
        LiveWhyMultipleFaces => "We saw more than one face. Make sure only you are in the picture.",
        LiveWhyDifferentFaces => "Your face moved too quickly. Move slowly, keeping your face in the oval.",
        LiveWhyNotApproaching => "Bring the phone closer slowly, keeping your face in the oval.",
        LiveWhyIdentical => "Nothing moved. Bring the phone closer slowly, keeping your face in the oval.",
        LiveWhyBadTiming => "Take a few seconds: bring the phone closer slowly and steadily.",
        LiveUnusable => "The pictures of this try could not be used. Please try again.",
        WaitingTitle => "Checking your photos",
        WaitingBody => "This usually takes less than a minute. Please keep this page open.",
        WaitingSlow => "This is taking longer than usual. Please keep this page open.",

        FinalCompleteTitle => "Thank you, you are done",
        FinalCompleteBody => "Your photos were sent for verification.",
        FinalErrorTitle => "The verification could not be completed",
        FinalErrorBody => "Please contact the company that asked you to verify your identity.",
        FinalExpiredTitle => "The verification has expired",
        FinalExpiredBody => "It was not finished in time. Ask for a new link to start again.",
        RedirectIn => "Continuing in {n} s…",
        RedirectNow => "Continue now",
        FinalStay => "You can close this page.",

        ErrorNetworkTitle => "No connection",
        ErrorNetworkBody => {
            "We could not reach the verification service. Check your connection and try again."
        }
        ErrorUnexpectedTitle => "Something went wrong",
        ErrorUnexpectedBody => "Please try again. If it keeps happening, ask for a new link.",
        TryAgain => "Try again",
        HandoffStart => "Continue on your phone",
        HandoffBody => "Scan this code with your phone's camera, or open the link on your phone. Keep this page open: it follows along and finishes by itself.",
        HandoffPreparing => "Preparing your link…",
        HandoffFailed => "We could not create a link for your phone. Check your connection and try again.",
        HandoffCopy => "Copy link",
        HandoffCopied => "Link copied",
        HandoffCopyFailed => "Copying is not possible here. The link is selected: copy it yourself.",
        HandoffQrLabel => "QR code of the link for your phone",
        HandoffProgress => "Photos received",
        HandoffArrived => "Received",
        HandoffPending => "Waiting",
        HandoffReturn => "You are done on this phone. Go back to your computer to continue.",
        CancelOpen => "Cancel verification",
        CancelQuestion => "Stop the verification?",
        CancelQuestionBody => "Until you close this page, you can still continue where you left off.",
        CancelConfirm => "Yes, stop",
        CancelKeepGoing => "No, keep going",
        CancelledTitle => "Verification stopped",
        CancelledBody => "You can close this page now. If you change your mind, continue where you left off.",
        CancelResume => "Continue verification",
    })
}
