//! Demo cooperation for `serve --demo`: east–west agreements between the demo zones with
//! milestones (some done, some overdue, some ahead), demo pipeline projects credited to
//! them, and a co-built park with a few years of its sharing ledger.

use crate::audit::Context;
use crate::write::{Operator, Record};
use crate::{App, AppError};
use chrono::NaiveDate;
use gowest_domain::change::Entity;
use gowest_domain::cooperation::{
    Agreement, AgreementKind, CoBuiltPark, ManagementModel, Milestone, MilestoneStatus, Party,
    SharingKind,
};
use gowest_domain::money::Fen;
use gowest_domain::org::OrgPlace;
use gowest_domain::region::Region;
use gowest_store::pipeline::RecordSet;

/// A demo milestone: title, due date, and the day it was done if it was.
type DemoMilestone = (&'static str, (i32, u32, u32), Option<(i32, u32, u32)>);

struct DemoAgreement {
    kind: AgreementKind,
    title: &'static str,
    lead: &'static str,
    partner: &'static str,
    signed: (i32, u32, u32),
    content: &'static str,
    targets: (u32, i64, u32),
    support: Option<&'static str>,
    milestones: &'static [DemoMilestone],
}

const AGREEMENTS: [DemoAgreement; 3] = [
    DemoAgreement {
        kind: AgreementKind::IndustrialTransfer,
        title: "苏州工业园区—成都经济技术开发区产业转移合作协议",
        lead: "苏州工业园区",
        partner: "成都经济技术开发区",
        signed: (2007, 4, 26),
        content: "双方共建产业转移合作园区，苏州方引导电子信息、精密机械企业向成都转移，成都方保障用地和用工。",
        targets: (30, 3_000_000_000, 12_000),
        support: Some(
            "商务部将合作园区基础设施项目纳入中西部国家级开发区基础设施贷款贴息支持范围。",
        ),
        milestones: &[
            ("合作园区规划编制完成", (2007, 9, 30), Some((2007, 9, 20))),
            ("首批10家转移企业签约", (2008, 6, 30), None),
            (
                "合作园区起步区基础设施完工",
                (2008, 12, 31),
                Some((2009, 2, 15)),
            ),
            ("累计转移企业30家", (2030, 12, 31), None),
        ],
    },
    DemoAgreement {
        kind: AgreementKind::MutualParks,
        title: "苏州工业园区—武汉经济技术开发区互利合作园区协议",
        lead: "苏州工业园区",
        partner: "武汉经济技术开发区",
        signed: (2008, 4, 18),
        content: "在武汉经济技术开发区内共建汽车零部件配套园，苏州方派驻管理团队，税收和产值按约定比例分享。",
        targets: (20, 2_000_000_000, 8_000),
        support: None,
        milestones: &[
            ("管理团队派驻到位", (2008, 7, 31), Some((2008, 7, 15))),
            ("配套园一期招商完成", (2009, 12, 31), None),
        ],
    },
    DemoAgreement {
        kind: AgreementKind::Other,
        title: "成都经济技术开发区—武汉经济技术开发区招商信息共享协议",
        lead: "成都经济技术开发区",
        partner: "武汉经济技术开发区",
        signed: (2008, 10, 8),
        content: "双方互通招商项目信息，联合赴东部开展招商推介。",
        targets: (0, 0, 0),
        support: None,
        milestones: &[("联合赴长三角招商推介", (2009, 5, 31), Some((2009, 5, 20)))],
    },
];

fn day((y, m, d): (i32, u32, u32)) -> Result<NaiveDate, AppError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or(AppError::NotFound { entity: "date" })
}

impl App {
    fn demo_party(&self, name: &str) -> Result<Party, AppError> {
        self.directory()
            .zones
            .iter()
            .find(|l| l.zone.fields.name_zh == name)
            .map(|l| Party {
                zone_id: l.zone.id,
                name_zh: name.to_owned(),
                region: l.zone.region,
            })
            .ok_or(AppError::NotFound {
                entity: "demo zone",
            })
    }

