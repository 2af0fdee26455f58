//! `/recycling`: recycling pilots (再生资源回收体系试点) — each pilot's stations, volumes by
//! material, energy saved and funded project, and the programme's totals by material.

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use super::format;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::recycling::{tonnes, volumes_text};

struct PilotRow {
    name: String,
    kind: &'static str,
    stations: String,
    volumes: String,
    energy: String,
    fund: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "recycling.html")]
struct RecyclingPage {
    lang: Lang,
    frame: Frame,
    pilots: Vec<PilotRow>,
    /// Material name, tonnes a year.
    totals: Vec<(&'static str, String)>,
    stations: String,
    energy: String,
    funded: usize,
}

pub async fn page(State(app): State<App>, ctx: Ctx) -> Response {
    let (pilots, figures) = match (app.recycling_pilots().await, app.recycling_figures().await) {
        (Ok(p), Ok(f)) => (p, f),
        (Err(e), _) | (_, Err(e)) => return PageError::new(&ctx, e).into_response(),
    };
    RecyclingPage {
        lang: ctx.lang,
        frame: ctx.frame("bases"),
        pilots: pilots
            .iter()
            .map(|p| PilotRow {
                name: p.name_zh.clone(),
                kind: p.kind.name_zh(),
                stations: format::count(p.stations as usize),
                volumes: volumes_text(p),
                energy: tonnes(p.energy_saved_kgce),
                fund: p
                    .fund_application_id
                    .map(|id| format!("#{id}"))
                    .unwrap_or_default(),
            })
            .collect(),
        totals: figures
            .volumes_kg
            .iter()
            .map(|(m, kg)| (m.name_zh(), tonnes(*kg)))
            .collect(),
        stations: figures.stations.to_string(),
        energy: tonnes(figures.energy_saved_kgce),
        funded: figures.funded,
    }
    .into_response()
}
