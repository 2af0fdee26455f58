//! `/rural`: the rural commerce information stations (农村商务信息服务站点) in central and
//! western townships — counts of stations, part-time assistants and farmers trained, and the
//! counties and townships covered, by province and county — with the register as .xlsx.

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
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
}

impl RuralPage {
    fn province(&self, code: &str) -> String {
        self.names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }
}

pub async fn page(State(app): State<App>, ctx: Ctx) -> Response {
    let report = match app.station_coverage().await {
        Ok(r) => r,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let lang = ctx.lang;
    let names = app
        .directory()
        .catalog
        .provinces
        .values()
        .map(|p| {
            (
                p.code.as_str().to_owned(),
                lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned(),
            )
        })
        .collect();
    RuralPage {
        lang,
        frame: ctx.frame("prices"),
        report,
        names,
    }
    .into_response()
}
