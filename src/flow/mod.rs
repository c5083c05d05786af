//! The capture flow as a pure state machine: a [`Step`] (what the customer
//! sees), an [`Event`] (what happened) and one [`transition`] that returns the
//! next state and the [`Effect`]s to carry out (HTTP calls, camera, timers,
//! events to an embedding page, navigation).
//!
//! Nothing here touches the browser, so every rule of the flow is tested with a
//! plain `cargo test`; `crate::components` runs the effects and feeds the
//! results back as events.

mod cancel;
pub mod guidance;
mod handoff;
#[cfg(test)]
mod handoff_tests;
#[cfg(test)]
mod tests;
mod timing;

pub use cancel::cancellable;
pub use handoff::{handoff_refresh_delay_ms, HANDOFF_MIN_REFRESH_MS, HANDOFF_REFRESH_MARGIN_MS};
pub use timing::{
    is_safe_redirect, poll_delay_ms, retry_delay_ms, MAX_UPLOAD_ATTEMPTS, POLL_BASE_MS, POLL_CAP_MS,
    REDIRECT_AFTER_MS, RETRY_BASE_MS, RETRY_CAP_MS, TAKING_LONG_MS,
};

use kyc_contract::{
    AddImagesResponse, EventType, Feedback, ImageType, SessionStatus, StartResponse, StatusResponse,
    WidgetEvent,
};

use kyc_quality::{Kind, Reason};

use crate::api::ApiError;

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

/// Why the camera cannot be used (mirrors `browser::camera::CameraError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CameraProblem {
    /// The customer or the browser refused the permission.
    PermissionDenied,
    /// The device has no camera.
    NotFound,
    /// Another app holds the camera.
    InUse,
    /// The page is not served over https.
    InsecureContext,
    /// The browser has no camera API.
    Unsupported,
    /// Anything else.
    Other,
}

impl CameraProblem {
    /// Every kind.
    pub const ALL: [CameraProblem; 6] = [
        CameraProblem::PermissionDenied,
        CameraProblem::NotFound,
        CameraProblem::InUse,
        CameraProblem::InsecureContext,
        CameraProblem::Unsupported,
        CameraProblem::Other,
    ];

    /// The `data-kind` of the camera problem screen.
    pub fn as_str(self) -> &'static str {
        match self {
            CameraProblem::PermissionDenied => "permission_denied",
            CameraProblem::NotFound => "not_found",
            CameraProblem::InUse => "in_use",
            CameraProblem::InsecureContext => "insecure_context",
            CameraProblem::Unsupported => "unsupported",
            CameraProblem::Other => "other",
        }
    }
}

/// Which camera to ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facing {
    /// The front camera (selfie).
    User,
    /// The rear camera (documents).
    Environment,
}

impl Facing {
    /// Rear camera for documents, front camera for the selfie.
    pub fn for_image(image: ImageType) -> Facing {
        if image.is_document() {
            Facing::Environment
        } else {
            Facing::User
        }
    }
}

/// Why a captured picture could not be turned into an uploadable image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageProblem {
    /// Below the contract's 640x480.
    TooSmall,
    /// The chosen file is not a picture.
    NotAnImage,
    /// The browser failed to draw or encode it.
    Failed,
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
    /// The device's own quality check (the service's `assess`) found the picture clearly bad;
    /// it was not sent.
    Quality {
        /// The failed check.
        reason: Reason,
        /// What the picture was judged as.
        kind: Kind,
    },
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
        }
    }
}

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
        /// This tab was started by a handoff link ([`Flow::handoff_device`]).
        handoff_device: bool,
    },
    /// `start` answered.
    Started(StartResponse),
    /// `start` failed.
    StartFailed(ApiError),
    /// The customer pressed "I agree".
    ConsentGiven,
    /// `consent` answered.
    ConsentAccepted,
    /// `consent` failed.
    ConsentFailed(ApiError),
    /// A picture was taken and prepared; `image_id` is fresh for it.
    Captured {
        /// A new id for this picture.
        image_id: String,
    },
    /// A picture could not be prepared.
    CaptureFailed(ImageProblem),
    /// The picture failed the on-device quality check (`kyc_quality::assess`); it is not sent.
    LocalCheckFailed(Reason),
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
    /// `processing` has lasted unusually long.
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
    /// The shown link is about to expire.
    HandoffRefresh,
    /// "Cancel verification": ask whether to stop.
    CancelRequested,
    /// "Yes, stop" on that question.
    CancelConfirmed,
    /// "No, keep going" on that question.
    CancelAborted,
    /// "Continue" on the cancelled screen: back to the step that was left.
    ResumeAfterCancel,
}

