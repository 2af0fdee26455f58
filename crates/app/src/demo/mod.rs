//! Demo data for `gowest serve --demo` and the tests, one file per capability; only the
//! command line and the test kit build it (the app's `operator` feature), and every seeder
//! takes the operator's handle. This file: plausible, clearly labelled figures for every
//! zone that has none, so the directory's filters, sorts and charts have something to show,
//! and the demo accounts.

mod cooperation;
mod distributors;
mod events;
mod farm_trade;
mod funds;
mod labour;
mod logistics;
mod outsourcing;
mod pipeline;
mod prices;
mod recycling;
mod returns;
mod rural;
mod training;
mod transfer;

pub use events::DemoEvents;

use crate::accounts::{AccountAuthority, NewAccount};
use crate::audit::Context;
use crate::write::{Operator, Record};
use crate::{App, AppError};
use gowest_domain::account::{AdminDuty, Role};
use gowest_domain::change::Entity;
use gowest_domain::ids::CreditCode;
use gowest_domain::industry::IndustryCode;
use gowest_domain::money::Fen;
use gowest_domain::org::OrgPlace;
use gowest_domain::region::ProvinceCode;
use gowest_domain::region::Region;
use gowest_domain::zone::ZoneFields;

const DEMO_KEY: &str = "demo";

/// Manufacturing divisions that relocating processing trade most often brings.
const DEMO_INDUSTRIES: [&str; 12] = [
    "13", "17", "18", "19", "26", "27", "30", "34", "36", "38", "39", "40",
];

/// A small deterministic hash, so the same zone gets the same demo figures every time.
pub(crate) fn spread(id: i64, salt: u64) -> u64 {
    let mut x = (id as u64) ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

pub(crate) fn pick(id: i64, salt: u64, low: i64, high: i64) -> i64 {
    low + (spread(id, salt) % (high - low + 1) as u64) as i64
}

/// Fills the empty demo fields of one zone; `None` when it already has figures.
pub fn demo_fields(id: i64, region: Region, f: &ZoneFields) -> Option<ZoneFields> {
    if f.land_price_fen_per_m2.is_some() || !f.leading_industries.is_empty() {
        return None;
    }
    let (price, wage) = match region {
        Region::East => ((600, 1500), (7000, 10000)),
        Region::Central => ((250, 500), (5000, 6500)),
        Region::West => ((150, 400), (4500, 6500)),
        Region::Northeast => ((200, 450), (5000, 6500)),
    };
    let count = pick(id, 1, 2, 3) as usize;
    let first = pick(id, 2, 0, DEMO_INDUSTRIES.len() as i64 - 1) as usize;
    let industries = (0..count)
        .filter_map(|k| {
            IndustryCode::parse(DEMO_INDUSTRIES[(first + k * 5) % DEMO_INDUSTRIES.len()])
        })
        .collect();
    let mut demo = f.clone();
    demo.land_price_fen_per_m2 = Some(Fen(pick(id, 3, price.0, price.1) * 100));
    demo.avg_wage_fen_per_month = Some(Fen(pick(id, 4, wage.0, wage.1) * 100));
    demo.area_hectares = Some(pick(id, 5, 1_000, 20_000));
    // Interior zones draw on larger rural labour pools than coastal ones.
    let labour = if region == Region::East {
        (500, 5_000)
    } else {
        (2_000, 40_000)
    };
    demo.labour_available = u32::try_from(pick(id, 8, labour.0, labour.1)).ok();
    demo.leading_industries = industries;
    demo.description_zh = Some(format!(
        "（演示数据）{}位于{}，欢迎东部企业前来考察投资。",
        f.name_zh,
        f.city_zh.as_deref().unwrap_or("")
    ));
    demo.description_en =
        Some("(Demo data) Figures on this page are generated for demonstration.".into());
    demo.contact.phone = Some(format!(
        "0{:02}-{:08}",
        pick(id, 6, 10, 99),
        pick(id, 7, 10_000_000, 99_999_999)
    ));
    Some(demo)
}

impl App {
    /// Marks the database as a demo and fills demo figures; idempotent.
    pub async fn seed_demo(&self, op: &Operator) -> Result<usize, AppError> {
        let now = self.clock.now();
        let directory = self.directory();
        let was_demo = self.is_demo().await?;
        let mut tx = self.write(op, &Context::system("demo")).await?;
        let mut changed = 0;
        for zone in directory.zones.iter().map(|l| &l.zone) {
            if let Some(fields) = demo_fields(zone.id, zone.region, &zone.fields) {
                tx.update_zone(zone.id, &fields, now).await?;
                changed += 1;
            }
        }
        if changed == 0 && was_demo {
            return Ok(0);
        }
        tx.put_setting(DEMO_KEY, "true").await?;
        tx.finish(
            Record::new("demo.seed", Entity::Zone, None)
                .after(&serde_json::json!({ "zones_filled": changed })),
        )
        .await?;
        self.reload_directory().await?;
        Ok(changed)
    }

    /// Whether this database holds demo data.
    pub async fn is_demo(&self) -> Result<bool, AppError> {
        Ok(self.store.setting(DEMO_KEY).await?.as_deref() == Some("true"))
    }
}

/// The password of every demo account; demo accounts are marked as such in the UI.
pub const DEMO_PASSWORD: &str = "Gowest-Demo-2006";

/// One demo sign-in, as printed at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    pub username: &'static str,
    pub who_zh: String,
}

