//! One market's daily price report: the clerk's typed fields checked against the catalogue,
//! converted exactly to the catalogue unit, and timed against the reporting deadline.

use super::catalogue::{Catalogue, ConvertError, Unit, convert_price, volume_to_base};
use crate::error::{FieldError, Validation};
use crate::input::{amount, choice, date, opt, quantity, text};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// 特级 / 一级 / 二级 / 三级 / 统货 (ungraded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Premium,
    First,
    Second,
    Third,
    Ungraded,
}

impl Grade {
    pub const ALL: [Grade; 5] = [
        Grade::Premium,
        Grade::First,
        Grade::Second,
        Grade::Third,
        Grade::Ungraded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Grade::Premium => "premium",
            Grade::First => "first",
            Grade::Second => "second",
            Grade::Third => "third",
            Grade::Ungraded => "ungraded",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Grade::Premium => "特级",
            Grade::First => "一级",
            Grade::Second => "二级",
            Grade::Third => "三级",
            Grade::Ungraded => "统货",
        }
    }

    pub fn parse(raw: &str) -> Option<Grade> {
        Grade::ALL
            .into_iter()
            .find(|g| g.code() == raw || g.name_zh() == raw)
    }
}

/// The fields as typed in a form, a spreadsheet row or an API body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReportInput {
    /// Catalogue code or Chinese name, e.g. `cabbage` or `大白菜`.
    pub product: String,
    pub variety: String,
    /// Grade code or Chinese name; empty means 统货.
    pub grade: String,
    /// Unit code or Chinese name; empty means the product's catalogue unit.
    pub unit: String,
    /// Price in 元 per `unit`, at most two decimals.
    pub price: String,
    /// Volume traded, in `unit`, at most three decimals.
    pub volume: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// A checked report, its price in fen per the product's catalogue unit and its volume in
/// grams or pieces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PriceReport {
    pub product: String,
    pub variety: Option<String>,
    pub grade: Grade,
    pub day: NaiveDate,
    pub price_fen: i64,
    pub volume_base: i64,
    /// As the clerk gave it, kept so the conversion can be checked later.
    pub reported_unit: Unit,
    pub reported_price_fen: i64,
}

/// Checks one report; `today` is the reporting day in China Standard Time.
pub fn check(
    input: &ReportInput,
    catalogue: &Catalogue,
    today: NaiveDate,
) -> Result<PriceReport, Validation> {
    let mut v = Validation::default();
    let product = match opt(&input.product) {
        None => {
            v.push(FieldError::required("product", "产品"));
            None
        }
        Some(raw) => {
            let found = catalogue.find(&raw);
            if found.is_none() {
                v.push(FieldError::new(
                    "product",
                    "unknown",
                    format!("产品“{raw}”不在产品目录中"),
                    format!("product \"{raw}\" is not in the catalogue"),
                ));
            }
            found
        }
    };
    let variety = text(&mut v, "variety", &input.variety, 40);
    let grade = if opt(&input.grade).is_none() {
        Some(Grade::Ungraded)
    } else {
        choice(&mut v, "grade", "等级", &input.grade, Grade::parse)
    };
    let unit = match opt(&input.unit) {
        None => product.map(|p| p.unit),
        Some(_) => choice(&mut v, "unit", "计量单位", &input.unit, Unit::parse),
    };
    let price = amount(&mut v, "price", &input.price);
    if opt(&input.price).is_none() {
        v.push(FieldError::required("price", "价格"));
    }
    let volume = quantity(&mut v, "volume", &input.volume, 3);
    if opt(&input.volume).is_none() {
        v.push(FieldError::required("volume", "交易量"));
    }
    let day = date(&mut v, "date", &input.date);
    if opt(&input.date).is_none() {
        v.push(FieldError::required("date", "日期"));
    }
    if let Some(day) = day.filter(|d| *d > today) {
        v.push(FieldError::new(
            "date",
            "future",
            format!("日期 {day} 晚于今天（{today}），不能报送未来价格"),
            format!("date {day} is after today ({today}); future prices cannot be reported"),
        ));
    }
    let converted = match (product, unit, price) {
        (Some(p), Some(u), Some(fen)) => match convert_price(fen.0, u, p.unit) {
            Ok(c) => Some(c),
            Err(e) => {
                v.push(conversion_error("unit", e, u, p.unit));
                None
            }
        },
        _ => None,
    };
    let volume_base = match (unit, volume) {
        (Some(u), Some(milli)) => match volume_to_base(milli, u) {
            Ok(b) => Some(b),
            Err(_) => {
                v.push(FieldError::new(
                    "volume",
                    "too_precise",
                    format!(
                        "交易量不能小于1{}",
                        if u.kind() == super::catalogue::UnitKind::Mass {
                            "克"
                        } else {
                            "个"
                        }
                    ),
                    "volume must be a whole number of grams or pieces",
                ));
                None
            }
        },
        _ => None,
    };
    match (product, grade, day, converted, volume_base, unit, price) {
        (
            Some(p),
            Some(grade),
            Some(day),
            Some(price_fen),
            Some(volume_base),
            Some(u),
            Some(raw),
        ) if v.is_empty() => Ok(PriceReport {
            product: p.code.clone(),
            variety,
            grade,
            day,
            price_fen,
            volume_base,
            reported_unit: u,
            reported_price_fen: raw.0,
        }),
        _ => Err(v),
    }
}

