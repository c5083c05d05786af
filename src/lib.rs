//! kyc-widget: the identity verification capture widget.

pub mod api;
pub mod browser;
pub mod flow;
pub mod i18n;
