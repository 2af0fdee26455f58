//! `/labour`: labour cooperation (劳务合作) — the labour-export bases with their workers and
//! training, and the overseas projects with the bases that can staff each, best first.

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
    county: String,
    workers: String,
    trained: String,
    support: String,
    occupations: String,
}

struct ProjectRow {
    name: String,
    contractor: String,
    country: String,
    occupations: String,
    needed: String,
    /// Base name, workers offered, occupations covered, score.
    best: Vec<(String, String, String, u32)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "labour.html")]
struct LabourPage {
    lang: Lang,
    frame: Frame,
    bases: Vec<BaseRow>,
    projects: Vec<ProjectRow>,
}

pub async fn page(State(app): State<App>, ctx: Ctx) -> Response {
    let (bases, projects) = match (app.labour_bases().await, app.overseas_projects().await) {
        (Ok(b), Ok(p)) => (b, p),
        (Err(e), _) | (_, Err(e)) => return PageError::new(&ctx, e).into_response(),
    };
    let mut rows = Vec::new();
    for p in projects.iter().take(50) {
        let matched = match app.labour_matches(p.id).await {
            Ok(m) => m,
            Err(e) => return PageError::new(&ctx, e).into_response(),
        };
        rows.push(ProjectRow {
            name: p.name_zh.clone(),
            contractor: p.contractor.clone(),
            country: p.country.clone(),
            occupations: p.occupations.join("、"),
            needed: format::count(p.workers_needed as usize),
            best: matched
                .matches
                .into_iter()
                .take(3)
                .map(|m| {
                    (
                        m.base.name_zh,
                        format::count(m.fit.workers_offered as usize),
                        m.fit.occupations_covered.join("、"),
                        m.fit.score,
                    )
                })
                .collect(),
        });
    }
    LabourPage {
        lang: ctx.lang,
        frame: ctx.frame("bases"),
        bases: bases
            .into_iter()
            .map(|b| BaseRow {
                name: b.name_zh,
                county: b.county,
                workers: format::count(b.workers_available as usize),
                trained: format::count(b.trained_per_year as usize),
                support: b.training_support,
                occupations: b.occupations.join("、"),
            })
            .collect(),
        projects: rows,
    }
    .into_response()
}
