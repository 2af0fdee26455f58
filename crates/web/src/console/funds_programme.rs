//! The ministry's edit of a fund programme: its application window, the size of its pool
//! (never below what is committed) and the provincial zones it designates as eligible.

use super::signed::{CsrfForm, Id, Nav, Signed};
use super::zone_choice::{self, ZoneGroups};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::funds::ProgrammeEdit;
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::access::FundStage;
use gowest_domain::funds::ProgrammePool;
use std::collections::HashSet;

#[derive(Template, WebTemplate)]
#[template(path = "console/funds_programme.html")]
struct ProgrammePage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    id: i64,
    name: String,
    pool: String,
    committed: String,
    input: ProgrammeEdit,
    /// The programme is limited to some zone levels, so designating other zones matters.
    levels_limited: bool,
    /// Designated zones kept as they are when the programme takes any level.
    designated: Vec<i64>,
    zones: ZoneGroups,
    errors: Vec<(String, String)>,
}

impl ProgrammePage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

fn page(
    app: &App,
    signed: &Signed,
    pp: &ProgrammePool,
    input: ProgrammeEdit,
    refused: &[FieldError],
) -> ProgrammePage {
    let lang = signed.ctx.lang;
    let p = &pp.programme;
    let chosen: HashSet<i64> = input
        .designated_zones
        .as_deref()
        .unwrap_or(&p.eligibility.designated_zones)
        .iter()
        .copied()
        .collect();
    // Zones of the programme's regions that its levels do not already make eligible.
    let levels = &p.eligibility.zone_levels;
    let zones = zone_choice::by_province(
        &app.directory(),
        |z| p.eligibility.regions.contains(&z.region) && !levels.contains(&z.fields.level),
        &chosen,
    );
    ProgrammePage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("funds_dashboard"),
        id: p.id,
        name: lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned(),
        pool: super::funds::yuan(pp.totals.size),
        committed: super::funds::yuan(pp.totals.committed),
        input,
        levels_limited: !levels.is_empty(),
        designated: p.eligibility.designated_zones.clone(),
        zones,
        errors: super::field_messages(lang, refused),
    }
}

fn edits_programmes(signed: &Signed) -> bool {
    signed
        .session
        .actor
        .fund_reviewer()
        .is_some_and(|r| r.stage() == FundStage::Ministry)
}

pub async fn show(State(app): State<App>, signed: Signed, Id(id): Id) -> Response {
    if !edits_programmes(&signed) {
        return signed.forbidden();
    }
    match app.fund_programme(id).await {
        Ok(pp) => {
            let p = &pp.programme;
            let input = ProgrammeEdit {
                opens_on: p.opens_on.to_string(),
                closes_on: p.closes_on.to_string(),
                pool_yuan: pp.totals.size.to_yuan_string(),
                designated_zones: None,
            };
            page(&app, &signed, &pp, input, &[]).into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// The form posts the three fields and one `designated_zones` pair per chosen zone.
fn edit_of(pairs: &[(String, String)]) -> (ProgrammeEdit, Vec<FieldError>) {
    let mut edit = ProgrammeEdit {
        designated_zones: Some(Vec::new()),
        ..ProgrammeEdit::default()
    };
    let mut refused = Vec::new();
    for (key, value) in pairs {
        match key.as_str() {
            "opens_on" => edit.opens_on.clone_from(value),
            "closes_on" => edit.closes_on.clone_from(value),
            "pool_yuan" => edit.pool_yuan.clone_from(value),
            "designated_zones" => match value.parse() {
                Ok(zone) => edit.designated_zones.get_or_insert_default().push(zone),
                Err(_) => refused.push(FieldError::new(
                    "designated_zones",
                    "not_a_number",
                    format!("“{value}”不是开发区编号"),
                    format!("designated_zones: '{value}' is not a zone id"),
                )),
            },
            _ => {}
        }
    }
    (edit, refused)
}

pub async fn save(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let (edit, malformed) = edit_of(&pairs);
    let result = if malformed.is_empty() {
        app.edit_fund_programme(&signed.context(), id, &edit).await
    } else {
        Err(AppError::Invalid(gowest_domain::Validation(malformed)))
    };
    match result {
        Ok(_) => Redirect::to("/console/funds/dashboard").into_response(),
        Err(AppError::Invalid(v)) => match app.fund_programme(id).await {
            Ok(pp) => (
                StatusCode::BAD_REQUEST,
                page(&app, &signed, &pp, edit, &v.0),
            )
                .into_response(),
            Err(e) => PageError::new(&signed.ctx, e).into_response(),
        },
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
