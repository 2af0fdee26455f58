//! What every page needs from the request: the reader's language (the `lang` cookie), where
//! the page is (for the language switch), whether htmx asked for a fragment, the request id.

use super::assets;
use super::query::encode_component;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::convert::Infallible;

pub const LANG_COOKIE: &str = "lang";
const ONE_YEAR_SECONDS: u32 = 365 * 24 * 3600;

/// The language pages are written in: Simplified Chinese unless the reader chose English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The value of `<html lang>`.
    pub fn html(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn is_en(self) -> bool {
        self == Lang::En
    }

    /// The string for this language: `lang.pick("开发区名录", "Zone directory")`.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Text kept in Chinese with an optional English version: English when asked for and
    /// present, Chinese otherwise.
    pub fn or_zh<'a>(self, zh: &'a str, en: Option<&'a str>) -> &'a str {
        match (self, en.map(str::trim).filter(|s| !s.is_empty())) {
            (Lang::En, Some(en)) => en,
            _ => zh,
        }
    }

    fn from_headers(headers: &HeaderMap) -> Lang {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .and_then(|(_, value)| Lang::parse(value.trim()))
            .unwrap_or_default()
    }
}

/// The request as pages see it.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    /// Path and query of this request, as received (percent-encoded).
    pub here: String,
    /// htmx asked for a fragment (and not for a whole page to restore its history).
    pub fragment: bool,
    pub request_id: Option<String>,
}

impl Ctx {
    pub fn from_parts(parts: &Parts) -> Ctx {
        let headers = &parts.headers;
        let has = |name: &str| headers.get(name).is_some_and(|v| v == "true");
        Ctx {
            lang: Lang::from_headers(headers),
            here: parts
                .uri
                .path_and_query()
                .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned()),
            fragment: has("hx-request") && !has("hx-history-restore-request"),
            request_id: headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        }
    }

    /// The page frame (header and footer) for a page of the main menu item `active`.
    pub fn frame(&self, active: &'static str) -> Frame {
        Frame {
            active,
            switch_href: switch_href(self.lang, &self.here),
            asset_version: assets::VERSION,
            oob: false,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Ctx, Infallible> {
        Ok(Ctx::from_parts(parts))
    }
}

/// What `base.html` shows around every page.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The main menu item to highlight: `home`, `zones`, `policy`, or empty.
    pub active: &'static str,
    /// The other language's link, coming back to this page.
    pub switch_href: String,
    pub asset_version: &'static str,
    /// In an htmx fragment: parts of the frame that depend on the URL (the language
    /// switch) come along as out-of-band swaps.
    pub oob: bool,
}

impl Frame {
    /// `aria-current` for the menu item `item`.
    pub fn current(&self, item: &str) -> &'static str {
        if self.active == item { "page" } else { "false" }
    }
}

pub fn switch_href(lang: Lang, here: &str) -> String {
    let other = match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    format!("/lang/{}?next={}", other.code(), encode_component(here))
}

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only a path on this site: `/…` but not `//host` or `/\host`, which browsers treat as
/// another site. Anything else goes to the home page.
pub(crate) fn local_path(next: Option<&str>) -> String {
    let Some(next) = next else {
        return "/".into();
    };
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control());
    if !local {
        return "/".into();
    }
    // Keep the Location header plain ASCII whatever was sent.
    let mut out = String::with_capacity(next.len());
    for c in next.chars() {
        if c.is_ascii() && c != ' ' {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// `GET /lang/{zh|en}?next=/path`: remembers the choice for a year and goes back.
pub async fn switch(
    ctx: Ctx,
    Path(code): Path<String>,
    next: Result<Query<Next>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some(lang) = Lang::parse(&code) else {
        return super::error::not_found(&ctx);
    };
    let next = next.ok().and_then(|Query(n)| n.next);
    let location = local_path(next.as_deref());
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age={ONE_YEAR_SECONDS}; SameSite=Lax; HttpOnly",
        lang.code()
    );
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (header::LOCATION, location),
        (header::SET_COOKIE, cookie),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/zones?region=west")), "/zones?region=west");
        assert_eq!(
            local_path(Some("/zones?q=成都")),
            "/zones?q=%E6%88%90%E9%83%BD"
        );
        for outside in [
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "zones",
            "/a\nb",
        ] {
            assert_eq!(local_path(Some(outside)), "/", "{outside}");
        }
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn cookie_picks_the_language() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::from_headers(&headers), Lang::Zh);
        headers.insert(header::COOKIE, HeaderValue::from_static("a=b; lang=en"));
        assert_eq!(Lang::from_headers(&headers), Lang::En);
        headers.insert(header::COOKIE, HeaderValue::from_static("lang=fr"));
        assert_eq!(Lang::from_headers(&headers), Lang::Zh);
    }
}
