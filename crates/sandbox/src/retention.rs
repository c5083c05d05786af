//! The retention sweep: a background task that, every
//! [`Config::retention_sweep`](crate::Config::retention_sweep), turns the
//! sessions whose `time_to_live` has passed into tombstones
//! ([`db::retention`]) and erases what they held from the database's files.

use std::sync::Arc;
use std::time::Duration;

use crate::clock::now_ms;
use crate::db;
use crate::AppState;

/// How many sessions one sweep handles at most (the rest wait for the next).
const SWEEP_BATCH: u32 = 100;

/// Purges what is due at `now`, in one transaction, then erases it; how many sessions.
fn sweep(state: &AppState, now: i64) -> rusqlite::Result<usize> {
    let mut conn = state.db.lock();
    let tx = conn.transaction()?;
    let due = db::retention::due(&tx, now, SWEEP_BATCH)?;
    for sid in &due {
        db::retention::purge(&tx, sid, now)?;
    }
    tx.commit()?;
    if !due.is_empty() {
        db::erase_deleted(&conn)?;
    }
    Ok(due.len())
}

/// The task: sweeps every `interval` until it is dropped.
pub(crate) async fn run(state: Arc<AppState>, interval: Duration) {
    loop {
        tokio::time::sleep(interval).await;
        match sweep(&state, now_ms()) {
            Ok(n) if n == SWEEP_BATCH as usize => continue,
            Ok(_) => {}
            Err(e) => eprintln!("kyc-sandbox: retention sweep: {e}"),
        }
    }
}
