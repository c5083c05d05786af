//! What the partner gets at the end: the customer sent back to the callback
//! URL, and the mocked verification result.

use kyc_contract::{
    CheckResult, CompleteSessionResult, Document, ImageType, Person, Recommendation, SessionChecks,
    SessionDetails, SessionStatus, VerificationImage,
};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::Session;
use crate::db::ImageRow;

const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `{callback_url}?sessionId={sid}&state={state}`, keeping the callback's own
/// query (and fragment), both values percent-encoded. No `state` parameter
/// when the session has none.
pub fn redirect_url(callback: &str, sid: &str, state: Option<&str>) -> Option<String> {
    let mut url = url::Url::parse(callback).ok()?;
    let mut q = url.query().unwrap_or("").to_owned();
    if !q.is_empty() && !q.ends_with('&') {
        q.push('&');
    }
    q.push_str("sessionId=");
    q.extend(utf8_percent_encode(sid, QUERY_VALUE));
    if let Some(st) = state {
        q.push_str("&state=");
        q.extend(utf8_percent_encode(st, QUERY_VALUE));
    }
    url.set_query(Some(&q));
    Some(url.into())
}

fn check(rec: &str, reasons: &[&str]) -> Option<CheckResult> {
    Some(CheckResult {
        recommendation: rec.to_owned(),
        reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
    })
}

/// The mocked checks: every check agrees with the recommendation's outcome.
fn mocked_checks(r: Recommendation, selfie: bool) -> SessionChecks {
    let ok = check("ALLOW", &[]);
    let bio = |c: Option<CheckResult>| if selfie { c } else { check("N/A", &[]) };
    match r {
        Recommendation::Allow => SessionChecks {
            document_validation: ok.clone(),
            document_authentication: ok.clone(),
            document_liveness: ok.clone(),
            biometric_matching: bio(ok.clone()),
            biometric_liveness: bio(ok.clone()),
            flagged_identity: ok.clone(),
            risk_recommendation: ok,
        },
        Recommendation::Challenge => SessionChecks {
            document_validation: ok.clone(),
            document_authentication: check("CHALLENGE", &["sandbox_mock_challenge"]),
            document_liveness: ok.clone(),
            biometric_matching: bio(ok.clone()),
            biometric_liveness: bio(ok.clone()),
            flagged_identity: ok,
            risk_recommendation: check("CHALLENGE", &["sandbox_mock_challenge"]),
        },
        Recommendation::Deny => SessionChecks {
            document_validation: ok.clone(),
            document_authentication: check("DENY", &["sandbox_mock_deny"]),
            document_liveness: ok.clone(),
            biometric_matching: bio(check("DENY", &["sandbox_mock_deny"])),
            biometric_liveness: bio(ok.clone()),
            flagged_identity: ok,
            risk_recommendation: check("DENY", &["sandbox_mock_deny"]),
        },
    }
}

/// The mocked result of a complete session: a sample person and document
/// (marked `mock_identity`), the checks agreeing with the session's
/// recommendation, the latest accepted image of each required type among
/// `images` (oldest first), and the session's `details`.
pub fn complete_result(s: &Session, images: &[ImageRow], details: SessionDetails) -> CompleteSessionResult {
    let used = s
        .required_images
        .iter()
        .filter_map(|t| {
            let img = images.iter().rev().find(|i| i.image_type == *t && !i.rejected)?;
            Some(VerificationImage {
                id: img.id.clone(),
                image_type: *t,
            })
        })
        .collect();
    let short: String = s.id.chars().take(8).collect::<String>().to_uppercase();
    CompleteSessionResult {
        session_id: s.id.clone(),
        status: SessionStatus::Complete,
        recommendation: s.recommendation,
        person: Person {
            full_name: Some("Alex Sample".into()),
            given_name: Some("Alex".into()),
            surname: Some("Sample".into()),
            gender: Some("other".into()),
            national_id: Some(format!("SBX{short}")),
            date_of_birth: Some("1990-01-01".into()),
        },
        document: Document {
            country: Some("US".into()),
            region: Some("CA".into()),
            document_type: Some("drivers_license".into()),
            number: Some(format!("D{short}")),
            expiration_date: Some("2031-12-31".into()),
        },
        checks: mocked_checks(s.recommendation, s.required_images.contains(&ImageType::Selfie)),
        verification_images: used,
        risk_details: None,
        additional_info: Some(serde_json::json!({
            "sandbox": true,
            "mock_recommendation": s.recommendation.as_str(),
        })),
        mock_identity: true,
        details,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_keeps_the_query_and_encodes() {
        assert_eq!(
            redirect_url("https://p.example/done?x=1#top", "abc", Some("a b&c=d/é")).unwrap(),
            "https://p.example/done?x=1&sessionId=abc&state=a%20b%26c%3Dd%2F%C3%A9#top"
        );
        assert_eq!(
            redirect_url("http://localhost:3000/cb", "abc", None).unwrap(),
            "http://localhost:3000/cb?sessionId=abc"
        );
    }
}
