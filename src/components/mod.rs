//! The widget's screens, one public component per file, named for what the
//! customer sees. Components render the flow's [`Step`](crate::flow::Step) and
//! send [`Event`](crate::flow::Event)s through the [`Runtime`](crate::runtime::Runtime); they
//! hold no flow logic.
//!
//! # Stable `data-testid`s
//!
//! End-to-end tests and partners' QA rely on these; they do not change.
//!
//! Screens (the root element of each):
//! - `screen-starting`
//! - `screen-link-error`, with `data-kind` = `broken` | `unknown` | `used` | `expired` | `finished`
//! - `screen-consent`
//! - `screen-capture`, with `data-image-type` = `document_front` | `document_back` | `selfie`
//! - `screen-preview`
//! - `screen-uploading`
//! - `screen-waiting`
//! - `screen-camera-problem`, with `data-kind` = `permission_denied` | `not_found` | `in_use` |
//!   `insecure_context` | `unsupported` | `other`
//! - `screen-final`, with `data-status` = `complete` | `error` | `expired`
//! - `screen-error`, with `data-kind` = `network` | `unexpected`
//! - `screen-handoff` (continue on a phone)
//! - `screen-cancel-confirm` (after `cancel`: `cancel-keep-going` or `cancel-confirm`)
//! - `screen-cancelled` (the customer stopped; `cancel-resume` continues where they were)
//! - `screen-liveness` (the liveness step), with `data-kind` = `intro` | `challenge` | the
//!   "try again" after a try: `timed_out` | `refused` | `unusable` | `camera` (a try being
//!   sent is `screen-uploading`)
//!
//! Controls: `consent-accept`, `camera-video`, `shutter`, `upload-input` (the file
//! input), `retake`, `use-photo`, `retry-upload`, `redirect-now`, `use-upload-instead`,
//! `retry-camera`, `retry` (error screen), `language-picker` (the `<select>` in the header,
//! on every screen; option values are language tags).
//!
//! Regions: `step-of` ("Step n of m" on a capture step), `attempts-left` (on a capture step,
//! shown when two or fewer rejected uploads remain, with `data-n`; `hidden` otherwise),
//! `camera-stage` (the live camera's box), `camera-guide` (the card frame or oval, with
//! `data-state` = `neutral` | `searching` | `good` | `capturing` and the class
//! `kyc-guide--{state}`), `feedback-message` (with
//! `data-code` = the feedback code), `recapture-message`, `capture-notice` (with `data-kind` = `refused` | `too_large` |
//! `too_small` | `not_an_image` | `failed`), `upload-progress`, `waiting-slow`,
//! `live-region` (`aria-live="polite"`), `quality-hint` (live guidance, with `data-reason` =
//! `blur` | `glare` | `too_dark` | `too_bright` | `document_not_found` | the card's move
//! (`closer`, `further`, `left`, ...) | the face's code (`face_not_found`, `multi_face`,
//! `face_too_small`, `face_too_close`, `face_close_to_border`, `face_cropped`,
//! `face_rotated`) | `good` | `ready` (a selfie to take with the shutter), and `data-fps`
//! = analysed frames per second), `auto-capture-countdown` (with `data-n` = 3 | 2 | 1),
//! `quality-notice` (the picture failed the on-device check, with `data-reason` as above),
//! `redirect-countdown`.
//!
//! Handoff: `handoff-start` (on a desktop's capture step and on every camera problem),
//! `handoff-qr` (the `<svg>` QR code of the link), `handoff-link` (read-only input with the
//! link), `handoff-copy`, `handoff-copy-status` (`data-state` = `idle` | `copied` | `failed`),
//! `handoff-preparing`, `handoff-error`, `handoff-retry`, `handoff-progress` (a list; each item
//! has `data-image-type` and `data-done` = `true` | `false`), `handoff-return` (the final
//! screen of a phone started by a handoff link).
//!
//! Liveness: `liveness-start` (instructions), `liveness-retry` ("try again"),
//! `liveness-tries-left` (on "try again": the service's tries still open, with `data-n`),
//! `liveness-decline` ("Continue without", on each liveness screen), `liveness-oval` (with
//! `data-size` = `small` | `large` and `data-state` = `searching` | `good` | `approach` |
//! `done` | `timed_out`), `liveness-hint` (with `data-hint` = `face_in_oval` | `one_face` |
//! `come_closer` | `move_back` | `hold_still` | `bring_closer` | `slower` | `done`),
//! `liveness-progress` (a `progressbar`); `camera-stage` and `camera-video` as on the capture
//! step.
//!
//! Cancel: `cancel` ("Cancel verification", under the consent, capture, preview and camera
//! problem screens), `cancel-keep-going` and `cancel-confirm` on `screen-cancel-confirm`,
//! `cancel-resume` on `screen-cancelled`.

mod camera_problem_screen;
mod cancel_confirm_screen;
mod cancelled_screen;
mod capture_screen;
mod consent_screen;
mod error_screen;
mod final_screen;
mod handoff_screen;
mod language_picker;
mod later;
mod link_error_screen;
mod liveness_screen;
mod message_screen;
mod notice_message;
mod preview_screen;
mod qr_code;
mod quality_guide;
mod start_screen;
pub mod theme;
mod uploading_screen;
mod waiting_screen;
mod widget;

pub use camera_problem_screen::CameraProblemScreen;
pub use cancel_confirm_screen::CancelConfirmScreen;
pub use cancelled_screen::CancelledScreen;
pub use capture_screen::CaptureScreen;
pub use consent_screen::ConsentScreen;
pub use error_screen::ErrorScreen;
pub use final_screen::FinalScreen;
pub use handoff_screen::HandoffScreen;
pub use language_picker::{LanguagePicker, UiLang};
pub use link_error_screen::LinkErrorScreen;
pub use liveness_screen::LivenessScreen;
pub use notice_message::NoticeMessage;
pub use preview_screen::PreviewScreen;
pub use qr_code::{qr_path, QrCodeSvg};
pub use quality_guide::QualityGuide;
pub use start_screen::StartScreen;
pub use uploading_screen::UploadingScreen;
pub use waiting_screen::WaitingScreen;
pub use widget::Widget;

use leptos::prelude::*;

use crate::i18n::{Lang, Msg};

/// The text of `msg` in the widget's language (see [`lang`]); nothing while the widget
/// waits for its language's catalogue (see [`waiting`]).
pub fn t(msg: Msg) -> &'static str {
    if waiting() {
        return "";
    }
    lang().text(msg)
}

/// True while the widget waits for the catalogue of its language (read reactively): the
/// screens show the starting screen, without text, meanwhile.
pub fn waiting() -> bool {
    use_context::<UiLang>().is_some_and(|l| l.waiting.get())
}

/// The widget's language: the [`UiLang`] context (read reactively, so a view that calls
/// this inside a closure follows the picker), else English.
pub fn lang() -> Lang {
    use_context::<UiLang>()
        .map(|l| l.current.get())
        .unwrap_or_default()
}
