//! Demo pipelines for `serve --demo`: a few hundred records over central and western zones
//! in every stage, built through the domain's own moves so every rule holds, with signings
//! at 中博会 events (some at two), funds with and without evidence, problems routed to the
//! demo province and ministry organisations, and a few likely duplicates flagged.

use crate::audit::Context;
use crate::demo::pick;
use crate::write::{Operator, Record};
use crate::{App, AppError};
use chrono::{Duration, NaiveDate};
use gowest_domain::change::Entity;
use gowest_domain::industry::IndustryCode;
use gowest_domain::money::Fen;
use gowest_domain::org::OrgPlace;
use gowest_domain::pipeline::{
    DuplicateKey, Evidence, FundsEntry, FundsKind, FundsSource, InvestorOrigin, PipelineKind,
    PipelineRecord, PromotionEvent, Signing, Stage, Step,
};
use gowest_domain::region::{ProvinceCode, Region};
use gowest_store::attachments::NewAttachment;
use sha2::{Digest, Sha256};

const EVENTS: [(&str, &str, (i32, u32, u32)); 4] = [
    ("第一届中国中部投资贸易博览会", "长沙市", (2006, 9, 26)),
    ("第二届中国中部投资贸易博览会", "郑州市", (2007, 4, 26)),
    (
        "第十二届中国东西部合作与投资贸易洽谈会",
        "西安市",
        (2008, 4, 6),
    ),
    ("第三届中国中部投资贸易博览会", "武汉市", (2008, 4, 18)),
];

const INVESTORS: [(&str, &str); 10] = [
    ("深圳市华强电子有限公司", "440000"),
    ("东莞市裕元鞋业有限公司", "440000"),
    ("苏州市恒通精密机械有限公司", "320000"),
    ("宁波市雅戈纺织服装有限公司", "330000"),
    ("上海市联合汽车零部件有限公司", "310000"),
    ("厦门市宏发电声股份有限公司", "350000"),
    ("香港德昌电机控股有限公司", "境外:香港"),
    ("台湾富群精密工业股份有限公司", "境外:台湾"),
    ("日本松下电器产业株式会社", "境外:日本"),
    ("温州市正泰电器有限公司", "330000"),
];

const PRODUCTS: [(&str, &str); 10] = [
    ("笔记本电脑整机生产基地", "39"),
    ("运动鞋加工", "19"),
    ("精密模具制造", "35"),
    ("服装加工出口基地", "18"),
    ("汽车零部件生产", "36"),
    ("继电器生产线", "38"),
    ("微电机生产基地", "38"),
    ("液晶显示模组", "39"),
    ("塑料制品加工", "29"),
    ("低压电器生产", "38"),
];

