//! The cooperation register in the console: agreements with progress and overdue counts,
//! their Excel export, one agreement's milestone timeline with its forms, and the co-built
//! parks with their sharing ledger. The partner zone sees the parks it is partner of.

use super::signed::{CsrfForm, Id, Nav, Signed};
use crate::download;
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::cooperation::{AgreementView, ParkView};
use gowest_app::{App, AppError};
use gowest_domain::cooperation::{MilestoneInput, MilestoneUpdate};
use gowest_domain::money::Fen;
use gowest_domain::{FieldError, Validation};
use serde::Deserialize;

/// 元 with thousands grouped, as the portal shows money.
fn yuan(f: &Fen) -> String {
    crate::pages::format::yuan(*f)
}

/// Basis points as a percentage: 3550 is 35.5%.
pub(super) fn percent(bp: &u32) -> String {
    let (whole, rest) = (bp / 100, bp % 100);
    match rest {
        0 => format!("{whole}%"),
        r if r % 10 == 0 => format!("{whole}.{}%", r / 10),
        r => format!("{whole}.{r:02}%"),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/agreements.html")]
struct RegisterPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    agreements: Vec<AgreementView>,
    parks: Vec<ParkView>,
    records_agreements: bool,
    records_parks: bool,
}

/// The register is for government and zones, as the menu offers it; others are refused.
fn reads_register(signed: &Signed) -> bool {
    use gowest_domain::access::Scope;
    matches!(
        signed.session.actor.scope(),
        Scope::All | Scope::Province(_) | Scope::Zone(_)
    )
}

pub async fn register(State(app): State<App>, signed: Signed) -> Response {
    if !reads_register(&signed) {
        return signed.forbidden();
    }
    let actor = &signed.session.actor;
    let loaded = async { Ok((app.agreements(actor).await?, app.parks(actor).await?)) };
    match loaded.await {
        Ok((agreements, parks)) => RegisterPage {
            lang: signed.ctx.lang,
            frame: signed.ctx.frame(""),
            nav: signed.nav("agreements"),
            agreements,
            parks,
            records_agreements: super::cooperation_new::records_agreements(&signed),
            records_parks: super::cooperation_new::records_parks(&signed),
        }
        .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn export(State(app): State<App>, signed: Signed) -> Response {
    if !reads_register(&signed) {
        return signed.forbidden();
    }
    match app.export_agreements_xlsx(&signed.session.actor).await {
        Ok(bytes) => download::file(bytes, "agreements.xlsx", None),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/agreement.html")]
struct AgreementPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    v: AgreementView,
    keeps: bool,
    /// Enterprises that may be recorded under the agreement (for its keepers): id and name.
    enterprises: Vec<(i64, String)>,
    /// A refused milestone or link form: field and message, shown above the forms.
    errors: Vec<(String, String)>,
}

/// The agreement page, with the refusal of the form just posted when there is one.
async fn agreement_page(app: &App, signed: &Signed, id: i64, refused: &[FieldError]) -> Response {
    let actor = &signed.session.actor;
    let lang = signed.ctx.lang;
    let v = match app.agreement(actor, id).await {
        Ok(v) => v,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let keeps = actor.cooperation_keeper(&v.agreement.zone_ids()).is_some();
    let enterprises = if keeps {
        match app.enterprise_choices().await {
            Ok(list) => list,
            Err(e) => return PageError::new(&signed.ctx, e).into_response(),
        }
    } else {
        Vec::new()
    };
    AgreementPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("agreements"),
        keeps,
        enterprises,
        v,
        errors: super::field_messages(lang, refused),
    }
    .into_response()
}

pub async fn show(State(app): State<App>, signed: Signed, Id(id): Id) -> Response {
    agreement_page(&app, &signed, id, &[]).await
}

/// After a milestone or link form: back to the agreement, or the agreement with the refusal
/// beside its forms (400, nothing written).
async fn answer<T>(app: &App, signed: &Signed, id: i64, result: Result<T, AppError>) -> Response {
    match result {
        Ok(_) => Redirect::to(&format!("/console/agreements/{id}")).into_response(),
        Err(AppError::Invalid(v)) => super::refused(agreement_page(app, signed, id, &v.0).await),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct MilestoneForm {
    #[serde(flatten)]
    input: MilestoneInput,
}

pub async fn add_milestone(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<MilestoneForm>,
) -> Response {
    let added = app.add_milestone(&signed.context(), id, &form.input).await;
    answer(&app, &signed, id, added).await
}

#[derive(Deserialize)]
pub struct UpdateForm {
    #[serde(flatten)]
    input: MilestoneUpdate,
}

pub async fn update_milestone(
    State(app): State<App>,
    Path((id, milestone)): Path<(i64, i64)>,
    CsrfForm(signed, form): CsrfForm<UpdateForm>,
) -> Response {
    let updated = app
        .update_milestone(&signed.context(), id, milestone, &form.input)
        .await;
    answer(&app, &signed, id, updated).await
}

#[derive(Deserialize)]
pub struct LinkForm {
    record_id: String,
}

/// Credits a pipeline project (by its number on the board) to the agreement.
pub async fn link_project(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<LinkForm>,
) -> Response {
    let linked = match form.record_id.trim().parse::<i64>() {
        Ok(record_id) => {
            app.link_agreement_project(&signed.context(), id, record_id)
                .await
        }
        Err(_) => Err(AppError::Invalid(Validation(vec![FieldError::new(
            "record_id",
            "not_a_number",
            "项目编号应为整数",
            "record_id must be a whole number",
        )]))),
    };
    answer(&app, &signed, id, linked).await
}

/// Records an enterprise relocated under the agreement.
pub async fn link_enterprise(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<super::cooperation_park::EnterpriseForm>,
) -> Response {
    let linked = match super::cooperation_park::org_id(&form.org_id) {
        Ok(org) => {
            app.link_agreement_enterprise(&signed.context(), id, org)
                .await
        }
        Err(e) => Err(e),
    };
    answer(&app, &signed, id, linked).await
}
