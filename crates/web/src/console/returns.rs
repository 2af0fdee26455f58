//! Statistical returns (统计直报) in the console. A zone sees its periods (due, overdue,
//! filed, accepted) and fills a return in a form grouped by the dictionary's kinds of
//! measure, units shown, 口径 on hover and the checks' findings beside each field; the
//! province (and the ministry) sees a review queue with the flags and explanations and
//! returns or accepts; every page shows the version history. Money in 万元/亿元 with the
//! exact figure on hover.

use super::signed::{CsrfForm, CsrfUpload, Id, Nav, NoFields, Signed};
use crate::download;
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::returns::{
    DraftInput, PeriodDetail, PeriodRow, ReturnFilter, ReturnView, dictionary,
};
use gowest_app::{App, AppError};
use gowest_domain::access::Scope;
use gowest_domain::decimal::format_scaled;
use gowest_domain::money::Fen;
use gowest_domain::returns::{FieldDef, FlagKind, Measure, Period, PeriodState, Status, Unit};
use gowest_domain::{FieldError, Validation};
use serde::Deserialize;

/// The first year the demo and the console list periods from.
const FIRST_YEAR: i32 = 2023;

/// A figure as shown, and the exact figure for its hover title.
#[derive(Debug, Clone)]
pub struct Shown {
    pub text: String,
    pub exact: String,
}

fn shown(f: &FieldDef, value: i64, lang: Lang) -> Shown {
    if f.unit == Unit::Fen {
        return Shown {
            text: crate::pages::format::investment(Fen(value), lang),
            exact: format!(
                "{} {}",
                Fen(value).to_yuan_string(),
                lang.pick("元", "yuan")
            ),
        };
    }
    let unit = lang.pick(f.shown.name_zh(), f.shown.name_en());
    let text = format!("{} {unit}", f.format(value));
    Shown {
        exact: text.clone(),
        text,
    }
}

/// What a flag found, in the reader's language.
fn flag_text(flag: &FlagKind, lang: Lang) -> String {
    match flag {
        FlagKind::Jump {
            change_bp: Some(bp),
            ..
        } => {
            let pct = format!(
                "{}{}%",
                if *bp > 0 { "+" } else { "" },
                format_scaled(*bp, 2)
            );
            format!("{} {pct}", lang.pick("同比变动", "Year on year"))
        }
        FlagKind::Jump { .. } => lang.pick("上年同期为零", "Zero a year before").to_owned(),
        FlagKind::HalfYearAboveAnnual { .. } => lang
            .pick(
                "半年累计数大于同年年报数",
                "Half year above the same year's annual",
            )
            .to_owned(),
    }
}

fn status_text(status: Status, lang: Lang) -> &'static str {
    lang.pick(status.name_zh(), status.name_en())
}

/// One field of the form.
pub struct FieldLine {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub definition: String,
    /// The text in the input: what was typed, or the stored value in the shown unit.
    pub typed: String,
    pub value: Option<Shown>,
    pub a_year_before: Option<Shown>,
    pub same_year_other: Option<Shown>,
    pub errors: Vec<String>,
    pub flag: Option<String>,
    pub explanation: String,
}

/// The fields of one kind of measure (flows, stocks, ratios).
pub struct FieldGroup {
    pub title: String,
    pub lines: Vec<FieldLine>,
}

/// A row of a version history.
pub struct VersionLine {
    pub v: ReturnView,
    pub status: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/returns.html")]
struct ListPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    today: String,
    /// A zone's own periods, newest first (zones only).
    periods: Vec<PeriodRow>,
    zone_id: Option<i64>,
    /// Filed returns waiting on the reader (province and ministry).
    queue: Vec<(ReturnView, usize)>,
    /// Every return in scope, newest version each.
    all: Vec<ReturnView>,
    reviews: bool,
    files: bool,
    template_periods: Vec<(String, String)>,
    refusal: Vec<String>,
}

impl ListPage {
    fn state_text(&self, row: &PeriodRow) -> String {
        let lang = self.lang;
        match (&row.current, row.state) {
            (Some(c), _) if c.ret.status.counts_as_filed() => {
                status_text(c.ret.status, lang).to_owned()
            }
            (Some(c), PeriodState::Overdue) => format!(
                "{}（{}）",
                lang.pick("已逾期", "Overdue"),
                status_text(c.ret.status, lang)
            ),
            (Some(c), _) => status_text(c.ret.status, lang).to_owned(),
            (None, PeriodState::Overdue) => lang
                .pick("已逾期，未填报", "Overdue, not started")
                .to_owned(),
            (None, _) => lang.pick("待填报", "Due").to_owned(),
        }
    }

