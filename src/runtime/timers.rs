//! The flow's timers ([`Timer`]): at most one of each runs; starting one again restarts
//! it, and everything stops with the owner.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::lifetime::{use_task_slot, TaskSlot};
use crate::browser::clock;
use crate::flow::Timer;

/// The flow's timers.
#[derive(Clone, Copy)]
pub struct UseTimers {
    /// One slot per timer, in `Timer::ALL`'s order: a few, so a list (a `HashMap` costs
    /// the wasm about 1 KB brotli for its SipHash and its own instance).
    slots: StoredValue<Vec<(Timer, TaskSlot)>, LocalStorage>,
}

/// Timers that stop with the current owner.
pub fn use_timers() -> UseTimers {
    let slots = Timer::ALL.into_iter().map(|t| (t, use_task_slot())).collect();
    UseTimers {
        slots: StoredValue::new_local(slots),
    }
}

impl UseTimers {
    /// Calls `on_fire(timer)` after `after_ms`, unless `timer` is started again or stopped
    /// first, or the owner is gone.
    pub fn start(self, timer: Timer, after_ms: u32, on_fire: impl FnOnce(Timer) + 'static) {
        let Some(abort) = self.slot(timer).map(TaskSlot::restart) else {
            return;
        };
        spawn_local(async move {
            clock::sleep_ms(after_ms).await;
            if !abort.is_aborted() {
                on_fire(timer);
            }
        });
    }

    /// Stops `timer` if it runs.
    pub fn stop(self, timer: Timer) {
        if let Some(slot) = self.slot(timer) {
            slot.stop();
        }
    }

    fn slot(self, timer: Timer) -> Option<TaskSlot> {
        self.slots
            .try_with_value(|s| s.iter().find(|(t, _)| *t == timer).map(|&(_, slot)| slot))
            .flatten()
    }
}
