//! `/outsourcing`: the service-outsourcing bases (服务外包基地) with their capacity, and the
//! offshore-outsourcing demand with the bases that fit each, best first.

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use super::format;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use gowest_app::App;

struct BaseRow {
    name: String,
    city: String,
    companies: String,
    staff: String,
    languages: String,
    services: String,
}

struct DemandRow {
    company: String,
    service: &'static str,
    languages: String,
    staff: String,
    /// The three best bases: name, score, reason.
    best: Vec<(String, u32, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "outsourcing.html")]
struct OutsourcingPage {
    lang: Lang,
    frame: Frame,
    bases: Vec<BaseRow>,
    demands: Vec<DemandRow>,
}

pub async fn page(State(app): State<App>, ctx: Ctx) -> Response {
    let lang = ctx.lang;
    let (bases, demands) = match (
        app.outsourcing_bases().await,
        app.outsourcing_demands().await,
    ) {
        (Ok(b), Ok(d)) => (b, d),
        (Err(e), _) | (_, Err(e)) => return PageError::new(&ctx, e).into_response(),
    };
    let mut rows = Vec::with_capacity(demands.len());
    for d in demands.iter().take(50) {
        let matched = match app.outsourcing_matches(d.id).await {
            Ok(m) => m,
            Err(e) => return PageError::new(&ctx, e).into_response(),
        };
        rows.push(DemandRow {
            company: d.company.clone(),
            service: d.service.name_zh(),
            languages: d.languages.join("、"),
            staff: format::count(d.staff_needed as usize),
            best: matched
                .matches
                .into_iter()
                .take(3)
                .map(|m| (m.base.name_zh, m.fit.score, m.fit.reason_zh))
                .collect(),
        });
    }
    OutsourcingPage {
        lang,
        frame: ctx.frame("bases"),
        bases: bases
            .iter()
            .map(|b| BaseRow {
                name: b.name_zh.clone(),
                city: b.city_zh.clone(),
                companies: format::count(b.companies as usize),
                staff: format::count(b.staff as usize),
                languages: b.languages.join("、"),
                services: b
                    .services
                    .iter()
                    .map(|s| s.name_zh())
                    .collect::<Vec<_>>()
                    .join("、"),
            })
            .collect(),
        demands: rows,
    }
    .into_response()
}
