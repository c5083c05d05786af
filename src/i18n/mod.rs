//! Every user-facing string of the widget, in one catalogue per language.
//!
//! A [`Msg`] names a message; each language is a file with one function
//! `lookup(Msg) -> Option<&'static str>` (see [`en`]). Adding a language means adding
//! a file with the same keys and a [`Lang`] variant; the test
//! `every_language_has_every_key` iterates [`Msg::ALL`] and fails on any gap.
//! Only English, the fallback, is compiled into the widget's wasm: the other files are
//! compiled natively, exported as `dist/i18n/<tag>.json` at build time and loaded by the
//! widget when the customer's language needs them (see [`catalogue`]).
//! Messages with a number use the `{n}` placeholder (see [`fill`]); "Step n of total"
//! also `{total}` (see [`mapping::step_of`]). Every mapping from a value to its message is in
//! [`mapping`].
//! The starting language comes from [`negotiate`]; the customer can switch on screen
//! (see [`Lang::native_name`]). Arabic is right to left ([`Lang::dir`]).
//! Text is always rendered as text nodes, never as HTML.

#[cfg(not(target_arch = "wasm32"))]
pub mod ar;
pub mod catalogue;
#[cfg(not(target_arch = "wasm32"))]
pub mod de;
pub mod en;
#[cfg(not(target_arch = "wasm32"))]
pub mod es;
#[cfg(not(target_arch = "wasm32"))]
pub mod fr;
pub mod mapping;
#[cfg(not(target_arch = "wasm32"))]
pub mod pt;
#[cfg(not(target_arch = "wasm32"))]
pub mod ru;
#[cfg(not(target_arch = "wasm32"))]
pub mod tr;

macro_rules! messages {
    ($($variant:ident),+ $(,)?) => {
        /// The key of one user-facing message.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg {
            $(
                #[allow(missing_docs)]
                $variant,
            )+
        }

        impl Msg {
            /// Every key, in the order of the exported catalogues' `messages`.
            pub const ALL: &'static [Msg] = &[$(Msg::$variant),+];
            /// A hash of every key's name, in order: an exported catalogue carries it, so
            /// that a widget never reads one written for another list of messages.
            pub const KEYS: u32 = catalogue::key_hash(&[$(stringify!($variant)),+]);
        }
    };
}

