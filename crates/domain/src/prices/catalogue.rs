//! The product catalogue and its units. Each product is priced per one catalogue unit; a
//! report may use any unit of the same kind (mass or count) and is converted exactly:
//! fen per 斤 × 2 = fen per kg. A conversion that would not give whole fen is refused rather
//! than rounded, so a stored price is always exactly what the clerk reported.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A unit a price or volume is given in. Mass units are counted in grams, count units in
/// pieces (头 for livestock, 枚 for eggs sold by the piece).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 克
    Gram,
    /// 两 (50 g)
    Liang,
    /// 斤 (500 g)
    Jin,
    /// 千克 / 公斤
    Kg,
    /// 担 (50 kg)
    Dan,
    /// 吨
    Tonne,
    /// 头
    Head,
    /// 枚 / 个
    Piece,
}

/// Whether two units can be converted into each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Mass,
    Count,
}

impl Unit {
    pub const ALL: [Unit; 8] = [
        Unit::Gram,
        Unit::Liang,
        Unit::Jin,
        Unit::Kg,
        Unit::Dan,
        Unit::Tonne,
        Unit::Head,
        Unit::Piece,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Unit::Gram => "g",
            Unit::Liang => "liang",
            Unit::Jin => "jin",
            Unit::Kg => "kg",
            Unit::Dan => "dan",
            Unit::Tonne => "t",
            Unit::Head => "head",
            Unit::Piece => "piece",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Unit::Gram => "克",
            Unit::Liang => "两",
            Unit::Jin => "斤",
            Unit::Kg => "千克",
            Unit::Dan => "担",
            Unit::Tonne => "吨",
            Unit::Head => "头",
            Unit::Piece => "枚",
        }
    }

    /// By code or Chinese name (公斤 and 个 too).
    pub fn parse(raw: &str) -> Option<Unit> {
        let raw = raw.trim();
        match raw {
            "公斤" => return Some(Unit::Kg),
            "个" => return Some(Unit::Piece),
            _ => {}
        }
        Unit::ALL
            .into_iter()
            .find(|u| u.code().eq_ignore_ascii_case(raw) || u.name_zh() == raw)
    }

    pub fn kind(self) -> UnitKind {
        match self {
            Unit::Head | Unit::Piece => UnitKind::Count,
            _ => UnitKind::Mass,
        }
    }

    /// How many base units (grams or pieces) one of this unit holds.
    pub fn base(self) -> i64 {
        match self {
            Unit::Gram | Unit::Head | Unit::Piece => 1,
            Unit::Liang => 50,
            Unit::Jin => 500,
            Unit::Kg => 1_000,
            Unit::Dan => 50_000,
            Unit::Tonne => 1_000_000,
        }
    }
}

/// Why a conversion was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    #[error("the units measure different things")]
    Incompatible,
    #[error("the converted price is not a whole number of fen")]
    Inexact,
    #[error("the converted value is out of range")]
    OutOfRange,
}

/// Converts a price in fen per `from` into fen per `to`, exactly: fen/斤 → fen/kg multiplies
/// by 1000/500 = 2; a result with a fraction of a fen is refused.
pub fn convert_price(fen: i64, from: Unit, to: Unit) -> Result<i64, ConvertError> {
    if from.kind() != to.kind() {
        return Err(ConvertError::Incompatible);
    }
    let scaled = i128::from(fen) * i128::from(to.base());
    let divisor = i128::from(from.base());
    if scaled % divisor != 0 {
        return Err(ConvertError::Inexact);
    }
    i64::try_from(scaled / divisor).map_err(|_| ConvertError::OutOfRange)
}

/// Converts a volume given in thousandths of `from` into base units (grams or pieces),
/// exactly; a volume finer than one gram or piece is refused.
pub fn volume_to_base(milli: i64, from: Unit) -> Result<i64, ConvertError> {
    let scaled = i128::from(milli) * i128::from(from.base());
    if scaled % 1000 != 0 {
        return Err(ConvertError::Inexact);
    }
    i64::try_from(scaled / 1000).map_err(|_| ConvertError::OutOfRange)
}

/// One catalogue product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Product {
    /// Stable code, e.g. `cabbage`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// 蔬菜, 水果, 畜产品, 水产品, 粮油.
    pub category_zh: String,
    /// The unit every stored price of this product is per.
    pub unit: Unit,
}

/// The products reports may name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Catalogue {
    pub products: Vec<Product>,
}

