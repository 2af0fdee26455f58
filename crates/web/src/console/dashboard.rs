//! `/console`: what the signed-in user can do, with a few figures of their scope.

use super::signed::{Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use crate::pages::programme::{Card, cards};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::targets::Share;
use gowest_domain::access::Scope;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "console/dashboard.html")]
struct DashboardPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    notice: Option<&'static str>,
    scope: String,
    zones_in_scope: usize,
    /// Open to-dos by kind: (code, name, open, overdue).
    queues: Vec<(&'static str, &'static str, i64, i64)>,
    /// The programme's targets with the actor's share of progress (ministry, provinces, zones).
    targets: Vec<Card>,
    own_zone: Option<(i64, String)>,
}

#[derive(Deserialize)]
pub struct DashboardQuery {
    notice: Option<String>,
}

pub async fn dashboard(
    State(app): State<App>,
    signed: Signed,
    Query(q): Query<DashboardQuery>,
) -> Response {
    let lang = signed.ctx.lang;
    let actor = &signed.session.actor;
    let directory = app.directory();
    let zones = directory.zones.iter().map(|l| &l.zone);
    let (scope, zones_in_scope) = match actor.scope() {
        Scope::All => (lang.pick("全国", "All of China").to_owned(), zones.count()),
        Scope::Province(code) => (
            directory
                .catalog
                .province(&code)
                .map(|p| lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned())
                .unwrap_or_default(),
            zones.filter(|z| z.fields.province_code == code).count(),
        ),
        Scope::Zone(id) => (
            lang.pick("本开发区", "This zone").to_owned(),
            usize::from(directory.zone(id).is_some()),
        ),
        Scope::Organisation(_) => (lang.pick("本机构", "This organisation").to_owned(), 0),
        Scope::Public => (lang.pick("公开数据", "Published data").to_owned(), 0),
    };
    let queues = match app.todo_counts(actor).await {
        Ok(counts) => counts
            .into_iter()
            .map(|c| {
                let name = lang.pick(c.kind.name_zh(), c.kind.name_en());
                (c.kind.code(), name, c.open, c.overdue)
            })
            .collect(),
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let targets = match actor.scope() {
        Scope::All | Scope::Province(_) | Scope::Zone(_) => {
            match app.target_progress(&Share::of(actor)).await {
                Ok(all) => cards(&app, &all, lang),
                Err(e) => return PageError::new(&signed.ctx, e).into_response(),
            }
        }
        Scope::Organisation(_) | Scope::Public => Vec::new(),
    };
    let notice = match q.notice.as_deref() {
        Some("password") => Some(lang.pick("密码已修改。", "Your password was changed.")),
        _ => None,
    };
    DashboardPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("home"),
        notice,
        scope,
        zones_in_scope,
        queues,
        targets,
        own_zone: actor
            .own_zone()
            .and_then(|id| directory.zone(id).map(|z| (id, z.fields.name_zh.clone()))),
    }
    .into_response()
}
