//! Signed webhooks: events queued in the database in the transaction that
//! made them (the session model says which: `session::Notice`), and a
//! worker that delivers them at least once, in order per session, retrying
//! with exponential backoff. The queue is the database, so a restart picks
//! up where the last run stopped.

use std::sync::Arc;
use std::time::Duration;

use kyc_contract::WebhookEvent;
use rusqlite::Connection;

use crate::clock::{now_ms, rfc3339};
use crate::db::{self, outbox};
use crate::session::{Notice, Session};
use crate::tokens;
use crate::AppState;

pub mod signature;

/// How the worker retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// The wait after the first failed try; each further failure doubles it (at most an hour).
    pub base_ms: u64,
    /// Tries before an event is given up.
    pub max_tries: u32,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            base_ms: 1000,
            max_tries: 15,
        }
    }
}

impl Retry {
    /// When to try again after the `tries`-th failed try at `now`; none once given up.
    fn next(&self, tries: u32, now: i64) -> Option<i64> {
        if tries >= self.max_tries {
            return None;
        }
        let wait = self
            .base_ms
            .saturating_mul(1u64 << (tries.saturating_sub(1)).min(30))
            .min(3_600_000);
        Some(now.saturating_add(wait as i64))
    }
}

/// Queues `notices` of session `s` (made at `now`) for its webhook URL.
pub(crate) fn queue(conn: &Connection, s: &Session, notices: Vec<Notice>, now: i64) -> rusqlite::Result<()> {
    let Some(url) = &s.webhook_url else { return Ok(()) };
    for n in notices {
        let event = WebhookEvent {
            id: tokens::random_id("evt_", 12),
            event_type: n.event_type,
            created_at: rfc3339(now),
            session_id: s.id.clone(),
            status: n.status,
            state: s.state.clone(),
            external_user_id: s.external_user_id.clone(),
            image_type: n.image_type,
            feedback: n.feedback,
            attempts_left: n.attempts_left,
        };
        let body = db::to_json(&event)?;
        outbox::enqueue(conn, &event.id, &s.id, url, n.event_type, &body, now)?;
    }
    Ok(())
}

/// Queues the final events that time brought (completed, expired).
fn sweep(state: &AppState, now: i64) -> anyhow::Result<()> {
    let mut conn = state.db.lock();
    let tx = conn.transaction()?;
    for mut s in outbox::unnotified_due(&tx, now, 200)? {
        if let Some(n) = s.final_notice(now) {
            db::update_session(&tx, &s)?;
            queue(&tx, &s, vec![n], now)?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Sends one event; its HTTP status, or why it could not be sent.
async fn send(state: &AppState, client: &reqwest::Client, e: &outbox::Queued) -> Result<u16, String> {
    let header = signature::sign(&state.webhook_secret, now_ms() / 1000, e.body.as_bytes());
    client
        .post(&e.url)
        .header("content-type", "application/json")
        .header(signature::HEADER, header)
        .header("Kyc-Event-Id", &e.id)
        .body(e.body.clone())
        .send()
        .await
        .map(|r| r.status().as_u16())
        .map_err(|err| {
            let mut msg = err.to_string();
            let mut src = std::error::Error::source(&err);
            while let Some(s) = src {
                msg = format!("{msg}: {s}");
                src = s.source();
            }
            msg
        })
}

/// Delivers what is due; true when something was sent.
async fn deliver(state: &AppState, client: &reqwest::Client) -> anyhow::Result<bool> {
    let due = outbox::due(&state.db.lock(), now_ms(), 50)?;
    for e in &due {
        let result = send(state, client, e).await;
        let now = now_ms();
        let tries = e.tries + 1;
        let (code, error) = match &result {
            Ok(c) => (Some(*c), (!(200..300).contains(c)).then(|| format!("HTTP {c}"))),
            Err(m) => (None, Some(m.clone())),
        };
        let outcome = if error.is_none() {
            outbox::Outcome::Delivered
        } else {
            match state.webhook_retry.next(tries, now) {
                Some(t) => outbox::Outcome::RetryAt(t),
                None => outbox::Outcome::GiveUp,
            }
        };
        outbox::record_try(&state.db.lock(), &e.id, now, code, error.as_deref(), &outcome)?;
    }
    Ok(!due.is_empty())
}

/// The worker: sweeps and delivers until the task is dropped.
pub(crate) async fn run(state: Arc<AppState>) {
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("kyc-sandbox: webhooks disabled: {e}");
            return;
        }
    };
    loop {
        if let Err(e) = sweep(&state, now_ms()) {
            eprintln!("kyc-sandbox: webhook sweep: {e:#}");
        }
        let busy = match deliver(&state, &client).await {
            Ok(b) => b,
            Err(e) => {
                eprintln!("kyc-sandbox: webhook delivery: {e:#}");
                false
            }
        };
        if !busy {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour_then_gives_up() {
        let r = Retry {
            base_ms: 1000,
            max_tries: 20,
        };
        assert_eq!(r.next(1, 0), Some(1000));
        assert_eq!(r.next(2, 0), Some(2000));
        assert_eq!(r.next(5, 10), Some(16_010));
        assert_eq!(r.next(19, 0), Some(3_600_000));
        assert_eq!(r.next(20, 0), None);
    }
}
