//! The directory's search form: its selects and the values the reader chose.

use super::ctx::Lang;
use super::format;
use gowest_domain::industry::IndustryCode;
use gowest_domain::reference::ReferenceCatalog;
use gowest_domain::region::ProvinceCode;
use gowest_domain::zone::ZoneLevel;
use gowest_domain::zone_filter::RawZoneQuery;

/// Page sizes offered; the first is the default.
pub const PAGE_SIZES: [u32; 3] = [20, 50, 100];

pub use super::choices::{Opt, OptGroup};

pub struct FilterForm {
    pub regions: Vec<Opt>,
    pub provinces: Vec<OptGroup>,
    pub levels: Vec<Opt>,
    pub industries: Vec<OptGroup>,
    pub sorts: Vec<Opt>,
    pub page_sizes: Vec<Opt>,
    pub q: String,
    pub national_in_2006: bool,
    pub named_in_notice: bool,
}

fn chosen(raw: &Option<String>) -> &str {
    raw.as_deref().map(str::trim).unwrap_or("")
}

use super::choices::{self, opt};

impl FilterForm {
    pub fn new(raw: &RawZoneQuery, catalog: &ReferenceCatalog, lang: Lang) -> FilterForm {
        let region = chosen(&raw.region);
        let province = ProvinceCode::parse(chosen(&raw.province))
            .map(|c| c.to_string())
            .unwrap_or_default();
        let industry = IndustryCode::parse(chosen(&raw.industry))
            .map(|c| c.to_string())
            .unwrap_or_default();
        let level = ZoneLevel::parse(chosen(&raw.level))
            .map(|l| l.code())
            .unwrap_or_default();

        let provinces = choices::province_groups(catalog, &province, lang);
        let industries = choices::industry_groups(catalog, &industry, lang);

        let sort = chosen(&raw.sort);
        let sorts = [
            ("", lang.pick("按省份", "Province")),
            ("name", lang.pick("按名称", "Name")),
            (
                "-approved_year",
                lang.pick("批准年份（新→旧）", "Approved (newest first)"),
            ),
            (
                "approved_year",
                lang.pick("批准年份（旧→新）", "Approved (oldest first)"),
            ),
            (
                "land_price",
                lang.pick("地价（低→高）", "Land price (lowest first)"),
            ),
            (
                "-land_price",
                lang.pick("地价（高→低）", "Land price (highest first)"),
            ),
            (
                "avg_wage",
                lang.pick("工资（低→高）", "Wage (lowest first)"),
            ),
            (
                "-avg_wage",
                lang.pick("工资（高→低）", "Wage (highest first)"),
            ),
            (
                "seaport_km",
                lang.pick("距海港（近→远）", "Seaport (nearest first)"),
            ),
        ]
        .into_iter()
        .map(|(value, label)| opt(value, label, if sort == "province" { "" } else { sort }))
        .collect();

        // The default size has an empty value, so it stays out of URLs.
        let per_page = match chosen(&raw.per_page) {
            n if n == PAGE_SIZES[0].to_string() => "",
            n => n,
        };

        FilterForm {
            regions: choices::regions(region, lang),
            provinces,
            levels: ZoneLevel::ALL
                .into_iter()
                .map(|l| opt(l.code(), format::level_full(l, lang), level))
                .collect(),
            industries,
            sorts,
            page_sizes: PAGE_SIZES
                .into_iter()
                .map(|n| {
                    let value = if n == PAGE_SIZES[0] {
                        String::new()
                    } else {
                        n.to_string()
                    };
                    opt(value, n.to_string(), per_page)
                })
                .collect(),
            q: raw.q.clone().unwrap_or_default(),
            national_in_2006: matches!(chosen(&raw.national_in_2006), "true" | "1"),
            named_in_notice: matches!(chosen(&raw.named_in_notice), "true" | "1"),
        }
    }
}
