//! copydesk: checks news copy the way a copy desk does.

pub mod kb;
