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
    /// The language in use.
    pub current: RwSignal<Lang>,
}

impl UiLang {
    /// The language from the customer's earlier pick in this tab, else `session_locale`
    /// (once the session has started), else `navigator.languages`, else English.
    /// Keeps `<html lang dir>` and the page title in step with it.
    pub fn new(session_locale: RwSignal<Option<String>>) -> UiLang {
        let choose = move || {
            storage::session_get(LANG_KEY)
                .ok()
                .flatten()
                .and_then(|tag| Lang::from_locale(&tag))
                .unwrap_or_else(|| {
                    session_locale.with(|l| negotiate(l.as_deref(), &document::browser_languages()))
                })
        };
        let first = choose();
        show(first);
        let ui = UiLang {
            current: RwSignal::new(first),
        };
        // Again when the session's locale becomes known.
        Effect::new(move |_| {
            let lang = choose();
            if lang != ui.current.get_untracked() {
                ui.set(lang);
            }
        });
        ui
    }

    /// Switches to `lang` and remembers it for reloads of this tab.
    pub fn pick(self, lang: Lang) {
        let _ = storage::session_set(LANG_KEY, lang.tag());
        self.set(lang);
    }

    fn set(self, lang: Lang) {
        show(lang);
        self.current.set(lang);
    }
}

/// `<html lang dir>` and the title for `lang`.
fn show(lang: Lang) {
    document::set_language(lang.tag(), lang.dir());
    document::set_title(lang.text(Msg::AppTitle));
}

/// A labelled `<select>` of every language, each named in itself.
#[component]
pub fn LanguagePicker() -> Option<impl IntoView> {
    let ui = use_context::<UiLang>()?;
    let current = ui.current;
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_locale(&event_target_value(&ev)) {
            ui.pick(lang);
        }
    };
    Some(view! {
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
    })
}
