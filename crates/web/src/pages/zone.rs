//! `/zones/{id}`: one zone with every field, in the reader's language where it has one.

use super::ctx::{Ctx, Frame, Lang};
use super::error::{PageError, not_found};
use super::format;
use super::query;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_domain::reference::ReferenceCatalog;
use gowest_domain::zone::Zone;
use serde::Deserialize;

/// A labelled value; `href` makes it a link.
pub struct Fact {
    pub label: &'static str,
    pub value: String,
    pub href: String,
    pub note: &'static str,
}

pub struct Section {
    pub title: &'static str,
    pub facts: Vec<Fact>,
}

pub struct IndustryLine {
    pub code: String,
    pub name: String,
    pub href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "zone.html")]
pub struct ZonePage {
    lang: Lang,
    frame: Frame,
    name: String,
    /// The other language's name, under the title.
    alt_name: String,
    level: &'static str,
    region: &'static str,
    region_code: &'static str,
    sections: Vec<Section>,
    industries: Vec<IndustryLine>,
    description: String,
    back_href: String,
}

#[derive(Deserialize)]
pub struct BackTo {
    from: Option<String>,
}

pub async fn zone(
    State(app): State<App>,
    ctx: Ctx,
    Path(id): Path<String>,
    from: Result<Query<BackTo>, axum::extract::rejection::QueryRejection>,
) -> Response {
    // A non-numeric id names no zone: the same 404 as an unknown one.
    let Ok(id) = id.parse::<i64>() else {
        return not_found(&ctx);
    };
    let zone = match app.zone(id) {
        Ok(zone) => zone,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    // Back to the list the reader came from, its filters read and written again.
    let back = from
        .ok()
        .and_then(|Query(f)| f.from)
        .and_then(|q| {
            let raw = query::parse(&q)?;
            let mut pairs = query::filter_pairs(&raw);
            let paging = [("per_page", &raw.per_page), ("page", &raw.page)];
            pairs.extend(
                paging
                    .into_iter()
                    .filter_map(|(k, v)| Some((k, v.as_deref()?))),
            );
            Some(query::to_query(&pairs))
        })
        .unwrap_or_default();
    let directory = app.directory();
    page(
        &ctx,
        &zone,
        &directory.catalog,
        query::with_query("/zones", &back),
    )
    .into_response()
}

fn fact(label: &'static str, value: Option<String>, lang: Lang) -> Fact {
    Fact {
        label,
        value: value.unwrap_or_else(|| lang.pick("未填报", "not given").to_owned()),
        href: String::new(),
        note: "",
    }
}

fn page(ctx: &Ctx, zone: &Zone, catalog: &ReferenceCatalog, back_href: String) -> ZonePage {
    let lang = ctx.lang;
    let f = &zone.fields;
    let province = catalog.province(&f.province_code);
    let name = lang.or_zh(&f.name_zh, f.name_en.as_deref()).to_owned();
    let alt_name = match lang {
        Lang::Zh => f.name_en.clone().unwrap_or_default(),
        Lang::En if name != f.name_zh => f.name_zh.clone(),
        Lang::En => String::new(),
    };

    let mut province_fact = fact(
        lang.pick("省份", "Province"),
        Some(
            province
                .map(|p| lang.pick(&p.name_zh, &p.name_en).to_owned())
                .unwrap_or_else(|| zone.province_name_zh.clone()),
        ),
        lang,
    );
    province_fact.href = format!("/zones?province={}", f.province_code);
    let basics = vec![
        fact(
            lang.pick("级别", "Level"),
            Some(format::level_full(f.level, lang).into()),
            lang,
        ),
        province_fact,
        fact(
            lang.pick("地区", "Region"),
            Some(format::region(zone.region, lang).into()),
            lang,
        ),
        fact(lang.pick("所在城市", "City"), f.city_zh.clone(), lang),
        fact(
            lang.pick("坐标", "Coordinates"),
            f.location.map(format::coordinates),
            lang,
        ),
        fact(
            lang.pick("批准年份", "Approved in"),
            f.approved_year.map(|y| y.to_string()),
            lang,
        ),
        fact(
            lang.pick("规划面积", "Planned area"),
            f.area_hectares.map(|h| format::area(h, lang)),
            lang,
        ),
        fact(
            lang.pick("2006年末国家级", "National ETDZ in 2006"),
            Some(format::yes_no(f.national_in_2006, lang).into()),
            lang,
        ),
        fact(
            lang.pick("通知点名", "Named in the notice"),
            Some(format::yes_no(f.named_in_notice, lang).into()),
            lang,
        ),
    ];

    let seaport = zone.nearest_seaport.as_ref().map(|s| {
        let en = catalog.port(s.port_id).map(|p| p.name_en.as_str());
        format!(
            "{} · {} · {}",
            lang.or_zh(&s.port_name_zh, en),
            format::km(s.km),
            format::hours(s.hours_tenths, lang)
        )
    });
    let mut seaport_fact = fact(
        lang.pick("最近海港（公路）", "Nearest seaport (by road)"),
        seaport,
        lang,
    );
    if let Some(s) = &zone.nearest_seaport {
        seaport_fact.note = if s.estimated {
            lang.pick("按坐标估算", "estimated from coordinates")
        } else {
            lang.pick("开发区填报", "given by the zone")
        };
    }
    let costs = vec![
        fact(
            lang.pick("工业用地价格", "Industrial land price"),
            f.land_price_fen_per_m2.map(|p| format::land_price(p, lang)),
            lang,
        ),
        fact(
            lang.pick("平均工资", "Average wage"),
            f.avg_wage_fen_per_month
                .map(|w| format::monthly_wage(w, lang)),
            lang,
        ),
        fact(
            lang.pick("可招用劳动力", "Workers available"),
            f.labour_available.map(|n| match lang {
                Lang::Zh => format!("{n} 人"),
                Lang::En => format!("{n} persons"),
            }),
            lang,
        ),
        seaport_fact,
    ];

    let c = &f.contact;
    let mut email = fact(lang.pick("电子邮箱", "Email"), c.email.clone(), lang);
    if let Some(address) = &c.email {
        email.href = format!("mailto:{address}");
    }
    let mut website = fact(lang.pick("网址", "Website"), c.website.clone(), lang);
    if let Some(url) = c
        .website
        .as_deref()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
    {
        website.href = url.to_owned();
    }
    let contacts = vec![
        fact(lang.pick("联系人", "Contact"), c.name.clone(), lang),
        fact(lang.pick("联系电话", "Phone"), c.phone.clone(), lang),
        email,
        website,
    ];

    let industries = f
        .leading_industries
        .iter()
        .map(|code| IndustryLine {
            code: code.to_string(),
            name: catalog
                .industries
                .get(code)
                .map(|i| lang.or_zh(&i.name_zh, i.name_en.as_deref()).to_owned())
                .unwrap_or_default(),
            href: format!("/zones?industry={code}"),
        })
        .collect();

    let description = lang
        .or_zh(
            f.description_zh.as_deref().unwrap_or_default(),
            f.description_en.as_deref(),
        )
        .to_owned();
    // Only English given: show it in Chinese mode too rather than nothing.
    let description = if description.trim().is_empty() {
        f.description_en.clone().unwrap_or_default()
    } else {
        description
    };

    ZonePage {
        lang,
        frame: ctx.frame("zones"),
        name,
        alt_name,
        level: format::level_short(f.level, lang),
        region: format::region(zone.region, lang),
        region_code: zone.region.code(),
        sections: vec![
            Section {
                title: lang.pick("基本情况", "Basic facts"),
                facts: basics,
            },
            Section {
                title: lang.pick("投资成本与物流", "Costs and logistics"),
                facts: costs,
            },
            Section {
                title: lang.pick("联系方式", "Contact"),
                facts: contacts,
            },
        ],
        industries,
        description,
        back_href,
    }
}
