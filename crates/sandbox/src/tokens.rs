//! Start tokens, access tokens and API key checks (the API key is compared
//! by its SHA-256, in constant time).
//!
//! - A start token is 32 random bytes (base64url); the database keeps only its
//!   SHA-256, so a database leak does not leak usable links.
//! - An access token is `base64url(sid|exp_ms|nonce)` `.` `base64url(HMAC-SHA256(secret, first part))`.
//!   It names exactly one session and carries that session's expiry.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// `n` random bytes from the operating system's generator (through `rand`'s thread RNG).
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    rand::rng().fill_bytes(&mut v);
    v
}

/// A random id: `prefix` followed by `n` random bytes in lowercase hex.
pub fn random_id(prefix: &str, n: usize) -> String {
    let mut s = String::from(prefix);
    for b in random_bytes(n) {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// A fresh start token (32 random bytes, base64url without padding).
pub fn new_start_token() -> String {
    B64URL.encode(random_bytes(32))
}

/// SHA-256 of a token, as stored.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Compares two stored hashes in constant time.
pub fn hash_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What a valid access token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    /// The one session it is for.
    pub sid: String,
    /// Its expiry (the session's), Unix milliseconds.
    pub exp_ms: i64,
}

/// Signs an access token for `sid`, valid until `exp_ms`.
pub fn sign_access(secret: &[u8], sid: &str, exp_ms: i64) -> String {
    let nonce = B64URL.encode(random_bytes(12));
    let payload = B64URL.encode(format!("{sid}|{exp_ms}|{nonce}"));
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(payload.as_bytes());
    let sig = B64URL.encode(mac.finalize().into_bytes());
    format!("{payload}.{sig}")
}

/// Checks the signature (in constant time) and returns the claims.
/// Expiry is not checked here: the caller decides what an expired token may still do.
pub fn verify_access(secret: &[u8], token: &str) -> Option<Claims> {
    let (payload, sig) = token.split_once('.')?;
    let sig = B64URL.decode(sig).ok()?;
    let mut mac = HmacSha256::new_from_slice(secret).ok()?;
    mac.update(payload.as_bytes());
    mac.verify_slice(&sig).ok()?;
    let decoded = String::from_utf8(B64URL.decode(payload).ok()?).ok()?;
    let mut parts = decoded.splitn(3, '|');
    let sid = parts.next()?.to_owned();
    let exp_ms = parts.next()?.parse().ok()?;
    parts.next()?;
    Some(Claims { sid, exp_ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_token_round_trips_and_rejects_tampering() {
        let secret = random_bytes(32);
        let t = sign_access(&secret, "sid_a", 1234);
        assert_eq!(
            verify_access(&secret, &t),
            Some(Claims {
                sid: "sid_a".into(),
                exp_ms: 1234
            })
        );
        // Another secret, a changed payload, garbage.
        assert_eq!(verify_access(&random_bytes(32), &t), None);
        let forged = format!(
            "{}.{}",
            B64URL.encode("sid_b|1234|x"),
            t.split_once('.').unwrap().1
        );
        assert_eq!(verify_access(&secret, &forged), None);
        assert_eq!(verify_access(&secret, "nonsense"), None);
        assert_eq!(verify_access(&secret, ""), None);
    }

    #[test]
    fn start_tokens_are_random_and_hashed() {
        let a = new_start_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, new_start_token());
        assert!(hash_eq(&hash_token(&a), &hash_token(&a)));
        assert!(!hash_eq(&hash_token(&a), &hash_token("x")));
        assert!(hash_eq(&hash_token("key"), &hash_token("key")));
        assert!(!hash_eq(&hash_token("key"), &hash_token("kez")));
    }
}
