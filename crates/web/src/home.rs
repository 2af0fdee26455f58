//! A plain landing page until the portal arrives: what this is, figures, where the API is.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use gowest_app::App;
use gowest_domain::region::Region;

pub fn routes() -> Router<App> {
    Router::new().route("/", get(home))
}

async fn home(State(app): State<App>) -> Html<String> {
    let directory = app.directory();
    let count = |region: Region| {
        directory
            .zones
            .iter()
            .filter(|l| l.zone.region == region)
            .count()
    };
    let rows: String = Region::ALL
        .iter()
        .map(|&r| {
            format!(
                "<tr><td>{} {}</td><td><a href=\"/api/v1/zones?region={}&amp;per_page=500\">{}</a></td></tr>",
                r.name_zh(),
                r.name_en(),
                r.code(),
                count(r)
            )
        })
        .collect();
    Html(format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>万商西进工程 · gowest</title>
<style>body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1f2937}}
h1{{color:#9f1239}}table{{border-collapse:collapse}}td{{border-bottom:1px solid #e5e7eb;padding:.4rem 1.2rem .4rem 0}}code{{background:#f3f4f6;padding:0 .2rem}}</style></head>
<body><h1>万商西进工程公共信息服务平台</h1>
<p>依据《商务部关于实施“万商西进工程”的通知》（商资发〔2006〕530号），以国家级经济技术开发区为载体，推动东部开放型产业向中西部地区梯度转移。</p>
<p>The platform of the Ten-Thousand-Merchants-Go-West project: moving export-oriented industry from the eastern coast to central and western China through development zones.</p>
<h2>开发区目录 · Zone directory（{total}）</h2>
<table>{rows}</table>
<h2>接口 · API</h2>
<ul><li><code>GET <a href="/api/v1/zones?region=west">/api/v1/zones?region=west</a></code></li>
<li><code>GET <a href="/api/v1/provinces">/api/v1/provinces</a></code> · <code><a href="/api/v1/industries">/api/v1/industries</a></code> · <code><a href="/api/v1/ports">/api/v1/ports</a></code></li>
<li>OpenAPI: <code><a href="/api/openapi.json">/api/openapi.json</a></code> · <code><a href="/healthz">/healthz</a></code> · <code><a href="/readyz">/readyz</a></code> · <code><a href="/metrics">/metrics</a></code></li></ul>
</body></html>"#,
        total = directory.zones.len(),
    ))
}
