//! The one HTTP client of the widget: the contract's widget calls through a
//! single `send` that maps status codes to [`ApiError`].

mod base64;
mod client;
mod error;

/// Kept here for callers of the client: the handle lives in `crate::browser::abort`.
pub use crate::browser::abort::Abort;
pub use base64::encode as base64_encode;
pub use client::{add_image_request, percent_encode_segment, ApiClient, ImageMeta};
pub use error::{parse_retry_after_ms, ApiError};
