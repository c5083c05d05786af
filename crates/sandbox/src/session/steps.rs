//! Each step of a session as the partner reads it: built from the record of
//! every upload ([`AttemptRow`]) and where the session stands.

use kyc_contract::{
    DeviceInfo, FaceFinding, Feedback, ImageType, QualityFigures, SessionDetails, SessionStatus, StepAttempt,
    StepResult, StepStatus,
};

use super::liveness::liveness_result;
use super::{LivenessTry, Session, View};
use crate::clock::rfc3339;

/// One upload as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRow {
    pub image_id: String,
    pub image_type: ImageType,
    pub round: u32,
    pub feedback: Feedback,
    pub custom_feedback: Option<String>,
    pub quality: QualityFigures,
    pub device_info: Option<DeviceInfo>,
    /// The faces the analysis found, in shares of the picture.
    pub faces: Vec<FaceFinding>,
    /// Unix ms.
    pub created_at: i64,
}

/// The figures of a `width` x `height` picture: `metrics` when it was
/// measured, none when its feedback was mocked.
pub fn quality_figures(width: u32, height: u32, metrics: Option<&kyc_quality::Metrics>) -> QualityFigures {
    QualityFigures {
        width,
        height,
        measured: metrics.is_some(),
        sharpness: metrics.map(|m| m.sharpness),
        brightness: metrics.map(|m| m.brightness),
        glare_share: metrics.map(|m| m.glare.share),
        glare_largest_blob: metrics.map(|m| m.glare.largest_blob),
        document_presence: metrics.and_then(|m| m.document),
    }
}

/// One step: accepted when an upload of it was accepted and the session
/// does not ask for it (again); else failed once the session takes no more
/// uploads (invalid or expired), in progress after a try, pending before.
fn step(t: ImageType, view: &View, attempts: &[AttemptRow]) -> StepResult {
    let history: Vec<&AttemptRow> = attempts.iter().filter(|a| a.image_type == t).collect();
    let latest_ok = history.iter().rev().find(|a| a.feedback.is_ok());
    let accepted = latest_ok.filter(|_| !view.missing_images.contains(&t));
    let status = if accepted.is_some() {
        StepStatus::Accepted
    } else if matches!(view.status, SessionStatus::Error | SessionStatus::Expired) {
        StepStatus::Failed
    } else if history.is_empty() {
        StepStatus::Pending
    } else {
        StepStatus::InProgress
    };
    StepResult {
        step: t,
        status,
        tries: history.len() as u32,
        accepted_image_id: accepted.map(|a| a.image_id.clone()),
        device_info: accepted.and_then(|a| a.device_info.clone()),
        history: history
            .iter()
            .map(|a| StepAttempt {
                image_id: a.image_id.clone(),
                at: rfc3339(a.created_at),
                round: a.round,
                feedback: a.feedback,
                custom_feedback: a.custom_feedback.clone(),
                quality: a.quality.clone(),
                device_info: a.device_info.clone(),
            })
            .collect(),
        faces: accepted.map(|a| a.faces.clone()).unwrap_or_default(),
    }
}

impl Session {
    /// The partner's values, the dates (`expires_at` null once complete),
    /// each required step in capture order, and the liveness step with its
    /// `latest_try`, at `now` with `view`.
    pub fn details(
        &self,
        view: &View,
        attempts: &[AttemptRow],
        latest_try: Option<&LivenessTry>,
        now: i64,
    ) -> SessionDetails {
        let completed_at = self.completed_at(now);
        SessionDetails {
            external_user_id: self.external_user_id.clone(),
            state: self.state.clone(),
            created_at: rfc3339(self.created_at),
            completed_at: completed_at.map(rfc3339),
            expires_at: completed_at.is_none().then(|| rfc3339(self.expires_at)),
            steps: self
                .required_images
                .iter()
                .map(|&t| step(t, view, attempts))
                .collect(),
            liveness: self.liveness.map(|l| liveness_result(&l, latest_try)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kyc_contract::CreateSessionRequest;

    fn attempt(t: ImageType, feedback: Feedback, at: i64) -> AttemptRow {
        AttemptRow {
            image_id: format!("img_{at}"),
            image_type: t,
            round: 1,
            feedback,
            custom_feedback: None,
            quality: quality_figures(10, 10, None),
            device_info: None,
            faces: vec![],
            created_at: at,
        }
    }

    #[test]
    fn steps_follow_the_attempts_and_the_session() {
        let mut s = Session::create(&CreateSessionRequest::default(), 5, 1000, 0)
            .unwrap()
            .session;
        s.device_id = Some("d".into());
        let attempts = [
            attempt(ImageType::DocumentFront, Feedback::Blur, 1),
            attempt(ImageType::DocumentFront, Feedback::Ok, 2),
            attempt(ImageType::DocumentBack, Feedback::Glare, 3),
        ];
        let view = s.view(&[ImageType::DocumentFront], 10);
        let d = s.details(&view, &attempts, None, 10);
        let statuses: Vec<_> = d.steps.iter().map(|x| (x.status, x.tries)).collect();
        assert_eq!(
            statuses,
            [
                (StepStatus::Accepted, 2),
                (StepStatus::InProgress, 1),
                (StepStatus::Pending, 0)
            ]
        );
        assert_eq!(d.steps[0].accepted_image_id.as_deref(), Some("img_2"));
        assert_eq!((d.completed_at, d.expires_at.is_some()), (None, true));

        // Invalid: what is not accepted has failed.
        s.error_reason = Some(super::super::ATTEMPT_LIMIT.into());
        let view = s.view(&[ImageType::DocumentFront], 10);
        let d = s.details(&view, &attempts, None, 10);
        assert_eq!(d.steps[0].status, StepStatus::Accepted);
        assert_eq!(d.steps[1].status, StepStatus::Failed);

        // Complete: completed_at set, expires_at null.
        s.error_reason = None;
        s.processing_started_at = Some(20);
        let view = s.view(&ImageType::ALL, 2000);
        let d = s.details(&view, &attempts, None, 2000);
        assert_eq!(d.completed_at.as_deref(), Some(rfc3339(1020).as_str()));
        assert_eq!(d.expires_at, None);

        // A forced retry asks for the front again: no longer accepted.
        s.mock.force_retry = true;
        let view = s.view(&ImageType::ALL, 2000);
        let d = s.details(&view, &attempts, None, 2000);
        assert_eq!(d.steps[0].status, StepStatus::InProgress);
        assert_eq!(d.completed_at, None);
    }
}
