//! Hover: the engine's Markdown cards (see `engine::hover`), shown as they are. Where no
//! provider has anything to say the answer is `null`, never an empty card.

use super::convert::Converter;
use super::Backend;
use crate::engine::hover::hover_markdown;
use tower_lsp::lsp_types::*;

impl Backend {
    pub(crate) async fn hover_at(&self, params: HoverParams) -> Option<Hover> {
        let pos = params.text_document_position_params;
        let checked = self.current_check(&pos.text_document.uri).await?;
        let analysis = checked.analysis.as_ref()?;
        let offset = Converter::of(&checked, self.caps().encoding).offset(pos.position);
        let markdown = hover_markdown(analysis, &checked.settings, offset)?;
        let contents = if self.caps().hover_plain {
            MarkupContent {
                kind: MarkupKind::PlainText,
                value: markdown_to_plain(&markdown),
            }
        } else {
            MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }
        };
        Some(Hover {
            contents: HoverContents::Markup(contents),
            range: None,
        })
    }
}

/// The cards use only light Markdown (emphasis, code spans, headings, rules, bullets), so
/// dropping the markers leaves readable text.
fn markdown_to_plain(markdown: &str) -> String {
    markdown
        .lines()
        .map(|line| {
            let line = line.trim_start_matches('#').trim_start();
            if line.chars().all(|c| c == '-' || c == '*' || c == '_') && !line.is_empty() {
                return String::new();
            }
            line.replace("**", "").replace('`', "").replace("\\", "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::markdown_to_plain;

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            markdown_to_plain("### **John Kirby**\n---\nFiled from `WASHINGTON`"),
            "John Kirby\n\nFiled from WASHINGTON"
        );
    }
}
