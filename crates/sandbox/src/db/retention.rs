//! Retention: the sessions whose `time_to_live` has passed lose their
//! images and personal data, and stay as tombstones (`purged_at`).

use rusqlite::{params, Connection};

/// Sessions due for deletion at `now` that are not tombstones yet, at most `limit`.
pub fn due(conn: &Connection, now: i64, limit: u32) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM sessions WHERE delete_at <= ?1 AND purged_at IS NULL ORDER BY delete_at LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now, limit], |r| r.get(0))?;
    rows.collect()
}

/// Deletes a session's images, upload records, attempts (their device
/// details and figures), liveness tries and webhook events, and keeps its row as a
/// tombstone without the partner's values or the customer's: state, the
/// partner's user id, callback and webhook URLs, locale, theme, origins,
/// device.
pub fn purge(conn: &Connection, sid: &str, now: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM images WHERE session_id = ?1", [sid])?;
    conn.execute("DELETE FROM uploads WHERE session_id = ?1", [sid])?;
    conn.execute("DELETE FROM attempts WHERE session_id = ?1", [sid])?;
    conn.execute("DELETE FROM liveness_tries WHERE session_id = ?1", [sid])?;
    conn.execute(
        "DELETE FROM webhook_attempts WHERE event_id IN (SELECT id FROM webhook_events WHERE session_id = ?1)",
        [sid],
    )?;
    conn.execute("DELETE FROM webhook_events WHERE session_id = ?1", [sid])?;
    conn.execute(
        "UPDATE sessions SET state = NULL, external_user_id = NULL, callback_url = NULL,
           webhook_url = NULL, locale = NULL, theme = NULL, allowed_origins = '[]',
           device_id = NULL, purged_at = ?2
         WHERE id = ?1",
        params![sid, now],
    )?;
    Ok(())
}