fn conversion_error(field: &str, e: ConvertError, from: Unit, to: Unit) -> FieldError {
    match e {
        ConvertError::Incompatible => FieldError::new(
            field,
            "incompatible_unit",
            format!(
                "单位“{}”不能换算为该产品的目录单位“{}”",
                from.name_zh(),
                to.name_zh()
            ),
            format!(
                "unit {} cannot be converted to the product's unit {}",
                from.code(),
                to.code()
            ),
        ),
        ConvertError::Inexact | ConvertError::OutOfRange => FieldError::new(
            "price",
            "inexact_conversion",
            format!(
                "按“{}”换算后价格不是整分，请按“{}”报价",
                to.name_zh(),
                to.name_zh()
            ),
            format!(
                "the price per {} would not be whole fen; report it per {}",
                to.code(),
                to.code()
            ),
        ),
    }
}

/// China Standard Time; China keeps no daylight saving, so a fixed offset is exact.
pub fn china_time() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The daily reporting deadline (programme data; 14:00 by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportWindow {
    #[schema(value_type = String, example = "14:00:00")]
    pub deadline: NaiveTime,
}

impl Default for ReportWindow {
    fn default() -> Self {
        ReportWindow {
            deadline: NaiveTime::from_hms_opt(14, 0, 0).expect("14:00 is a valid time"),
        }
    }
}

impl ReportWindow {
    /// The calendar day in China at `now`.
    pub fn today(now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&china_time()).date_naive()
    }

    /// A report for `day` received at `at` is late when received after the deadline of that day.
    pub fn is_late(&self, day: NaiveDate, at: DateTime<Utc>) -> bool {
        at.with_timezone(&china_time()).naive_local() > day.and_time(self.deadline)
    }

    /// A market that has not reported for `day` is missing once that day's deadline passed.
    pub fn is_overdue(&self, day: NaiveDate, now: DateTime<Utc>) -> bool {
        self.is_late(day, now)
    }

    /// The latest day whose deadline has passed at `now`: today from the deadline on,
    /// yesterday before it.
    pub fn last_closed_day(&self, now: DateTime<Utc>) -> NaiveDate {
        let today = ReportWindow::today(now);
        if self.is_overdue(today, now) {
            today
        } else {
            today.pred_opt().unwrap_or(today)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2007, 5, 10).expect("date")
    }

    fn good() -> ReportInput {
        ReportInput {
            product: "大白菜".into(),
            variety: "黄心".into(),
            grade: "一级".into(),
            unit: "斤".into(),
            price: "0.65".into(),
            volume: "1200".into(),
            date: "2007-05-10".into(),
        }
    }

    #[test]
    fn a_jin_report_is_stored_per_kg_with_its_volume_in_grams() {
        let r = check(&good(), &Catalogue::standard(), today()).expect("valid");
        assert_eq!(r.product, "cabbage");
        assert_eq!(r.price_fen, 130);
        assert_eq!(r.reported_price_fen, 65);
        assert_eq!(r.volume_base, 600_000);
        assert_eq!(r.grade, Grade::First);
    }

    #[test]
    fn unknown_product_negative_price_and_future_date_are_each_named() {
        let cat = Catalogue::standard();
        let fields = |input: ReportInput| -> Vec<(String, &'static str)> {
            check(&input, &cat, today())
                .expect_err("refused")
                .0
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect()
        };
        assert_eq!(
            fields(ReportInput {
                product: "榴莲干".into(),
                ..good()
            }),
            vec![("product".into(), "unknown")]
        );
        assert_eq!(
            fields(ReportInput {
                price: "-1".into(),
                ..good()
            }),
            vec![("price".into(), "negative")]
        );
        assert_eq!(
            fields(ReportInput {
                date: "2007-05-11".into(),
                ..good()
            }),
            vec![("date".into(), "future")]
        );
        assert_eq!(
            fields(ReportInput {
                unit: "头".into(),
                ..good()
            }),
            vec![("unit".into(), "incompatible_unit")]
        );
    }

    #[test]
    fn a_kg_price_that_would_not_be_whole_fen_per_jin_is_refused() {
        let cat = Catalogue {
            products: vec![super::super::Product {
                unit: Unit::Jin,
                ..Catalogue::standard().products[0].clone()
            }],
        };
        let e = check(
            &ReportInput {
                unit: "kg".into(),
                price: "1.31".into(),
                ..good()
            },
            &cat,
            today(),
        )
        .expect_err("inexact");
        assert_eq!(e.0[0].code, "inexact_conversion");
    }

    #[test]
    fn the_deadline_is_two_pm_china_time() {
        let w = ReportWindow::default();
        let day = today();
        // 05:59:59 UTC is 13:59:59 in Beijing.
        let before = Utc
            .with_ymd_and_hms(2007, 5, 10, 5, 59, 59)
            .single()
            .expect("t");
        let after = Utc
            .with_ymd_and_hms(2007, 5, 10, 6, 0, 1)
            .single()
            .expect("t");
        assert!(!w.is_late(day, before));
        assert!(w.is_late(day, after));
        assert_eq!(w.last_closed_day(before), day.pred_opt().expect("a day"));
        assert_eq!(w.last_closed_day(after), day);
        assert_eq!(
            ReportWindow::today(
                Utc.with_ymd_and_hms(2007, 5, 9, 16, 0, 0)
                    .single()
                    .expect("t")
            ),
            day
        );
    }
}
