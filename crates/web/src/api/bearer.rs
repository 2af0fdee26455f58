//! `Authorization: Bearer gw_…`: the actor behind an API token. Writes through the API
//! need a token; cookies are not accepted there, so no cross-site form can reach it.
//! A read-only token is refused here for every method but GET and HEAD, so no write route
//! can forget to check the token's scope: every write route takes [`Bearer`].

use crate::problem::{ApiError, Problem};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::api_tokens::{TokenRefusal, TokenScope};
use gowest_domain::access::Actor;

pub struct Bearer(pub Actor);

fn unauthorized(refusal: Option<TokenRefusal>) -> Response {
    let mut problem = Problem::unauthorized();
    let day = |at: chrono::DateTime<chrono::Utc>| at.format("%Y-%m-%d %H:%M UTC").to_string();
    let (kind, en, zh) = match refusal {
        None => (None, None, None),
        Some(TokenRefusal::Unknown) => (
            Some("token-unknown"),
            Some("the API token is not known".to_owned()),
            Some("API 令牌无效".to_owned()),
        ),
        Some(TokenRefusal::Expired(at)) => (
            Some("token-expired"),
            Some(format!(
                "the API token expired at {}; make a new one",
                day(at)
            )),
            Some(format!("API 令牌已于 {} 过期，请重新生成", day(at))),
        ),
        Some(TokenRefusal::Revoked(at)) => (
            Some("token-revoked"),
            Some(format!(
                "the API token was revoked at {} (by its owner, a password change, a \
                 credential reset or the account being disabled)",
                day(at)
            )),
            Some(format!(
                "API 令牌已于 {} 被撤销（本人撤销、修改密码、重置凭据或账号停用）",
                day(at)
            )),
        ),
        Some(TokenRefusal::Disabled) => (
            Some("token-user-disabled"),
            Some("the API token's account is disabled".to_owned()),
            Some("API 令牌所属账号已停用".to_owned()),
        ),
    };
    if let (Some(kind), Some(en), Some(zh)) = (kind, en, zh) {
        problem.kind = format!("https://gowest.mofcom.example/problems/{kind}");
        problem.detail = en;
        problem.detail_zh = zh;
    }
    let mut response = problem.into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer realm=\"gowest\""),
    );
    response
}

fn read_only() -> Response {
    let mut problem = Problem::unauthorized();
    problem.kind = "https://gowest.mofcom.example/problems/token-read-only".into();
    problem.status = StatusCode::FORBIDDEN.as_u16();
    problem.title = "Forbidden".into();
    problem.title_zh = "无权操作".into();
    problem.detail = "this API token is read-only; writing needs a read-write token".into();
    problem.detail_zh = "此 API 令牌为只读，写入需使用读写令牌".into();
    problem.into_response()
}

fn outside_capabilities(path: &str) -> Response {
    let mut problem = Problem::unauthorized();
    problem.kind = "https://gowest.mofcom.example/problems/token-capability".into();
    problem.status = StatusCode::FORBIDDEN.as_u16();
    problem.title = "Forbidden".into();
    problem.title_zh = "无权操作".into();
    problem.detail = format!(
        "this API token is limited to other capabilities than {path}; make a token that \
         includes it"
    );
    problem.detail_zh = format!("此 API 令牌的功能范围不含 {path}，请使用包含该功能的令牌");
    problem.into_response()
}

/// Whether a request with this method only reads.
fn reads_only(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD)
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
            .ok_or_else(|| unauthorized(None))?;
        match app.actor_for_api_token(token).await {
            Ok(Ok(grant)) => {
                if grant.scope == TokenScope::ReadOnly && !reads_only(&parts.method) {
                    return Err(read_only());
                }
                if !grant.capabilities.allow(parts.uri.path()) {
                    return Err(outside_capabilities(parts.uri.path()));
                }
                Ok(Bearer(grant.actor))
            }
            Ok(Err(refusal)) => Err(unauthorized(Some(refusal))),
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
