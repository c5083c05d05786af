//! Liveness tries: one row per try (its outcome, the face of each frame, the device, and the
//! answer sent, which a retry with the same `attempt_id` gets again). The frames themselves
//! are not stored.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{from_json, to_json};
use crate::session::{LivenessStep, LivenessTry};

/// The JSON name of a unit enum value (`"pending"` -> `pending`).
pub(crate) fn name<T: serde::Serialize>(v: &T) -> rusqlite::Result<String> {
    Ok(to_json(v)?.trim_matches('"').to_owned())
}

fn parse<T: serde::de::DeserializeOwned>(s: &str, idx: usize) -> rusqlite::Result<T> {
    from_json(&format!("\"{s}\""), idx)
}

/// A session's step from its columns (`liveness_challenge`, `liveness_status`,
/// `liveness_tries`, at 33..35 of `SESSION_COLUMNS`): none without a challenge.
pub(crate) fn step_from_columns(
    challenge: Option<String>,
    status: Option<String>,
    tries: u32,
) -> rusqlite::Result<Option<LivenessStep>> {
    let Some(challenge) = challenge else {
        return Ok(None);
    };
    let mut step = LivenessStep::new(parse(&challenge, 33)?);
    if let Some(status) = status {
        step.status = parse(&status, 34)?;
    }
    step.tries = tries;
    Ok(Some(step))
}

/// Records a try of session `sid`.
pub fn insert(conn: &Connection, sid: &str, t: &LivenessTry) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO liveness_tries (session_id, attempt_id, status, reason, score, frames, faces,
           device_info, checked_at, answer)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            sid,
            t.attempt_id,
            name(&t.status)?,
            t.reason.as_ref().map(name).transpose()?,
            f64::from(t.score),
            t.frames,
            to_json(&t.faces)?,
            t.device_info.as_ref().map(to_json).transpose()?,
            t.checked_at,
            t.answer,
        ],
    )?;
    Ok(())
}

const COLUMNS: &str = "attempt_id, status, reason, score, frames, faces, device_info, checked_at, answer";

fn from_row(r: &Row<'_>) -> rusqlite::Result<LivenessTry> {
    let reason: Option<String> = r.get(2)?;
    let device: Option<String> = r.get(6)?;
    Ok(LivenessTry {
        attempt_id: r.get(0)?,
        status: parse(&r.get::<_, String>(1)?, 1)?,
        reason: reason.map(|x| parse(&x, 2)).transpose()?,
        score: r.get::<_, f64>(3)? as f32,
        frames: r.get(4)?,
        faces: from_json(&r.get::<_, String>(5)?, 5)?,
        device_info: device.map(|d| from_json(&d, 6)).transpose()?,
        checked_at: r.get(7)?,
        answer: r.get(8)?,
    })
}

/// The try of session `sid` with this `attempt_id`.
pub fn find(conn: &Connection, sid: &str, attempt_id: &str) -> rusqlite::Result<Option<LivenessTry>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM liveness_tries WHERE session_id = ?1 AND attempt_id = ?2"),
        [sid, attempt_id],
        from_row,
    )
    .optional()
}

/// The latest try of session `sid`: the deciding one once the step is final.
pub fn latest(conn: &Connection, sid: &str) -> rusqlite::Result<Option<LivenessTry>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM liveness_tries WHERE session_id = ?1 ORDER BY seq DESC LIMIT 1"),
        [sid],
        from_row,
    )
    .optional()
}
