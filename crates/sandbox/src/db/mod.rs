//! SQLite storage (WAL): settings, sessions, images, every upload's attempt
//! record ([`attempts`]), upload idempotency records, liveness tries
//! ([`liveness`]), and the session list ([`list`]).
//!
//! One connection behind a mutex: every statement is short, and the image
//! decoding (the slow part of an upload) runs outside the lock.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use anyhow::Context;
use kyc_contract::ImageType;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::session::Session;

pub mod attempts;
pub mod list;
pub mod liveness;
pub mod outbox;
pub mod retention;
pub mod settings;

mod schema;

/// The database.
pub struct Db {
    conn: Mutex<Connection>,
}

impl Db {
    /// Opens (creating the file, its parent directory and the tables when needed).
    /// The file and a folder created for it are the owner's alone (0600, 0700):
    /// they hold the photos and the secrets.
    pub fn open(path: &Path) -> anyhow::Result<Db> {
        crate::private_file::create(path)?;
        let conn = Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            anyhow::bail!("{} could not be put in WAL mode (got {mode})", path.display());
        }
        // Deleted rows are overwritten with zeros, not left in free pages.
        conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;")?;
        schema::create(&conn)?;
        Ok(Db {
            conn: Mutex::new(conn),
        })
    }

    /// The connection (a poisoned lock is taken over: every write is one transaction).
    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Copies the write-ahead log into the database file and empties it, so
