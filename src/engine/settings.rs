//! Settings the engine runs with, and the configuration they are resolved from.
//!
//! `Config` is what a user writes (`copydesk.toml`, or `copydesk.*` settings from an editor):
//! every field optional, so layers can be merged. `Settings` is the resolved result the checks
//! read. Parsing takes text, never a path: finding and reading files is the shells' job.

use super::finding::Severity;
use super::model::FigureCategory;
use crate::kb::{HouseKb, KbView};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A newsroom's house style. AP is the default; the others change the rules that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    #[default]
    Ap,
    Reuters,
    Nyt,
    Guardian,
}

impl Style {
    pub const ALL: [Style; 4] = [Style::Ap, Style::Reuters, Style::Nyt, Style::Guardian];

    pub fn as_str(&self) -> &'static str {
        match self {
            Style::Ap => "ap",
            Style::Reuters => "reuters",
            Style::Nyt => "nyt",
            Style::Guardian => "guardian",
        }
    }

    pub fn parse(name: &str) -> Option<Style> {
        Style::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// The wire credit this style writes in a dateline, e.g. `(AP)`.
    pub fn wire_name(&self) -> Option<&'static str> {
        match self {
            Style::Ap => Some("AP"),
            Style::Reuters => Some("Reuters"),
            Style::Nyt | Style::Guardian => None,
        }
    }
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether an article must open with a dateline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatelinePolicy {
    /// A story without a dateline is reported (`dateline.missing`).
    #[default]
    Required,
    /// Datelines are checked when present; their absence is fine.
    Optional,
    /// The dateline check does not run.
    Off,
}

/// Whether a dateline carries a wire credit such as `(AP)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CreditPolicy {
    /// Every dateline must carry the house's credit.
    Required,
    /// A credit may be present; if present it must be well-formed.
    #[default]
    Optional,
}

/// A rule's configured level: off, or a severity that replaces the rule's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Hint,
    #[serde(alias = "info")]
    Information,
    #[serde(alias = "warn")]
    Warning,
    Error,
    /// Keep the rule's own severity (useful to undo an override from a lower layer).
    Default,
}

impl RuleLevel {
    pub fn severity(&self) -> Option<Severity> {
        match self {
            RuleLevel::Hint => Some(Severity::Hint),
            RuleLevel::Information => Some(Severity::Information),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
            RuleLevel::Off | RuleLevel::Default => None,
        }
    }
}

/// `[dateline]` in copydesk.toml.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct DatelineConfig {
    pub policy: Option<DatelinePolicy>,
    /// The newsroom's own city: stories from it may carry no dateline.
    #[serde(alias = "homeCity")]
    pub home_city: Option<String>,
    pub credit: Option<CreditPolicy>,
    /// Replaces the built-in list of US cities that stand alone.
    #[serde(alias = "standaloneUs")]
    pub standalone_us: Option<Vec<String>>,
    /// Replaces the built-in list of foreign cities that stand alone.
    #[serde(alias = "standaloneForeign")]
    pub standalone_foreign: Option<Vec<String>>,
    /// Adds cities that stand alone to whichever lists are in force.
    #[serde(alias = "extraStandalone")]
    pub extra_standalone: Option<Vec<String>>,
}

/// Where a house puts courtesy titles (`Mr.`, `Ms.`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CourtesyTitles {
    /// None outside quotes (AP, Reuters, the Guardian).
    None,
    /// `Mr. Netanyahu` on every later reference, never with the full name (the NYT).
    LaterReferences,
}

/// `[names]` in copydesk.toml: the names and titles checks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct NamesConfig {
    /// Overrides the preset's courtesy-title style.
    #[serde(alias = "courtesyTitles")]
    pub courtesy_titles: Option<CourtesyTitles>,
    /// House spellings of names, one family a list with the preferred form first:
    /// `spellings = [["Zelenskyy", "Zelensky", "Zelenskiy"]]`. They win over the built-in list.
    pub spellings: Option<Vec<Vec<String>>>,
}

