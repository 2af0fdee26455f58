//! The enterprise profile of the token's enterprise.

use super::bearer::Bearer;
use super::input::ApiJson;
use crate::client::ClientIp;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::State;
use gowest_app::audit::Context;
use gowest_app::{App, AppError};
use gowest_domain::enterprise::{Enterprise, EnterpriseInput};

/// The token's enterprise profile.
#[utoipa::path(get, path = "/api/v1/enterprise", tag = "transfer", security(("bearer" = [])),
    responses(
        (status = 200, description = "The enterprise", body = Enterprise),
        (status = 403, description = "The token is not an enterprise's", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No profile yet", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<App>,
    Bearer(actor): Bearer,
) -> Result<Json<Enterprise>, ApiError> {
    let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
    let enterprise = app.my_enterprise(&agent).await?.ok_or(AppError::NotFound {
        entity: "enterprise",
    })?;
    Ok(Json(enterprise))
}

/// Creates or replaces the token's enterprise profile; the credit code stays as registered.
#[utoipa::path(put, path = "/api/v1/enterprise", tag = "transfer", security(("bearer" = [])),
    request_body = EnterpriseInput,
    responses(
        (status = 200, description = "The saved enterprise", body = Enterprise),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem,
            content_type = "application/problem+json"),
        (status = 403, description = "The token is not an enterprise's", body = Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn put(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(input): ApiJson<EnterpriseInput>,
) -> Result<Json<Enterprise>, ApiError> {
    let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
    let ctx = Context::user(actor, ip);
    Ok(Json(app.save_enterprise(&agent, &ctx, input).await?))
}