/// What the components must do after a transition.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Call `start` with the link's token.
    StartSession,
    /// Call `consent`.
    PostConsent,
    /// Call `status` once (resume, retry).
    FetchStatus,
    /// Open the camera.
    OpenCamera(Facing),
    /// Stop every camera track.
    StopCamera,
    /// Send the held picture, after `delay_ms`.
    Upload {
        /// Which picture.
        image: ImageType,
        /// Its id (the same for every try).
        image_id: String,
        /// 0 for the first try.
        attempt: u32,
        /// Wait this long first.
        delay_ms: u32,
    },
    /// Start the status polling loop.
    StartPolling,
    /// Stop it.
    StopPolling,
    /// Post this event to the embedding page.
    PostEvent(WidgetEvent),
    /// Navigate to `url` after `after_ms`.
    Redirect {
        /// An http(s) URL.
        url: String,
        /// Delay in milliseconds.
        after_ms: u32,
    },
    /// Save the session token and progress in `sessionStorage`.
    SaveSession,
    /// Remove them.
    ClearSession,
    /// Call `handoff` for a link for another device.
    RequestHandoff,
    /// Send [`Event::HandoffRefresh`] after `after_ms` if `link` is still the one shown.
    RefreshHandoffAfter {
        /// Delay in milliseconds.
        after_ms: u32,
        /// The link shown now.
        link: String,
    },
}

/// The one transition function: the next state and what to do.
pub fn transition(mut flow: Flow, event: Event) -> (Flow, Vec<Effect>) {
    let mut fx = Vec::new();
    let next = match cancel::decide(&flow, event) {
        Ok(next) => next,
        Err(event) => match handoff::decide(&mut flow, event, &mut fx) {
            Ok(next) => next,
            Err(event) => decide(&mut flow, event, &mut fx),
        },
    };
    if let Some(step) = next {
        enter(&mut flow, step, &mut fx);
    }
    let new: Vec<ImageType> = flow
        .missing
        .iter()
        .filter(|i| !flow.asked.contains(i))
        .copied()
        .collect();
    flow.asked.extend(new);
    (flow, fx)
}

