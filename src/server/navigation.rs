//! Navigation over the article's entities: the outline (`documentSymbol`), every mention of the
//! entity under the cursor (`documentHighlight`, `references`), renaming a person across the
//! article (`prepareRename`, `rename`), and people, places and organizations across the
//! workspace (`workspace/symbol`). The engine's `outline` module does the work; this maps it.

use super::convert::Converter;
use super::{lock, Backend};
use crate::engine::outline::{self, SymbolKind as Kind};
use crate::engine::EntityKind;
use tower_lsp::jsonrpc::{Error as RpcError, Result as RpcResult};
use tower_lsp::lsp_types::*;

fn symbol_kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Dateline => SymbolKind::EVENT,
        Kind::Person => SymbolKind::CLASS,
        Kind::Place => SymbolKind::MODULE,
        Kind::Organization => SymbolKind::STRUCT,
        Kind::Figure => SymbolKind::NUMBER,
    }
}

fn entity_symbol_kind(kind: EntityKind) -> SymbolKind {
    match kind {
        EntityKind::Person => SymbolKind::CLASS,
        EntityKind::Place => SymbolKind::MODULE,
        EntityKind::Organization => SymbolKind::STRUCT,
    }
}

/// Workspace symbols answered at most: a client filters further as the user types.
const MAX_WORKSPACE_SYMBOLS: usize = 500;

impl Backend {
    pub(crate) async fn document_symbols(
        &self,
        params: DocumentSymbolParams,
    ) -> Option<DocumentSymbolResponse> {
        let checked = self.current_check(&params.text_document.uri).await?;
        let analysis = checked.analysis.as_ref()?;
        let conv = Converter::of(&checked, self.caps().encoding);
        #[allow(deprecated)] // `deprecated` is a required field of the struct
        let symbols = outline::symbols(analysis)
            .into_iter()
            .map(|s| DocumentSymbol {
                name: s.name,
                detail: s.detail,
                kind: symbol_kind(s.kind),
                tags: None,
                deprecated: None,
                range: conv.range(s.span),
                selection_range: conv.range(s.span),
                children: None,
            })
            .collect();
        Some(DocumentSymbolResponse::Nested(symbols))
    }

    pub(crate) async fn highlights(
        &self,
        params: DocumentHighlightParams,
    ) -> Option<Vec<DocumentHighlight>> {
        let pos = params.text_document_position_params;
        let checked = self.current_check(&pos.text_document.uri).await?;
        let analysis = checked.analysis.as_ref()?;
        let conv = Converter::of(&checked, self.caps().encoding);
        let (_, entity) = outline::entity_at(analysis, conv.offset(pos.position))?;
        Some(
            outline::occurrences(entity)
                .into_iter()
                .map(|span| DocumentHighlight {
                    range: conv.range(span),
                    kind: Some(DocumentHighlightKind::TEXT),
                })
                .collect(),
        )
    }

    pub(crate) async fn references_of(&self, params: ReferenceParams) -> Option<Vec<Location>> {
        let pos = params.text_document_position;
        let uri = pos.text_document.uri;
        let checked = self.current_check(&uri).await?;
        let analysis = checked.analysis.as_ref()?;
        let conv = Converter::of(&checked, self.caps().encoding);
        let (_, entity) = outline::entity_at(analysis, conv.offset(pos.position))?;
        // The first mention is where the person (place, organization) is introduced: the
        // "declaration" a client may ask to leave out.
        let skip = usize::from(!params.context.include_declaration);
        Some(
            outline::occurrences(entity)
                .into_iter()
                .skip(skip)
                .map(|span| Location::new(uri.clone(), conv.range(span)))
                .collect(),
        )
    }

    pub(crate) async fn prepare_rename_at(
        &self,
        params: TextDocumentPositionParams,
    ) -> RpcResult<Option<PrepareRenameResponse>> {
        let Some(checked) = self.current_check(&params.text_document.uri).await else {
            return Ok(None);
        };
        let Some(analysis) = checked.analysis.as_ref() else {
            return Ok(None);
        };
        let conv = Converter::of(&checked, self.caps().encoding);
        let offset = conv.offset(params.position);
        let Some((_, entity)) = outline::entity_at(analysis, offset) else {
            return Ok(None);
        };
        if entity.kind != EntityKind::Person {
            return Err(RpcError::invalid_params(
                "only people can be renamed: places and organizations are named by the world, not the story",
            ));
        }
        let Some(mention) = entity.mentions.iter().find(|m| m.span.touches(offset)) else {
            return Err(RpcError::invalid_params(
                "put the cursor on the person's name (not a title such as `the spokesperson`)",
            ));
        };
        Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: conv.range(mention.span),
            placeholder: entity.name.clone(),
        }))
    }

    pub(crate) async fn rename_at(&self, params: RenameParams) -> RpcResult<Option<WorkspaceEdit>> {
        let pos = params.text_document_position;
        let uri = pos.text_document.uri;
        let Some(checked) = self.current_check(&uri).await else {
            return Ok(None);
        };
        let Some(analysis) = checked.analysis.as_ref() else {
            return Ok(None);
        };
        let conv = Converter::of(&checked, self.caps().encoding);
        let Some((index, _)) = outline::entity_at(analysis, conv.offset(pos.position)) else {
            return Ok(None);
        };
        match outline::rename_edits(analysis, index, &params.new_name) {
            Some(edits) => Ok(Some(self.workspace_edit(&uri, &checked, &edits))),
            None => Err(RpcError::invalid_params(
                "only a person can be renamed, to a name that is not empty",
            )),
        }
    }

    /// People, places and organizations of every article checked so far (open or on disk)
    /// whose name contains the query, case-insensitively.
    pub(crate) fn workspace_symbols(&self, query: &str) -> Vec<SymbolInformation> {
        let query = query.to_lowercase();
        let checks: Vec<_> = {
            let docs = lock(&self.shared.docs);
            docs.uris()
                .into_iter()
                .filter_map(|uri| docs.get(&uri)?.current_check().map(|c| (uri, c)))
                .collect()
        };
        let enc = self.caps().encoding;
        let mut out = Vec::new();
        for (uri, checked) in checks {
            let Some(analysis) = checked.analysis.as_ref() else {
                continue;
            };
            let conv = Converter::of(&checked, enc);
            for e in &analysis.entities {
                let Some(first) = e.mentions.first() else {
                    continue;
                };
                if !query.is_empty() && !e.name.to_lowercase().contains(&query) {
                    continue;
                }
                #[allow(deprecated)] // `deprecated` is a required field of the struct
                out.push(SymbolInformation {
                    name: e.name.clone(),
                    kind: entity_symbol_kind(e.kind),
                    tags: None,
                    deprecated: None,
                    location: Location::new(uri.clone(), conv.range(first.span)),
                    container_name: e.title.clone(),
                });
                if out.len() >= MAX_WORKSPACE_SYMBOLS {
                    return out;
                }
            }
        }
        out
    }
}