/// The ministry's standard list (programme data, editable later): code, 中文, English,
/// category, unit.
const STANDARD: &[(&str, &str, &str, &str, Unit)] = &[
    ("cabbage", "大白菜", "Chinese cabbage", "蔬菜", Unit::Kg),
    ("potato", "土豆", "Potato", "蔬菜", Unit::Kg),
    ("tomato", "西红柿", "Tomato", "蔬菜", Unit::Kg),
    ("cucumber", "黄瓜", "Cucumber", "蔬菜", Unit::Kg),
    ("eggplant", "茄子", "Eggplant", "蔬菜", Unit::Kg),
    ("green_pepper", "青椒", "Green pepper", "蔬菜", Unit::Kg),
    ("carrot", "胡萝卜", "Carrot", "蔬菜", Unit::Kg),
    ("white_radish", "白萝卜", "White radish", "蔬菜", Unit::Kg),
    ("onion", "洋葱", "Onion", "蔬菜", Unit::Kg),
    ("garlic", "大蒜", "Garlic", "蔬菜", Unit::Kg),
    ("ginger", "生姜", "Ginger", "蔬菜", Unit::Kg),
    ("celery", "芹菜", "Celery", "蔬菜", Unit::Kg),
    ("spinach", "菠菜", "Spinach", "蔬菜", Unit::Kg),
    ("leek", "韭菜", "Chinese chive", "蔬菜", Unit::Kg),
    ("apple", "苹果", "Apple", "水果", Unit::Kg),
    ("pear", "梨", "Pear", "水果", Unit::Kg),
    ("orange", "柑橘", "Orange", "水果", Unit::Kg),
    ("banana", "香蕉", "Banana", "水果", Unit::Kg),
    ("grape", "葡萄", "Grape", "水果", Unit::Kg),
    ("watermelon", "西瓜", "Watermelon", "水果", Unit::Kg),
    ("pork", "猪肉", "Pork", "畜产品", Unit::Kg),
    ("beef", "牛肉", "Beef", "畜产品", Unit::Kg),
    ("mutton", "羊肉", "Mutton", "畜产品", Unit::Kg),
    ("chicken", "白条鸡", "Dressed chicken", "畜产品", Unit::Kg),
    ("egg", "鸡蛋", "Egg", "畜产品", Unit::Kg),
    ("live_hog", "生猪", "Live hog", "畜产品", Unit::Head),
    ("carp", "鲤鱼", "Carp", "水产品", Unit::Kg),
    ("grass_carp", "草鱼", "Grass carp", "水产品", Unit::Kg),
    ("rice", "大米", "Rice", "粮油", Unit::Kg),
    ("wheat_flour", "面粉", "Wheat flour", "粮油", Unit::Kg),
    ("corn", "玉米", "Maize", "粮油", Unit::Kg),
    ("soybean", "大豆", "Soybean", "粮油", Unit::Kg),
    ("peanut_oil", "花生油", "Peanut oil", "粮油", Unit::Kg),
];

impl Catalogue {
    pub fn standard() -> Catalogue {
        Catalogue {
            products: STANDARD
                .iter()
                .map(|(code, zh, en, cat, unit)| Product {
                    code: (*code).to_owned(),
                    name_zh: (*zh).to_owned(),
                    name_en: (*en).to_owned(),
                    category_zh: (*cat).to_owned(),
                    unit: *unit,
                })
                .collect(),
        }
    }

    /// By code or Chinese name.
    pub fn find(&self, raw: &str) -> Option<&Product> {
        let raw = raw.trim();
        self.products
            .iter()
            .find(|p| p.code == raw || p.name_zh == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn jin_prices_double_into_kg_prices() {
        assert_eq!(convert_price(350, Unit::Jin, Unit::Kg), Ok(700));
        assert_eq!(convert_price(700, Unit::Kg, Unit::Jin), Ok(350));
        assert_eq!(convert_price(1_000_000, Unit::Tonne, Unit::Kg), Ok(1_000));
    }

    #[test]
    fn conversions_that_would_round_are_refused() {
        assert_eq!(
            convert_price(701, Unit::Kg, Unit::Jin),
            Err(ConvertError::Inexact)
        );
        assert_eq!(
            convert_price(100, Unit::Head, Unit::Kg),
            Err(ConvertError::Incompatible)
        );
        assert_eq!(volume_to_base(1, Unit::Gram), Err(ConvertError::Inexact));
        assert_eq!(volume_to_base(1_500, Unit::Jin), Ok(750));
    }

    #[test]
    fn units_parse_by_code_and_chinese_name() {
        assert_eq!(Unit::parse("斤"), Some(Unit::Jin));
        assert_eq!(Unit::parse("公斤"), Some(Unit::Kg));
        assert_eq!(Unit::parse("KG"), Some(Unit::Kg));
        assert_eq!(Unit::parse("筐"), None);
    }

    #[test]
    fn the_standard_catalogue_has_a_few_dozen_distinct_products() {
        let c = Catalogue::standard();
        assert!(c.products.len() >= 30);
        let mut codes: Vec<_> = c.products.iter().map(|p| &p.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), c.products.len());
        assert_eq!(c.find("大白菜").map(|p| p.code.as_str()), Some("cabbage"));
    }

    proptest! {
        #[test]
        fn an_exact_conversion_round_trips(fen in 0i64..10_000_000, a in 0usize..6, b in 0usize..6) {
            let (from, to) = (Unit::ALL[a], Unit::ALL[b]);
            if let Ok(there) = convert_price(fen, from, to) {
                prop_assert_eq!(convert_price(there, to, from), Ok(fen));
            }
        }
    }
}
