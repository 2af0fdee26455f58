//! Price reporting on every backend: a clerk's batch is written with its aggregates, a bad
//! row is refused by its row number with nothing written, late reports and missing markets
//! are flagged from the clock, and the series read from the kept aggregates equals the series
//! recomputed from the raw reports.

use chrono::{Duration, TimeZone, Utc};
use gowest_app::App;
use gowest_app::AppError;
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_app::prices::SeriesQuery;
use gowest_domain::markets::MarketInput;
use gowest_domain::prices::series::series;
use gowest_domain::prices::{Granularity, ReportInput};
use gowest_testkit::{ManualClock, TestBackend, TestDb, backends, operator, start_app_with_clock};

struct Env {
    app: App,
    db: TestDb,
    clock: ManualClock,
    clerk: Context,
    market: i64,
    other_market: i64,
}

/// 09:00 in Beijing yesterday (the reference data is checked against the clock's year).
fn morning() -> chrono::DateTime<Utc> {
    let day = Utc::now().date_naive() - Duration::days(1);
    Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0).expect("time"))
}

fn today() -> String {
    morning().date_naive().to_string()
}

fn tomorrow() -> String {
    (morning().date_naive() + Duration::days(1)).to_string()
}

async fn env(backend: TestBackend) -> Env {
    let clock = ManualClock::new(morning());
    let (app, db) = start_app_with_clock(backend, clock.clone()).await;
    app.seed_demo_accounts(&operator())
        .await
        .expect("demo accounts");
    let session = app
        .login("enterprise.demo", DEMO_PASSWORD, None)
        .await
        .expect("login");
    let clerk = Context::user(session.actor, None);
    let org_id = clerk.actor.as_ref().and_then(|a| a.org_id());
    let market = app
        .create_market(
            &operator(),
            &MarketInput {
                name_zh: "成都农产品中心批发市场".into(),
                province_code: "510000".into(),
                org_id,
                ..MarketInput::default()
            },
            false,
        )
        .await
        .expect("market")
        .id;
    let other_market = app
        .create_market(
            &operator(),
            &MarketInput {
                name_zh: "武汉白沙洲农副产品大市场".into(),
                province_code: "420000".into(),
                ..MarketInput::default()
            },
            false,
        )
        .await
        .expect("market")
        .id;
    Env {
        app,
        db,
        clock,
        clerk,
        market,
        other_market,
    }
}

fn row(product: &str, price: &str, volume: &str, date: &str) -> ReportInput {
    ReportInput {
        product: product.into(),
        unit: "斤".into(),
        price: price.into(),
        volume: volume.into(),
        date: date.into(),
        ..ReportInput::default()
    }
}

#[tokio::test]
async fn a_clerk_reports_and_a_bad_row_is_refused_by_number_with_nothing_written() {
    for backend in backends() {
        let e = env(backend).await;
        let bad = vec![
            row("大白菜", "0.65", "1000", &today()),
            row("榴莲干", "5.00", "10", &today()),
            row("土豆", "-0.10", "10", &today()),
            row("西红柿", "1.20", "10", &tomorrow()),
        ];
        let err = e
            .app
            .report_prices(&e.clerk, e.market, &bad, 2)
            .await
            .expect_err("refused");
        let AppError::RowsRejected(rows) = err else {
            panic!("{err:?}")
        };
        let named: Vec<(usize, &str)> = rows.iter().map(|r| (r.row, r.field.as_str())).collect();
        assert_eq!(
            named,
            vec![(3, "product"), (4, "price"), (5, "date")],
            "{backend:?}"
        );
        assert_eq!(e.db.count("SELECT COUNT(*) FROM price_reports").await, 0);
        assert_eq!(e.db.count("SELECT COUNT(*) FROM price_daily").await, 0);

        let good = vec![
            row("大白菜", "0.65", "1000", &today()),
            row("土豆", "1.10", "500", &today()),
        ];
        let receipt = e
            .app
            .report_prices(&e.clerk, e.market, &good, 1)
            .await
            .expect("reported");
        assert_eq!((receipt.accepted, receipt.late), (2, 0));
        // Per 斤 in, per kg stored: 0.65 元/斤 = 130 fen/kg.
        assert_eq!(
            e.db.count("SELECT price_fen FROM price_reports WHERE product = 'cabbage'")
                .await,
            130
        );
        let again = e.app.report_prices(&e.clerk, e.market, &good[..1], 1).await;
        assert!(
            matches!(again, Err(AppError::RowsRejected(ref r)) if r[0].row == 1),
            "{again:?}"
        );

        let not_clerk = e
            .app
            .report_prices(&e.clerk, e.other_market, &good, 1)
            .await;
        assert!(
            matches!(not_clerk, Err(AppError::Forbidden)),
            "{not_clerk:?}"
        );
    }
}

