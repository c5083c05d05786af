//! The session link's fragment (`#sid=..&t=..`) as the widget reads it from the address bar,
//! and the callback URL check the widget runs before it leaves the page.
//!
//! Properties: no panic; a parsed link has a non-empty, trimmed session id and start token;
//! writing them back as a fragment (percent-encoded) parses to the same pair; what
//! `is_http_url` accepts starts with an http(s) scheme and holds no control character.
#![no_main]

use kyc_widget::browser::nav::{is_http_url, parse_fragment, percent_decode};
use libfuzzer_sys::fuzz_target;

/// Percent-encodes everything but unreserved characters, the inverse of `percent_decode`.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(decoded) = percent_decode(text) {
        assert_eq!(
            percent_decode(&encode(&decoded)).as_deref(),
            Some(decoded.as_str())
        );
    }
    if let Some((sid, token)) = parse_fragment(text) {
        for value in [&sid, &token] {
            assert!(!value.is_empty());
            assert_eq!(value.trim(), value.as_str());
        }
        let again = parse_fragment(&format!("#t={}&sid={}", encode(&token), encode(&sid)));
        assert_eq!(again, Some((sid, token)));
    }
    if is_http_url(text) {
        let lower = text.trim().to_ascii_lowercase();
        assert!(lower.starts_with("http://") || lower.starts_with("https://"));
        assert!(!text.trim().chars().any(char::is_control));
    }
});
