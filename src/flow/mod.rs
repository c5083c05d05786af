//! The capture flow as a pure state machine: a [`Step`] (what the customer
//! sees), an [`Event`] (what happened) and one [`transition`] that returns the
//! next state and the [`Effect`]s to carry out (HTTP calls, camera, timers,
//! events to an embedding page, navigation).
//!
//! Nothing here touches the browser, so every rule of the flow is tested with a
//! plain `cargo test`; `crate::runtime` carries out the effects and feeds the
//! results back as events.
//!
//! The failures the flow sees are plain data, defined once by the layer that
//! finds them and taken as they are: [`ApiError`] (the HTTP client),
//! [`CameraProblem`] and [`Facing`] (the camera), [`ImageProblem`] (the capture).

mod cancel;
mod consent;
mod effect;
mod event;
pub mod guidance;
mod handoff;
pub mod liveness;
mod liveness_step;
mod session;
mod step;
#[cfg(test)]
mod tests;
mod timing;
mod transition;
mod upload;

pub use crate::api::ApiError;
pub use crate::browser::camera::{CameraProblem, Facing};
pub use crate::browser::capture::ImageProblem;
pub use cancel::cancellable;
pub use effect::{Effect, Timer};
pub use event::Event;
pub use step::{
    Doubt, DoubtReason, ErrorKind, Flow, LinkErrorKind, LivenessRetry, LivenessStage, Notice, Step,
    ATTEMPTS_SHOWN_FROM, USE_ANYWAY_FROM,
};
pub use timing::{poll_delay_ms, REDIRECT_AFTER_MS};
pub use transition::transition;
