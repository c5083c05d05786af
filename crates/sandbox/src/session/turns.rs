//! A session's uploads are decided one at a time: each holds its session's
//! turn from admission through decoding to the stored answer, so the attempt
//! limit is checked against every earlier upload's outcome before an image
//! is decoded. Concurrent uploads to one session therefore decode at most as
//! many images as it has attempts left; other sessions are not held up.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

/// One async lock per session, alive while someone holds or waits for it.
#[derive(Debug, Default)]
pub struct UploadTurns {
    locks: Mutex<HashMap<String, Weak<AsyncMutex<()>>>>,
}

/// A session's turn: the next upload of that session waits until it is dropped.
pub type Turn = OwnedMutexGuard<()>;

impl UploadTurns {
    /// Waits for session `sid`'s turn.
    pub async fn wait(&self, sid: &str) -> Turn {
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
            match locks.get(sid).and_then(Weak::upgrade) {
                Some(lock) => lock,
                None => {
                    locks.retain(|_, l| l.strong_count() > 0);
                    let lock = Arc::new(AsyncMutex::new(()));
                    locks.insert(sid.to_owned(), Arc::downgrade(&lock));
                    lock
                }
            }
        };
        lock.lock_owned().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_turn_per_session_at_a_time() {
        let turns = UploadTurns::default();
        let a = turns.wait("a").await;
        // Another session is not held up.
        let b = turns.wait("b").await;
        // The same session waits for the turn to end.
        let waiting = tokio::time::timeout(std::time::Duration::from_millis(50), turns.wait("a")).await;
        assert!(waiting.is_err());
        drop(a);
        let again = tokio::time::timeout(std::time::Duration::from_millis(50), turns.wait("a")).await;
        assert!(again.is_ok());
        drop(b);
        drop(again);
        // Forgotten once nobody holds them.
        let _c = turns.wait("c").await;
        assert_eq!(turns.locks.lock().unwrap().len(), 1);
    }
}
