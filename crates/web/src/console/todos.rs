//! `/console/todos`: what waits on the signed-in organisation, soonest due first, what was
//! raised to it from the organisations it supervises, and what it finished lately.

use super::signed::{Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gowest_app::todos::RaisedTodo;
use gowest_app::{App, AppError};
use gowest_domain::todos::{Todo, TodoKind, Urgency, days_overdue, urgency};
use gowest_domain::{FieldError, Validation};
use serde::Deserialize;

/// One line of a list, with how pressing it is today.
pub struct Line {
    pub todo: Todo,
    pub kind: &'static str,
    pub urgency: Urgency,
    pub days_overdue: i64,
    /// The organisation waited on (raised items only).
    pub org_name: Option<String>,
}

impl Line {
    fn new(lang: Lang, todo: Todo, today: chrono::NaiveDate, org_name: Option<String>) -> Line {
        Line {
            kind: lang.pick(todo.kind.name_zh(), todo.kind.name_en()),
            urgency: urgency(todo.due_on, today),
            days_overdue: days_overdue(todo.due_on, today),
            org_name,
            todo,
        }
    }

    pub fn overdue(&self) -> bool {
        self.urgency == Urgency::Overdue
    }

    pub fn due_soon(&self) -> bool {
        self.urgency == Urgency::DueSoon
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "console/todos.html")]
struct TodosPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    today: chrono::NaiveDate,
    /// The kinds to filter by, with the one chosen.
    kinds: Vec<(&'static str, &'static str)>,
    chosen: Option<&'static str>,
    own: Vec<Line>,
    overdue: usize,
    due_soon: usize,
    raised: Vec<Line>,
    done: Vec<Line>,
}

impl TodosPage {
    fn is_chosen(&self, code: &str) -> bool {
        self.chosen == Some(code)
    }
}

#[derive(Deserialize)]
pub struct TodosQuery {
    kind: Option<String>,
}

pub async fn list(State(app): State<App>, signed: Signed, Query(q): Query<TodosQuery>) -> Response {
    if !signed.nav("").inbox {
        return signed.forbidden();
    }
    let lang = signed.ctx.lang;
    let chosen = match q.kind.as_deref().filter(|k| !k.is_empty()) {
        None => None,
        Some(code) => match TodoKind::parse(code) {
            Some(kind) => Some(kind),
            None => {
                let refused = AppError::Invalid(Validation(vec![FieldError::new(
                    "kind",
                    "unknown",
                    "未知的待办类型",
                    "unknown kind of to-do",
                )]));
                return PageError::new(&signed.ctx, refused).into_response();
            }
        },
    };
    let inbox = match app.inbox(&signed.session.actor).await {
        Ok(inbox) => inbox,
        Err(e) => return PageError::new(&signed.ctx, e).into_response(),
    };
    let today = inbox.today;
    let own: Vec<Line> = inbox
        .own
        .into_iter()
        .filter(|t| chosen.is_none_or(|k| t.kind == k))
        .map(|t| Line::new(lang, t, today, None))
        .collect();
    TodosPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("todos"),
        today,
        kinds: TodoKind::ALL
            .iter()
            .map(|k| (k.code(), lang.pick(k.name_zh(), k.name_en())))
            .collect(),
        chosen: chosen.map(TodoKind::code),
        overdue: own.iter().filter(|l| l.overdue()).count(),
        due_soon: own.iter().filter(|l| l.due_soon()).count(),
        own,
        raised: inbox
            .raised
            .into_iter()
            .map(|RaisedTodo { todo, org_name }| Line::new(lang, todo, today, Some(org_name)))
            .collect(),
        done: inbox
            .done
            .into_iter()
            .map(|t| Line::new(lang, t, today, None))
            .collect(),
    }
    .into_response()
}
