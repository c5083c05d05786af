//! Every upload's record, kept for the result's step history even when the
//! image itself is dropped (the storage budget) or replaced.

use kyc_contract::{Feedback, ImageType, QualityFigures};
use rusqlite::{params, Connection};

use super::{from_json, to_json};
use crate::session::AttemptRow;

/// Records one upload.
pub fn insert(conn: &Connection, sid: &str, a: &AttemptRow) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO attempts (session_id, image_id, image_type, round, feedback, custom_feedback,
           quality, device_info, created_at, faces)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            sid,
            a.image_id,
            a.image_type.as_str(),
            a.round,
            a.feedback.as_str(),
            a.custom_feedback,
            to_json(&a.quality)?,
            a.device_info.as_ref().map(to_json).transpose()?,
            a.created_at,
            to_json(&a.faces)?,
        ],
    )?;
    Ok(())
}

/// A session's uploads, oldest first.
pub fn list(conn: &Connection, sid: &str) -> rusqlite::Result<Vec<AttemptRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT image_id, image_type, round, feedback, custom_feedback, quality, device_info, created_at,
           faces
         FROM attempts WHERE session_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([sid], |r| {
        let image_type: String = r.get(1)?;
        let feedback: String = r.get(3)?;
        let quality: String = r.get(5)?;
        let device: Option<String> = r.get(6)?;
        Ok(AttemptRow {
            image_id: r.get(0)?,
            image_type: ImageType::parse(&image_type).unwrap_or(ImageType::DocumentFront),
            round: r.get(2)?,
            feedback: Feedback::parse(&feedback).unwrap_or(Feedback::Other),
            custom_feedback: r.get(4)?,
            quality: from_json::<QualityFigures>(&quality, 5)?,
            device_info: device.map(|d| from_json(&d, 6)).transpose()?,
            created_at: r.get(7)?,
            faces: from_json(&r.get::<_, String>(8)?, 8)?,
        })
    })?;
    rows.collect()
}
