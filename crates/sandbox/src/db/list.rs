//! The session list in SQL: filters, sort, page and total count, each
//! filter on an indexed column or on the status computed in SQL.

use kyc_contract::SessionStatus;
use rusqlite::types::ToSql;
use rusqlite::Connection;

use super::{session_from_row, SESSION_COLUMNS};
use crate::session::Session;

/// The status of a row at `?1` (now, Unix ms): the SQL twin of
/// [`Session::view`]'s status, kept in step by the test below.
const STATUS_SQL: &str = "CASE
  WHEN error_reason IS NOT NULL THEN 'error'
  WHEN device_id IS NULL THEN CASE WHEN ?1 >= expires_at THEN 'expired' ELSE 'pending' END
  WHEN processing_started_at IS NOT NULL THEN CASE
    WHEN ?1 < processing_started_at + processing_time_ms THEN 'processing'
    WHEN completes_at IS NOT NULL THEN 'complete'
    WHEN ?1 >= expires_at THEN 'expired'
    ELSE 'recapture' END
  WHEN ?1 >= expires_at THEN 'expired'
  WHEN round > 1 THEN 'recapture'
  ELSE 'capturing' END";

/// Which sessions to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub status: Option<SessionStatus>,
    /// Complete (true) or not (false).
    pub complete: Option<bool>,
    /// Invalid after too many rejected uploads (true) or not (false).
    pub invalid: Option<bool>,
    /// Created at or after (Unix ms).
    pub created_from: Option<i64>,
    /// Created before (Unix ms).
    pub created_to: Option<i64>,
    pub external_user_id: Option<String>,
}

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Created,
    Updated,
}

/// A page of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub filter: Filter,
    pub sort: SortKey,
    pub descending: bool,
    pub limit: u32,
    pub offset: u64,
}

/// The page of `q` at `now`, and how many sessions match in all.
pub fn page(conn: &Connection, q: &Query, now: i64) -> rusqlite::Result<(Vec<Session>, u64)> {
    let f = &q.filter;
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(now)];
    // A clause, with its argument (written `?N` in it) when it has one.
    let mut arg = |clause: &str, v: Option<Box<dyn ToSql>>| {
        if let Some(v) = v {
            args.push(v);
        }
        clauses.push(clause.replace("?N", &format!("?{}", args.len())));
    };
    if let Some(s) = f.status {
        arg(&format!("({STATUS_SQL}) = ?N"), Some(Box::new(s.as_str())));
    }
    match f.complete {
        Some(true) => arg("completes_at <= ?1", None),
        Some(false) => arg("(completes_at IS NULL OR completes_at > ?1)", None),
        None => {}
    }
    match f.invalid {
        Some(true) => arg("error_reason IS NOT NULL", None),
        Some(false) => arg("error_reason IS NULL", None),
        None => {}
    }
    if let Some(t) = f.created_from {
        arg("created_at >= ?N", Some(Box::new(t)));
    }
    if let Some(t) = f.created_to {
        arg("created_at < ?N", Some(Box::new(t)));
    }
    if let Some(e) = &f.external_user_id {
        arg("external_user_id = ?N", Some(Box::new(e.clone())));
    }
    // ?1 is used by every query, so the count and the page share the arguments.
    // Tombstones (their time_to_live passed) are not listed.
    let mut filter = "WHERE purged_at IS NULL AND ?1 = ?1".to_owned();
    for c in &clauses {
        filter.push_str(" AND ");
        filter.push_str(c);
    }
    let params: Vec<&dyn ToSql> = args.iter().map(|a| a.as_ref()).collect();
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM sessions {filter}"))?
        .query_row(params.as_slice(), |r| r.get(0))?;
    let column = match q.sort {
        SortKey::Created => "created_at",
        SortKey::Updated => "updated_at",
    };
    let dir = if q.descending { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT {SESSION_COLUMNS} FROM sessions {filter} ORDER BY {column} {dir}, id {dir} LIMIT {} OFFSET {}",
        q.limit,
        q.offset.min(i64::MAX as u64)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params.as_slice(), session_from_row)?;
    Ok((rows.collect::<Result<_, _>>()?, total as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{insert_session, update_session, Db};
    use kyc_contract::CreateSessionRequest;

    /// Sessions in every status, with the status `Session::view` gives them at `now`.
    fn variety(now: i64) -> Vec<Session> {
        let base = |id: &str| {
            let mut s = Session::create(&CreateSessionRequest::default(), 5, 1000, now - 5000)
                .unwrap()
                .session;
            s.id = id.into();
            s
        };
        let mut out = vec![base("pending")];
        let mut expired_unstarted = base("expired_unstarted");
        expired_unstarted.expires_at = now - 1;
        out.push(expired_unstarted);
        let mut capturing = base("capturing");
        capturing.device_id = Some("d".into());
        out.push(capturing.clone());
        let mut expired = capturing.clone();
        expired.id = "expired".into();
        expired.expires_at = now;
        out.push(expired);
        let mut error = capturing.clone();
        error.id = "error".into();
        error.error_reason = Some("attempt_limit".into());
        out.push(error);
        let mut processing = capturing.clone();
        processing.id = "processing".into();
        processing.processing_started_at = Some(now - 10);
        out.push(processing.clone());
        let mut complete = processing;
        complete.id = "complete".into();
        complete.processing_started_at = Some(now - 2000);
        out.push(complete.clone());
        let mut recapture = complete.clone();
        recapture.id = "recapture".into();
        recapture.mock.force_retry = true;
        out.push(recapture.clone());
        let mut recapture_expired = recapture.clone();
        recapture_expired.id = "recapture_expired".into();
        recapture_expired.expires_at = now - 1;
        out.push(recapture_expired);
        let mut round_two = capturing;
        round_two.id = "round_two".into();
        round_two.round = 2;
        round_two.mock.force_retry = true;
        out.push(round_two.clone());
        let mut round_two_done = round_two;
        round_two_done.id = "round_two_done".into();
        round_two_done.processing_started_at = Some(now - 2000);
        out.push(round_two_done);
        out
    }

    #[test]
    fn the_sql_status_is_the_models() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.sqlite")).unwrap();
        let conn = db.lock();
        let now = 1_000_000;
        let sessions = variety(now);
        for s in &sessions {
            insert_session(&conn, s).unwrap();
            update_session(&conn, s).unwrap();
        }
        let mut seen = std::collections::HashSet::new();
        for s in &sessions {
            let status = s.view(&[], now).status;
            seen.insert(status);
            let q = Query {
                filter: Filter {
                    status: Some(status),
                    ..Filter::default()
                },
                sort: SortKey::Created,
                descending: true,
                limit: 100,
                offset: 0,
            };
            let (rows, _) = page(&conn, &q, now).unwrap();
            assert!(rows.iter().any(|r| r.id == s.id), "{} is {status:?}", s.id);
            assert!(
                rows.iter().all(|r| r.view(&[], now).status == status),
                "{status:?}"
            );
            let complete = Query {
                filter: Filter {
                    complete: Some(status == SessionStatus::Complete),
                    ..Filter::default()
                },
                ..q
            };
            assert!(page(&conn, &complete, now)
                .unwrap()
                .0
                .iter()
                .any(|r| r.id == s.id));
        }
        assert_eq!(seen.len(), 7, "every status is covered: {seen:?}");
    }
}