messages! {
    AppTitle,
    Loading,
    // The language picker's label.
    Language,
    // Link errors.
    LinkBrokenTitle, LinkBrokenBody,
    LinkUnknownTitle, LinkUnknownBody,
    LinkUsedTitle, LinkUsedBody,
    LinkExpiredTitle, LinkExpiredBody,
    LinkFinishedTitle, LinkFinishedBody,
    // Consent.
    ConsentTitle, ConsentIntro, ConsentDocument, ConsentSelfie, ConsentWhy, ConsentPrivacy,
    ConsentAccept, ConsentSending, ConsentFailed,
    // Capture.
    StepOf, AttemptsLeft,
    FrontTitle, FrontInstruction,
    BackTitle, BackInstruction,
    SelfieTitle, SelfieInstruction,
    Shutter, UploadInstead, UploadHint,
    RecaptureMessage, UploadRefused, UploadTooLarge,
    ImageTooSmall, ImageNotAnImage, ImageFailed,
    // Live guidance and the on-device check.
    HintHoldStill, HintAwayFromLight, HintMoreLight, HintLessLight, HintFitCard, HintLookingGood,
    HintMoveCloser, HintMoveAway, HintMoveLeft, HintMoveRight, HintMoveUp, HintMoveDown, HintStraighten,
    HintFaceInOval, HintOnlyYou, HintPhoneAway, HintPhoneCloser, HintCenterFace, HintHeadStraight, HintReadyForShutter,
    AutoCaptureIn, QualityTooDark, QualityTooBright,
    // Feedback codes.
    FbOk, FbOther, FbDocumentNotFound, FbFaceNotFound, FbDocumentFaceNotFound, FbObstructed, FbBlur,
    FbGlare, FbDocumentNotSupported, FbDocumentNotMatching, FbWrongDocumentSide, FbMultiFace,
    FbFaceRotated, FbFaceTooSmall, FbFaceTooClose, FbClosedEyes, FbFaceAngleTooLarge,
    FbFaceCloseToBorder, FbFaceOccluded, FbFaceCropped, FbBarcodeNotFound, FbGlareSelfie, FbBlurSelfie,
    FbRestrictedCriteria,
    // Preview.
    PreviewTitle, PreviewAlt, PreviewCheck, Retake, UsePhoto, UseAnyway, UseAnywayNote,
    // Upload.
    Uploading, UploadRetrying, UploadStalled, RetryUpload,
    // Camera problems.
    CamDeniedTitle, CamDeniedBody, CamDeniedIos, CamDeniedAndroid, CamDeniedDesktop,
    CamNotFoundTitle, CamNotFoundBody,
    CamInUseTitle, CamInUseBody,
    CamInsecureTitle, CamInsecureBody,
    CamUnsupportedTitle, CamUnsupportedBody,
    CamOtherTitle, CamOtherBody,
    RetryCamera, UseUploadInstead,
    // Cross-device handoff.
    HandoffStart, HandoffBody, HandoffPreparing, HandoffFailed, HandoffCopy, HandoffCopied,
    HandoffCopyFailed, HandoffQrLabel, HandoffProgress, HandoffArrived, HandoffPending, HandoffReturn,
    // Leaving the flow ("Cancel verification").
    CancelOpen, CancelQuestion, CancelQuestionBody, CancelConfirm, CancelKeepGoing, CancelledTitle, CancelledBody, CancelResume,
    // The liveness step.
    LiveTitle, LiveIntro, LiveStart, LiveCamera, LiveProgress, LiveDecline,
    LiveHintFaceInOval, LiveHintOneFace, LiveHintComeCloser, LiveHintMoveBack, LiveHintHoldStill,
    LiveHintBringCloser, LiveHintSlower, LiveHintDone,
    LiveRetryTitle, LiveWhyNoFace, LiveWhyMultipleFaces, LiveWhyDifferentFaces,
    LiveWhyNotApproaching, LiveWhyIdentical, LiveWhyBadTiming, LiveUnusable,
    // Waiting.
    WaitingTitle, WaitingBody, WaitingSlow,
    // Final.
    FinalCompleteTitle, FinalCompleteBody,
    FinalErrorTitle, FinalErrorBody,
    FinalExpiredTitle, FinalExpiredBody,
    RedirectIn, RedirectNow, FinalStay,
    // Errors.
    ErrorNetworkTitle, ErrorNetworkBody, ErrorUnexpectedTitle, ErrorUnexpectedBody, TryAgain,
}

/// A language of the widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English (the fallback).
    #[default]
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Portuguese (Brazilian spelling).
    Pt,
    /// Russian.
    Ru,
    /// Turkish.
    Tr,
    /// Arabic (Modern Standard, right to left).
    Ar,
}

impl Lang {
    /// Every language, in the order of the on-screen switcher.
    pub const ALL: [Lang; 8] = [
        Lang::En,
        Lang::De,
        Lang::Fr,
        Lang::Es,
        Lang::Pt,
        Lang::Ru,
        Lang::Tr,
        Lang::Ar,
    ];

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::Ru => "ru",
            Lang::Tr => "tr",
            Lang::Ar => "ar",
        }
    }

    /// `ltr` or `rtl` for `<html dir>`.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// The language's name in itself, for the on-screen language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
            Lang::Fr => "Français",
            Lang::Es => "Español",
            Lang::Pt => "Português",
            Lang::Ru => "Русский",
            Lang::Tr => "Türkçe",
            Lang::Ar => "العربية",
        }
    }

    /// The language for a locale like `de-CH`, when there is one.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let primary = locale
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The message in this language, or `None` when the catalogue misses it (or, in the
    /// wasm, is not loaded: see [`catalogue::install`]).
    pub fn lookup(self, msg: Msg) -> Option<&'static str> {
        if self == Lang::En {
            return en::lookup(msg);
        }
        catalogue::lookup(self, msg).or_else(|| self.compiled(msg))
    }

    /// The message in the catalogue compiled into this build: English only in the wasm.
    #[cfg(target_arch = "wasm32")]
    fn compiled(self, _msg: Msg) -> Option<&'static str> {
        None
    }

    /// The message in the catalogue compiled into this build: every language natively.
    #[cfg(not(target_arch = "wasm32"))]
    fn compiled(self, msg: Msg) -> Option<&'static str> {
        match self {
            Lang::En => en::lookup(msg),
            Lang::De => de::lookup(msg),
            Lang::Fr => fr::lookup(msg),
            Lang::Es => es::lookup(msg),
            Lang::Pt => pt::lookup(msg),
            Lang::Ru => ru::lookup(msg),
            Lang::Tr => tr::lookup(msg),
            Lang::Ar => ar::lookup(msg),
        }
    }

    /// The message in this language, falling back to English.
    pub fn text(self, msg: Msg) -> &'static str {
        self.lookup(msg).or_else(|| en::lookup(msg)).unwrap_or("")
    }
}

