//! What the runtime must do after a transition, and the flow's timers.

use kyc_contract::{ImageType, WidgetEvent};

use super::{Event, Facing};

/// What the runtime must do after a transition.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Call `start` with the link's token.
    StartSession,
    /// Call `consent`, after `delay_ms`.
    PostConsent {
        /// 0 for the first try.
        attempt: u32,
        /// Wait this long first.
        delay_ms: u32,
    },
    /// Call `status` once (resume, retry).
    FetchStatus,
    /// Look in the device's store for pictures of this session still being sent when the
    /// page was left (a reload): answered with [`Event::HeldPicturesFound`].
    FindHeldPictures,
    /// The picture of this type is no longer needed: release it, in memory and in the
    /// device's store.
    ForgetHeldPicture(ImageType),
    /// Open the camera.
    OpenCamera(Facing),
    /// Take the picture from the source the customer used (camera or file); the result
    /// comes back as [`Event::Captured`], [`Event::CapturedDoubtful`] or [`Event::CaptureFailed`].
    TakePicture,
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
    /// Send the liveness try held by the runtime (or "continue without"), after `delay_ms`.
    SendLiveness {
        /// The try's id (the same for every send of it).
        attempt_id: String,
        /// "Continue without": no frames.
        declined: bool,
        /// 0 for the first send.
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
    /// Remove them, and every picture of the session kept in the device's store.
    ClearSession,
    /// Call `handoff` for a link for another device.
    RequestHandoff,
    /// Start `timer` (again, if it runs): its event comes after `after_ms`.
    StartTimer {
        /// Which.
        timer: Timer,
        /// Delay in milliseconds.
        after_ms: u32,
    },
    /// Stop `timer` if it runs.
    StopTimer(Timer),
}

/// The flow's timers; at most one of each runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timer {
    /// The wait for the result has lasted unusually long ([`super::TAKING_LONG_MS`]).
    TakingLong,
    /// The handoff link shown is about to expire.
    HandoffRefresh,
}

impl Timer {
    /// Every timer.
    pub const ALL: [Timer; 2] = [Timer::TakingLong, Timer::HandoffRefresh];

    /// The event it sends when it fires.
    pub fn event(self) -> Event {
        match self {
            Timer::TakingLong => Event::TakingLong,
            Timer::HandoffRefresh => Event::HandoffRefresh,
        }
    }
}
