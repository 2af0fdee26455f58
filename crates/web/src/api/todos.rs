//! `GET /api/v1/todos`: what waits on the token's organisation (its inbox).

use super::bearer::Bearer;
use super::input::Answer;
use axum::Json;
use axum::extract::State;
use gowest_app::App;
use gowest_app::todos::{Inbox, KindCount};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct TodoList {
    /// Open items by kind, with how many are overdue.
    pub counts: Vec<KindCount>,
    #[serde(flatten)]
    pub inbox: Inbox,
}

/// The organisation's open to-dos (soonest due first), the overdue items of the
/// organisations it supervises, and the items done lately.
#[utoipa::path(get, path = "/api/v1/todos", tag = "account", security(("bearer" = [])),
    responses(
        (status = 200, description = "The organisation's to-dos", body = TodoList),
        (status = 401, description = "No valid token", body = crate::problem::Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The token's account acts for no organisation",
            body = crate::problem::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(State(app): State<App>, Bearer(actor): Bearer) -> Answer<Json<TodoList>> {
    let inbox = app.inbox(&actor).await?;
    let counts = app.todo_counts(&actor).await?;
    Ok(Json(TodoList { counts, inbox }))
}
