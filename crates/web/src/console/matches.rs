//! `/console/matches`: the reverse view of matching — the published relocation demands
//! that fit the zone best, with who posted them, so zone staff know whom to approach.

use super::signed::{Nav, Signed};
use super::transfer::wan_yuan;
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_domain::access::Scope;
use gowest_domain::matching::Factor;
use serde::Deserialize;

/// Demands shown, best fit first.
const SHOWN: usize = 50;

#[derive(Deserialize, Default)]
pub struct ZoneParam {
    #[serde(default)]
    zone: String,
}

pub struct FitRow {
    pub rank: u32,
    pub candidates: u32,
    pub score: String,
    pub title: String,
    pub enterprise: String,
    pub origin: String,
    pub industry: String,
    pub investment: String,
    pub workforce: u32,
    pub reason: String,
    pub strengths: String,
    pub find_href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/matches.html")]
struct MatchesPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    zone_name: String,
    rows: Vec<FitRow>,
    total: usize,
}

/// Zone staff see their own zone; the ministry and provinces any zone in their scope.
fn zone_for(app: &App, signed: &Signed, asked: Option<i64>) -> Option<i64> {
    let actor = &signed.session.actor;
    let directory = app.directory();
    match (actor.scope(), asked) {
        (Scope::Zone(own), _) => Some(own),
        (Scope::All, Some(z)) => directory.zone(z).map(|z| z.id),
        (Scope::Province(code), Some(z)) => directory
            .zone(z)
            .filter(|zone| zone.fields.province_code == code)
            .map(|z| z.id),
        _ => None,
    }
}

pub async fn list(
    State(app): State<App>,
    signed: Signed,
    Query(param): Query<ZoneParam>,
) -> Response {
    let lang = signed.ctx.lang;
    let Some(zone_id) = zone_for(&app, &signed, param.zone.trim().parse().ok()) else {
        return signed.forbidden();
    };
    let fits = match app.demands_for_zone(Some(&signed.session.actor), zone_id) {
        Ok(fits) => fits,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let directory = app.directory();
    let total = fits.len();
    let rows = fits
        .into_iter()
        .take(SHOWN)
        .map(|f| {
            let d = &f.demand.demand;
            let strengths: Vec<String> = Factor::ALL
                .iter()
                .filter_map(|factor| f.fit.factor(*factor))
                .filter(|s| !s.missing && s.index >= 120.0)
                .map(|s| lang.pick(s.factor.name_zh(), s.factor.name_en()).to_owned())
                .collect();
            FitRow {
                rank: f.fit.rank,
                candidates: f.candidates,
                score: format!("{:.1}", f.fit.score),
                title: d.fields.title.clone(),
                enterprise: f.demand.enterprise_name.clone().unwrap_or_default(),
                origin: f.demand.enterprise_province_zh.clone(),
                industry: directory
                    .catalog
                    .industries
                    .get(&d.fields.industry)
                    .map_or_else(
                        || d.fields.industry.to_string(),
                        |i| lang.or_zh(&i.name_zh, i.name_en.as_deref()).to_owned(),
                    ),
                investment: wan_yuan(d.fields.investment),
                workforce: d.fields.workforce,
                reason: lang.pick(&f.fit.reason_zh, &f.fit.reason_en).to_owned(),
                strengths: strengths.join(lang.pick("、", ", ")),
                find_href: format!("/find?demand={}", d.id),
            }
        })
        .collect();
    MatchesPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("matches"),
        zone_name: directory
            .zone(zone_id)
            .map(|z| z.fields.name_zh.clone())
            .unwrap_or_default(),
        rows,
        total,
    }
    .into_response()
}
