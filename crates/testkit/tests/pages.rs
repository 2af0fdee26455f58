//! The public portal as a browser sees it, over HTTP, on every backend.

use gowest_app::zone_sheet;
use gowest_testkit::{TestApp, backends, operator, spawn_app};
use serde_json::Value;

struct Page {
    status: u16,
    content_type: String,
    headers: reqwest::header::HeaderMap,
    body: String,
}

async fn fetch(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Page {
    let mut request = app.client.get(format!("{}{path}", app.base_url));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("request reaches the server");
    let headers = response.headers().clone();
    Page {
        status: response.status().as_u16(),
        content_type: header(&headers, "content-type"),
        body: response.text().await.unwrap_or_default(),
        headers,
    }
}

async fn page(app: &TestApp, path: &str) -> Page {
    fetch(app, path, &[]).await
}

fn header(headers: &reqwest::header::HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn api_json(app: &TestApp, path: &str) -> Value {
    app.get(path).await.json().await.expect("JSON")
}

#[tokio::test]
async fn home_is_chinese_by_default_and_english_with_the_cookie() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let zh = page(&app, "/").await;
        assert_eq!(zh.status, 200, "{backend}");
        assert!(zh.content_type.starts_with("text/html"), "{backend}");
        for text in [
            r#"<html lang="zh-CN">"#,
            "万商西进工程公共信息服务平台",
            "十项政策措施",
            "开发区名录",
            "商资发〔2006〕530号",
            r#"href="/console""#,
            "/api/v1/stats/zones-by-province",
        ] {
            assert!(zh.body.contains(text), "{backend}: {text} missing");
        }
        // Key figures from the data: 49 national zones in 2006, five named in the notice.
        assert!(zh.body.contains(r#"<span class="figure-value">49</span>"#));
        assert!(zh.body.contains(r#"<span class="figure-value">5</span>"#));

        let en = fetch(&app, "/", &[("cookie", "lang=en")]).await;
        assert_eq!(en.status, 200, "{backend}");
        for text in [
            r#"<html lang="en">"#,
            "Go-West Investment Platform",
            "The ten measures",
        ] {
            assert!(en.body.contains(text), "{backend}: {text} missing");
        }
        assert!(!en.body.contains("十项政策措施"), "{backend}");
    }
}

#[tokio::test]
async fn the_language_switch_sets_a_cookie_and_returns_only_to_local_pages() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let switch = |path: &str| client.get(format!("{}{path}", app.base_url)).send();
        let response = switch("/lang/en?next=%2Fzones%3Fregion%3Dwest")
            .await
            .expect("answers");
        assert_eq!(response.status().as_u16(), 303, "{backend}");
        assert_eq!(header(response.headers(), "location"), "/zones?region=west");
        let cookie = header(response.headers(), "set-cookie");
        for part in ["lang=en", "Path=/", "Max-Age=31536000", "SameSite=Lax"] {
            assert!(cookie.contains(part), "{backend}: {cookie}");
        }
        for outside in [
            "//evil.example/",
            "https%3A%2F%2Fevil.example",
            "%2F%5Cevil.example",
        ] {
            let response = switch(&format!("/lang/zh?next={outside}"))
                .await
                .expect("answers");
            assert_eq!(header(response.headers(), "location"), "/", "{outside}");
        }
        let response = switch("/lang/fr").await.expect("answers");
        assert_eq!(response.status().as_u16(), 404, "{backend}");
    }
}

#[tokio::test]
async fn the_directory_filters_by_region() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let west = page(&app, "/zones?region=west&per_page=100").await;
        assert_eq!(west.status, 200, "{backend}");
        assert!(west.body.contains("<html"), "{backend}: a whole page");
        for city in ["成都", "重庆", "西安"] {
            assert!(west.body.contains(city), "{backend}: {city} missing");
        }
        assert!(!west.body.contains("苏州"), "{backend}: 苏州 is not west");
        assert!(
            west.body.contains(r#"<option value="west" selected>"#),
            "{backend}: the form keeps the filter"
        );
        assert!(west.body.contains(r#"hx-get="/zones""#), "{backend}");
        assert!(
            west.body.contains(r##"hx-target="#zone-results""##),
            "{backend}"
        );
        let total = api_json(&app, "/api/v1/zones?region=west&per_page=1").await["total"]
            .as_u64()
            .expect("total");
        assert!(
            west.body.contains(&format!("<strong>{total}</strong>")),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn money_reads_as_yuan_with_thousands_separators() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.app.seed_demo(&operator()).await.expect("demo figures");
        let east = page(&app, "/zones?region=east&sort=-avg_wage").await;
        // Demo wages are 4,500–10,000 元 a month: grouped, two decimals, the unit after.
        let wages: Vec<&str> = east
            .body
            .split(" 元/月")
            .filter_map(|before| before.rsplit('>').next())
            .take(3)
            .collect();
        assert_eq!(wages.len(), 3, "{backend}");
        for wage in wages {
            let (whole, cents) = wage.split_once('.').expect("decimals");
            assert_eq!(cents.len(), 2, "{backend}: {wage}");
            assert!(whole.contains(','), "{backend}: {wage}");
        }
        assert!(east.body.contains(" 元/㎡"), "{backend}");
    }
}

#[tokio::test]
async fn bad_filters_show_a_message_and_never_a_5xx() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for (path, message) in [
            ("/zones?region=middle", "参数 region 的值“middle”无效"),
            ("/zones?page=0&per_page=9999", "参数 page 的值“0”无效"),
            ("/zones?sort=price", "未知的排序字段"),
            ("/zones?region=west&region=east", "查询参数格式不正确"),
            ("/zones?industry=%FF", "参数 industry"),
            ("/zones/export.csv?level=mayor", "未知的开发区级别"),
            ("/zones/export.xlsx?province=99", "六位省级行政区划代码"),
        ] {
            let got = page(&app, path).await;
            assert_eq!(got.status, 400, "{backend} {path}");
            assert!(
                got.content_type.starts_with("text/html"),
                "{backend} {path}"
            );
            assert!(got.body.contains(message), "{backend} {path}: {}", got.body);
        }
        let long = "长".repeat(101);
        let got = page(&app, &format!("/zones?q={long}")).await;
        assert_eq!(got.status, 400, "{backend}");
        assert!(got.body.contains("检索词最多 100 个字符"), "{backend}");

        let en = fetch(&app, "/zones?level=mayor", &[("cookie", "lang=en")]).await;
        assert!(en.body.contains("unknown zone level"), "{backend}");
    }
}

#[tokio::test]
async fn htmx_gets_only_the_results() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let htmx = [("HX-Request", "true")];
        let part = fetch(&app, "/zones?region=west&sort=name&per_page=100", &htmx).await;
        assert_eq!(part.status, 200, "{backend}");
        assert!(!part.body.contains("<html"), "{backend}: a fragment");
        assert!(
            !part.body.contains("<form"),
            "{backend}: no form in a fragment"
        );
        assert!(part.body.contains("<table"), "{backend}");
        assert!(part.body.contains("成都"), "{backend}");
        assert!(part.body.contains(r#"id="lang-switch""#), "{backend}");
        assert!(part.body.contains(r#"hx-swap-oob="true""#), "{backend}");
        assert!(
            header(&part.headers, "vary").contains("HX-Request"),
            "{backend}"
        );

        // A refused query comes as a fragment too, with its message swapped above the form.
        let bad = fetch(&app, "/zones?region=middle", &htmx).await;
        assert_eq!(bad.status, 400, "{backend}");
        assert!(!bad.body.contains("<html"), "{backend}");
        assert!(bad.body.contains(r#"id="query-errors""#), "{backend}");
        assert!(bad.body.contains("middle"), "{backend}");

        // History restoration asks for the whole page.
        let restore = [
            ("HX-Request", "true"),
            ("HX-History-Restore-Request", "true"),
        ];
        let whole = fetch(&app, "/zones?region=west", &restore).await;
        assert!(whole.body.contains("<html"), "{backend}");
    }
}

async fn download(app: &TestApp, path: &str, name: &str) -> (Page, Vec<(usize, String)>) {
    let response = app.get(path).await;
    let headers = response.headers().clone();
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body");
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join(name);
    std::fs::write(&file, &bytes).expect("write the download");
    let sheet = zone_sheet::read(&file).expect("the download reads back as an import file");
    let rows = sheet
        .rows
        .into_iter()
        .map(|(row, input)| (row, input.province_code))
        .collect();
    let page = Page {
        status,
        content_type: header(&headers, "content-type"),
        headers,
        body: String::new(),
    };
    (page, rows)
}

#[tokio::test]
async fn exports_hold_exactly_the_filtered_zones() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let west_total = api_json(&app, "/api/v1/zones?region=west&per_page=1").await["total"]
            .as_u64()
            .expect("total") as usize;
        let western: Vec<String> = api_json(&app, "/api/v1/provinces")
            .await
            .as_array()
            .expect("provinces")
            .iter()
            .filter(|p| p["region"] == "west")
            .filter_map(|p| p["code"].as_str().map(str::to_owned))
            .collect();

        // Page and page size do not cut an export.
        let (csv, rows) = download(
            &app,
            "/zones/export.csv?region=west&page=2&per_page=5",
            "z.csv",
        )
        .await;
        assert_eq!(csv.status, 200, "{backend}");
        assert!(csv.content_type.starts_with("text/csv"), "{backend}");
        let disposition = header(&csv.headers, "content-disposition");
        assert!(disposition.starts_with("attachment;"), "{backend}");
        assert!(
            disposition
                .contains("filename*=UTF-8''%E5%BC%80%E5%8F%91%E5%8C%BA%E5%90%8D%E5%BD%95.csv"),
            "{backend}: {disposition}"
        );
        assert_eq!(rows.len(), west_total, "{backend}");
        assert!(
            rows.iter().all(|(_, code)| western.contains(code)),
            "{backend}"
        );

        let sichuan = api_json(&app, "/api/v1/zones?province=510000&per_page=1").await["total"]
            .as_u64()
            .expect("total") as usize;
        let (xlsx, rows) = download(&app, "/zones/export.xlsx?province=510000", "z.xlsx").await;
        assert_eq!(xlsx.status, 200, "{backend}");
        assert_eq!(
            xlsx.content_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(rows.len(), sichuan, "{backend}");
        assert!(rows.iter().all(|(_, code)| code == "510000"), "{backend}");
    }
}

#[tokio::test]
async fn a_zone_has_its_page_and_an_unknown_zone_a_friendly_404() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let found = api_json(&app, "/api/v1/zones?q=成都经济技术开发区").await;
        let id = found["items"][0]["id"].as_i64().expect("成都 is listed");
        let zone = page(&app, &format!("/zones/{id}?from=region%3Dwest%26page%3D2")).await;
        assert_eq!(zone.status, 200, "{backend}");
        for text in [
            "成都经济技术开发区",
            "四川省",
            "西部",
            "国家级经济技术开发区",
            "最近海港",
        ] {
            assert!(zone.body.contains(text), "{backend}: {text} missing");
        }
        assert!(
            zone.body
                .contains(r#"href="/zones?region=west&amp;page=2""#)
                || zone
                    .body
                    .contains(r#"href="/zones?region=west&#38;page=2""#),
            "{backend}: the way back keeps the filters"
        );
        let en = fetch(&app, &format!("/zones/{id}"), &[("cookie", "lang=en")]).await;
        assert!(en.body.contains("Sichuan"), "{backend}");
        assert!(en.body.contains("National ETDZ"), "{backend}");

        for path in ["/zones/999999", "/zones/abc", "/zones/-1", "/no/such/page"] {
            let missing = page(&app, path).await;
            assert_eq!(missing.status, 404, "{backend} {path}");
            assert!(
                missing.content_type.starts_with("text/html"),
                "{backend} {path}"
            );
            assert!(missing.body.contains("页面不存在"), "{backend} {path}");
        }
        let api = app.get("/api/v1/no-such-thing").await;
        assert_eq!(api.status().as_u16(), 404);
        assert_eq!(
            header(api.headers(), "content-type"),
            "application/problem+json"
        );
    }
}

#[tokio::test]
async fn the_policy_page_is_the_notice() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let policy = page(&app, "/policy").await;
        assert_eq!(policy.status, 200, "{backend}");
        for text in [
            "商务部关于实施“万商西进工程”的通知",
            "万商西进",
            r#"id="s1""#,
            r#"id="s10""#,
            "国家开发银行",
            "English summary of the ten measures",
        ] {
            assert!(policy.body.contains(text), "{backend}: {text} missing");
        }
    }
}

#[tokio::test]
async fn assets_are_served_from_the_binary() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for (path, content_type, needle) in [
            ("/assets/htmx.min.js", "text/javascript", "htmx"),
            ("/assets/echarts.min.js", "text/javascript", "echarts"),
            ("/assets/app.js", "text/javascript", "province-chart"),
            ("/assets/app.css", "text/css", "--brand"),
        ] {
            let asset = page(&app, path).await;
            assert_eq!(asset.status, 200, "{backend} {path}");
            assert!(
                asset.content_type.starts_with(content_type),
                "{backend} {path}"
            );
            assert!(asset.body.contains(needle), "{backend} {path}");
            assert!(
                header(&asset.headers, "cache-control").contains("max-age=31536000"),
                "{backend} {path}"
            );
        }
        // ECharts is large: clients that take gzip get it gzipped.
        let plain = page(&app, "/assets/echarts.min.js").await;
        let response = app
            .client
            .get(format!("{}/assets/echarts.min.js", app.base_url))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .expect("answers");
        assert_eq!(header(response.headers(), "content-encoding"), "gzip");
        let gzipped = response.bytes().await.expect("body");
        assert!(gzipped.len() * 2 < plain.body.len(), "{backend}");
    }
}

#[tokio::test]
async fn zones_by_province_add_up() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let stats = api_json(&app, "/api/v1/stats/zones-by-province").await;
        let items = stats["items"].as_array().expect("items");
        assert_eq!(items.len(), 31, "{backend}: every province");
        let sum: u64 = items
            .iter()
            .filter_map(|p| p["national_etdz"].as_u64())
            .sum();
        let national = api_json(&app, "/api/v1/zones?level=national_etdz&per_page=1").await;
        assert_eq!(Some(sum), national["total"].as_u64(), "{backend}");
        assert_eq!(stats["national_etdz"].as_u64(), Some(sum), "{backend}");
        let sichuan = items
            .iter()
            .find(|p| p["province_code"] == "510000")
            .expect("四川");
        assert_eq!(sichuan["region"], "west", "{backend}");
        let openapi = api_json(&app, "/api/openapi.json").await;
        assert!(
            openapi["paths"]["/api/v1/stats/zones-by-province"].is_object(),
            "{backend}"
        );
    }
}
