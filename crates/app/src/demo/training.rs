//! Demo technician training for `serve --demo`: this year's notice target allocated to every
//! central and western zone, a plan in each review state (Chengdu's returned, Wuhan's waiting
//! for its province, so the demo accounts have something to do), and a few thousand trainees
//! over the months so far in twelve zones, every third certified.

use crate::audit::Context;
use crate::write::{Operator, Record};
use crate::{App, AppError};
use chrono::{Datelike, NaiveDate};
use gowest_domain::change::Entity;
use gowest_domain::ids::ResidentId;
use gowest_domain::region::Region;
use gowest_domain::training::managers::MANAGER_TOPICS;
use gowest_domain::training::{self, NationalTarget, OCCUPATIONS, PlanStatus, QuotaLine};
use gowest_store::training::{NewCourse, NewTrainee, StoredPlan, TraineeFilter};
use gowest_store::training_classes::{NewClass, StoredDemand};

const ZONES_WITH_TRAINEES: usize = 12;
const TRAINEES_PER_ZONE: u32 = 250;

/// A valid 身份证号 of the demo series: the zone's province, born in the 1990s (the browser
/// tests use other years, so their rosters never collide with the demo's).
fn demo_id(province_code: &str, n: u32) -> Option<ResidentId> {
    let born = NaiveDate::from_ymd_opt(1990, 1, 1)? + chrono::Days::new(u64::from(n / 100));
    let body = format!(
        "{}0100{}{:03}",
        province_code.get(..2)?,
        born.format("%Y%m%d"),
        n % 100
    );
    let sum: u32 = body
        .bytes()
        .zip([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    ResidentId::parse(&format!(
        "{body}{}",
        b"10X98765432"[(sum % 11) as usize] as char
    ))
    .ok()
}

impl App {
    /// Seeds the demo training programme; returns the trainees written, 0 when any exist.
    pub async fn seed_demo_training(&self, op: &Operator) -> Result<usize, AppError> {
        let (_, existing) = self.store.trainees(&TraineeFilter::All, 1, 0).await?;
        if existing > 0 {
            return Ok(0);
        }
        let now = self.clock.now();
        let year = self.training_year();
        let directory = self.directory();
        let mut zones: Vec<_> = directory
            .zones
            .iter()
            .map(|l| &l.zone)
            .filter(|z| matches!(z.region, Region::Central | Region::West))
            .collect();
        // The demo accounts' zones first, so they have plans and trainees to look at.
        zones.sort_by_key(|z| {
            (
                !matches!(
                    z.fields.name_zh.as_str(),
                    "成都经济技术开发区" | "武汉经济技术开发区"
                ),
                z.fields.name_zh != "成都经济技术开发区",
                z.id,
            )
        });

        // The notice's target, split evenly over each region's zones.
        let target = NationalTarget::notice_default(year);
        let mut lines = Vec::new();
        for region in [Region::Central, Region::West] {
            let of: Vec<_> = zones.iter().filter(|z| z.region == region).collect();
            let whole = target.for_region(region).unwrap_or(0);
            let share = whole / u32::try_from(of.len().max(1)).unwrap_or(1);
            lines.extend(of.iter().map(|z| QuotaLine {
                zone_id: z.id,
                region,
                quota: share,
            }));
        }
        training::check_allocation(&target, &lines)?;

        let key = self.resident_id_key();
        let months = now.month().saturating_sub(1).max(1);
        let mut tx = self.write(op, &Context::system("demo")).await?;
        tx.set_training_target(year, target.central.into(), target.west.into(), now)
            .await?;
        let quotas: Vec<(i64, i64)> = lines
            .iter()
            .map(|l| (l.zone_id, i64::from(l.quota)))
            .collect();
        tx.set_training_quotas(year, &quotas).await?;

        let states = [
            (PlanStatus::Returned, "请补充培训机构资质证明"),
            (PlanStatus::Submitted, ""),
            (PlanStatus::ProvinceApproved, ""),
            (PlanStatus::Approved, ""),
            (PlanStatus::Draft, ""),
            (PlanStatus::Approved, ""),
        ];
        for (zone, (status, reason)) in zones.iter().zip(states) {
            let plan = StoredPlan {
                id: 0,
                zone_id: zone.id,
                year: year.into(),
                lines: serde_json::json!([
                    {"occupation": OCCUPATIONS[0].code, "number": 300},
                    {"occupation": OCCUPATIONS[3].code, "number": 200},
                ])
                .to_string(),
                institution: format!("{}职业技能培训中心", zone.province_name_zh),
                starts_on: NaiveDate::from_ymd_opt(year, 3, 1).unwrap_or_default(),
                ends_on: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
                budget_fen: 150_000_000,
                status: status.code().to_owned(),
                reason: (!reason.is_empty()).then(|| reason.to_owned()),
            };
            tx.save_training_plan(&plan, now).await?;
        }

        let mut written = 0;
        let mut n = 0;
        for zone in zones.iter().take(ZONES_WITH_TRAINEES) {
            let mut batch = Vec::new();
            for k in 0..TRAINEES_PER_ZONE {
                n += 1;
                let Some(id) = demo_id(zone.fields.province_code.as_str(), n) else {
                    continue;
                };
                let certified = k % 3 == 0;
                let occupation = &OCCUPATIONS[(k as usize) % OCCUPATIONS.len()];
                let completed_on =
                    NaiveDate::from_ymd_opt(year, k % months + 1, 10).unwrap_or_default();
                batch.push(NewTrainee {
                    name: format!("学员{n:05}"),
                    id_digest: training::id_digest(&key, &id).0,
                    id_masked: id.masked(),
                    occupation: occupation.code.to_owned(),
                    course: format!("{}培训班", occupation.name_zh),
                    completed_on,
                    exam_result: if certified { "passed" } else { "pending" }.to_owned(),
                    certificate_no: certified.then(|| format!("DEMO{year}{n:06}")),
                    certificate_level: certified.then(|| "intermediate".to_owned()),
                });
            }
            tx.insert_trainees(zone.id, &batch, now, &|_| {}).await?;
            written += batch.len();
        }
        // Manager training: 苏州工业园区 hosts two courses; Chengdu and Wuhan send managers.
        let by_name = |name: &str| {
            directory
                .zones
                .iter()
                .find(|l| l.zone.fields.name_zh == name)
                .map(|l| l.zone.id)
        };
        if let (Some(host), Some(chengdu), Some(wuhan)) = (
            by_name("苏州工业园区"),
            by_name("成都经济技术开发区"),
            by_name("武汉经济技术开发区"),
        ) {
            let courses = [
                (
                    MANAGER_TOPICS[3].code,
                    "开发区招商引资实务研修班",
                    3,
                    40,
                    12_000_000,
                ),
                (
                    MANAGER_TOPICS[6].code,
                    "园区节能降耗与循环经济",
                    9,
                    30,
                    8_000_000,
                ),
            ];
            for (k, (topic, title, month, seats, funding)) in courses.into_iter().enumerate() {
                let starts_on = NaiveDate::from_ymd_opt(year, month, 10).unwrap_or_default();
                let id = tx
                    .insert_manager_course(
                        &NewCourse {
                            host_zone_id: host,
                            topic,
                            title,
                            starts_on,
                            ends_on: starts_on + chrono::Days::new(4),
                            seats,
                            funding_fen: funding,
                        },
                        now,
                    )
                    .await?;
                for (zone, name, position) in [
                    (chengdu, "王志远", "招商局副局长"),
                    (wuhan, "李明", "经济发展局科长"),
                ] {
                    let e = tx
                        .insert_manager_enrolment(id, zone, name, position, now)
                        .await?;
                    if k == 0 {
                        tx.record_manager_attendance(e, 5, true).await?;
                    }
                }
            }
            // Ministry classes (3.3): this year's survey answered by both zones, a class on
            // land planning planned from it, both zones' managers enrolled, one completed.
            let survey = tx.insert_class_survey(year.into(), now).await?;
            for (zone, topic, people, months) in [
                (chengdu, MANAGER_TOPICS[4].code, 12, "5,6"),
                (wuhan, MANAGER_TOPICS[4].code, 8, "6"),
                (wuhan, MANAGER_TOPICS[7].code, 5, "10"),
            ] {
                let demand = StoredDemand {
                    survey_id: survey,
                    zone_id: zone,
                    topic: topic.to_owned(),
                    people,
                    months: months.to_owned(),
                };
                tx.upsert_class_demand(&demand, now).await?;
            }
            let starts_on = NaiveDate::from_ymd_opt(year, 6, 4).unwrap_or_default();
            let class = tx
                .insert_ministry_class(
                    &NewClass {
                        survey_id: survey,
                        topic: MANAGER_TOPICS[4].code,
                        title: "中西部开发区土地规划培训班",
                        starts_on,
                        ends_on: starts_on + chrono::Days::new(4),
                        place: "北京",
                        seats: 20,
                    },
                    &[chengdu, wuhan],
                    now,
                )
                .await?;
            for (k, (zone, name, position)) in [
                (chengdu, "赵建国", "规划建设局局长"),
                (wuhan, "周丽", "国土分局副局长"),
            ]
            .into_iter()
            .enumerate()
            {
                let e = tx
                    .insert_class_enrolment(class, zone, name, position, now)
                    .await?;
                if k == 0 {
                    tx.record_class_completion(e, true).await?;
                }
            }
        }
        tx.finish(Record::new("demo.seed", Entity::Trainee, None))
            .await?;
        Ok(written)
    }
}
