//! Logistics channels over JSON: the network, a zone's best routes to the ports, and the
//! ministry's edits (links, ports). Refused input is 400 naming the field, writing nothing;
//! a port the network does not reach is a 400 naming `port_id`, not an error.

use super::bearer::Bearer;
use super::input::{Answer, ApiJson, ApiQuery, context, id as path_id};
use crate::client::ClientIp;
use crate::problem::Problem;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gowest_app::logistics::{Network, ZoneRoutes};
use gowest_app::{App, AppError};
use gowest_domain::logistics::route::{Objective, Route};
use gowest_domain::logistics::{
    ClearanceAgreement, ClearanceInput, Link, LinkInput, Node, PortInput,
};
use gowest_domain::{FieldError, Validation};
use serde::Deserialize;
use utoipa::IntoParams;

/// The network's nodes and links; public.
#[utoipa::path(get, path = "/api/v1/logistics/network", tag = "logistics",
    responses((status = 200, description = "Nodes (hubs, ports) and links (road, rail, river)", body = Network)))]
pub async fn network(State(app): State<App>) -> Answer<Json<Network>> {
    Ok(Json(app.logistics_network().await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct RoutesParams {
    /// `sea`, `river` or `dry`; all ports when empty.
    pub kind: String,
}

/// A zone's fastest and cheapest routes to every port, reachable ones first; public.
#[utoipa::path(get, path = "/api/v1/logistics/zones/{id}/routes", tag = "logistics",
    params(("id" = i64, Path, description = "Zone id"), RoutesParams),
    responses(
        (status = 200, description = "Every port with its routes or why there is none", body = ZoneRoutes),
        (status = 400, description = "Unknown port kind", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such zone", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn zone_routes(
    State(app): State<App>,
    Path(id): Path<String>,
    ApiQuery(raw): ApiQuery<RoutesParams>,
) -> Answer<Json<ZoneRoutes>> {
    let id = path_id(&id, "zone")?;
    let params = raw;
    let kind = match params.kind.trim() {
        "" => None,
        k if gowest_domain::port::PortKind::parse(k).is_some() => Some(k.to_owned()),
        k => {
            return Err(AppError::Invalid(Validation(vec![FieldError::new(
                "kind",
                "unknown",
                format!("港口类型“{k}”应为 sea、river 或 dry"),
                format!("kind \"{k}\" must be sea, river or dry"),
            )]))
            .into());
        }
    };
    Ok(Json(app.zone_routes(id, kind.as_deref())?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct RouteParams {
    /// `hours` (fastest, the default) or `cost` (cheapest).
    pub objective: String,
}

/// A zone's best route to one port, leg by leg; public.
#[utoipa::path(get, path = "/api/v1/logistics/zones/{id}/routes/{port_id}", tag = "logistics",
    params(("id" = i64, Path, description = "Zone id"), ("port_id" = i64, Path, description = "Port id"), RouteParams),
    responses(
        (status = 200, description = "The route", body = Route),
        (status = 400, description = "The port is off the network or unreachable from the zone, or the objective is unknown", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such zone or port", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn zone_route(
    State(app): State<App>,
    Path((id, port_id)): Path<(String, String)>,
    ApiQuery(raw): ApiQuery<RouteParams>,
) -> Answer<Json<Route>> {
    let id = path_id(&id, "zone")?;
    let port_id = path_id(&port_id, "port")?;
    let objective = match raw.objective.trim() {
        "" | "hours" => Objective::Hours,
        "cost" => Objective::Cost,
        other => {
            return Err(AppError::Invalid(Validation(vec![FieldError::new(
                "objective",
                "unknown",
                format!("“{other}”应为 hours（最快）或 cost（最省）"),
                format!("objective \"{other}\" must be hours or cost"),
            )]))
            .into());
        }
    };
    Ok(Json(app.zone_route(id, port_id, objective)?))
}

/// Adds a link; the token must be the ministry's writing staff.
#[utoipa::path(post, path = "/api/v1/logistics/links", tag = "logistics", security(("bearer" = [])),
    request_body = LinkInput,
    responses(
        (status = 201, description = "Added; routes and matching follow at once", body = Link),
        (status = 400, description = "A field is invalid (e.g. hours not above zero); nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_link(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<LinkInput>,
) -> Answer<Response> {
    let input = raw;
    let link = app.add_logistics_link(&context(actor, ip), &input).await?;
    Ok((StatusCode::CREATED, Json(link)).into_response())
}

/// Replaces a link's figures; the ministry's writing staff.
#[utoipa::path(put, path = "/api/v1/logistics/links/{id}", tag = "logistics", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Link id")),
    request_body = LinkInput,
    responses(
        (status = 200, description = "Replaced", body = Link),
        (status = 400, description = "A field is invalid; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such link", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_link(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    ApiJson(raw): ApiJson<LinkInput>,
) -> Answer<Json<Link>> {
    let id = path_id(&id, "logistics_link")?;
    let input = raw;
    Ok(Json(
        app.update_logistics_link(&context(actor, ip), id, &input)
            .await?,
    ))
}

/// Removes a link; the ministry's writing staff.
#[utoipa::path(delete, path = "/api/v1/logistics/links/{id}", tag = "logistics", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Link id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not the ministry", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such link", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete_link(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> Answer<StatusCode> {
    let id = path_id(&id, "logistics_link")?;
    app.delete_logistics_link(&context(actor, ip), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a port and its network node (joined to nothing until a link is added); the
/// ministry's writing staff.
#[utoipa::path(post, path = "/api/v1/logistics/ports", tag = "logistics", security(("bearer" = [])),
    request_body = PortInput,
    responses(
        (status = 201, description = "The port's node", body = Node),
        (status = 400, description = "A field is invalid (e.g. an unknown province); nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_port(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<PortInput>,
) -> Answer<Response> {
    let input = raw;
    let node = app.add_port(&context(actor, ip), &input).await?;
    Ok((StatusCode::CREATED, Json(node)).into_response())
}

/// Clearance-cooperation agreements (大通关), newest first; public.
#[utoipa::path(get, path = "/api/v1/logistics/clearance", tag = "logistics",
    responses((status = 200, description = "Agreements with clearance hours before and after", body = Vec<ClearanceAgreement>)))]
pub async fn clearance(State(app): State<App>) -> Answer<Json<Vec<ClearanceAgreement>>> {
    Ok(Json(app.clearance_agreements().await?))
}

/// Records a clearance-cooperation agreement; the ministry's writing staff.
#[utoipa::path(post, path = "/api/v1/logistics/clearance", tag = "logistics", security(("bearer" = [])),
    request_body = ClearanceInput,
    responses(
        (status = 201, description = "Recorded", body = ClearanceAgreement),
        (status = 400, description = "A field is invalid (e.g. not a seaport, negative hours); nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the ministry", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_clearance(
    State(app): State<App>,
    Bearer(actor): Bearer,
    ClientIp(ip): ClientIp,
    ApiJson(raw): ApiJson<ClearanceInput>,
) -> Answer<Response> {
    let input = raw;
    let agreement = app
        .add_clearance_agreement(&context(actor, ip), &input)
        .await?;
    Ok((StatusCode::CREATED, Json(agreement)).into_response())
}
