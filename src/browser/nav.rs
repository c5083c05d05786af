//! The address bar: the session link's fragment, and leaving the widget.

use wasm_bindgen::JsValue;

use super::js_error_text;

/// Decodes `%XX` escapes (UTF-8). `None` for a malformed escape or invalid UTF-8.
/// `+` stays a `+` (fragments are not form-encoded).
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Parses a session link's fragment (`#sid=..&t=..`, with or without the `#`, parameters in
/// any order, other parameters ignored, values percent-decoded) into `(sid, start_token)`.
/// `None` when either is missing, empty or malformed.
pub fn parse_fragment(fragment: &str) -> Option<(String, String)> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut sid = None;
    let mut token = None;
    for pair in fragment.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let slot = match key {
            "sid" => &mut sid,
            "t" => &mut token,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(percent_decode(value)?);
        }
    }
    match (sid, token) {
        (Some(s), Some(t)) if !s.trim().is_empty() && !t.trim().is_empty() => {
            Some((s.trim().to_owned(), t.trim().to_owned()))
        }
        _ => None,
    }
}

/// Reads `sid` and `t` from the page's fragment (see [`parse_fragment`]). `None` when absent.
pub fn read_link_fragment() -> Option<(String, String)> {
    let hash = web_sys::window()?.location().hash().ok()?;
    parse_fragment(&hash)
}

/// Removes the fragment from the address bar (`history.replaceState`, no reload, no new entry),
/// so that the single-use start token does not stay visible or in the history.
pub fn clear_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&format!("{path}{search}")));
    }
}

/// Loads the page again (`location.reload()`).
pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Why [`navigate`] did not leave the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavError {
    /// The URL is not an absolute `http:` or `https:` URL (`javascript:`, `data:`, relative, ...).
    NotHttp,
    /// The browser refused to navigate.
    Failed(String),
}

/// True for an absolute `http://` or `https://` URL (scheme case-insensitive), nothing else.
pub fn is_http_url(url: &str) -> bool {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty() && !url.chars().any(|c| c.is_control())
}

/// Sends the browser to `url`; refuses anything but an absolute http(s) URL.
pub fn navigate(url: &str) -> Result<(), NavError> {
    if !is_http_url(url) {
        return Err(NavError::NotHttp);
    }
    // Let the browser's own parser confirm the scheme too.
    let parsed = web_sys::Url::new(url.trim()).map_err(|_| NavError::NotHttp)?;
    let protocol = parsed.protocol();
    if protocol != "http:" && protocol != "https:" {
        return Err(NavError::NotHttp);
    }
    let window = web_sys::window().ok_or_else(|| NavError::Failed("no window".to_owned()))?;
    window
        .location()
        .set_href(&parsed.href())
        .map_err(|e| NavError::Failed(js_error_text(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<(String, String)> {
        parse_fragment(s)
    }

    #[test]
    fn fragments() {
        let ok = Some(("abc".to_owned(), "tok".to_owned()));
        assert_eq!(p("#sid=abc&t=tok"), ok);
        assert_eq!(p("sid=abc&t=tok"), ok);
        assert_eq!(p("#t=tok&sid=abc"), ok);
        assert_eq!(p("#sid=abc&x=1&t=tok&"), ok);
        assert_eq!(
            p("#sid=a%20b&t=t%2Bk%3D"),
            Some(("a b".to_owned(), "t+k=".to_owned()))
        );
        assert_eq!(p("#sid=abc&t=a+b"), Some(("abc".to_owned(), "a+b".to_owned())));
        assert_eq!(p("#sid=%C3%A9&t=x"), Some(("é".to_owned(), "x".to_owned())));
        // The first occurrence wins.
        assert_eq!(p("#sid=abc&t=tok&sid=evil"), ok);
    }

    #[test]
    fn broken_fragments() {
        assert_eq!(p(""), None);
        assert_eq!(p("#"), None);
        assert_eq!(p("#sid=abc"), None);
        assert_eq!(p("#t=tok"), None);
        assert_eq!(p("#sid=&t=tok"), None);
        assert_eq!(p("#sid=abc&t="), None);
        assert_eq!(p("#sid&t"), None);
        assert_eq!(p("#sid=ab%2&t=tok"), None);
        assert_eq!(p("#sid=ab%zz&t=tok"), None);
        assert_eq!(p("#sid=%FF&t=tok"), None);
    }

    #[test]
    fn http_only() {
        assert!(is_http_url("https://partner.example/done?x=1"));
        assert!(is_http_url("HTTP://partner.example"));
        assert!(is_http_url("  https://partner.example  "));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("JavaScript:alert(1)"));
        assert!(!is_http_url("java\tscript:alert(1)"));
        assert!(!is_http_url("data:text/html,<script>"));
        assert!(!is_http_url("/relative"));
        assert!(!is_http_url("//evil.example"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("ftp://x"));
        assert!(!is_http_url("https://x\n.example"));
        assert!(!is_http_url(""));
    }
}
