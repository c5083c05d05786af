//! One capture step: instruction, live camera with its guide, shutter, and the
//! always-available file upload.

use kyc_contract::ImageType;
use leptos::html;
use leptos::prelude::*;

use super::{t, NoticeMessage, QualityGuide};
use crate::browser::capture::{guide_rect, take_chosen_file};
use crate::flow::Notice;
use crate::i18n::{fill, Msg};
use crate::runtime::Runtime;

/// The capture screen for `image`: the live camera (rear for documents, front and
/// mirrored for the selfie) with a card frame or an oval, the shutter, the upload
/// fallback, and the notice that brought the customer back, if any.
#[component]
pub fn CaptureStep(
    /// Which picture.
    image: ImageType,
    /// Why the customer is here again.
    notice: Option<Notice>,
    /// Show the live camera (false on the upload path).
    use_camera: bool,
    /// 1-based position of this step among the required pictures.
    number: usize,
) -> impl IntoView {
    let rt = expect_context::<Runtime>();
    let video = NodeRef::<html::Video>::new();
    // Attach the stream whenever a camera becomes ready or the video element mounts.
    Effect::new(move |_| {
        rt.camera_ready.track();
        if let Some(v) = video.get() {
            rt.attach(&v);
        }
    });
    let (title, instruction) = match image {
        ImageType::DocumentFront => (Msg::FrontTitle, Msg::FrontInstruction),
        ImageType::DocumentBack => (Msg::BackTitle, Msg::BackInstruction),
        ImageType::Selfie => (Msg::SelfieTitle, Msg::SelfieInstruction),
    };
    let selfie = image == ImageType::Selfie;
    // The guide as the flow's geometry puts it (a 16:9 frame until the camera says otherwise).
    let frame = RwSignal::new((1920u32, 1080u32));
    let guide = move || {
        let (w, h) = frame.get();
        guide_rect(image, w, h)
    };
    let pct = |v: f64| format!("{:.2}%", v * 100.0);
    let on_metadata = move |_| {
        if let Some(v) = video.get_untracked() {
            let (w, h) = (v.video_width(), v.video_height());
            if w > 0 && h > 0 {
                frame.set((w, h));
            }
        }
    };
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
    view! {
        <section class="kyc-screen kyc-screen--capture" data-testid="screen-capture" data-image-type=image.as_str()>
            <p class="kyc-step-of">{fill(t(Msg::StepOf), number)}</p>
            <h1 tabindex="-1">{t(title)}</h1>
            <p>{t(instruction)}</p>
            {notice.map(|n| view! { <NoticeMessage notice=n/> })}
            {use_camera
                .then(|| {
                    view! {
                        <div class="kyc-camera" class:kyc-camera--mirror=selfie>
                            <video
                                node_ref=video
                                class="kyc-camera__video"
                                data-testid="camera-video"
                                autoplay
                                muted
                                playsinline
                                aria-label=t(title)
                                on:loadedmetadata=on_metadata
                            ></video>
                            <div
                                class="kyc-guide"
                                class:kyc-guide--oval=selfie
                                class:kyc-guide--card=!selfie
                                aria-hidden="true"
                                style:left=move || pct(guide().x)
                                style:top=move || pct(guide().y)
                                style:width=move || pct(guide().w)
                                style:height=move || pct(guide().h)
                            ></div>
                            <QualityGuide video=video image=image/>
                        </div>
                        <div class="kyc-actions">
                            <button
                                type="button"
                                class="kyc-btn kyc-btn--primary kyc-shutter"
                                data-testid="shutter"
                                disabled=move || busy.get()
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
