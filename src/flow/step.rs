//! What the customer sees ([`Step`]) and what the flow knows ([`Flow`]).

use kyc_contract::{Feedback, ImageType, LivenessReason, LivenessState, LivenessStatus, SessionStatus};
use kyc_quality::{FaceProblem, Kind, Reason};

use super::liveness::LiveHint;
use super::{CameraProblem, ImageProblem};

/// Why the session link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkErrorKind {
    /// The link lacks its session id or token.
    Broken,
    /// The service knows no such session.
    UnknownSession,
    /// The link was already opened on another device (single-use start token).
    UsedOnAnotherDevice,
    /// The session has expired.
    Expired,
    /// The session is already finished.
    AlreadyFinished,
}

impl LinkErrorKind {
    /// Every kind.
    pub const ALL: [LinkErrorKind; 5] = [
        LinkErrorKind::Broken,
        LinkErrorKind::UnknownSession,
        LinkErrorKind::UsedOnAnotherDevice,
        LinkErrorKind::Expired,
        LinkErrorKind::AlreadyFinished,
    ];

    /// The `data-kind` of the link error screen.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkErrorKind::Broken => "broken",
            LinkErrorKind::UnknownSession => "unknown",
            LinkErrorKind::UsedOnAnotherDevice => "used",
            LinkErrorKind::Expired => "expired",
            LinkErrorKind::AlreadyFinished => "finished",
        }
    }
}

/// The message shown on a capture step when it is shown again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The service rejected the picture with a feedback code (and maybe its own sentence).
    Feedback {
        /// The code.
        code: Feedback,
        /// The service's `custom_feedback`, shown as text.
        custom: Option<String>,
    },
    /// The service asks for this picture again after verification (`recapture`).
    Recapture,
    /// The service refused the upload as invalid (400).
    Refused,
    /// The upload was too large (413).
    TooLarge,
    /// The picture could not be prepared on the device.
    Image(ImageProblem),
}

/// Refused pictures of the same step from which the preview offers "use it anyway": the
/// second one (the first refusal may be a bad moment; after two, the service decides).
pub const USE_ANYWAY_FROM: u32 = 2;

/// Attempts left (rejected uploads before the session becomes invalid) from which the capture
/// step says how many remain: two or fewer, when a customer can still act on it.
pub const ATTEMPTS_SHOWN_FROM: u32 = 2;

/// What the on-device check dislikes about a picture: what the service's answer would be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DoubtReason {
    /// Light, glare, sharpness or the card (`kyc_quality::assess`).
    Quality(Reason),
    /// A selfie's face (`kyc_quality::check_face`), said only once the face model is loaded.
    Face(FaceProblem),
    /// A framed document front shows no portrait of its holder (`kyc_quality::has_portrait`),
    /// said only once the face model is loaded: the service's `document_face_not_found`.
    NoPortrait,
}

impl DoubtReason {
    /// The preview's `data-reason`: the reason's name (`blur`, `too_dark`, ...) or the face
    /// problem's feedback code (`face_not_found`, ...), as the live hint names them; a missing
    /// portrait's feedback code (`document_face_not_found`).
    pub fn as_str(self) -> &'static str {
        match self {
            DoubtReason::Quality(reason) => reason.as_str(),
            DoubtReason::Face(problem) => problem.feedback().as_str(),
            DoubtReason::NoPortrait => Feedback::DocumentFaceNotFound.as_str(),
        }
    }
}

/// The on-device check (the service's `assess`, and for a selfie its face check) dislikes the
/// picture on the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Doubt {
    /// The failed check, said on the preview.
    pub reason: DoubtReason,
    /// What the picture was judged as.
    pub kind: Kind,
    /// "Use it anyway" is offered (from the [`USE_ANYWAY_FROM`]th refused try of the step).
    pub use_anyway: bool,
}

/// A failure with no way forward in the flow (the error screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The service cannot be reached; trying again may help.
    Network,
    /// An answer the widget did not understand.
    Unexpected,
}

