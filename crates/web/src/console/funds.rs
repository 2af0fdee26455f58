//! Fund applications in the console: the list and each stage's queue with filters, batch
//! actions and Excel export; the pool and quota dashboard with its charts.

use super::signed::{CsrfForm, Nav, Signed};
use crate::download;
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use crate::script_json::ScriptJson;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::App;
use gowest_app::funds::{ActionInput, ApplicationFilter};
use gowest_domain::access::{Actor, FundStage};
use gowest_domain::funds::application::{Action, Status};
use gowest_domain::funds::{Application, ProgrammeKind, ProgrammePool};
use gowest_domain::money::Fen;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

pub use crate::pages::format::yuan;

pub struct Row {
    pub id: i64,
    pub version: i64,
    pub programme: String,
    pub title: String,
    pub province: String,
    pub status: &'static str,
    pub status_name: &'static str,
    pub requested: String,
    pub granted: String,
    pub disbursed: String,
    pub flagged: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/funds.html")]
struct ListPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    queue: bool,
    programmes: Vec<(i64, String)>,
    programme: Option<i64>,
    status: String,
    statuses: Vec<(&'static str, &'static str)>,
    rows: Vec<Row>,
    batch: Vec<(&'static str, &'static str)>,
    apply: Vec<(i64, String)>,
    /// After a batch: (done, refused, server errors).
    done: Option<(usize, usize, usize)>,
    query: String,
}

impl ListPage {
    fn is_programme(&self, id: &i64) -> bool {
        self.programme == Some(*id)
    }

