//! The list of checks. Adding a check is one line here and one module in `crate::checks`.

use super::Check;
use crate::checks;

static ALL: &[&dyn Check] = &[
    &checks::dateline::DatelineCheck,
    &checks::names::NamesCheck,
    &checks::titles::TitlesCheck,
    &checks::attribution::AttributionCheck,
];

pub fn all_checks() -> &'static [&'static dyn Check] {
    ALL
}

/// A check name (`dateline`) or a full rule code (`dateline.dash`).
pub fn is_known_rule(key: &str) -> bool {
    all_checks()
        .iter()
        .any(|c| c.name() == key || c.rules().iter().any(|r| r.code == key))
}