fn day((y, m, d): (i32, u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn origin(raw: &str) -> Option<InvestorOrigin> {
    match raw.strip_prefix("境外:") {
        Some(country) => Some(InvestorOrigin::Abroad {
            country: country.to_owned(),
        }),
        None => {
            ProvinceCode::parse(raw).map(|province_code| InvestorOrigin::Province { province_code })
        }
    }
}

/// One demo record with the organisation its problem (if any) goes to.
struct Demo {
    record: PipelineRecord,
    origin: InvestorOrigin,
    industry: IndustryCode,
}

fn step(to: Stage, on: NaiveDate, amount: Option<Fen>, event: Option<i64>) -> Step {
    Step {
        to,
        on,
        contract_amount: amount,
        event_id: event,
        reason: (to == Stage::Dropped).then(|| "投资方调整投资计划，项目终止".to_owned()),
    }
}

/// Builds record `n` of a zone through the domain's moves; `None` if a move is refused,
/// which a demo record then simply stops before.
fn build(n: i64, zone_id: i64, events: &[i64], problem_org: i64, today: NaiveDate) -> Option<Demo> {
    let (investor, from) = INVESTORS[pick(n, 11, 0, 9) as usize];
    let (product, industry) = PRODUCTS[pick(n, 12, 0, 9) as usize];
    let kind = if pick(n, 13, 0, 9) == 0 {
        PipelineKind::CapitalIncrease {
            base_amount: Fen(pick(n, 14, 1_000, 5_000) * 1_000_000),
        }
    } else {
        PipelineKind::New
    };
    let mut r =
        PipelineRecord::new(0, zone_id, &format!("{product}项目"), investor, None, kind).ok()?;
    // 在谈 20%, 签约 20%, 落地 15%, 开工 15%, 投产 20%, 终止 10%.
    let target = match pick(n, 15, 0, 19) {
        0..=3 => Stage::Negotiating,
        4..=7 => Stage::Signed,
        8..=10 => Stage::Landed,
        11..=13 => Stage::Started,
        14..=17 => Stage::Producing,
        _ => Stage::Dropped,
    };
    let base = day((2006, 6, 1))?;
    let mut on = base + Duration::days(pick(n, 16, 0, 900));
    let event =
        (pick(n, 17, 0, 9) < 6).then(|| events[pick(n, 18, 0, events.len() as i64 - 1) as usize]);
    if target != Stage::Negotiating {
        let base_fen = match kind {
            PipelineKind::CapitalIncrease { base_amount } => base_amount.0,
            PipelineKind::New => 0,
        };
        let amount = Fen(base_fen + pick(n, 19, 50, 2_000) * 1_000_000);
        r = r
            .advance(
                &step(Stage::Signed, on.min(today), Some(amount), event),
                today,
            )
            .ok()?;
        if event.is_some() && pick(n, 20, 0, 4) == 0 {
            // Signed again at a later event: 一炮数响, counted once.
            let later = events[(pick(n, 21, 0, events.len() as i64 - 1)) as usize];
            if Some(later) != event {
                let again = Signing {
                    event_id: Some(later),
                    signed_on: (on + Duration::days(200)).min(today),
                };
                r = r.add_signing(again, today).unwrap_or(r);
            }
        }
    }
    for stage in [Stage::Landed, Stage::Started, Stage::Producing] {
        if target.progress() >= stage.progress() && target != Stage::Dropped {
            on += Duration::days(pick(n, 22 + stage.progress().unwrap_or(0) as u64, 30, 200));
            r = r
                .advance(&step(stage, on.min(today), None, None), today)
                .ok()?;
        }
    }
    if target == Stage::Dropped {
        r = r
            .advance(
                &step(
                    Stage::Dropped,
                    (on + Duration::days(90)).min(today),
                    None,
                    None,
                ),
                today,
            )
            .ok()?;
    }
    if let Some(signed) = r
        .state
        .dates
        .signed_on
        .filter(|_| r.state.stage.progress() >= Stage::Landed.progress())
    {
        for k in 0..pick(n, 30, 1, 3) {
            let entry = FundsEntry {
                received_on: (signed + Duration::days(30 * (k + 1))).min(today),
                source: FundsSource::ALL[pick(n, 31 + k as u64, 0, 3) as usize],
                kind: FundsKind::ALL[pick(n, 35 + k as u64, 0, 1) as usize],
                amount: Fen(pick(n, 38 + k as u64, 5, 300) * 1_000_000),
                evidence: None,
            };
            r = r.add_funds(entry, today).ok()?;
        }
        if r.state.stage == Stage::Producing {
            r.jobs_created = u32::try_from(pick(n, 41, 100, 3_000)).ok()?;
        }
    }
    if pick(n, 42, 0, 6) == 0 && !r.state.stage.is_terminal() {
        let raised = r.state.dates.latest().unwrap_or(base).min(today);
        r = r
            .raise_problem(
                "厂区道路及供电配套未按期完成，影响项目进度",
                problem_org,
                raised,
                today,
            )
            .ok()?;
    }
    Some(Demo {
        record: r,
        origin: origin(from)?,
        industry: IndustryCode::parse(industry)?,
    })
}

impl App {
    /// Seeds the demo pipelines once; returns how many records were made.
    pub async fn seed_demo_pipeline(&self, op: &Operator) -> Result<usize, AppError> {
        if self.store.pipeline_row_counts().await?[0] > 0 {
            return Ok(0);
        }
        let now = self.clock.now();
        let today = self.today_in_china();
        let directory = self.directory();
        let orgs = self.store.organisations().await?;
        let ministry = orgs
            .iter()
            .find(|o| o.place == OrgPlace::Ministry)
            .map(|o| o.id);
        let mut tx = self.write(op, &Context::system("demo")).await?;
        let mut events = Vec::new();
        for (name, city, starts) in EVENTS {
            let Some(starts_on) = day(starts) else {
                continue;
            };
            let event = PromotionEvent {
                id: 0,
                name_zh: name.into(),
                city_zh: Some(city.into()),
                starts_on,
                ends_on: starts_on + Duration::days(3),
                organiser_org_id: ministry,
            };
            events.push(tx.insert_promotion_event(&event, true, now).await?);
        }
        let mut made: Vec<(i64, PipelineRecord)> = Vec::new();
        let zones = directory
            .zones
            .iter()
            .map(|l| &l.zone)
            .filter(|z| matches!(z.region, Region::Central | Region::West));
        for zone in zones {
            let province_org = orgs.iter().find(|o| matches!(&o.place, OrgPlace::Province { province_code } if *province_code == zone.fields.province_code)).map(|o| o.id);
            let Some(problem_org) = province_org.or(ministry) else {
                continue;
            };
            for k in 0..pick(zone.id, 10, 1, 3) {
                let n = zone.id * 10 + k;
                let Some(demo) = build(n, zone.id, &events, problem_org, today) else {
                    continue;
                };
                let id = tx
                    .insert_pipeline_record(&demo.record, &demo.origin, &demo.industry, true, now)
                    .await?;
                let mut record = PipelineRecord { id, ..demo.record };
                for (i, funds) in record.funds.iter_mut().enumerate() {
                    // Two entries in three carry a (demo) bank slip; the rest await evidence.
                    let attachment = if (n + i as i64) % 3 != 0 {
                        let content = format!("%PDF-1.4\n% 演示证明材料 demo evidence {id}-{i}\n")
                            .into_bytes();
                        let sha256 = hex::encode(Sha256::digest(&content));
                        let file_name = format!("银行进账单-{id}-{}.pdf", i + 1);
                        let new = NewAttachment {
                            sha256: &sha256,
                            file_name: &file_name,
                            media_type: "application/pdf",
                            content: &content,
                            uploaded_by: None,
                        };
                        funds.evidence = Some(Evidence {
                            file_name: file_name.clone(),
                            sha256: sha256.clone(),
                            bytes: content.len() as u64,
                        });
                        Some(tx.insert_attachment(new, now).await?)
                    } else {
                        None
                    };
                    tx.insert_pipeline_funds(id, funds, attachment, now).await?;
                }
                for problem in &record.problems {
                    tx.insert_pipeline_problem(id, problem, None).await?;
                }
                // Screen against the records made before, as entering them one by one would.
                let keys: Vec<DuplicateKey> = made.iter().map(|(_, r)| r.duplicate_key()).collect();
                record = record.screen(&keys);
                tx.update_pipeline_record(&record, now).await?;
                made.push((id, record));
            }
        }
        let duplicates = self
            .seed_demo_duplicates(&mut tx, &made, &events, now, today)
            .await?;
        tx.finish(
            Record::new("demo.pipeline", Entity::PipelineRecord, None)
                .after(&serde_json::json!({
                    "records": made.len(),
                    "likely_duplicates": duplicates,
                }))
                .also(Entity::PromotionEvent, None),
        )
        .await?;
        Ok(made.len() + duplicates)
    }

    /// A few projects entered again by another zone at another event, under a slightly
    /// different name: screening flags each one for review.
    async fn seed_demo_duplicates(
        &self,
        tx: &mut gowest_store::Tx,
        made: &[(i64, PipelineRecord)],
        events: &[i64],
        now: chrono::DateTime<chrono::Utc>,
        today: NaiveDate,
    ) -> Result<usize, AppError> {
        let keys: Vec<DuplicateKey> = made.iter().map(|(_, r)| r.duplicate_key()).collect();
        let mut count = 0;
        let originals = made
            .iter()
            .filter(|(_, r)| r.credited_signing().and_then(|s| s.event_id).is_some())
            .step_by(25)
            .take(6);
        for (_, original) in originals {
            let Some(other_zone) = made
                .iter()
                .map(|(_, r)| r.zone_id)
                .find(|z| *z != original.zone_id)
            else {
                continue;
            };
            let first_event = original.credited_signing().and_then(|s| s.event_id);
            let Some(event) = events.iter().copied().find(|e| Some(*e) != first_event) else {
                continue;
            };
            let Some(signed) = original.state.dates.signed_on else {
                continue;
            };
            let Ok(copy) = PipelineRecord::new(
                0,
                other_zone,
                &format!("{}（一期）", original.project_name),
                &original.investor_name,
                None,
                original.state.kind,
            ) else {
                continue;
            };
            let amount = original.state.contract_amount;
            let Ok(copy) = copy.advance(
                &step(
                    Stage::Signed,
                    (signed + Duration::days(30)).min(today),
                    amount,
                    Some(event),
                ),
                today,
            ) else {
                continue;
            };
            let origin = InvestorOrigin::Province {
                province_code: ProvinceCode::parse("440000")
                    .ok_or(AppError::NotFound { entity: "province" })?,
            };
            let industry =
                IndustryCode::parse("39").ok_or(AppError::NotFound { entity: "industry" })?;
            let id = tx
                .insert_pipeline_record(&copy, &origin, &industry, true, now)
                .await?;
            let screened = PipelineRecord { id, ..copy }.screen(&keys);
            tx.update_pipeline_record(&screened, now).await?;
            count += 1;
        }
        Ok(count)
    }
}
