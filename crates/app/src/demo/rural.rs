//! Demo stations for `serve --demo`: three counties in every central and western province,
//! one to three township stations in each, with their assistants and trained farmers.

use crate::audit::Context;
use crate::write::{Operator, Record};
use crate::{App, AppError};
use chrono::{Duration, NaiveDate};
use gowest_domain::change::Entity;
use gowest_domain::region::Region;
use gowest_domain::rural::Station;

/// Township names reused across the demo counties (common 镇 names, not real addresses).
const TOWNSHIPS: [&str; 3] = ["城关镇", "新兴镇", "太平镇"];

impl App {
    /// Seeds demo stations; returns how many, 0 when stations already exist.
    pub async fn seed_demo_rural(&self, op: &Operator) -> Result<usize, AppError> {
        if !self.store.stations(None).await?.is_empty() {
            return Ok(0);
        }
        let directory = self.directory();
        let start = NaiveDate::from_ymd_opt(2007, 3, 1).unwrap_or_default();
        let mut stations = Vec::new();
        for (pi, p) in directory
            .catalog
            .provinces
            .values()
            .filter(|p| matches!(p.region, Region::Central | Region::West))
            .enumerate()
        {
            for county in 0..3 {
                for (ti, township) in TOWNSHIPS.iter().enumerate().take(1 + (pi + county) % 3) {
                    let n = pi * 9 + county * 3 + ti;
                    stations.push(Station {
                        name_zh: format!("{township}农村商务信息服务站"),
                        province_code: p.code.clone(),
                        county: format!("演示{}县", ["东", "南", "西"][county]),
                        township: (*township).to_owned(),
                        opened_on: start + Duration::days((n * 11 % 300) as i64),
                        assistants: 1 + (n % 3) as i64,
                        farmers_trained: 40 + (n * 37 % 260) as i64,
                    });
                }
            }
        }
        let mut tx = self.write(op, &Context::system("demo")).await?;
        let now = tx.now();
        tx.insert_stations(&stations, now, true).await?;
        tx.finish(Record::new("demo.seed", Entity::RuralStation, None))
            .await?;
        Ok(stations.len())
    }
}
