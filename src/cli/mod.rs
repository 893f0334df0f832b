//! The `copydesk` command line: `check`, `analyze`, `rules` (and `lsp`). A thin shell over the
//! engine: it finds files and their configuration, reads them, and prints what the engine says.

pub mod files;
pub mod report;

use crate::engine::settings::{Config, Settings, Style};
use crate::engine::{
    analyze, analyze_for_report, apply_edits, Analysis, Format, Severity, TextEdit,
};
use crate::kb::files::{house_kb_paths, load_house_kb};
use crate::kb::HouseKb;
use clap::{Parser, Subcommand, ValueEnum};
use files::{ConfigResolver, LoadedConfig, ReadError};
use rayon::prelude::*;
use report::FileReport;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

const AFTER_HELP: &str = "\
Examples:
  copydesk check seeds/                       check every article under seeds/
  copydesk check --format json story.txt      findings as JSON (the contract in README.md)
  copydesk check --style reuters --fix wire/  apply the safe fixes in place
  copydesk analyze --format json story.txt    the article's outline, entities and figures
  copydesk lsp                                the language server, over stdio (for editors)

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 a usage, file or config error.
Configuration: copydesk.toml, found by walking up from each file (see README.md).";

#[derive(Parser, Debug)]
#[command(
    name = "copydesk",
    version,
    about = "Reads news copy the way a copy desk does: unattributed figures, names and titles, datelines.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// Start the language server over stdio (same as `copydesk lsp`).
    #[arg(long)]
    stdio: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check articles and report what a copy editor would mark.
    Check(CheckArgs),
    /// Print each article's outline, entities, figures and findings as JSON Lines.
    Analyze(AnalyzeArgs),
    /// Start the language server over stdio (for editors).
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// List every rule with its default severity.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
}

#[derive(clap::Args, Debug, Clone)]
struct CommonArgs {
    /// Use this configuration file instead of looking for copydesk.toml next to each article.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// House style preset, overriding the configuration: ap, reuters, nyt, guardian.
    #[arg(long, value_name = "NAME")]
    style: Option<String>,
    /// Files or folders. Folders are searched for *.txt, *.md and *.markdown (configurable),
    /// honouring .gitignore.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Apply the safe fixes in place and report what changed.
    #[arg(long)]
    fix: bool,
    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning, value_name = "LEVEL")]
    fail_on: FailOn,
    /// Print throughput (files/s, MB/s) to stderr.
    #[arg(long)]
    stats: bool,
    /// Colour in human output: auto, always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(clap::Args, Debug)]
struct AnalyzeArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Only JSON Lines is offered: one object per file.
    #[arg(long, value_enum, default_value_t = AnalyzeFormat::Json)]
    format: AnalyzeFormat,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum OutputFormat {
    Human,
    Json,
    Sarif,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum AnalyzeFormat {
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum RulesFormat {
    Text,
    Markdown,
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Information,
    Hint,
    Never,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Information => Some(Severity::Information),
            FailOn::Hint => Some(Severity::Hint),
            FailOn::Never => None,
        }
    }
}

/// Runs the command line and returns the process exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Some(Command::Check(args)) => run_check(args),
        Some(Command::Analyze(args)) => run_analyze(args),
        Some(Command::Rules { format }) => run_rules(format),
        Some(Command::Lsp { .. }) => crate::server::run_stdio_blocking(),
        None if cli.stdio => crate::server::run_stdio_blocking(),
        None => {
            eprintln!("copydesk: no command given; try `copydesk check PATH` or `copydesk --help`");
            2
        }
    }
}

fn run_rules(format: RulesFormat) -> i32 {
    let checks = crate::engine::checks_registry::all_checks();
    let out = match format {
        RulesFormat::Markdown => report::rules_markdown(),
        RulesFormat::Json => {
            let rules: Vec<_> = checks
                .iter()
                .flat_map(|c| c.rules())
                .map(|r| serde_json::json!({"code": r.code, "severity": r.severity.as_str(), "summary": r.summary}))
                .collect();
            serde_json::to_string_pretty(&rules).unwrap_or_default() + "\n"
        }
        RulesFormat::Text => checks
            .iter()
            .flat_map(|c| c.rules())
            .map(|r| format!("{:<36} {:<12} {}\n", r.code, r.severity.as_str(), r.summary))
            .collect(),
    };
    print!("{out}");
    0
}

