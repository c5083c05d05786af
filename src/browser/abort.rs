//! Cancellation of in-flight requests (a browser `AbortController`).
//!
//! The API client hands [`Abort::signal`] to gloo-net's requests; components create one
//! per request owner and call [`Abort::abort`] in `on_cleanup`.

/// An `AbortController`; `None` inside when the browser has none (then nothing aborts).
#[derive(Debug, Clone, Default)]
pub struct Abort(Option<web_sys::AbortController>);

impl Abort {
    /// A fresh controller.
    pub fn new() -> Abort {
        Abort(web_sys::AbortController::new().ok())
    }

    /// Its signal, for a request.
    pub fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(|c| c.signal())
    }

    /// Aborts every request carrying the signal (idempotent).
    pub fn abort(&self) {
        if let Some(c) = &self.0 {
            c.abort();
        }
    }
}
