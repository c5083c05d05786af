//! Status vocabularies of other providers, mapped to ours (CONTRACT.md).

use crate::{Recommendation, SessionStatus};

/// A provider status in our terms: the status, and for finished sessions the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderStatus {
    /// Our status.
    pub status: SessionStatus,
    /// The recommendation the provider's word implies, if any.
    pub recommendation: Option<Recommendation>,
}

/// Maps another provider's status word (`idle`, `success`, `Approved`,
/// `In Review`, `not_started`, ...) to ours. Case, spaces, hyphens and
/// underscores are ignored. `None` for a word no known provider uses.
pub fn map_provider_status(word: &str) -> Option<ProviderStatus> {
    let key: String = word
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    let (status, recommendation) = match key.as_str() {
        "idle" | "notstarted" | "created" | "new" => (SessionStatus::Pending, None),
        "started" | "capturing" | "inprogress" => (SessionStatus::Capturing, None),
        "processing" | "pending" | "submitted" => (SessionStatus::Processing, None),
        "recapture" | "resubmissionrequested" | "retry" => (SessionStatus::Recapture, None),
        "success" | "approved" | "allow" | "verified" => {
            (SessionStatus::Complete, Some(Recommendation::Allow))
        }
        "failed" | "declined" | "deny" | "rejected" => (SessionStatus::Complete, Some(Recommendation::Deny)),
        "inreview" | "review" | "challenge" => (SessionStatus::Complete, Some(Recommendation::Challenge)),
        "exception" | "error" | "abandoned" => (SessionStatus::Error, None),
        "expired" => (SessionStatus::Expired, None),
        _ => return None,
    };
    Some(ProviderStatus {
        status,
        recommendation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_vocabularies_map_to_ours() {
        let cases: &[(&str, SessionStatus, Option<Recommendation>)] = &[
            ("idle", SessionStatus::Pending, None),
            ("not_started", SessionStatus::Pending, None),
            ("processing", SessionStatus::Processing, None),
            ("pending", SessionStatus::Processing, None),
            ("success", SessionStatus::Complete, Some(Recommendation::Allow)),
            ("approved", SessionStatus::Complete, Some(Recommendation::Allow)),
            ("Approved", SessionStatus::Complete, Some(Recommendation::Allow)),
            ("failed", SessionStatus::Complete, Some(Recommendation::Deny)),
            ("declined", SessionStatus::Complete, Some(Recommendation::Deny)),
            ("Declined", SessionStatus::Complete, Some(Recommendation::Deny)),
            (
                "In Review",
                SessionStatus::Complete,
                Some(Recommendation::Challenge),
            ),
            ("exception", SessionStatus::Error, None),
            ("expired", SessionStatus::Expired, None),
        ];
        for (word, status, rec) in cases {
            let got = map_provider_status(word).unwrap_or_else(|| panic!("{word} not mapped"));
            assert_eq!(got.status, *status, "{word}");
            assert_eq!(got.recommendation, *rec, "{word}");
        }
    }

    #[test]
    fn unknown_words_are_none() {
        assert_eq!(map_provider_status("banana"), None);
        assert_eq!(map_provider_status(""), None);
    }
}
