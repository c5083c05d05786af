//! The widget's language: a reactive choice (picked on screen, else the session's
//! locale, else the browser's languages, else English), the download of its catalogue
//! when it is not English, and the picker in the header.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::t;
use crate::browser::{self, clock, document, storage};
use crate::i18n::{catalogue, negotiate, Lang, Msg};

/// `sessionStorage` key of the language picked on screen (a reload keeps it).
pub const LANG_KEY: &str = "kyc-widget:lang";

/// How long the screens wait for the catalogue of the customer's language before they
/// show English (the catalogue is shown when it arrives later).
pub const CATALOGUE_WAIT_MS: u32 = 2500;

/// The widget's language, provided once as context by `App`; [`t`] reads it.
#[derive(Clone, Copy)]
pub struct UiLang {
    /// The language the customer should see: the one picked on screen in this tab, else
    /// the session's locale, else `navigator.languages`, else English. `None` while the
    /// session starts (its locale is not known yet), for at most [`CATALOGUE_WAIT_MS`].
    pub wanted: Memo<Option<Lang>>,
    /// The language shown: `wanted` once its catalogue is in, else the one shown before
    /// (English at first). The picker shows it.
    pub current: Memo<Lang>,
    /// True while the screens wait for `wanted` and its catalogue: they show the starting
    /// screen, without text, meanwhile (no flash of another language). A language picked
    /// on screen is not waited for; no wait is longer than [`CATALOGUE_WAIT_MS`].
    pub waiting: Memo<bool>,
    picked: RwSignal<Option<Lang>>,
    /// The catalogues installed in this page.
    arrived: RwSignal<Vec<Lang>>,
    /// The languages the screens do not wait for: picked on screen, or whose catalogue
    /// failed or was too slow.
    unheld: RwSignal<Vec<Lang>>,
    /// The catalogues being downloaded.
    loading: StoredValue<Vec<Lang>>,
}

impl UiLang {
    /// The widget's language; `starting`: the session is starting (its locale comes with
    /// the answer). Keeps `<html lang dir>` and the page title in step with it.
    pub fn new(session_locale: RwSignal<Option<String>>, starting: Signal<bool>) -> UiLang {
        let picked = RwSignal::new(
            storage::session_get(LANG_KEY)
                .ok()
                .flatten()
                .and_then(|tag| Lang::from_locale(&tag)),
        );
        let early = RwSignal::new(true);
        spawn_local(async move {
            clock::sleep_ms(CATALOGUE_WAIT_MS).await;
            early.try_set(false);
        });
        let wanted = Memo::new(move |_| {
            picked.get().or_else(|| {
                (!(starting.get() && early.get()))
                    .then(|| session_locale.with(|l| negotiate(l.as_deref(), &document::browser_languages())))
            })
        });
        let arrived = RwSignal::new(Vec::new());
        let ready = move |lang: Lang| {
            arrived.track();
            catalogue::is_ready(lang)
        };
        let current = Memo::new(move |shown: Option<&Lang>| match wanted.get() {
            Some(lang) if ready(lang) => lang,
            _ => shown.copied().unwrap_or(Lang::En),
        });
        let unheld = RwSignal::new(Vec::new());
        let waiting = Memo::new(move |_| {
            wanted
                .get()
                .is_none_or(|lang| !ready(lang) && !unheld.with(|u| u.contains(&lang)))
        });
        let ui = UiLang {
            wanted,
            current,
            waiting,
            picked,
            arrived,
            unheld,
            loading: StoredValue::new(Vec::new()),
        };
        Effect::new(move |_| show(current.get()));
        Effect::new(move |_| {
            let Some(lang) = wanted.get() else {
                return;
            };
            if !catalogue::is_ready(lang) && !ui.loading.with_value(|l| l.contains(&lang)) {
                ui.loading.update_value(|l| l.push(lang));
                ui.load(lang);
            }
        });
        ui
    }

    /// Switches to `lang` (once its catalogue is in) and remembers it for reloads of this tab.
    pub fn pick(self, lang: Lang) {
        let _ = storage::session_set(LANG_KEY, lang.tag());
        self.unheld.update(|u| u.push(lang));
        self.picked.set(Some(lang));
    }

    /// Downloads and installs `lang`'s catalogue; the screens wait at most
    /// [`CATALOGUE_WAIT_MS`] for it. When it cannot be had, the shown language stays (and
    /// becomes the pick, when it was picked).
    fn load(self, lang: Lang) {
        spawn_local(async move {
            clock::sleep_ms(CATALOGUE_WAIT_MS).await;
            self.unheld.try_update(|u| u.push(lang));
        });
        spawn_local(async move {
            let json = browser::catalogue::download(lang.tag()).await;
            // Done either way: picked again after a failure, it is downloaded again.
            self.loading
                .try_update_value(|l| l.retain(|&other| other != lang));
            if json.is_some_and(|json| catalogue::install(lang, &json)) {
                self.arrived.try_update(|a| a.push(lang));
                return;
            }
            self.unheld.try_update(|u| u.push(lang));
            if self.picked.try_get_untracked() == Some(Some(lang)) {
                if let Some(shown) = self.current.try_get_untracked() {
                    self.pick(shown);
                }
            }
        });
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