/// `[attribution]` in copydesk.toml: how loudly unattributed figures are reported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct AttributionConfig {
    /// Categories whose unattributed figures are warnings (default: casualty, crowd).
    #[serde(alias = "warnCategories")]
    pub warn_categories: Option<Vec<FigureCategory>>,
    /// Whether an unattributed figure in the lead paragraph is a warning (default: true).
    #[serde(alias = "leadWarning")]
    pub lead_warning: Option<bool>,
    /// The level of every other unattributed figure (default: information; `off` drops them).
    pub other: Option<RuleLevel>,
    /// Whether a vague source (`sources said`) is enough for casualty and crowd figures
    /// (default: false, as they need a named authority).
    #[serde(alias = "acceptVague")]
    pub accept_vague: Option<bool>,
}

/// `[files]` in copydesk.toml: which files are articles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct FilesConfig {
    /// Globs of article files, relative to the folder of copydesk.toml.
    pub include: Option<Vec<String>>,
    /// Globs that are never articles (on top of .gitignore).
    pub exclude: Option<Vec<String>>,
    /// Files larger than this many kilobytes are skipped with a message.
    #[serde(alias = "maxFileSizeKb", alias = "max_size_kb")]
    pub max_file_size_kb: Option<u64>,
}

/// `[server]`: what only the language server reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ServerConfig {
    /// Milliseconds to wait after an edit before checking, so bursts of typing coalesce.
    #[serde(alias = "debounceMs")]
    pub debounce_ms: Option<u64>,
}

/// Everything a user can write in copydesk.toml. Every field is optional so layers merge.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Config {
    pub style: Option<Style>,
    /// Per check (`dateline`) or per rule (`dateline.dash`): off, or a severity.
    pub rules: Option<BTreeMap<String, RuleLevel>>,
    pub dateline: Option<DatelineConfig>,
    pub names: Option<NamesConfig>,
    pub attribution: Option<AttributionConfig>,
    pub files: Option<FilesConfig>,
    /// House knowledge-base files (TOML), relative to copydesk.toml.
    #[serde(alias = "knowledgeBase")]
    pub knowledge_base: Option<Vec<String>>,
    pub server: Option<ServerConfig>,
    /// Accepted at the top level too, as editors send it (`copydesk.debounceMs`).
    #[serde(alias = "debounceMs")]
    pub debounce_ms: Option<u64>,
    #[serde(alias = "maxFileSizeKb")]
    pub max_file_size_kb: Option<u64>,
    /// Rule levels for some files only: `[file_rules."stories/rafah.txt"]` then
    /// `"dateline.dash" = "off"`. Keys are paths or globs relative to the folder of
    /// copydesk.toml; they win over `[rules]` for the files they match. This is how "disable this
    /// rule for this file" is written, so the article itself never carries tool markup.
    #[serde(alias = "fileRules")]
    pub file_rules: Option<BTreeMap<String, BTreeMap<String, RuleLevel>>>,
}

/// Settings under `copydesk.*` that belong to the editor client, not the server.
pub const CLIENT_ONLY_KEYS: &[&str] =
    &["path", "trace", "serverPath", "args", "enable", "filetypes"];

/// A copydesk.toml larger than this is refused unread (by the CLI and the server alike): a real
/// one is a few hundred bytes, and junk should fail fast with a reason.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Files larger than this many kilobytes are not checked (with a message saying so).
pub const DEFAULT_MAX_FILE_SIZE_KB: u64 = 20 * 1024;

/// Where each rule is documented: RULES.md in the repository, one anchor a rule.
pub fn rule_doc_url(code: &str) -> String {
    format!(
        "{}/blob/main/RULES.md#{}",
        env!("CARGO_PKG_REPOSITORY"),
        code.replace('.', "-")
    )
}

/// Article globs used when `[files] include` is not set.
pub const DEFAULT_INCLUDE: &[&str] = &["**/*.txt", "**/*.md", "**/*.markdown"];

/// A configuration error that names where it is: the key and the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// 1-based line of the offending key or value, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

