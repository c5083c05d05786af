//! One capture step: instruction, live camera with its guide, shutter, and the
//! always-available file upload.

use kyc_contract::ImageType;
use leptos::html;
use leptos::prelude::*;

use super::{t, NoticeMessage, QualityGuide};
use crate::browser::capture::take_chosen_file;
use crate::flow::{Flow, Notice};
use crate::i18n::mapping::step_of;
use crate::i18n::{fill, Msg};
use crate::runtime::Runtime;

/// The capture screen for `image`: the live camera (rear for documents, front and
/// mirrored for the selfie) with a card frame or an oval, the shutter (offered once the
/// video has a frame), the upload fallback, the notice that brought the customer back, if
/// any, and the attempts left when few remain.
#[component]
pub fn CaptureScreen(
    /// Which picture.
    image: ImageType,
    /// Why the customer is here again.
    notice: Option<Notice>,
    /// Show the live camera (false on the upload path).
    use_camera: bool,
) -> impl IntoView {
    let rt = expect_context::<Runtime>();
    let (number, total) = rt.flow.with_untracked(|f| step_position(&f.asked, image));
    let attempts = move || rt.flow.with(Flow::attempts_to_show);
    let video = NodeRef::<html::Video>::new();
    // Attach the stream whenever a camera becomes ready or the video element mounts.
    Effect::new(move |_| {
        rt.camera_ready.track();
        if let Some(v) = video.get() {
            rt.attach(&v);
        }
    });
    let (title, instruction) = Msg::capture(image);
    let selfie = image == ImageType::Selfie;
    let shoot = move |_| {
        if let Some(v) = video.get_untracked() {
            rt.shoot(v, image);
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(file) = take_chosen_file(&ev) {
            rt.from_file(file, image);
        }
    };
    let busy = rt.busy;
    let shutter_ready = rt.shutter_ready;
    view! {
        <section class="kyc-screen kyc-screen--capture" data-testid="screen-capture" data-image-type=image.as_str()>
            <div class="kyc-capture-meta">
                <p class="kyc-step-of" data-testid="step-of">{move || step_of(super::lang(), number, total)}</p>
                <p
                    class="kyc-attempts"
                    data-testid="attempts-left"
                    data-n=attempts
                    hidden=move || attempts().is_none()
                >
                    {move || attempts().map(|n| fill(t(Msg::AttemptsLeft), n))}
                </p>
            </div>
            <h1 tabindex="-1">{t(title)}</h1>
            <p>{t(instruction)}</p>
            {notice.map(|n| view! { <NoticeMessage notice=n/> })}
            {use_camera
                .then(|| {
                    view! {
                        <QualityGuide video=video image=image label=t(title)/>
                        <div class="kyc-actions">
                            <button
                                type="button"
                                class="kyc-btn kyc-btn--primary kyc-shutter"
                                data-testid="shutter"
                                disabled=move || !shutter_ready.get()
                                on:click=shoot
                            >
                                {t(Msg::Shutter)}
                            </button>
                        </div>
                    }
                })}
            <div class="kyc-upload">
                <p class="kyc-note">{t(Msg::UploadHint)}</p>
                <label class="kyc-btn kyc-btn--secondary">
                    <span>{t(Msg::UploadInstead)}</span>
                    <input
                        type="file"
                        class="kyc-file"
                        accept="image/*"
                        capture=if selfie { "user" } else { "environment" }
                        data-testid="upload-input"
                        disabled=move || busy.get()
                        on:change=on_file
                    />
                </label>
            </div>
        </section>
    }
}

/// The 1-based position of `image` among the pictures asked for, and their count (`image`
/// counts even when it was not asked for, e.g. before the session said what it needs).
pub(crate) fn step_position(asked: &[ImageType], image: ImageType) -> (usize, usize) {
    match asked.iter().position(|i| *i == image) {
        Some(p) => (p + 1, asked.len()),
        None => (asked.len() + 1, asked.len() + 1),
    }
}

#[cfg(test)]
mod tests {
    use kyc_contract::{AddImagesResponse, Feedback, SessionStatus, StartResponse};

    use super::*;
    use crate::flow::{transition, Event, Flow, Step};
    use ImageType::{DocumentBack as Back, DocumentFront as Front, Selfie};

    fn started(missing: &[ImageType]) -> Flow {
        let start = StartResponse {
            access_token: "tok".into(),
            expires_at: "2030-01-01T00:00:00Z".into(),
            status: SessionStatus::Pending,
            missing_images: missing.to_vec(),
            consent_required: false,
            allowed_origins: Vec::new(),
            locale: None,
            theme: None,
            attempts_left: 3,
            handoff: false,
            liveness: None,
        };
        let linked = transition(
            Flow::new(false),
            Event::LinkParsed {
                session_id: "sid".into(),
            },
        )
        .0;
        transition(linked, Event::Started(start)).0
    }

    /// Takes, sends and gets accepted the picture of the current step; `missing` is left.
    fn accepted(flow: Flow, missing: &[ImageType]) -> Flow {
        let events = [
            Event::Captured {
                image_id: "img".into(),
            },
            Event::UsePhoto,
            Event::Uploaded(AddImagesResponse {
                feedback: Feedback::Ok,
                complete: missing.is_empty(),
                missing_images: missing.to_vec(),
                custom_feedback: None,
                attempts_left: Some(2),
            }),
        ];
        events.into_iter().fold(flow, |f, e| transition(f, e).0)
    }

    fn shown(flow: &Flow) -> (ImageType, (usize, usize)) {
        match flow.step {
            Step::Capture { image, .. } => (image, step_position(&flow.asked, image)),
            ref other => panic!("not a capture step: {other:?}"),
        }
    }

    #[test]
    fn each_capture_step_has_its_own_number() {
        let flow = started(&[Front, Back, Selfie]);
        assert_eq!(shown(&flow), (Front, (1, 3)));
        let flow = accepted(flow, &[Back, Selfie]);
        assert_eq!(shown(&flow), (Back, (2, 3)));
        let flow = accepted(flow, &[Selfie]);
        assert_eq!(shown(&flow), (Selfie, (3, 3)));
    }

    #[test]
    fn a_session_with_fewer_pictures_counts_only_those() {
        let flow = started(&[Front, Selfie]);
        assert_eq!(shown(&flow), (Front, (1, 2)));
        let flow = accepted(flow, &[Selfie]);
        assert_eq!(shown(&flow), (Selfie, (2, 2)));
        assert_eq!(step_position(&[], Back), (1, 1));
    }
}