/// The step after `event`, or `None` to stay; pushes the event's own effects.
fn decide(flow: &mut Flow, event: Event, fx: &mut Vec<Effect>) -> Option<Step> {
    use Event as E;
    use Step as S;
    match (flow.step.clone(), event) {
        (_, E::PageHidden) => {
            flow.hidden = true;
            match flow.step {
                S::Capture { .. } if flow.use_camera => fx.push(Effect::StopCamera),
                S::Waiting { .. } | S::Handoff { .. } => fx.push(Effect::StopPolling),
                _ => {}
            }
            None
        }
        (_, E::PageShown) => {
            let was_hidden = std::mem::replace(&mut flow.hidden, false);
            match flow.step {
                S::Capture { image, .. } if flow.use_camera && was_hidden => {
                    fx.push(Effect::OpenCamera(Facing::for_image(image)))
                }
                S::Waiting { .. } | S::Handoff { .. } if was_hidden => fx.push(Effect::StartPolling),
                _ => {}
            }
            None
        }

        (S::Starting, E::LinkParsed { session_id }) => {
            flow.session_id = session_id;
            fx.push(Effect::StartSession);
            None
        }
        (S::Starting, E::LinkMissing) => Some(S::LinkError(LinkErrorKind::Broken)),
        (
            S::Starting,
            E::Resumed {
                session_id,
                consent_required,
                handoff_device,
            },
        ) => {
            flow.session_id = session_id;
            flow.consent_required = consent_required;
            flow.handoff_device = handoff_device;
            flow.has_token = true;
            fx.push(Effect::FetchStatus);
            None
        }
        (S::Starting, E::Started(r)) => {
            flow.has_token = true;
            flow.handoff_device = r.handoff;
            flow.consent_required = r.consent_required;
            flow.missing = r.missing_images;
            fx.push(Effect::SaveSession);
            post(flow, fx, WidgetEvent::new(EventType::Ready, &flow.session_id));
            Some(match r.status {
                SessionStatus::Complete | SessionStatus::Error => {
                    S::LinkError(LinkErrorKind::AlreadyFinished)
                }
                SessionStatus::Expired => S::LinkError(LinkErrorKind::Expired),
                SessionStatus::Processing => S::Waiting { slow: false },
                _ => after_consent_or_consent(flow),
            })
        }
        (S::Starting, E::StartFailed(e)) | (S::Starting, E::StatusFailed(e)) => failure_step(&e),
        (S::Starting, E::Status(s)) => {
            post(flow, fx, WidgetEvent::new(EventType::Ready, &flow.session_id));
            Some(status_step(flow, s))
        }

        (S::Consent { sending: false, .. }, E::ConsentGiven) => {
            fx.push(Effect::PostConsent);
            Some(S::Consent {
                sending: true,
                failed: false,
            })
        }
        (S::Consent { .. }, E::ConsentAccepted) => {
            flow.consent_required = false;
            fx.push(Effect::SaveSession);
            Some(first_capture(flow))
        }
        (S::Consent { .. }, E::ConsentFailed(e)) => failure_link_error(&e).or(Some(S::Consent {
            sending: false,
            failed: true,
        })),

        (S::Capture { image, .. }, E::Captured { image_id }) => Some(S::Preview { image, image_id }),
        (S::Capture { image, .. }, E::CaptureFailed(p)) => Some(S::Capture {
            image,
            notice: Some(Notice::Image(p)),
        }),
        (S::Capture { image, .. }, E::LocalCheckFailed(reason)) => Some(S::Capture {
            image,
            notice: Some(Notice::Quality {
                reason,
                kind: quality_kind(image),
            }),
        }),
        (S::Capture { image, .. }, E::CameraFailed(kind)) => Some(S::CameraProblem { image, kind }),
        (S::CameraProblem { image, .. }, E::UseUploadInstead) => {
            flow.use_camera = false;
            Some(S::Capture { image, notice: None })
        }
        (S::CameraProblem { image, .. }, E::RetryCamera) => {
            flow.use_camera = true;
            Some(S::Capture { image, notice: None })
        }

        (S::Preview { image, .. }, E::Retake) => Some(S::Capture { image, notice: None }),
        (S::Preview { image, image_id }, E::UsePhoto) => Some(upload_now(fx, image, image_id)),

        (S::Uploading { image, .. }, E::Uploaded(r)) => Some(uploaded(flow, fx, image, r)),
        (
            S::Uploading {
                image,
                image_id,
                attempt,
                stalled: false,
            },
            E::UploadFailed { error, jitter },
        ) => upload_failed(flow, fx, image, image_id, attempt, error, jitter),
        (
            S::Uploading {
                image,
                image_id,
                stalled: true,
                ..
            },
            E::RetryUpload,
        ) => Some(upload_now(fx, image, image_id)),

        (S::Waiting { .. }, E::Status(s)) => Some(status_step(flow, s)),
        (S::Waiting { .. }, E::StatusFailed(e)) => failure_link_error(&e),
        (S::Waiting { .. }, E::TakingLong) => Some(S::Waiting { slow: true }),

        (
            S::Final {
                redirect_url: Some(url),
                in_iframe: false,
                ..
            },
            E::RedirectNow,
        ) => {
            fx.push(Effect::Redirect { url, after_ms: 0 });
            None
        }

        (S::Fatal(_), E::Retry) => {
            fx.push(if flow.has_token {
                Effect::FetchStatus
            } else {
                Effect::StartSession
            });
            Some(S::Starting)
        }

        // Anything else (a late answer for a step already left, a double click) changes nothing.
        _ => None,
    }
}

/// How the quality checks judge a picture of `image`.
pub fn quality_kind(image: ImageType) -> Kind {
    if image.is_document() {
        Kind::Document
    } else {
        Kind::Selfie
    }
}

/// Consent first when it is still required, else the first capture.
fn after_consent_or_consent(flow: &Flow) -> Step {
    if flow.consent_required {
        Step::Consent {
            sending: false,
            failed: false,
        }
    } else {
        first_capture(flow)
    }
}

/// The first missing picture's capture step, or waiting when nothing is missing.
fn first_capture(flow: &Flow) -> Step {
    match flow.missing.first() {
        Some(&image) => Step::Capture { image, notice: None },
        None => Step::Waiting { slow: false },
    }
}

