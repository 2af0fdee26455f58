//! `/console/demands`: an enterprise's relocation demand (转移意向) with its status; it
//! publishes and withdraws them here, and opens the zones that match each.

use super::signed::{CsrfForm, Id, Nav, Signed};
use super::transfer::{beijing_time, wan_yuan};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use crate::pages::query::{to_query, with_query};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::{App, AppError};
use gowest_domain::access::EnterpriseAgent;
use gowest_domain::demand::DemandStatus;
use gowest_domain::location_query::LocationQueryInput;
use serde::Deserialize;

pub struct DemandRow {
    pub id: i64,
    pub title: String,
    pub industry: String,
    pub investment: String,
    pub status: DemandStatus,
    pub status_name: &'static str,
    pub updated: String,
    /// The wizard with this demand's question, for any status (a draft is not public, so
    /// the question travels in the address rather than as the demand's id).
    pub find_href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/demands.html")]
struct DemandsPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    has_profile: bool,
    rows: Vec<DemandRow>,
    notice: Option<&'static str>,
    error: Option<String>,
}

async fn list_page(
    app: &App,
    signed: &Signed,
    agent: &EnterpriseAgent,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Result<DemandsPage, AppError> {
    let lang = signed.ctx.lang;
    let has_profile = app.my_enterprise(agent).await?.is_some();
    let directory = app.directory();
    let rows = app
        .my_demands(agent)
        .await?
        .into_iter()
        .map(|v| {
            let question = LocationQueryInput::from_demand(&v.demand.fields, v.processing_trade);
            let pairs = question.pairs();
            let refs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let find_href = with_query("/find", &to_query(&refs));
            let d = v.demand;
            DemandRow {
                find_href,
                id: d.id,
                industry: directory
                    .catalog
                    .industries
                    .get(&d.fields.industry)
                    .map_or_else(
                        || d.fields.industry.to_string(),
                        |i| lang.or_zh(&i.name_zh, i.name_en.as_deref()).to_owned(),
                    ),
                investment: wan_yuan(d.fields.investment),
                title: d.fields.title,
                status: d.status,
                status_name: lang.pick(d.status.name_zh(), d.status.name_en()),
                updated: beijing_time(d.updated_at),
            }
        })
        .collect();
    Ok(DemandsPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("demands"),
        has_profile,
        rows,
        notice,
        error,
    })
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

pub async fn list(
    State(app): State<App>,
    signed: Signed,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let Some(agent) = signed.session.actor.enterprise_agent() else {
        return signed.forbidden();
    };
    let lang = signed.ctx.lang;
    let notice = match q.notice.as_deref() {
        Some("created") => Some(lang.pick(
            "转移意向已保存为草稿，发布后开发区和商务部门才能看到。",
            "The demand was saved as a draft; zones and commerce departments see it once published.",
        )),
        Some("saved") => Some(lang.pick("转移意向已保存。", "The demand was saved.")),
        Some("published") => Some(lang.pick("转移意向已发布。", "The demand was published.")),
        Some("withdrawn") => Some(lang.pick("转移意向已撤回。", "The demand was withdrawn.")),
        _ => None,
    };
    match list_page(&app, &signed, &agent, notice, None).await {
        Ok(page) => page.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    to: String,
}

pub async fn set_status(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<StatusForm>,
) -> Response {
    let Some(agent) = signed.session.actor.enterprise_agent() else {
        return signed.forbidden();
    };
    let (to, notice) = match form.to.as_str() {
        "publish" => (DemandStatus::Published, "published"),
        "withdraw" => (DemandStatus::Withdrawn, "withdrawn"),
        _ => {
            return PageError::new(&signed.ctx, AppError::NotFound { entity: "action" })
                .into_response();
        }
    };
    match app
        .set_demand_status(&agent, &signed.context(), id, to)
        .await
    {
        Ok(_) => Redirect::to(&format!("/console/demands?notice={notice}")).into_response(),
        Err(AppError::Invalid(v)) => {
            let lang = signed.ctx.lang;
            let message =
                v.0.iter()
                    .map(|e| lang.pick(&e.message_zh, &e.message_en))
                    .collect::<Vec<_>>()
                    .join(lang.pick("；", "; "));
            match list_page(&app, &signed, &agent, None, Some(message)).await {
                Ok(page) => (StatusCode::BAD_REQUEST, page).into_response(),
                Err(e) => PageError::new(&signed.ctx, e).into_response(),
            }
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
