//! Which webhook events a session's changes make: the rules, without the
//! delivery (`crate::webhooks`). A session without a webhook URL makes none.

use kyc_contract::{AddImagesResponse, Feedback, ImageType, SessionStatus, WebhookEventType};

use super::Session;

/// An event to queue for the partner's backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub event_type: WebhookEventType,
    /// Where the session stands after the change.
    pub status: SessionStatus,
    pub image_type: Option<ImageType>,
    pub feedback: Option<Feedback>,
    pub attempts_left: Option<u32>,
}

impl Notice {
    fn new(event_type: WebhookEventType, status: SessionStatus) -> Notice {
        Notice {
            event_type,
            status,
            image_type: None,
            feedback: None,
            attempts_left: None,
        }
    }
}

impl Session {
    /// The events of an upload's answer `res`, in order: `image.rejected`
    /// for a rejection, then `session.failed` when it made the session
    /// invalid, or `session.submitted` when every image is in.
    pub fn upload_notices(
        &mut self,
        image_type: ImageType,
        res: &AddImagesResponse,
        now: i64,
    ) -> Vec<Notice> {
        if self.webhook_url.is_none() {
            return vec![];
        }
        let status = self.view(&[], now).status;
        let mut out = vec![];
        if !res.feedback.is_ok() {
            out.push(Notice {
                image_type: Some(image_type),
                feedback: Some(res.feedback),
                attempts_left: res.attempts_left,
                ..Notice::new(WebhookEventType::ImageRejected, status)
            });
        }
        if status == SessionStatus::Error && !self.final_notified {
            self.final_notified = true;
            out.push(Notice::new(WebhookEventType::SessionFailed, status));
        } else if res.complete {
            out.push(Notice::new(WebhookEventType::SessionSubmitted, status));
        }
        out
    }

    /// The event of a liveness try: `session.submitted` when it completed the round.
    pub fn liveness_notices(&self, complete: bool, now: i64) -> Vec<Notice> {
        if self.webhook_url.is_none() || !complete {
            return vec![];
        }
        vec![Notice::new(
            WebhookEventType::SessionSubmitted,
            self.view(&[], now).status,
        )]
    }

    /// The event of a final status reached with time, once: `session.completed`
    /// when processing ended, `session.expired` when the session expired.
    pub fn final_notice(&mut self, now: i64) -> Option<Notice> {
        if self.webhook_url.is_none() || self.final_notified {
            return None;
        }
        let status = self.view(&[], now).status;
        let event_type = match status {
            SessionStatus::Complete => WebhookEventType::SessionCompleted,
            SessionStatus::Expired => WebhookEventType::SessionExpired,
            SessionStatus::Error => WebhookEventType::SessionFailed,
            _ => return None,
        };
        self.final_notified = true;
        Some(Notice::new(event_type, status))
    }

    /// `session.cancelled`, when the partner deletes an unfinished session.
    pub fn cancel_notice(&self, now: i64) -> Option<Notice> {
        let status = self.view(&[], now).status;
        (self.webhook_url.is_some() && !self.final_notified)
            .then(|| Notice::new(WebhookEventType::SessionCancelled, status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kyc_contract::CreateSessionRequest;

    fn hooked() -> Session {
        let req = CreateSessionRequest {
            webhook_url: Some("http://127.0.0.1:9/hook".into()),
            required_images: Some(vec![ImageType::Selfie]),
            ..CreateSessionRequest::default()
        };
        let mut s = Session::create(&req, 2, 1000, 0).unwrap().session;
        s.device_id = Some("d".into());
        s.consent_at = Some(0);
        s
    }

    fn types(n: &[Notice]) -> Vec<WebhookEventType> {
        n.iter().map(|n| n.event_type).collect()
    }

    #[test]
    fn uploads_make_rejected_failed_and_submitted_events() {
        use WebhookEventType::*;
        let mut s = hooked();
        let upload = |s: &mut Session, feedback: Feedback, at: i64| {
            let res = s
                .accept_upload(&[], at, ImageType::Selfie, || crate::analysis::Outcome {
                    feedback,
                    custom_feedback: None,
                    metrics: None,
                    faces: vec![],
                })
                .unwrap();
            s.upload_notices(ImageType::Selfie, &res, at)
        };
        let n = upload(&mut s, Feedback::Blur, 1);
        assert_eq!(types(&n), [ImageRejected]);
        assert_eq!(
            (n[0].feedback, n[0].attempts_left),
            (Some(Feedback::Blur), Some(1))
        );
        let mut ok = s.clone();
        assert_eq!(types(&upload(&mut ok, Feedback::Ok, 2)), [SessionSubmitted]);
        assert_eq!(ok.final_notice(500), None, "still processing");
        assert_eq!(
            ok.final_notice(1002).map(|n| n.event_type),
            Some(SessionCompleted)
        );
        assert_eq!(ok.final_notice(1003), None, "once");
        assert_eq!(
            ok.cancel_notice(1003),
            None,
            "a finished session is not cancelled"
        );
        assert_eq!(
            types(&upload(&mut s, Feedback::Glare, 2)),
            [ImageRejected, SessionFailed]
        );
        assert_eq!(s.final_notice(5000), None, "failed once");
    }

    #[test]
    fn expiry_and_cancel_and_no_url() {
        let mut s = hooked();
        assert_eq!(
            s.cancel_notice(1).map(|n| n.event_type),
            Some(WebhookEventType::SessionCancelled)
        );
        assert_eq!(s.final_notice(s.expires_at - 1), None);
        let n = s.final_notice(s.expires_at).unwrap();
        assert_eq!(
            (n.event_type, n.status),
            (WebhookEventType::SessionExpired, SessionStatus::Expired)
        );
        let mut quiet = hooked();
        quiet.webhook_url = None;
        assert_eq!(quiet.final_notice(quiet.expires_at), None);
        assert_eq!(quiet.cancel_notice(0), None);
    }
}
