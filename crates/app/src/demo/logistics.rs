//! Demo 大通关 clearance-cooperation agreements for `serve --demo`: coastal seaports with the
//! interior provinces whose goods they clear. The pairings follow the notice's measure 6 (电子
//! 口岸 networking, 属地申报、口岸验放); the hours before and after are illustrative figures,
//! not statistics.

use crate::write::Operator;
use crate::{App, AppError};
use gowest_domain::logistics::ClearanceInput;

/// Port, interior province, measures, hours per container before and after, signed on.
const AGREEMENTS: [(&str, &str, &str, &str, &str, &str); 6] = [
    (
        "上海港",
        "510000",
        "电子口岸联网，属地申报、口岸验放；长江沿线转关一次放行",
        "72",
        "30",
        "2007-03-15",
    ),
    (
        "上海港",
        "420000",
        "武汉—上海江海联运直通，电子口岸数据共享",
        "60",
        "24",
        "2007-05-20",
    ),
    (
        "深圳港",
        "430000",
        "湘粤大通关：跨关区快速通关，监管互认",
        "48",
        "18",
        "2007-04-10",
    ),
    (
        "广州港",
        "360000",
        "赣粤大通关：属地申报、口岸验放，铁海联运单证电子化",
        "54",
        "20",
        "2007-06-01",
    ),
    (
        "天津港",
        "610000",
        "西安国际港务区无水港：内陆检验检疫、口岸直接放行",
        "66",
        "26",
        "2008-01-18",
    ),
    (
        "厦门港",
        "360000",
        "赣州无水港：海关、检验检疫在内陆一次办结",
        "50",
        "22",
        "2007-09-28",
    ),
];

impl App {
    /// Seeds the demo clearance agreements; returns how many, 0 when any exist or the demo
    /// ministry account is missing. Only the console seeds; the demo ministry records them.
    pub async fn seed_demo_clearance(&self, _op: &Operator) -> Result<usize, AppError> {
        if !self.clearance_agreements().await?.is_empty() {
            return Ok(0);
        }
        let Some(ministry) = self.demo_actor("ministry.staff").await? else {
            return Ok(0);
        };
        for (port, province, measures, before, after, signed_on) in AGREEMENTS {
            let input = ClearanceInput {
                port: port.into(),
                province_code: province.into(),
                measures: measures.into(),
                hours_before: before.into(),
                hours_after: after.into(),
                signed_on: signed_on.into(),
            };
            self.add_clearance_agreement(&ministry, &input).await?;
        }
        Ok(AGREEMENTS.len())
    }
}