impl ErrorKind {
    /// The `data-kind` of the error screen and the `error` of the event.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Network => "network",
            ErrorKind::Unexpected => "unexpected",
        }
    }
}

/// Why a liveness try is to be made again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LivenessRetry {
    /// The time was up on the device; the hint says what was missing.
    TimedOut(LiveHint),
    /// The service did not accept the try, for this reason.
    Refused(LivenessReason),
    /// The service refused the request itself (400, 413): the frames could not be used.
    Unusable,
    /// The camera could not be used.
    Camera(CameraProblem),
}

/// Where the liveness step stands on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LivenessStage {
    /// What will happen, and "Start".
    Intro,
    /// The live camera runs the challenge.
    Challenge,
    /// A try did not pass: what to do, and "Try again".
    TryAgain(LivenessRetry),
    /// A try (or "continue without") is being sent.
    Sending {
        /// The id every send of this try carries.
        attempt_id: String,
        /// "Continue without" (no frames).
        declined: bool,
        /// 0 for the first send, then the retry number.
        attempt: u32,
        /// Automatic retries are exhausted; the customer may retry by hand.
        stalled: bool,
    },
}

/// What the customer sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Reading the link and starting (or resuming) the session.
    Starting,
    /// The link cannot be used.
    LinkError(LinkErrorKind),
    /// What will be captured and why; the customer agrees.
    Consent {
        /// The consent request is in flight.
        sending: bool,
        /// The last consent request failed (the customer may press again).
        failed: bool,
    },
    /// Live camera (or file input) for one picture.
    Capture {
        /// Which picture.
        image: ImageType,
        /// Why the customer is here again, if they are.
        notice: Option<Notice>,
    },
    /// The picture just taken, to retake or use.
    Preview {
        /// Which picture.
        image: ImageType,
        /// The id its uploads will carry.
        image_id: String,
        /// What the on-device check dislikes, if anything: then "use this photo" is only
        /// offered as "use it anyway", from the second refused try.
        doubt: Option<Doubt>,
    },
    /// Sending the picture.
    Uploading {
        /// Which picture.
        image: ImageType,
        /// The id every try carries.
        image_id: String,
        /// 0 for the first try, then the retry number.
        attempt: u32,
        /// Automatic retries are exhausted; the customer may retry by hand.
        stalled: bool,
    },
    /// Every picture is in; polling the status.
    Waiting {
        /// It takes longer than usual.
        slow: bool,
    },
    /// The camera cannot be used for `image`.
    CameraProblem {
        /// The picture being taken.
        image: ImageType,
        /// Why.
        kind: CameraProblem,
    },
    /// The session reached a final status.
    Final {
        /// `complete`, `error` or `expired`.
        status: SessionStatus,
        /// Where to send the customer (only http(s) URLs are kept).
        redirect_url: Option<String>,
        /// In an iframe: no redirect, the parent decides.
        in_iframe: bool,
    },
    /// Nothing more can be done automatically.
    Fatal(ErrorKind),
    /// Another device (a phone) captures: its link as a QR code, and what has arrived.
    Handoff {
        /// The picture this device was at (its capture or camera problem step).
        image: ImageType,
        /// The link for the other device (`None` while it is asked for).
        link: Option<String>,
        /// Asking for the link failed (the customer may try again).
        failed: bool,
        /// The pictures the other device takes, each with whether it has arrived.
        progress: Vec<(ImageType, bool)>,
    },
    /// "Cancel verification" was pressed: stop, or keep going?
    ConfirmCancel {
        /// The step the question came from, shown again on "No, keep going".
        previous: Box<Step>,
    },
    /// The customer stopped ("Cancel verification", confirmed); the session is still alive.
    Cancelled {
        /// The step they left, shown again on "Continue".
        previous: Box<Step>,
    },
    /// The liveness challenge the session asks for, after the pictures.
    Liveness(LivenessStage),
}