/// that what was just deleted (zeroed in the database by `secure_delete`)
/// is left in neither file.
pub fn erase_deleted(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> rusqlite::Result<String> {
    serde_json::to_string(v).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str, idx: usize) -> rusqlite::Result<T> {
    serde_json::from_str(s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

const SESSION_COLUMNS: &str = "id, state, callback_url, required_images, created_at, expires_at,
  start_token_hash, device_id, started_at, handoff_token_hash, handoff_expires_at, handoff_used,
  consent_at, rejected_count, max_attempts, mock, processing_time_ms, feedback_cursor,
  fail_remaining, round, recapture, processing_started_at, locale, theme, allowed_origins,
  recommendation, error_reason, external_user_id, updated_at, webhook_url, final_notified,
  delete_at, purged_at, liveness_challenge, liveness_status, liveness_tries";

fn session_from_row(r: &Row<'_>) -> rusqlite::Result<Session> {
    let theme: Option<String> = r.get(23)?;
    let rec: String = r.get(25)?;
    Ok(Session {
        id: r.get(0)?,
        state: r.get(1)?,
        callback_url: r.get(2)?,
        required_images: from_json(&r.get::<_, String>(3)?, 3)?,
        created_at: r.get(4)?,
        expires_at: r.get(5)?,
        start_token_hash: r.get(6)?,
        device_id: r.get(7)?,
        started_at: r.get(8)?,
        handoff_token_hash: r.get(9)?,
        handoff_expires_at: r.get(10)?,
        handoff_used: r.get(11)?,
        consent_at: r.get(12)?,
        rejected_count: r.get(13)?,
        max_attempts: r.get(14)?,
        mock: from_json(&r.get::<_, String>(15)?, 15)?,
        processing_time_ms: r.get(16)?,
        feedback_cursor: r.get(17)?,
        fail_remaining: r.get(18)?,
        round: r.get(19)?,
        recapture: from_json(&r.get::<_, String>(20)?, 20)?,
        processing_started_at: r.get(21)?,
        locale: r.get(22)?,
        theme: theme.map(|t| from_json(&t, 23)).transpose()?,
        allowed_origins: from_json(&r.get::<_, String>(24)?, 24)?,
        recommendation: from_json(&format!("\"{rec}\""), 25)?,
        error_reason: r.get(26)?,
        external_user_id: r.get(27)?,
        updated_at: r.get(28)?,
        webhook_url: r.get(29)?,
        final_notified: r.get(30)?,
        delete_at: r.get(31)?,
        purged_at: r.get(32)?,
        liveness: liveness::step_from_columns(r.get(33)?, r.get(34)?, r.get(35)?)?,
    })
}

/// Inserts a new session.
pub fn insert_session(conn: &Connection, s: &Session) -> rusqlite::Result<()> {
    conn.execute(
        &format!("INSERT INTO sessions ({SESSION_COLUMNS}, completes_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37)"),
        params![
            s.id,
            s.state,
            s.callback_url,
            to_json(&s.required_images)?,
            s.created_at,
            s.expires_at,
            s.start_token_hash,
            s.device_id,
            s.started_at,
            s.handoff_token_hash,
            s.handoff_expires_at,
            s.handoff_used,
            s.consent_at,
            s.rejected_count,
            s.max_attempts,
            to_json(&s.mock)?,
            s.processing_time_ms,
            s.feedback_cursor,
            s.fail_remaining,
            s.round,
            to_json(&s.recapture)?,
            s.processing_started_at,
            s.locale,
            s.theme.as_ref().map(to_json).transpose()?,
            to_json(&s.allowed_origins)?,
            s.recommendation.as_str(),
            s.error_reason,
            s.external_user_id,
            s.updated_at,
            s.webhook_url,
            s.final_notified,
            s.delete_at,
            s.purged_at,
            s.liveness.map(|l| liveness::name(&l.challenge)).transpose()?,
            s.liveness.map(|l| liveness::name(&l.status)).transpose()?,
            s.liveness.map_or(0, |l| l.tries),
            s.completes_at(),
        ],
    )?;
    Ok(())
}

/// Writes back every field that changes after creation, and the time of
/// the change as `updated_at` (never earlier than the stored one).
pub fn update_session(conn: &Connection, s: &Session) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sessions SET device_id = ?2, started_at = ?3, handoff_token_hash = ?4,
           handoff_expires_at = ?5, handoff_used = ?6, consent_at = ?7, rejected_count = ?8,
           feedback_cursor = ?9, fail_remaining = ?10, round = ?11, recapture = ?12,
           processing_started_at = ?13, error_reason = ?14, completes_at = ?15,
           updated_at = MAX(updated_at, ?16), final_notified = ?17, liveness_status = ?18,
           liveness_tries = ?19
         WHERE id = ?1",
        params![
            s.id,
            s.device_id,
            s.started_at,
            s.handoff_token_hash,
            s.handoff_expires_at,
            s.handoff_used,
            s.consent_at,
            s.rejected_count,
            s.feedback_cursor,
            s.fail_remaining,
            s.round,
            to_json(&s.recapture)?,
            s.processing_started_at,
            s.error_reason,
            s.completes_at(),
            crate::clock::now_ms(),
            s.final_notified,
            s.liveness.map(|l| liveness::name(&l.status)).transpose()?,
            s.liveness.map_or(0, |l| l.tries),
        ],
    )?;
    Ok(())
}

/// Loads a session.
pub fn load_session(conn: &Connection, id: &str) -> rusqlite::Result<Option<Session>> {
    conn.query_row(
        &format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?1"),
        [id],
        session_from_row,
    )
    .optional()
}

/// The image types accepted in `round`.
pub fn accepted_types(conn: &Connection, sid: &str, round: u32) -> rusqlite::Result<Vec<ImageType>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT image_type FROM images WHERE session_id = ?1 AND round = ?2 AND rejected = 0",
    )?;
    let rows = stmt.query_map(params![sid, round], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for t in rows {
        if let Some(t) = ImageType::parse(&t?) {
            out.push(t);
        }
    }
    Ok(out)
}

/// A stored image.
#[derive(Debug, Clone)]
pub struct ImageRow {
    pub id: String,
    pub image_type: ImageType,
    pub rejected: bool,
}

