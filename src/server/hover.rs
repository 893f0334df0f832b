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
        let offset = Converter::new(&checked.text, self.caps().encoding).offset(pos.position);
        let markdown = hover_markdown(analysis, &checked.settings, offset)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: None,
        })
    }
}