    /// Seeds the demo agreements and park once; 0 when agreements already exist.
    pub async fn seed_demo_cooperation(&self, op: &Operator) -> Result<usize, AppError> {
        let mut tx = self.write(op, &Context::system("demo")).await?;
        let now = tx.now();
        if !tx.agreements().await?.is_empty() {
            return Ok(0);
        }
        let mut ids = Vec::new();
        for d in &AGREEMENTS {
            let lead = self.demo_party(d.lead)?;
            let partner = self.demo_party(d.partner)?;
            if d.kind.requires_east_west()
                && (lead.region != Region::East || partner.region == Region::East)
            {
                continue;
            }
            let agreement = Agreement {
                id: 0,
                kind: d.kind,
                title: d.title.into(),
                lead,
                partners: vec![partner],
                signed_on: day(d.signed)?,
                content: d.content.into(),
                target_enterprises: d.targets.0,
                target_investment: Fen(d.targets.1 * 100),
                target_jobs: d.targets.2,
                ministry_support: d.support.map(str::to_owned),
            };
            let id = tx.insert_agreement(&agreement, true, now).await?;
            for (title, due, done) in d.milestones {
                let done_on = done.map(day).transpose()?;
                tx.insert_milestone(&Milestone {
                    id: 0,
                    agreement_id: id,
                    title: (*title).into(),
                    due_on: day(*due)?,
                    status: if done_on.is_some() {
                        MilestoneStatus::Done
                    } else {
                        MilestoneStatus::Pending
                    },
                    done_on,
                    note: None,
                })
                .await?;
            }
            ids.push((id, agreement));
        }
        // The partner zone's signed demo projects from the east are credited to the
        // agreement that brought them.
        let mut linked: Vec<i64> = Vec::new();
        for (id, agreement) in &ids {
            let partner = agreement.partners[0].zone_id;
            let records = tx.pipeline_entries(&RecordSet::Zone(partner)).await?;
            let brought = records
                .iter()
                .filter(|e| e.record.credited_signing().is_some() && !linked.contains(&e.id()))
                .filter(|e| {
                    e.record
                        .signings
                        .iter()
                        .all(|s| s.signed_on >= agreement.signed_on)
                })
                .take(4)
                .map(|e| e.id())
                .collect::<Vec<_>>();
            for record in brought {
                tx.link_agreement_project(*id, record).await?;
                linked.push(record);
            }
        }
        if let Some((agreement_id, agreement)) = ids.first() {
            let park = CoBuiltPark {
                id: 0,
                name_zh: "成都—苏州共建电子信息产业园".into(),
                host_zone_id: agreement.partners[0].zone_id,
                partner_zone_id: agreement.lead.zone_id,
                agreement_id: Some(*agreement_id),
                model: ManagementModel::PartnerManaged,
                partner_tax_bp: 4000,
                partner_output_bp: 3000,
                established_on: day((2007, 10, 1))?,
            };
            let park_id = tx.insert_park(&park, true, now).await?;
            let park = CoBuiltPark {
                id: park_id,
                ..park
            };
            let demo_firm = self
                .store
                .organisations()
                .await?
                .into_iter()
                .find(|o| matches!(o.place, OrgPlace::Enterprise { .. }));
            if let Some(firm) = demo_firm {
                tx.add_park_enterprise(park_id, firm.id).await?;
                tx.link_agreement_enterprise(*agreement_id, firm.id).await?;
            }
            for (year, tax_yuan, output_yuan) in [
                (2008, 12_500_000, 860_000_000),
                (2009, 23_800_000, 1_540_000_000),
                (2010, 41_200_000, 2_730_000_000),
            ] {
                for (kind, yuan) in [
                    (SharingKind::Tax, tax_yuan),
                    (SharingKind::Output, output_yuan),
                ] {
                    let total = Fen(yuan * 100);
                    let (partner, host) = park.split(kind, total);
                    let entry = gowest_domain::cooperation::SharingEntry {
                        id: 0,
                        park_id,
                        year,
                        kind,
                        total,
                        partner,
                        host,
                    };
                    tx.insert_sharing_entry(&entry, None, now).await?;
                }
            }
        }
        tx.finish(
            Record::new("demo.seed", Entity::Agreement, None)
                .after_text(Some(format!("{{\"agreements\":{}}}", ids.len())))
                .also(Entity::Park, None),
        )
        .await?;
        Ok(ids.len())
    }
}
