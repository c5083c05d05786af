//! The status polling loop: one call now, then one after each backoff delay
//! ([`crate::flow::poll_delay_ms`]), until stopped, restarted or the owner is gone.

use std::future::Future;

use leptos::task::spawn_local;

use super::lifetime::{use_task_slot, TaskSlot};
use crate::browser::abort::Abort;
use crate::browser::{clock, random};
use crate::flow::poll_delay_ms;

/// The polling loop.
#[derive(Clone, Copy)]
pub struct UsePolling {
    run: TaskSlot,
}

/// A polling loop that stops with the current owner.
pub fn use_polling() -> UsePolling {
    UsePolling { run: use_task_slot() }
}

impl UsePolling {
    /// Starts (or restarts) the loop: `poll` is called with the run's [`Abort`] (for its
    /// request), and each answer that arrives while the run lasts goes to `on_answer`.
    pub fn start<T, Fut>(self, poll: impl Fn(Abort) -> Fut + 'static, on_answer: impl Fn(T) + 'static)
    where
        Fut: Future<Output = T> + 'static,
        T: 'static,
    {
        let abort = self.run.restart();
        spawn_local(async move {
            let mut n = 0;
            while !abort.is_aborted() {
                let answer = poll(abort.clone()).await;
                if abort.is_aborted() {
                    return;
                }
                on_answer(answer);
                let delay = poll_delay_ms(n, random::random_unit());
                n += 1;
                clock::sleep_ms(delay).await;
            }
        });
    }

    /// Stops the loop; an answer still on its way is dropped.
    pub fn stop(self) {
        self.run.stop();
    }
}
