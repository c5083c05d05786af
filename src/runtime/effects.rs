//! What each [`Effect`] does: service calls, the camera, the picture, polling, timers,
//! storage, iframe events and navigation. Every task carries the runtime's lifetime (or
//! its piece's) and drops its answer once that has ended.

use kyc_contract::{ImageType, StartResponse, Theme};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::final_check::final_check;
use super::{held, session, Runtime, Source};
use crate::api::{ApiClient, ImageMeta};
use crate::browser::capture::{self, CapturedImage, ImageError};
use crate::browser::{clipboard, clock, device, embed, nav, random};
use kyc_quality::guide::{FoundCard, CARD_FRESH_MS};

use crate::flow::{DoubtReason, Effect, Event, Step};

impl Runtime {
    /// Carries out one effect.
    pub(super) fn run(self, effect: Effect) {
        match effect {
            Effect::StartSession => {
                let (token, early) = self
                    .connection
                    .try_update_value(|c| (c.start_token.clone(), c.early_start.take()))
                    .unwrap_or_default();
                let token = token.unwrap_or_default();
                self.request(
                    move |client, abort| async move {
                        let info = device::device_info(None);
                        client
                            .start_unless_started_early(early, &token, info, Some(&abort))
                            .await
                    },
                    move |rt, result| match result {
                        Ok(r) => rt.started(r),
                        Err(e) => rt.send(Event::StartFailed(e)),
                    },
                );
            }
            Effect::PostConsent { attempt, delay_ms } => self.post_consent(attempt, delay_ms),
            Effect::FetchStatus => self.request(
                |client, abort| async move { client.status(Some(&abort)).await },
                |rt, result| rt.send(status_event(result)),
            ),
            Effect::RequestHandoff => self.request(
                |client, abort| async move { client.handoff(Some(&abort)).await },
                |rt, result| {
                    rt.send(match result {
                        Ok(h) => Event::HandoffReady {
                            valid_ms: clipboard::ms_until(&h.expires_at),
                            url: h.session_url,
                        },
                        Err(e) => Event::HandoffFailed(e),
                    })
                },
            ),
            Effect::OpenCamera(facing) => self
                .camera
                .open(facing, move |problem| self.send(Event::CameraFailed(problem))),
            Effect::StopCamera => self.camera.stop(),
            Effect::TakePicture => self.take_picture(),
            Effect::Upload {
                image,
                image_id,
                attempt,
                delay_ms,
            } => self.upload(image, image_id, attempt, delay_ms),
            Effect::SendLiveness {
                attempt_id,
                declined,
                attempt,
                delay_ms,
            } => self.send_liveness(attempt_id, declined, attempt, delay_ms),
            Effect::StartPolling => {
                let client = self.client();
                self.polling.start(
                    move |abort| {
                        let client = client.clone();
                        async move { client.status(Some(&abort)).await }
                    },
                    move |result| self.send(status_event(result)),
                );
            }
            Effect::StopPolling => self.polling.stop(),
            Effect::StartTimer { timer, after_ms } => self
                .timers
                .start(timer, after_ms, move |timer| self.send(timer.event())),
            Effect::StopTimer(timer) => self.timers.stop(timer),
            Effect::PostEvent(ev) => {
                let origins = self
                    .connection
                    .try_with_value(|c| c.origins.clone())
                    .unwrap_or_default();
                let _ = embed::post_event(&ev, &origins);
            }
            Effect::Redirect { url, after_ms } => {
                let abort = self.abort();
                spawn_local(async move {
                    if after_ms > 0 {
                        clock::sleep_ms(after_ms).await;
                    }
                    if !abort.is_aborted() {
                        let _ = nav::navigate(&url);
                    }
                });
            }
            Effect::SaveSession => self.save_session(),
            Effect::ClearSession => {
                let sid = self.session_id();
                session::clear(&sid);
                held::forget_session(&sid);
            }
            Effect::FindHeldPictures => {
                let abort = self.abort();
                let sid = self.session_id();
                spawn_local(async move {
                    let found = self.held.restore(&sid).await;
                    if !abort.is_aborted() {
                        self.send(Event::HeldPicturesFound(found));
                    }
                });
            }
            Effect::ForgetHeldPicture(image) => self.held.forget(&self.session_id(), image),
        }
    }

    /// Calls the service with the runtime's lifetime and hands the answer to `then`, unless
    /// the runtime ended first.
    fn request<T, Fut>(
        self,
        call: impl FnOnce(ApiClient, crate::browser::abort::Abort) -> Fut,
        then: impl FnOnce(Runtime, T) + 'static,
    ) where
        Fut: std::future::Future<Output = T> + 'static,
        T: 'static,
    {
        let abort = self.abort();
        let answer = call(self.client(), abort.clone());
        spawn_local(async move {
            let result = answer.await;
            if !abort.is_aborted() {
                then(self, result);
            }
        });
    }

    pub(super) fn session_id(self) -> String {
        self.flow.with_untracked(|f| f.session_id.clone())
    }

    pub(super) fn client(self) -> ApiClient {
        self.connection
            .try_with_value(|c| c.client.clone())
            .unwrap_or_default()
    }

