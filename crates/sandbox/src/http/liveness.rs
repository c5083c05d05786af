//! The widget's liveness try, `POST /{sid}/liveness`: loads the session, asks the session
//! model to admit the try, decodes and checks the frames off the async threads, and stores
//! the outcome in one transaction (`mock_behavior.liveness` forces the outcome: the frames are
//! still decoded, not judged). One try of a session at a time (the session's upload
//! turn), so a retry with the same `attempt_id` never counts twice.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use kyc_contract::{LivenessFrame, LivenessRequest, MockLiveness};

use super::extract::{live, parse_json, Body, WidgetSession};
use super::widget_api::replay;
use crate::analysis;
use crate::clock::now_ms;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::jpeg::{self, Sides};
use crate::limits::LIVENESS_BODY_BYTES;
use crate::session::{forced, judge, LivenessTry, TriedFrame, TryOutcome};
use crate::AppState;

/// Decodes each frame (400 `invalid_image` naming the frame) and finds its faces, then
/// checks the try; with `mock` (`mock_behavior.liveness`), the frames are decoded and the
/// try gets the forced outcome.
fn check_frames(frames: &[LivenessFrame], mock: Option<MockLiveness>) -> ApiResult<TryOutcome> {
    let mut tried: Vec<TriedFrame> = Vec::with_capacity(frames.len());
    let mut previous: Option<kyc_quality::LumaImage> = None;
    for (i, f) in frames.iter().enumerate() {
        let bad = |e: jpeg::JpegError| ApiError::invalid_image(format!("frame {i}: {e}"));
        let bytes = jpeg::decode_base64(&f.content).map_err(bad)?;
        let (w, h, luma) = jpeg::decode_luma_within(&bytes, Sides::LIVENESS_FRAME).map_err(bad)?;
        if mock.is_some() {
            continue;
        }
        let found = analysis::frame_faces(w, h, luma)
            .ok_or_else(|| ApiError::internal("a decoded frame could not be analysed"))?;
        tried.push(TriedFrame {
            t_ms: f.t_ms,
            aspect: w as f32 / h.max(1) as f32,
            faces: found.faces,
            change: previous
                .as_ref()
                .and_then(|p| analysis::mean_change(p, &found.prepared)),
        });
        previous = Some(found.prepared);
    }
    Ok(TryOutcome::Checked(match mock {
        Some(mock) => forced(mock, frames.len()),
        None => judge(&tried),
    }))
}

pub(super) async fn try_liveness(
    State(state): State<Arc<AppState>>,
    call: WidgetSession,
    Body(body): Body<LIVENESS_BODY_BYTES>,
) -> ApiResult<Response> {
    let req: LivenessRequest = parse_json(&body)?;
    drop(body);
    let sid = call.session.id;
    state.rates.uploads.take(&sid)?;

    // One try (or upload) of this session at a time, from admission to the stored answer.
    let _turn = state.upload_turns.wait(&sid).await;
    let mock = {
        let conn = state.db.lock();
        let s = live(db::load_session(&conn, &sid)?)?;
        if let Some(earlier) = db::liveness::find(&conn, &sid, &req.attempt_id)? {
            return Ok(replay(200, earlier.answer));
        }
        let accepted = db::accepted_types(&conn, &sid, s.round)?;
        s.admit_liveness(&accepted, now_ms(), &req)?;
        s.mock.liveness
    };

    // Outside the database lock (the turn still held): the slow part.
    let (req, outcome) = if req.declined {
        (req, TryOutcome::Declined)
    } else {
        tokio::task::spawn_blocking(move || check_frames(&req.frames, mock).map(|o| (req, o)))
            .await
            .map_err(ApiError::internal)??
    };

    // Decide and store, in one transaction.
    let now = now_ms();
    let mut conn = state.db.lock();
    let tx = conn.transaction()?;
    let mut s = live(db::load_session(&tx, &sid)?)?;
    let accepted = db::accepted_types(&tx, &sid, s.round)?;
    let res = s.record_liveness(&accepted, now, &req, &outcome)?;
    let answer = serde_json::to_string(&res)?;
    let faces = match outcome {
        TryOutcome::Checked(v) => v.faces,
        TryOutcome::Declined => vec![],
    };
    db::liveness::insert(
        &tx,
        &sid,
        &LivenessTry {
            attempt_id: req.attempt_id,
            status: res.status,
            reason: res.reason,
            score: res.score,
            frames: res.frames,
            faces,
            device_info: req.device_info,
            checked_at: now,
            answer: answer.clone(),
        },
    )?;
    let notices = s.liveness_notices(res.complete, now);
    crate::webhooks::queue(&tx, &s, notices, now)?;
    db::update_session(&tx, &s)?;
    tx.commit()?;
    Ok(replay(200, answer))
}
