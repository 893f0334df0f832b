//! Code actions: each fix of a finding as a quick fix, "fix all of this kind in the document",
//! and "disable this rule for this file / in this workspace".
//!
//! Disabling writes copydesk.toml through the `copydesk.disableRule` command, executed by the
//! server: `[rules]` for the workspace, `[file_rules."path"]` for one file. The server writes
//! the file itself (keeping the user's comments and layout) because a workspace edit to a file
//! that is not open leaves an unsaved buffer in most editors, and an unsaved config changes
//! nothing. The file then reloads like any other change of copydesk.toml.

use super::config::{self, CONFIG_FILE};
use super::convert::Converter;
use super::documents::Checked;
use super::{lock, Backend, DISABLE_RULE_COMMAND};
use crate::engine::{Config, Finding, TextEdit as EngineEdit};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tower_lsp::jsonrpc;
use tower_lsp::lsp_types::*;

/// Where a rule is turned off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    File,
    Workspace,
}

/// The argument of `copydesk.disableRule`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DisableRule {
    pub uri: Url,
    pub code: String,
    pub scope: Scope,
}

/// What a lazily resolved action carries until `codeAction/resolve`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "camelCase")]
enum Lazy {
    FixAll { uri: Url, code: Option<String> },
}

/// Writes `"code" = "off"` into copydesk.toml text, keeping everything else as it was.
pub fn disable_rule_toml(existing: &str, code: &str, file: Option<&str>) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = existing
        .parse()
        .map_err(|e| format!("{CONFIG_FILE} is not valid TOML: {e}"))?;
    let table = match file {
        None => doc
            .entry("rules")
            .or_insert_with(toml_edit::table)
            .as_table_like_mut()
            .ok_or("`rules` in copydesk.toml is not a table")?,
        Some(path) => {
            let file_rules = doc
                .entry("file_rules")
                .or_insert_with(toml_edit::table)
                .as_table_mut()
                .ok_or("`file_rules` in copydesk.toml is not a table")?;
            // `[file_rules."a.txt"]` headers, without an empty `[file_rules]` above them.
            file_rules.set_implicit(true);
            file_rules
                .entry(path)
                .or_insert_with(toml_edit::table)
                .as_table_like_mut()
                .ok_or("an entry of `file_rules` in copydesk.toml is not a table")?
        }
    };
    table.insert(code, toml_edit::value("off"));
    let text = doc.to_string();
    // Never write a file that copydesk itself would then reject.
    Config::from_toml(&text)
        .map_err(|e| format!("the edited {CONFIG_FILE} would be invalid: {e}"))?;
    Ok(text)
}

