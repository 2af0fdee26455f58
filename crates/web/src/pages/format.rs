//! How figures read on a page: 元 with thousands separators, areas, distances, names.

use super::ctx::Lang;
use gowest_domain::decimal::format_scaled;
use gowest_domain::geo::LatLon;
use gowest_domain::money::Fen;
use gowest_domain::region::Region;
use gowest_domain::zone::ZoneLevel;

/// `1234567` → `1,234,567`; a leading `-` is kept.
pub fn group_thousands(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits),
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    out.push_str(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount of fen in 元 with two decimals and grouping: `Fen(123450)` → `1,234.50`.
pub fn yuan(amount: Fen) -> String {
    let plain = amount.to_yuan_string();
    match plain.split_once('.') {
        Some((whole, frac)) => format!("{}.{frac}", group_thousands(whole)),
        None => group_thousands(&plain),
    }
}

/// `1,234.50 元/㎡` or `1,234.50 yuan/m²`.
pub fn land_price(amount: Fen, lang: Lang) -> String {
    format!("{} {}", yuan(amount), lang.pick("元/㎡", "yuan/m²"))
}

/// `6,500.00 元/月` or `6,500.00 yuan/month`.
pub fn monthly_wage(amount: Fen, lang: Lang) -> String {
    format!("{} {}", yuan(amount), lang.pick("元/月", "yuan/month"))
}

pub fn count(n: usize) -> String {
    group_thousands(&n.to_string())
}

/// Hectares as km² with two decimals: `1250` → `12.50 km²`.
pub fn area(hectares: i64, lang: Lang) -> String {
    let km2 = format_scaled(hectares, 2);
    let (whole, frac) = km2.split_once('.').unwrap_or((&km2, "00"));
    format!(
        "{}.{frac} {}",
        group_thousands(whole),
        lang.pick("平方公里", "km²")
    )
}

/// `1,234 km`.
pub fn km(km: u32) -> String {
    format!("{} km", group_thousands(&km.to_string()))
}

/// Tenths of an hour: `125` → `12.5 小时`.
pub fn hours(tenths: u32, lang: Lang) -> String {
    format!(
        "{} {}",
        format_scaled(i64::from(tenths), 1),
        lang.pick("小时", "h")
    )
}

/// `30.57°N, 104.27°E` (China lies north and east of 0°), as precise as stored.
pub fn coordinates(at: LatLon) -> String {
    format!("{}°N, {}°E", at.lat, at.lon)
}

pub fn region(region: Region, lang: Lang) -> &'static str {
    lang.pick(region.name_zh(), region.name_en())
}

/// A short name for tables; the zone page shows the full one.
pub fn level_short(level: ZoneLevel, lang: Lang) -> &'static str {
    match level {
        ZoneLevel::NationalEtdz => lang.pick("国家级经开区", "National ETDZ"),
        ZoneLevel::EtdzPolicy => lang.pick("享受国家级政策", "ETDZ policies"),
        ZoneLevel::Provincial => lang.pick("省级开发区", "Provincial"),
        ZoneLevel::ExportProcessing => lang.pick("出口加工区", "Export processing"),
        ZoneLevel::CoBuiltPark => lang.pick("共建园区", "Co-built park"),
    }
}

pub fn level_full(level: ZoneLevel, lang: Lang) -> &'static str {
    lang.pick(level.name_zh(), level.name_en())
}

pub fn yes_no(yes: bool, lang: Lang) -> &'static str {
    match yes {
        true => lang.pick("是", "Yes"),
        false => lang.pick("否", "No"),
    }
}

/// A large amount the way investment figures are read: `3.00 亿元` / `1,500 万元`, or
/// `CNY 300.0 million` (rounded half up for display; records keep every fen).
pub fn investment(amount: Fen, lang: Lang) -> String {
    const FEN_PER_WAN: i64 = 1_000_000;
    const FEN_PER_YI: i64 = 10_000_000_000;
    let fen = amount.0.max(0);
    match lang {
        Lang::Zh if fen >= FEN_PER_YI => {
            let hundredths = (fen + FEN_PER_YI / 200) / (FEN_PER_YI / 100);
            format!("{} 亿元", group_decimal(hundredths, 2))
        }
        Lang::Zh => format!(
            "{} 万元",
            group_thousands(&((fen + FEN_PER_WAN / 2) / FEN_PER_WAN).to_string())
        ),
        Lang::En => {
            let tenths = (fen + 5_000_000) / 10_000_000;
            format!("CNY {} million", group_decimal(tenths, 1))
        }
    }
}

fn group_decimal(scaled: i64, places: usize) -> String {
    let plain = format_scaled(scaled, places);
    match plain.split_once('.') {
        Some((whole, frac)) => format!("{}.{frac}", group_thousands(whole)),
        None => group_thousands(&plain),
    }
}

/// Hundredths of a 亩: `12050` → `120.5 亩` / `120.5 mu`.
pub fn mu(hundredths: i64, lang: Lang) -> String {
    format!("{} {}", format_scaled(hundredths, 2), lang.pick("亩", "mu"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_as_yuan_with_separators() {
        assert_eq!(yuan(Fen(123_450)), "1,234.50");
        assert_eq!(yuan(Fen(7)), "0.07");
        assert_eq!(yuan(Fen(-123_456_789)), "-1,234,567.89");
        assert_eq!(yuan(Fen(100_000)), "1,000.00");
        assert_eq!(yuan(Fen(99_999)), "999.99");
        assert_eq!(land_price(Fen(123_450), Lang::Zh), "1,234.50 元/㎡");
        assert_eq!(monthly_wage(Fen(650_000), Lang::En), "6,500.00 yuan/month");
    }

    #[test]
    fn other_figures() {
        assert_eq!(group_thousands("123"), "123");
        assert_eq!(group_thousands("1234"), "1,234");
        assert_eq!(group_thousands("123456"), "123,456");
        assert_eq!(area(1250, Lang::En), "12.50 km²");
        assert_eq!(area(123_456, Lang::Zh), "1,234.56 平方公里");
        assert_eq!(hours(125, Lang::Zh), "12.5 小时");
        assert_eq!(km(1234), "1,234 km");
    }

    #[test]
    fn investment_amounts_read_in_yi_and_wan_yuan() {
        assert_eq!(investment(Fen(30_000_000_000), Lang::Zh), "3.00 亿元");
        assert_eq!(investment(Fen(1_234_567_890_123), Lang::Zh), "123.46 亿元");
        assert_eq!(investment(Fen(1_500_000_000), Lang::Zh), "1,500 万元");
        assert_eq!(
            investment(Fen(30_000_000_000), Lang::En),
            "CNY 300.0 million"
        );
        assert_eq!(mu(12_050, Lang::Zh), "120.50 亩");
    }
}