/// An article to check, with the settings that govern it.
struct Job {
    path: PathBuf,
    display: String,
    /// Shared by the articles whose configuration is the same.
    settings: Arc<Settings>,
    limit_kb: u64,
}

/// Errors are printed as they are found, one line each; the run goes on with the other files.
struct Errors {
    count: usize,
}

impl Errors {
    fn report(&mut self, what: &str) {
        self.count += 1;
        eprintln!("copydesk: {what}");
    }
}

fn style_override(name: &Option<String>) -> Result<Option<Style>, String> {
    match name {
        None => Ok(None),
        Some(n) => Style::parse(n).map(Some).ok_or_else(|| {
            format!("unknown style `{n}` (--style): expected ap, reuters, nyt or guardian")
        }),
    }
}

fn settings_for(
    loaded: &LoadedConfig,
    file: &Path,
    style: Option<Style>,
    made: &mut MadeSettings,
    errors: &mut Errors,
) -> (Arc<Settings>, u64) {
    // `[file_rules]` keys are relative to the folder of copydesk.toml.
    let rel = loaded
        .base_dir()
        .and_then(|base| {
            let abs = std::path::absolute(file).ok()?;
            let base = std::path::absolute(base).ok()?;
            abs.strip_prefix(base)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .unwrap_or_else(|| file.to_string_lossy().replace('\\', "/"));
    let mut config: Config = loaded.config.for_file(&rel);
    if style.is_some() {
        config.style = style;
    }
    let limit = config
        .max_file_size_kb()
        .unwrap_or(files::DEFAULT_MAX_FILE_SIZE_KB);
    // Most articles of a run share one configuration: its settings are made once.
    if let Some((_, _, settings)) = made
        .settings
        .iter()
        .find(|(path, c, _)| *path == loaded.path && *c == config)
    {
        return (settings.clone(), limit);
    }
    let mut settings = Settings::from_config(&config);
    settings.house_kb = made.kbs.for_config(loaded, errors);
    let settings = Arc::new(settings);
    made.settings
        .push((loaded.path.clone(), config, settings.clone()));
    (settings, limit)
}

/// The settings made so far in a run, by configuration file and the configuration it gives
/// an article (with its `[file_rules]` folded in), and the house knowledge bases read.
#[derive(Default)]
struct MadeSettings {
    settings: Vec<(Option<PathBuf>, Config, Arc<Settings>)>,
    kbs: HouseKbs,
}

/// House knowledge bases (`knowledge_base = [...]` in copydesk.toml), read once per set of
/// files however many articles share them; a bad or missing file is reported once, and the
/// articles are checked with the files that did load.
#[derive(Default)]
struct HouseKbs {
    by_files: std::collections::HashMap<Vec<PathBuf>, Option<Arc<HouseKb>>>,
}

impl HouseKbs {
    fn for_config(&mut self, loaded: &LoadedConfig, errors: &mut Errors) -> Option<Arc<HouseKb>> {
        let names = loaded.config.knowledge_base.as_ref()?;
        // Relative to the folder of the copydesk.toml that names them, not the working folder.
        let base = loaded.base_dir().unwrap_or(Path::new(""));
        let paths = house_kb_paths(names, base);
        if let Some(kb) = self.by_files.get(&paths) {
            return kb.clone();
        }
        let (kb, failures) = load_house_kb(&paths);
        for e in failures {
            errors.report(&e);
        }
        self.by_files.insert(paths, kb.clone());
        kb
    }
}

/// Expands paths into jobs, reporting missing paths, empty folders and bad configs.
fn collect_jobs(common: &CommonArgs, errors: &mut Errors) -> Option<Vec<Job>> {
    let style = match style_override(&common.style) {
        Ok(s) => s,
        Err(e) => {
            errors.report(&e);
            return None;
        }
    };
    let mut resolver = ConfigResolver::new(common.config.as_deref());
    let mut made = MadeSettings::default();
    let mut jobs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for root in &common.paths {
        let walk_config = if root.is_dir() {
            match resolver.for_file(&root.join(files::CONFIG_FILE)) {
                Ok(c) => c.config,
                Err(e) => {
                    errors.report(&e);
                    continue;
                }
            }
        } else {
            Config::default()
        };
        let found = match files::walk(root, &walk_config) {
            Ok(f) => f,
            Err(e) => {
                errors.report(&e);
                continue;
            }
        };
        if found.is_empty() {
            errors.report(&format!(
                "{}: no article files found (looked for {})",
                root.display(),
                walk_config
                    .files
                    .as_ref()
                    .and_then(|f| f.include.clone())
                    .map(|g| g.join(", "))
                    .unwrap_or_else(|| files::DEFAULT_INCLUDE.join(", "))
            ));
            continue;
        }
        for path in found {
            let key = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
            if !seen.insert(key) {
                continue;
            }
            match resolver.for_file(&path) {
                Ok(loaded) => {
                    let (settings, limit_kb) =
                        settings_for(&loaded, &path, style, &mut made, errors);
                    jobs.push(Job {
                        display: path.display().to_string(),
                        path,
                        settings,
                        limit_kb,
                    });
                }
                Err(e) => errors.report(&format!("{} not checked: {e}", path.display())),
            }
        }
    }
    Some(jobs)
}

/// What of each file's analysis is kept until the report.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// The findings and what the cross-article pass reads (`check`).
    Findings,
    /// The whole model as well (`analyze` prints it).
    Model,
}

fn analyze_jobs(
    jobs: Vec<Job>,
    keep: Keep,
    errors: &mut Errors,
) -> (Vec<(FileReport, Arc<Settings>)>, u64) {
    let results: Vec<(Job, Result<String, ReadError>)> = jobs
        .into_par_iter()
        .map(|job| {
            let read = files::read_article(&job.path, job.limit_kb);
            (job, read)
        })
        .collect();
    let mut ok = Vec::new();
    let mut bytes = 0u64;
    for (job, read) in results {
        match read {
            Ok(text) => ok.push((job, text)),
            Err(ReadError::TooLarge { bytes, limit_kb }) => eprintln!(
                "copydesk: {}: {}",
                job.display,
                ReadError::TooLarge { bytes, limit_kb }
            ),
            Err(e) => errors.report(&format!("{}: {e}", job.display)),
        }
    }
    let reports: Vec<(FileReport, Arc<Settings>)> = ok
        .into_par_iter()
        .map(|(job, text)| {
            let format = Format::from_path(&job.display);
            let analysis = match keep {
                Keep::Findings => analyze_for_report(&text, format, &job.settings),
                Keep::Model => analyze(&text, format, &job.settings),
            };
            (
                FileReport {
                    path: job.display,
                    text,
                    analysis,
                },
                job.settings,
            )
        })
        .collect();
    for (r, _) in &reports {
        bytes += r.text.len() as u64;
        for failure in &r.analysis.failures {
            eprintln!(
                "copydesk: {}: internal error in the {} check ({}); its findings are left out",
                r.path, failure.check, failure.message
            );
        }
    }
    (reports, bytes)
}

fn run_check(args: CheckArgs) -> i32 {
    let started = Instant::now();
    let mut errors = Errors { count: 0 };
    let Some(jobs) = collect_jobs(&args.common, &mut errors) else {
        return 2;
    };
    let (mut reports, bytes) = analyze_jobs(jobs, Keep::Findings, &mut errors);
    if args.fix {
        for (report, settings) in reports.iter_mut() {
            match fix_file(report, settings) {
                Ok(0) => {}
                Ok(n) => eprintln!(
                    "copydesk: {}: applied {n} fix{}",
                    report.path,
                    if n == 1 { "" } else { "es" }
                ),
                Err(e) => errors.report(&format!("{}: not fixed: {e}", report.path)),
            }
        }
    }
    add_cross_article_findings(&mut reports);
    let reports: Vec<FileReport> = reports.into_iter().map(|(r, _)| r).collect();
    let mut stdout = std::io::stdout().lock();
    let written = match args.format {
        OutputFormat::Json => writeln!(stdout, "{}", report::check_json(&reports)),
        OutputFormat::Sarif => writeln!(
            stdout,
            "{}",
            serde_json::to_string_pretty(&report::sarif(&reports)).unwrap_or_default()
        ),
        OutputFormat::Human => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            write!(stdout, "{}", report::human(&reports, color))
                .and_then(|_| writeln!(stdout, "{}", report::summary(&reports)))
        }
    };
    if written.is_err() {
        return 2; // stdout closed (e.g. piped into `head`): nothing more to say
    }
    if args.stats {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        eprintln!(
            "copydesk: {} files, {:.2} MB in {:.3} s: {:.0} files/s, {:.1} MB/s on {} threads",
            reports.len(),
            bytes as f64 / 1e6,
            secs,
            reports.len() as f64 / secs,
            bytes as f64 / 1e6 / secs,
            rayon::current_num_threads()
        );
    }
    let worst = reports
        .iter()
        .flat_map(|r| r.analysis.findings.iter().map(|f| f.severity))
        .max();
    // The process ends here: the system takes the analyses' memory back at once, faster than
    // freeing their millions of pieces one by one on this thread.
    std::mem::forget(reports);
    if errors.count > 0 {
        return 2;
    }
    match (args.fail_on.threshold(), worst) {
        (Some(t), Some(w)) if w >= t => 1,
        _ => 0,
    }
}