/// The step a `status` answer leads to.
fn status_step(flow: &mut Flow, s: StatusResponse) -> Step {
    match s.status {
        SessionStatus::Complete | SessionStatus::Error | SessionStatus::Expired => Step::Final {
            status: s.status,
            // A phone started by a handoff link does not redirect: the desktop does.
            redirect_url: s
                .redirect_url
                .filter(|u| is_safe_redirect(u) && !flow.handoff_device),
            in_iframe: flow.in_iframe,
        },
        SessionStatus::Processing => match flow.step {
            Step::Waiting { slow } => Step::Waiting { slow },
            _ => Step::Waiting { slow: false },
        },
        SessionStatus::Recapture => {
            flow.missing = s.missing_images;
            match flow.missing.first() {
                Some(&image) => Step::Capture {
                    image,
                    notice: Some(Notice::Recapture),
                },
                None => Step::Waiting { slow: false },
            }
        }
        SessionStatus::Pending | SessionStatus::Capturing => {
            flow.missing = s.missing_images;
            after_consent_or_consent(flow)
        }
    }
}

/// The link error screen for a failure that means the link or session is unusable.
fn failure_link_error(e: &ApiError) -> Option<Step> {
    let kind = match e {
        ApiError::Unauthorized => LinkErrorKind::UsedOnAnotherDevice,
        ApiError::NotFound => LinkErrorKind::UnknownSession,
        ApiError::Expired => LinkErrorKind::Expired,
        _ => return None,
    };
    Some(Step::LinkError(kind))
}

/// The screen for a failed `start` (or resume `status`).
fn failure_step(e: &ApiError) -> Option<Step> {
    if let Some(step) = failure_link_error(e) {
        return Some(step);
    }
    Some(match e {
        ApiError::Aborted => return None,
        ApiError::BadRequest { .. } => Step::LinkError(LinkErrorKind::Broken),
        ApiError::Conflict | ApiError::AttemptLimit | ApiError::Forbidden => {
            Step::LinkError(LinkErrorKind::AlreadyFinished)
        }
        e if e.is_retryable() => Step::Fatal(ErrorKind::Network),
        _ => Step::Fatal(ErrorKind::Unexpected),
    })
}

/// The service answered an upload.
fn uploaded(flow: &mut Flow, fx: &mut Vec<Effect>, image: ImageType, r: AddImagesResponse) -> Step {
    if r.feedback.is_ok() {
        let mut ev = WidgetEvent::new(EventType::ImageAccepted, &flow.session_id);
        ev.image_type = Some(image);
        post(flow, fx, ev);
        flow.missing = r.missing_images;
        if r.complete || flow.missing.is_empty() {
            submitted(flow, fx)
        } else {
            first_capture(flow)
        }
    } else {
        let mut ev = WidgetEvent::new(EventType::ImageRejected, &flow.session_id);
        ev.image_type = Some(image);
        ev.feedback = Some(r.feedback);
        post(flow, fx, ev);
        if r.attempts_left == Some(0) {
            // The session is now invalid; the status says so and carries the redirect.
            return Step::Waiting { slow: false };
        }
        if !r.missing_images.is_empty() {
            flow.missing = r.missing_images;
        }
        let custom = r.custom_feedback.filter(|c| !c.trim().is_empty());
        Step::Capture {
            image,
            notice: Some(Notice::Feedback {
                code: r.feedback,
                custom,
            }),
        }
    }
}

/// Every picture is in: tell the parent and wait.
fn submitted(flow: &Flow, fx: &mut Vec<Effect>) -> Step {
    post(flow, fx, WidgetEvent::new(EventType::Submitted, &flow.session_id));
    Step::Waiting { slow: false }
}

/// An upload failed: retry, give up to a button, or leave the step.
/// Sends the held image now (first attempt) and shows the upload.
fn upload_now(fx: &mut Vec<Effect>, image: ImageType, image_id: String) -> Step {
    fx.push(Effect::Upload {
        image,
        image_id: image_id.clone(),
        attempt: 0,
        delay_ms: 0,
    });
    Step::Uploading {
        image,
        image_id,
        attempt: 0,
        stalled: false,
    }
}

