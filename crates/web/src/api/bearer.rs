//! `Authorization: Bearer gw_…`: the actor behind an API token. Writes through the API
//! need a token; cookies are not accepted there, so no cross-site form can reach it.

use crate::problem::{ApiError, Problem};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_domain::access::Actor;

pub struct Bearer(pub Actor);

fn unauthorized() -> Response {
    let mut response = Problem::unauthorized().into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer realm=\"gowest\""),
    );
    response
}

impl FromRequestParts<App> for Bearer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Bearer, Response> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(unauthorized)?;
        match app.actor_for_api_token(token).await {
            Ok(Some(actor)) => Ok(Bearer(actor)),
            Ok(None) => Err(unauthorized()),
            Err(e) => Err(ApiError(e).into_response()),
        }
    }
}

/// The token's actor when a token is sent; public readers send none. A bad token is
/// still refused, so a mistyped token is not silently read as anonymous.
pub struct MaybeBearer(pub Option<Actor>);

impl FromRequestParts<App> for MaybeBearer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<MaybeBearer, Response> {
        if !parts.headers.contains_key(header::AUTHORIZATION) {
            return Ok(MaybeBearer(None));
        }
        let Bearer(actor) = Bearer::from_request_parts(parts, app).await?;
        Ok(MaybeBearer(Some(actor)))
    }
}
