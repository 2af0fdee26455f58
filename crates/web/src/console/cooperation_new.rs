//! Recording a cooperation agreement and a co-built park from the console. A zone records
//! agreements it is party to (the ministry any); a zone records the parks it hosts.

use super::signed::{CsrfForm, Nav, Signed};
use super::zone_choice::{self, ZoneGroups};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::{App, AppError};
use gowest_domain::cooperation::{AgreementInput, AgreementKind, ManagementModel, ParkInput};
use std::collections::HashSet;

type Choices = Vec<(&'static str, &'static str)>;

fn ids(raw: &str) -> HashSet<i64> {
    raw.split([',', ';'])
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// Whether the actor may record an agreement at all: a zone's writing staff for agreements
/// their zone is party to, the ministry's for any.
pub fn records_agreements(signed: &Signed) -> bool {
    let actor = &signed.session.actor;
    actor
        .cooperation_keeper(&[actor.own_zone().unwrap_or_default()])
        .is_some()
}

/// Whether the actor's zone may host a park it records.
pub fn records_parks(signed: &Signed) -> bool {
    let actor = &signed.session.actor;
    actor
        .own_zone()
        .and_then(|z| actor.park_keeper(z))
        .is_some()
}

#[derive(Template, WebTemplate)]
#[template(path = "console/agreement_new.html")]
struct AgreementForm {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    input: AgreementInput,
    kinds: Choices,
    leads: ZoneGroups,
    partners: ZoneGroups,
    errors: Vec<(String, String)>,
}

impl AgreementForm {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

fn agreement_form(
    app: &App,
    signed: &Signed,
    input: AgreementInput,
    errors: Vec<(String, String)>,
) -> AgreementForm {
    let lang = signed.ctx.lang;
    let directory = app.directory();
    let lead = ids(&input.lead_zone_id);
    let partners = ids(&input.partner_zone_ids);
    AgreementForm {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("agreements"),
        kinds: AgreementKind::ALL
            .into_iter()
            .map(|k| (k.code(), lang.pick(k.name_zh(), k.name_en())))
            .collect(),
        leads: zone_choice::by_province(&directory, |_| true, &lead),
        partners: zone_choice::by_province(&directory, |_| true, &partners),
        input,
        errors,
    }
}

pub async fn new_agreement(State(app): State<App>, signed: Signed) -> Response {
    if !records_agreements(&signed) {
        return signed.forbidden();
    }
    // The signed-in zone fills the side of the east–west pair its region takes.
    let own = signed.session.actor.own_zone().and_then(|z| {
        let zone = app.directory().zone(z).map(|z| z.region)?;
        Some((z.to_string(), zone == gowest_domain::region::Region::East))
    });
    let (lead_zone_id, partner_zone_ids) = match own {
        Some((z, true)) => (z, String::new()),
        Some((z, false)) => (String::new(), z),
        None => (String::new(), String::new()),
    };
    let input = AgreementInput {
        kind: AgreementKind::IndustrialTransfer.code().to_owned(),
        lead_zone_id,
        partner_zone_ids,
        ..AgreementInput::default()
    };
    agreement_form(&app, &signed, input, Vec::new()).into_response()
}

/// The form posts every field once and one `partner_zone_ids` pair per chosen partner.
fn agreement_of(pairs: &[(String, String)]) -> AgreementInput {
    let mut input = AgreementInput::default();
    let mut partners = Vec::new();
    for (key, value) in pairs {
        let field = match key.as_str() {
            "kind" => &mut input.kind,
            "title" => &mut input.title,
            "lead_zone_id" => &mut input.lead_zone_id,
            "partner_zone_ids" => {
                partners.push(value.as_str());
                continue;
            }
            "signed_on" => &mut input.signed_on,
            "content" => &mut input.content,
            "target_enterprises" => &mut input.target_enterprises,
            "target_investment_yuan" => &mut input.target_investment_yuan,
            "target_jobs" => &mut input.target_jobs,
            "ministry_support" => &mut input.ministry_support,
            _ => continue,
        };
        field.clone_from(value);
    }
    input.partner_zone_ids = partners.join(",");
    input
}

pub async fn create_agreement(
    State(app): State<App>,
    CsrfForm(signed, pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let input = agreement_of(&pairs);
    match app.create_agreement(&signed.context(), &input, false).await {
        Ok(v) => Redirect::to(&format!("/console/agreements/{}", v.agreement.id)).into_response(),
        Err(AppError::Invalid(v)) => {
            let errors = super::field_messages(signed.ctx.lang, &v.0);
            let form = agreement_form(&app, &signed, input, errors);
            (StatusCode::BAD_REQUEST, form).into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/park_new.html")]
struct ParkForm {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    input: ParkInput,
    host: String,
    models: Choices,
    partners: ZoneGroups,
    agreements: Vec<(i64, String)>,
    errors: Vec<(String, String)>,
}

impl ParkForm {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

async fn park_form(
    app: &App,
    signed: &Signed,
    input: ParkInput,
    errors: Vec<(String, String)>,
) -> Response {
    let lang = signed.ctx.lang;
    let actor = &signed.session.actor;
    let agreements = match app.agreements(actor).await {
        Ok(list) => list
            .into_iter()
            .map(|v| (v.agreement.id, v.agreement.title))
            .collect(),
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let directory = app.directory();
    let host_id = actor.own_zone().unwrap_or_default();
    let host = directory
        .zone(host_id)
        .map(|z| z.fields.name_zh.clone())
        .unwrap_or_default();
    let partners = zone_choice::by_province(
        &directory,
        |z| z.id != host_id,
        &ids(&input.partner_zone_id),
    );
    ParkForm {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("agreements"),
        models: ManagementModel::ALL
            .into_iter()
            .map(|m| (m.code(), lang.pick(m.name_zh(), m.name_en())))
            .collect(),
        input,
        host,
        partners,
        agreements,
        errors,
    }
    .into_response()
}

pub async fn new_park(State(app): State<App>, signed: Signed) -> Response {
    if !records_parks(&signed) {
        return signed.forbidden();
    }
    let input = ParkInput {
        model: ManagementModel::Joint.code().to_owned(),
        ..ParkInput::default()
    };
    park_form(&app, &signed, input, Vec::new()).await
}

#[derive(serde::Deserialize)]
pub struct NewParkForm {
    #[serde(flatten)]
    input: ParkInput,
}

pub async fn create_park(
    State(app): State<App>,
    CsrfForm(signed, form): CsrfForm<NewParkForm>,
) -> Response {
    if !records_parks(&signed) {
        return signed.forbidden();
    }
    // The host is the signed-in zone; the form does not offer another.
    let input = ParkInput {
        host_zone_id: signed
            .session
            .actor
            .own_zone()
            .map(|z| z.to_string())
            .unwrap_or_default(),
        ..form.input
    };
    match app.create_park(&signed.context(), &input, false).await {
        Ok(v) => Redirect::to(&format!("/console/parks/{}", v.park.id)).into_response(),
        Err(AppError::Invalid(v)) => {
            let errors = super::field_messages(signed.ctx.lang, &v.0);
            super::refused(park_form(&app, &signed, input, errors).await)
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
