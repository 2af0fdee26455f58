//! `/`: what the programme is, its ten measures, and the directory in figures.

use super::ctx::{Ctx, Frame, Lang};
use super::format;
use super::notice::MEASURES;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use gowest_app::App;
use gowest_domain::region::Region;

/// A key figure, linking to the zones it counts.
pub struct Figure {
    pub value: String,
    pub label: &'static str,
    pub href: String,
}

pub struct RegionFigure {
    pub code: &'static str,
    pub name: &'static str,
    pub national: String,
    /// Bar width, percent of the largest region.
    pub percent: usize,
    pub href: String,
    /// 中部 and 西部: where the programme moves industry to.
    pub destination: bool,
}

pub struct ProvinceRow {
    pub name: String,
    pub region_code: &'static str,
    pub region: &'static str,
    pub national: usize,
    pub all: usize,
    pub href: String,
}

pub struct MeasureLine {
    pub section: u8,
    pub text: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    lang: Lang,
    frame: Frame,
    figures: Vec<Figure>,
    regions: Vec<RegionFigure>,
    provinces: Vec<ProvinceRow>,
    measures: Vec<MeasureLine>,
}

pub async fn home(State(app): State<App>, ctx: Ctx) -> HomePage {
    let lang = ctx.lang;
    let f = app.zone_figures();
    let figures = vec![
        Figure {
            value: format::count(f.national_etdz),
            label: lang.pick("国家级经济技术开发区", "national ETDZs today"),
            href: "/zones?level=national_etdz".into(),
        },
        Figure {
            value: format::count(f.national_in_2006),
            label: lang.pick(
                "2006年末的国家级开发区",
                "national ETDZs at the end of 2006",
            ),
            href: "/zones?national_in_2006=true".into(),
        },
        Figure {
            value: format::count(f.named_in_notice),
            label: lang.pick("通知点名的开发区", "zones the notice names"),
            href: "/zones?named_in_notice=true".into(),
        },
        Figure {
            value: format::count(f.all_zones),
            label: lang.pick("名录收录开发区", "zones in the directory"),
            href: "/zones".into(),
        },
    ];
    let widest = f
        .by_region
        .iter()
        .map(|r| r.national_etdz)
        .max()
        .unwrap_or(0)
        .max(1);
    let regions = f
        .by_region
        .iter()
        .map(|r| RegionFigure {
            code: r.region.code(),
            name: format::region(r.region, lang),
            national: format::count(r.national_etdz),
            percent: r.national_etdz * 100 / widest,
            href: format!("/zones?region={}&level=national_etdz", r.region.code()),
            destination: matches!(r.region, Region::Central | Region::West),
        })
        .collect();
    let provinces = f
        .by_province
        .into_iter()
        .map(|p| ProvinceRow {
            href: format!("/zones?province={}", p.code),
            name: lang.pick(&p.name_zh, &p.name_en).to_owned(),
            region_code: p.region.code(),
            region: format::region(p.region, lang),
            national: p.national_etdz,
            all: p.all_zones,
        })
        .collect();
    let measures = MEASURES
        .iter()
        .map(|m| MeasureLine {
            section: m.section,
            text: lang.pick(m.zh, m.en),
        })
        .collect();
    HomePage {
        lang,
        frame: ctx.frame("home"),
        figures,
        regions,
        provinces,
        measures,
    }
}
