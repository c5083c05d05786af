//! The catalogues of languages other than English as data: exported at build time, loaded
//! by the widget when it needs one.
//!
//! The Rust files (`de.rs`, ...) stay the one source of every text. Natively they are
//! compiled in, and `examples/export_catalogues.rs` (run by the Trunk build) writes each
//! as `i18n/<tag>.json` with [`export`]:
//!
//! ```json
//! {"keys": 1234567890, "messages": ["Identitätsprüfung", "Sprache", null, ...]}
//! ```
//!
//! `messages` follows [`Msg::ALL`] (`null` where the catalogue has no text: English is
//! shown); `keys` is [`Msg::KEYS`], so a file written for another list of messages is
//! refused whole rather than read out of step. In the wasm only English is compiled in:
//! the widget downloads a file (`src/browser/catalogue.rs`), hands it to [`install`], and
//! from then on [`Lang::lookup`] finds its texts here. An installed catalogue lives as
//! long as the page (at most one per language).

use std::cell::RefCell;

use serde::{Deserialize, Serialize};

use super::{Lang, Msg};

/// The exported form of one language's catalogue.
#[derive(Debug, Serialize, Deserialize)]
struct Exported {
    /// [`Msg::KEYS`] of the build that wrote it.
    keys: u32,
    /// The text of each message of [`Msg::ALL`], in order.
    messages: Vec<Option<String>>,
}

/// The texts of one installed language, in the order of [`Msg::ALL`].
type Texts = Vec<Option<&'static str>>;

thread_local! {
    static INSTALLED: RefCell<Vec<(Lang, Texts)>> = const { RefCell::new(Vec::new()) };
}

/// 32-bit FNV-1a over `names`, each followed by a comma: [`Msg::KEYS`], computed at
/// compile time.
pub const fn key_hash(names: &[&str]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    let mut n = 0;
    while n < names.len() {
        let bytes = names[n].as_bytes();
        let mut i = 0;
        while i <= bytes.len() {
            hash ^= if i < bytes.len() { bytes[i] } else { b',' } as u32;
            hash = hash.wrapping_mul(0x0100_0193);
            i += 1;
        }
        n += 1;
    }
    hash
}

/// The texts of an exported catalogue (`json`), when it is one for this build's messages.
fn parse(json: &str) -> Option<Vec<Option<String>>> {
    let exported: Exported = serde_json::from_str(json).ok()?;
    (exported.keys == Msg::KEYS && exported.messages.len() == Msg::ALL.len()).then_some(exported.messages)
}

/// Makes the exported catalogue `json` the texts of `lang`. False when it is not one for
/// this build (nothing changes then). A language already installed keeps its texts.
pub fn install(lang: Lang, json: &str) -> bool {
    if is_installed(lang) {
        return true;
    }
    let Some(messages) = parse(json) else {
        return false;
    };
    let texts = messages
        .into_iter()
        .map(|m| m.map(|s| &*Box::leak(s.into_boxed_str())))
        .collect();
    INSTALLED.with(|i| i.borrow_mut().push((lang, texts)));
    true
}

fn is_installed(lang: Lang) -> bool {
    INSTALLED.with(|i| i.borrow().iter().any(|(l, _)| *l == lang))
}

/// True when the texts of `lang` can be shown without a download: English and an
/// installed catalogue (and natively every language, compiled in).
pub fn is_ready(lang: Lang) -> bool {
    lang == Lang::En || cfg!(not(target_arch = "wasm32")) || is_installed(lang)
}

/// The installed text of `msg` in `lang`.
pub(super) fn lookup(lang: Lang, msg: Msg) -> Option<&'static str> {
    INSTALLED.with(|i| {
        i.borrow()
            .iter()
            .find(|(l, _)| *l == lang)
            .and_then(|(_, texts)| texts.get(msg as usize).copied().flatten())
    })
}

/// `lang`'s compiled catalogue in its exported form (JSON).
#[cfg(not(target_arch = "wasm32"))]
pub fn export(lang: Lang) -> String {
    let exported = Exported {
        keys: Msg::KEYS,
        messages: Msg::ALL
            .iter()
            .map(|&m| lang.compiled(m).map(str::to_owned))
            .collect(),
    };
    // A struct of a number and strings always serializes.
    serde_json::to_string(&exported).unwrap_or_default()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_exported_catalogue_installs_and_reads_back_as_compiled() {
        for lang in Lang::ALL {
            let json = export(lang);
            assert!(install(lang, &json), "{lang:?}");
            for &msg in Msg::ALL {
                assert_eq!(lookup(lang, msg), lang.compiled(msg), "{lang:?} {msg:?}");
                assert!(lookup(lang, msg).is_some(), "{lang:?} {msg:?}");
            }
        }
    }

    #[test]
    fn an_installed_catalogue_is_what_lookup_reads() -> serde_json::Result<()> {
        let mut exported: Exported = serde_json::from_str(&export(Lang::De))?;
        exported.messages[Msg::AppTitle as usize] = Some("Geladen".into());
        exported.messages[Msg::Loading as usize] = None;
        assert!(install(Lang::De, &serde_json::to_string(&exported)?));
        assert_eq!(Lang::De.text(Msg::AppTitle), "Geladen");
        // A message the file lacks: the compiled one natively (English in the wasm).
        assert_eq!(Lang::De.text(Msg::Loading), "Einen Moment bitte…");
        // English is never replaced.
        assert!(install(Lang::En, &export(Lang::De)));
        assert_eq!(Lang::En.text(Msg::AppTitle), "Identity verification");
        Ok(())
    }

    #[test]
    fn a_catalogue_for_other_messages_or_no_catalogue_is_refused() -> serde_json::Result<()> {
        let mut exported: Exported = serde_json::from_str(&export(Lang::Fr))?;
        exported.keys ^= 1;
        assert!(!install(Lang::Fr, &serde_json::to_string(&exported)?));
        exported.keys ^= 1;
        exported.messages.pop();
        assert!(!install(Lang::Fr, &serde_json::to_string(&exported)?));
        for junk in ["", "null", "[]", "<!doctype html>", "{\"keys\": 1}"] {
            assert!(!install(Lang::Fr, junk), "{junk}");
        }
        assert!(!is_installed(Lang::Fr));
        assert_eq!(lookup(Lang::Fr, Msg::AppTitle), None);
        Ok(())
    }

    #[test]
    fn the_key_hash_follows_the_names_and_their_order() {
        assert_eq!(key_hash(&[]), 0x811c_9dc5);
        // FNV-1a of "a,".
        assert_eq!(key_hash(&["a"]), 0xff24_8b00);
        assert_ne!(
            key_hash(&["AppTitle", "Loading"]),
            key_hash(&["Loading", "AppTitle"])
        );
        assert_ne!(key_hash(&["AppTitle", "Loading"]), key_hash(&["AppTitleLoading"]));
        let names: Vec<String> = Msg::ALL.iter().map(|m| format!("{m:?}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(Msg::KEYS, key_hash(&names));
    }
}