fn merge_opt<T: Clone>(base: &Option<T>, over: &Option<T>) -> Option<T> {
    over.clone().or_else(|| base.clone())
}

impl Config {
    /// Parses copydesk.toml text. Unknown keys and bad values are errors naming key and line.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let (l, c) = line_col(text, span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            ConfigError {
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        config.validate(Some(text))?;
        Ok(config)
    }

    /// Parses the `copydesk` section an editor sends (workspace/configuration). `null` is empty.
    pub fn from_json(value: &serde_json::Value) -> Result<Config, ConfigError> {
        if value.is_null() {
            return Ok(Config::default());
        }
        // Keys the editor extensions keep for themselves (where the binary is, tracing).
        let mut value = value.clone();
        if let Some(map) = value.as_object_mut() {
            for key in CLIENT_ONLY_KEYS {
                map.remove(*key);
            }
        }
        let config: Config = serde_json::from_value(value).map_err(|e| ConfigError {
            line: None,
            column: None,
            message: e.to_string(),
        })?;
        config.validate(None)?;
        Ok(config)
    }

    /// Values serde accepts but that make no sense: rule names that do not exist, bad globs.
    fn validate(&self, source: Option<&str>) -> Result<(), ConfigError> {
        let locate = |needle: &str| -> Option<usize> {
            source.and_then(|s| s.find(needle).map(|at| line_col(s, at).0))
        };
        let rule_maps = self
            .rules
            .iter()
            .chain(self.file_rules.iter().flat_map(|m| m.values()));
        for rules in rule_maps {
            for key in rules.keys() {
                if !super::checks_registry::is_known_rule(key) {
                    return Err(ConfigError {
                        line: locate(key),
                        column: None,
                        message: format!(
                            "unknown rule `{key}` in [rules]: run `copydesk rules` for the list"
                        ),
                    });
                }
            }
        }
        let globs = self
            .files
            .iter()
            .flat_map(|f| f.include.iter().chain(f.exclude.iter()).flatten())
            .chain(self.file_rules.iter().flat_map(|m| m.keys()));
        for glob in globs {
            if glob.len() > 1024 {
                return Err(ConfigError {
                    line: None,
                    column: None,
                    message: "a glob in [files] is longer than 1024 characters".into(),
                });
            }
            if let Err(e) = globset::Glob::new(glob) {
                return Err(ConfigError {
                    line: locate(glob),
                    column: None,
                    message: format!("bad glob `{glob}` in [files]: {e}"),
                });
            }
        }
        Ok(())
    }

    /// `over` wins key by key; maps of rules merge entry by entry.
    pub fn merged(&self, over: &Config) -> Config {
        let rules = match (&self.rules, &over.rules) {
            (Some(a), Some(b)) => {
                let mut m = a.clone();
                m.extend(b.iter().map(|(k, v)| (k.clone(), *v)));
                Some(m)
            }
            (a, b) => merge_opt(a, b),
        };
        let dateline = match (&self.dateline, &over.dateline) {
            (Some(a), Some(b)) => Some(DatelineConfig {
                policy: merge_opt(&a.policy, &b.policy),
                home_city: merge_opt(&a.home_city, &b.home_city),
                credit: merge_opt(&a.credit, &b.credit),
                standalone_us: merge_opt(&a.standalone_us, &b.standalone_us),
                standalone_foreign: merge_opt(&a.standalone_foreign, &b.standalone_foreign),
                extra_standalone: merge_opt(&a.extra_standalone, &b.extra_standalone),
            }),
            (a, b) => merge_opt(a, b),
        };
        let names = match (&self.names, &over.names) {
            (Some(a), Some(b)) => Some(NamesConfig {
                courtesy_titles: merge_opt(&a.courtesy_titles, &b.courtesy_titles),
                spellings: merge_opt(&a.spellings, &b.spellings),
            }),
            (a, b) => merge_opt(a, b),
        };
        let attribution = match (&self.attribution, &over.attribution) {
            (Some(a), Some(b)) => Some(AttributionConfig {
                warn_categories: merge_opt(&a.warn_categories, &b.warn_categories),
                lead_warning: merge_opt(&a.lead_warning, &b.lead_warning),
                other: merge_opt(&a.other, &b.other),
                accept_vague: merge_opt(&a.accept_vague, &b.accept_vague),
            }),
            (a, b) => merge_opt(a, b),
        };
        let files = match (&self.files, &over.files) {
            (Some(a), Some(b)) => Some(FilesConfig {
                include: merge_opt(&a.include, &b.include),
                exclude: merge_opt(&a.exclude, &b.exclude),
                max_file_size_kb: merge_opt(&a.max_file_size_kb, &b.max_file_size_kb),
            }),
            (a, b) => merge_opt(a, b),
        };
        let server = match (&self.server, &over.server) {
            (Some(a), Some(b)) => Some(ServerConfig {
                debounce_ms: merge_opt(&a.debounce_ms, &b.debounce_ms),
            }),
            (a, b) => merge_opt(a, b),
        };
        let file_rules = match (&self.file_rules, &over.file_rules) {
            (Some(a), Some(b)) => {
                let mut m = a.clone();
                for (path, rules) in b {
                    m.entry(path.clone())
                        .or_default()
                        .extend(rules.iter().map(|(k, v)| (k.clone(), *v)));
                }
                Some(m)
            }
            (a, b) => merge_opt(a, b),
        };
        Config {
            style: merge_opt(&self.style, &over.style),
            rules,
            dateline,
            names,
            attribution,
            files,
            knowledge_base: merge_opt(&self.knowledge_base, &over.knowledge_base),
            server,
            debounce_ms: merge_opt(&self.debounce_ms, &over.debounce_ms),
            max_file_size_kb: merge_opt(&self.max_file_size_kb, &over.max_file_size_kb),
            file_rules,
        }
    }

    /// The configuration for one file: `[file_rules]` entries whose glob matches `rel_path`
    /// (relative to the folder of copydesk.toml, `/`-separated) are folded into `[rules]`.
    pub fn for_file(&self, rel_path: &str) -> Config {
        let mut config = self.clone();
        let Some(file_rules) = &self.file_rules else {
            return config;
        };
        let rel_path = rel_path.trim_start_matches("./");
        let mut rules = config.rules.take().unwrap_or_default();
        for (pattern, levels) in file_rules {
            let matches = pattern == rel_path
                || globset::Glob::new(pattern)
                    .map(|g| g.compile_matcher().is_match(rel_path))
                    .unwrap_or(false);
            if matches {
                rules.extend(levels.iter().map(|(k, v)| (k.clone(), *v)));
            }
        }
        config.rules = Some(rules);
        config
    }

    /// The article globs: `[files] include`, or the defaults.
    pub fn include_globs(&self) -> Vec<String> {
        match self.files.as_ref().and_then(|f| f.include.clone()) {
            Some(globs) => globs,
            None => DEFAULT_INCLUDE.iter().map(|g| g.to_string()).collect(),
        }
    }

    pub fn exclude_globs(&self) -> Vec<String> {
        self.files
            .as_ref()
            .and_then(|f| f.exclude.clone())
            .unwrap_or_default()
    }

    pub fn debounce_ms(&self) -> Option<u64> {
        self.debounce_ms
            .or_else(|| self.server.as_ref().and_then(|s| s.debounce_ms))
    }

    pub fn max_file_size_kb(&self) -> Option<u64> {
        self.max_file_size_kb
            .or_else(|| self.files.as_ref().and_then(|f| f.max_file_size_kb))
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// Dateline settings after presets and configuration are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatelineSettings {
    pub policy: DatelinePolicy,
    pub home_city: Option<String>,
    pub credit: CreditPolicy,
    /// US cities that stand alone (AP's list unless configured).
    pub standalone_us: Vec<String>,
    /// Foreign cities that stand alone.
    pub standalone_foreign: Vec<String>,
}