#[tokio::test]
async fn late_reports_and_missing_markets_are_flagged_from_the_clock() {
    for backend in backends() {
        let e = env(backend).await;
        let day = morning().date_naive();
        assert!(
            e.app
                .missing_price_reports(day)
                .await
                .expect("missing")
                .is_empty()
        );
        // 14:30 in Beijing.
        e.clock.advance(Duration::minutes(330));
        let r = e
            .app
            .report_prices(
                &e.clerk,
                e.market,
                &[row("大白菜", "0.65", "1000", &today())],
                1,
            )
            .await
            .expect("reported");
        assert_eq!(r.late, 1, "{backend:?}");
        assert_eq!(
            e.app.missing_price_reports(day).await.expect("missing"),
            vec![e.other_market]
        );
    }
}

#[tokio::test]
async fn series_from_aggregates_equal_series_recomputed_from_raw_reports() {
    for backend in backends() {
        let e = env(backend).await;
        e.clock.advance(Duration::days(60));
        let mut rows = Vec::new();
        let start = morning().date_naive() - Duration::days(40);
        for d in 0..60 {
            let day = (start + Duration::days(d)).to_string();
            rows.push(row(
                "大白菜",
                &format!("0.{}", 50 + d % 30),
                &format!("{}", 100 + d * 7),
                &day,
            ));
            rows.push(ReportInput {
                grade: "一级".into(),
                ..row("大白菜", "0.99", "3", &day)
            });
        }
        e.app
            .report_prices(&e.clerk, e.market, &rows, 2)
            .await
            .expect("reported");
        let from = start;
        let to = start + Duration::days(59);
        let kept =
            e.db.store
                .price_daily("cabbage", from, to)
                .await
                .expect("kept");
        let raw =
            e.db.store
                .price_daily_from_reports("cabbage", from, to)
                .await
                .expect("raw");
        assert_eq!(kept, raw, "{backend:?}");
        for g in [Granularity::Day, Granularity::Week, Granularity::Month] {
            let q = SeriesQuery {
                product: "cabbage".into(),
                from: from.to_string(),
                to: to.to_string(),
                granularity: format!("{g:?}").to_lowercase(),
                region: "west".into(),
                ..SeriesQuery::default()
            };
            let s = e.app.price_series(&q).await.expect("series");
            assert_eq!(s.points, series(&raw, g));
            assert!(!s.points.is_empty());
        }
        let index = e
            .app
            .price_index(&from.to_string(), &to.to_string())
            .await
            .expect("index");
        assert_eq!(index.first().map(|p| p.index_centi), Some(10_000));
        assert!(index.len() >= 2, "{index:?}");
        let too_long = SeriesQuery {
            product: "cabbage".into(),
            from: "2005-01-01".into(),
            to: to.to_string(),
            ..SeriesQuery::default()
        };
        assert!(matches!(
            e.app.price_series(&too_long).await,
            Err(AppError::Invalid(_))
        ));
    }
}

