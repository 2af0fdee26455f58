//! Demo data for `gowest serve --demo`: plausible, clearly labelled figures for every
//! zone that has none, so the directory's filters, sorts and charts have something to show.

use crate::{App, AppError};
use gowest_domain::industry::IndustryCode;
use gowest_domain::money::Fen;
use gowest_domain::region::Region;
use gowest_domain::zone::ZoneFields;

const DEMO_KEY: &str = "demo";

/// Manufacturing divisions that relocating processing trade most often brings.
const DEMO_INDUSTRIES: [&str; 12] = [
    "13", "17", "18", "19", "26", "27", "30", "34", "36", "38", "39", "40",
];

/// A small deterministic hash, so the same zone gets the same demo figures every time.
fn spread(id: i64, salt: u64) -> u64 {
    let mut x = (id as u64) ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

fn pick(id: i64, salt: u64, low: i64, high: i64) -> i64 {
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
    pub async fn seed_demo(&self) -> Result<usize, AppError> {
        let now = self.clock.now();
        let directory = self.directory();
        let mut tx = self.store.begin().await?;
        let mut changed = 0;
        for zone in directory.zones.iter().map(|l| &l.zone) {
            if let Some(fields) = demo_fields(zone.id, zone.region, &zone.fields) {
                tx.update_zone(zone.id, &fields, now).await?;
                changed += 1;
            }
        }
        tx.put_setting(DEMO_KEY, "true").await?;
        if changed > 0 {
            tx.log_change("zone", None, "demo", now).await?;
        }
        tx.commit().await?;
        self.reload_directory().await?;
        Ok(changed)
    }

    /// Whether this database holds demo data.
    pub async fn is_demo(&self) -> Result<bool, AppError> {
        Ok(self.store.setting(DEMO_KEY).await?.as_deref() == Some("true"))
    }
}