    fn overdue(&self, row: &PeriodRow) -> bool {
        row.state == PeriodState::Overdue
            && !row
                .current
                .as_ref()
                .is_some_and(|c| c.ret.status.counts_as_filed())
    }

    fn status(&self, v: &ReturnView) -> &'static str {
        status_text(v.ret.status, self.lang)
    }

    fn label(&self, p: &Period) -> String {
        match self.lang {
            Lang::Zh => p.label_zh(),
            Lang::En => p.label_en(),
        }
    }
}

fn reads_returns(signed: &Signed) -> bool {
    matches!(
        signed.session.actor.scope(),
        Scope::All | Scope::Province(_) | Scope::Zone(_)
    )
}

async fn list_page(app: &App, signed: &Signed, refusal: Vec<String>) -> Response {
    if !reads_returns(signed) {
        return signed.forbidden();
    }
    let actor = &signed.session.actor;
    let lang = signed.ctx.lang;
    let zone_id = actor.own_zone();
    let loaded = async {
        let periods = match zone_id {
            Some(z) => app.return_periods(actor, z, FIRST_YEAR).await?,
            None => Vec::new(),
        };
        let all = app.returns(actor, ReturnFilter::default()).await?;
        let queue = match zone_id {
            Some(_) => Vec::new(),
            None => app.returns_to_review(actor).await?,
        };
        Ok::<_, AppError>((periods, all, queue))
    };
    let (periods, all, queue) = match loaded.await {
        Ok(x) => x,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let mut queue_with_flags = Vec::with_capacity(queue.len());
    for v in queue {
        let flags = match app
            .return_of_period(actor, v.ret.zone_id, v.ret.period)
            .await
        {
            Ok(d) => d.findings.map_or(0, |f| f.flags.len()),
            Err(e) => return PageError::new(&signed.ctx, e).into_response(),
        };
        queue_with_flags.push((v, flags));
    }
    let today = app.today_in_china();
    let template_periods = Period::ended_since(FIRST_YEAR, today)
        .into_iter()
        .rev()
        .map(|p| {
            let label = match lang {
                Lang::Zh => p.label_zh(),
                Lang::En => p.label_en(),
            };
            (p.code(), label)
        })
        .collect();
    ListPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("returns"),
        today: today.to_string(),
        periods,
        zone_id,
        reviews: zone_id.is_none(),
        files: zone_id.is_some_and(|z| actor.return_filer(z).is_some()),
        queue: queue_with_flags,
        all,
        template_periods,
        refusal,
    }
    .into_response()
}

pub async fn list(State(app): State<App>, signed: Signed) -> Response {
    list_page(&app, &signed, Vec::new()).await
}

#[derive(Template, WebTemplate)]
#[template(path = "console/returns_form.html")]
struct ReturnPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    zone_id: i64,
    zone_name: String,
    period_code: String,
    period_label: String,
    due_on: String,
    /// The newest version, if any.
    current: Option<ReturnView>,
    current_status: String,
    groups: Vec<FieldGroup>,
    versions: Vec<VersionLine>,
    edits: bool,
    reviews: bool,
    revises: bool,
    refusal: Vec<String>,
}

fn period_of(raw: &str) -> Result<Period, AppError> {
    Period::parse(raw).ok_or_else(|| {
        AppError::Invalid(Validation(vec![FieldError::new(
            "period",
            "not_a_period",
            "报告期应写作“2025-H1”或“2025-Y”",
            "the period must be written 2025-H1 or 2025-Y",
        )]))
    })
}

