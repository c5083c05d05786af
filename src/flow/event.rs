//! What happened: the customer's actions, the service's answers, the browser's news.

use kyc_contract::{AddImagesResponse, ImageType, LivenessResponse, StartResponse, StatusResponse};

use super::liveness::LiveHint;
use super::{ApiError, CameraProblem, DoubtReason, ImageProblem};

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The link fragment held a session id and start token.
    LinkParsed {
        /// The session id.
        session_id: String,
    },
    /// No usable link and nothing to resume.
    LinkMissing,
    /// No link, but this tab holds a token for `session_id` (a reload).
    Resumed {
        /// The session id.
        session_id: String,
        /// Whether consent was still to be given when the token was saved.
        consent_required: bool,
        /// This tab was started by a handoff link ([`super::Flow::handoff_device`]).
        handoff_device: bool,
    },
    /// The device's store was searched for pictures of this session that were being sent
    /// when the page was left (after [`super::Effect::FindHeldPictures`]): each picture's
    /// type and id, none when there are none or the store cannot be used.
    HeldPicturesFound(Vec<(ImageType, String)>),
    /// `start` answered.
    Started(StartResponse),
    /// `start` failed.
    StartFailed(ApiError),
    /// The customer pressed "I agree".
    ConsentGiven,
    /// `consent` answered.
    ConsentAccepted,
    /// `consent` failed; `jitter` in `0..1` picks the retry delay.
    ConsentFailed {
        /// Why.
        error: ApiError,
        /// Random draw for the backoff.
        jitter: f64,
    },
    /// The file input asks for a picture.
    TakePicture,
    /// The shutter or the auto-capture asks for a picture from the live camera: taken like
    /// [`Event::TakePicture`], once the camera shows frames ([`Event::CameraReady`]).
    Shutter,
    /// The live camera's video has its first frame (a picture can be taken from it).
    CameraReady,
    /// A picture was taken and prepared; `image_id` is fresh for it.
    Captured {
        /// A new id for this picture.
        image_id: String,
    },
    /// A picture could not be prepared.
    CaptureFailed(ImageProblem),
    /// A picture was taken and held, but the on-device check (`kyc_quality::assess`, and the
    /// face check of a selfie) dislikes it: the preview says why.
    CapturedDoubtful {
        /// The id its uploads will carry.
        image_id: String,
        /// The failed check.
        reason: DoubtReason,
    },
    /// "Retake" on the preview.
    Retake,
    /// "Use this photo" on the preview.
    UsePhoto,
    /// The service answered an upload (accepted or rejected with feedback).
    Uploaded(AddImagesResponse),
    /// An upload failed; `jitter` in `0..1` picks the retry delay.
    UploadFailed {
        /// Why.
        error: ApiError,
        /// Random draw for the backoff.
        jitter: f64,
    },
    /// The upload found no picture held for it (the picture is gone; it must be taken again).
    NothingHeld,
    /// "Try again" after automatic upload retries gave up.
    RetryUpload,
    /// A `status` answer (resume or polling).
    Status(StatusResponse),
    /// A `status` call failed.
    StatusFailed(ApiError),
    /// The camera could not be opened.
    CameraFailed(CameraProblem),
    /// "Upload a photo instead" on the camera problem screen.
    UseUploadInstead,
    /// "Try the camera again" on the camera problem screen.
    RetryCamera,
    /// The page was hidden (tab switch, screen off).
    PageHidden,
    /// The page is visible again.
    PageShown,
    /// `processing` has lasted unusually long ([`super::Timer::TakingLong`]).
    TakingLong,
    /// "Continue now" on the final screen.
    RedirectNow,
    /// "Try again" on the error screen.
    Retry,
    /// "Continue on your phone" (or "Try again" after a failed handoff).
    HandoffRequested,
    /// `handoff` answered with a link valid for `valid_ms`.
    HandoffReady {
        /// The single-use link for the other device.
        url: String,
        /// How long it stays valid, in milliseconds (0 when unknown).
        valid_ms: u64,
    },
    /// `handoff` failed.
    HandoffFailed(ApiError),
    /// The shown link is about to expire ([`super::Timer::HandoffRefresh`]).
    HandoffRefresh,
    /// "Cancel verification": ask whether to stop.
    CancelRequested,
    /// "Yes, stop" on that question.
    CancelConfirmed,
    /// "No, keep going" on that question.
    KeepGoing,
    /// "Continue" on the cancelled screen: back to the step that was left.
    ResumeAfterCancel,
    /// "Start" on the liveness instructions, or "Try again" after a try that did not pass.
    LivenessStart,
    /// The challenge kept its frames (held by the runtime); `attempt_id` is fresh for them.
    LivenessCaptured {
        /// The id every send of this try carries.
        attempt_id: String,
    },
    /// The challenge's time was up; `hint` says what was missing.
    LivenessTimedOut(LiveHint),
    /// "Continue without" on the liveness step; `attempt_id` is fresh for it.
    LivenessDeclined {
        /// The id every send of it carries.
        attempt_id: String,
    },
    /// The service answered a liveness try.
    LivenessAnswered(LivenessResponse),
    /// Sending a liveness try failed; `jitter` in `0..1` picks the retry delay.
    LivenessFailed {
        /// Why.
        error: ApiError,
        /// Random draw for the backoff.
        jitter: f64,
    },
}