/// Stores an uploaded image; an accepted one replaces the session's
/// accepted image of that type and round, then the rejected images beyond
/// the session's budget are dropped ([`crate::session::storage`]). True when
/// an image was dropped: once committed, [`erase_deleted`] takes its bytes out
/// of the write-ahead log too.
#[allow(clippy::too_many_arguments)]
pub fn store_image(
    conn: &Connection,
    id: &str,
    sid: &str,
    image_type: ImageType,
    client_image_id: Option<&str>,
    round: u32,
    jpeg: &[u8],
    rejected: bool,
    feedback: &str,
    now: i64,
) -> rusqlite::Result<bool> {
    use crate::session::storage::{KEPT_REJECTED_IMAGES, MAX_STORED_BYTES};
    let mut dropped = 0;
    if !rejected {
        dropped += conn.execute(
            "DELETE FROM images WHERE session_id = ?1 AND image_type = ?2 AND round = ?3 AND rejected = 0",
            params![sid, image_type.as_str(), round],
        )?;
    }
    conn.execute(
        "INSERT INTO images (id, session_id, image_type, client_image_id, round, jpeg, rejected, feedback, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id, sid, image_type.as_str(), client_image_id, round, jpeg, rejected, feedback, now],
    )?;
    // The latest rejected images, newest first, while they fit beside the accepted ones.
    dropped += conn.execute(
        "DELETE FROM images WHERE seq IN (
           SELECT seq FROM (
             SELECT seq, ROW_NUMBER() OVER w AS n, SUM(length(jpeg)) OVER w AS bytes
             FROM images WHERE session_id = ?1 AND rejected = 1
             WINDOW w AS (ORDER BY seq DESC ROWS UNBOUNDED PRECEDING))
           WHERE n > ?2 OR bytes > ?3 - (
             SELECT COALESCE(SUM(length(jpeg)), 0) FROM images WHERE session_id = ?1 AND rejected = 0))",
        params![sid, KEPT_REJECTED_IMAGES, MAX_STORED_BYTES as i64],
    )?;
    Ok(dropped > 0)
}

/// A session's images, oldest first.
pub fn list_images(conn: &Connection, sid: &str) -> rusqlite::Result<Vec<ImageRow>> {
    let mut stmt =
        conn.prepare("SELECT id, image_type, rejected FROM images WHERE session_id = ?1 ORDER BY seq")?;
    let rows = stmt.query_map([sid], |r| {
        let t: String = r.get(1)?;
        Ok(ImageRow {
            id: r.get(0)?,
            image_type: ImageType::parse(&t).unwrap_or(ImageType::DocumentFront),
            rejected: r.get(2)?,
        })
    })?;
    rows.collect()
}

/// One image's JPEG bytes.
pub fn image_bytes(conn: &Connection, sid: &str, id: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.query_row(
        "SELECT jpeg FROM images WHERE session_id = ?1 AND id = ?2",
        [sid, id],
        |r| r.get(0),
    )
    .optional()
}

/// The stored answer to an earlier upload with this `image_id`.
pub fn upload_record(
    conn: &Connection,
    sid: &str,
    image_id: &str,
) -> rusqlite::Result<Option<(u16, String)>> {
    conn.query_row(
        "SELECT status, body FROM uploads WHERE session_id = ?1 AND image_id = ?2",
        [sid, image_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// Stores the answer to an upload with this `image_id`.
pub fn put_upload_record(
    conn: &Connection,
    sid: &str,
    image_id: &str,
    status: u16,
    body: &str,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO uploads (session_id, image_id, status, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![sid, image_id, status, body, now],
    )?;
    Ok(())
}

/// Deletes a session with its images and upload records, and erases their
/// bytes from the database file and its log ([`erase_deleted`]). False when
/// there was none.
pub fn delete_session(conn: &mut Connection, sid: &str) -> rusqlite::Result<bool> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM images WHERE session_id = ?1", [sid])?;
    tx.execute("DELETE FROM uploads WHERE session_id = ?1", [sid])?;
    tx.execute("DELETE FROM attempts WHERE session_id = ?1", [sid])?;
    tx.execute("DELETE FROM liveness_tries WHERE session_id = ?1", [sid])?;
    let n = tx.execute("DELETE FROM sessions WHERE id = ?1", [sid])?;
    tx.commit()?;
    erase_deleted(conn)?;
    Ok(n > 0)
}
