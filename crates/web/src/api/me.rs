//! `GET /api/v1/me`: who a token acts as.

use super::bearer::Bearer;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    /// `admin`, `staff` or `read_only` in that organisation.
    pub role: Option<String>,
    /// The zone the organisation is, for zone accounts.
    pub zone_id: Option<i64>,
}

/// The account and organisation an API token acts for.
#[utoipa::path(get, path = "/api/v1/me", tag = "account", security(("bearer" = [])),
    responses(
        (status = 200, description = "The token's account", body = Me),
        (status = 401, description = "No valid token", body = crate::problem::Problem,
            content_type = "application/problem+json"),
    ))]
pub async fn me(Bearer(actor): Bearer) -> Json<Me> {
    let acting = actor.acting.as_ref();
    Json(Me {
        user_id: actor.user_id,
        username: actor.username.clone(),
        display_name: actor.display_name.clone(),
        organisation_id: acting.map(|m| m.org.id),
        organisation_name: acting.map(|m| m.org.name_zh.clone()),
        role: acting.map(|m| m.role.code().to_owned()),
        zone_id: actor.own_zone(),
    })
}
