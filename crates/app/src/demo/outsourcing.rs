//! Demo outsourcing bases and demand for `serve --demo`. The cities are those the ministry
//! named as service-outsourcing bases under the 千百十工程 from 2006; the capacity figures are
//! illustrative, not statistics.

use crate::write::Operator;
use crate::{App, AppError};
use gowest_domain::outsourcing::{BaseInput, DemandInput};

const BASES: [(&str, &str, &str, u32, u32, &str, &str); 11] = [
    (
        "大连服务外包基地城市",
        "210000",
        "大连",
        600,
        80_000,
        "英语;日语;韩语",
        "ito;bpo",
    ),
    (
        "西安服务外包基地城市",
        "610000",
        "西安",
        450,
        60_000,
        "英语;日语",
        "ito;kpo",
    ),
    (
        "成都服务外包基地城市",
        "510000",
        "成都",
        500,
        70_000,
        "英语;日语",
        "ito;bpo;kpo",
    ),
    (
        "上海服务外包基地城市",
        "310000",
        "上海",
        900,
        150_000,
        "英语;日语;德语;法语",
        "ito;bpo;kpo",
    ),
    (
        "深圳服务外包基地城市",
        "440000",
        "深圳",
        700,
        120_000,
        "英语;日语",
        "ito;bpo",
    ),
    (
        "北京服务外包基地城市",
        "110000",
        "北京",
        1_000,
        180_000,
        "英语;日语;德语",
        "ito;kpo",
    ),
    (
        "天津服务外包基地城市",
        "120000",
        "天津",
        300,
        40_000,
        "英语;日语;韩语",
        "ito;bpo",
    ),
    (
        "南京服务外包基地城市",
        "320000",
        "南京",
        400,
        55_000,
        "英语;日语",
        "ito;kpo",
    ),
    (
        "武汉服务外包基地城市",
        "420000",
        "武汉",
        350,
        50_000,
        "英语;日语;法语",
        "ito;bpo;kpo",
    ),
    (
        "济南服务外包基地城市",
        "370000",
        "济南",
        250,
        35_000,
        "英语;日语;韩语",
        "ito;bpo",
    ),
    (
        "杭州服务外包基地城市",
        "330000",
        "杭州",
        500,
        75_000,
        "英语;日语",
        "ito;bpo;kpo",
    ),
];

impl App {
    /// Seeds the demo bases and two demands; returns the bases written, 0 when any exist.
    /// Only the console seeds; the demo accounts write the records, as their users would.
    pub async fn seed_demo_outsourcing(&self, _op: &Operator) -> Result<usize, AppError> {
        if !self.store.outsourcing_bases().await?.is_empty() {
            return Ok(0);
        }
        // Without the demo accounts there is nobody to designate bases: nothing to seed.
        let (Some(ministry), Some(enterprise)) = (
            self.demo_actor("ministry.staff").await?,
            self.demo_actor("enterprise.demo").await?,
        ) else {
            return Ok(0);
        };
        for (name, province, city, companies, staff, languages, services) in BASES {
            self.save_outsourcing_base(
                &ministry,
                &BaseInput {
                    name_zh: name.into(),
                    province_code: province.into(),
                    city_zh: city.into(),
                    companies: companies.to_string(),
                    staff: staff.to_string(),
                    languages: languages.into(),
                    services: services.into(),
                },
            )
            .await?;
        }
        for (company, service, languages, staff) in [
            ("Nippon Demo Systems", "ito", "日语", "300"),
            ("Euro Demo Insurance", "bpo", "英语;德语", "120"),
        ] {
            self.post_outsourcing_demand(
                &enterprise,
                &DemandInput {
                    company: company.into(),
                    service: service.into(),
                    languages: languages.into(),
                    staff_needed: staff.into(),
                    description: String::new(),
                },
            )
            .await?;
        }
        Ok(BASES.len())
    }
}
