//! The one HTTP client of the widget: the contract's widget calls through a
//! single `send` that maps status codes to [`ApiError`].

mod base64;
mod client;
mod error;

pub use client::{ApiClient, ImageMeta};
pub use error::ApiError;
