//! Trainee skills as matching supply, on every backend: importing a roster with certified
//! technicians raises the zone's labour-availability factor for relocating enterprises whose
//! industry employs their trade, and the reason names them; other trades do not count.

use gowest_app::audit::Context;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_app::zones::NoProgress;
use gowest_domain::location_query::LocationQueryInput;
use gowest_domain::matching::Factor;
use gowest_testkit::{backends, operator, spawn_app};

/// The `n`th valid 身份证号 of a Chengdu series born on 1 January 1970 + n / 1000.
fn resident_id(n: u32) -> String {
    let body = format!("510100{}0101{:03}", 1970 + n / 1000, n % 1000);
    let sum: u32 = body
        .bytes()
        .zip([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

#[tokio::test]
async fn registering_certified_trainees_raises_a_zones_labour_availability() {
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("demo accounts");
        let chengdu = t
            .app
            .directory()
            .zones
            .iter()
            .find(|l| l.zone.fields.name_zh == "成都经济技术开发区")
            .map(|l| l.zone.id)
            .expect("Chengdu");
        let question = LocationQueryInput {
            industry: "39".into(),
            workforce: "100".into(),
            weight_labour_availability: "100".into(),
            ports: vec!["上海港".into()],
            ..LocationQueryInput::default()
        };
        let query = question
            .validate(&t.app.directory().catalog)
            .expect("query");
        let labour = |app: &gowest_app::App| {
            let m = app.zone_fit(chengdu, &query).expect("a candidate");
            let raw = m
                .factors
                .iter()
                .find(|f| f.factor == Factor::LabourAvailability)
                .and_then(|f| f.raw);
            (raw, m.reason_zh)
        };
        let (before, reason) = labour(&t.app);
        assert!(!reason.contains("持证技工"), "{reason}");

        let mut csv = String::from(
            "姓名,身份证号,职业（工种）,培训课程,结业日期,考核结果,证书编号,证书等级\n",
        );
        // Ten certified electronics assemblers (electronics, division 39, employs them), ten
        // certified spinners (it does not) and ten trainees without a certificate.
        for i in 0..30 {
            csv += &match i % 3 {
                0 => format!(
                    "学员{i},{},电子设备装接工,装接工中级班,2007-05-15,合格,Z{i:08},四级\n",
                    resident_id(i)
                ),
                1 => format!(
                    "学员{i},{},纺织纺纱工,纺纱工中级班,2007-05-15,合格,Z{i:08},四级\n",
                    resident_id(i)
                ),
                _ => format!("学员{i},{},车工,车工初级班,2007-05-15,,,\n", resident_id(i)),
            };
        }
        let session = t
            .app
            .login("chengdu.admin", DEMO_PASSWORD, None)
            .await
            .expect("login");
        let ctx = Context::user(session.actor, None);
        t.app
            .import_roster(&ctx, chengdu, "r.csv", csv.as_bytes(), &NoProgress)
            .await
            .expect("import");

        let (after, reason) = labour(&t.app);
        assert!(after > before, "{before:?} → {after:?}");
        assert!(reason.contains("已培训对口持证技工 10 名"), "{reason}");
        assert_eq!(
            t.db.count(
                "SELECT CAST(COALESCE(SUM(certified), 0) AS BIGINT) FROM training_certified \
                 WHERE occupation IN ('6-08-04-02', '6-13-01-01')"
            )
            .await,
            20,
            "{backend}: the figures keep every certified trade"
        );
    }
}
