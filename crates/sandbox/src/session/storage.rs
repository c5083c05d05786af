//! What a session keeps of its uploads, so that one session link cannot
//! fill the disk: at most one accepted image per type and round (an accepted
//! retake replaces the earlier one, which the result would not use anyway),
//! and of the rejected images only the latest few, within a byte budget.

/// Rejected images kept per session (the latest ones).
pub const KEPT_REJECTED_IMAGES: u32 = 5;

/// Bytes of JPEG kept per session: rejected images, oldest first, are
/// dropped to stay within it. The accepted ones alone stay below it (at most
/// four images — three types and one recapture — of at most 7.5 MiB each).
pub const MAX_STORED_BYTES: u64 = 48 * 1024 * 1024;
