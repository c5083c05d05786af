//! The `settings` table: the SHA-256 of a generated API key, and, in
//! databases written before the secrets moved to their own file, the old
//! plaintext rows that [`crate::secrets`] moves out.

use rusqlite::{params, OptionalExtension};

use super::Db;

impl Db {
    /// A setting's value.
    pub fn setting(&self, key: &str) -> rusqlite::Result<Option<Vec<u8>>> {
        self.lock()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()
    }

    /// A setting, or `init()` stored under `key` the first time.
    pub fn setting_or_init(&self, key: &str, init: impl FnOnce() -> Vec<u8>) -> rusqlite::Result<Vec<u8>> {
        let conn = self.lock();
        let found: Option<Vec<u8>> = conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?;
        if let Some(v) = found {
            return Ok(v);
        }
        let v = init();
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)",
            params![key, v],
        )?;
        Ok(v)
    }

    /// Deletes these settings and erases their bytes from the files; how many there were.
    pub fn erase_settings(&self, keys: &[&str]) -> rusqlite::Result<usize> {
        let conn = self.lock();
        let mut n = 0;
        for key in keys {
            n += conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
        }
        if n > 0 {
            super::erase_deleted(&conn)?;
        }
        Ok(n)
    }
}
