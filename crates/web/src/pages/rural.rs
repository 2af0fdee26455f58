//! `/rural`: the rural commerce information stations (农村商务信息服务站点) in central and
//! western townships — counts of stations, part-time assistants and farmers trained, and the
//! counties and townships covered, by province and county — with the register as .xlsx.

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::rural::CoverageReport;

#[derive(Template, WebTemplate)]
#[template(path = "rural.html")]
struct RuralPage {
    lang: Lang,
    frame: Frame,
    report: CoverageReport,
    /// Province names by code, for the tables.
    names: std::collections::HashMap<String, String>,
    /// The central and western provinces (where stations are), code and name, for the filter.
    choices: Vec<(String, String)>,
    /// The province chosen, or empty for the nation.
    chosen: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct RuralQuery {
    /// GB/T 2260 province code; the nation when empty.
    pub province: String,
}

impl RuralPage {
    fn province(&self, code: &str) -> String {
        self.names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }
}

pub async fn page(
    State(app): State<App>,
    ctx: Ctx,
    query: Result<Query<RuralQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let q = query.map(|Query(q)| q).unwrap_or_default();
    // An unknown province is named (400), not silently widened to the nation.
    let report = match app.station_coverage("province", &q.province).await {
        Ok(r) => r,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let lang = ctx.lang;
    let directory = app.directory();
    let provinces = directory.catalog.provinces.values();
    let name =
        |p: &gowest_domain::region::Province| lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned();
    let names = provinces
        .clone()
        .map(|p| (p.code.as_str().to_owned(), name(p)))
        .collect();
    let choices = provinces
        .filter(|p| {
            use gowest_domain::region::Region;
            matches!(p.region, Region::Central | Region::West)
        })
        .map(|p| (p.code.as_str().to_owned(), name(p)))
        .collect();
    // The filter shows the chosen province in its six-digit form (`51` was accepted above).
    let chosen = gowest_domain::region::ProvinceCode::parse(&q.province)
        .map(|c| c.as_str().to_owned())
        .unwrap_or_default();
    RuralPage {
        lang,
        frame: ctx.frame("prices"),
        report,
        names,
        choices,
        chosen,
    }
    .into_response()
}
