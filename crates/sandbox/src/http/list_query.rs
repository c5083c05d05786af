//! The session list's query string: `status`, `complete`, `invalid`,
//! `created_from`, `created_to`, `external_user_id`, `sort`, `order`,
//! `limit`, `offset`; parsed here, and described here for the OpenAPI document.

use kyc_contract::SessionStatus;
use serde_json::{json, Value};

use super::openapi::query_param;
use crate::db::list::{Filter, Query, SortKey};
use crate::error::{ApiError, ApiResult};

fn bad(m: &str) -> ApiError {
    ApiError::invalid_request(m)
}

fn boolean(name: &str, v: &str) -> ApiResult<bool> {
    match v {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(bad(&format!("{name} must be true or false"))),
    }
}

/// A date as Unix milliseconds or RFC 3339.
fn date(name: &str, v: &str) -> ApiResult<i64> {
    if let Ok(ms) = v.parse::<i64>() {
        return Ok(ms);
    }
    let t = time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339).map_err(|_| {
        bad(&format!(
            "{name} must be RFC 3339 (2026-01-31T00:00:00Z) or Unix milliseconds"
        ))
    })?;
    Ok((t.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// Parses the list's query; newest created first, 20 a page, by default.
pub(super) fn parse(query: Option<&str>) -> ApiResult<Query> {
    let mut q = Query {
        filter: Filter::default(),
        sort: SortKey::Created,
        descending: true,
        limit: 20,
        offset: 0,
    };
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        if v.is_empty() {
            continue;
        }
        match k.as_ref() {
            "status" | "state" => {
                q.filter.status = Some(SessionStatus::parse(&v).ok_or_else(|| {
                    bad("status must be one of pending, capturing, processing, recapture, complete, error, expired")
                })?)
            }
            "complete" => q.filter.complete = Some(boolean("complete", &v)?),
            "invalid" => q.filter.invalid = Some(boolean("invalid", &v)?),
            "created_from" => q.filter.created_from = Some(date("created_from", &v)?),
            "created_to" => q.filter.created_to = Some(date("created_to", &v)?),
            "external_user_id" => q.filter.external_user_id = Some(v.into_owned()),
            "sort" => {
                q.sort = match v.as_ref() {
                    "created_at" => SortKey::Created,
                    "updated_at" => SortKey::Updated,
                    _ => return Err(bad("sort must be created_at or updated_at")),
                }
            }
            "order" => {
                q.descending = match v.as_ref() {
                    "desc" => true,
                    "asc" => false,
                    _ => return Err(bad("order must be asc or desc")),
                }
            }
            "limit" => {
                q.limit = v
                    .parse()
                    .ok()
                    .filter(|l| (1..=100).contains(l))
                    .ok_or_else(|| bad("limit must be between 1 and 100"))?
            }
            "offset" => q.offset = v.parse().map_err(|_| bad("offset must be a whole number"))?,
            _ => {}
        }
    }
    Ok(q)
}

/// The query's parameters as the OpenAPI document describes them.
pub(super) fn openapi_parameters() -> Vec<Value> {
    let status = json!({ "type": "string", "enum": ["pending", "capturing", "processing", "recapture",
                                                    "complete", "error", "expired"] });
    let boolean = json!({ "type": "string", "enum": ["true", "false", "1", "0"] });
    let date = json!({ "type": "string", "description": "RFC 3339 or Unix milliseconds" });
    vec![
        query_param("status", "One session status", status.clone()),
        query_param("state", "An alias of status", status),
        query_param("complete", "Complete, or not (yet)", boolean.clone()),
        query_param(
            "invalid",
            "Invalid after too many rejected uploads, or not",
            boolean,
        ),
        query_param("created_from", "Created at or after", date.clone()),
        query_param("created_to", "Created before", date),
        query_param(
            "external_user_id",
            "The partner's id for the user, exactly",
            json!({ "type": "string" }),
        ),
        query_param(
            "sort",
            "The order's key (default created_at)",
            json!({ "type": "string", "enum": ["created_at", "updated_at"] }),
        ),
        query_param(
            "order",
            "Newest (desc, the default) or oldest first",
            json!({ "type": "string", "enum": ["asc", "desc"] }),
        ),
        query_param(
            "limit",
            "Page size, 1..100 (default 20)",
            json!({ "type": "integer", "minimum": 1, "maximum": 100 }),
        ),
        query_param(
            "offset",
            "Rows skipped (default 0)",
            json!({ "type": "integer", "minimum": 0 }),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_parameter_and_refuses_nonsense() {
        let q = parse(Some(
            "status=complete&complete=true&invalid=0&created_from=2026-01-01T00:00:00Z&created_to=5\
             &external_user_id=u%201&sort=updated_at&order=asc&limit=7&offset=3",
        ))
        .unwrap();
        assert_eq!(q.filter.status, Some(SessionStatus::Complete));
        assert_eq!((q.filter.complete, q.filter.invalid), (Some(true), Some(false)));
        assert_eq!(q.filter.created_from, Some(1_767_225_600_000));
        assert_eq!(q.filter.created_to, Some(5));
        assert_eq!(q.filter.external_user_id.as_deref(), Some("u 1"));
        assert_eq!(
            (q.sort, q.descending, q.limit, q.offset),
            (SortKey::Updated, false, 7, 3)
        );
        for bad in [
            "status=x",
            "complete=yes",
            "created_from=yesterday",
            "sort=id",
            "order=up",
            "limit=0",
        ] {
            assert!(parse(Some(bad)).is_err(), "{bad}");
        }
    }
}
