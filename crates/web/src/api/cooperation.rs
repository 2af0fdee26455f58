//! East–west cooperation over JSON: the agreement register with milestones and links, and
//! co-built parks with their sharing ledger. Every call needs a bearer token; each party
//! reads its agreements and parks; refused input is 400 naming the field, writing nothing.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, context, id as path_id};
use crate::client::ClientIp;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::cooperation::{AgreementView, ParkView};
use gowest_domain::cooperation::{
    AgreementInput, Milestone, MilestoneInput, MilestoneUpdate, ParkInput, SharingEntry,
    SharingInput,
};
use serde::Deserialize;
use utoipa::ToSchema;

/// Agreements any party of which is in the token's scope, latest signed first.
#[utoipa::path(get, path = "/api/v1/agreements", tag = "cooperation", security(("bearer" = [])),
    responses((status = 200, description = "The agreements", body = Vec<AgreementView>)))]
pub async fn list(
    State(app): State<App>,
    Bearer(actor): Bearer,
) -> Answer<Json<Vec<AgreementView>>> {
    Ok(Json(app.agreements(&actor).await?))
}

#[utoipa::path(get, path = "/api/v1/agreements/{id}", tag = "cooperation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Agreement id")),
    responses(
        (status = 200, description = "The agreement with milestones and progress", body = AgreementView),
        (status = 404, description = "No such agreement in the token's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<App>,
    Bearer(actor): Bearer,
    Path(id): Path<String>,
) -> Answer<Json<AgreementView>> {
    let id = path_id(&id, "agreement")?;
    Ok(Json(app.agreement(&actor, id).await?))
}

/// Records an agreement the token's zone is party to (the ministry: any).
#[utoipa::path(post, path = "/api/v1/agreements", tag = "cooperation", security(("bearer" = [])),
    request_body = AgreementInput,
    responses(
        (status = 201, description = "The new agreement", body = AgreementView),
        (status = 403, description = "The token's organisation is not a party", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "A field is invalid (e.g. two eastern zones where the kind pairs east with west); nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<AgreementInput>,
) -> Answer<Response> {
    let input = raw;
    let view = app
        .create_agreement(&context(actor, ip), &input, false)
        .await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// Adds a milestone, due on or after the signing.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/milestones", tag = "cooperation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Agreement id")),
    request_body = MilestoneInput,
    responses(
        (status = 201, description = "The new milestone", body = Milestone),
        (status = 400, description = "A field is invalid (e.g. due before the signing); nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_milestone(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<MilestoneInput>,
) -> Answer<Response> {
    let id = path_id(&id, "agreement")?;
    let input = raw;
    let m = app.add_milestone(&context(actor, ip), id, &input).await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

/// Marks a milestone done (with its day) or cancelled.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/milestones/{milestone_id}", tag = "cooperation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Agreement id"), ("milestone_id" = i64, Path, description = "Milestone id")),
    request_body = MilestoneUpdate,
    responses(
        (status = 200, description = "The milestone", body = Milestone),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_milestone(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path((id, milestone_id)): Path<(String, String)>,
    ApiJson(raw): ApiJson<MilestoneUpdate>,
) -> Answer<Json<Milestone>> {
    let id = path_id(&id, "agreement")?;
    let milestone_id = path_id(&milestone_id, "milestone")?;
    let input = raw;
    Ok(Json(
        app.update_milestone(&context(actor, ip), id, milestone_id, &input)
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ProjectLink {
    /// A pipeline record of a party zone.
    pub record_id: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EnterpriseLink {
    /// The enterprise's organisation id.
    pub org_id: i64,
}

/// Credits a pipeline project to the agreement that brought it.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/projects", tag = "cooperation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Agreement id")),
    request_body = ProjectLink,
    responses(
        (status = 204, description = "Linked"),
        (status = 400, description = "Not a party zone's project, or already credited to an agreement", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn link_project(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<ProjectLink>,
) -> Answer<StatusCode> {
    let id = path_id(&id, "agreement")?;
    let link = raw;
    app.link_agreement_project(&context(actor, ip), id, link.record_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records an enterprise relocated under the agreement.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/enterprises", tag = "cooperation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Agreement id")),
    request_body = EnterpriseLink,
    responses(
        (status = 204, description = "Linked"),
        (status = 400, description = "No such enterprise, or already linked", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn link_enterprise(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<EnterpriseLink>,
) -> Answer<StatusCode> {
    let id = path_id(&id, "agreement")?;
    let link = raw;
    app.link_agreement_enterprise(&context(actor, ip), id, link.org_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Co-built parks whose host or partner zone is in the token's scope.
#[utoipa::path(get, path = "/api/v1/parks", tag = "cooperation", security(("bearer" = [])),
    responses((status = 200, description = "The parks", body = Vec<ParkView>)))]
pub async fn parks(State(app): State<App>, Bearer(actor): Bearer) -> Answer<Json<Vec<ParkView>>> {
    Ok(Json(app.parks(&actor).await?))
}

#[utoipa::path(get, path = "/api/v1/parks/{id}", tag = "cooperation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Park id")),
    responses(
        (status = 200, description = "The park with its sharing ledger", body = ParkView),
        (status = 404, description = "No such park in the token's scope", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn park(
    State(app): State<App>,
    Bearer(actor): Bearer,
    Path(id): Path<String>,
) -> Answer<Json<ParkView>> {
    let id = path_id(&id, "co-built park")?;
    Ok(Json(app.park(&actor, id).await?))
}

/// Records a co-built park hosted by the token's zone.
#[utoipa::path(post, path = "/api/v1/parks", tag = "cooperation", security(("bearer" = [])),
    request_body = ParkInput,
    responses(
        (status = 201, description = "The new park", body = ParkView),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_park(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<ParkInput>,
) -> Answer<Response> {
    let input = raw;
    let view = app.create_park(&context(actor, ip), &input, false).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// Books tax or output to the park's sharing ledger, split at the agreed shares.
#[utoipa::path(post, path = "/api/v1/parks/{id}/sharing", tag = "cooperation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Park id")),
    request_body = SharingInput,
    responses(
        (status = 201, description = "The ledger entry", body = SharingEntry),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_sharing(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<SharingInput>,
) -> Answer<Response> {
    let id = path_id(&id, "co-built park")?;
    let input = raw;
    let entry = app
        .add_sharing_entry(&context(actor, ip), id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(entry)).into_response())
}

/// Records an enterprise inside the park.
#[utoipa::path(post, path = "/api/v1/parks/{id}/enterprises", tag = "cooperation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Park id")),
    request_body = EnterpriseLink,
    responses(
        (status = 204, description = "Added"),
        (status = 400, description = "No such enterprise, or already in the park", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_park_enterprise(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<EnterpriseLink>,
) -> Answer<StatusCode> {
    let id = path_id(&id, "co-built park")?;
    let link = raw;
    app.add_park_enterprise(&context(actor, ip), id, link.org_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
