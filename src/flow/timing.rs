//! Pure timing rules of the flow: upload retry backoff, status polling backoff,
//! and the redirect safety check. The caller supplies the randomness
//! (`jitter_unit` in `0..1`), so these are deterministic and tested natively.

/// First retry delay before jitter, in milliseconds.
pub const RETRY_BASE_MS: u32 = 500;
/// Upper bound of a retry delay, in milliseconds.
pub const RETRY_CAP_MS: u32 = 8_000;
/// Uploads tried automatically (the first try and its retries) before the
/// customer is offered a retry button.
pub const MAX_UPLOAD_ATTEMPTS: u32 = 6;
/// First polling delay before jitter, in milliseconds.
pub const POLL_BASE_MS: u32 = 1_000;
/// Upper bound of a polling delay, in milliseconds.
pub const POLL_CAP_MS: u32 = 5_000;
/// After this long in `processing`, the waiting screen says it takes longer than usual.
pub const TAKING_LONG_MS: u32 = 30_000;
/// The countdown on the final screen before the redirect, in milliseconds.
pub const REDIRECT_AFTER_MS: u32 = 5_000;

/// Delay before retry number `attempt` (1 for the first retry) of an upload:
/// exponential (`500 ms * 2^(attempt-1)`, capped at 8 s) with "equal jitter",
/// i.e. a value in `[d/2, d]` chosen by `jitter_unit`.
pub fn retry_delay_ms(attempt: u32, jitter_unit: f64) -> u32 {
    let exp = attempt.saturating_sub(1).min(16);
    let d = RETRY_BASE_MS.saturating_mul(1 << exp).min(RETRY_CAP_MS);
    with_jitter(d, 0.5, jitter_unit)
}

/// Delay before status poll number `poll` (0 for the first wait): about 1 s
/// growing by 1.5x to 5 s, minus up to 15 % of jitter chosen by `jitter_unit`.
pub fn poll_delay_ms(poll: u32, jitter_unit: f64) -> u32 {
    let d = (POLL_BASE_MS as f64 * 1.5f64.powi(poll.min(20) as i32)).min(POLL_CAP_MS as f64) as u32;
    with_jitter(d, 0.85, jitter_unit)
}

/// `d` scaled into `[d * floor, d]` by `jitter_unit` (clamped to `0..=1`; NaN counts as 0).
fn with_jitter(d: u32, floor: f64, jitter_unit: f64) -> u32 {
    let j = if jitter_unit.is_nan() {
        0.0
    } else {
        jitter_unit.clamp(0.0, 1.0)
    };
    (d as f64 * (floor + (1.0 - floor) * j)).round() as u32
}

/// True when `url` may be followed: an absolute `http:` or `https:` URL with a
/// host, and no whitespace or control characters (no `javascript:`, `data:`,
/// protocol-relative or relative URLs).
pub fn is_safe_redirect(url: &str) -> bool {
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    let rest = match lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        Some(rest) => rest,
        None => return false,
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    !host.is_empty() && !host.starts_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delays_grow_and_stay_within_bounds() {
        for attempt in 1..40 {
            for j in [0.0, 0.25, 0.5, 0.99, 1.0] {
                let d = retry_delay_ms(attempt, j);
                assert!(d >= RETRY_BASE_MS / 2, "attempt {attempt}: {d}");
                assert!(d <= RETRY_CAP_MS, "attempt {attempt}: {d}");
            }
        }
        assert_eq!(retry_delay_ms(1, 1.0), 500);
        assert_eq!(retry_delay_ms(1, 0.0), 250);
        assert_eq!(retry_delay_ms(2, 1.0), 1_000);
        assert_eq!(retry_delay_ms(3, 1.0), 2_000);
        assert_eq!(retry_delay_ms(5, 1.0), 8_000);
        assert_eq!(retry_delay_ms(30, 1.0), 8_000);
        assert_eq!(retry_delay_ms(30, 0.0), 4_000);
        // Jitter is applied: two draws differ.
        assert_ne!(retry_delay_ms(3, 0.1), retry_delay_ms(3, 0.9));
        // Bad jitter input is clamped.
        assert_eq!(retry_delay_ms(1, f64::NAN), 250);
        assert_eq!(retry_delay_ms(1, 7.0), 500);
    }

    #[test]
    fn poll_delays_go_from_about_one_to_five_seconds() {
        assert_eq!(poll_delay_ms(0, 1.0), 1_000);
        assert_eq!(poll_delay_ms(0, 0.0), 850);
        assert_eq!(poll_delay_ms(1, 1.0), 1_500);
        let mut last = 0;
        for poll in 0..50 {
            let d = poll_delay_ms(poll, 1.0);
            assert!(d >= last);
            assert!(d <= POLL_CAP_MS);
            assert!(poll_delay_ms(poll, 0.0) >= 850);
            last = d;
        }
        assert_eq!(poll_delay_ms(10, 1.0), 5_000);
        assert_eq!(poll_delay_ms(u32::MAX, 0.5), poll_delay_ms(20, 0.5));
    }

    #[test]
    fn only_http_and_https_redirects_are_safe() {
        for ok in [
            "https://partner.example/callback?sessionId=a&state=b",
            "http://127.0.0.1:8080/callback",
            "HTTPS://Partner.Example/",
            "https://user@host/x",
        ] {
            assert!(is_safe_redirect(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript://%0aalert(1)",
            "data:text/html,<script>",
            "//evil.example/",
            "/callback",
            "https://",
            "https:///path",
            "https://:80/",
            "http://exa mple.com",
            "https://example.com/\n",
            "https:\\\\evil.example",
            "ftp://example.com",
            "",
        ] {
            assert!(!is_safe_redirect(bad), "{bad}");
        }
    }
}
