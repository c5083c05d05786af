//! The secrets are not beside the photos: the database holds no secret that
//! signs and no API key, a copy of it forges nothing, and an older database
//! that did hold them is cleaned on start.

mod common;

use std::path::{Path, PathBuf};

use common::{contains, database_bytes, Server};
use kyc_sandbox::{secrets, tokens, Config, Service};
use reqwest::{Method, StatusCode};
use serde_json::json;

fn secrets_path(dir: &Path) -> PathBuf {
    secrets::default_path(&common::db_path(dir))
}

/// The token-signing secret, read from the secrets file.
fn token_secret(dir: &Path) -> Vec<u8> {
    let text = std::fs::read_to_string(secrets_path(dir)).unwrap();
    let hex = text
        .lines()
        .find_map(|l| l.strip_prefix("token_secret="))
        .unwrap_or_else(|| panic!("no token_secret in {text}"));
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Every value of the `settings` table of a copy of the database (what a
/// reader of the file or of a backup has).
fn settings_of_a_copy(dir: &Path) -> Vec<Vec<u8>> {
    let copy = dir.join("stolen.sqlite");
    let db = common::db_path(dir);
    std::fs::copy(&db, &copy).unwrap();
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    if wal.exists() {
        std::fs::copy(&wal, dir.join("stolen.sqlite-wal")).unwrap();
    }
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let mut stmt = conn.prepare("SELECT value FROM settings").unwrap();
    let values = stmt
        .query_map([], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    values
}

#[tokio::test]
async fn the_database_holds_neither_the_signing_secrets_nor_the_api_key() {
    let srv = Server::start().await;
    let s = srv.session(json!({"state": "order-1"})).await;
    srv.status(&s).await;
    let secret = token_secret(&srv.dir);
    assert_eq!(secret.len(), 32);
    // The secrets file really is the one that signs.
    let forged_by_file = tokens::sign_access(&secret, &s.sid, i64::MAX);
    let (st, _) = srv
        .call(
            Method::GET,
            &srv.api(&s.sid, "/status"),
            Some(&forged_by_file),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK);

    let bytes = database_bytes(&srv.dir);
    assert!(!contains(&bytes, &secret), "the token secret is in the database");
    assert!(
        !contains(&bytes, srv.api_key.as_bytes()),
        "the API key is in the database"
    );
    assert!(
        !contains(&bytes, srv.service.webhook_secret()),
        "the webhook secret is in the database"
    );
    #[cfg(unix)]
    {
        assert_eq!(mode(&secrets_path(&srv.dir)), 0o600);
        assert_eq!(
            secrets_path(&srv.dir).parent(),
            common::db_path(&srv.dir).parent(),
            "beside the database"
        );
    }
    srv.stop().await;
}

#[tokio::test]
async fn a_copy_of_the_database_forges_no_token_and_opens_no_backend_call() {
    let srv = Server::start().await;
    let s = srv.session(json!({})).await;
    let values = settings_of_a_copy(&srv.dir);
    assert!(!values.is_empty(), "the settings table is read");
    for value in values {
        let forged = tokens::sign_access(&value, &s.sid, i64::MAX);
        let (st, v) = srv
            .call(Method::GET, &srv.api(&s.sid, "/status"), Some(&forged), None)
            .await;
        assert_eq!(
            st,
            StatusCode::UNAUTHORIZED,
            "a token signed with a stored value: {v}"
        );
        // A stored value that could be sent as a key (a hash cannot).
        if let Some(as_key) = String::from_utf8(value)
            .ok()
            .filter(|k| k.chars().all(|c| c.is_ascii_graphic()))
        {
            let (st, _) = srv
                .call(Method::GET, &srv.api(&s.sid, "/result"), Some(&as_key), None)
                .await;
            assert_eq!(st, StatusCode::UNAUTHORIZED, "{as_key} as the API key");
        }
    }
    // The real ones still work.
    assert_eq!(srv.status(&s).await["status"], "capturing");
    srv.result(&s.sid).await;
    srv.stop().await;
}

#[tokio::test]
async fn an_older_database_with_plaintext_secrets_is_migrated_on_start() {
    let srv = Server::start().await;
    let c = srv.create(json!({})).await;
    let (s, _) = srv.start_session(&c.session_id, &c.start_token).await;
    let dir = srv.dir.clone();
    let tmp = srv.stop().await;

    // The layout of a database written before the secrets file: plaintext rows.
    let old_secret = tokens::random_bytes(32);
    let old_key = "sbx_key_0123456789abcdef0123456789abcdef0123456789abcdef";
    let old_webhook_secret = "whsec_00112233445566778899aabbccddeeff0011223344556677";
    {
        let conn = rusqlite::Connection::open(common::db_path(&dir)).unwrap();
        conn.execute("DELETE FROM settings", []).unwrap();
        for (k, v) in [
            ("hmac_secret", old_secret.clone()),
            ("api_key", old_key.as_bytes().to_vec()),
            ("webhook_secret", old_webhook_secret.as_bytes().to_vec()),
        ] {
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                rusqlite::params![k, v],
            )
            .unwrap();
        }
    }
    std::fs::remove_file(secrets_path(&dir)).unwrap();
    assert!(contains(&database_bytes(&dir), &old_secret));
    // A token the older service issued.
    let old_token = tokens::sign_access(&old_secret, &s.sid, i64::MAX);

    let srv = Server::restart_in(&dir, tmp, old_key).await;
    assert_eq!(srv.service.webhook_secret(), old_webhook_secret.as_bytes());
    let (st, v) = srv
        .call(Method::GET, &srv.api(&s.sid, "/status"), Some(&old_token), None)
        .await;
    assert_eq!(st, StatusCode::OK, "a token issued before the move: {v}");
    srv.result(&s.sid).await; // the old API key
    assert_eq!(token_secret(&dir), old_secret);
    #[cfg(unix)]
    assert_eq!(mode(&secrets_path(&dir)), 0o600);

    let bytes = database_bytes(&dir);
    assert!(
        !contains(&bytes, &old_secret),
        "the token secret is still in the database"
    );
    assert!(
        !contains(&bytes, old_key.as_bytes()),
        "the API key is still in the database"
    );
    assert!(
        !contains(&bytes, old_webhook_secret.as_bytes()),
        "the webhook secret is still in the database"
    );
    srv.stop().await;
}

#[cfg(unix)]
#[tokio::test]
async fn a_secrets_file_others_may_read_or_that_is_not_a_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let config = Config::new(
        common::db_path(tmp.path()),
        tmp.path().join("dist"),
        "http://127.0.0.1:1",
    );
    drop(Service::open(&config).unwrap());
    let file = secrets_path(tmp.path());
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = format!("{:#}", Service::open(&config).err().unwrap());
    assert!(err.contains(&file.display().to_string()), "{err}");
    assert!(err.contains("0644") && err.contains("chmod 600"), "{err}");

    let mut elsewhere = config.clone();
    elsewhere.secrets_file = Some(tmp.path().join("a-folder"));
    std::fs::create_dir(tmp.path().join("a-folder")).unwrap();
    let err = format!("{:#}", Service::open(&elsewhere).err().unwrap());
    assert!(err.contains("a-folder") && err.contains("not a file"), "{err}");
}
