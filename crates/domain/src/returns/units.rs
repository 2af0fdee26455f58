//! Units of the returns: the unit a value is stored in (an integer) and the unit people type
//! and read it in. Every shown unit is its stored unit times a power of ten, so converting is
//! exact decimal parsing with that many places: 1 万元 = 10^6 fen, 1 万美元 = 10^6 US cents,
//! 1 % = 100 basis points, 1 吨 = 10^3 千克, 1 立方米 = 10^3 升.

use crate::decimal::{DecimalError, format_scaled, parse_scaled};

crate::pipeline::coded_enum! {
    /// The unit a value is stored in, as an `i64`.
    pub enum Unit {
        Fen => ("fen", "分", "fen (0.01 yuan)"),
        UsCents => ("us_cents", "美分", "US cents"),
        BasisPoints => ("basis_points", "基点（0.01%）", "basis points (0.01 %)"),
        Persons => ("persons", "人", "persons"),
        Count => ("count", "个", "count"),
        KgScePerWanYuan => ("kg_sce_per_wan_yuan", "千克标准煤/万元", "kg of standard coal per 10,000 yuan"),
        KgCo2PerWanYuan => ("kg_co2_per_wan_yuan", "千克二氧化碳/万元", "kg of CO2 per 10,000 yuan"),
        LitresPerWanYuan => ("litres_per_wan_yuan", "升/万元", "litres per 10,000 yuan"),
    }
}

crate::pipeline::coded_enum! {
    /// The unit a value is typed and shown in; its Chinese name is the symbol in headers.
    pub enum ShownUnit {
        WanYuan => ("wan_yuan", "万元", "10,000 yuan"),
        YiYuan => ("yi_yuan", "亿元", "100 million yuan"),
        WanUsd => ("wan_usd", "万美元", "10,000 US dollars"),
        Percent => ("percent", "%", "%"),
        Persons => ("persons", "人", "persons"),
        Count => ("count", "个", "count"),
        Enterprises => ("enterprises", "家", "enterprises"),
        TScePerWanYuan => ("t_sce_per_wan_yuan", "吨标准煤/万元", "t of standard coal per 10,000 yuan"),
        TCo2PerWanYuan => ("t_co2_per_wan_yuan", "吨二氧化碳/万元", "t of CO2 per 10,000 yuan"),
        M3PerWanYuan => ("m3_per_wan_yuan", "立方米/万元", "m³ per 10,000 yuan"),
    }
}

/// Why a typed value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error("not a number")]
    NotANumber,
    #[error("more decimal places than the stored unit holds")]
    TooPrecise,
    #[error("out of range")]
    OutOfRange,
}

impl ShownUnit {
    /// The unit the typed value is stored in.
    pub fn stored(self) -> Unit {
        match self {
            ShownUnit::WanYuan | ShownUnit::YiYuan => Unit::Fen,
            ShownUnit::WanUsd => Unit::UsCents,
            ShownUnit::Percent => Unit::BasisPoints,
            ShownUnit::Persons => Unit::Persons,
            ShownUnit::Count | ShownUnit::Enterprises => Unit::Count,
            ShownUnit::TScePerWanYuan => Unit::KgScePerWanYuan,
            ShownUnit::TCo2PerWanYuan => Unit::KgCo2PerWanYuan,
            ShownUnit::M3PerWanYuan => Unit::LitresPerWanYuan,
        }
    }

    /// Decimal places a typed value may have: one shown unit is 10^places stored units.
    pub fn places(self) -> usize {
        match self {
            ShownUnit::YiYuan => 10,
            ShownUnit::WanYuan | ShownUnit::WanUsd => 6,
            ShownUnit::TScePerWanYuan | ShownUnit::TCo2PerWanYuan | ShownUnit::M3PerWanYuan => 3,
            ShownUnit::Percent => 2,
            ShownUnit::Persons | ShownUnit::Count | ShownUnit::Enterprises => 0,
        }
    }

