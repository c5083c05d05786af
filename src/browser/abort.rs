//! Cancellation: the widget's one mechanism for ending work whose owner went away.
//!
//! An [`Abort`] is a flag plus, in a browser, an `AbortController`: the API client hands
//! [`Abort::signal`] to its requests (so they stop at once), and every task checks
//! [`Abort::is_aborted`] after each `await` (so a late answer changes nothing). Clones
//! share the same state. Owners create one per piece of work and call [`Abort::abort`]
//! when it ends (in `on_cleanup`, or when the work is started again).

use std::cell::Cell;
use std::rc::Rc;

/// A shared "this work is over" flag, with the browser's `AbortController` when there is one.
#[derive(Debug, Clone, Default)]
pub struct Abort {
    aborted: Rc<Cell<bool>>,
    controller: Option<web_sys::AbortController>,
}

impl Abort {
    /// A fresh one, with an `AbortController` (none outside a browser, or where the
    /// browser has none: then requests are not stopped, but their answers are still dropped).
    pub fn new() -> Abort {
        Abort {
            aborted: Rc::default(),
            controller: controller(),
        }
    }

    /// Its signal, for a request.
    pub fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }

    /// Ends the work: requests carrying the signal stop, [`Abort::is_aborted`] turns true
    /// (idempotent).
    pub fn abort(&self) {
        self.aborted.set(true);
        if let Some(c) = &self.controller {
            c.abort();
        }
    }

    /// True once [`Abort::abort`] was called on it or a clone.
    pub fn is_aborted(&self) -> bool {
        self.aborted.get()
    }
}

#[cfg(target_arch = "wasm32")]
fn controller() -> Option<web_sys::AbortController> {
    web_sys::AbortController::new().ok()
}

#[cfg(not(target_arch = "wasm32"))]
fn controller() -> Option<web_sys::AbortController> {
    None
}

#[cfg(test)]
mod tests {
    use super::Abort;

    #[test]
    fn clones_share_the_flag() {
        let a = Abort::new();
        let b = a.clone();
        assert!(!a.is_aborted() && !b.is_aborted());
        b.abort();
        assert!(a.is_aborted());
        b.abort();
        assert!(a.is_aborted());
        assert!(!Abort::new().is_aborted(), "a new one is independent");
    }
}
