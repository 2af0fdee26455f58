//! The directory's search form: its selects and the values the reader chose.

use super::ctx::Lang;
use super::format;
use gowest_domain::industry::{IndustryCode, IndustryLevel};
use gowest_domain::reference::ReferenceCatalog;
use gowest_domain::region::{ProvinceCode, Region};
use gowest_domain::zone::ZoneLevel;
use gowest_domain::zone_filter::RawZoneQuery;

/// Page sizes offered; the first is the default.
pub const PAGE_SIZES: [u32; 3] = [20, 50, 100];

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct OptGroup {
    pub label: String,
    pub options: Vec<Opt>,
}

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

fn opt(value: impl Into<String>, label: impl Into<String>, current: &str) -> Opt {
    let value = value.into();
    Opt {
        selected: value == current,
        label: label.into(),
        value,
    }
}

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

        let provinces = Region::ALL
            .into_iter()
            .map(|r| OptGroup {
                label: format::region(r, lang).to_owned(),
                options: catalog
                    .provinces
                    .values()
                    .filter(|p| p.region == r)
                    .map(|p| {
                        opt(
                            p.code.as_str(),
                            lang.pick(&p.name_zh, &p.name_en),
                            &province,
                        )
                    })
                    .collect(),
            })
            .collect();

        let industries = catalog
            .industries
            .values()
            .filter(|s| s.level == IndustryLevel::Section)
            .map(|section| {
                let name = |i: &gowest_domain::industry::Industry| {
                    lang.or_zh(&i.name_zh, i.name_en.as_deref()).to_owned()
                };
                let mut options = vec![opt(
                    section.code.as_str(),
                    format!(
                        "{} {}{}",
                        section.code,
                        name(section),
                        lang.pick("（全部）", " (all)")
                    ),
                    &industry,
                )];
                options.extend(
                    catalog
                        .industries
                        .values()
                        .filter(|d| d.parent.as_ref() == Some(&section.code))
                        .map(|d| {
                            opt(
                                d.code.as_str(),
                                format!("{} {}", d.code, name(d)),
                                &industry,
                            )
                        }),
                );
                OptGroup {
                    label: format!("{} {}", section.code, name(section)),
                    options,
                }
            })
            .collect();

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
            regions: Region::ALL
                .into_iter()
                .map(|r| opt(r.code(), format::region(r, lang), region))
                .collect(),
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
