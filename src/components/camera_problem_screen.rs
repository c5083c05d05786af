//! Why the camera cannot be used, and what to do.

use leptos::prelude::*;

use super::t;
use crate::flow::CameraProblem;
use crate::i18n::Msg;

/// One screen per camera problem, with the way out: try again, or upload instead.
#[component]
pub fn CameraProblemScreen(
    /// Why.
    kind: CameraProblem,
    /// "Try the camera again".
    #[prop(into)]
    on_retry: Callback<()>,
    /// "Upload photos instead".
    #[prop(into)]
    on_upload: Callback<()>,
    /// "Continue on your phone" (cross-device handoff), when offered.
    #[prop(default = None)]
    on_handoff: Option<Callback<()>>,
) -> impl IntoView {
    let (title, body) = Msg::camera(kind);
    let can_retry = !matches!(kind, CameraProblem::InsecureContext | CameraProblem::Unsupported);
    view! {
        <section class="kyc-screen" data-testid="screen-camera-problem" data-kind=kind.as_str()>
            <div class="kyc-icon kyc-icon--warn" aria-hidden="true">"!"</div>
            <h1 tabindex="-1">{t(title)}</h1>
            <p>{t(body)}</p>
            {(kind == CameraProblem::PermissionDenied)
                .then(|| {
                    view! {
                        <ul class="kyc-list">
                            <li>{t(Msg::CamDeniedIos)}</li>
                            <li>{t(Msg::CamDeniedAndroid)}</li>
                            <li>{t(Msg::CamDeniedDesktop)}</li>
                        </ul>
                    }
                })}
            <div class="kyc-actions">
                {can_retry
                    .then(|| {
                        view! {
                            <button type="button" class="kyc-btn kyc-btn--secondary" data-testid="retry-camera" on:click=move |_| on_retry.run(())>
                                {t(Msg::RetryCamera)}
                            </button>
                        }
                    })}
                {on_handoff
                    .map(|cb| {
                        view! {
                            <button type="button" class="kyc-btn kyc-btn--primary" data-testid="handoff-start" on:click=move |_| cb.run(())>
                                {t(Msg::HandoffStart)}
                            </button>
                        }
                    })}
                <button type="button" class="kyc-btn kyc-btn--primary" data-testid="use-upload-instead" on:click=move |_| on_upload.run(())>
                    {t(Msg::UseUploadInstead)}
                </button>
            </div>
        </section>
    }
}
