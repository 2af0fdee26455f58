//! One co-built park in the console: its shares, its sharing ledger year by year with the
//! host's booking form, and the enterprises inside it. The partner zone reads it; only the
//! host zone's staff book and link.

use super::signed::{CsrfForm, Id, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::cooperation::ParkView;
use gowest_app::{App, AppError};
use gowest_domain::cooperation::{SharingInput, SharingKind};
use gowest_domain::money::Fen;
use gowest_domain::{FieldError, Validation};
use serde::Deserialize;
use std::collections::HashMap;

fn yuan(f: &Fen) -> String {
    crate::pages::format::yuan(*f)
}

/// The host's part of a total: what the partner does not take.
fn host(total: &Fen, partner: &Fen) -> String {
    crate::pages::format::yuan(Fen(total.0 - partner.0))
}

fn percent(bp: &u32) -> String {
    super::cooperation::percent(bp)
}

#[derive(Template, WebTemplate)]
#[template(path = "console/park.html")]
struct ParkPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    v: ParkView,
    keeps: bool,
    kinds: Vec<(&'static str, &'static str)>,
    /// Enterprises in the park, by name.
    inside: Vec<String>,
    /// Enterprises that may be linked: id and name.
    enterprises: Vec<(i64, String)>,
    input: SharingInput,
    errors: Vec<(String, String)>,
}

async fn park_page(
    app: &App,
    signed: &Signed,
    id: i64,
    input: SharingInput,
    refused: &[FieldError],
) -> Response {
    let actor = &signed.session.actor;
    let lang = signed.ctx.lang;
    let (v, enterprises) = match (app.park(actor, id).await, app.enterprise_choices().await) {
        (Ok(v), Ok(e)) => (v, e),
        (Err(e), _) | (_, Err(e)) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let names: HashMap<i64, &String> = enterprises.iter().map(|(id, n)| (*id, n)).collect();
    let inside = v
        .enterprise_org_ids
        .iter()
        .map(|id| {
            names
                .get(id)
                .map_or_else(|| format!("#{id}"), |n| (*n).clone())
        })
        .collect();
    let enterprises = enterprises
        .iter()
        .filter(|(id, _)| !v.enterprise_org_ids.contains(id))
        .cloned()
        .collect();
    ParkPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("agreements"),
        keeps: actor.park_keeper(v.park.host_zone_id).is_some(),
        kinds: SharingKind::ALL
            .into_iter()
            .map(|k| (k.code(), lang.pick(k.name_zh(), k.name_en())))
            .collect(),
        inside,
        enterprises,
        v,
        input,
        errors: super::field_messages(lang, refused),
    }
    .into_response()
}

pub async fn show(State(app): State<App>, signed: Signed, Id(id): Id) -> Response {
    park_page(&app, &signed, id, SharingInput::default(), &[]).await
}

/// After a booking or a link: back to the park, or the park with the refusal (400).
async fn answer<T>(
    app: &App,
    signed: &Signed,
    id: i64,
    input: SharingInput,
    result: Result<T, AppError>,
) -> Response {
    match result {
        Ok(_) => Redirect::to(&format!("/console/parks/{id}")).into_response(),
        Err(AppError::Invalid(v)) => super::refused(park_page(app, signed, id, input, &v.0).await),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct SharingForm {
    #[serde(flatten)]
    input: SharingInput,
}

pub async fn book(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<SharingForm>,
) -> Response {
    let booked = app
        .add_sharing_entry(&signed.context(), id, &form.input)
        .await;
    answer(&app, &signed, id, form.input, booked).await
}

#[derive(Deserialize)]
pub struct EnterpriseForm {
    #[serde(default)]
    pub org_id: String,
}

/// Parses the enterprise chosen in a link form, naming the field when it is not an id.
pub fn org_id(raw: &str) -> Result<i64, AppError> {
    raw.trim().parse().map_err(|_| {
        AppError::Invalid(Validation(vec![FieldError::new(
            "org_id",
            "required",
            "请选择企业",
            "org_id: choose an enterprise",
        )]))
    })
}

pub async fn link_enterprise(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<EnterpriseForm>,
) -> Response {
    let linked = match org_id(&form.org_id) {
        Ok(org) => app.add_park_enterprise(&signed.context(), id, org).await,
        Err(e) => Err(e),
    };
    answer(&app, &signed, id, SharingInput::default(), linked).await
}