/// Attribution settings after defaults are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributionSettings {
    pub warn_categories: Vec<FigureCategory>,
    pub lead_warning: bool,
    /// `None` when other unattributed figures are not reported.
    pub other: Option<Severity>,
    pub accept_vague: bool,
}

impl Default for AttributionSettings {
    fn default() -> Self {
        AttributionSettings {
            warn_categories: vec![FigureCategory::Casualty, FigureCategory::Crowd],
            lead_warning: true,
            other: Some(Severity::Information),
            accept_vague: false,
        }
    }
}

/// What the engine runs with: a preset, overridden by configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub style: Style,
    /// Rule overrides, keyed by check name or full rule code.
    pub rules: BTreeMap<String, RuleLevel>,
    pub dateline: DatelineSettings,
    pub attribution: AttributionSettings,
    pub names: NamesSettings,
    /// The newsroom's own people, places and organizations (the `knowledge_base` files of
    /// copydesk.toml, read and merged by the shell: the engine reads no files). Shared, so
    /// settings stay cheap to clone; equal when the entries are.
    pub house_kb: Option<Arc<HouseKb>>,
}

impl Settings {
    /// The knowledge base lookups go through: the house list over the built-in data.
    pub fn kb(&self) -> KbView<'_> {
        match &self.house_kb {
            Some(h) => KbView::with_house(h),
            None => KbView::builtin(),
        }
    }
}

