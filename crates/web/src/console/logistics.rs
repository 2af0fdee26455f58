//! The ministry's edit of the logistics network (物流网络): every link with its figures, a
//! form to add one, and each link's own form to change or remove it. Every edit reloads the
//! route table, so the public routes and matching follow at once. Below, the 大通关
//! clearance agreements between seaports and interior provinces, with a form to record one.

use super::signed::{CsrfForm, Nav, NoFields, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::decimal::format_scaled;
use gowest_domain::logistics::{ClearanceInput, Link, LinkInput, Mode};
use gowest_domain::money::Fen;
use gowest_domain::port::PortKind;
use gowest_domain::region::Region;
use serde::Deserialize;
use std::collections::HashMap;

struct LinkRow {
    id: i64,
    from: String,
    to: String,
    mode: &'static str,
    corridor: String,
    km: u32,
    hours: String,
    cost: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/logistics.html")]
struct NetworkPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    rows: Vec<LinkRow>,
    /// Node names for the from/to lists (the form takes an id or a name).
    nodes: Vec<String>,
    modes: Vec<(&'static str, &'static str)>,
    /// The link being edited, when one is.
    editing: Option<i64>,
    input: LinkInput,
    errors: Vec<(String, String)>,
    agreements: Vec<AgreementRow>,
    /// Seaports and interior provinces for the agreement form: (value, name).
    seaports: Vec<(i64, String)>,
    provinces: Vec<(String, String)>,
    clearance: ClearanceInput,
    clearance_errors: Vec<(String, String)>,
}

struct AgreementRow {
    port: String,
    province: String,
    measures: String,
    signed_on: String,
    before: String,
    after: String,
    saved: String,
}

/// What the page shows again after a refused form: the form's input and its refusal.
#[derive(Default)]
enum Retry {
    #[default]
    None,
    Link(LinkInput, Vec<FieldError>),
    Clearance(ClearanceInput, Vec<FieldError>),
}

impl NetworkPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    fn clearance_error(&self, field: &str) -> Option<&str> {
        self.clearance_errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// What the form shows for a stored link.
fn input_of(link: &Link, names: &HashMap<i64, String>) -> LinkInput {
    LinkInput {
        from_node: names.get(&link.from_node).cloned().unwrap_or_default(),
        to_node: names.get(&link.to_node).cloned().unwrap_or_default(),
        mode: link.mode.code().to_owned(),
        corridor: link.corridor.clone(),
        km: link.km.to_string(),
        hours: format_scaled(i64::from(link.hours_tenths), 1),
        cost: Fen(link.cost_fen).to_yuan_string(),
    }
}

async fn page(app: &App, signed: &Signed, editing: Option<i64>, retry: Retry) -> Response {
    let lang = signed.ctx.lang;
    let (network, agreements) =
        match tokio::try_join!(app.logistics_network(), app.clearance_agreements()) {
            Ok(both) => both,
            Err(e) => return PageError::new(&signed.ctx, e).into_response(),
        };
    let (input, refused, clearance, clearance_refused) = match retry {
        Retry::None => (None, Vec::new(), ClearanceInput::default(), Vec::new()),
        Retry::Link(input, refused) => {
            (Some(input), refused, ClearanceInput::default(), Vec::new())
        }
        Retry::Clearance(input, refused) => (None, Vec::new(), input, refused),
    };
    let names: HashMap<i64, String> = network
        .nodes
        .iter()
        .map(|n| (n.id, n.name_zh.clone()))
        .collect();
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    let editing = editing.filter(|id| network.links.iter().any(|l| l.id == *id));
    let input = input.unwrap_or_else(|| {
        editing
            .and_then(|id| network.links.iter().find(|l| l.id == id))
            .map_or_else(
                || LinkInput {
                    mode: Mode::Rail.code().to_owned(),
                    ..LinkInput::default()
                },
                |l| input_of(l, &names),
            )
    });
    let rows = network
        .links
        .iter()
        .map(|l| LinkRow {
            id: l.id,
            from: name(l.from_node),
            to: name(l.to_node),
            mode: l.mode.name_zh(),
            corridor: l.corridor.clone(),
            km: l.km,
            hours: format_scaled(i64::from(l.hours_tenths), 1),
            cost: crate::pages::format::yuan(Fen(l.cost_fen)),
        })
        .collect();
    let mut nodes: Vec<String> = network.nodes.iter().map(|n| n.name_zh.clone()).collect();
    nodes.sort();
    let dir = app.directory();
    let catalog = &dir.catalog;
    let port_name = |id: i64| {
        catalog
            .port(id)
            .map(|p| p.name_zh.clone())
            .unwrap_or_default()
    };
    let agreements = agreements
        .iter()
        .map(|a| AgreementRow {
            port: port_name(a.port_id),
            province: catalog
                .province(&a.province_code)
                .map(|p| p.name_zh.clone())
                .unwrap_or_default(),
            measures: a.measures.clone(),
            signed_on: a.signed_on.to_string(),
            before: format_scaled(i64::from(a.hours_before_tenths), 1),
            after: format_scaled(i64::from(a.hours_after_tenths), 1),
            saved: a
                .saved_bp()
                .map(|bp| format!("{}%", format_scaled(bp, 2)))
                .unwrap_or_default(),
        })
        .collect();
    let seaports = catalog
        .ports
        .iter()
        .filter(|p| p.kind == PortKind::Sea)
        .map(|p| (p.id, p.name_zh.clone()))
        .collect();
    let provinces = catalog
        .provinces
        .values()
        .filter(|p| matches!(p.region, Region::Central | Region::West))
        .map(|p| (p.code.as_str().to_owned(), p.name_zh.clone()))
        .collect();
    NetworkPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("logistics"),
        rows,
        nodes,
        modes: Mode::ALL
            .into_iter()
            .map(|m| (m.code(), m.name_zh()))
            .collect(),
        editing,
        input,
        errors: super::field_messages(lang, &refused),
        agreements,
        seaports,
        provinces,
        clearance,
        clearance_errors: super::field_messages(lang, &clearance_refused),
    }
    .into_response()
}

fn keeps_network(signed: &Signed) -> bool {
    signed.session.actor.network_keeper().is_some()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EditQuery {
    link: String,
}

pub async fn show(State(app): State<App>, signed: Signed, Query(q): Query<EditQuery>) -> Response {
    if !keeps_network(&signed) {
        return signed.forbidden();
    }
    page(&app, &signed, q.link.trim().parse().ok(), Retry::None).await
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(flatten)]
    input: LinkInput,
}

/// After a write: back to the network, or the form with the refusal beside it (400).
async fn answer<T>(
    app: &App,
    signed: &Signed,
    editing: Option<i64>,
    input: LinkInput,
    result: Result<T, AppError>,
) -> Response {
    match result {
        Ok(_) => Redirect::to("/console/logistics").into_response(),
        Err(AppError::Invalid(v)) => {
            super::refused(page(app, signed, editing, Retry::Link(input, v.0)).await)
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn add(State(app): State<App>, CsrfForm(signed, form): CsrfForm<LinkForm>) -> Response {
    let added = app.add_logistics_link(&signed.context(), &form.input).await;
    answer(&app, &signed, None, form.input, added).await
}

pub async fn update(
    State(app): State<App>,
    Path(id): Path<i64>,
    CsrfForm(signed, form): CsrfForm<LinkForm>,
) -> Response {
    let updated = app
        .update_logistics_link(&signed.context(), id, &form.input)
        .await;
    answer(&app, &signed, Some(id), form.input, updated).await
}

pub async fn delete(
    State(app): State<App>,
    Path(id): Path<i64>,
    CsrfForm(signed, NoFields {}): CsrfForm<NoFields>,
) -> Response {
    match app.delete_logistics_link(&signed.context(), id).await {
        Ok(()) => Redirect::to("/console/logistics").into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ClearanceForm {
    #[serde(flatten)]
    input: ClearanceInput,
}

/// Records a clearance agreement; a refusal shows the form again beside it (400).
pub async fn add_clearance(
    State(app): State<App>,
    CsrfForm(signed, form): CsrfForm<ClearanceForm>,
) -> Response {
    match app
        .add_clearance_agreement(&signed.context(), &form.input)
        .await
    {
        Ok(_) => Redirect::to("/console/logistics#clearance").into_response(),
        Err(AppError::Invalid(v)) => {
            super::refused(page(&app, &signed, None, Retry::Clearance(form.input, v.0)).await)
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
