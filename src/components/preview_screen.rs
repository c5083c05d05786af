//! The picture just taken, to retake or use.

use kyc_contract::ImageType;
use leptos::prelude::*;

use super::t;
use crate::flow::Doubt;
use crate::i18n::Msg;

/// Shows the captured picture with "Retake" and "Use this photo". When the on-device check
/// dislikes the picture (`doubt`), says why instead (a selfie's face in the words of the live
/// hint) and offers "Retake" and, from the second
/// refused try of the step, "Use it anyway" (the service decides).
#[component]
pub fn PreviewScreen(
    /// Which picture.
    image: ImageType,
    /// What the on-device check dislikes, if anything.
    doubt: Option<Doubt>,
    /// Object URL of the JPEG.
    #[prop(into)]
    src: Signal<Option<String>>,
    /// "Retake".
    #[prop(into)]
    on_retake: Callback<()>,
    /// "Use this photo" (or "Use it anyway").
    #[prop(into)]
    on_use: Callback<()>,
) -> impl IntoView {
    let notice = doubt.map(|d| {
        view! {
            <div class="kyc-notice kyc-notice--warn" data-testid="quality-notice" data-reason=d.reason.as_str()>
                <p>{t(Msg::doubt(d.reason, d.kind))}</p>
                {d.use_anyway.then(|| view! { <p>{t(Msg::UseAnywayNote)}</p> })}
            </div>
        }
    });
    let use_button = match doubt {
        None => Some((Msg::UsePhoto, "use-photo", "kyc-btn kyc-btn--primary")),
        Some(Doubt { use_anyway: true, .. }) => {
            Some((Msg::UseAnyway, "use-anyway", "kyc-btn kyc-btn--secondary"))
        }
        Some(_) => None,
    };
    let retake_class = if doubt.is_some() {
        "kyc-btn kyc-btn--primary"
    } else {
        "kyc-btn kyc-btn--secondary"
    };
    view! {
        <section
            class="kyc-screen"
            data-testid="screen-preview"
            data-image-type=image.as_str()
            data-doubt=doubt.map(|d| d.reason.as_str())
        >
            <h1 tabindex="-1">{t(Msg::PreviewTitle)}</h1>
            {match notice {
                Some(n) => n.into_any(),
                None => view! { <p>{t(Msg::PreviewCheck)}</p> }.into_any(),
            }}
            <div class="kyc-preview" class:kyc-preview--selfie=image == ImageType::Selfie>
                {move || src.get().map(|s| view! { <img src=s alt=t(Msg::PreviewAlt)/> })}
            </div>
            <div class="kyc-actions">
                <button type="button" class=retake_class data-testid="retake" on:click=move |_| on_retake.run(())>
                    {t(Msg::Retake)}
                </button>
                {use_button.map(|(msg, id, class)| view! {
                    <button type="button" class=class data-testid=id on:click=move |_| on_use.run(())>
                        {t(msg)}
                    </button>
                })}
            </div>
        </section>
    }
}
