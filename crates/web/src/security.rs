//! Headers every answer carries, whatever produced it (page, API, asset, error, fallback).
//!
//! The Content-Security-Policy allows scripts only from this site's own files: no inline
//! `<script>`, no `on…=` attributes, no `eval` (so htmx runs with `allowEval` off). htmx keeps
//! `allowScriptTags` on: with it off htmx drops every `<script>` of swapped content, the chart
//! data (`type="application/json"`) included, and an inline script it re-creates is refused by
//! this policy anyway. Styles may be inline because ECharts and a few bar widths set `style`;
//! styles cannot run script.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// One year: the usual HSTS lifetime; subdomains are left to their own servers.
const HSTS: &str = "max-age=31536000";

/// The headers every answer carries, as plain header layers (no per-request boxing); with
/// `https` ([`crate::WebSettings::https`]) also HSTS and `Secure` on every cookie.
pub fn layers<S: Clone + Send + Sync + 'static>(router: Router<S>, https: bool) -> Router<S> {
    let router = router
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ));
    if https {
        router.layer(axum::middleware::from_fn(over_https))
    } else {
        router
    }
}

async fn over_https(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static(HSTS),
    );
    secure_cookies(headers);
    response
}

/// Adds `Secure` to every cookie the answer sets, so no handler can set one without it.
fn secure_cookies(headers: &mut HeaderMap) {
    let cookies: Vec<HeaderValue> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|value| {
            let text = value.to_str().unwrap_or_default();
            let marked = text
                .split(';')
                .skip(1)
                .any(|attribute| attribute.trim().eq_ignore_ascii_case("secure"));
            if marked || text.is_empty() {
                value.clone()
            } else {
                HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or_else(|_| value.clone())
            }
        })
        .collect();
    if cookies.is_empty() {
        return;
    }
    headers.remove(header::SET_COOKIE);
    for cookie in cookies {
        headers.append(header::SET_COOKIE, cookie);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cookie_gets_secure_once() {
        let mut headers = HeaderMap::new();
        for cookie in [
            "gowest_session=a; Path=/; HttpOnly; SameSite=Lax",
            "gowest_lang=en; Path=/; Secure",
            "gowest_form=b; HttpOnly; SameSite=Strict; Path=/",
        ] {
            headers.append(header::SET_COOKIE, HeaderValue::from_static(cookie));
        }
        secure_cookies(&mut headers);
        let out: Vec<&str> = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().expect("ascii"))
            .collect();
        assert_eq!(
            out,
            [
                "gowest_session=a; Path=/; HttpOnly; SameSite=Lax; Secure",
                "gowest_lang=en; Path=/; Secure",
                "gowest_form=b; HttpOnly; SameSite=Strict; Path=/; Secure",
            ]
        );
    }
}
