//! One fund application: its figures, loans, history with comments and files, the actions
//! the signed-in stage may take (with a comment and a file), a new version of a returned
//! one, and the printable approval record (审批记录, a print stylesheet).

use super::funds::yuan;
use super::signed::{CsrfForm, CsrfUpload, Id, Nav, NoFields, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::funds::{ActionInput, ApplicationView};
use gowest_app::pipeline_funds::EvidenceUpload;
use gowest_app::{App, AppError};
use gowest_domain::access::{Actor, FundStage};
use gowest_domain::funds::application::{Action, Stage, next};
use gowest_domain::funds::{ApplicationBody, ProgrammeKind, ProgrammePool};

pub struct LoanRow {
    pub lender: String,
    pub principal: String,
    pub rate: String,
    pub start: String,
    pub end: String,
    pub category: String,
    pub days: i64,
    pub computed: String,
    pub claimed: String,
    pub eligible: String,
    pub above: bool,
}

pub struct HistoryRow {
    pub at: String,
    pub action: String,
    pub from: &'static str,
    pub to: &'static str,
    pub comment: String,
    pub attachment: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/funds_record.html")]
struct RecordPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    id: i64,
    series: i64,
    version: i64,
    title: String,
    programme: String,
    kind: &'static str,
    applicant: String,
    province: String,
    region: &'static str,
    status: &'static str,
    status_name: &'static str,
    requested: String,
    granted: String,
    committed: String,
    disbursed: String,
    flagged: bool,
    loans: Vec<LoanRow>,
    request: Vec<(&'static str, String)>,
    history: Vec<HistoryRow>,
    actions: Vec<(&'static str, &'static str)>,
    approves: bool,
    editable: bool,
    refile: bool,
    errors: Vec<(String, String)>,
    printed: String,
}

/// The actions `actor` may take now: the transition exists and the stage is the actor's.
fn actions_for(
    actor: &Actor,
    view: &ApplicationView,
    kind: ProgrammeKind,
    lang: Lang,
) -> Vec<(&'static str, &'static str)> {
    let a = &view.application;
    let reviewer = actor.fund_reviewer().map(|r| r.stage());
    Action::ALL
        .into_iter()
        .filter(|action| next(kind, a.status, *action).is_ok())
        .filter(|action| match action.stage(kind, a.status) {
            Stage::Applicant => actor
                .fund_applicant()
                .is_some_and(|r| r.org_id() == a.applicant_org_id),
            Stage::Province => reviewer == Some(FundStage::Province),
            Stage::Ministry => reviewer == Some(FundStage::Ministry),
            Stage::Bank => reviewer == Some(FundStage::Bank),
        })
        .map(|action| (action.code(), lang.pick(action.name_zh(), action.name_en())))
        .collect()
}

async fn render(app: &App, signed: &Signed, id: i64, errors: Vec<(String, String)>) -> Response {
    let lang = signed.ctx.lang;
    let actor = &signed.session.actor;
    let view = match app.fund_application(actor, id).await {
        Ok(v) => v,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let pp: ProgrammePool = match app.fund_programme(view.application.programme_id).await {
        Ok(p) => p,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let p = &pp.programme;
    let a = &view.application;
    let category = |code: &str| {
        p.category(code).map_or_else(
            || code.to_owned(),
            |c| lang.or_zh(&c.name_zh, Some(&c.name_en)).to_owned(),
        )
    };
    let (loans, request) = match &a.body {
        ApplicationBody::InterestSubsidy { loans } => (
            loans
                .iter()
                .zip(&view.preview.loans)
                .map(|(l, line)| LoanRow {
                    lender: l.lender.clone(),
                    principal: yuan(l.principal),
                    rate: format!("{}%", l.rate.percent_string()),
                    start: l.start.to_string(),
                    end: l.end.to_string(),
                    category: category(&l.category),
                    days: line.days,
                    computed: yuan(line.check.computed),
                    claimed: yuan(line.check.claimed),
                    eligible: yuan(line.check.eligible),
                    above: line.check.above_computed,
                })
                .collect(),
            Vec::new(),
        ),
        ApplicationBody::Request {
            project_name,
            purpose,
            amount,
            pilot,
        } => (
            Vec::new(),
            [
                (
                    lang.pick("项目名称", "Project"),
                    project_name.clone().unwrap_or_default(),
                ),
                (
                    lang.pick("用途", "Purpose"),
                    purpose.as_deref().map(category).unwrap_or_default(),
                ),
                (
                    lang.pick("申请金额（元）", "Amount (yuan)"),
                    amount.map(yuan).unwrap_or_default(),
                ),
            ]
            .into_iter()
            .chain(pilot.iter().flat_map(|c| pilot_rows(c, lang)))
            .collect(),
        ),
    };
    let directory = app.directory();
    let applicant = match a.zone_id.and_then(|z| directory.zone(z)) {
        Some(z) => z.fields.name_zh.clone(),
        None => format!("#{}", a.applicant_org_id),
    };
    let actions = actions_for(actor, &view, p.kind, lang);
    let own = actor
        .fund_applicant()
        .is_some_and(|r| r.org_id() == a.applicant_org_id);
    let beijing = super::beijing();
    RecordPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("funds"),
        id: a.id,
        series: a.series_id,
        version: a.version,
        title: a.title.clone(),
        programme: lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned(),
        kind: lang.pick(p.kind.name_zh(), p.kind.name_en()),
        applicant,
        province: directory
            .catalog
            .province(&a.province_code)
            .map(|x| x.name_zh.clone())
            .unwrap_or_default(),
        region: lang.pick(a.region.name_zh(), a.region.name_en()),
        status: a.status.code(),
        status_name: lang.pick(a.status.name_zh(), a.status.name_en()),
        requested: yuan(a.requested),
        granted: yuan(a.granted),
        committed: yuan(a.committed),
        disbursed: yuan(a.disbursed),
        flagged: a.flagged,
        loans,
        request,
        history: view
            .history
            .iter()
            .map(|t| HistoryRow {
                at: t
                    .at
                    .with_timezone(&beijing)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                action: Action::parse(&t.action).map_or_else(
                    || t.action.clone(),
                    |x| lang.pick(x.name_zh(), x.name_en()).to_owned(),
                ),
                from: lang.pick(t.from_status.name_zh(), t.from_status.name_en()),
                to: lang.pick(t.to_status.name_zh(), t.to_status.name_en()),
                comment: t.comment.clone().unwrap_or_default(),
                attachment: t.attachment_id,
            })
            .collect(),
        approves: actions.iter().any(|(c, _)| *c == "approve")
            && p.kind != ProgrammeKind::InterestSubsidy,
        actions,
        editable: own && a.status.editable(),
        refile: own && a.status == gowest_domain::funds::application::Status::Returned,
        errors,
        printed: app.today_in_china().to_string(),
    }
    .into_response()
}

pub async fn show(State(app): State<App>, signed: Signed, Id(id): Id) -> Response {
    render(&app, &signed, id, Vec::new()).await
}

/// A transition with its comment and file (multipart form).
pub async fn act(
    State(app): State<App>,
    Id(id): Id,
    CsrfUpload(signed, mut form): CsrfUpload,
) -> Response {
    let attachment = match form.file() {
        Ok(file) => file.map(|file| EvidenceUpload {
            file_name: file.name,
            media_type: file.media_type,
            content: file.bytes,
        }),
        Err(AppError::Invalid(v)) => {
            let errors = super::field_messages(signed.ctx.lang, &v.0);
            return super::refused(render(&app, &signed, id, errors).await);
        }
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let input = ActionInput {
        action: form.field("action").to_owned(),
        comment: form.field("comment").to_owned(),
        granted_yuan: form.field("granted_yuan").to_owned(),
        attachment,
    };
    match app
        .act_on_fund_application(&signed.context(), id, &input)
        .await
    {
        Ok(_) => Redirect::to(&format!("/console/funds/{id}")).into_response(),
        Err(AppError::Invalid(v)) => {
            let errors = super::field_messages(signed.ctx.lang, &v.0);
            super::refused(render(&app, &signed, id, errors).await)
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn new_version(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, NoFields {}): CsrfForm<NoFields>,
) -> Response {
    match app.new_fund_version(&signed.context(), id).await {
        Ok(a) => Redirect::to(&format!("/console/funds/{}/edit", a.id)).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn allocate(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, NoFields {}): CsrfForm<NoFields>,
) -> Response {
    match app.allocate_fund_quota(&signed.context(), id).await {
        Ok(_) => Redirect::to("/console/funds/dashboard").into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// A file kept with a transition, to the readers of its application.
pub async fn attachment(
    State(app): State<App>,
    signed: Signed,
    axum::extract::Path((id, file)): axum::extract::Path<(i64, i64)>,
) -> Response {
    match app.fund_attachment(&signed.session.actor, id, file).await {
        Ok(a) => (
            [
                (axum::http::header::CONTENT_TYPE, a.media_type.clone()),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename*=UTF-8''{}",
                        crate::pages::query::encode_component(&a.file_name)
                    ),
                ),
            ],
            a.content,
        )
            .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// The applicant's size and the project's cost of a pilot application, as stated.
fn pilot_rows(
    c: &gowest_domain::funds::pilot::PilotClaim,
    lang: crate::pages::ctx::Lang,
) -> Vec<(&'static str, String)> {
    let n = |x: Option<i64>| x.map(|n| n.to_string()).unwrap_or_default();
    vec![
        (
            lang.pick("年交易额（元）", "Annual turnover (yuan)"),
            c.annual_turnover_fen.map(yuan).unwrap_or_default(),
        ),
        (
            lang.pick("交易面积（平方米）", "Trading area (m²)"),
            n(c.trading_area_m2),
        ),
        (
            lang.pick("仓储/冷链能力（吨）", "Storage (t)"),
            n(c.storage_tonnes),
        ),
        (
            lang.pick("经营年限（年）", "Years in operation"),
            n(c.years_in_operation),
        ),
        (
            lang.pick("项目总投资（元）", "Project cost (yuan)"),
            c.project_cost_fen.map(yuan).unwrap_or_default(),
        ),
    ]
}
