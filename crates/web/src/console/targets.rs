//! `/console/targets`: the programme's targets with their progress in the actor's share (a
//! province its own, a zone its own, others the country's), and for the ministry's writing
//! staff the edit form of each target and the history of edits from the audit log.

use super::signed::{CsrfForm, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use crate::pages::programme::{Card, cards, chart};
use crate::script_json::ScriptJson;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::targets::{Share, TargetChange};
use gowest_app::{App, AppError};
use gowest_domain::FieldError;
use gowest_domain::targets::{Target, TargetEdit, TargetProgress, Unit};

/// The form of one target, filled with its figures or with what was typed.
struct EditForm {
    code: &'static str,
    name: String,
    money: bool,
    span: bool,
    input: TargetEdit,
    errors: Vec<(String, String)>,
}

impl EditForm {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// One edit in the history: when, who, and the figures before and after.
struct ChangeRow {
    at: String,
    by: String,
    name: String,
    before: String,
    after: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/targets.html")]
struct TargetsPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    scope: String,
    cards: Vec<Card>,
    chart: ScriptJson,
    forms: Vec<EditForm>,
    history: Vec<ChangeRow>,
}

/// A figure as the form takes it: 万元 for money (exact to the fen), else the count.
fn typed(unit: Unit, value: Option<i64>) -> String {
    match (unit, value) {
        (_, None) => String::new(),
        (Unit::Fen, Some(fen)) => gowest_domain::decimal::format_scaled(fen, 6)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned(),
        (_, Some(n)) => n.to_string(),
    }
}

fn edit_of(t: &Target) -> TargetEdit {
    TargetEdit {
        amount: typed(t.unit, t.amount),
        central: typed(t.unit, t.central),
        west: typed(t.unit, t.west),
        year_from: t.year_from.to_string(),
        year_to: t.year_to.map(|y| y.to_string()).unwrap_or_default(),
    }
}

fn summary(t: &Target, lang: Lang) -> String {
    let unit = match t.unit {
        Unit::Fen => lang.pick("万元", "10k yuan"),
        u => lang.pick(u.name_zh(), u.name_en()),
    };
    let or_none = |v: &str| {
        if v.is_empty() {
            lang.pick("待录入", "to be entered").to_owned()
        } else {
            v.to_owned()
        }
    };
    let e = edit_of(t);
    format!(
        "{} {unit}（{} {} / {} {}）{}–{}",
        or_none(&e.amount),
        lang.pick("中部", "central"),
        or_none(&e.central),
        lang.pick("西部", "west"),
        or_none(&e.west),
        e.year_from,
        e.year_to
    )
}

fn history_rows(history: Vec<TargetChange>, lang: Lang) -> Vec<ChangeRow> {
    history
        .into_iter()
        .map(|c| ChangeRow {
            at: (c.at + chrono::Duration::hours(8))
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            by: c.by,
            name: lang
                .or_zh(&c.after.name_zh, Some(&c.after.name_en))
                .to_owned(),
            before: summary(&c.before, lang),
            after: summary(&c.after, lang),
        })
        .collect()
}

async fn render(
    app: &App,
    signed: &Signed,
    typed_in: Option<(&str, TargetEdit, &[FieldError])>,
) -> Result<TargetsPage, AppError> {
    let lang = signed.ctx.lang;
    let actor = &signed.session.actor;
    let share = Share::of(actor);
    let all: Vec<TargetProgress> = app.target_progress(&share).await?;
    let keeper = actor.target_keeper().is_some();
    let forms = if keeper {
        all.iter()
            .map(|p| {
                let t = &p.target;
                let (input, errors) = match &typed_in {
                    Some((code, input, refused)) if *code == t.code.code() => {
                        (input.clone(), super::field_messages(lang, refused))
                    }
                    _ => (edit_of(t), Vec::new()),
                };
                EditForm {
                    code: t.code.code(),
                    name: lang.or_zh(&t.name_zh, Some(&t.name_en)).to_owned(),
                    money: t.unit == Unit::Fen,
                    span: t.period == gowest_domain::targets::Period::Span,
                    input,
                    errors,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let history = if keeper {
        history_rows(app.target_history(actor).await?, lang)
    } else {
        Vec::new()
    };
    let scope = match &share {
        Share::National => lang.pick("全国", "Nationwide").to_owned(),
        Share::Province(code) => {
            let name = app
                .directory()
                .catalog
                .province(code)
                .map(|p| lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned())
                .unwrap_or_else(|| code.as_str().to_owned());
            format!(
                "{name}{}",
                lang.pick(
                    "（本省贡献，对照全国目标）",
                    " (this province's share of the national target)"
                )
            )
        }
        Share::Zone(id) => {
            let name = app
                .directory()
                .zone(*id)
                .map(|z| z.fields.name_zh.clone())
                .unwrap_or_else(|| id.to_string());
            format!(
                "{name}{}",
                lang.pick(
                    "（本开发区贡献，对照全国目标）",
                    " (this zone's share of the national target)"
                )
            )
        }
    };
    Ok(TargetsPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("targets"),
        scope,
        cards: cards(app, &all, lang),
        chart: chart(app, &all, lang),
        forms,
        history,
    })
}

pub async fn show(State(app): State<App>, signed: Signed) -> Response {
    match render(&app, &signed, None).await {
        Ok(page) => page.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn save(
    State(app): State<App>,
    Path(code): Path<String>,
    CsrfForm(signed, edit): CsrfForm<TargetEdit>,
) -> Response {
    match app.edit_target(&signed.context(), &code, &edit).await {
        Ok(t) => {
            Redirect::to(&format!("/console/targets#target-{}", t.code.code())).into_response()
        }
        Err(AppError::Invalid(v)) => match render(&app, &signed, Some((&code, edit, &v.0))).await {
            Ok(page) => (StatusCode::BAD_REQUEST, page).into_response(),
            Err(e) => PageError::new(&signed.ctx, e).into_response(),
        },
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// The targets with progress in the actor's share, exactly, as a workbook.
pub async fn export(State(app): State<App>, signed: Signed) -> Response {
    match app
        .export_targets_xlsx(&Share::of(&signed.session.actor))
        .await
    {
        Ok(bytes) => {
            crate::download::file(bytes, "targets.xlsx", Some("万商西进工程目标进度.xlsx"))
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