/// The form's groups: each field the period collects, under its kind of measure, with its
/// value (or what was typed), comparison figures, errors and flag.
fn groups(
    d: &PeriodDetail,
    typed: Option<&DraftInput>,
    refused: &[FieldError],
    lang: Lang,
) -> Result<Vec<FieldGroup>, AppError> {
    let dict = dictionary()?;
    let kind = d.period.kind();
    let current = d.versions.last();
    let mut out = Vec::new();
    for measure in Measure::ALL {
        let mut lines = Vec::new();
        for f in dict.fields_for(kind).filter(|f| f.measure == measure) {
            let stored = current.and_then(|c| c.ret.values.get(&f.code).copied());
            let typed_value = match typed {
                Some(t) => t.values.get(&f.code).cloned().unwrap_or_default(),
                None => stored.map(|v| f.format(v)).unwrap_or_default(),
            };
            let explanation = match typed {
                Some(t) => t.explanations.get(&f.code).cloned().unwrap_or_default(),
                None => current
                    .and_then(|c| c.ret.explanation(&f.code))
                    .unwrap_or_default()
                    .to_owned(),
            };
            let findings = d.findings.as_ref();
            let mut errors: Vec<String> = refused
                .iter()
                .filter(|e| e.field == f.code)
                .map(|e| lang.pick(&e.message_zh, &e.message_en).to_owned())
                .collect();
            if refused.is_empty() {
                errors.extend(
                    findings
                        .into_iter()
                        .flat_map(|fs| fs.errors.0.iter())
                        .filter(|e| e.field == f.code)
                        .map(|e| lang.pick(&e.message_zh, &e.message_en).to_owned()),
                );
            }
            let flag = findings
                .and_then(|fs| fs.flags.iter().find(|g| g.field == f.code))
                .map(|g| flag_text(&g.flag, lang));
            let compare = |values: &Option<gowest_domain::returns::Values>| {
                values
                    .as_ref()
                    .and_then(|v| v.get(&f.code))
                    .map(|&v| shown(f, v, lang))
            };
            lines.push(FieldLine {
                code: f.code.clone(),
                name: lang.pick(&f.name_zh, &f.name_en).to_owned(),
                unit: lang.pick(f.shown.name_zh(), f.shown.name_en()).to_owned(),
                definition: lang.pick(&f.definition_zh, &f.definition_en).to_owned(),
                typed: typed_value,
                value: stored.map(|v| shown(f, v, lang)),
                a_year_before: compare(&d.a_year_before),
                same_year_other: compare(&d.same_year_other),
                errors,
                flag,
                explanation,
            });
        }
        if !lines.is_empty() {
            out.push(FieldGroup {
                title: lang.pick(measure.name_zh(), measure.name_en()).to_owned(),
                lines,
            });
        }
    }
    Ok(out)
}

