//! The checks, one module each. Each implements `engine::Check` and reports under its own
//! code prefix.

pub mod attribution;
pub mod dateline;
pub mod names;
pub(crate) mod people;
pub mod titles;