/// Across the files checked together: a person spelled differently from the other articles
/// (`names.cross-article-variant`), after every file is analyzed (and fixed).
fn add_cross_article_findings(reports: &mut [(FileReport, Arc<Settings>)]) {
    if reports.len() < 2 {
        return;
    }
    let index = crate::engine::names::PeopleIndex::from_analyses(
        reports.iter().map(|(r, _)| (r.path.as_str(), &r.analysis)),
    );
    let extra: Vec<Vec<crate::engine::Finding>> = reports
        .par_iter()
        .map(|(r, settings)| {
            crate::engine::names::cross_article_findings(&r.path, &r.analysis, &index, settings)
        })
        .collect();
    // Like the analyses, left for the system to take back when the process ends.
    std::mem::forget(index);
    for ((report, _), found) in reports.iter_mut().zip(extra) {
        if found.is_empty() {
            continue;
        }
        let findings = &mut report.analysis.findings;
        findings.extend(found);
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
        });
    }
}

/// Applies each finding's first safe fix (skipping any that would overlap an earlier one),
/// writes the file, and re-analyzes it. Returns how many fixes were applied.
fn fix_file(report: &mut FileReport, settings: &Settings) -> Result<usize, String> {
    let mut edits: Vec<TextEdit> = Vec::new();
    let mut applied = 0;
    for finding in &report.analysis.findings {
        let Some(fix) = finding.fixes.iter().find(|f| f.safe) else {
            continue;
        };
        let clashes = fix.edits.iter().any(|e| {
            edits
                .iter()
                .any(|k| k.span.overlaps(e.span) || k.span == e.span)
        });
        if clashes {
            continue;
        }
        edits.extend(fix.edits.iter().cloned());
        applied += 1;
    }
    if applied == 0 {
        return Ok(0);
    }
    let fixed = apply_edits(&report.text, &edits)?;
    write_atomically(Path::new(&report.path), &fixed).map_err(|e| e.to_string())?;
    report.analysis = analyze_for_report(&fixed, Format::from_path(&report.path), settings);
    report.text = fixed;
    Ok(applied)
}

/// Writes through a temporary file in the same folder, so a failed write never truncates.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "article".into());
    let tmp = dir.join(format!(".{name}.copydesk-fix.tmp"));
    std::fs::write(&tmp, text)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn run_analyze(args: AnalyzeArgs) -> i32 {
    let mut errors = Errors { count: 0 };
    let Some(jobs) = collect_jobs(&args.common, &mut errors) else {
        return 2;
    };
    let (reports, _) = analyze_jobs(jobs, Keep::Model, &mut errors);
    let mut stdout = std::io::stdout().lock();
    for (r, _) in &reports {
        if writeln!(stdout, "{}", report::analyze_json(r)).is_err() {
            return 2;
        }
    }
    // As in `check`: the process ends here, and the system takes the memory back at once.
    std::mem::forget(reports);
    if errors.count > 0 {
        2
    } else {
        0
    }
}

/// Analyzes text as the CLI would, for tests and tools: `path` decides plain text or Markdown.
pub fn analyze_text(path: &str, text: &str, settings: &Settings) -> Analysis {
    analyze(text, Format::from_path(path), settings)
}
