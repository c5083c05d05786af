//! The widget's language: a reactive choice (picked on screen, else the session's
//! locale, else the browser's languages, else English) and the picker in the header.

use leptos::prelude::*;

use super::t;
use crate::browser::{document, storage};
use crate::i18n::{negotiate, Lang, Msg};

/// `sessionStorage` key of the language picked on screen (a reload keeps it).
pub const LANG_KEY: &str = "kyc-widget:lang";

/// The widget's language, provided once as context by `App`; [`t`] reads it.
#[derive(Clone, Copy)]
pub struct UiLang {
    /// What the customer picked on screen, if anything (wins over everything else).
    pub picked: RwSignal<Option<Lang>>,
    /// The language in use.
    pub current: Memo<Lang>,
}

impl UiLang {
    /// The language from the customer's earlier pick in this tab, else `session_locale`
    /// (once the session has started), else `navigator.languages`, else English.
    /// Keeps `<html lang dir>` and the page title in step with it.
    pub fn new(session_locale: Signal<Option<String>>) -> UiLang {
        let picked = RwSignal::new(
            storage::session_get(LANG_KEY)
                .ok()
                .flatten()
                .and_then(|tag| Lang::from_locale(&tag)),
        );
        let browser = document::browser_languages();
        let current = Memo::new(move |_| {
            picked
                .get()
                .unwrap_or_else(|| session_locale.with(|l| negotiate(l.as_deref(), &browser)))
        });
        Effect::new(move |_| {
            let lang = current.get();
            document::set_language(lang.tag(), lang.dir());
            document::set_title(lang.text(Msg::AppTitle));
        });
        UiLang { picked, current }
    }

    /// Switches to `lang` and remembers it for reloads of this tab.
    pub fn pick(self, lang: Lang) {
        let _ = storage::session_set(LANG_KEY, lang.tag());
        self.picked.set(Some(lang));
    }
}

/// A labelled `<select>` of every language, each named in itself.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let Some(ui) = use_context::<UiLang>() else {
        return ().into_any();
    };
    let current = ui.current;
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_locale(&event_target_value(&ev)) {
            ui.pick(lang);
        }
    };
    view! {
        <div class="kyc-lang">
            <label class="kyc-lang__label" for="kyc-lang-select">
                <svg class="kyc-lang__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <circle cx="12" cy="12" r="9"/>
                    <path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9s1.3-6.3 3.8-9z"/>
                </svg>
                <span class="kyc-sr-only">{move || t(Msg::Language)}</span>
            </label>
            <select id="kyc-lang-select" class="kyc-lang__select" data-testid="language-picker" on:change=on_change>
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <option value=lang.tag() lang=lang.tag() dir=lang.dir() prop:selected=move || current.get() == lang>
                                {lang.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
    .into_any()
}