    /// Reads a value as people type it into the stored unit, exactly: `1,234.5` (万元) is
    /// 1,234,500,000 fen, `1.85` or `1.85%` (percent) is 185 basis points. Thousands
    /// separators (`,` or `，`) must group by three; the unit's own symbol may follow the
    /// number; blank is for the caller to treat as missing.
    pub fn parse_value(self, raw: &str) -> Result<i64, UnitError> {
        let mut text = raw.trim();
        for symbol in [
            self.name_zh(),
            if self == ShownUnit::Percent {
                "％"
            } else {
                ""
            },
        ] {
            if !symbol.is_empty()
                && let Some(rest) = text.strip_suffix(symbol)
            {
                text = rest.trim_end();
            }
        }
        let plain = ungroup(text).ok_or(UnitError::NotANumber)?;
        match parse_scaled(&plain, self.places()) {
            Ok(v) => Ok(v),
            Err(DecimalError::TooPrecise) => {
                float_print(&plain, self.places()).ok_or(UnitError::TooPrecise)
            }
            Err(DecimalError::NotANumber) => Err(UnitError::NotANumber),
            Err(DecimalError::OutOfRange) => Err(UnitError::OutOfRange),
        }
    }

    /// The stored value in this unit, exact and without trailing zeros: 1,234,500,000 fen is
    /// `1234.5` 万元, 185 basis points `1.85` %. `parse_value` reads it back to the same value.
    pub fn format_value(self, stored: i64) -> String {
        let text = format_scaled(stored, self.places());
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            text
        }
    }
}

/// A spreadsheet cell computed by a formula is read as its binary float printed in full
/// (`1234.5678910000001` for 1234.567891): with 16 or more significant digits the text can
/// only be such a print, and it is accepted when it lies within the float's rounding noise of
/// a whole stored unit, as `Fen::from_yuan_f64` accepts cells of 元. Anything further off
/// (a third of a 万元) stays refused.
fn float_print(plain: &str, places: usize) -> Option<i64> {
    let significant = plain
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&b| b == b'0')
        .count();
    if significant < 16 {
        return None;
    }
    let scaled = plain.parse::<f64>().ok()? * 10f64.powi(i32::try_from(places).ok()?);
    if !scaled.is_finite() || scaled.abs() >= 9.0e15 {
        return None;
    }
    let rounded = scaled.round();
    let noise = (scaled.abs() * 8.0 * f64::EPSILON).max(1e-6);
    ((scaled - rounded).abs() <= noise).then_some(rounded as i64)
}

