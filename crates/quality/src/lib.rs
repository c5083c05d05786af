//! Image quality metrics (placeholder while the crate is written).
