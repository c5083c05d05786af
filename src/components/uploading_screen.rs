//! Sending a picture, its retries, and the manual retry once they are exhausted.

use leptos::prelude::*;

use super::t;
use crate::i18n::{fill, Msg};

/// Upload in progress (indeterminate: fetch reports no upload progress), the retry
/// count on an unstable connection, and a "Try again" button when retries gave up.
#[component]
pub fn UploadingScreen(
    /// 0 for the first try.
    attempt: u32,
    /// Automatic retries are exhausted.
    stalled: bool,
    /// "Try again".
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <section class="kyc-screen kyc-screen--center" data-testid="screen-uploading" aria-busy=(!stalled).to_string()>
            <h1 tabindex="-1" class="kyc-title--small">{t(if stalled { Msg::UploadStalled } else { Msg::Uploading })}</h1>
            {if stalled {
                view! {
                    <div class="kyc-actions">
                        <button type="button" class="kyc-btn kyc-btn--primary" data-testid="retry-upload" on:click=move |_| on_retry.run(())>
                            {t(Msg::RetryUpload)}
                        </button>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <div class="kyc-progress" data-testid="upload-progress" role="progressbar" aria-label=t(Msg::Uploading)>
                        <div class="kyc-progress__bar"></div>
                    </div>
                    {(attempt > 0).then(|| view! { <p class="kyc-note">{fill(t(Msg::UploadRetrying), attempt)}</p> })}
                }
                .into_any()
            }}
        </section>
    }
}