#[tokio::test]
async fn the_api_takes_a_batch_refuses_a_bad_row_with_400_and_serves_the_series_as_json_and_csv() {
    use gowest_domain::prices::ReportWindow;
    use serde_json::{Value, json};
    for backend in backends() {
        let t = gowest_testkit::spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let session = t.session("enterprise.demo", DEMO_PASSWORD).await;
        let org_id = session.actor.org_id();
        let token = t
            .app
            .create_api_token(&session, "价格报送", None)
            .await
            .expect("token")
            .1;
        let market = t
            .app
            .create_market(
                &operator(),
                &MarketInput {
                    name_zh: "重庆双福国际农贸城".into(),
                    province_code: "500000".into(),
                    org_id,
                    ..MarketInput::default()
                },
                false,
            )
            .await
            .expect("market")
            .id;
        let today = ReportWindow::today(Utc::now()).to_string();
        let url = format!("{}/api/v1/markets/{market}/prices", t.base_url);
        let post = |rows: Value| {
            t.client
                .post(url.clone())
                .bearer_auth(token.clone())
                .json(&json!({ "rows": rows }))
                .send()
        };
        let bad = post(json!([
            {"product": "pork", "price": "24.00", "volume": "100", "date": today},
            {"product": "pork", "price": "-1", "volume": "100", "date": today},
        ]))
        .await
        .expect("request");
        assert_eq!(bad.status().as_u16(), 400, "{backend:?}");
        let text = bad.text().await.expect("body");
        assert!(text.contains("rows.2.price"), "{text}");
        assert_eq!(t.db.count("SELECT COUNT(*) FROM price_reports").await, 0);

        let ok = post(json!([
            {"product": "pork", "unit": "斤", "price": "12.00", "volume": "100", "date": today},
        ]))
        .await
        .expect("request");
        assert_eq!(ok.status().as_u16(), 201);

        let series: Value = t
            .client
            .get(format!(
                "{}/api/v1/prices/series?product=猪肉&to={today}",
                t.base_url
            ))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        assert_eq!(series["points"][0]["price_fen"], 2_400, "{series}");
        let csv = t
            .client
            .get(format!(
                "{}/api/v1/prices/series.csv?product=pork&to={today}",
                t.base_url
            ))
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("csv");
        assert!(csv.contains(&format!("pork,{today},24.00,千克")), "{csv}");
        let too_long = t
            .client
            .get(format!(
                "{}/api/v1/prices/series?product=pork&from=2000-01-01",
                t.base_url
            ))
            .send()
            .await
            .expect("request");
        assert_eq!(too_long.status().as_u16(), 400);
        let page = t
            .client
            .get(format!("{}/prices?product=pork", t.base_url))
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("page");
        assert!(page.contains("猪肉（元/千克）"), "{page}");
        assert!(
            page.contains("\"prices\":[\"24.00\"]"),
            "the chart carries the series"
        );
    }
}

#[tokio::test]
async fn a_price_sheet_is_refused_naming_row_and_column_or_written_whole() {
    use gowest_app::prices_sheet::template_xlsx;
    for backend in backends() {
        let e = env(backend).await;
        let day = today();
        let bad = format!(
            "日期,产品,品种,等级,单位,价格（元）,交易量\n\
             {day},大白菜,,统货,千克,1.30,800\n\
             {day},土豆,,一级,千克,-2.10,300\n\
             {},芒果,,统货,千克,8.00,300\n",
            tomorrow()
        );
        let err = e
            .app
            .import_prices(&e.clerk, e.market, "prices.csv", bad.as_bytes())
            .await
            .expect_err("refused");
        let AppError::RowsRejected(rows) = err else {
            panic!("{err:?}")
        };
        let named: Vec<(usize, &str)> = rows.iter().map(|r| (r.row, r.column.as_str())).collect();
        assert_eq!(
            named,
            vec![(3, "F 价格（元）"), (4, "B 产品"), (4, "A 日期")],
            "{backend:?}"
        );
        assert_eq!(e.db.count("SELECT COUNT(*) FROM price_reports").await, 0);
        assert_eq!(e.db.count("SELECT COUNT(*) FROM price_daily").await, 0);

        // The downloadable template, filled as it comes, is one good report.
        let catalogue = e.app.price_catalogue();
        let template = template_xlsx(&catalogue, e.app.price_today()).expect("template");
        let receipt = e
            .app
            .import_prices(&e.clerk, e.market, "template.xlsx", &template)
            .await
            .expect("imported");
        assert_eq!(receipt.accepted, 1, "{backend:?}");
        let desk = e
            .app
            .reporting_desk(&e.clerk, e.market)
            .await
            .expect("desk");
        assert_eq!((desk.total, desk.reported_today), (1, true), "{backend:?}");
        assert_eq!(desk.recent[0].price_fen, 120, "{backend:?}");

        // Another market's desk and upload are not the clerk's.
        assert!(matches!(
            e.app.reporting_desk(&e.clerk, e.other_market).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            e.app
                .import_prices(&e.clerk, e.other_market, "template.xlsx", &template)
                .await,
            Err(AppError::Forbidden)
        ));
    }
}