/// The language to start in: the session's `locale` when we have that language, else the
/// first of the browser's languages (`navigator.languages`, most preferred first) that we
/// have, else English.
pub fn negotiate(session_locale: Option<&str>, browser_languages: &[String]) -> Lang {
    session_locale
        .and_then(Lang::from_locale)
        .or_else(|| browser_languages.iter().find_map(|l| Lang::from_locale(l)))
        .unwrap_or_default()
}

/// Replaces `{n}` in `template` with `n`.
pub fn fill(template: &str, n: impl std::fmt::Display) -> String {
    template.replace("{n}", &n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_language_has_every_key() {
        for lang in Lang::ALL {
            for &msg in Msg::ALL {
                let text = lang.lookup(msg);
                assert!(
                    text.is_some_and(|t| !t.trim().is_empty()),
                    "{lang:?} misses {msg:?}"
                );
            }
        }
    }

    #[test]
    fn placeholders_appear_in_every_language_where_english_has_them() {
        for lang in Lang::ALL {
            for &msg in Msg::ALL {
                let (en, text) = (Lang::En.text(msg), lang.text(msg));
                for placeholder in ["{n}", "{total}"] {
                    assert_eq!(
                        text.matches(placeholder).count(),
                        en.matches(placeholder).count(),
                        "{lang:?} {msg:?}: {text}"
                    );
                }
                let stray = text.replace("{n}", "").replace("{total}", "");
                assert!(
                    !stray.contains(['{', '}']),
                    "{lang:?} {msg:?} has a stray brace: {text}"
                );
            }
        }
    }

    #[test]
    fn languages_are_distinct_and_named() {
        let tags: HashSet<_> = Lang::ALL.iter().map(|l| l.tag()).collect();
        assert_eq!(tags.len(), Lang::ALL.len());
        for lang in Lang::ALL {
            assert_eq!(Lang::from_locale(lang.tag()), Some(lang));
            assert!(!lang.native_name().is_empty());
            assert_eq!(lang.dir(), if lang == Lang::Ar { "rtl" } else { "ltr" });
            if lang != Lang::En {
                assert_ne!(lang.text(Msg::AppTitle), Lang::En.text(Msg::AppTitle), "{lang:?}");
            }
        }
        assert_eq!(Lang::Ar.native_name(), "العربية");
        assert_eq!(Lang::De.native_name(), "Deutsch");
    }

    #[test]
    fn negotiation_prefers_the_session_then_the_browser_then_english() {
        let langs = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(negotiate(Some("pt-BR"), &[]), Lang::Pt);
        assert_eq!(negotiate(Some("ar-EG"), &langs(&["de-DE"])), Lang::Ar);
        assert_eq!(negotiate(Some("tr_TR"), &[]), Lang::Tr);
        assert_eq!(
            negotiate(Some("ja-JP"), &langs(&["nl-NL", "fr-CA", "de"])),
            Lang::Fr
        );
        assert_eq!(negotiate(None, &langs(&["ru-RU", "en-US"])), Lang::Ru);
        assert_eq!(negotiate(Some(""), &langs(&["es-419"])), Lang::Es);
        assert_eq!(negotiate(Some("xx"), &langs(&["ja", "zh-CN"])), Lang::En);
        assert_eq!(negotiate(None, &[]), Lang::En);
    }

    #[test]
    fn the_page_downloads_early_the_catalogue_of_any_language_but_english() {
        let tags: Vec<_> = Lang::ALL
            .iter()
            .filter(|&&l| l != Lang::En)
            .map(|l| format!("\"{}\"", l.tag()))
            .collect();
        let list = format!("var langs = [{}],", tags.join(", "));
        assert!(include_str!("../../index.html").contains(&list), "{list}");
    }

    #[test]
    fn locales_and_placeholders() {
        assert_eq!(Lang::from_locale("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_locale("xx"), None);
        assert_eq!(fill(Lang::En.text(Msg::RedirectIn), 4), "Continuing in 4 s…");
    }
}
