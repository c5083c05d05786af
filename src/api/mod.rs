//! The one HTTP client of the widget.

mod base64;
mod error;

pub use base64::encode as base64_encode;
pub use error::{parse_retry_after_ms, ApiError};
