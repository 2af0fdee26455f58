//! The portal's static files, embedded in the binary: no CDN, so it runs on an intranet.
//! URLs carry the build's asset version (`?v=…`), so browsers may keep them for a year.
//! The large vendored scripts are also embedded gzipped, for clients that accept it.

use axum::Router;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// A hash of every embedded asset, stamped by build.rs.
pub const VERSION: &str = env!("GOWEST_ASSET_VERSION");

struct Asset {
    content_type: &'static str,
    plain: &'static [u8],
    gzipped: Option<&'static [u8]>,
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

static HTMX: Asset = Asset {
    content_type: JS,
    plain: include_bytes!(concat!(env!("OUT_DIR"), "/htmx.min.js")),
    gzipped: Some(include_bytes!(concat!(env!("OUT_DIR"), "/htmx.min.js.gz"))),
};
static ECHARTS: Asset = Asset {
    content_type: JS,
    plain: include_bytes!(concat!(env!("OUT_DIR"), "/echarts.min.js")),
    gzipped: Some(include_bytes!(concat!(
        env!("OUT_DIR"),
        "/echarts.min.js.gz"
    ))),
};
static APP_CSS: Asset = Asset {
    content_type: CSS,
    plain: include_str!("../../assets/app.css").as_bytes(),
    gzipped: None,
};
static APP_JS: Asset = Asset {
    content_type: JS,
    plain: include_str!("../../assets/app.js").as_bytes(),
    gzipped: None,
};

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            "/assets/htmx.min.js",
            get(|h: HeaderMap| async move { HTMX.serve(&h) }),
        )
        .route(
            "/assets/echarts.min.js",
            get(|h: HeaderMap| async move { ECHARTS.serve(&h) }),
        )
        .route(
            "/assets/app.css",
            get(|h: HeaderMap| async move { APP_CSS.serve(&h) }),
        )
        .route(
            "/assets/app.js",
            get(|h: HeaderMap| async move { APP_JS.serve(&h) }),
        )
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| p.replace(' ', "") == "q=0");
            (name == "gzip" || name == "*") && !refused
        })
}

impl Asset {
    fn serve(&'static self, request: &HeaderMap) -> Response {
        let common = [
            (header::CONTENT_TYPE, self.content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::VARY, "Accept-Encoding"),
        ];
        match self.gzipped {
            Some(gz) if accepts_gzip(request) => {
                (common, [(header::CONTENT_ENCODING, "gzip")], gz).into_response()
            }
            _ => (common, self.plain).into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn gzip_only_when_accepted() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br"));
        assert!(with("br;q=1.0, gzip;q=0.8"));
        assert!(!with("gzip;q=0"));
        assert!(!with("br"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
