//! The runtime's one cancellation mechanism, bound to Leptos owners: every piece of work
//! carries an [`Abort`], which the owner's `on_cleanup` (or a restart of the work) ends.

use leptos::prelude::*;

use crate::browser::abort::Abort;

/// An [`Abort`] that ends when the current reactive owner is cleaned up.
pub fn abort_on_cleanup() -> Abort {
    let abort = Abort::new();
    let kept = StoredValue::new_local(abort.clone());
    on_cleanup(move || {
        kept.try_with_value(Abort::abort);
    });
    abort
}

/// One run of a piece of work at a time: [`TaskSlot::restart`] ends the previous run and
/// hands out the [`Abort`] of the next; the owner's cleanup ends the current one.
#[derive(Clone, Copy)]
pub struct TaskSlot(StoredValue<Abort, LocalStorage>);

/// An idle slot, ended with the current owner.
pub fn use_task_slot() -> TaskSlot {
    let current = StoredValue::new_local(Abort::default());
    on_cleanup(move || {
        current.try_with_value(Abort::abort);
    });
    TaskSlot(current)
}

impl TaskSlot {
    /// Ends the current run and returns the [`Abort`] of a new one (already ended when the
    /// owner is gone).
    pub fn restart(self) -> Abort {
        self.stop();
        let next = Abort::new();
        if self.0.try_set_value(next.clone()).is_some() {
            next.abort();
        }
        next
    }

    /// Ends the current run, if any.
    pub fn stop(self) {
        self.0.try_with_value(Abort::abort);
    }
}
