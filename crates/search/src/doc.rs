//! What is indexed: the searchable record, its kind, and the packing of kind, region and
//! industry sections into one fast-field word for filters and facets.

use crate::error::SearchError;

/// The kinds of record the portal searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    /// 开发区
    Zone,
    /// 招商项目
    Project,
    /// 转移意向 (a published relocation demand)
    Demand,
}

impl DocKind {
    pub const ALL: [DocKind; 3] = [DocKind::Zone, DocKind::Project, DocKind::Demand];

    pub fn code(self) -> &'static str {
        match self {
            DocKind::Zone => "zone",
            DocKind::Project => "project",
            DocKind::Demand => "demand",
        }
    }

    pub fn from_code(code: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind's number in the packed word.
    pub(crate) fn index(self) -> u64 {
        match self {
            DocKind::Zone => 0,
            DocKind::Project => 1,
            DocKind::Demand => 2,
        }
    }

    pub(crate) fn from_index(i: u64) -> Option<DocKind> {
        DocKind::ALL.get(usize::try_from(i).ok()?).copied()
    }
}

/// One record to index. `id` is the record's id in its own table, so `(kind, id)` is the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub kind: DocKind,
    pub id: i64,
    pub title_zh: String,
    pub title_en: Option<String>,
    /// Chinese free text: description, industries' names, city and the like.
    pub body: String,
    /// `east` | `central` | `west` | `northeast` (`gowest_domain::region::Region::code`).
    pub region: String,
    /// Six-digit administrative code of the province.
    pub province_code: String,
    /// GB/T 4754 section letters, `A` to `T`.
    pub industry_sections: Vec<String>,
}

/// The region codes, in the order of their two bits in the packed word.
pub(crate) const REGIONS: [&str; 4] = ["east", "central", "west", "northeast"];

pub(crate) fn region_index(code: &str) -> Option<u64> {
    REGIONS.iter().position(|r| *r == code).map(|i| i as u64)
}

/// Bit number of a GB/T 4754 section letter (`A` → 0). The standard has A–T; the word has
/// room for all 26 letters so a later edition does not need a new layout.
pub(crate) fn section_bit(letter: &str) -> Option<u32> {
    let mut chars = letter.chars();
    match (chars.next(), chars.next()) {
        (Some(c @ 'A'..='Z'), None) => Some(c as u32 - 'A' as u32),
        _ => None,
    }
}

pub(crate) fn section_letter(bit: u32) -> String {
    char::from_u32('A' as u32 + bit).map_or_else(String::new, String::from)
}

/// Bits 0–1 kind, 2–3 region, 4–29 sections. One column read per matching document gives
/// everything the filters and facets need.
pub(crate) struct Packed(pub u64);

impl Packed {
    pub(crate) const SECTION_SHIFT: u32 = 4;

    pub(crate) fn kind(&self) -> u64 {
        self.0 & 0b11
    }

    pub(crate) fn region(&self) -> u64 {
        (self.0 >> 2) & 0b11
    }

    pub(crate) fn sections(&self) -> u32 {
        // The mask is 26 bits wide, so the cast cannot lose any.
        (self.0 >> Self::SECTION_SHIFT) as u32 & ((1 << 26) - 1)
    }
}

impl SearchDoc {
    /// Checks region and sections and packs them with the kind.
    pub(crate) fn packed(&self) -> Result<u64, SearchError> {
        let invalid = |reason: String| SearchError::InvalidDoc {
            kind: self.kind,
            id: self.id,
            reason,
        };
        let region = region_index(&self.region)
            .ok_or_else(|| invalid(format!("unknown region {:?}", self.region)))?;
        let mut sections = 0u64;
        for s in &self.industry_sections {
            let bit =
                section_bit(s).ok_or_else(|| invalid(format!("unknown industry section {s:?}")))?;
            sections |= 1 << bit;
        }
        Ok(self.kind.index() | region << 2 | sections << Packed::SECTION_SHIFT)
    }

    pub(crate) fn key(&self) -> String {
        doc_key(self.kind, self.id)
    }
}

pub(crate) fn doc_key(kind: DocKind, id: i64) -> String {
    format!("{}:{id}", kind.code())
}
