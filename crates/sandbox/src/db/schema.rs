//! The tables, and what an older database gets added when it is opened.

use anyhow::Context;
use rusqlite::{params, Connection};

use super::{session_from_row, SESSION_COLUMNS};
use crate::session::Session;

/// Creates the tables that are missing and updates older ones.
pub(super) fn create(conn: &Connection) -> anyhow::Result<()> {
    conn.execute_batch(SCHEMA).context("creating tables")?;
    migrate(conn).context("updating the tables")
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  state TEXT,
  callback_url TEXT,
  required_images TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  start_token_hash BLOB NOT NULL,
  device_id TEXT,
  started_at INTEGER,
  handoff_token_hash BLOB,
  handoff_expires_at INTEGER,
  handoff_used INTEGER NOT NULL DEFAULT 0,
  consent_at INTEGER,
  rejected_count INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  mock TEXT NOT NULL,
  processing_time_ms INTEGER NOT NULL,
  feedback_cursor INTEGER NOT NULL DEFAULT 0,
  fail_remaining INTEGER NOT NULL DEFAULT 0,
  round INTEGER NOT NULL DEFAULT 1,
  recapture TEXT NOT NULL DEFAULT '[]',
  processing_started_at INTEGER,
  locale TEXT,
  theme TEXT,
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  recommendation TEXT NOT NULL,
  error_reason TEXT
);
CREATE TABLE IF NOT EXISTS attempts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  image_id TEXT NOT NULL,
  image_type TEXT NOT NULL,
  round INTEGER NOT NULL,
  feedback TEXT NOT NULL,
  custom_feedback TEXT,
  quality TEXT NOT NULL,
  device_info TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_session ON attempts(session_id, seq);
CREATE TABLE IF NOT EXISTS webhook_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL,
  url TEXT NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  delivered_at INTEGER,
  failed_at INTEGER
);
CREATE INDEX IF NOT EXISTS webhook_events_session ON webhook_events(session_id, seq);
CREATE INDEX IF NOT EXISTS webhook_events_due ON webhook_events(next_attempt_at)
  WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE TABLE IF NOT EXISTS webhook_attempts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  status_code INTEGER,
  error TEXT
);
CREATE INDEX IF NOT EXISTS webhook_attempts_event ON webhook_attempts(event_id, seq);
CREATE TABLE IF NOT EXISTS images (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL,
  image_type TEXT NOT NULL,
  client_image_id TEXT,
  round INTEGER NOT NULL,
  jpeg BLOB NOT NULL,
  rejected INTEGER NOT NULL,
  feedback TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS images_session ON images(session_id, seq);
CREATE TABLE IF NOT EXISTS uploads (
  session_id TEXT NOT NULL,
  image_id TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, image_id)
);
CREATE TABLE IF NOT EXISTS liveness_tries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  attempt_id TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  score REAL NOT NULL,
  frames INTEGER NOT NULL,
  faces TEXT NOT NULL,
  device_info TEXT,
  checked_at INTEGER NOT NULL,
  answer TEXT NOT NULL,
  UNIQUE (session_id, attempt_id)
);
";

/// Columns added to `sessions` after its first release: added to an older
/// database when it is opened.
const ADDED_SESSION_COLUMNS: &[(&str, &str)] = &[
    ("external_user_id", "TEXT"),
    ("updated_at", "INTEGER NOT NULL DEFAULT 0"),
    ("completes_at", "INTEGER"),
    ("webhook_url", "TEXT"),
    ("final_notified", "INTEGER NOT NULL DEFAULT 0"),
    ("delete_at", "INTEGER"),
    ("purged_at", "INTEGER"),
    ("liveness_challenge", "TEXT"),
    ("liveness_status", "TEXT"),
    ("liveness_tries", "INTEGER NOT NULL DEFAULT 0"),
];

/// Columns added to `attempts` after its first release.
const ADDED_ATTEMPT_COLUMNS: &[(&str, &str)] = &[("faces", "TEXT NOT NULL DEFAULT '[]'")];

/// The names of `table`'s columns.
fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let names = stmt.query_map([], |r| r.get(0))?.collect();
    names
}

/// Adds those of `added` that `table` lacks.
fn add_columns(
    conn: &Connection,
    table: &str,
    have: &[String],
    added: &[(&str, &str)],
) -> rusqlite::Result<()> {
    for (name, decl) in added {
        if !have.iter().any(|h| h == name) {
            conn.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {name} {decl}"))?;
        }
    }
    Ok(())
}

/// The session list's indexes (after the added columns exist).
const INDEXES: &str = "
CREATE INDEX IF NOT EXISTS sessions_created ON sessions(created_at);
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions(updated_at);
CREATE INDEX IF NOT EXISTS sessions_external_user ON sessions(external_user_id, created_at);
CREATE INDEX IF NOT EXISTS sessions_completes ON sessions(completes_at);
CREATE INDEX IF NOT EXISTS sessions_error ON sessions(error_reason) WHERE error_reason IS NOT NULL;
CREATE INDEX IF NOT EXISTS sessions_unnotified ON sessions(expires_at)
  WHERE webhook_url IS NOT NULL AND final_notified = 0;
CREATE INDEX IF NOT EXISTS sessions_to_delete ON sessions(delete_at) WHERE purged_at IS NULL;
CREATE INDEX IF NOT EXISTS sessions_unnotified_completes ON sessions(completes_at)
  WHERE webhook_url IS NOT NULL AND final_notified = 0;
";

/// Adds the columns an older database lacks, then the indexes.
fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let have = columns(conn, "sessions")?;
    let backfill = !have.iter().any(|h| h == "completes_at");
    add_columns(conn, "sessions", &have, ADDED_SESSION_COLUMNS)?;
    add_columns(
        conn,
        "attempts",
        &columns(conn, "attempts")?,
        ADDED_ATTEMPT_COLUMNS,
    )?;
    if backfill {
        let mut stmt = conn.prepare(&format!("SELECT {SESSION_COLUMNS} FROM sessions"))?;
        let sessions: Vec<Session> = stmt.query_map([], session_from_row)?.collect::<Result<_, _>>()?;
        for s in sessions {
            conn.execute(
                "UPDATE sessions SET completes_at = ?2, updated_at = created_at WHERE id = ?1",
                params![s.id, s.completes_at()],
            )?;
        }
    }
    conn.execute_batch(INDEXES)
}
