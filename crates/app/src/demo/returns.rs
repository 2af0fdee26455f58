//! Demo statistical returns: accepted half-year and annual returns for 2023–2025 for every
//! demo zone, and, once the 2026 half year has ended, one return waiting on its province,
//! one returned to its zone and one filed with an explained year-on-year jump. The 2023
//! levels are MOFCOM's published averages per national ETDZ of the zone's region, times a
//! size factor for the zone (see `data/SOURCES.md`, "Statistical returns"); later years
//! grow a few percent a year.

use crate::audit::Context;
use crate::returns::{dictionary, new_stored};
use crate::write::{Operator, Record};
use crate::{App, AppError};
use chrono::{Days, NaiveDate};
use gowest_domain::change::Entity;
use gowest_domain::returns::{Measure, Period, PeriodKind, Status, Unit, Values, ZoneReturn};
use gowest_store::returns::{ReturnFilter, StoredReturn};
use std::collections::BTreeMap;

/// 1 万元 and 1 亿元 in fen; 1 万美元 in US cents.
const WAN: i64 = 1_000_000;
const YI: i64 = 10_000 * WAN;
const WAN_USD: i64 = 1_000_000;

/// A demo zone's 2023 annual return and its yearly growth of flows in percent.
struct DemoZone {
    name: &'static str,
    growth_percent: i64,
    annual_2023: [(&'static str, i64); 20],
}

/// 2023 levels. Suzhou: about 4 times the eastern average (9.3万亿元 GDP over 103 zones,
/// 903亿元 each); Wuhan: about 3.3 times the central average (3万亿元 over 55, 545亿元);
/// Chengdu: about 1.7 times the average of the other 71 zones (15.7 − 9.3 − 3.0 = 3.4万亿元,
/// 479亿元 each). Trade, exports, tax and FDI are scaled from the same regional averages.
const ZONES: [DemoZone; 3] = [
    DemoZone {
        name: "苏州工业园区",
        growth_percent: 4,
        annual_2023: [
            ("fdi_actual", 210_000 * WAN_USD),
            ("trade_total", 6_100 * YI),
            ("exports", 3_600 * YI),
            ("gdp", 3_650 * YI),
            ("tax_revenue", 610 * YI),
            ("industrial_output", 6_200 * YI),
            ("fixed_asset_investment", 620 * YI),
            ("new_jobs", 45_000),
            ("rd_intensity", 360),
            ("high_tech_enterprises", 2_700),
            ("research_institutions", 480),
            ("incubators", 40),
            ("listed_enterprises", 60),
            ("large_manufacturers", 45),
            ("energy_intensity", 250),
            ("carbon_intensity", 620),
            ("water_intensity", 6_000),
            ("solid_waste_utilisation", 9_500),
            ("cooperation_parks", 6),
            ("paired_assistance", 4),
        ],
    },
    DemoZone {
        name: "武汉经济技术开发区",
        growth_percent: 5,
        annual_2023: [
            ("fdi_actual", 32_000 * WAN_USD),
            ("trade_total", 760 * YI),
            ("exports", 470 * YI),
            ("gdp", 1_800 * YI),
            ("tax_revenue", 235 * YI),
            ("industrial_output", 3_800 * YI),
            ("fixed_asset_investment", 480 * YI),
            ("new_jobs", 30_000),
            ("rd_intensity", 310),
            ("high_tech_enterprises", 900),
            ("research_institutions", 220),
            ("incubators", 18),
            ("listed_enterprises", 15),
            ("large_manufacturers", 30),
            ("energy_intensity", 300),
            ("carbon_intensity", 750),
            ("water_intensity", 8_000),
            ("solid_waste_utilisation", 9_300),
            ("cooperation_parks", 3),
            ("paired_assistance", 2),
        ],
    },
    DemoZone {
        name: "成都经济技术开发区",
        growth_percent: 6,
        annual_2023: [
            ("fdi_actual", 24_000 * WAN_USD),
            ("trade_total", 300 * YI),
            ("exports", 160 * YI),
            ("gdp", 820 * YI),
            ("tax_revenue", 95 * YI),
            ("industrial_output", 2_600 * YI),
            ("fixed_asset_investment", 350 * YI),
            ("new_jobs", 22_000),
            ("rd_intensity", 260),
            ("high_tech_enterprises", 520),
            ("research_institutions", 110),
            ("incubators", 9),
            ("listed_enterprises", 8),
            ("large_manufacturers", 22),
            ("energy_intensity", 350),
            ("carbon_intensity", 850),
            ("water_intensity", 9_000),
            ("solid_waste_utilisation", 9_000),
            ("cooperation_parks", 4),
            ("paired_assistance", 3),
        ],
    },
];

/// The January–June share of a flow, in percent of the year.
const HALF_YEAR_SHARE: i64 = 47;

fn round_to(value: i64, step: i64) -> i64 {
    (value + step / 2) / step * step
}

fn scale(value: i64, percent: i64, times: u32) -> i64 {
    (0..times).fold(value, |v, _| v * (100 + percent) / 100)
}

/// A zone's values for a period `years` after 2023: flows grow by the zone's rate, stocks
/// by 4 % a year, intensities fall 3 % a year, R&D intensity and waste use creep up.
fn values_for(zone: &DemoZone, period: Period) -> Result<Values, AppError> {
    let dict = dictionary()?;
    let years = u32::try_from(period.year() - 2023).unwrap_or(0);
    let mut out = BTreeMap::new();
    for &(code, base) in &zone.annual_2023 {
        let Some(field) = dict.field(code) else {
            continue;
        };
        if !field.collected_in(period.kind()) {
            continue;
        }
        let value = match (field.measure, code) {
            (Measure::Flow, "paired_assistance") => base,
            (Measure::Flow, _) => scale(base, zone.growth_percent, years),
            (Measure::Stock, "cooperation_parks") => base,
            (Measure::Stock, _) => scale(base, 4, years),
            (Measure::Ratio, "rd_intensity") => base + 10 * i64::from(years),
            (Measure::Ratio, "solid_waste_utilisation") => {
                (base + 40 * i64::from(years)).min(9_900)
            }
            (Measure::Ratio, _) => scale(base, -3, years),
        };
        let value = if period.kind() == PeriodKind::HalfYear && field.measure == Measure::Flow {
            value * HALF_YEAR_SHARE / 100
        } else {
            value
        };
        // Zones report money to the 万元 (万美元), not to the fen.
        let value = match field.unit {
            Unit::Fen => round_to(value, WAN),
            Unit::UsCents => round_to(value, WAN_USD),
            _ => value,
        };
        out.insert(code.to_owned(), value);
    }
    Ok(out)
}

fn filed(ret: ZoneReturn, days_early: u64, accepted_after: Option<u64>) -> ZoneReturn {
    let filed_on = ret.period.due_on().checked_sub_days(Days::new(days_early));
    let accepted_on = accepted_after.and_then(|d| filed_on?.checked_add_days(Days::new(d)));
    ZoneReturn {
        status: if accepted_on.is_some() {
            Status::Accepted
        } else {
            Status::Filed
        },
        filed_on,
        accepted_on,
        ..ret
    }
}

impl App {
    /// Seeds the demo returns once; returns how many versions were written.
    pub async fn seed_demo_returns(&self, op: &Operator) -> Result<usize, AppError> {
        if !self
            .store
            .statistical_returns(&ReturnFilter::default())
            .await?
            .is_empty()
        {
            return Ok(0);
        }
        let today = self.today_in_china();
        let mut returns: Vec<ZoneReturn> = Vec::new();
        for zone in &ZONES {
            let Some(zone_id) = self
                .directory()
                .zones
                .iter()
                .find(|l| l.zone.fields.name_zh == zone.name)
                .map(|l| l.zone.id)
            else {
                return Err(AppError::NotFound {
                    entity: "demo zone",
                });
            };
            for year in 2023..=2025 {
                for (period, early) in [(Period::HalfYear(year), 5), (Period::Annual(year), 8)] {
                    let ret = ZoneReturn {
                        values: values_for(zone, period)?,
                        ..ZoneReturn::new(zone_id, period)
                    };
                    returns.push(filed(ret, early, Some(12)));
                }
            }
            let h1 = Period::HalfYear(2026);
            if h1.opens_on() <= today {
                returns.push(self.demo_waiting(zone, zone_id, h1)?);
            }
        }
        let mut tx = self.write(op, &Context::system("demo")).await?;
        let now = tx.now();
        let mut records = Vec::with_capacity(returns.len());
        for ret in returns {
            let stored = StoredReturn {
                demo: true,
                ..new_stored(ret)
            };
            let id = tx.insert_return(&stored, now).await?;
            let (zone_org, province_org) = tx.return_orgs(stored.ret.zone_id).await?;
            records.push(
                Record::new("returns.demo", Entity::StatisticalReturn, id)
                    .after(&stored.ret)
                    .concerns(zone_org.into_iter().chain(province_org)),
            );
        }
        let n = records.len();
        tx.finish_all(records).await?;
        Ok(n)
    }

    /// The 2026 half-year return of each demo zone in a state other than accepted:
    /// Chengdu's waits on Sichuan, Wuhan's was returned by Hubei, Suzhou's explains a jump
    /// in FDI.
    fn demo_waiting(
        &self,
        zone: &DemoZone,
        zone_id: i64,
        h1: Period,
    ) -> Result<ZoneReturn, AppError> {
        let mut ret = ZoneReturn {
            values: values_for(zone, h1)?,
            ..ZoneReturn::new(zone_id, h1)
        };
        Ok(match zone.name {
            "武汉经济技术开发区" => ZoneReturn {
                status: Status::Returned,
                filed_on: demo_day(2026, 7, 13),
                return_reason: Some(
                    "出口总额与武汉海关统计数差异较大，请核实后重新报送。".to_owned(),
                ),
                ..ret
            },
            "苏州工业园区" => {
                if let Some(fdi) = ret.values.get_mut("fdi_actual") {
                    *fdi = *fdi * 145 / 100;
                }
                ret.explanations.insert(
                    "fdi_actual".to_owned(),
                    "上半年两家外资生物医药企业增资扩股集中到位，合计约3亿美元，属一次性因素。"
                        .to_owned(),
                );
                filed(ret, 3, None)
            }
            _ => filed(ret, 4, None),
        })
    }
}

fn demo_day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}