fn upload_failed(
    flow: &mut Flow,
    fx: &mut Vec<Effect>,
    image: ImageType,
    image_id: String,
    attempt: u32,
    error: ApiError,
    jitter: f64,
) -> Option<Step> {
    if let Some(step) = failure_link_error(&error) {
        return Some(step);
    }
    Some(match error {
        ApiError::Aborted => return None,
        ApiError::Conflict => submitted(flow, fx),
        // The session became invalid; the status says so and carries the redirect.
        ApiError::AttemptLimit | ApiError::Forbidden => Step::Waiting { slow: false },
        ApiError::BadRequest { .. } => Step::Capture {
            image,
            notice: Some(Notice::Refused),
        },
        ApiError::PayloadTooLarge => Step::Capture {
            image,
            notice: Some(Notice::TooLarge),
        },
        ref e if e.is_retryable() && attempt + 1 < MAX_UPLOAD_ATTEMPTS => {
            let next = attempt + 1;
            let wait = match e {
                ApiError::RateLimited {
                    retry_after_ms: Some(ms),
                } => *ms,
                _ => 0,
            };
            let delay_ms = retry_delay_ms(next, jitter).max(wait);
            fx.push(Effect::Upload {
                image,
                image_id: image_id.clone(),
                attempt: next,
                delay_ms,
            });
            Step::Uploading {
                image,
                image_id,
                attempt: next,
                stalled: false,
            }
        }
        _ => Step::Uploading {
            image,
            image_id,
            attempt,
            stalled: true,
        },
    })
}

/// Pushes `ev` for the embedding page when there is one.
fn post(flow: &Flow, fx: &mut Vec<Effect>, ev: WidgetEvent) {
    if flow.in_iframe {
        fx.push(Effect::PostEvent(ev));
    }
}

/// Moves to `step`, with the effects of leaving the old step and entering the new one.
fn enter(flow: &mut Flow, step: Step, fx: &mut Vec<Effect>) {
    let old = std::mem::replace(&mut flow.step, step);
    let new = &flow.step;
    let same_capture = matches!((&old, new),
        (Step::Capture { image: a, .. }, Step::Capture { image: b, .. }) if a == b);
    if matches!(old, Step::Capture { .. }) && !same_capture {
        fx.push(Effect::StopCamera);
    }
    if polls(&old) && !polls(new) {
        fx.push(Effect::StopPolling);
    }
    if old.name() != new.name() {
        let mut ev = WidgetEvent::new(EventType::Step, &flow.session_id);
        ev.step = Some(new.name().to_owned());
        post(flow, fx, ev);
    }
    match new.clone() {
        Step::Capture { image, .. } if !same_capture && flow.use_camera && !flow.hidden => {
            fx.push(Effect::OpenCamera(Facing::for_image(image)));
        }
        Step::Waiting { .. } | Step::Handoff { .. } if !polls(&old) && !flow.hidden => {
            fx.push(Effect::StartPolling);
        }
        Step::Final {
            status,
            redirect_url,
            in_iframe,
        } => {
            fx.push(Effect::ClearSession);
            if in_iframe {
                let kind = if status == SessionStatus::Complete {
                    EventType::Complete
                } else {
                    EventType::Error
                };
                let mut ev = WidgetEvent::new(kind, &flow.session_id);
                ev.status = Some(status);
                ev.redirect_url = redirect_url;
                if status != SessionStatus::Complete {
                    ev.error = Some(status.as_str().to_owned());
                }
                post(flow, fx, ev);
            } else if let Some(url) = redirect_url {
                fx.push(Effect::Redirect {
                    url,
                    after_ms: REDIRECT_AFTER_MS,
                });
            }
        }
        Step::LinkError(kind) => {
            fx.push(Effect::ClearSession);
            let mut ev = WidgetEvent::new(EventType::Error, &flow.session_id);
            ev.error = Some(kind.as_str().to_owned());
            post(flow, fx, ev);
        }
        Step::Fatal(kind) => {
            let mut ev = WidgetEvent::new(EventType::Error, &flow.session_id);
            ev.error = Some(kind.as_str().to_owned());
            post(flow, fx, ev);
        }
        Step::Cancelled { .. } => post(flow, fx, WidgetEvent::new(EventType::Cancel, &flow.session_id)),
        _ => {}
    }
}

/// Steps that poll the status: waiting for the result, and following another device.
fn polls(step: &Step) -> bool {
    matches!(step, Step::Waiting { .. } | Step::Handoff { .. })
}
