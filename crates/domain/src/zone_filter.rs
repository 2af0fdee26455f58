//! The zone directory's filters, sort orders and pages, parsed from raw query text.

use crate::error::{FieldError, Validation};
use crate::industry::IndustryCode;
use crate::region::{ProvinceCode, Region};
use crate::zone::{Zone, ZoneLevel};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use utoipa::{IntoParams, ToSchema};

pub const DEFAULT_PER_PAGE: u32 = 50;
pub const MAX_PER_PAGE: u32 = 500;

/// Query parameters exactly as received; every one is optional text, so a bad value
/// becomes a named validation error instead of a framework rejection.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RawZoneQuery {
    /// `east`, `central`, `west` or `northeast`.
    pub region: Option<String>,
    /// GB/T 2260 province code, e.g. `510000`.
    pub province: Option<String>,
    /// `national_etdz`, `etdz_policy`, `provincial`, `export_processing`, `co_built_park`.
    pub level: Option<String>,
    /// GB/T 4754 section (`C`) or division (`39`); a section matches its divisions.
    pub industry: Option<String>,
    /// Text to find in names, city and description.
    pub q: Option<String>,
    /// `true` for the 49 zones that were national ETDZs in 2006.
    pub national_in_2006: Option<String>,
    /// `true` for the five zones the 2006 notice names.
    pub named_in_notice: Option<String>,
    /// `province` (default), `name`, `approved_year`, `land_price`, `avg_wage`, `seaport_km`;
    /// prefix `-` for descending.
    pub sort: Option<String>,
    /// 1-based page number.
    pub page: Option<String>,
    /// Page size, 1–500 (default 50).
    pub per_page: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ZoneSortKey {
    Province,
    Name,
    ApprovedYear,
    LandPrice,
    AvgWage,
    SeaportKm,
}

