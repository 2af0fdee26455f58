//! Demo data for industrial transfer: eastern enterprises with relocation demand, and
//! investment projects in central and western zones. Generated deterministically, marked
//! as demo, and written once.

use crate::audit::Context;
use crate::demo::{DEMO_CREDIT_CODE, pick};
use crate::write::{Operator, Record};
use crate::{App, AppError};
use chrono::{Datelike, Months};
use gowest_domain::change::Entity;
use gowest_domain::demand::{DemandFields, DemandStatus};
use gowest_domain::enterprise::{EnterpriseFields, EnterpriseSize};
use gowest_domain::ids::CreditCode;
use gowest_domain::industry::IndustryCode;
use gowest_domain::money::Fen;
use gowest_domain::project::{InvestmentMode, ProjectFields, ProjectStatus};
use gowest_domain::region::{ProvinceCode, Region};

const SEEDED_KEY: &str = "demo_transfer";
const ENTERPRISES: i64 = 320;

/// Eastern provinces that processing trade moves out of, with the city names used in
/// generated enterprise names and the ports they ship through.
const ORIGINS: [(&str, &[&str], &[&str]); 8] = [
    (
        "440000",
        &["东莞", "深圳", "佛山", "中山", "惠州"],
        &["深圳港", "广州港"],
    ),
    (
        "320000",
        &["苏州", "无锡", "昆山", "常州"],
        &["上海港", "连云港港"],
    ),
    (
        "330000",
        &["宁波", "温州", "绍兴", "台州"],
        &["宁波舟山港", "上海港"],
    ),
    ("310000", &["上海"], &["上海港"]),
    ("350000", &["厦门", "泉州", "晋江"], &["厦门港", "福州港"]),
    ("370000", &["青岛", "烟台", "潍坊"], &["青岛港", "烟台港"]),
    ("120000", &["天津"], &["天津港"]),
    ("110000", &["北京"], &["天津港"]),
];

/// Divisions with the words that make plausible names and texts for them.
const TRADES: [(&str, &str, &str); 12] = [
    ("39", "电子", "电子信息"),
    ("38", "电器", "电气机械"),
    ("36", "汽车零部件", "汽车零部件"),
    ("34", "机械", "通用设备"),
    ("18", "服装", "纺织服装"),
    ("17", "纺织", "纺织"),
    ("19", "鞋业", "皮革制鞋"),
    ("13", "食品", "农副食品加工"),
    ("26", "化工", "精细化工"),
    ("30", "建材", "新型建材"),
    ("27", "医药", "生物医药"),
    ("40", "仪器", "精密仪器"),
];

const NAME_WORDS: [&str; 16] = [
    "华信",
    "宏达",
    "新纪元",
    "永盛",
    "金桥",
    "恒通",
    "东方",
    "利达",
    "嘉禾",
    "鼎盛",
    "联合",
    "精工",
    "海天",
    "中瑞",
    "泰丰",
    "明辉",
];

const PROJECT_KINDS: [&str; 6] = [
    "产业园",
    "生产基地",
    "配套产业园",
    "加工贸易承接项目",
    "出口加工基地",
    "研发及生产中心",
];

fn code_for(i: i64) -> Result<CreditCode, AppError> {
    // 91 (enterprise, company) + a division code + a 9-character organisation code.
    let first17 = format!("914403{:02}MA{:07}", i % 100, i);
    CreditCode::complete(&first17).map_err(|_| AppError::Internal(format!("demo credit code {i}")))
}

fn code(raw: &str) -> Result<IndustryCode, AppError> {
    IndustryCode::parse(raw).ok_or(AppError::NotFound { entity: "industry" })
}

