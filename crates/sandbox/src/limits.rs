//! What one client may make the service hold or do: the body size of each
//! kind of call, and rate limits (a token bucket per key) on failed
//! authentication per client address, and on uploads and status polls per
//! session. `docs/API.md` lists them.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Largest body of the widget's JSON calls (start, consent), in bytes.
pub const WIDGET_JSON_BODY_BYTES: usize = 16 * 1024;
/// Largest body of a create-session call, in bytes (a theme, origins, mock behaviour).
pub const CREATE_BODY_BYTES: usize = 64 * 1024;
/// Largest body of an image upload (base64 JSON), in bytes: the contract's limit.
pub const IMAGE_BODY_BYTES: usize = kyc_contract::limits::MAX_BODY_BYTES;
/// The largest liveness frame the body limit allows for, in bytes of JPEG: a 1280x720 frame
/// of a face at the widget's quality is well below it.
pub const LIVENESS_FRAME_BYTES: usize = 512 * 1024;
/// Largest body of a liveness try, in bytes: its most frames, each of at most
/// [`LIVENESS_FRAME_BYTES`] in base64 (4 characters for 3 bytes), and room for the rest.
pub const LIVENESS_BODY_BYTES: usize =
    kyc_contract::LIVENESS_MAX_FRAMES * LIVENESS_FRAME_BYTES.div_ceil(3) * 4 + WIDGET_JSON_BODY_BYTES;

/// A token bucket's shape: up to `burst` at once, then one more every `refill`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// How many in a burst.
    pub burst: u32,
    /// How long until one more is allowed.
    pub refill: Duration,
}

impl Rate {
    /// `burst` at once, then one every `refill`.
    pub const fn new(burst: u32, refill: Duration) -> Rate {
        Rate { burst, refill }
    }
}

/// The rate limits of the service (`Config::limits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Failed authentications (a wrong API key, access token or start
    /// token) per client address; beyond it every authenticated call of that
    /// address answers 429 until the bucket refills.
    pub auth_failures: Rate,
    /// Image uploads per session.
    pub uploads: Rate,
    /// Status polls per session.
    pub status_polls: Rate,
}

impl Default for Limits {
    /// Generous for the widget: it polls at most once a second and retries an
    /// upload a few times with backoff.
    fn default() -> Limits {
        Limits {
            auth_failures: Rate::new(20, Duration::from_secs(3)),
            uploads: Rate::new(30, Duration::from_secs(2)),
            status_polls: Rate::new(120, Duration::from_millis(250)),
        }
    }
}

/// The rate limiters of a running service, built from its [`Limits`].
#[derive(Debug)]
pub struct Rates {
    /// Failed authentications per client address.
    pub auth_failures: RateLimiter<IpAddr>,
    /// Uploads per session id.
    pub uploads: RateLimiter<String>,
    /// Status polls per session id.
    pub status_polls: RateLimiter<String>,
}

impl Rates {
    /// Fresh buckets for `limits`.
    pub fn new(limits: Limits) -> Rates {
        Rates {
            auth_failures: RateLimiter::new(limits.auth_failures),
            uploads: RateLimiter::new(limits.uploads),
            status_polls: RateLimiter::new(limits.status_polls),
        }
    }
}

/// How long to wait before trying again (a 429's `Retry-After`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds, rounded up, at least 1 (the header's value).
    pub fn secs(self) -> u64 {
        let d = self.0;
        (d.as_secs() + u64::from(d.subsec_nanos() > 0)).max(1)
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    /// Tokens left at `at`.
    tokens: f64,
    at: Instant,
}

/// Entries kept before full buckets are forgotten (a full bucket is the same as none).
const PRUNE_ABOVE: usize = 10_000;

/// One token bucket per key.
#[derive(Debug)]
pub struct RateLimiter<K> {
    rate: Rate,
    buckets: Mutex<HashMap<K, Bucket>>,
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    /// Every key starts with a full bucket.
    pub fn new(rate: Rate) -> RateLimiter<K> {
        RateLimiter {
            rate,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn refilled(&self, b: Bucket, now: Instant) -> Bucket {
        let per_sec = 1.0 / self.rate.refill.as_secs_f64().max(1e-9);
        let gained = now.saturating_duration_since(b.at).as_secs_f64() * per_sec;
        Bucket {
            tokens: (b.tokens + gained).min(f64::from(self.rate.burst)),
            at: now,
        }
    }

    fn wait_for_one(&self, b: Bucket) -> RetryAfter {
        RetryAfter(self.rate.refill.mul_f64((1.0 - b.tokens).clamp(0.0, 1.0)))
    }

    /// Applies `f` to `key`'s bucket refilled to `now`.
    fn with_bucket<T>(&self, key: &K, now: Instant, f: impl FnOnce(&mut Bucket) -> T) -> T {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            let full = f64::from(self.rate.burst);
            buckets.retain(|_, b| self.refilled(*b, now).tokens < full);
        }
        let fresh = Bucket {
            tokens: f64::from(self.rate.burst),
            at: now,
        };
        let b = buckets.entry(key.clone()).or_insert(fresh);
        *b = self.refilled(*b, now);
        f(b)
    }

    /// Takes one token for `key`, or says how long until one is there.
    pub fn take(&self, key: &K) -> Result<(), RetryAfter> {
        self.take_at(key, Instant::now())
    }

    fn take_at(&self, key: &K, now: Instant) -> Result<(), RetryAfter> {
        self.with_bucket(key, now, |b| {
            if b.tokens >= 1.0 {
                b.tokens -= 1.0;
                Ok(())
            } else {
                Err(self.wait_for_one(*b))
            }
        })
    }

    /// Whether `key` has a token left, without taking it.
    pub fn check(&self, key: &K) -> Result<(), RetryAfter> {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &K, now: Instant) -> Result<(), RetryAfter> {
        self.with_bucket(key, now, |b| {
            if b.tokens >= 1.0 {
                Ok(())
            } else {
                Err(self.wait_for_one(*b))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_its_burst_then_one_per_refill() {
        let l = RateLimiter::new(Rate::new(3, Duration::from_secs(2)));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(l.take_at(&"a", t0), Ok(()));
        }
        assert_eq!(l.take_at(&"a", t0), Err(RetryAfter(Duration::from_secs(2))));
        assert_eq!(l.check_at(&"a", t0).map_err(RetryAfter::secs), Err(2));
        // Another key has its own bucket.
        assert_eq!(l.take_at(&"b", t0), Ok(()));
        let half = t0 + Duration::from_secs(1);
        assert_eq!(l.take_at(&"a", half).map_err(RetryAfter::secs), Err(1));
        let later = t0 + Duration::from_secs(2);
        assert_eq!(l.check_at(&"a", later), Ok(()));
        assert_eq!(l.take_at(&"a", later), Ok(()));
        assert!(l.take_at(&"a", later).is_err());
        // Never more than the burst, however long it waited.
        let much_later = t0 + Duration::from_secs(3600);
        for _ in 0..3 {
            assert_eq!(l.take_at(&"a", much_later), Ok(()));
        }
        assert!(l.take_at(&"a", much_later).is_err());
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(RetryAfter(Duration::from_millis(1)).secs(), 1);
        assert_eq!(RetryAfter(Duration::ZERO).secs(), 1);
        assert_eq!(RetryAfter(Duration::from_millis(2001)).secs(), 3);
        assert_eq!(RetryAfter(Duration::from_secs(2)).secs(), 2);
    }
}
