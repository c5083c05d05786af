//! The picture just taken, to retake or use.

use kyc_contract::ImageType;
use leptos::prelude::*;

use super::t;
use crate::i18n::Msg;

/// Shows the captured picture with "Retake" and "Use this photo".
#[component]
pub fn PreviewScreen(
    /// Which picture.
    image: ImageType,
    /// Object URL of the JPEG.
    #[prop(into)]
    src: Signal<Option<String>>,
    /// "Retake".
    #[prop(into)]
    on_retake: Callback<()>,
    /// "Use this photo".
    #[prop(into)]
    on_use: Callback<()>,
) -> impl IntoView {
    view! {
        <section class="kyc-screen" data-testid="screen-preview" data-image-type=image.as_str()>
            <h1 tabindex="-1">{t(Msg::PreviewTitle)}</h1>
            <p>{t(Msg::PreviewCheck)}</p>
            <div class="kyc-preview" class:kyc-preview--selfie=image == ImageType::Selfie>
                {move || src.get().map(|s| view! { <img src=s alt=t(Msg::PreviewAlt)/> })}
            </div>
            <div class="kyc-actions">
                <button type="button" class="kyc-btn kyc-btn--secondary" data-testid="retake" on:click=move |_| on_retake.run(())>
                    {t(Msg::Retake)}
                </button>
                <button type="button" class="kyc-btn kyc-btn--primary" data-testid="use-photo" on:click=move |_| on_use.run(())>
                    {t(Msg::UsePhoto)}
                </button>
            </div>
        </section>
    }
}
