//! Demo labour-export bases and overseas projects for `serve --demo`. Counties known for
//! sending workers abroad; the figures are illustrative, not statistics.

use crate::write::Operator;
use crate::{App, AppError};
use gowest_domain::labour::{ExportBaseInput, OverseasProjectInput};

const BASES: [(&str, &str, &str, u32, u32, &str, &str); 5] = [
    (
        "达州劳务输出基地",
        "510000",
        "达州市",
        12_000,
        3_000,
        "对外劳务合作服务平台、出国前培训与外语课程",
        "电焊工;钢筋工;木工;司机",
    ),
    (
        "重庆万州劳务输出基地",
        "500000",
        "万州区",
        8_000,
        2_000,
        "技工学校定向培训，培训补贴",
        "电焊工;厨师;电工",
    ),
    (
        "信阳劳务输出基地",
        "410000",
        "信阳市",
        15_000,
        4_000,
        "外派劳务培训中心",
        "钢筋工;木工;瓦工;电工",
    ),
    (
        "赣州劳务输出基地",
        "360000",
        "赣州市",
        6_000,
        1_500,
        "职业院校订单培训",
        "厨师;护工;电焊工",
    ),
    (
        "天水劳务输出基地",
        "620000",
        "天水市",
        5_000,
        1_200,
        "出国劳务技能培训补贴",
        "瓦工;司机;钢筋工",
    ),
];

impl App {
    /// Seeds the demo bases and projects; returns the bases written, 0 when any exist.
    /// Only the console seeds; the demo accounts write the records, as their users would.
    pub async fn seed_demo_labour(&self, _op: &Operator) -> Result<usize, AppError> {
        if !self.store.labour_bases().await?.is_empty() {
            return Ok(0);
        }
        let (Some(ministry), Some(enterprise)) = (
            self.demo_actor("ministry.staff").await?,
            self.demo_actor("enterprise.demo").await?,
        ) else {
            return Ok(0);
        };
        for (name, province, county, workers, trained, support, occupations) in BASES {
            self.save_labour_base(
                &ministry,
                &ExportBaseInput {
                    name_zh: name.into(),
                    province_code: province.into(),
                    county: county.into(),
                    workers_available: workers.to_string(),
                    trained_per_year: trained.to_string(),
                    training_support: support.into(),
                    occupations: occupations.into(),
                },
            )
            .await?;
        }
        for (name, contractor, country, occupations, needed) in [
            (
                "阿尔及利亚东西高速公路标段",
                "中国演示建设集团",
                "阿尔及利亚",
                "电焊工;钢筋工;司机",
                "800",
            ),
            (
                "安哥拉社会住房项目",
                "中国演示工程公司",
                "安哥拉",
                "瓦工;木工;电工",
                "1200",
            ),
        ] {
            self.post_overseas_project(
                &enterprise,
                &OverseasProjectInput {
                    name_zh: name.into(),
                    contractor: contractor.into(),
                    country: country.into(),
                    occupations: occupations.into(),
                    workers_needed: needed.into(),
                    starts_on: String::new(),
                },
            )
            .await?;
        }
        Ok(BASES.len())
    }
}
