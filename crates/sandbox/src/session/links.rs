//! The links that start a session on a device.

/// Which link started the session on a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartLink {
    /// The session link made with the session.
    Session,
    /// A handoff link made on another device (`POST /{sid}/handoff`).
    Handoff,
}

/// A handoff link's single-use token and when it stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffLink {
    /// The start token of the link.
    pub token: String,
    /// Unix ms.
    pub expires_at: i64,
}
