//! The options of the selects that many forms share: regions, provinces, industries, ports.

use super::ctx::Lang;
use super::format;
use gowest_domain::industry::{Industry, IndustryLevel};
use gowest_domain::port::PortKind;
use gowest_domain::reference::ReferenceCatalog;
use gowest_domain::region::Region;

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct OptGroup {
    pub label: String,
    pub options: Vec<Opt>,
}

pub fn opt(value: impl Into<String>, label: impl Into<String>, current: &str) -> Opt {
    let value = value.into();
    Opt {
        selected: value == current,
        label: label.into(),
        value,
    }
}

pub fn regions(current: &str, lang: Lang) -> Vec<Opt> {
    Region::ALL
        .into_iter()
        .map(|r| opt(r.code(), format::region(r, lang), current))
        .collect()
}

/// Provinces grouped by region.
pub fn province_groups(catalog: &ReferenceCatalog, current: &str, lang: Lang) -> Vec<OptGroup> {
    Region::ALL
        .into_iter()
        .map(|r| OptGroup {
            label: format::region(r, lang).to_owned(),
            options: catalog
                .provinces
                .values()
                .filter(|p| p.region == r)
                .map(|p| opt(p.code.as_str(), lang.pick(&p.name_zh, &p.name_en), current))
                .collect(),
        })
        .collect()
}

/// GB/T 4754 divisions grouped by section, each group led by the whole section.
pub fn industry_groups(catalog: &ReferenceCatalog, current: &str, lang: Lang) -> Vec<OptGroup> {
    let name = |i: &Industry| lang.or_zh(&i.name_zh, i.name_en.as_deref()).to_owned();
    catalog
        .industries
        .values()
        .filter(|s| s.level == IndustryLevel::Section)
        .map(|section| {
            let mut options = vec![opt(
                section.code.as_str(),
                format!(
                    "{} {}{}",
                    section.code,
                    name(section),
                    lang.pick("（全部）", " (all)")
                ),
                current,
            )];
            options.extend(
                catalog
                    .industries
                    .values()
                    .filter(|d| d.parent.as_ref() == Some(&section.code))
                    .map(|d| opt(d.code.as_str(), format!("{} {}", d.code, name(d)), current)),
            );
            OptGroup {
                label: format!("{} {}", section.code, name(section)),
                options,
            }
        })
        .collect()
}

/// Seaports first, then river and dry ports, each marked selected when in `chosen`.
pub fn ports(catalog: &ReferenceCatalog, chosen: &[i64], lang: Lang) -> Vec<OptGroup> {
    [
        (PortKind::Sea, "海港", "Seaports"),
        (PortKind::River, "内河港口", "River ports"),
        (PortKind::Dry, "内陆港", "Dry ports"),
    ]
    .into_iter()
    .map(|(kind, zh, en)| OptGroup {
        label: lang.pick(zh, en).to_owned(),
        options: catalog
            .ports
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| Opt {
                value: p.id.to_string(),
                label: lang.pick(&p.name_zh, &p.name_en).to_owned(),
                selected: chosen.contains(&p.id),
            })
            .collect(),
    })
    .collect()
}