impl App {
    /// Seeds enterprises, demands and projects once; returns how many records it wrote.
    pub async fn seed_demo_transfer(&self, op: &Operator) -> Result<usize, AppError> {
        if self.store.setting(SEEDED_KEY).await?.is_some() {
            return Ok(0);
        }
        let now = self.clock.now();
        let today = now.date_naive();
        let directory = self.directory();
        let port_id = |name: &str| directory.catalog.port_by_name(name).map(|p| p.id);
        let demo_org = self
            .store
            .organisations()
            .await?
            .into_iter()
            .find(|o| o.place.credit_code().map(CreditCode::as_str) == Some(DEMO_CREDIT_CODE));
        let mut tx = self.write(op, &Context::system("demo")).await?;
        let mut written = 0;
        for i in 0..ENTERPRISES {
            // Guangdong, Jiangsu and Zhejiang send most of the processing trade.
            let origin = [0, 0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 7][pick(i, 11, 0, 11) as usize];
            let (province, cities, ports) = ORIGINS[origin];
            let (division, word, _) = TRADES[pick(i, 12, 0, TRADES.len() as i64 - 1) as usize];
            let city = cities[pick(i, 13, 0, cities.len() as i64 - 1) as usize];
            let name = NAME_WORDS[pick(i, 14, 0, NAME_WORDS.len() as i64 - 1) as usize];
            let own = i == 0 && demo_org.is_some();
            let fields = EnterpriseFields {
                credit_code: if own {
                    CreditCode::parse(DEMO_CREDIT_CODE)
                        .map_err(|_| AppError::Internal("demo credit code".into()))?
                } else {
                    code_for(i)?
                },
                name_zh: match &demo_org {
                    Some(org) if own => org.name_zh.clone(),
                    _ => format!("{city}{name}{word}有限公司（演示{i:03}）"),
                },
                name_en: None,
                province_code: ProvinceCode::parse(if own { "440000" } else { province })
                    .ok_or(AppError::NotFound { entity: "province" })?,
                industry: code(if own { "39" } else { division })?,
                size: EnterpriseSize::ALL[pick(i, 15, 0, 3) as usize],
                export_share_permille: pick(i, 16, 300, 950) as u16,
                processing_trade: own || pick(i, 17, 0, 9) < 7,
            };
            let org_id = if own {
                demo_org.as_ref().map(|o| o.id)
            } else {
                None
            };
            let enterprise_id = tx.insert_enterprise(&fields, org_id, true, now).await?;
            let workforce = pick(i, 18, 2, 60) as u32 * 100;
            let ports: &[&str] = if own { &["深圳港"] } else { ports };
            let demand = DemandFields {
                title: format!(
                    "{}{}转移至中西部",
                    if own { "消费电子组装线" } else { word },
                    ["生产线整体", "部分产能", "新增产能", "加工环节"][pick(i, 19, 0, 3) as usize]
                ),
                industry: fields.industry.clone(),
                investment: Fen(pick(i, 20, 20, 2_000) * 100_000_000),
                land_hundredth_mu: Some(pick(i, 21, 30, 600) * 100),
                workforce,
                skills: vec![format!("{word}操作工"), "质检".to_owned()],
                power_kva: Some(pick(i, 22, 5, 200) as u32 * 100),
                water_tonnes_per_day: Some(pick(i, 23, 1, 50) as u32 * 10),
                port_ids: ports.iter().filter_map(|p| port_id(p)).collect(),
                preferred_regions: match pick(i, 24, 0, 3) {
                    0 => vec![Region::Central],
                    1 => vec![Region::West],
                    2 => vec![Region::Central, Region::West],
                    _ => Vec::new(),
                },
                start_by: today
                    .with_day(1)
                    .and_then(|d| d.checked_add_months(Months::new(pick(i, 25, 6, 30) as u32))),
                description: Some(format!(
                    "（演示数据）{city}{word}企业，订单以出口为主，拟将{}转移到中西部地区，需要稳定的熟练工人和便捷的出海通道。",
                    ["组装", "加工", "配套"][pick(i, 26, 0, 2) as usize]
                )),
                weights: None,
            };
            let demand_id = tx.insert_demand(enterprise_id, &demand, true, now).await?;
            let status = match pick(i, 27, 0, 9) {
                0 => DemandStatus::Draft,
                1 => DemandStatus::Withdrawn,
                _ => DemandStatus::Published,
            };
            let status = if own { DemandStatus::Published } else { status };
            if status != DemandStatus::Draft {
                tx.set_demand_status(demand_id, status, now).await?;
            }
            written += 2;
        }
        for zone in directory.zones.iter().map(|l| &l.zone) {
            if !matches!(zone.region, Region::Central | Region::West) {
                continue;
            }
            let count = pick(zone.id, 31, 1, 4);
            for k in 0..count {
                let salt = zone.id * 10 + k;
                let industry = zone
                    .fields
                    .leading_industries
                    .get(k as usize)
                    .filter(|c| c.as_str().len() == 2)
                    .cloned();
                let (division, _, label) = match &industry {
                    Some(c) => TRADES
                        .iter()
                        .find(|t| t.0 == c.as_str())
                        .copied()
                        .unwrap_or(TRADES[pick(salt, 32, 0, 11) as usize]),
                    None => TRADES[pick(salt, 32, 0, 11) as usize],
                };
                let kind = PROJECT_KINDS[pick(salt, 33, 0, 5) as usize];
                let place = zone_short_name(&zone.fields.name_zh);
                let fields = ProjectFields {
                    title_zh: format!("{place}{label}{kind}"),
                    title_en: None,
                    industry: code(division)?,
                    // 0.5 to 30 亿元.
                    amount: Fen(pick(salt, 34, 5, 300) * 1_000_000_000),
                    mode: InvestmentMode::ALL[pick(salt, 35, 0, 4) as usize],
                    land_hundredth_mu: Some(pick(salt, 36, 50, 2_000) * 100),
                    incentives: Some(
                        "（演示数据）工业用地按基准地价优惠供应；新引进加工贸易企业前三年地方税收留成部分给予奖励；协助招工和员工培训。"
                            .to_owned(),
                    ),
                    description: Some(format!(
                        "（演示数据）{}依托{}承接东部地区{}产业转移，重点引进加工贸易企业及上下游配套项目。",
                        zone.fields.name_zh, zone.province_name_zh, label
                    )),
                    status: [
                        ProjectStatus::Open,
                        ProjectStatus::Open,
                        ProjectStatus::Negotiating,
                        ProjectStatus::Taken,
                    ][pick(salt, 37, 0, 3) as usize],
                };
                tx.insert_project(zone.id, &fields, true, now).await?;
                written += 1;
            }
        }
        tx.put_setting(SEEDED_KEY, "true").await?;
        tx.finish(
            Record::new("demo.transfer", Entity::Demo, None)
                .after(&serde_json::json!({ "records": written }))
                .also(Entity::Enterprise, None)
                .also(Entity::Demand, None)
                .also(Entity::Project, None),
        )
        .await?;
        self.reload_directory().await?;
        Ok(written)
    }
}

/// `成都经济技术开发区` → `成都`: the place a zone is named after.
fn zone_short_name(name: &str) -> &str {
    [
        "经济技术开发区",
        "经济开发区",
        "高新技术产业开发区",
        "工业园区",
        "开发区",
    ]
    .iter()
    .find_map(|suffix| name.strip_suffix(suffix))
    .filter(|short| !short.is_empty())
    .unwrap_or(name)
}
