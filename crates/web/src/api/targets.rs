//! The programme's targets over JSON: everyone reads them with their progress (computed
//! from the records); the ministry edits a target's figures. A refused edit is 400 with the
//! fields at fault and writes nothing.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, context};
use crate::client::ClientIp;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use gowest_app::App;
use gowest_app::targets::Share;
use gowest_domain::targets::{Target, TargetEdit, TargetProgress};

/// Every target with its progress nationally: by year, by region and by province.
#[utoipa::path(get, path = "/api/v1/targets", tag = "targets",
    responses((status = 200, description = "The targets with their progress", body = Vec<TargetProgress>)))]
pub async fn list(State(app): State<App>) -> Answer<Json<Vec<TargetProgress>>> {
    Ok(Json(app.target_progress(&Share::National).await?))
}

/// The ministry edits a target's figures (money in 万元, counts as whole numbers; an empty
/// amount leaves the figure to be entered) and its years.
#[utoipa::path(put, path = "/api/v1/targets/{code}", tag = "targets", security(("bearer" = [])),
    params(("code" = String, Path, description = "Target code, e.g. technicians")),
    request_body = TargetEdit,
    responses(
        (status = 200, description = "The target as saved", body = Target),
        (status = 400, description = "Refused; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry's writing staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such target", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn edit(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
    ApiJson(edit): ApiJson<TargetEdit>,
) -> Answer<Json<Target>> {
    Ok(Json(
        app.edit_target(&context(actor, ip), &code, &edit).await?,
    ))
}
