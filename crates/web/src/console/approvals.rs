//! `/console/approvals`: the ministry, or a province for its own, decides registrations.

use super::signed::{CsrfForm, Id, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::App;
use gowest_domain::org::Organisation;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/approvals.html")]
struct ApprovalsPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    pending: Vec<(Organisation, String, String)>,
}

pub async fn list(State(app): State<App>, signed: Signed) -> Response {
    if !signed.nav("").approvals {
        return signed.forbidden();
    }
    let directory = app.directory();
    match app.pending_registrations(&signed.session.actor).await {
        Ok(pending) => ApprovalsPage {
            lang: signed.ctx.lang,
            frame: signed.ctx.frame(""),
            nav: signed.nav("approvals"),
            pending: pending
                .into_iter()
                .map(|o| {
                    let credit = o
                        .place
                        .credit_code()
                        .map(|c| c.to_string())
                        .unwrap_or_default();
                    let province = o
                        .place
                        .province_code()
                        .and_then(|p| directory.catalog.province(p))
                        .map(|p| p.name_zh.clone())
                        .unwrap_or_default();
                    (o, credit, province)
                })
                .collect(),
        }
        .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
}

pub async fn decide(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<DecisionForm>,
) -> Response {
    let org = match app.organisation(id).await {
        Ok(org) => org,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let Some(approver) = signed.session.actor.org_approver(&org) else {
        return signed.forbidden();
    };
    let approve = form.decision == "approve";
    match app
        .decide_registration(&approver, &signed.context(), approve)
        .await
    {
        Ok(()) => Redirect::to("/console/approvals").into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