    fn is_status(&self, code: &str) -> bool {
        self.status == code
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    programme: Option<String>,
    status: Option<String>,
    queue: Option<String>,
    done: Option<usize>,
    failed: Option<usize>,
    errors: Option<usize>,
}

/// The statuses waiting for the actor: its drafts and returned versions for an applicant,
/// what its stage decides for a reviewer.
fn waiting(actor: &Actor, a: &Application, kind: ProgrammeKind) -> bool {
    use gowest_domain::funds::application::Stage;
    let stage = match actor.fund_reviewer().map(|r| r.stage()) {
        Some(FundStage::Province) => Stage::Province,
        Some(FundStage::Ministry) => Stage::Ministry,
        Some(FundStage::Bank) => Stage::Bank,
        None => Stage::Applicant,
    };
    Status::queue(stage, kind).contains(&a.status)
}

/// The actions the actor's stage may take on many applications at once.
fn batch_actions(actor: &Actor, lang: Lang) -> Vec<(&'static str, &'static str)> {
    let actions: &[Action] = match actor.fund_reviewer().map(|r| r.stage()) {
        Some(FundStage::Province) => &[Action::ProvinceApprove, Action::Return],
        Some(FundStage::Ministry) => {
            &[Action::Approve, Action::Return, Action::Reject, Action::Pay]
        }
        Some(FundStage::Bank) => &[Action::BankApprove, Action::BankDecline, Action::Pay],
        None => &[],
    };
    actions
        .iter()
        .map(|a| (a.code(), lang.pick(a.name_zh(), a.name_en())))
        .collect()
}

fn parse_id(raw: Option<&str>) -> Option<i64> {
    raw.and_then(|r| r.trim().parse().ok())
}

async fn rows_in_scope(
    app: &App,
    signed: &Signed,
    q: &ListQuery,
) -> Result<(Vec<Application>, Vec<ProgrammePool>), gowest_app::AppError> {
    let programmes = app.fund_programmes().await?;
    let status = q.status.as_deref().and_then(|s| Status::parse(s.trim()));
    let filter = ApplicationFilter {
        programme_id: parse_id(q.programme.as_deref()),
        statuses: status.into_iter().collect(),
        ..ApplicationFilter::default()
    };
    let mut apps = app.fund_applications(&signed.session.actor, filter).await?;
    if q.queue.is_some() {
        let kinds: HashMap<i64, ProgrammeKind> = programmes
            .iter()
            .map(|p| (p.programme.id, p.programme.kind))
            .collect();
        apps.retain(|a| {
            kinds
                .get(&a.programme_id)
                .is_some_and(|k| waiting(&signed.session.actor, a, *k))
        });
    }
    Ok((apps, programmes))
}

pub async fn list(State(app): State<App>, signed: Signed, Query(q): Query<ListQuery>) -> Response {
    let lang = signed.ctx.lang;
    let (apps, programmes) = match rows_in_scope(&app, &signed, &q).await {
        Ok(x) => x,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let names: HashMap<i64, String> = programmes
        .iter()
        .map(|p| {
            (
                p.programme.id,
                lang.or_zh(&p.programme.name_zh, Some(&p.programme.name_en))
                    .to_owned(),
            )
        })
        .collect();
    let directory = app.directory();
    let rows = apps
        .iter()
        .rev()
        .map(|a| Row {
            id: a.id,
            version: a.version,
            programme: names.get(&a.programme_id).cloned().unwrap_or_default(),
            title: a.title.clone(),
            province: directory
                .catalog
                .province(&a.province_code)
                .map(|p| p.name_zh.clone())
                .unwrap_or_default(),
            status: a.status.code(),
            status_name: lang.pick(a.status.name_zh(), a.status.name_en()),
            requested: yuan(a.requested),
            granted: yuan(a.granted),
            disbursed: yuan(a.disbursed),
            flagged: a.flagged,
        })
        .collect();
    let apply = if signed.session.actor.fund_applicant().is_some() {
        programmes
            .iter()
            .map(|p| {
                (
                    p.programme.id,
                    names.get(&p.programme.id).cloned().unwrap_or_default(),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let query = serde_urlencoded::to_string([
        ("programme", q.programme.clone().unwrap_or_default()),
        ("status", q.status.clone().unwrap_or_default()),
    ])
    .unwrap_or_default();
    ListPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav(if q.queue.is_some() {
            "funds_queue"
        } else {
            "funds"
        }),
        queue: q.queue.is_some(),
        programme: parse_id(q.programme.as_deref()),
        status: q.status.clone().unwrap_or_default(),
        statuses: Status::ALL
            .iter()
            .map(|s| (s.code(), lang.pick(s.name_zh(), s.name_en())))
            .collect(),
        programmes: programmes
            .iter()
            .map(|p| {
                (
                    p.programme.id,
                    names.get(&p.programme.id).cloned().unwrap_or_default(),
                )
            })
            .collect(),
        rows,
        batch: batch_actions(&signed.session.actor, lang),
        apply,
        done: q
            .done
            .map(|d| (d, q.failed.unwrap_or(0), q.errors.unwrap_or(0))),
        query,
    }
    .into_response()
}

pub async fn export(
    State(app): State<App>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let result = match rows_in_scope(&app, &signed, &q).await {
        Ok((apps, programmes)) => gowest_app::funds_sheet::applications_xlsx(&apps, &programmes),
        Err(e) => Err(e),
    };
    match result {
        Ok(bytes) => download::file(bytes, "fund-applications.xlsx", None),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// One action on every ticked application; each is its own transaction, so one refusal
/// (a pool running out, say) leaves the others as they went.
pub async fn batch(
    State(app): State<App>,
    CsrfForm(signed, pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let value = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let ctx = signed.context();
    // A refusal (the pool ran out, a wrong status) is the user's to read; a server error is
    // the operators': counted apart and logged, never passed off as a refusal.
    let (mut done, mut failed, mut errors) = (0, 0, 0);
    for id in pairs
        .iter()
        .filter(|(n, _)| n == "ids")
        .filter_map(|(_, v)| v.parse::<i64>().ok())
    {
        let input = ActionInput {
            action: value("action"),
            comment: value("comment"),
            ..ActionInput::default()
        };
        match app.act_on_fund_application(&ctx, id, &input).await {
            Ok(_) => done += 1,
            Err(e) if e.is_refusal() => failed += 1,
            Err(error) => {
                tracing::error!(%error, application = id, request_id = ?signed.ctx.request_id, "batch action failed");
                errors += 1;
            }
        }
    }
    Redirect::to(&format!(
        "/console/funds?queue=1&done={done}&failed={failed}&errors={errors}"
    ))
    .into_response()
}

pub struct PoolRow {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub years: String,
    pub size: String,
    pub committed: String,
    pub disbursed: String,
    pub remaining: String,
    pub allocatable: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/funds_dashboard.html")]
struct DashboardPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    pools: Vec<PoolRow>,
    ministry: bool,
    by_province: Vec<(String, String, String)>,
    by_region: Vec<(String, String, String)>,
    chart: ScriptJson,
}

/// Pools and quotas: every programme's size, committed, disbursed and remaining, and what
/// was granted and paid by province and region (in the reader's scope).
pub async fn dashboard(State(app): State<App>, signed: Signed) -> Response {
    let actor = &signed.session.actor;
    if actor.fund_reviewer().is_none()
        && !matches!(
            actor.scope(),
            gowest_domain::access::Scope::All | gowest_domain::access::Scope::Province(_)
        )
    {
        return signed.forbidden();
    }
    let lang = signed.ctx.lang;
    let (programmes, apps) = match (
        app.fund_programmes().await,
        app.fund_applications(actor, ApplicationFilter::default())
            .await,
    ) {
        (Ok(p), Ok(a)) => (p, a),
        (Err(e), _) | (_, Err(e)) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let ministry = actor
        .fund_reviewer()
        .is_some_and(|r| r.stage() == FundStage::Ministry);
    let directory = app.directory();
    let mut provinces: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut regions: BTreeMap<&'static str, (i64, i64)> = BTreeMap::new();
    for a in &apps {
        let name = directory
            .catalog
            .province(&a.province_code)
            .map(|p| p.name_zh.clone())
            .unwrap_or_default();
        let p = provinces.entry(name).or_default();
        p.0 += a.committed.0;
        p.1 += a.disbursed.0;
        let r = regions
            .entry(lang.pick(a.region.name_zh(), a.region.name_en()))
            .or_default();
        r.0 += a.committed.0;
        r.1 += a.disbursed.0;
    }
    // Amounts go to the chart as exact decimal strings of 元, which ECharts reads as numbers.
    let to_yuan = |fen: i64| Fen(fen).to_yuan_string();
    let chart = serde_json::json!({
        "pools": programmes.iter().map(|p| lang.or_zh(&p.programme.name_zh, Some(&p.programme.name_en)).to_owned()).collect::<Vec<_>>(),
        "disbursed": programmes.iter().map(|p| to_yuan(p.totals.disbursed.0)).collect::<Vec<_>>(),
        "undisbursed": programmes.iter().map(|p| to_yuan(p.totals.undisbursed().0)).collect::<Vec<_>>(),
        "remaining": programmes.iter().map(|p| to_yuan(p.totals.remaining().0)).collect::<Vec<_>>(),
        "provinces": provinces.keys().collect::<Vec<_>>(),
        "province_committed": provinces.values().map(|v| to_yuan(v.0)).collect::<Vec<_>>(),
        "province_disbursed": provinces.values().map(|v| to_yuan(v.1)).collect::<Vec<_>>(),
        "labels": [lang.pick("已拨付", "Disbursed"), lang.pick("已承诺未拨付", "Committed, not disbursed"), lang.pick("未承诺余额", "Remaining"), lang.pick("已承诺", "Committed")],
    });
    DashboardPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("funds_dashboard"),
        pools: programmes
            .iter()
            .map(|p| PoolRow {
                id: p.programme.id,
                name: lang
                    .or_zh(&p.programme.name_zh, Some(&p.programme.name_en))
                    .to_owned(),
                kind: lang.pick(p.programme.kind.name_zh(), p.programme.kind.name_en()),
                years: if p.programme.year_from == p.programme.year_to {
                    p.programme.year_from.to_string()
                } else {
                    format!("{}–{}", p.programme.year_from, p.programme.year_to)
                },
                size: yuan(p.totals.size),
                committed: yuan(p.totals.committed),
                disbursed: yuan(p.totals.disbursed),
                remaining: yuan(p.totals.remaining()),
                allocatable: ministry
                    && p.programme.kind == ProgrammeKind::InterestSubsidy
                    && !p.allocated,
            })
            .collect(),
        ministry,
        by_province: provinces
            .iter()
            .map(|(k, v)| (k.clone(), yuan(Fen(v.0)), yuan(Fen(v.1))))
            .collect(),
        by_region: regions
            .iter()
            .map(|(k, v)| ((*k).to_owned(), yuan(Fen(v.0)), yuan(Fen(v.1))))
            .collect(),
        chart: ScriptJson::new(&chart),
    }
    .into_response()
}

pub async fn pools_export(State(app): State<App>, signed: Signed) -> Response {
    if signed.session.actor.fund_reviewer().is_none() {
        return signed.forbidden();
    }
    match app
        .fund_programmes()
        .await
        .and_then(|p| gowest_app::funds_sheet::pools_xlsx(&p))
    {
        Ok(bytes) => download::file(bytes, "fund-pools.xlsx", None),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