/// Names and titles settings after presets and configuration are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamesSettings {
    pub courtesy_titles: CourtesyTitles,
    /// House spelling families, preferred form first (from `[names] spellings`).
    pub spellings: Vec<Vec<String>>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::from_config(&Config::default())
    }
}

const STANDALONE_US: &str = include_str!("../data/standalone_us_cities.txt");
const STANDALONE_FOREIGN: &str = include_str!("../data/standalone_foreign_cities.txt");

/// Lines of a word-list file: `#` starts a comment, blank lines are skipped.
pub fn list_lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

impl Settings {
    pub fn for_style(style: Style) -> Settings {
        Settings::from_config(&Config {
            style: Some(style),
            ..Config::default()
        })
    }

    pub fn from_config(config: &Config) -> Settings {
        let style = config.style.unwrap_or_default();
        let dl = config.dateline.clone().unwrap_or_default();
        let mut standalone_us = dl
            .standalone_us
            .unwrap_or_else(|| list_lines(STANDALONE_US).map(str::to_string).collect());
        let mut standalone_foreign = dl
            .standalone_foreign
            .unwrap_or_else(|| list_lines(STANDALONE_FOREIGN).map(str::to_string).collect());
        if let Some(extra) = dl.extra_standalone {
            // Which list an extra city joins does not matter to the rules: both stand alone.
            standalone_foreign.extend(extra);
        }
        standalone_us.sort();
        standalone_foreign.sort();
        let names = config.names.clone().unwrap_or_default();
        let courtesy_default = match style {
            Style::Nyt => CourtesyTitles::LaterReferences,
            Style::Ap | Style::Reuters | Style::Guardian => CourtesyTitles::None,
        };
        Settings {
            style,
            names: NamesSettings {
                courtesy_titles: names.courtesy_titles.unwrap_or(courtesy_default),
                spellings: names.spellings.unwrap_or_default(),
            },
            rules: config.rules.clone().unwrap_or_default(),
            dateline: DatelineSettings {
                policy: dl.policy.unwrap_or_default(),
                home_city: dl.home_city,
                credit: dl.credit.unwrap_or_default(),
                standalone_us,
                standalone_foreign,
            },
            house_kb: None,
            attribution: {
                let ac = config.attribution.clone().unwrap_or_default();
                let defaults = AttributionSettings::default();
                AttributionSettings {
                    warn_categories: ac.warn_categories.unwrap_or(defaults.warn_categories),
                    lead_warning: ac.lead_warning.unwrap_or(defaults.lead_warning),
                    other: match ac.other {
                        None | Some(RuleLevel::Default) => defaults.other,
                        Some(level) => level.severity(),
                    },
                    accept_vague: ac.accept_vague.unwrap_or(defaults.accept_vague),
                }
            },
        }
    }