impl ZoneSortKey {
    const ALL: [(&'static str, ZoneSortKey); 6] = [
        ("province", ZoneSortKey::Province),
        ("name", ZoneSortKey::Name),
        ("approved_year", ZoneSortKey::ApprovedYear),
        ("land_price", ZoneSortKey::LandPrice),
        ("avg_wage", ZoneSortKey::AvgWage),
        ("seaport_km", ZoneSortKey::SeaportKm),
    ];
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ZoneFilter {
    pub region: Option<Region>,
    pub province: Option<ProvinceCode>,
    pub level: Option<ZoneLevel>,
    pub industry: Option<IndustryCode>,
    pub text: Option<String>,
    pub national_in_2006: Option<bool>,
    pub named_in_notice: Option<bool>,
}

/// A parsed query: two requests that mean the same page compare equal, so a rendering can
/// be reused.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ZoneQuery {
    pub filter: ZoneFilter,
    pub sort: ZoneSortKey,
    pub descending: bool,
    pub page: u32,
    pub per_page: u32,
}

impl Default for ZoneQuery {
    fn default() -> Self {
        Self {
            filter: ZoneFilter::default(),
            sort: ZoneSortKey::Province,
            descending: false,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

fn present(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn invalid(field: &str, value: &str, expected_zh: &str, expected_en: &str) -> FieldError {
    FieldError::new(
        field,
        "invalid",
        format!("参数 {field} 的值“{value}”无效：{expected_zh}"),
        format!("invalid {field} \"{value}\": {expected_en}"),
    )
}

fn parse_bool(v: &mut Validation, field: &str, raw: &Option<String>) -> Option<bool> {
    match present(raw)? {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        other => {
            v.push(invalid(
                field,
                other,
                "应为 true 或 false",
                "expected true or false",
            ));
            None
        }
    }
}

fn parse_count(v: &mut Validation, field: &str, raw: &Option<String>, max: u32) -> Option<u32> {
    let value = present(raw)?;
    match value.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Some(n),
        _ => {
            v.push(invalid(
                field,
                value,
                &format!("应为 1 到 {max} 之间的整数"),
                &format!("expected an integer from 1 to {max}"),
            ));
            None
        }
    }
}

impl ZoneQuery {
    pub fn parse(raw: &RawZoneQuery) -> Result<ZoneQuery, Validation> {
        let mut v = Validation::default();
        let mut q = ZoneQuery::default();
        if let Some(s) = present(&raw.region) {
            q.filter.region = Region::parse(s).or_else(|| {
                v.push(invalid(
                    "region",
                    s,
                    "应为 east、central、west 或 northeast",
                    "expected east, central, west or northeast",
                ));
                None
            });
        }
        if let Some(s) = present(&raw.province) {
            q.filter.province = ProvinceCode::parse(s).or_else(|| {
                v.push(invalid(
                    "province",
                    s,
                    "应为六位省级行政区划代码，如 510000",
                    "expected a GB/T 2260 province code such as 510000",
                ));
                None
            });
        }
        if let Some(s) = present(&raw.level) {
            q.filter.level = ZoneLevel::parse(s).or_else(|| {
                v.push(invalid(
                    "level",
                    s,
                    "未知的开发区级别",
                    "unknown zone level",
                ));
                None
            });
        }
        if let Some(s) = present(&raw.industry) {
            q.filter.industry = IndustryCode::parse(s).or_else(|| {
                v.push(invalid(
                    "industry",
                    s,
                    "应为 GB/T 4754 门类字母或两位大类代码",
                    "expected a GB/T 4754 section letter or two-digit division",
                ));
                None
            });
        }
        if let Some(s) = present(&raw.q) {
            if s.chars().count() > 100 {
                v.push(invalid(
                    "q",
                    "…",
                    "检索词最多 100 个字符",
                    "at most 100 characters",
                ));
            } else {
                q.filter.text = Some(s.to_lowercase());
            }
        }
        q.filter.national_in_2006 = parse_bool(&mut v, "national_in_2006", &raw.national_in_2006);
        q.filter.named_in_notice = parse_bool(&mut v, "named_in_notice", &raw.named_in_notice);
        if let Some(s) = present(&raw.sort) {
            let (descending, key) = match s.strip_prefix('-') {
                Some(key) => (true, key),
                None => (false, s),
            };
            match ZoneSortKey::ALL.iter().find(|(name, _)| *name == key) {
                Some((_, k)) => (q.sort, q.descending) = (*k, descending),
                None => v.push(invalid("sort", s, "未知的排序字段", "unknown sort key")),
            }
        }
        q.page = parse_count(&mut v, "page", &raw.page, 1_000_000).unwrap_or(1);
        q.per_page = parse_count(&mut v, "per_page", &raw.per_page, MAX_PER_PAGE)
            .unwrap_or(DEFAULT_PER_PAGE);
        v.finish(q)
    }
}

impl ZoneFilter {
    pub fn matches(&self, zone: &Zone) -> bool {
        let f = &zone.fields;
        self.region.is_none_or(|r| zone.region == r)
            && self.province.as_ref().is_none_or(|p| &f.province_code == p)
            && self.level.is_none_or(|l| f.level == l)
            && self
                .national_in_2006
                .is_none_or(|b| f.national_in_2006 == b)
            && self.named_in_notice.is_none_or(|b| f.named_in_notice == b)
            && self.industry.as_ref().is_none_or(|wanted| {
                f.leading_industries
                    .iter()
                    .any(|c| c == wanted || c.section().as_ref() == Some(wanted))
            })
            && self.text.as_deref().is_none_or(|t| {
                let optional = [&f.name_en, &f.city_zh, &f.description_zh, &f.description_en];
                std::iter::once(&f.name_zh)
                    .chain(optional.into_iter().flatten())
                    .any(|s| s.to_lowercase().contains(t))
            })
    }
}

/// One page of a list, with the total that matched.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
}

fn compare(a: &Zone, b: &Zone, key: ZoneSortKey) -> Ordering {
    let (fa, fb) = (&a.fields, &b.fields);
    // Missing values sort last in either direction, so they never crowd the top of a list.
    fn some_first<T: Ord>(x: Option<T>, y: Option<T>) -> Ordering {
        match (x, y) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    match key {
        ZoneSortKey::Province => fa.province_code.cmp(&fb.province_code),
        ZoneSortKey::Name => fa.name_zh.cmp(&fb.name_zh),
        ZoneSortKey::ApprovedYear => some_first(fa.approved_year, fb.approved_year),
        ZoneSortKey::LandPrice => some_first(fa.land_price_fen_per_m2, fb.land_price_fen_per_m2),
        ZoneSortKey::AvgWage => some_first(fa.avg_wage_fen_per_month, fb.avg_wage_fen_per_month),
        ZoneSortKey::SeaportKm => some_first(
            a.nearest_seaport.as_ref().map(|s| s.km),
            b.nearest_seaport.as_ref().map(|s| s.km),
        ),
    }
}

fn has_key(zone: &Zone, key: ZoneSortKey) -> bool {
    let f = &zone.fields;
    match key {
        ZoneSortKey::Province | ZoneSortKey::Name => true,
        ZoneSortKey::ApprovedYear => f.approved_year.is_some(),
        ZoneSortKey::LandPrice => f.land_price_fen_per_m2.is_some(),
        ZoneSortKey::AvgWage => f.avg_wage_fen_per_month.is_some(),
        ZoneSortKey::SeaportKm => zone.nearest_seaport.is_some(),
    }
}

/// Filters, sorts (ties by name, then id, so pages are stable) and cuts one page.
/// Works on anything that holds a zone, so read models can carry renderings alongside.
pub fn select<'a, T: AsRef<Zone>>(items: &'a [T], query: &ZoneQuery) -> Page<&'a T> {
    let mut hits: Vec<&T> = items
        .iter()
        .filter(|item| query.filter.matches(item.as_ref()))
        .collect();
    hits.sort_by(|a, b| {
        let (a, b) = (a.as_ref(), b.as_ref());
        let primary = match (has_key(a, query.sort), has_key(b, query.sort)) {
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ if query.descending => compare(b, a, query.sort),
            _ => compare(a, b, query.sort),
        };
        primary
            .then_with(|| a.fields.name_zh.cmp(&b.fields.name_zh))
            .then_with(|| a.id.cmp(&b.id))
    });
    let total = hits.len();
    let start = (query.page as usize - 1).saturating_mul(query.per_page as usize);
    let items = hits
        .into_iter()
        .skip(start)
        .take(query.per_page as usize)
        .collect();
    Page {
        items,
        total,
        page: query.page,
        per_page: query.per_page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{ZoneContact, ZoneFields};
    use chrono::DateTime;
    use proptest::prelude::*;

    fn zone(id: i64, name: &str, province: &str, region: Region, price: Option<i64>) -> Zone {
        Zone {
            id,
            fields: ZoneFields {
                name_zh: name.into(),
                name_en: None,
                level: ZoneLevel::NationalEtdz,
                province_code: ProvinceCode::parse(province).expect("code"),
                city_zh: None,
                location: None,
                approved_year: None,
                national_in_2006: id % 2 == 0,
                named_in_notice: false,
                area_hectares: None,
                leading_industries: vec![IndustryCode::parse("39").expect("code")],
                land_price_fen_per_m2: price.map(crate::money::Fen),
                avg_wage_fen_per_month: None,
                labour_available: None,
                seaport: None,
                contact: ZoneContact::default(),
                description_zh: None,
                description_en: None,
            },
            region,
            province_name_zh: String::new(),
            nearest_seaport: None,
            updated_at: DateTime::UNIX_EPOCH,
        }
    }

    fn raw(pairs: &[(&str, &str)]) -> RawZoneQuery {
        let mut r = RawZoneQuery::default();
        for (k, v) in pairs {
            let slot = match *k {
                "region" => &mut r.region,
                "industry" => &mut r.industry,
                "sort" => &mut r.sort,
                "page" => &mut r.page,
                "per_page" => &mut r.per_page,
                "q" => &mut r.q,
                _ => &mut r.national_in_2006,
            };
            *slot = Some((*v).into());
        }
        r
    }

    #[test]
    fn filters_by_region_and_section() {
        let zones = [
            zone(1, "成都经济技术开发区", "510000", Region::West, Some(300)),
            zone(2, "苏州工业园区", "320000", Region::East, Some(900)),
        ];
        let q = ZoneQuery::parse(&raw(&[("region", "west"), ("industry", "c")])).expect("valid");
        let page = select(&zones, &q);
        assert_eq!(page.total, 1);
        assert_eq!(page.items[0].id, 1);
        let q = ZoneQuery::parse(&raw(&[("q", "苏州")])).expect("valid");
        assert_eq!(select(&zones, &q).items[0].id, 2);
    }

    #[test]
    fn bad_parameters_are_named() {
        let err = ZoneQuery::parse(&raw(&[
            ("region", "middle"),
            ("per_page", "0"),
            ("sort", "x"),
        ]))
        .expect_err("invalid");
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["region", "sort", "per_page"]);
    }

    #[test]
    fn missing_values_sort_last_both_ways() {
        let zones = [
            zone(1, "甲", "510000", Region::West, None),
            zone(2, "乙", "510000", Region::West, Some(500)),
            zone(3, "丙", "510000", Region::West, Some(100)),
        ];
        let ids = |sort: &str| {
            let q = ZoneQuery::parse(&raw(&[("sort", sort)])).expect("valid");
            select(&zones, &q)
                .items
                .iter()
                .map(|z| z.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("land_price"), [3, 2, 1]);
        assert_eq!(ids("-land_price"), [2, 3, 1]);
    }

    proptest! {
        #[test]
        fn pages_partition_the_matches(n in 0usize..120, per_page in 1u32..40) {
            let zones: Vec<Zone> = (0..n as i64)
                .map(|i| zone(i, &format!("区{}", i % 7), "510000", Region::West, Some(i % 5)))
                .collect();
            let all = select(&zones, &ZoneQuery { per_page: MAX_PER_PAGE, ..ZoneQuery::default() });
            let mut paged = Vec::new();
            for page in 1..=(n as u32 / per_page + 1) {
                let q = ZoneQuery { page, per_page, sort: ZoneSortKey::LandPrice, ..ZoneQuery::default() };
                let got = select(&zones, &q);
                prop_assert_eq!(got.total, n);
                paged.extend(got.items.iter().map(|z| z.id));
            }
            let mut sorted = paged.clone();
            sorted.sort();
            sorted.dedup();
            prop_assert_eq!(sorted.len(), n);
            prop_assert_eq!(paged.len(), all.total);
        }
    }
}
