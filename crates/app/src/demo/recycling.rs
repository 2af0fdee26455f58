//! Demo recycling pilots for `serve --demo`: cities of the interior with stations, volumes
//! and energy saved (illustrative figures); the first is financed by the first demo fund
//! application when there is one.

use crate::write::Operator;
use crate::{App, AppError};
use gowest_domain::recycling::PilotInput;

const PILOTS: [(&str, &str, &str, u32, &str, &str); 4] = [
    (
        "成都再生资源回收体系试点",
        "510000",
        "city",
        420,
        "废钢铁=180000;废纸=65000;废塑料=22000;废旧家电=9000",
        "95000",
    ),
    (
        "武汉再生资源回收体系试点",
        "420000",
        "city",
        380,
        "废钢铁=210000;废有色金属=15000;废纸=70000",
        "110000",
    ),
    (
        "西安再生资源回收体系试点",
        "610000",
        "city",
        300,
        "废钢铁=120000;废纸=40000;报废汽车=6000",
        "64000",
    ),
    (
        "贵阳经济技术开发区再生资源园区",
        "520000",
        "zone",
        45,
        "废钢铁=30000;废有色金属=4000",
        "15500.5",
    ),
];

impl App {
    /// Seeds the demo pilots; returns how many were written, 0 when any exist.
    /// Only the console seeds; the demo accounts write the records, as their users would.
    pub async fn seed_demo_recycling(&self, _op: &Operator) -> Result<usize, AppError> {
        if !self.store.recycling_pilots().await?.is_empty() {
            return Ok(0);
        }
        let Some(ministry) = self.demo_actor("ministry.staff").await? else {
            return Ok(0);
        };
        let fund = self
            .store
            .fund_applications(&Default::default())
            .await?
            .first()
            .map(|a| a.id.to_string())
            .unwrap_or_default();
        for (i, (name, province, kind, stations, volumes, energy)) in PILOTS.into_iter().enumerate()
        {
            self.save_recycling_pilot(
                &ministry,
                &PilotInput {
                    name_zh: name.into(),
                    province_code: province.into(),
                    kind: kind.into(),
                    stations: stations.to_string(),
                    volumes: volumes.into(),
                    energy_saved_tce: energy.into(),
                    fund_application_id: if i == 0 { fund.clone() } else { String::new() },
                },
            )
            .await?;
        }
        Ok(PILOTS.len())
    }
}