impl Step {
    /// The screen's name in `step` events to an embedding page.
    pub fn name(&self) -> &'static str {
        match self {
            Step::Starting => "starting",
            Step::LinkError(_) => "link_error",
            Step::Consent { .. } => "consent",
            Step::Capture { image, .. } => image.as_str(),
            Step::Preview { .. } => "preview",
            Step::Uploading { .. } => "uploading",
            Step::Waiting { .. } => "processing",
            Step::CameraProblem { .. } => "camera_problem",
            Step::Final { .. } => "final",
            Step::Fatal(_) => "error",
            Step::Handoff { .. } => "handoff",
            Step::ConfirmCancel { .. } => "cancel_confirm",
            Step::Cancelled { .. } => "cancelled",
            Step::Liveness(_) => "liveness",
        }
    }
}

/// The flow's whole state: the step plus what the session told us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// What the customer sees.
    pub step: Step,
    /// The session id (empty until the link is read).
    pub session_id: String,
    /// The widget runs in an iframe.
    pub in_iframe: bool,
    /// The pictures still to capture, in the service's order.
    pub missing: Vec<ImageType>,
    /// Every picture the service has asked for since the page loaded, in the order asked
    /// (`missing` shrinks as pictures arrive; this is what "Step n of m" counts).
    pub asked: Vec<ImageType>,
    /// Consent has not been given yet.
    pub consent_required: bool,
    /// Use the live camera (false after "use upload instead").
    pub use_camera: bool,
    /// An access token is held (start succeeded or resumed).
    pub has_token: bool,
    /// The page is hidden (camera and polling paused).
    pub hidden: bool,
    /// This device was started with a handoff link (`StartResponse::handoff`): the
    /// device that made the link redirects, this one ends without redirecting.
    pub handoff_device: bool,
    /// A picture is being taken and prepared: the shutter is not offered again until it
    /// is done (a double press takes one picture).
    pub taking_picture: bool,
    /// Pictures of one step the on-device check disliked: which picture, how many.
    pub refused: Option<(ImageType, u32)>,
    /// Pictures that were being sent when the page was left, found in the device's store
    /// after a reload (type and id), until the status answer decides what becomes of them.
    pub held_pictures: Vec<(ImageType, String)>,
    /// The `consent` call is on its way (its try, 0 for the first): from "I agree" to the
    /// service's answer, during which the first capture step is already shown and nothing
    /// is uploaded (see `consent.rs`).
    pub consent_call: Option<u32>,
    /// The live camera of the capture step shows frames ([`super::Event::CameraReady`]):
    /// until then the shutter is not offered (there is no picture to take).
    pub camera_ready: bool,
    /// Rejected uploads the service still allows, as it last said (`None` before it did).
    pub attempts_left: Option<u32>,
    /// The liveness step, when the session asks for one, as the service last said.
    pub liveness: Option<LivenessState>,
}

impl Flow {
    /// The state on load.
    pub fn new(in_iframe: bool) -> Flow {
        Flow {
            step: Step::Starting,
            session_id: String::new(),
            in_iframe,
            missing: Vec::new(),
            asked: Vec::new(),
            consent_required: true,
            use_camera: true,
            has_token: false,
            hidden: false,
            handoff_device: false,
            taking_picture: false,
            refused: None,
            held_pictures: Vec::new(),
            consent_call: None,
            camera_ready: false,
            attempts_left: None,
            liveness: None,
        }
    }

    /// The session asks for a liveness step that is not done yet.
    pub fn liveness_pending(&self) -> bool {
        self.liveness.is_some_and(|l| l.status == LivenessStatus::Pending)
    }

    /// The shutter takes a picture now: the camera shows frames and none is being taken.
    pub fn shutter_ready(&self) -> bool {
        self.camera_ready && !self.taking_picture
    }

    /// The attempts left to show on the capture step: from [`ATTEMPTS_SHOWN_FROM`] down.
    pub fn attempts_to_show(&self) -> Option<u32> {
        self.attempts_left.filter(|n| *n <= ATTEMPTS_SHOWN_FROM)
    }
}
