//! Durations as the reference spec writes them (`"15s"`, `"1m30s"`, `"90d"`).

/// Parses `"15s"`, `"1m30s"`, `"250ms"`, `"2h"`, `"90d"` into milliseconds.
/// `None` for anything else (empty, a bare number, an unknown unit, overflow).
pub fn parse_duration_ms(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        let n: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.chars().take_while(|c| c.is_ascii_alphabetic()).count();
        let unit_ms: u64 = match &rest[..unit_len] {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total = total.checked_add(n.checked_mul(unit_ms)?)?;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::parse_duration_ms;

    #[test]
    fn parses_spec_examples() {
        assert_eq!(parse_duration_ms("15s"), Some(15_000));
        assert_eq!(parse_duration_ms("1m30s"), Some(90_000));
        assert_eq!(parse_duration_ms("90d"), Some(90 * 86_400_000));
        assert_eq!(parse_duration_ms("250ms"), Some(250));
        assert_eq!(parse_duration_ms("0s"), Some(0));
    }

    #[test]
    fn rejects_garbage() {
        for bad in ["", "15", "s", "1x", "-1s", "1.5s", "99999999999999999999s"] {
            assert_eq!(parse_duration_ms(bad), None, "{bad}");
        }
    }
}
