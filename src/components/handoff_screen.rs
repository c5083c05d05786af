//! "Continue on your phone": the handoff link as a QR code and text, a copy button,
//! and the pictures that have arrived from the other device.

use kyc_contract::ImageType;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{t, QrCodeSvg};
use crate::browser::clipboard;
use crate::i18n::Msg;

/// What the copy button last did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copied {
    /// Not pressed yet.
    No,
    /// The link is in the clipboard.
    Yes,
    /// The clipboard refused; the link text is selected instead.
    Failed,
}

/// The handoff screen: while the other device captures, this one shows its link and
/// follows the progress; the file upload stays available here.
#[component]
pub fn HandoffScreen(
    /// The link for the other device (`None` while it is being made).
    link: Option<String>,
    /// Making the link failed.
    failed: bool,
    /// The pictures the other device takes, each with whether it has arrived.
    progress: Vec<(ImageType, bool)>,
    /// "Try again" after a failure.
    #[prop(into)]
    on_retry: Callback<()>,
    /// "Upload photos instead" (on this device).
    #[prop(into)]
    on_upload: Callback<()>,
) -> impl IntoView {
    let copied = RwSignal::new(Copied::No);
    let input = NodeRef::<leptos::html::Input>::new();
    let body = match (link, failed) {
        (_, true) => view! {
            <p class="kyc-notice" role="alert" data-testid="handoff-error">{t(Msg::HandoffFailed)}</p>
            <div class="kyc-actions">
                <button type="button" class="kyc-btn kyc-btn--primary" data-testid="handoff-retry" on:click=move |_| on_retry.run(())>
                    {t(Msg::TryAgain)}
                </button>
            </div>
        }
        .into_any(),
        (Some(link), false) => {
            let text = link.clone();
            let copy = move |_| {
                let text = text.clone();
                spawn_local(async move {
                    let result = clipboard::write_text(&text).await;
                    if result.is_err() {
                        if let Some(el) = input.get_untracked() {
                            clipboard::select_all(&el);
                        }
                    }
                    let _ = copied.try_set(if result.is_ok() { Copied::Yes } else { Copied::Failed });
                });
            };
            view! {
                <div class="kyc-qr-frame">
                    <QrCodeSvg text=link.clone() label=t(Msg::HandoffQrLabel)/>
                </div>
                <div class="kyc-handoff-link">
                    <input
                        type="text"
                        readonly=true
                        class="kyc-input"
                        data-testid="handoff-link"
                        aria-label=t(Msg::HandoffQrLabel)
                        prop:value=link
                        node_ref=input
                    />
                    <button type="button" class="kyc-btn kyc-btn--secondary" data-testid="handoff-copy" on:click=copy>
                        {t(Msg::HandoffCopy)}
                    </button>
                </div>
                <p class="kyc-note" data-testid="handoff-copy-status" data-state=move || match copied.get() {
                    Copied::No => "idle",
                    Copied::Yes => "copied",
                    Copied::Failed => "failed",
                }>
                    {move || match copied.get() {
                        Copied::No => "",
                        Copied::Yes => t(Msg::HandoffCopied),
                        Copied::Failed => t(Msg::HandoffCopyFailed),
                    }}
                </p>
            }
            .into_any()
        }
        (None, false) => view! { <p class="kyc-note" data-testid="handoff-preparing">{t(Msg::HandoffPreparing)}</p> }.into_any(),
    };
    view! {
        <section class="kyc-screen" data-testid="screen-handoff">
            <h1 tabindex="-1">{t(Msg::HandoffStart)}</h1>
            <p>{t(Msg::HandoffBody)}</p>
            {body}
            <h2 class="kyc-subtitle">{t(Msg::HandoffProgress)}</h2>
            <ul class="kyc-list kyc-handoff-progress" data-testid="handoff-progress">
                {progress
                    .into_iter()
                    .map(|(image, done)| {
                        view! {
                            <li data-image-type=image.as_str() data-done=if done { "true" } else { "false" }>
                                <span class="kyc-handoff-mark" class:kyc-handoff-mark--done=done aria-hidden="true">
                                    {if done { "✓" } else { "…" }}
                                </span>
                                {t(Msg::capture(image).0)}
                                ": "
                                <strong>{t(if done { Msg::HandoffArrived } else { Msg::HandoffPending })}</strong>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <div class="kyc-actions">
                <button type="button" class="kyc-btn kyc-btn--secondary" data-testid="use-upload-instead" on:click=move |_| on_upload.run(())>
                    {t(Msg::UseUploadInstead)}
                </button>
            </div>
        </section>
    }
}
