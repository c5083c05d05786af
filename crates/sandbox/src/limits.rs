//! What one client may make the service hold or do: the body size of each
//! kind of call. `docs/API.md` lists them.

/// Largest body of the widget's JSON calls (start, consent), in bytes.
pub const WIDGET_JSON_BODY_BYTES: usize = 16 * 1024;
/// Largest body of a create-session call, in bytes (a theme, origins, mock behaviour).
pub const CREATE_BODY_BYTES: usize = 64 * 1024;
/// Largest body of an image upload (base64 JSON), in bytes: the contract's limit.
pub const IMAGE_BODY_BYTES: usize = kyc_contract::limits::MAX_BODY_BYTES;
