//! copydesk: reads news copy the way a good copy desk does.
//!
//! - [`engine`]: the pure analysis engine (text + settings in, findings and an outline out).
//! - [`checks`]: one module a check, behind [`engine::Check`].
//! - [`kb`]: the embedded knowledge base of places, people and organizations.
//! - [`cli`], [`server`]: the thin shells.

pub(crate) mod bits;
pub mod checks;
pub mod cli;
pub mod engine;
pub mod kb;
pub mod lines;
pub mod server;