/// The number without its thousands separators, or `None` when they do not group the whole
/// part by threes (`1,23.4` is more likely a typo than a number).
fn ungroup(text: &str) -> Option<String> {
    if !text.contains([',', '，']) {
        return Some(text.to_owned());
    }
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = whole.trim_start_matches(['-', '+']);
    let sign = &whole[..whole.len() - digits.len()];
    let groups: Vec<&str> = digits.split([',', '，']).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    if !first_ok || !rest_ok || frac.is_some_and(|f| f.contains([',', '，'])) {
        return None;
    }
    let mut plain = format!("{sign}{}", groups.concat());
    if let Some(f) = frac {
        plain.push('.');
        plain.push_str(f);
    }
    Some(plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn typed_values_become_stored_units_exactly() {
        assert_eq!(ShownUnit::WanYuan.parse_value("1,234.5"), Ok(1_234_500_000));
        assert_eq!(
            ShownUnit::WanYuan.parse_value("1，234.5万元"),
            Ok(1_234_500_000)
        );
        assert_eq!(ShownUnit::WanYuan.parse_value("0.000001"), Ok(1));
        assert_eq!(
            ShownUnit::WanYuan.parse_value("0.0000001"),
            Err(UnitError::TooPrecise)
        );
        assert_eq!(ShownUnit::YiYuan.parse_value("1.5"), Ok(15_000_000_000));
        assert_eq!(ShownUnit::WanUsd.parse_value("2,500"), Ok(2_500_000_000));
        assert_eq!(ShownUnit::Percent.parse_value("1.85"), Ok(185));
        assert_eq!(ShownUnit::Percent.parse_value("1.85 %"), Ok(185));
        assert_eq!(ShownUnit::Percent.parse_value("1.85％"), Ok(185));
        assert_eq!(
            ShownUnit::Percent.parse_value("1.855"),
            Err(UnitError::TooPrecise)
        );
        assert_eq!(ShownUnit::TScePerWanYuan.parse_value("0.452"), Ok(452));
        assert_eq!(ShownUnit::M3PerWanYuan.parse_value("12.5"), Ok(12_500));
        assert_eq!(ShownUnit::Enterprises.parse_value("35家"), Ok(35));
        assert_eq!(
            ShownUnit::Count.parse_value("3.5"),
            Err(UnitError::TooPrecise)
        );
        assert_eq!(ShownUnit::Persons.parse_value("-12"), Ok(-12));
    }

    #[test]
    fn a_formula_cells_float_print_reads_as_its_value() {
        assert_eq!(
            ShownUnit::WanYuan.parse_value("1234.5678910000001"),
            Ok(1_234_567_891)
        );
        assert_eq!(
            ShownUnit::Percent.parse_value("0.30000000000000004"),
            Ok(30)
        );
        assert_eq!(
            ShownUnit::WanUsd.parse_value("-0.30000000000000004"),
            Ok(-300_000)
        );
        // A third of a 万元 is no whole fen, and fifteen digits are typed, not printed.
        assert_eq!(
            ShownUnit::WanYuan.parse_value("0.3333333333333333"),
            Err(UnitError::TooPrecise)
        );
        assert_eq!(
            ShownUnit::WanYuan.parse_value("1.00000000000001"),
            Err(UnitError::TooPrecise)
        );
    }

    #[test]
    fn bad_grouping_and_words_are_not_numbers() {
        for raw in [
            "1,23.4",
            "12,3456",
            ",123",
            "1,234.5,6",
            "abc",
            "",
            "1.2.3",
            "1e6",
        ] {
            assert_eq!(
                ShownUnit::WanYuan.parse_value(raw),
                Err(UnitError::NotANumber),
                "{raw}"
            );
        }
        // Another unit's symbol is not stripped: 万美元 typed into a 万元 cell is refused.
        assert_eq!(
            ShownUnit::WanYuan.parse_value("12万美元"),
            Err(UnitError::NotANumber)
        );
        assert_eq!(
            ShownUnit::WanYuan.parse_value("99999999999999999"),
            Err(UnitError::OutOfRange)
        );
    }

    #[test]
    fn formats_without_trailing_zeros() {
        assert_eq!(ShownUnit::WanYuan.format_value(1_234_500_000), "1234.5");
        assert_eq!(ShownUnit::WanYuan.format_value(1_000_000), "1");
        assert_eq!(ShownUnit::WanYuan.format_value(1), "0.000001");
        assert_eq!(ShownUnit::Percent.format_value(185), "1.85");
        assert_eq!(ShownUnit::Count.format_value(120), "120");
        assert_eq!(ShownUnit::WanUsd.format_value(-5_000_000), "-5");
    }

    #[test]
    fn every_shown_unit_scales_to_its_stored_unit() {
        for unit in ShownUnit::ALL {
            let one = 10i64.pow(unit.places() as u32);
            assert_eq!(unit.parse_value("1"), Ok(one), "{}", unit.code());
        }
    }

    proptest! {
        #[test]
        fn stored_to_shown_to_stored(v in -1_000_000_000_000_000i64..1_000_000_000_000_000, i in 0usize..10) {
            let unit = ShownUnit::ALL[i];
            prop_assert_eq!(unit.parse_value(&unit.format_value(v)), Ok(v));
        }

        #[test]
        fn grouped_input_reads_as_plain(v in 0i64..1_000_000_000_000, i in 0usize..10) {
            let unit = ShownUnit::ALL[i];
            let plain = unit.format_value(v);
            let (whole, frac) = plain.split_once('.').map_or((plain.as_str(), None), |(w, f)| (w, Some(f)));
            let mut grouped = String::new();
            for (n, c) in whole.chars().enumerate() {
                if n > 0 && (whole.len() - n) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            if let Some(f) = frac {
                grouped = format!("{grouped}.{f}");
            }
            prop_assert_eq!(unit.parse_value(&grouped), Ok(v));
        }
    }
}
