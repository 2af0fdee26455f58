//! `/console/audit`: the audit administrator reads, filters and exports the log.

use super::beijing;
use super::signed::{CsrfForm, Nav, NoFields, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gowest_app::App;
use gowest_app::audit::AuditQuery;
use gowest_domain::audit::{AuditRecord, Checkpoint};
use serde::Deserialize;

const PAGE_ROWS: i64 = 100;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct AuditFilter {
    actor: String,
    action: String,
    from: String,
    to: String,
    before: Option<i64>,
}

/// A calendar day in Beijing time as the UTC instant it starts.
fn day_start(raw: &str, plus_days: i64) -> Option<DateTime<Utc>> {
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()?;
    let start = date
        .checked_add_signed(chrono::Duration::days(plus_days))?
        .and_hms_opt(0, 0, 0)?;
    beijing()
        .from_local_datetime(&start)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

impl AuditFilter {
    fn query(&self) -> AuditQuery {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        AuditQuery {
            actor: text(&self.actor),
            action_prefix: text(&self.action),
            entity: None,
            from: day_start(&self.from, 0),
            to: day_start(&self.to, 1),
            before_id: self.before,
            limit: PAGE_ROWS,
        }
    }

    /// `path` with these filters (and `before`, when given) as its query.
    fn href(&self, path: &str, before: Option<i64>) -> String {
        let before = before.map(|id| id.to_string()).unwrap_or_default();
        let pairs = [
            ("actor", &self.actor),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
            ("before", &before),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", crate::pages::query::encode_component(v)))
            .collect();
        format!("{path}?{}", query.join("&"))
    }
}

pub struct Row {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub ip: String,
    pub action: String,
    pub entity: String,
    pub before: String,
    pub after: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/audit.html")]
struct AuditPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    filter: AuditFilter,
    rows: Vec<Row>,
    older: Option<String>,
    /// A date that is not a date: said, instead of silently filtering on nothing.
    bad_date: bool,
    export: String,
    csrf: String,
    /// The outcome of a checkpoint or a verification just asked for.
    chain: Option<ChainNotice>,
}

/// What the chain panel says after a button: a checkpoint to write down, or a verification.
pub struct ChainNotice {
    pub ok: bool,
    pub text: String,
    /// `ID:HASH` of a new checkpoint.
    pub checkpoint: Option<String>,
}

fn row(r: AuditRecord) -> Row {
    let e = r.entry;
    Row {
        id: r.id,
        at: e
            .at
            .with_timezone(&beijing())
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        actor: e.actor_name,
        ip: e.ip.unwrap_or_default(),
        action: e.action,
        entity: match e.entity_id {
            Some(id) => format!("{} #{id}", e.entity),
            None => e.entity,
        },
        before: e.before.unwrap_or_default(),
        after: e.after.unwrap_or_default(),
    }
}

async fn render(
    app: &App,
    signed: &Signed,
    filter: AuditFilter,
    chain: Option<ChainNotice>,
) -> Response {
    let Some(right) = signed.session.actor.audit_admin() else {
        return signed.forbidden();
    };
    let bad_date = [&filter.from, &filter.to]
        .iter()
        .any(|d| !d.trim().is_empty() && day_start(d, 0).is_none());
    match app.audit_rows(&right, filter.query()).await {
        Ok(records) => {
            let older = (records.len() as i64 == PAGE_ROWS)
                .then(|| {
                    records
                        .last()
                        .map(|r| filter.href("/console/audit", Some(r.id)))
                })
                .flatten();
            let status = if chain.as_ref().is_some_and(|c| !c.ok) {
                StatusCode::CONFLICT
            } else {
                StatusCode::OK
            };
            let page = AuditPage {
                lang: signed.ctx.lang,
                frame: signed.ctx.frame(""),
                nav: signed.nav("audit"),
                export: filter.href("/console/audit/export.xlsx", None),
                filter,
                rows: records.into_iter().map(row).collect(),
                older,
                bad_date,
                csrf: signed.session.csrf_token.clone(),
                chain,
            };
            (status, page).into_response()
        }
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

pub async fn list(
    State(app): State<App>,
    signed: Signed,
    Query(filter): Query<AuditFilter>,
) -> Response {
    render(&app, &signed, filter, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChainForm {
    checkpoint: String,
}

/// Records a checkpoint (the chain's new tail) for the auditor to write down.
pub async fn checkpoint(
    State(app): State<App>,
    CsrfForm(signed, NoFields {}): CsrfForm<NoFields>,
) -> Response {
    let Some(right) = signed.session.actor.audit_admin() else {
        return signed.forbidden();
    };
    let lang = signed.ctx.lang;
    let notice = match app.audit_checkpoint(&right, &signed.context()).await {
        Ok(point) => ChainNotice {
            ok: true,
            text: lang
                .pick(
                    "检查点已记录。请把下面一行抄录并保存在本系统之外（纸质或另一系统），日后校验时填入。",
                    "Checkpoint recorded. Copy the line below and keep it outside this system (on paper or elsewhere); enter it when you verify later.",
                )
                .to_owned(),
            checkpoint: Some(point.to_string()),
        },
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    render(&app, &signed, AuditFilter::default(), Some(notice)).await
}

/// Verifies the whole chain, and the checkpoint when one is entered.
pub async fn verify(
    State(app): State<App>,
    CsrfForm(signed, form): CsrfForm<ChainForm>,
) -> Response {
    let Some(right) = signed.session.actor.audit_admin() else {
        return signed.forbidden();
    };
    let lang = signed.ctx.lang;
    let checkpoint = match form.checkpoint.trim() {
        "" => None,
        raw => match Checkpoint::parse(raw) {
            Some(point) => Some(point),
            None => {
                let notice = ChainNotice {
                    ok: false,
                    text: lang
                        .pick(
                            "检查点格式应为 编号:哈希（64 位十六进制），未校验。",
                            "A checkpoint is ID:HASH (64 hex digits); nothing was verified.",
                        )
                        .to_owned(),
                    checkpoint: None,
                };
                let mut response =
                    render(&app, &signed, AuditFilter::default(), Some(notice)).await;
                *response.status_mut() = StatusCode::BAD_REQUEST;
                return response;
            }
        },
    };
    let notice = match app
        .verify_audit_as(&right, &signed.context(), checkpoint.as_ref())
        .await
    {
        Ok(Ok(rows)) => ChainNotice {
            ok: true,
            text: match (lang, &checkpoint) {
                (Lang::Zh, None) => format!("审计日志完整：已校验 {rows} 条。"),
                (Lang::En, None) => format!("The audit log is intact: {rows} rows verified."),
                (Lang::Zh, Some(p)) => {
                    format!("审计日志完整：已校验 {rows} 条，检查点 {} 一致。", p.id)
                }
                (Lang::En, Some(p)) => format!(
                    "The audit log is intact: {rows} rows verified; checkpoint {} matches.",
                    p.id
                ),
            },
            checkpoint: None,
        },
        Ok(Err(broken)) => ChainNotice {
            ok: false,
            text: format!(
                "{}{broken}",
                lang.pick("审计日志被篡改：", "The audit log was tampered with: ")
            ),
            checkpoint: None,
        },
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    render(&app, &signed, AuditFilter::default(), Some(notice)).await
}

pub async fn export(
    State(app): State<App>,
    signed: Signed,
    Query(filter): Query<AuditFilter>,
) -> Response {
    let Some(right) = signed.session.actor.audit_admin() else {
        return signed.forbidden();
    };
    match app.export_audit_xlsx(&right, filter.query()).await {
        Ok((bytes, _)) => crate::download::file(bytes, "audit-log.xlsx", Some("审计日志.xlsx")),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
