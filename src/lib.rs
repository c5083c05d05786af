//! kyc-widget: the identity verification capture widget.

pub mod api;
pub mod flow;
pub mod i18n;
pub mod browser;
