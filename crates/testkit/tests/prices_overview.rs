//! The market overview on every backend, from the demo's years of prices: the demo's pork
//! surge is the only warning (the vegetables' seasonal swing repeats every year and scores as
//! normal), the index starts at 100.00 a year ago, the overview is served from memory until a
//! report is written, and it names the latest whole month, not the month under way.

use chrono::{Datelike, Duration, Utc};
use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_domain::prices::ReportInput;
use gowest_domain::prices::anomaly::Level;
use gowest_testkit::{ManualClock, backends, operator, start_app_with_clock};
use std::sync::Arc;

#[tokio::test]
async fn the_demo_surge_is_the_only_warning_and_the_overview_follows_new_reports() {
    for backend in backends() {
        let (app, _db) = start_app_with_clock(backend, ManualClock::new(Utc::now())).await;
        app.seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        assert!(
            app.seed_demo_prices(&operator())
                .await
                .expect("demo prices")
                > 300_000
        );
        let today = app.price_today();
        let this_month = today.with_day(1).expect("first");

        let overview = app.price_overview().await.expect("overview");
        let abnormal: Vec<&str> = overview
            .warnings
            .iter()
            .filter(|w| w.level == Level::Abnormal)
            .map(|w| w.product.as_str())
            .collect();
        assert_eq!(abnormal, vec!["pork"], "{backend}");
        assert_eq!(
            overview.warnings[0].product, "pork",
            "{backend}: worst first"
        );
        let cabbage = overview
            .warnings
            .iter()
            .find(|w| w.product == "cabbage")
            .expect("cabbage is scored");
        assert_eq!(cabbage.level, Level::Normal, "{backend}: {}", cabbage.ipa);
        assert!(
            overview.warnings.iter().all(|w| w.month < this_month),
            "{backend}: only whole months"
        );
        assert_eq!(overview.index.len(), 12, "{backend}");
        assert_eq!(overview.index[0].index_centi, 10_000, "{backend}");

        // Served from memory until something is reported.
        let again = app.price_overview().await.expect("overview");
        assert!(Arc::ptr_eq(&overview, &again), "{backend}");
        let session = app
            .login("enterprise.demo", DEMO_PASSWORD, None)
            .await
            .expect("login");
        let clerk = Context::user(session.actor, None);
        let market = app.my_markets(&clerk).await.expect("markets")[0].id;
        let day = (today - Duration::days(1)).to_string();
        app.report_prices(
            &clerk,
            market,
            &[ReportInput {
                product: "大白菜".into(),
                variety: "北京新三号".into(),
                date: day,
                price: "1.20".into(),
                unit: "千克".into(),
                volume: "800".into(),
                ..ReportInput::default()
            }],
            1,
        )
        .await
        .expect("reported");
        app.refresh_if_changed().await.expect("refresh");
        let after = app.price_overview().await.expect("overview");
        assert!(!Arc::ptr_eq(&overview, &after), "{backend}: recomputed");
        assert_eq!(after.warnings[0].product, "pork", "{backend}");
    }
}
