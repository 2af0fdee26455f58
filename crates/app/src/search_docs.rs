//! The search documents of a directory snapshot: a zone, a project or a published demand as
//! the text a user may look for, with the facets it is counted under.

use crate::directory::Directory;
use gowest_domain::region::Region;
use gowest_domain::zone::Zone;
use gowest_search::{DocKind, SearchDoc};

fn sections(directory: &Directory, codes: &[gowest_domain::industry::IndustryCode]) -> Vec<String> {
    let mut out: Vec<String> = codes
        .iter()
        .filter_map(|c| c.section().or_else(|| Some(c.clone())))
        .filter(|c| directory.catalog.industries.contains_key(c))
        .map(|c| c.to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn industry_names(
    directory: &Directory,
    codes: &[gowest_domain::industry::IndustryCode],
) -> String {
    codes
        .iter()
        .filter_map(|c| directory.catalog.industries.get(c))
        .map(|i| i.name_zh.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn zone_doc(directory: &Directory, zone: &Zone) -> SearchDoc {
    let f = &zone.fields;
    let body = [
        zone.province_name_zh.as_str(),
        f.city_zh.as_deref().unwrap_or(""),
        f.level.name_zh(),
        &industry_names(directory, &f.leading_industries),
        f.description_zh.as_deref().unwrap_or(""),
    ]
    .join(" ");
    SearchDoc {
        kind: DocKind::Zone,
        id: zone.id,
        title_zh: f.name_zh.clone(),
        title_en: f.name_en.clone(),
        body,
        region: zone.region.code().to_owned(),
        province_code: f.province_code.to_string(),
        industry_sections: sections(directory, &f.leading_industries),
    }
}

/// Every document the snapshot should have in the index: all zones, the projects still
/// listed, and published demand (without the enterprise's name, which is not public).
pub(crate) fn documents(directory: &Directory) -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = directory
        .zones
        .iter()
        .map(|l| zone_doc(directory, &l.zone))
        .collect();
    for p in directory
        .projects
        .iter()
        .filter(|p| p.fields.status.listed())
    {
        let Some(zone) = directory.zone(p.zone_id) else {
            continue;
        };
        let f = &p.fields;
        let codes = std::slice::from_ref(&f.industry);
        docs.push(SearchDoc {
            kind: DocKind::Project,
            id: p.id,
            title_zh: f.title_zh.clone(),
            title_en: f.title_en.clone(),
            body: [
                zone.fields.name_zh.as_str(),
                zone.province_name_zh.as_str(),
                &industry_names(directory, codes),
                f.mode.name_zh(),
                f.description.as_deref().unwrap_or(""),
                f.incentives.as_deref().unwrap_or(""),
            ]
            .join(" "),
            region: zone.region.code().to_owned(),
            province_code: zone.fields.province_code.to_string(),
            industry_sections: sections(directory, codes),
        });
    }
    for d in &directory.demands {
        let Some(enterprise) = directory.enterprises.get(&d.enterprise_id) else {
            continue;
        };
        let f = &d.fields;
        let codes = std::slice::from_ref(&f.industry);
        let province = directory.catalog.province(&enterprise.fields.province_code);
        let wanted: Vec<&str> = f.preferred_regions.iter().map(|r| r.name_zh()).collect();
        docs.push(SearchDoc {
            kind: DocKind::Demand,
            id: d.id,
            title_zh: f.title.clone(),
            title_en: None,
            body: [
                province.map_or("", |p| p.name_zh.as_str()),
                &industry_names(directory, codes),
                &f.skills.join(" "),
                &wanted.join(" "),
                f.description.as_deref().unwrap_or(""),
            ]
            .join(" "),
            // A demand is filed under where the enterprise is now.
            region: province
                .map_or(Region::East, |p| p.region)
                .code()
                .to_owned(),
            province_code: enterprise.fields.province_code.to_string(),
            industry_sections: sections(directory, codes),
        });
    }
    docs
}
