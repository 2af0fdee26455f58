//! GB/T 4754-2017 industry classification: sections (门类, A–T) and divisions (大类, 01–97).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum IndustryLevel {
    Section,
    Division,
}

/// A section letter (`C`) or a two-digit division (`39`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "39")]
pub struct IndustryCode(String);

impl IndustryCode {
    pub fn parse(raw: &str) -> Option<IndustryCode> {
        let raw = raw.trim().to_ascii_uppercase();
        let ok = match raw.as_bytes() {
            [b] => (b'A'..=b'T').contains(b),
            [a, b] => a.is_ascii_digit() && b.is_ascii_digit() && raw != "00",
            _ => false,
        };
        ok.then_some(IndustryCode(raw))
    }

    pub fn level(&self) -> IndustryLevel {
        if self.0.len() == 1 {
            IndustryLevel::Section
        } else {
            IndustryLevel::Division
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The section (门类) a division belongs to, as GB/T 4754-2017 assigns the ranges;
    /// a section is its own section.
    pub fn section(&self) -> Option<IndustryCode> {
        if self.level() == IndustryLevel::Section {
            return Some(self.clone());
        }
        const FIRST_DIVISION_OF_SECTION: [(u8, char); 20] = [
            (1, 'A'),
            (6, 'B'),
            (13, 'C'),
            (44, 'D'),
            (47, 'E'),
            (51, 'F'),
            (53, 'G'),
            (61, 'H'),
            (63, 'I'),
            (66, 'J'),
            (70, 'K'),
            (71, 'L'),
            (73, 'M'),
            (76, 'N'),
            (80, 'O'),
            (83, 'P'),
            (84, 'Q'),
            (86, 'R'),
            (91, 'S'),
            (97, 'T'),
        ];
        let division: u8 = self.0.parse().ok()?;
        if division > 97 {
            return None;
        }
        FIRST_DIVISION_OF_SECTION
            .iter()
            .rev()
            .find(|(first, _)| division >= *first)
            .map(|(_, section)| IndustryCode(section.to_string()))
    }
}

impl TryFrom<String> for IndustryCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        IndustryCode::parse(&value).ok_or_else(|| format!("not a GB/T 4754 code: {value}"))
    }
}

impl From<IndustryCode> for String {
    fn from(code: IndustryCode) -> String {
        code.0
    }
}

impl std::fmt::Display for IndustryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Industry {
    pub code: IndustryCode,
    pub level: IndustryLevel,
    /// The section a division belongs to; none for a section.
    pub parent: Option<IndustryCode>,
    pub name_zh: String,
    pub name_en: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_and_divisions() {
        assert_eq!(
            IndustryCode::parse("c").map(|c| c.level()),
            Some(IndustryLevel::Section)
        );
        assert_eq!(
            IndustryCode::parse("39").map(|c| c.level()),
            Some(IndustryLevel::Division)
        );
        for bad in ["U", "Z", "00", "391", "", "3a"] {
            assert!(IndustryCode::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn divisions_know_their_section() {
        let section = |c: &str| {
            IndustryCode::parse(c)
                .and_then(|c| c.section())
                .map(|s| s.0)
        };
        assert_eq!(section("39"), Some("C".into()));
        assert_eq!(section("13"), Some("C".into()));
        assert_eq!(section("43"), Some("C".into()));
        assert_eq!(section("44"), Some("D".into()));
        assert_eq!(section("01"), Some("A".into()));
        assert_eq!(section("97"), Some("T".into()));
        assert_eq!(section("98"), None);
        assert_eq!(section("C"), Some("C".into()));
    }
}
