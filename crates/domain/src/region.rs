//! Provinces (GB/T 2260) and the four economic regions of the National Bureau of Statistics.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The NBS four-region split. 中部 and 西部 are the programme's destination regions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    East,
    Central,
    West,
    Northeast,
}

impl Region {
    pub const ALL: [Region; 4] = [
        Region::East,
        Region::Central,
        Region::West,
        Region::Northeast,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Region::East => "east",
            Region::Central => "central",
            Region::West => "west",
            Region::Northeast => "northeast",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Region::East => "东部",
            Region::Central => "中部",
            Region::West => "西部",
            Region::Northeast => "东北",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Region::East => "East",
            Region::Central => "Central",
            Region::West => "West",
            Region::Northeast => "Northeast",
        }
    }

    pub fn parse(code: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A GB/T 2260 provincial-level code: six digits, the last four zero (e.g. `510000` 四川省).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "510000")]
pub struct ProvinceCode(String);

impl ProvinceCode {
    /// Accepts `51`, `510000`; anything else is refused.
    pub fn parse(raw: &str) -> Option<ProvinceCode> {
        let raw = raw.trim();
        let six = match raw.len() {
            2 => format!("{raw}0000"),
            6 => raw.to_owned(),
            _ => return None,
        };
        let valid = six.bytes().all(|b| b.is_ascii_digit())
            && six.ends_with("0000")
            && (11..=82).contains(&six[..2].parse::<u8>().unwrap_or(0));
        valid.then_some(ProvinceCode(six))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ProvinceCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ProvinceCode::parse(&value).ok_or_else(|| format!("not a GB/T 2260 province code: {value}"))
    }
}

impl From<ProvinceCode> for String {
    fn from(code: ProvinceCode) -> String {
        code.0
    }
}

impl std::fmt::Display for ProvinceCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A province-level division with its region and the programme's regional flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Province {
    pub code: ProvinceCode,
    pub name_zh: String,
    pub name_en: String,
    pub region: Region,
    /// In the 西部大开发 scope at province level.
    pub western_development: bool,
    /// 长三角, 珠三角, 环渤海 or 闽南 (notice §6(二)), at province level.
    pub coastal_economic_zone: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_codes_accept_short_and_long_forms() {
        assert_eq!(
            ProvinceCode::parse("51").map(|c| c.0),
            Some("510000".into())
        );
        assert_eq!(
            ProvinceCode::parse(" 500000 ").map(|c| c.0),
            Some("500000".into())
        );
    }

    #[test]
    fn province_codes_refuse_city_codes_and_garbage() {
        for bad in ["510100", "5100", "99", "00", "ab0000", "", "5100000"] {
            assert!(ProvinceCode::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn region_codes_round_trip() {
        for r in Region::ALL {
            assert_eq!(Region::parse(r.code()), Some(r));
        }
        assert_eq!(Region::parse("middle"), None);
    }
}
