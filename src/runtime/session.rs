//! The session saved in this tab's `sessionStorage`, so that a reload resumes it.

use kyc_contract::Theme;
use serde::{Deserialize, Serialize};

use crate::browser::storage;

/// `sessionStorage` key of the current session id (a reload without fragment resumes it).
pub const SID_KEY: &str = "kyc-widget:sid";

/// `sessionStorage` key of a session's saved token and progress.
pub fn session_key(sid: &str) -> String {
    format!("kyc-widget:session:{sid}")
}

/// What a reload needs to resume a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSession {
    /// The access token.
    pub token: String,
    /// Consent still to be given.
    pub consent_required: bool,
    /// Origins that receive iframe events.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// The session's look.
    #[serde(default)]
    pub theme: Option<Theme>,
    /// Started by a handoff link (no redirect at the end; see `Flow::handoff_device`).
    #[serde(default)]
    pub handoff: bool,
    /// The session's language, if set.
    #[serde(default)]
    pub locale: Option<String>,
}

/// The session saved in this tab, with its id.
pub fn load() -> Option<(String, SavedSession)> {
    let sid = storage::session_get(SID_KEY).ok().flatten()?;
    let json = storage::session_get(&session_key(&sid)).ok().flatten()?;
    let saved = serde_json::from_str(&json).ok()?;
    Some((sid, saved))
}

/// Saves `saved` as the session `sid` of this tab (storage that cannot be used is skipped:
/// a reload then starts over).
pub fn save(sid: &str, saved: &SavedSession) {
    if let Ok(json) = serde_json::to_string(saved) {
        let _ = storage::session_set(SID_KEY, sid);
        let _ = storage::session_set(&session_key(sid), &json);
    }
}

/// Forgets the session `sid`.
pub fn clear(sid: &str) {
    let _ = storage::session_remove(&session_key(sid));
    let _ = storage::session_remove(SID_KEY);
}