/// The edits of one fix per finding (the preferred one, else the first), dropping any that
/// would overlap an earlier one.
fn combined_edits<'a>(findings: impl Iterator<Item = &'a Finding>) -> Vec<EngineEdit> {
    let mut edits: Vec<EngineEdit> = findings
        .filter_map(|f| f.fixes.iter().find(|x| x.preferred).or(f.fixes.first()))
        .flat_map(|fix| fix.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out: Vec<EngineEdit> = Vec::new();
    for e in edits {
        if out.last().is_some_and(|last| last.span.end > e.span.start) {
            continue;
        }
        out.push(e);
    }
    out
}

impl Backend {
    pub(crate) fn workspace_edit(
        &self,
        uri: &Url,
        checked: &Checked,
        edits: &[EngineEdit],
    ) -> WorkspaceEdit {
        let conv = Converter::of(checked, self.caps().encoding);
        let edits: Vec<TextEdit> = edits
            .iter()
            .map(|e| TextEdit::new(conv.range(e.span), e.new_text.clone()))
            .collect();
        match checked.version {
            // A versioned edit is refused by the client if the text moved on meanwhile.
            Some(version) if self.caps().document_changes => WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: uri.clone(),
                        version: Some(version),
                    },
                    edits: edits.into_iter().map(OneOf::Left).collect(),
                }])),
                ..Default::default()
            },
            _ => WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), edits)])),
                ..Default::default()
            },
        }
    }

    pub(crate) async fn code_actions(
        &self,
        params: CodeActionParams,
    ) -> Option<CodeActionResponse> {
        let uri = params.text_document.uri;
        let checked = self.current_check(&uri).await?;
        let analysis = checked.analysis.as_ref()?;
        let enc = self.caps().encoding;
        let conv = Converter::of(&checked, enc);
        let span = conv.span(params.range);
        let only = params.context.only.clone();
        let wants = |kind: &CodeActionKind| match &only {
            None => true,
            Some(kinds) => kinds.iter().any(|k| {
                kind.as_str() == k.as_str()
                    || kind.as_str().starts_with(&format!("{}.", k.as_str()))
            }),
        };
        // The findings under the cursor or selection, and those whose diagnostics the client
        // sends along: Neovim sends every diagnostic of the cursor's line, and a user expects
        // the fix wherever the cursor is on that line.
        let sent: Vec<(&str, u64, u64)> = params
            .context
            .diagnostics
            .iter()
            .filter_map(|d| {
                let data = d.data.as_ref()?;
                Some((
                    data["code"].as_str()?,
                    data["start"].as_u64()?,
                    data["end"].as_u64()?,
                ))
            })
            .collect();
        let here: Vec<&Finding> = analysis
            .findings
            .iter()
            .filter(|f| {
                f.span.overlaps(span)
                    || f.span.touches(span.start)
                    || span.touches(f.span.start)
                    || sent.iter().any(|&(code, s, e)| {
                        code == f.code && s == f.span.start as u64 && e == f.span.end as u64
                    })
            })
            .collect();
        let workspace = super::diagnostics::Workspace::of(&self.shared);
        let locate = |label: &str, at: crate::engine::Span| workspace.locate(label, at, enc);
        let diagnostic_of =
            |f: &Finding| Some(super::convert::diagnostic_in(f, &conv, &uri, &locate));
        let lazy = self.caps().resolve_edit;
        let mut actions: Vec<CodeActionOrCommand> = Vec::new();
        if wants(&CodeActionKind::QUICKFIX) {
            for f in &here {
                for fix in &f.fixes {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: diagnostic_of(f).map(|d| vec![d]),
                        edit: Some(self.workspace_edit(&uri, &checked, &fix.edits)),
                        is_preferred: Some(fix.preferred),
                        ..Default::default()
                    }));
                }
            }
            let mut codes: Vec<&str> = here.iter().map(|f| &*f.code).collect();
            codes.dedup();
            for code in codes {
                let fixable = analysis
                    .findings
                    .iter()
                    .filter(|f| f.code == code && !f.fixes.is_empty())
                    .count();
                if fixable > 0 {
                    let mut action = CodeAction {
                        title: format!("Fix all `{code}` in this document ({fixable})"),
                        kind: Some(CodeActionKind::QUICKFIX),
                        data: serde_json::to_value(Lazy::FixAll {
                            uri: uri.clone(),
                            code: Some(code.to_string()),
                        })
                        .ok(),
                        ..Default::default()
                    };
                    if !lazy {
                        action = self.resolve_code_action(action).await;
                    }
                    actions.push(CodeActionOrCommand::CodeAction(action));
                }
                for (scope, title) in [
                    (
                        Scope::File,
                        format!("Disable `{code}` for this file (copydesk.toml)"),
                    ),
                    (
                        Scope::Workspace,
                        format!("Disable `{code}` in this workspace (copydesk.toml)"),
                    ),
                ] {
                    let args = DisableRule {
                        uri: uri.clone(),
                        code: code.to_string(),
                        scope,
                    };
                    let Ok(arg) = serde_json::to_value(&args) else {
                        continue;
                    };
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: title.clone(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        command: Some(Command {
                            title,
                            command: DISABLE_RULE_COMMAND.to_string(),
                            arguments: Some(vec![arg]),
                        }),
                        ..Default::default()
                    }));
                }
            }
        }
        // "Fix everything" only on explicit request (on save, or a source-action menu), never
        // in the light bulb.
        let asked_for_source = only
            .as_ref()
            .is_some_and(|o| o.iter().any(|k| k.as_str().starts_with("source")));
        if asked_for_source
            && wants(&CodeActionKind::SOURCE_FIX_ALL)
            && analysis.findings.iter().any(|f| !f.fixes.is_empty())
        {
            let mut action = CodeAction {
                title: "Fix all copydesk findings with a preferred fix".to_string(),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                data: serde_json::to_value(Lazy::FixAll {
                    uri: uri.clone(),
                    code: None,
                })
                .ok(),
                ..Default::default()
            };
            if !lazy {
                action = self.resolve_code_action(action).await;
            }
            actions.push(CodeActionOrCommand::CodeAction(action));
        }
        Some(actions)
    }

    /// Fills in the edit of a lazy action, against the document as it is now.
    pub(crate) async fn resolve_code_action(&self, mut action: CodeAction) -> CodeAction {
        let Some(Ok(Lazy::FixAll { uri, code })) =
            action.data.clone().map(serde_json::from_value::<Lazy>)
        else {
            return action;
        };
        let Some(checked) = self.current_check(&uri).await else {
            return action;
        };
        let Some(analysis) = checked.analysis.as_ref() else {
            return action;
        };
        let findings = analysis
            .findings
            .iter()
            .filter(|f| code.as_deref().map_or(true, |c| f.code == c))
            .filter(|f| f.fixes.iter().any(|x| code.is_some() || x.preferred));
        let edits = combined_edits(findings);
        action.edit = Some(self.workspace_edit(&uri, &checked, &edits));
        action
    }

    pub(crate) async fn run_command(
        &self,
        params: ExecuteCommandParams,
    ) -> jsonrpc::Result<Option<serde_json::Value>> {
        if params.command != DISABLE_RULE_COMMAND {
            return Err(jsonrpc::Error::invalid_params(format!(
                "unknown command `{}`",
                params.command
            )));
        }
        let args: Option<DisableRule> = params
            .arguments
            .first()
            .cloned()
            .and_then(|v| serde_json::from_value(v).ok());
        let Some(args) = args else {
            return Err(jsonrpc::Error::invalid_params(
                "copydesk.disableRule takes {uri, code, scope}",
            ));
        };
        match self.disable_rule(&args).await {
            Ok(path) => {
                self.log(
                    MessageType::INFO,
                    format!(
                        "disabled `{}` for {} in {}",
                        args.code,
                        if args.scope == Scope::File {
                            "one file"
                        } else {
                            "the workspace"
                        },
                        path.display()
                    ),
                )
                .await;
                Ok(None)
            }
            Err(message) => {
                self.client
                    .show_message(MessageType::ERROR, format!("copydesk: {message}"))
                    .await;
                Err(jsonrpc::Error::invalid_params(message))
            }
        }
    }

    async fn disable_rule(&self, args: &DisableRule) -> Result<PathBuf, String> {
        if !crate::engine::checks_registry::is_known_rule(&args.code) {
            return Err(format!("unknown rule `{}`", args.code));
        }
        let path = args
            .uri
            .to_file_path()
            .map_err(|()| format!("{} is not a file on disk", args.uri))?;
        let root = {
            let config = lock(&self.shared.config);
            config
                .root_for(&path)
                .cloned()
                .or_else(|| path.parent().map(Path::to_path_buf))
        }
        .ok_or("the file has no folder")?;
        let rel = config::relative(&path, &root).ok_or("the file is outside its folder")?;
        let toml_path = root.join(CONFIG_FILE);
        let code = args.code.clone();
        let scope = args.scope;
        let for_task = toml_path.clone();
        let config = tokio::task::spawn_blocking(move || -> Result<Config, String> {
            let existing = match std::fs::read_to_string(&for_task) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
                Err(e) => return Err(format!("cannot read {}: {e}", for_task.display())),
            };
            let file = (scope == Scope::File).then_some(rel.as_str());
            let text = disable_rule_toml(&existing, &code, file)?;
            std::fs::write(&for_task, &text)
                .map_err(|e| format!("cannot write {}: {e}", for_task.display()))?;
            Config::from_toml(&text).map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| format!("writing {CONFIG_FILE} failed: {e}"))??;
        {
            let mut state = lock(&self.shared.config);
            // A file opened without a workspace folder: its folder now has a config, so it
            // becomes a root for configuration.
            if !state.roots.contains(&root) {
                state.roots.push(root.clone());
            }
            state.files.insert(root, config);
        }
        self.recheck_all().await;
        Ok(toml_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Span;

    #[test]
    fn disabling_keeps_comments_and_writes_valid_config() {
        let existing = "# house rules\nstyle = \"ap\" # wire style\n";
        let ws = disable_rule_toml(existing, "dateline.dash", None).expect("edits");
        assert!(
            ws.starts_with("# house rules\nstyle = \"ap\" # wire style\n"),
            "{ws}"
        );
        assert!(ws.contains("[rules]\n\"dateline.dash\" = \"off\""), "{ws}");
        let file =
            disable_rule_toml(&ws, "dateline.missing", Some("stories/a b.txt")).expect("edits");
        assert!(
            file.contains("[file_rules.\"stories/a b.txt\"]\n\"dateline.missing\" = \"off\""),
            "{file}"
        );
        assert!(!file.contains("[file_rules]\n"), "{file}");
        let config = Config::from_toml(&file).expect("valid");
        let s = crate::engine::Settings::from_config(&config.for_file("stories/a b.txt"));
        assert_eq!(
            s.rule_level("dateline.missing"),
            Some(crate::engine::settings::RuleLevel::Off)
        );
        assert!(disable_rule_toml("rules = 3", "dateline.dash", None).is_err());
        assert!(disable_rule_toml("[[[", "dateline.dash", None).is_err());
    }

    #[test]
    fn combined_edits_skip_overlaps() {
        use crate::engine::{Fix, Severity};
        let f = |s, e, t: &str| {
            Finding::new("x.y", Severity::Warning, Span::new(s, e), "m").with_fix(Fix::replace(
                "t",
                Span::new(s, e),
                t,
            ))
        };
        let all = [f(5, 7, "b"), f(0, 2, "a"), f(1, 3, "c")];
        let edits = combined_edits(all.iter());
        let spans: Vec<(usize, usize)> = edits.iter().map(|e| (e.span.start, e.span.end)).collect();
        assert_eq!(spans, vec![(0, 2), (5, 7)]);
    }
}