#[tokio::test]
async fn a_large_batch_is_copied_whole_and_a_cached_series_sees_the_next_report() {
    for backend in backends() {
        let e = env(backend).await;
        let catalogue = e.app.price_catalogue();
        let last = morning().date_naive();
        // Over 5,000 rows: PostgreSQL takes them by COPY. A variety with a backslash checks
        // COPY's escaping.
        let mut rows = Vec::new();
        for d in 0..182 {
            let day = (last - Duration::days(d)).to_string();
            for (i, p) in catalogue.products.iter().enumerate() {
                rows.push(ReportInput {
                    product: p.code.clone(),
                    variety: if i == 0 {
                        "富士\\2号".into()
                    } else {
                        String::new()
                    },
                    price: format!("{}.{:02}", 1 + i, d % 100),
                    volume: "10".into(),
                    date: day.clone(),
                    ..ReportInput::default()
                });
            }
        }
        assert!(rows.len() > 5_000);
        let receipt = e
            .app
            .report_prices(&e.clerk, e.market, &rows, 1)
            .await
            .expect("reported");
        assert_eq!(receipt.accepted, rows.len(), "{backend:?}");
        assert_eq!(
            e.db.count("SELECT COUNT(*) FROM price_reports").await,
            rows.len() as i64
        );
        let from = last - Duration::days(181);
        for p in &catalogue.products {
            let kept =
                e.db.store
                    .price_daily(&p.code, from, last)
                    .await
                    .expect("kept");
            let raw =
                e.db.store
                    .price_daily_from_reports(&p.code, from, last)
                    .await
                    .expect("raw");
            assert_eq!(kept, raw, "{backend:?} {}", p.code);
            assert_eq!(kept.len(), 182, "{backend:?} {}", p.code);
        }
        let desk = e
            .app
            .reporting_desk(&e.clerk, e.market)
            .await
            .expect("desk");
        assert!(
            desk.recent.iter().any(|r| r.variety == "富士\\2号"),
            "{backend:?}: {:?}",
            desk.recent
        );

        // The series is answered from memory until a report is written, then read again.
        let q = SeriesQuery {
            product: "egg".into(),
            to: last.to_string(),
            ..SeriesQuery::default()
        };
        let before = e.app.price_series(&q).await.expect("series");
        let again = e.app.price_series(&q).await.expect("series");
        assert!(std::sync::Arc::ptr_eq(&before, &again), "{backend:?}");
        let mut late = row("鸡蛋", "20.00", "100", &last.to_string());
        late.grade = "一级".into();
        e.app
            .report_prices(&e.clerk, e.market, &[late], 1)
            .await
            .expect("reported");
        let after = e.app.price_series(&q).await.expect("series");
        let (b, a) = (
            before.points.last().expect("point"),
            after.points.last().expect("point"),
        );
        assert_eq!((b.reports, a.reports), (1, 2), "{backend:?}");
    }
}

/// The national series is summed per day in SQL, the aggregates are upserted (one UNNEST
/// statement on PostgreSQL, multi-row on SQLite) and SQLite's price tables are clustered on
/// their keys: over two provinces and a batch that adds to days already kept, the kept sums
/// still equal the raw reports', the national series equals the one drawn from the raw
/// reports, and a duplicate inside a later batch is refused by its row with nothing written.
#[tokio::test]
async fn a_national_series_summed_in_sql_equals_the_raw_reports_across_provinces_and_batches() {
    for backend in backends() {
        let e = env(backend).await;
        e.clock.advance(Duration::days(60));
        let org_id = e.clerk.actor.as_ref().and_then(|a| a.org_id());
        let gansu = e
            .app
            .create_market(
                &operator(),
                &MarketInput {
                    name_zh: "兰州大青山蔬菜瓜果批发市场".into(),
                    province_code: "620000".into(),
                    org_id,
                    ..MarketInput::default()
                },
                false,
            )
            .await
            .expect("market")
            .id;
        let start = morning().date_naive() - Duration::days(40);
        let days = |from: i64, to: i64, variety: &str, price: i64| -> Vec<ReportInput> {
            (from..to)
                .map(|d| ReportInput {
                    variety: variety.into(),
                    ..row(
                        "大白菜",
                        &format!("0.{}", price + d % 37),
                        &format!("{}", 3 + d * 11 % 97),
                        &(start + Duration::days(d)).to_string(),
                    )
                })
                .collect()
        };
        for (market, batch) in [
            (e.market, days(0, 50, "", 40)),
            (gansu, days(10, 60, "", 55)),
            // Adds to sums already kept for Sichuan.
            (e.market, days(5, 45, "黄芽白", 61)),
        ] {
            e.app
                .report_prices(&e.clerk, market, &batch, 1)
                .await
                .expect("reported");
        }
        let reports = e.db.count("SELECT COUNT(*) FROM price_reports").await;
        let sums =
            e.db.count("SELECT CAST(SUM(reports) AS BIGINT) FROM price_daily")
                .await;
        assert_eq!((reports, sums), (140, 140), "{backend:?}");
        let mut twice = days(60, 63, "", 45);
        twice.push(twice[1].clone());
        let err = e
            .app
            .report_prices(&e.clerk, gansu, &twice, 2)
            .await
            .expect_err("duplicate");
        assert!(
            matches!(err, AppError::RowsRejected(ref r) if r.len() == 1 && r[0].row == 5),
            "{backend:?}: {err:?}"
        );
        assert_eq!(e.db.count("SELECT COUNT(*) FROM price_reports").await, 140);
        assert_eq!(
            e.db.count("SELECT CAST(SUM(reports) AS BIGINT) FROM price_daily")
                .await,
            140
        );

        let (from, to) = (start, start + Duration::days(59));
        let raw =
            e.db.store
                .price_daily_from_reports("cabbage", from, to)
                .await
                .expect("raw");
        let kept =
            e.db.store
                .price_daily("cabbage", from, to)
                .await
                .expect("kept");
        assert_eq!(kept, raw, "{backend:?}");
        assert_eq!(kept.len(), 50 + 50, "{backend:?}");
        let national =
            e.db.store
                .price_daily_national("cabbage", from, to)
                .await
                .expect("national");
        assert_eq!(national.len(), 60, "{backend:?}");
        for g in [Granularity::Day, Granularity::Week, Granularity::Month] {
            let q = SeriesQuery {
                product: "cabbage".into(),
                from: from.to_string(),
                to: to.to_string(),
                granularity: format!("{g:?}").to_lowercase(),
                ..SeriesQuery::default()
            };
            let s = e.app.price_series_uncached(&q).await.expect("series");
            assert_eq!(s.points, series(&raw, g), "{backend:?} {g:?}");
            assert_eq!(series(&national, g), series(&raw, g), "{backend:?} {g:?}");
        }
    }
}

