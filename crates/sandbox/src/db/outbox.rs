//! The webhook outbox: events queued in the transaction that made them,
//! delivered in order per session, each try logged.

use kyc_contract::{DeliveryAttempt, DeliveryStatus, WebhookDelivery, WebhookEventType};
use rusqlite::{params, Connection, OptionalExtension};

use super::{from_json, session_from_row, SESSION_COLUMNS};
use crate::clock::rfc3339;
use crate::session::Session;

/// A queued event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub id: String,
    pub session_id: String,
    pub url: String,
    pub body: String,
    /// Tries so far.
    pub tries: u32,
}

/// Queues an event, due at once.
pub fn enqueue(
    conn: &Connection,
    id: &str,
    sid: &str,
    url: &str,
    event_type: WebhookEventType,
    body: &str,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO webhook_events (id, session_id, url, type, body, created_at, next_attempt_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![id, sid, url, event_type.as_str(), body, now],
    )?;
    Ok(())
}

/// Sessions with a webhook whose final event may be due at `now` (complete or expired).
pub fn unnotified_due(conn: &Connection, now: i64, limit: u32) -> rusqlite::Result<Vec<Session>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE webhook_url IS NOT NULL AND final_notified = 0
           AND (expires_at <= ?1 OR completes_at <= ?1) LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![now, limit], session_from_row)?;
    rows.collect()
}

/// The events due at `now`: of each session, only its oldest undelivered one
/// (so a session's events arrive in order), oldest first.
pub fn due(conn: &Connection, now: i64, limit: u32) -> rusqlite::Result<Vec<Queued>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.session_id, e.url, e.body, e.tries FROM webhook_events e
         WHERE e.delivered_at IS NULL AND e.failed_at IS NULL AND e.next_attempt_at <= ?1
           AND e.seq = (SELECT MIN(seq) FROM webhook_events o
                        WHERE o.session_id = e.session_id AND o.delivered_at IS NULL AND o.failed_at IS NULL)
         ORDER BY e.seq LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now, limit], |r| {
        Ok(Queued {
            id: r.get(0)?,
            session_id: r.get(1)?,
            url: r.get(2)?,
            body: r.get(3)?,
            tries: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// The outcome of one try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Try again at this time (Unix ms).
    RetryAt(i64),
    GiveUp,
}

/// Logs a try of event `id` and records its outcome.
pub fn record_try(
    conn: &Connection,
    id: &str,
    now: i64,
    status_code: Option<u16>,
    error: Option<&str>,
    outcome: &Outcome,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO webhook_attempts (event_id, at, status_code, error) VALUES (?1, ?2, ?3, ?4)",
        params![id, now, status_code, error],
    )?;
    let (delivered, failed, next): (Option<i64>, Option<i64>, Option<i64>) = match outcome {
        Outcome::Delivered => (Some(now), None, None),
        Outcome::RetryAt(t) => (None, None, Some(*t)),
        Outcome::GiveUp => (None, Some(now), None),
    };
    conn.execute(
        "UPDATE webhook_events SET tries = tries + 1, delivered_at = ?2, failed_at = ?3,
           next_attempt_at = COALESCE(?4, next_attempt_at) WHERE id = ?1",
        params![id, delivered, failed, next],
    )?;
    Ok(())
}

/// A session's events and their deliveries, in order.
pub fn deliveries(conn: &Connection, sid: &str) -> rusqlite::Result<Vec<WebhookDelivery>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, type, url, created_at, next_attempt_at, delivered_at, failed_at
         FROM webhook_events WHERE session_id = ?1 ORDER BY seq",
    )?;
    let mut tries = conn.prepare_cached(
        "SELECT at, status_code, error FROM webhook_attempts WHERE event_id = ?1 ORDER BY seq",
    )?;
    let events = stmt
        .query_map([sid], |r| {
            let t: String = r.get(1)?;
            let delivered: Option<i64> = r.get(5)?;
            let failed: Option<i64> = r.get(6)?;
            let status = match (delivered, failed) {
                (Some(_), _) => DeliveryStatus::Delivered,
                (None, Some(_)) => DeliveryStatus::Failed,
                (None, None) => DeliveryStatus::Pending,
            };
            Ok(WebhookDelivery {
                event_id: r.get(0)?,
                event_type: from_json(&format!("\"{t}\""), 1)?,
                url: r.get(2)?,
                created_at: rfc3339(r.get(3)?),
                next_attempt_at: (status == DeliveryStatus::Pending)
                    .then(|| r.get(4).map(rfc3339))
                    .transpose()?,
                delivered_at: delivered.map(rfc3339),
                status,
                attempts: vec![],
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    events
        .into_iter()
        .map(|mut d| {
            d.attempts = tries
                .query_map([&d.event_id], |r| {
                    Ok(DeliveryAttempt {
                        at: rfc3339(r.get(0)?),
                        status_code: r.get(1)?,
                        error: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(d)
        })
        .collect()
}

/// Whether session `sid` has any event (its delivery log outlives a deletion).
pub fn has_events(conn: &Connection, sid: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT 1 FROM webhook_events WHERE session_id = ?1 LIMIT 1",
        [sid],
        |_| Ok(()),
    )
    .optional()
    .map(|o| o.is_some())
}
