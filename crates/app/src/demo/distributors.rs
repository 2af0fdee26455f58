//! Demo distributors for `serve --demo`: one or two agricultural distribution enterprises in
//! every province (two in the centre and west, where the programme leans), sizes varied, every
//! third of the interior ones a pilot.

use crate::audit::Context;
use crate::write::{Operator, Record};
use crate::{App, AppError};
use gowest_domain::change::Entity;
use gowest_domain::distributors::{Business, Distributor};
use gowest_domain::ids::CreditCode;
use gowest_domain::money::Fen;
use gowest_domain::region::Region;

const NAMES: [&str; 5] = [
    "农产品批发",
    "鲜活农产品配送",
    "冷链物流",
    "农副产品收购",
    "果蔬进出口",
];

impl App {
    /// Seeds the demo distributors once; returns how many were made.
    pub async fn seed_demo_distributors(&self, op: &Operator) -> Result<usize, AppError> {
        let (_, existing) = self
            .store
            .distributors(&gowest_store::distributors::DistributorFilter {
                limit: 1,
                ..Default::default()
            })
            .await?;
        if existing > 0 {
            return Ok(0);
        }
        let directory = self.directory();
        let mut all = Vec::new();
        for p in directory.catalog.provinces.values() {
            let interior = matches!(p.region, Region::Central | Region::West);
            for k in 0..if interior { 2 } else { 1 } {
                let n = all.len();
                let business = Business::ALL[n % Business::ALL.len()];
                // 91 + the province's code + MA + a serial: 17 characters, then the check.
                let first17 = format!("91{}MA{:07}", p.code.as_str(), 1_000 + n);
                let credit_code = CreditCode::complete(&first17)
                    .map_err(|e| AppError::Conflict(format!("demo credit code: {e}")))?;
                let short = p.name_zh.trim_end_matches(['省', '市']);
                all.push(Distributor {
                    id: 0,
                    org_id: None,
                    name_zh: format!(
                        "{short}{}{}有限公司",
                        NAMES[n % NAMES.len()],
                        ["", "集团"][k]
                    ),
                    credit_code,
                    province_code: p.code.clone(),
                    county: String::new(),
                    business,
                    annual_turnover: Fen((200_000_000 + 37_000_000 * (n as i64 % 11)) * 100),
                    storage_tonnes: 5_000 + 2_500 * (n as i64 % 9),
                    trading_area_m2: 8_000 + 4_000 * (n as i64 % 7),
                    pilot: interior && n % 3 == 0,
                    demo: true,
                });
            }
        }
        let mut tx = self.write(op, &Context::system("demo")).await?;
        let now = tx.now();
        tx.insert_distributors(&all, now).await?;
        tx.finish(
            Record::new("demo.seed", Entity::Distributor, None)
                .after_text(Some(format!("{{\"distributors\":{}}}", all.len()))),
        )
        .await?;
        Ok(all.len())
    }
}
