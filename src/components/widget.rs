//! The widget's frame: the session's theme, the current screen, the live region.

use kyc_contract::Theme;
use leptos::prelude::*;

use super::later::{self, Later, LaterScreens};
use super::{t, theme as th, ConsentScreen, ErrorScreen, LanguagePicker, LinkErrorScreen, StartScreen};
use crate::browser::{device, document};
use crate::flow::{cancellable, ErrorKind, Event, Flow, Step};
use crate::i18n::mapping::announcement;
use crate::i18n::Msg;
use crate::runtime::Runtime;

/// Renders the flow's current step inside the themed root, under a header with the
/// language picker, with an `aria-live` region that announces each new screen and
/// message. Focus moves to the heading of each new screen; a language switch
/// re-renders the screen in place.
#[component]
pub fn Widget() -> impl IntoView {
    let rt = expect_context::<Runtime>();
    // The later screens' code, fetched at once, while the first screen shows.
    let later = LaterScreens::new();
    later.load();
    let flow = rt.flow;
    // The starting screen while the catalogue of the customer's language is on its way.
    let step = Memo::new(move |_| {
        if super::waiting() {
            Step::Starting
        } else {
            flow.with(|f| f.step.clone())
        }
    });
    // Only the fields that pass the contract's checks reach the page (`Runtime` sanitizes).
    let theme = rt.theme;
    let var = move |f: fn(&Theme) -> Option<String>| move || theme.with(|t| t.as_ref().and_then(f));
    let scheme = move || theme.with(|t| th::scheme_attr(t.as_ref()));
    let logo = move || theme.with(|t| t.as_ref().and_then(|t| t.logo_url.clone()));
    // "Continue on your phone" on a desktop's capture step (not on a phone started by a
    // handoff link); every camera problem screen offers it too.
    let desktop = device::device_info(None).device_type.as_deref() != Some("mobile");
    let can_hand_off = move || !flow.with_untracked(|f| f.handoff_device);
    let send = move |ev: Event| move |_: ()| rt.send(ev.clone());
    // The screen last rendered: focus moves only when it changes (not on a language switch).
    let shown = StoredValue::new("");
    let screen = move || {
        // Re-render the screen in the new language when the customer switches.
        let _ = super::lang();
        // Where the step is a later screen: whether its module is in (see `later`).
        let later_state = step.with(later::part_of).map(|part| later.state(part).get());
        // One place moves focus: to the new screen's heading (tabindex=-1), once rendered;
        // a later screen's place-holder counts as a screen of its own, so the focus moves
        // again when the screen itself comes.
        let name = match later_state {
            Some(Later::Loading) => Step::Starting.name(),
            Some(Later::Failed) => Step::Fatal(ErrorKind::Network).name(),
            _ => step.with(Step::name),
        };
        if shown.get_value() != name {
            shown.set_value(name);
            document::focus_first_after_render(".kyc-main h1");
        }
        let (missing, use_camera, handoff_device) =
            flow.with_untracked(|f: &Flow| (f.missing.clone(), f.use_camera, f.handoff_device));
        match (step.get(), later_state) {
            (Step::Consent { sending, failed }, _) => view! {
                <ConsentScreen missing=missing sending=sending failed=failed on_accept=send(Event::ConsentGiven)/>
            }
            .into_any(),
            (Step::LinkError(kind), _) => view! { <LinkErrorScreen kind=kind/> }.into_any(),
            (Step::Fatal(kind), _) => view! { <ErrorScreen kind=kind on_retry=send(Event::Retry)/> }.into_any(),
            (step, Some(Later::Ready)) => later::render(step, use_camera, handoff_device)
                .unwrap_or_else(|| view! { <StartScreen/> }.into_any()),
            (_, Some(Later::Failed)) => view! {
                <ErrorScreen kind=ErrorKind::Network on_retry=move |_: ()| later.load()/>
            }
            .into_any(),
            // Starting, or a later screen whose module is on its way.
            _ => view! { <StartScreen/> }.into_any(),
        }
    };
    view! {
        <div
            class="kyc-root"
            data-theme=scheme
            style:--kyc-primary=var(|t| t.primary_color.clone())
            style:--kyc-on-primary=var(|t| t.primary_color.as_deref().and_then(th::on_primary).map(str::to_owned))
            style:--kyc-bg=var(|t| t.background_color.clone())
            style:--kyc-text=var(|t| t.text_color.clone())
            style:--kyc-radius=var(|t| t.corner_radius.map(|r| format!("{r}px")))
            style:--kyc-font=var(|t| t.font_family.as_deref().map(th::font_stack))
        >
            <header class="kyc-header">
                {move || logo().map(|src| view! { <img class="kyc-logo" data-testid="partner-logo" src=src alt=""/> })}
                <LanguagePicker/>
            </header>
            <main class="kyc-main">
                {screen}
                {move || {
                    let capture = matches!(step.get(), Step::Capture { .. });
                    (desktop && capture && can_hand_off()).then(|| {
                        view! {
                            <div class="kyc-actions kyc-handoff-offer">
                                <button
                                    type="button"
                                    class="kyc-btn kyc-btn--secondary"
                                    data-testid="handoff-start"
                                    on:click=move |_| rt.send(Event::HandoffRequested)
                                >
                                    {t(Msg::HandoffStart)}
                                </button>
                            </div>
                        }
                    })
                }}
                // "Cancel verification": quiet, last, on the screens that offer it.
                {move || {
                    step.with(cancellable)
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="kyc-btn kyc-cancel"
                                    data-testid="cancel"
                                    on:click=move |_| rt.send(Event::CancelRequested)
                                >
                                    {t(Msg::CancelOpen)}
                                </button>
                            }
                        })
                }}
            </main>
            <div class="kyc-sr-only" data-testid="live-region" aria-live="polite" role="status">
                {move || (!super::waiting()).then(|| announcement(super::lang(), &step.get()))}
            </div>
        </div>
    }
}
