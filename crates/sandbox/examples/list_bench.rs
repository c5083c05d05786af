//! The session list with 100 000 sessions: fills a fresh database, serves it,
//! and prints the p50 and p99 of filtered pages fetched over HTTP.
//!
//! `cargo run --release -p kyc-sandbox --example list_bench [sessions] [requests]`

use std::time::{Duration, Instant};

use kyc_contract::{CreateSessionRequest, CustomerInformation};
use kyc_sandbox::{Config, Service};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let sessions: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(100_000);
    let requests: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(500);
    let dir = tempfile::tempdir()?;
    let db_path = dir.path().join("bench.sqlite");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let service = Service::open(&Config::new(&db_path, dir.path().join("dist"), base.clone()))?;
    let template = service
        .create_session(CreateSessionRequest {
            customer_information: Some(CustomerInformation {
                external_user_id: Some("template".into()),
                ..Default::default()
            }),
            ..Default::default()
        })
        .map_err(|e| anyhow::anyhow!(e.message))?;
    let filled = Instant::now();
    fill(&db_path, &template.session_id, sessions)?;
    println!("filled {sessions} sessions in {:.1?}", filled.elapsed());
    let key = service
        .new_api_key()
        .ok_or_else(|| anyhow::anyhow!("a fresh database generates its API key"))?
        .to_owned();
    tokio::spawn(service.serve(listener, std::future::pending()));

    let client = reqwest::Client::new();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis() as u64;
    let day_ago = now_ms - 86_400_000;
    let pages = [
        format!("?complete=true&created_from={day_ago}&limit=20"),
        "?external_user_id=user-4242&limit=20".to_owned(),
        "?invalid=true&sort=updated_at&limit=20&offset=100".to_owned(),
        "?status=capturing&order=asc&limit=20".to_owned(),
    ];
    for q in &pages {
        let url = format!("{base}/api/v1/verification{q}");
        let mut times = Vec::with_capacity(requests);
        let mut total = 0;
        for i in 0..requests + 20 {
            let t = Instant::now();
            let res = client.get(&url).bearer_auth(&key).send().await?;
            anyhow::ensure!(res.status().is_success(), "{url}: {}", res.status());
            let v: serde_json::Value = res.json().await?;
            if i >= 20 {
                times.push(t.elapsed());
            }
            total = v["total_count"].as_u64().unwrap_or(0);
        }
        times.sort();
        let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1)];
        println!(
            "GET {q:<52} total_count {total:>6}  p50 {:>7.2?}  p99 {:>7.2?}",
            pct(0.50),
            pct(0.99)
        );
    }
    drop(dir);
    Ok(())
}

/// Copies the template session `n` times in one statement: created over
/// the last 50 days, 5 000 users, a third started, every 9th invalid, every
/// 7th of the started ones complete.
fn fill(db: &std::path::Path, template: &str, n: u64) -> anyhow::Result<()> {
    let conn = rusqlite::Connection::open(db)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('sessions')")?;
    let columns: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let value = |c: &str| -> String {
        match c {
            "id" => "printf('bench%08d', i)".into(),
            "created_at" => "created_at - i * 43200".into(),
            "updated_at" => "created_at - i * 43200 + (i % 1000)".into(),
            "expires_at" => "expires_at + 86400000".into(),
            "external_user_id" => "'user-' || (i % 5000)".into(),
            "device_id" => "CASE WHEN i % 3 = 0 THEN 'dev' END".into(),
            "error_reason" => "CASE WHEN i % 9 = 0 THEN 'attempt_limit' END".into(),
            "processing_started_at" => "CASE WHEN i % 21 = 3 THEN created_at - i * 43200 END".into(),
            "completes_at" => {
                "CASE WHEN i % 21 = 3 THEN created_at - i * 43200 + processing_time_ms END".into()
            }
            other => other.into(),
        }
    };
    let list = columns.join(", ");
    let values: Vec<String> = columns.iter().map(|c| value(c)).collect();
    conn.execute(
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
             INSERT INTO sessions ({list}) SELECT {} FROM n, sessions WHERE sessions.id = ?1",
            values.join(", ")
        ),
        rusqlite::params![template, n as i64],
    )?;
    conn.execute_batch("ANALYZE")?;
    Ok(())
}