    fn started(self, r: StartResponse) {
        self.connection.try_update_value(|c| {
            c.client.token = Some(r.access_token.clone());
            c.origins = r.allowed_origins.clone();
        });
        self.theme.set(r.theme.as_ref().map(Theme::sanitize));
        self.locale.set(r.locale.clone());
        self.send(Event::Started(r));
    }

    fn save_session(self) {
        let flow = self.flow.get_untracked();
        let Some((token, origins)) = self
            .connection
            .try_with_value(|c| c.client.token.clone().map(|t| (t, c.origins.clone())))
            .flatten()
        else {
            return;
        };
        let saved = session::SavedSession {
            token,
            consent_required: flow.consent_required,
            allowed_origins: origins,
            theme: self.theme.get_untracked(),
            handoff: flow.handoff_device,
            locale: self.locale.get_untracked(),
        };
        session::save(&flow.session_id, &saved);
    }

    /// Takes the picture from the source the customer used, checks it on the device (the
    /// service's `assess`) and holds it for the upload either way: a picture the check
    /// dislikes goes to the preview with the reason (the customer may retake it or, after
    /// two refusals, send it anyway).
    fn take_picture(self) {
        let Some((source, image)) = self.source.try_update_value(Option::take).flatten() else {
            return;
        };
        let abort = self.abort();
        spawn_local(async move {
            let result = match &source {
                Source::Video(video) => capture::capture_from_video(video, image, self.fresh_card()).await,
                Source::File(file) => capture::capture_from_file(file, image).await,
            };
            let reason = match &result {
                Ok(img) => final_check(self.analyser, &img.jpeg, image, img.margins.is_some()).await,
                Err(_) => None,
            };
            if abort.is_aborted() {
                return;
            }
            self.captured(image, result, reason);
        });
    }

    /// The card the live analysis found within [`CARD_FRESH_MS`], if any.
    fn fresh_card(self) -> Option<FoundCard> {
        let (card, at) = self.last_card.try_get_value().flatten()?;
        (clock::now_ms() - at <= CARD_FRESH_MS).then_some(card)
    }

    fn captured(
        self,
        image: ImageType,
        result: Result<CapturedImage, ImageError>,
        doubt: Option<DoubtReason>,
    ) {
        match result {
            Ok(img) => {
                let image_id = random::uuid_v4();
                // `img.margins` locate the card (or the guide) inside the uploaded image (the
                // contract's `capture_margins`: the area to process); files have none.
                let meta = ImageMeta {
                    image_type: image,
                    image_id: image_id.clone(),
                    capture_margins: img.margins,
                };
                self.held.hold(meta, img.jpeg);
                self.send(match doubt {
                    None => Event::Captured { image_id },
                    Some(reason) => Event::CapturedDoubtful { image_id, reason },
                });
            }
            Err(e) => self.send(Event::CaptureFailed(e.problem())),
        }
    }

    /// Calls `consent` after `delay_ms`, if the flow still waits for this try.
    fn post_consent(self, attempt: u32, delay_ms: u32) {
        let abort = self.abort();
        spawn_local(async move {
            if delay_ms > 0 {
                clock::sleep_ms(delay_ms).await;
            }
            let still = self.flow.try_with_untracked(|f| f.consent_call == Some(attempt));
            if abort.is_aborted() || still != Some(true) {
                return;
            }
            let result = self.client().consent(Some(&abort)).await;
            if abort.is_aborted() {
                return;
            }
            self.send(match result {
                Ok(_) => Event::ConsentAccepted,
                Err(error) => Event::ConsentFailed {
                    error,
                    jitter: random::random_unit(),
                },
            });
        });
    }

    /// Sends the held picture after `delay_ms`, if the flow still waits for this try.
    fn upload(self, image: ImageType, image_id: String, attempt: u32, delay_ms: u32) {
        let abort = self.abort();
        spawn_local(async move {
            if delay_ms > 0 {
                clock::sleep_ms(delay_ms).await;
            }
            let still = matches!(self.flow.try_get_untracked().map(|f| f.step),
                Some(Step::Uploading { image_id: ref id, attempt: a, stalled: false, .. }) if *id == image_id && a == attempt);
            if abort.is_aborted() || !still {
                return;
            }
            let Some((meta, jpeg)) = self.held.get(image, &image_id) else {
                self.send(Event::NothingHeld);
                return;
            };
            if attempt == 0 {
                // Before it leaves: a reload from now on sends it again.
                held::keep(&self.session_id(), &meta, &jpeg).await;
            }
            if abort.is_aborted() {
                return;
            }
            let info = device::device_info(self.camera.label());
            let result = self.client().upload(&meta, &jpeg, info, Some(&abort)).await;
            if abort.is_aborted() {
                return;
            }
            self.send(match result {
                Ok(r) => Event::Uploaded(r),
                Err(error) => Event::UploadFailed {
                    error,
                    jitter: random::random_unit(),
                },
            });
        });
    }
}

/// The event for a `status` answer.
fn status_event(result: Result<kyc_contract::StatusResponse, crate::api::ApiError>) -> Event {
    match result {
        Ok(s) => Event::Status(s),
        Err(e) => Event::StatusFailed(e),
    }
}