#[tokio::test]
async fn a_markets_series_is_its_own_reports_and_unknown_filters_are_named() {
    for backend in backends() {
        let e = env(backend).await;
        let org_id = e.clerk.actor.as_ref().and_then(|a| a.org_id());
        let wuhan = e
            .app
            .create_market(
                &operator(),
                &MarketInput {
                    name_zh: "武汉四季美农贸批发市场".into(),
                    province_code: "420000".into(),
                    org_id,
                    ..MarketInput::default()
                },
                false,
            )
            .await
            .expect("market")
            .id;
        let day = today();
        // 0.80 元/斤 is 160 fen/kg in Chengdu, 0.50 元/斤 is 100 fen/kg in Wuhan.
        for (market, price) in [(e.market, "0.80"), (wuhan, "0.50")] {
            e.app
                .report_prices(&e.clerk, market, &[row("大白菜", price, "100", &day)], 1)
                .await
                .expect("reported");
        }
        let series = |market: String, province_code: &str| SeriesQuery {
            product: "cabbage".into(),
            from: day.clone(),
            to: day.clone(),
            market,
            province_code: province_code.into(),
            ..SeriesQuery::default()
        };
        let price = |s: &gowest_app::prices::PriceSeries| {
            s.points.iter().map(|p| p.price_fen).collect::<Vec<_>>()
        };
        let own = e
            .app
            .price_series(&series(wuhan.to_string(), ""))
            .await
            .expect("series");
        assert_eq!(price(&own), vec![100], "{backend:?}");
        let chengdu = e
            .app
            .price_series(&series(e.market.to_string(), ""))
            .await
            .expect("series");
        assert_eq!(price(&chengdu), vec![160], "{backend:?}");
        let nation = e
            .app
            .price_series(&series(String::new(), ""))
            .await
            .expect("series");
        assert_eq!(
            price(&nation),
            vec![130],
            "{backend:?}: equal volumes, the mean"
        );
        let hubei = e
            .app
            .price_series(&series(String::new(), "420000"))
            .await
            .expect("series");
        assert_eq!(price(&hubei), vec![100], "{backend:?}");

        for (market, province, field) in [
            ("999999".to_owned(), "", "market"),
            ("x".to_owned(), "", "market"),
            (String::new(), "abc", "province_code"),
            (String::new(), "990000", "province_code"),
        ] {
            match e.app.price_series(&series(market.clone(), province)).await {
                Err(AppError::Invalid(v)) => {
                    assert_eq!(v.0[0].field, field, "{backend:?}: {market} {province}");
                }
                other => panic!("{backend:?}: {market} {province}: {other:?}"),
            }
        }
    }
}
