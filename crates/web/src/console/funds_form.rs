//! The application form: a draft's fields (the loans of an interest-subsidy claim, or the
//! project, purpose and amount of a request), checked inline, with a live calculation
//! preview (htmx) of interest, flags and subsidy as the applicant types.

use super::funds::yuan;
use super::signed::{CsrfForm, Id, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::funds::PROMOTION_PURPOSE;
use gowest_app::{App, AppError};
use gowest_domain::funds::{
    ApplicationBody, ApplicationInput, LoanInput, Preview, ProgrammeKind, ProgrammePool,
};
use serde::Deserialize;

/// Loan rows the form shows; blank rows are ignored.
const LOAN_ROWS: usize = 5;

pub struct PreviewView {
    pub lines: Vec<(usize, String, String, String, bool)>,
    pub eligible: String,
    pub uncapped: String,
    pub requested: String,
    pub flagged: bool,
    pub subsidy: bool,
    pub errors: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/funds_preview.html")]
struct PreviewPart {
    lang: Lang,
    p: PreviewView,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/funds_form.html")]
struct FormPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    programme_id: i64,
    programme: String,
    subsidy: bool,
    /// A pilot programme: the applicant states its size and the project's cost.
    pilot: bool,
    action: String,
    input: ApplicationInput,
    categories: Vec<(String, String)>,
    errors: Vec<(String, String)>,
    p: PreviewView,
}

impl FormPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    fn loan(&self, i: &usize) -> LoanInput {
        self.input.loans.get(*i).cloned().unwrap_or_default()
    }

    fn loan_error(&self, i: &usize, name: &str) -> Option<&str> {
        self.error(&format!("loans[{i}].{name}"))
    }

    /// The pilot fields: (name, label zh, label en, value typed).
    fn pilot_fields(&self) -> [(&'static str, &'static str, &'static str, &str); 5] {
        let p = &self.input.pilot;
        [
            (
                "annual_turnover_yuan",
                "年交易额（元）",
                "Annual turnover (yuan)",
                &p.annual_turnover_yuan,
            ),
            (
                "trading_area_m2",
                "交易面积（平方米）",
                "Trading area (m²)",
                &p.trading_area_m2,
            ),
            (
                "storage_tonnes",
                "仓储/冷链能力（吨）",
                "Storage / cold-chain capacity (t)",
                &p.storage_tonnes,
            ),
            (
                "years_in_operation",
                "经营年限（年）",
                "Years in operation",
                &p.years_in_operation,
            ),
            (
                "project_cost_yuan",
                "项目总投资（元）",
                "Project cost (yuan)",
                &p.project_cost_yuan,
            ),
        ]
    }

    fn rows(&self) -> std::ops::Range<usize> {
        0..LOAN_ROWS.max(self.input.loans.len())
    }
}

fn view(
    preview: Option<&Preview>,
    kind: ProgrammeKind,
    errors: Vec<(String, String)>,
) -> PreviewView {
    PreviewView {
        lines: preview
            .map(|p| {
                p.loans
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        (
                            i + 1,
                            l.days.to_string(),
                            yuan(l.check.computed),
                            yuan(l.check.eligible),
                            l.check.above_computed,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        eligible: preview
            .map(|p| yuan(p.eligible_interest))
            .unwrap_or_default(),
        uncapped: preview.map(|p| yuan(p.uncapped)).unwrap_or_default(),
        requested: preview.map(|p| yuan(p.requested)).unwrap_or_default(),
        flagged: preview.is_some_and(|p| p.flagged),
        subsidy: kind == ProgrammeKind::InterestSubsidy,
        errors,
    }
}

/// The form's fields: loan columns repeat once per row, in row order.
fn input_of(pairs: &[(String, String)]) -> ApplicationInput {
    let mut input = ApplicationInput::default();
    let mut columns: [Vec<String>; 7] = Default::default();
    const LOAN: [&str; 7] = [
        "lender",
        "principal_yuan",
        "rate_percent",
        "start",
        "end",
        "category",
        "interest_paid_yuan",
    ];
    for (k, v) in pairs {
        match k.as_str() {
            "title" => input.title = v.clone(),
            "project_name" => input.project_name = v.clone(),
            "purpose" => input.purpose = v.clone(),
            "amount_yuan" => input.amount_yuan = v.clone(),
            "annual_turnover_yuan" => input.pilot.annual_turnover_yuan = v.clone(),
            "trading_area_m2" => input.pilot.trading_area_m2 = v.clone(),
            "storage_tonnes" => input.pilot.storage_tonnes = v.clone(),
            "years_in_operation" => input.pilot.years_in_operation = v.clone(),
            "project_cost_yuan" => input.pilot.project_cost_yuan = v.clone(),
            other => {
                if let Some(i) = LOAN.iter().position(|n| *n == other) {
                    columns[i].push(v.clone());
                }
            }
        }
    }
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0);
    let cell = |c: usize, r: usize| columns[c].get(r).cloned().unwrap_or_default();
    for r in 0..rows {
        // A row left with nothing but its category (a select always sends one) is blank.
        if [0, 1, 2, 3, 4, 6]
            .iter()
            .all(|c| cell(*c, r).trim().is_empty())
        {
            continue;
        }
        input.loans.push(LoanInput {
            lender: cell(0, r),
            principal_yuan: cell(1, r),
            rate_percent: cell(2, r),
            start: cell(3, r),
            end: cell(4, r),
            category: cell(5, r),
            interest_paid_yuan: cell(6, r),
        });
    }
    input
}

fn page(
    signed: &Signed,
    pp: &ProgrammePool,
    action: String,
    input: ApplicationInput,
    errors: Vec<(String, String)>,
    preview: Option<&Preview>,
) -> FormPage {
    let lang = signed.ctx.lang;
    let p = &pp.programme;
    FormPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("funds"),
        programme_id: p.id,
        programme: lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned(),
        subsidy: p.kind == ProgrammeKind::InterestSubsidy,
        pilot: !p.eligibility.regional_terms.is_empty(),
        action,
        categories: p
            .eligibility
            .categories
            .iter()
            .map(|c| {
                (
                    c.code.clone(),
                    lang.or_zh(&c.name_zh, Some(&c.name_en)).to_owned(),
                )
            })
            .collect(),
        p: view(preview, p.kind, Vec::new()),
        input,
        errors,
    }
}

#[derive(Deserialize)]
pub struct NewQuery {
    programme: Option<String>,
    /// A promotion event whose funding is asked for: the form comes filled in with it.
    event: Option<String>,
}

pub async fn new_form(
    State(app): State<App>,
    signed: Signed,
    Query(q): Query<NewQuery>,
) -> Response {
    if signed.session.actor.fund_applicant().is_none() {
        return signed.forbidden();
    }
    let Some(id) = q.programme.and_then(|p| p.parse().ok()) else {
        return Redirect::to("/console/funds").into_response();
    };
    let event = match q.event.and_then(|e| e.parse::<i64>().ok()) {
        Some(event_id) => match app.promotion_events().await {
            Ok(events) => events.into_iter().find(|e| e.id == event_id),
            Err(e) => return PageError::new(&signed.ctx, e).into_response(),
        },
        None => None,
    };
    let input = event.map_or_else(ApplicationInput::default, |e| ApplicationInput {
        title: format!("{}活动经费", e.name_zh),
        project_name: e.name_zh,
        purpose: PROMOTION_PURPOSE.to_owned(),
        ..ApplicationInput::default()
    });
    match app.fund_programme(id).await {
        Ok(pp) => page(
            &signed,
            &pp,
            format!("/console/funds/new?programme={id}"),
            input,
            Vec::new(),
            None,
        )
        .into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn create(
    State(app): State<App>,
    Query(q): Query<NewQuery>,
    CsrfForm(signed, pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let input = input_of(&pairs);
    let Some(id) = q.programme.and_then(|p| p.parse().ok()) else {
        return PageError::new(
            &signed.ctx,
            AppError::NotFound {
                entity: "fund programme",
            },
        )
        .into_response();
    };
    let pp = match app.fund_programme(id).await {
        Ok(pp) => pp,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    match app
        .create_fund_application(&signed.context(), id, &input)
        .await
    {
        Ok(a) => Redirect::to(&format!("/console/funds/{}", a.id)).into_response(),
        Err(AppError::Invalid(v)) => {
            let errors = super::field_messages(signed.ctx.lang, &v.0);
            let form = page(
                &signed,
                &pp,
                format!("/console/funds/new?programme={id}"),
                input,
                errors,
                None,
            );
            (StatusCode::BAD_REQUEST, form).into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

fn input_from(title: &str, body: &ApplicationBody) -> ApplicationInput {
    match body {
        ApplicationBody::InterestSubsidy { loans } => ApplicationInput {
            title: title.to_owned(),
            loans: loans
                .iter()
                .map(|l| LoanInput {
                    lender: l.lender.clone(),
                    principal_yuan: l.principal.to_yuan_string(),
                    rate_percent: l.rate.percent_string(),
                    start: l.start.to_string(),
                    end: l.end.to_string(),
                    category: l.category.clone(),
                    interest_paid_yuan: l.interest_paid.to_yuan_string(),
                })
                .collect(),
            ..ApplicationInput::default()
        },
        ApplicationBody::Request {
            project_name,
            purpose,
            amount,
            pilot,
        } => ApplicationInput {
            title: title.to_owned(),
            project_name: project_name.clone().unwrap_or_default(),
            purpose: purpose.clone().unwrap_or_default(),
            amount_yuan: amount.map(|a| a.to_yuan_string()).unwrap_or_default(),
            pilot: pilot
                .as_ref()
                .map(gowest_domain::funds::pilot::PilotInput::from_claim)
                .unwrap_or_default(),
            ..ApplicationInput::default()
        },
    }
}

pub async fn edit_form(State(app): State<App>, signed: Signed, Id(id): Id) -> Response {
    let view = match app.fund_application(&signed.session.actor, id).await {
        Ok(v) => v,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    match app.fund_programme(view.application.programme_id).await {
        Ok(pp) => {
            let input = input_from(&view.application.title, &view.application.body);
            page(
                &signed,
                &pp,
                format!("/console/funds/{id}/edit"),
                input,
                Vec::new(),
                Some(&view.preview),
            )
            .into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn update(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let input = input_of(&pairs);
    match app.update_fund_draft(&signed.context(), id, &input).await {
        Ok(_) => Redirect::to(&format!("/console/funds/{id}")).into_response(),
        Err(AppError::Invalid(v)) => match app.fund_application(&signed.session.actor, id).await {
            Ok(view) => match app.fund_programme(view.application.programme_id).await {
                Ok(pp) => {
                    let form = page(
                        &signed,
                        &pp,
                        format!("/console/funds/{id}/edit"),
                        input,
                        super::field_messages(signed.ctx.lang, &v.0),
                        None,
                    );
                    (StatusCode::BAD_REQUEST, form).into_response()
                }
                Err(e) => PageError::new(&signed.ctx, e).into_response(),
            },
            Err(e) => PageError::new(&signed.ctx, e).into_response(),
        },
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// The live preview (an htmx fragment): computed interest and subsidy, or what is wrong.
pub async fn preview(
    State(app): State<App>,
    signed: Signed,
    Id(programme): Id,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let lang = signed.ctx.lang;
    let input = input_of(&pairs);
    let kind = match app.fund_programme(programme).await {
        Ok(pp) => pp.programme.kind,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let p = match app.fund_preview(programme, &input).await {
        Ok(preview) => view(Some(&preview), kind, Vec::new()),
        Err(AppError::Invalid(v)) => view(None, kind, super::field_messages(lang, &v.0)),
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    PreviewPart { lang, p }.into_response()
}