enum DemoOrg {
    Ministry,
    Province(&'static str),
    Zone(&'static str),
    /// An enterprise: its 统一社会信用代码 and province.
    Enterprise(&'static str, &'static str),
    Agency,
    Bank,
}

struct DemoUser {
    username: &'static str,
    name: &'static str,
    duty: Option<AdminDuty>,
    memberships: &'static [(usize, Role)],
}

const DEMO_ORGS: [(&str, DemoOrg); 10] = [
    ("商务部外资司", DemoOrg::Ministry),
    ("四川省商务厅", DemoOrg::Province("510000")),
    ("湖北省商务厅", DemoOrg::Province("420000")),
    (
        "成都经济技术开发区管委会",
        DemoOrg::Zone("成都经济技术开发区"),
    ),
    (
        "武汉经济技术开发区管委会",
        DemoOrg::Zone("武汉经济技术开发区"),
    ),
    ("苏州工业园区管委会", DemoOrg::Zone("苏州工业园区")),
    (
        "深圳演示电子有限公司",
        DemoOrg::Enterprise(DEMO_CREDIT_CODE, "440000"),
    ),
    ("中国国际投资促进会", DemoOrg::Agency),
    ("国家开发银行", DemoOrg::Bank),
    // A second enterprise, so two organisations can trade farm products with each other.
    (
        "四川演示农产品流通有限公司",
        DemoOrg::Enterprise(BUYER_CREDIT_CODE, "510000"),
    ),
];

const DEMO_USERS: [DemoUser; 14] = [
    DemoUser {
        username: "ministry.admin",
        name: "商务部管理员",
        duty: None,
        memberships: &[(0, Role::Admin)],
    },
    DemoUser {
        username: "ministry.staff",
        name: "商务部工作人员",
        duty: None,
        memberships: &[(0, Role::Staff)],
    },
    DemoUser {
        username: "sichuan.staff",
        name: "四川省商务厅工作人员",
        duty: None,
        memberships: &[(1, Role::Staff), (3, Role::ReadOnly)],
    },
    DemoUser {
        username: "hubei.staff",
        name: "湖北省商务厅工作人员",
        duty: None,
        memberships: &[(2, Role::Staff)],
    },
    DemoUser {
        username: "chengdu.admin",
        name: "成都经开区管理员",
        duty: None,
        memberships: &[(3, Role::Admin)],
    },
    DemoUser {
        username: "wuhan.admin",
        name: "武汉经开区管理员",
        duty: None,
        memberships: &[(4, Role::Admin)],
    },
    DemoUser {
        username: "suzhou.admin",
        name: "苏州工业园区管理员",
        duty: None,
        memberships: &[(5, Role::Admin)],
    },
    DemoUser {
        username: "enterprise.demo",
        name: "企业用户",
        duty: None,
        memberships: &[(6, Role::Admin)],
    },
    DemoUser {
        username: "buyer.demo",
        name: "农产品流通企业用户",
        duty: None,
        memberships: &[(9, Role::Admin)],
    },
    DemoUser {
        username: "agency.demo",
        name: "投资促进机构用户",
        duty: None,
        memberships: &[(7, Role::Staff)],
    },
    DemoUser {
        username: "cdb.demo",
        name: "国家开发银行用户",
        duty: None,
        memberships: &[(8, Role::Staff)],
    },
    DemoUser {
        username: "sysadmin",
        name: "系统管理员",
        duty: Some(AdminDuty::System),
        memberships: &[],
    },
    DemoUser {
        username: "secadmin",
        name: "安全管理员",
        duty: Some(AdminDuty::Security),
        memberships: &[],
    },
    DemoUser {
        username: "auditor",
        name: "审计管理员",
        duty: Some(AdminDuty::Audit),
        memberships: &[],
    },
];

/// A valid 统一社会信用代码 for the demo enterprise.
pub(crate) const DEMO_CREDIT_CODE: &str = "91440300MA5G2006W6";
/// A valid 统一社会信用代码 for the second demo enterprise (a Chengdu farm-product trader).
const BUYER_CREDIT_CODE: &str = "91510100MA6C2007X6";

impl App {
    /// Creates one organisation and user for each kind, once; returns the logins to print.
    pub async fn seed_demo_accounts(&self, op: &Operator) -> Result<Vec<DemoLogin>, AppError> {
        let ctx = Context::system("demo");
        if self
            .store
            .user_by_name(DEMO_USERS[0].username)
            .await?
            .is_none()
        {
            let directory = self.directory();
            let zone_id = |name: &str| {
                directory
                    .zones
                    .iter()
                    .find(|l| l.zone.fields.name_zh == name)
                    .map(|l| (l.zone.id, l.zone.fields.province_code.clone()))
                    .ok_or(AppError::NotFound { entity: "zone" })
            };
            let province = |code: &str| {
                ProvinceCode::parse(code).ok_or(AppError::NotFound { entity: "province" })
            };
            let mut org_ids = Vec::new();
            for (name, org) in &DEMO_ORGS {
                let place = match org {
                    DemoOrg::Ministry => OrgPlace::Ministry,
                    DemoOrg::Province(code) => OrgPlace::Province {
                        province_code: province(code)?,
                    },
                    DemoOrg::Zone(zone) => {
                        let (zone_id, province_code) = zone_id(zone)?;
                        OrgPlace::Zone {
                            zone_id,
                            province_code,
                        }
                    }
                    DemoOrg::Enterprise(code, home) => OrgPlace::Enterprise {
                        credit_code: CreditCode::parse(code).map_err(|_| AppError::NotFound {
                            entity: "credit code",
                        })?,
                        province_code: province(home)?,
                    },
                    DemoOrg::Agency => OrgPlace::PromotionAgency {
                        province_code: None,
                    },
                    DemoOrg::Bank => OrgPlace::Bank,
                };
                let id = self
                    .add_organisation(AccountAuthority::Console(op), &ctx, name, place)
                    .await?;
                org_ids.push(id);
            }
            for user in &DEMO_USERS {
                let account = NewAccount {
                    username: user.username.to_owned(),
                    display_name: user.name.to_owned(),
                    password: DEMO_PASSWORD.to_owned(),
                    duty: user.duty,
                    memberships: user
                        .memberships
                        .iter()
                        .map(|(i, role)| (org_ids[*i], *role))
                        .collect(),
                    must_change_password: false,
                    demo: true,
                };
                self.add_user(AccountAuthority::Console(op), &ctx, account)
                    .await?;
            }
        }
        Ok(DEMO_USERS
            .iter()
            .map(|u| DemoLogin {
                username: u.username,
                who_zh: match u.duty {
                    Some(duty) => duty.name_zh().to_owned(),
                    None => u
                        .memberships
                        .iter()
                        .map(|(i, role)| format!("{}（{}）", DEMO_ORGS[*i].0, role.name_zh()))
                        .collect::<Vec<_>>()
                        .join("、"),
                },
            })
            .collect())
    }
}