async fn return_page(
    app: &App,
    signed: &Signed,
    zone_id: i64,
    period: Period,
    typed: Option<&DraftInput>,
    refused: &[FieldError],
) -> Response {
    let actor = &signed.session.actor;
    let lang = signed.ctx.lang;
    let d = match app.return_of_period(actor, zone_id, period).await {
        Ok(d) => d,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let groups = match groups(&d, typed, refused, lang) {
        Ok(g) => g,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let current = d.versions.last().cloned();
    let status = current.as_ref().map(|c| c.ret.status);
    let files = actor.return_filer(zone_id).is_some();
    let province = match app.directory().zone(zone_id) {
        Some(z) => z.fields.province_code.clone(),
        None => {
            return PageError::new(&signed.ctx, AppError::NotFound { entity: "zone" })
                .into_response();
        }
    };
    let reviews =
        status == Some(Status::Filed) && actor.return_reviewer(zone_id, &province).is_some();
    let refusal = refused
        .iter()
        .filter(|e| {
            !groups
                .iter()
                .any(|g| g.lines.iter().any(|l| l.code == e.field))
        })
        .map(|e| lang.pick(&e.message_zh, &e.message_en).to_owned())
        .collect();
    ReturnPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("returns"),
        zone_id,
        zone_name: d.zone_name_zh.clone(),
        period_code: period.code(),
        period_label: match lang {
            Lang::Zh => period.label_zh(),
            Lang::En => period.label_en(),
        },
        due_on: period.due_on().to_string(),
        current_status: status
            .map_or(lang.pick("未填报", "Not started"), |s| {
                status_text(s, lang)
            })
            .to_owned(),
        edits: files && status.is_none_or(Status::editable),
        revises: files && status == Some(Status::Accepted),
        reviews,
        versions: d
            .versions
            .iter()
            .rev()
            .map(|v| VersionLine {
                status: status_text(v.ret.status, lang),
                v: v.clone(),
            })
            .collect(),
        current,
        groups,
        refusal,
    }
    .into_response()
}

pub async fn show(
    State(app): State<App>,
    signed: Signed,
    Path((zone_id, period)): Path<(i64, String)>,
) -> Response {
    match period_of(&period) {
        Ok(p) => return_page(&app, &signed, zone_id, p, None, &[]).await,
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// The form's fields: `v.<code>` a value, `x.<code>` an explanation, `then=file` to file
/// after saving.
fn draft_of(form: &[(String, String)]) -> (DraftInput, bool) {
    let mut input = DraftInput::default();
    let mut then_file = false;
    for (name, value) in form {
        if let Some(code) = name.strip_prefix("v.") {
            input.values.insert(code.to_owned(), value.clone());
        } else if let Some(code) = name.strip_prefix("x.") {
            input.explanations.insert(code.to_owned(), value.clone());
        } else if name == "then" && value == "file" {
            then_file = true;
        }
    }
    (input, then_file)
}

/// Saves the draft and, when asked, files it; a refusal shows the form again with what was
/// typed and each message beside its field (400).
pub async fn save(
    State(app): State<App>,
    Path((zone_id, period)): Path<(i64, String)>,
    CsrfForm(signed, form): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let period = match period_of(&period) {
        Ok(p) => p,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let (input, then_file) = draft_of(&form);
    let ctx = signed.context();
    let mut result = app.save_return_draft(&ctx, zone_id, period, &input).await;
    if then_file && let Ok(saved) = &result {
        result = app.file_return(&ctx, saved.id).await;
    }
    match result {
        Ok(_) => {
            Redirect::to(&format!("/console/returns/{zone_id}/{}", period.code())).into_response()
        }
        Err(AppError::Invalid(v)) => {
            super::refused(return_page(&app, &signed, zone_id, period, Some(&input), &v.0).await)
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

/// After a move on a version: back to its return's page, or the page with the refusal.
async fn after_move(
    app: &App,
    signed: &Signed,
    id: i64,
    result: Result<ReturnView, AppError>,
) -> Response {
    match result {
        Ok(v) => Redirect::to(&format!(
            "/console/returns/{}/{}",
            v.ret.zone_id,
            v.ret.period.code()
        ))
        .into_response(),
        Err(AppError::Invalid(refusal)) => {
            match app.return_detail(&signed.session.actor, id).await {
                Ok(d) => super::refused(
                    return_page(
                        app,
                        signed,
                        d.current.ret.zone_id,
                        d.current.ret.period,
                        None,
                        &refusal.0,
                    )
                    .await,
                ),
                Err(e) => PageError::new(&signed.ctx, e).into_response(),
            }
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn send_back(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<ReasonForm>,
) -> Response {
    let result = app
        .send_back_return(&signed.context(), id, &form.reason)
        .await;
    after_move(&app, &signed, id, result).await
}

pub async fn accept(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, _): CsrfForm<NoFields>,
) -> Response {
    let result = app.accept_return(&signed.context(), id).await;
    after_move(&app, &signed, id, result).await
}

pub async fn revise(
    State(app): State<App>,
    Id(id): Id,
    CsrfForm(signed, form): CsrfForm<ReasonForm>,
) -> Response {
    let result = app.revise_return(&signed.context(), id, &form.reason).await;
    after_move(&app, &signed, id, result).await
}

#[derive(Deserialize)]
pub struct TemplateQuery {
    #[serde(default)]
    period: String,
}

pub async fn template(
    State(app): State<App>,
    signed: Signed,
    Query(q): Query<TemplateQuery>,
) -> Response {
    let made = match period_of(&q.period) {
        Ok(p) => app
            .returns_template(&signed.session.actor, p)
            .await
            .map(|bytes| (p, bytes)),
        Err(e) => Err(e),
    };
    match made {
        Ok((p, bytes)) => download::file(
            bytes,
            &format!("returns-{}.xlsx", p.code()),
            Some(&format!("统计直报模板-{}.xlsx", p.label_zh())),
        ),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn export_xlsx(State(app): State<App>, signed: Signed) -> Response {
    match app
        .export_returns_xlsx(&signed.session.actor, ReturnFilter::default())
        .await
    {
        Ok(bytes) => download::file(bytes, "returns.xlsx", Some("统计直报.xlsx")),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn export_csv(State(app): State<App>, signed: Signed) -> Response {
    match app
        .export_returns_csv(&signed.session.actor, ReturnFilter::default())
        .await
    {
        Ok(bytes) => download::file(bytes, "returns.csv", Some("统计直报.csv")),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// Imports a filled template; a refusal shows the list with each row's problem (400).
pub async fn import(
    State(app): State<App>,
    CsrfUpload(signed, mut upload): CsrfUpload,
) -> Response {
    let lang = signed.ctx.lang;
    let result = match upload.file() {
        Ok(Some(file)) => {
            app.import_returns(&signed.context(), &file.name, &file.bytes)
                .await
        }
        Ok(None) => Err(AppError::File(
            lang.pick(
                "请选择要导入的 .xlsx 或 .csv 文件。",
                "Choose an .xlsx or .csv file to import.",
            )
            .to_owned(),
        )),
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Redirect::to("/console/returns").into_response(),
        Err(e) => match super::refusal_lines(&e, lang) {
            Some(lines) => super::refused(list_page(&app, &signed, lines).await),
            None => PageError::new(&signed.ctx, e).into_response(),
        },
    }
}
