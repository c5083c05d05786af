//! The webhook signature, in the scheme the payment providers use: the
//! header `Kyc-Signature: t=<Unix seconds>,v1=<hex HMAC-SHA256>` where the
//! HMAC, keyed with the webhook secret, is over `"{t}.{raw body}"`. A
//! receiver recomputes it over the body exactly as received, compares in
//! constant time, and refuses a timestamp more than [`TOLERANCE_SECS`] away
//! from its clock (so a captured request cannot be replayed later).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header carrying the signature.
pub const HEADER: &str = "Kyc-Signature";

/// How far the timestamp may be from the receiver's clock: 5 minutes.
pub const TOLERANCE_SECS: i64 = 300;

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    m
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The header value for `body` sent at `timestamp` (Unix seconds).
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    format!(
        "t={timestamp},v1={}",
        hex(&mac(secret, timestamp, body).finalize().into_bytes())
    )
}

/// Why a signature is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No `t=` or no `v1=` in the header.
    Malformed,
    /// The timestamp is more than the tolerance away from now.
    Stale,
    /// No `v1` signature matches (another secret, or the body was changed).
    Mismatch,
}

/// Checks a `Kyc-Signature` header against the raw `body`, at `now` (Unix
/// seconds), allowing `tolerance_secs` of clock difference.
pub fn verify(
    secret: &[u8],
    header: &str,
    body: &[u8],
    now: i64,
    tolerance_secs: i64,
) -> Result<(), Refused> {
    let mut timestamp = None;
    let mut signatures = vec![];
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => timestamp = v.parse::<i64>().ok(),
            Some(("v1", v)) => signatures.extend(unhex(v)),
            _ => {}
        }
    }
    let t = timestamp.ok_or(Refused::Malformed)?;
    if signatures.is_empty() {
        return Err(Refused::Malformed);
    }
    if (now - t).abs() > tolerance_secs {
        return Err(Refused::Stale);
    }
    if signatures
        .iter()
        .any(|s| mac(secret, t, body).verify_slice(s).is_ok())
    {
        Ok(())
    } else {
        Err(Refused::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_and_any_change_is_refused() {
        let body = br#"{"id":"evt_1","type":"session.completed"}"#;
        let h = sign(b"whsec_a", 1_700_000_000, body);
        assert!(h.starts_with("t=1700000000,v1="));
        assert_eq!(
            verify(b"whsec_a", &h, body, 1_700_000_100, TOLERANCE_SECS),
            Ok(())
        );
        assert_eq!(
            verify(b"whsec_b", &h, body, 1_700_000_100, TOLERANCE_SECS),
            Err(Refused::Mismatch)
        );
        let changed = br#"{"id":"evt_1","type":"session.failed"}"#;
        assert_eq!(
            verify(b"whsec_a", &h, changed, 1_700_000_100, TOLERANCE_SECS),
            Err(Refused::Mismatch)
        );
        assert_eq!(
            verify(b"whsec_a", &h, body, 1_700_000_301, TOLERANCE_SECS),
            Err(Refused::Stale)
        );
        assert_eq!(
            verify(b"whsec_a", &h, body, 1_699_999_699, TOLERANCE_SECS),
            Err(Refused::Stale)
        );
        // Moving the timestamp breaks the signature.
        let moved = h.replace("t=1700000000", "t=1700000100");
        assert_eq!(
            verify(b"whsec_a", &moved, body, 1_700_000_100, TOLERANCE_SECS),
            Err(Refused::Mismatch)
        );
        assert_eq!(verify(b"whsec_a", "v1=00", body, 0, 300), Err(Refused::Malformed));
        assert_eq!(verify(b"whsec_a", "t=5", body, 5, 300), Err(Refused::Malformed));
    }
}