    /// The configured level for a rule code: the rule's own entry wins over its check's.
    pub fn rule_level(&self, code: &str) -> Option<RuleLevel> {
        if let Some(level) = self.rules.get(code) {
            if *level != RuleLevel::Default {
                return Some(*level);
            }
            return None;
        }
        let check = code.split('.').next().unwrap_or(code);
        self.rules
            .get(check)
            .copied()
            .filter(|l| *l != RuleLevel::Default)
    }

    /// Whether any rule of a check can report (so a check that is entirely off is skipped).
    pub fn check_enabled(&self, check: &str, codes: &[&str]) -> bool {
        if self.rules.get(check) != Some(&RuleLevel::Off) {
            return true;
        }
        codes
            .iter()
            .any(|c| matches!(self.rules.get(*c), Some(l) if *l != RuleLevel::Off))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_the_key_and_line() {
        let err = Config::from_toml("style = \"ap\"\ncolour = \"red\"\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("colour"), "{err}");
    }

    #[test]
    fn bad_values_name_the_line() {
        let err = Config::from_toml("\n\nstyle = \"bbc\"\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("bbc"), "{err}");
        let err = Config::from_toml("[dateline]\npolicy = 3\n").unwrap_err();
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn unknown_rules_are_errors() {
        let err = Config::from_toml("[rules]\n\"dateline.colour\" = \"off\"\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("dateline.colour"));
    }

    #[test]
    fn rule_levels_resolve_rule_before_check() {
        let config =
            Config::from_toml("[rules]\ndateline = \"off\"\n\"dateline.dash\" = \"error\"\n")
                .unwrap();
        let s = Settings::from_config(&config);
        assert_eq!(s.rule_level("dateline.dash"), Some(RuleLevel::Error));
        assert_eq!(s.rule_level("dateline.missing"), Some(RuleLevel::Off));
        assert!(s.check_enabled("dateline", &["dateline.dash", "dateline.missing"]));
        assert_eq!(s.rule_level("attribution.unattributed-figure"), None);
    }

    #[test]
    fn layers_merge_key_by_key() {
        let base = Config::from_toml(
            "style = \"reuters\"\n[rules]\ndateline = \"off\"\n[dateline]\nhome_city = \"LONDON\"\n",
        )
        .unwrap();
        let over = Config::from_json(&serde_json::json!({
            "rules": {"dateline.dash": "warning"},
            "dateline": {"policy": "optional"},
            "debounceMs": 0
        }))
        .unwrap();
        let merged = base.merged(&over);
        assert_eq!(merged.style, Some(Style::Reuters));
        let rules = merged.rules.clone().unwrap();
        assert_eq!(rules.len(), 2);
        let dl = merged.dateline.clone().unwrap();
        assert_eq!(dl.home_city.as_deref(), Some("LONDON"));
        assert_eq!(dl.policy, Some(DatelinePolicy::Optional));
        assert_eq!(merged.debounce_ms(), Some(0));
    }

    #[test]
    fn attribution_section_parses_merges_and_rejects_unknown_keys() {
        let base =
            Config::from_toml("[attribution]\nwarn_categories = [\"casualty\"]\nother = \"off\"\n")
                .unwrap();
        let over = Config::from_json(&serde_json::json!({
            "attribution": {"leadWarning": false, "acceptVague": true}
        }))
        .unwrap();
        let s = Settings::from_config(&base.merged(&over));
        assert_eq!(
            s.attribution.warn_categories,
            vec![FigureCategory::Casualty]
        );
        assert!(!s.attribution.lead_warning);
        assert!(s.attribution.accept_vague);
        assert_eq!(s.attribution.other, None);
        let d = Settings::default().attribution;
        assert_eq!(d.other, Some(Severity::Information));
        assert!(d.lead_warning);
        let err = Config::from_toml("[attribution]\nloudness = 3\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(Config::from_toml("[attribution]\nwarn_categories = [\"wars\"]\n").is_err());
    }

    #[test]
    fn editor_only_keys_are_ignored_in_editor_settings() {
        let c = Config::from_json(&serde_json::json!({
            "path": "/usr/bin/copydesk", "trace": {"server": "verbose"}, "style": "nyt"
        }))
        .unwrap();
        assert_eq!(c.style, Some(Style::Nyt));
        assert!(Config::from_json(&serde_json::json!({"colour": 1})).is_err());
    }

    #[test]
    fn defaults_are_ap_with_required_datelines() {
        let s = Settings::default();
        assert_eq!(s.style, Style::Ap);
        assert_eq!(s.dateline.policy, DatelinePolicy::Required);
        assert!(s.dateline.standalone_us.iter().any(|c| c == "Chicago"));
        assert!(s.dateline.standalone_foreign.iter().any(|c| c == "London"));
        assert_eq!(s.dateline.standalone_us.len(), 30);
    }

    #[test]
    fn house_knowledge_base_reaches_the_engine() {
        let house = HouseKb::parse(
            "[[person]]\nname = \"Volodymyr Zelenskyy\"\nvariants = [\"Zelensky\"]\n\
             [[organization]]\nname = \"Zyxquor\"\n",
        )
        .unwrap();
        let mut settings = Settings::default();
        let text = "Headline\n\nKYIV — Zyxquor announced a deal with Zelensky.\n";
        let before = crate::engine::analyze(text, crate::engine::Format::Plain, &settings);
        settings.house_kb = Some(Arc::new(house));
        assert_ne!(settings, Settings::default());
        let after = crate::engine::analyze(text, crate::engine::Format::Plain, &settings);
        let kind = |a: &crate::engine::Analysis, name: &str| {
            a.entities.iter().find(|e| e.name == name).map(|e| e.kind)
        };
        use crate::engine::EntityKind;
        assert_ne!(kind(&before, "Zyxquor"), Some(EntityKind::Organization));
        assert_eq!(kind(&after, "Zyxquor"), Some(EntityKind::Organization));
        assert_eq!(kind(&after, "Zelensky"), Some(EntityKind::Person));
    }

    #[test]
    fn file_rules_apply_to_their_files_only() {
        let config = Config::from_toml(
            "[rules]\n\"dateline.missing\" = \"error\"\n\n[file_rules.\"stories/a.txt\"]\n\"dateline.dash\" = \"off\"\n\n[file_rules.\"wire/**\"]\ndateline = \"off\"\n",
        )
        .unwrap();
        let a = Settings::from_config(&config.for_file("stories/a.txt"));
        assert_eq!(a.rule_level("dateline.dash"), Some(RuleLevel::Off));
        assert_eq!(a.rule_level("dateline.missing"), Some(RuleLevel::Error));
        let b = Settings::from_config(&config.for_file("stories/b.txt"));
        assert_eq!(b.rule_level("dateline.dash"), None);
        let w = Settings::from_config(&config.for_file("wire/x/y.txt"));
        assert_eq!(w.rule_level("dateline.city-case"), Some(RuleLevel::Off));
        let err =
            Config::from_toml("[file_rules.\"a.txt\"]\n\"dateline.nope\" = \"off\"\n").unwrap_err();
        assert!(err.message.contains("dateline.nope"), "{err}");
        let merged = config.merged(
            &Config::from_toml("[file_rules.\"stories/a.txt\"]\n\"dateline.missing\" = \"off\"\n")
                .unwrap(),
        );
        let a = Settings::from_config(&merged.for_file("stories/a.txt"));
        assert_eq!(a.rule_level("dateline.dash"), Some(RuleLevel::Off));
        assert_eq!(a.rule_level("dateline.missing"), Some(RuleLevel::Off));
    }

    #[test]
    fn junk_is_an_error_not_a_panic() {
        let junk: String = (0..10_000)
            .map(|i| char::from(b'!' + (i % 90) as u8))
            .collect();
        assert!(Config::from_toml(&junk).is_err());
        assert!(Config::from_json(&serde_json::json!([1, 2])).is_err());
    }
}
