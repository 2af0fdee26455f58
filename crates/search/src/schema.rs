//! The index layout: fields, tokenizers, and turning a [`SearchDoc`] into a tantivy document.

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};
use tantivy::{Index, TantivyDocument};
use tantivy_jieba::JiebaTokenizer;

use crate::doc::SearchDoc;
use crate::error::Result;
use crate::text::{GramTokenizer, join_for_grams, match_fields};

/// Bump on any change to fields, tokenizers or what goes into them: `SearchIndex::open` then
/// wipes the old index and asks for a rebuild.
pub(crate) const SCHEMA_VERSION: u32 = 3;

/// 1- to 3-grams, doc ids only: a word of up to 3 characters is one term lookup.
const SHORT: &str = "gw_short";
/// 4-grams with positions: a 4-character word is one lookup, longer ones a phrase.
const QUAD: &str = "gw_quad";
/// The longest gram in `SHORT`.
pub(crate) const SHORT_MAX: usize = 3;
/// The gram length of `QUAD`.
pub(crate) const QUAD_LEN: usize = 4;
const JIEBA: &str = "gw_jieba";

#[derive(Clone)]
pub(crate) struct Fields {
    /// `kind:id`, the key that upsert and remove delete by.
    pub key: Field,
    pub id: Field,
    /// Kind, region and sections packed (see `doc::Packed`).
    pub packed: Field,
    pub province: Field,
    pub title_zh: Field,
    pub title_en: Field,
    pub body: Field,
    /// 1- to 3-grams of every match text: decides matches of words up to 3 characters.
    pub grams_short: Field,
    /// 4-grams of every match text, with positions: decides matches of longer words.
    pub grams_quad: Field,
    /// jieba words of the body: BM25 ranks whole-word matches first.
    pub words: Field,
    /// jieba words of the titles and the title's pinyin: a short field, so a word found there
    /// scores above the same word in a long body.
    pub title_words: Field,
}

pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Gram matches are scored as constants, so length norms would be dead weight.
    let grams = |tokenizer: &str, option| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_fieldnorms(false)
                .set_index_option(option),
        )
    };
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(JIEBA)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        id: b.add_i64_field("id", FAST),
        packed: b.add_u64_field("packed", FAST),
        province: b.add_text_field("province", STRING),
        title_zh: b.add_text_field("title_zh", STORED),
        title_en: b.add_text_field("title_en", STORED),
        body: b.add_text_field("body", STORED),
        grams_short: b.add_text_field("grams_short", grams(SHORT, IndexRecordOption::Basic)),
        grams_quad: b.add_text_field(
            "grams_quad",
            grams(QUAD, IndexRecordOption::WithFreqsAndPositions),
        ),
        words: b.add_text_field("words", words.clone()),
        title_words: b.add_text_field("title_words", words),
    };
    (b.build(), fields)
}

pub(crate) fn register_tokenizers(index: &Index) {
    let grams = |min, max| GramTokenizer { min, max };
    index.tokenizers().register(SHORT, grams(1, SHORT_MAX));
    index.tokenizers().register(QUAD, grams(QUAD_LEN, QUAD_LEN));
    index
        .tokenizers()
        .register(JIEBA, TextAnalyzer::builder(JiebaTokenizer::new()).build());
}

/// jieba words of an already normalised query word, as indexed in `words`.
pub(crate) fn jieba_words(word: &str) -> Vec<String> {
    let mut tokenizer = JiebaTokenizer::new();
    let mut stream = tokenizer.token_stream(word);
    let mut out: Vec<String> = Vec::new();
    while stream.advance() {
        let t = &stream.token().text;
        if !t.trim().is_empty() && !out.contains(t) {
            out.push(t.clone());
        }
    }
    out
}

pub(crate) fn to_document(f: &Fields, doc: &SearchDoc) -> Result<TantivyDocument> {
    let packed = doc.packed()?;
    let [title_zh, title_en, body, pinyin_full, pinyin_initials] = match_fields(doc);
    let mut d = TantivyDocument::default();
    d.add_text(f.key, doc.key());
    d.add_i64(f.id, doc.id);
    d.add_u64(f.packed, packed);
    d.add_text(f.province, &doc.province_code);
    d.add_text(f.title_zh, &doc.title_zh);
    if let Some(en) = &doc.title_en {
        d.add_text(f.title_en, en);
    }
    d.add_text(f.body, &doc.body);
    let all = join_for_grams([
        title_zh.as_str(),
        &title_en,
        &body,
        &pinyin_full,
        &pinyin_initials,
    ]);
    d.add_text(f.grams_short, &all);
    d.add_text(f.grams_quad, all);
    d.add_text(
        f.title_words,
        format!("{title_zh}\n{title_en}\n{pinyin_full}\n{pinyin_initials}"),
    );
    d.add_text(f.words, body);
    Ok(d)
}
