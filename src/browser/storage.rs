//! `sessionStorage`: the widget keeps its access token there so that a reload resumes the flow.

use super::{js_error_name, js_error_text};

/// Why `sessionStorage` could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// There is no `sessionStorage` (disabled, or blocked, as in some sandboxed iframes).
    Unavailable,
    /// The browser's storage quota is full (or storage is disabled, as in old Safari private mode).
    QuotaExceeded,
    /// Any other failure, with the browser's description.
    Other(String),
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    let window = web_sys::window().ok_or(StorageError::Unavailable)?;
    // Accessing `sessionStorage` throws a SecurityError where storage is blocked.
    match window.session_storage() {
        Ok(Some(s)) => Ok(s),
        Ok(None) | Err(_) => Err(StorageError::Unavailable),
    }
}

fn map_err(err: wasm_bindgen::JsValue) -> StorageError {
    match js_error_name(&err).as_deref() {
        Some("QuotaExceededError") | Some("NS_ERROR_DOM_QUOTA_REACHED") => StorageError::QuotaExceeded,
        Some("SecurityError") => StorageError::Unavailable,
        _ => StorageError::Other(js_error_text(&err)),
    }
}

/// The value stored under `key` in `sessionStorage`, `None` when there is none.
pub fn session_get(key: &str) -> Result<Option<String>, StorageError> {
    storage()?.get_item(key).map_err(map_err)
}

/// Stores `value` under `key` in `sessionStorage`.
pub fn session_set(key: &str, value: &str) -> Result<(), StorageError> {
    storage()?.set_item(key, value).map_err(map_err)
}

/// Removes `key` from `sessionStorage` (no error when it is absent).
pub fn session_remove(key: &str) -> Result<(), StorageError> {
    storage()?.remove_item(key).map_err(map_err)
}
