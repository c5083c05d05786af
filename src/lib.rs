//! kyc-widget
