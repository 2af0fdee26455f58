//! Rural commerce information (measure 10 (一)): information service stations
//! (农村商务信息服务站点) in central and western townships, each with its part-time township
//! commerce information assistants (兼职乡镇商务信息助理) and the farmers it has trained in
//! basic commerce information skills; counts and coverage by province and county.

use crate::error::{FieldError, Validation};
use crate::input::{date, opt, province, required_text, whole_number};
use crate::reference::ReferenceCatalog;
use crate::region::{ProvinceCode, Region};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A station as typed in a form, a spreadsheet row or an API body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct StationInput {
    pub name_zh: String,
    /// GB/T 2260 province code; a central or western province.
    pub province_code: String,
    pub county: String,
    pub township: String,
    /// `YYYY-MM-DD`.
    pub opened_on: String,
    /// Part-time township commerce information assistants.
    pub assistants: String,
    /// Farmers trained in basic commerce information skills so far.
    pub farmers_trained: String,
}

/// A checked station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Station {
    pub name_zh: String,
    pub province_code: ProvinceCode,
    pub county: String,
    pub township: String,
    pub opened_on: NaiveDate,
    pub assistants: i64,
    pub farmers_trained: i64,
}

/// Counts for one province or one county.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Coverage {
    pub province_code: String,
    /// Empty on a province's row.
    pub county: String,
    pub stations: i64,
    /// Distinct townships with a station.
    pub townships: i64,
    /// Distinct counties with a station (1 on a county's row).
    pub counties: i64,
    pub assistants: i64,
    pub farmers_trained: i64,
}

/// The most assistants one station may list; more is a typing mistake.
const MAX_ASSISTANTS: u32 = 50;
/// The most farmers one station may report trained.
const MAX_FARMERS: u32 = 1_000_000;

impl StationInput {
    /// Checks a station; `today` bounds the opening date.
    pub fn check(
        &self,
        catalog: &ReferenceCatalog,
        today: NaiveDate,
    ) -> Result<Station, Validation> {
        let mut v = Validation::default();
        let name = required_text(&mut v, "name_zh", "站点名称", &self.name_zh, 80);
        let code = province(&mut v, "province_code", &self.province_code, catalog);
        if let Some(p) = code.as_ref().and_then(|c| catalog.province(c))
            && !matches!(p.region, Region::Central | Region::West)
        {
            v.push(FieldError::new(
                "province_code",
                "not_central_or_west",
                format!("{}不属于中西部地区，信息服务站点设在中西部乡镇", p.name_zh),
                format!(
                    "{} is not a central or western province; stations are for central and \
                     western townships",
                    p.code.as_str()
                ),
            ));
        }
        let county = required_text(&mut v, "county", "县（市、区）", &self.county, 40);
        let township = required_text(&mut v, "township", "乡镇", &self.township, 40);
        let opened = date(&mut v, "opened_on", &self.opened_on);
        if opt(&self.opened_on).is_none() {
            v.push(FieldError::required("opened_on", "建站日期"));
        }
        if let Some(day) = opened.filter(|d| *d > today) {
            v.push(FieldError::new(
                "opened_on",
                "future",
                format!("建站日期 {day} 晚于今天（{today}）"),
                format!("opened_on {day} is after today ({today})"),
            ));
        }
        let assistants = whole_number(&mut v, "assistants", &self.assistants, MAX_ASSISTANTS);
        let farmers = whole_number(
            &mut v,
            "farmers_trained",
            &self.farmers_trained,
            MAX_FARMERS,
        );
        match (name, code, county, township, opened) {
            (Some(name_zh), Some(province_code), Some(county), Some(township), Some(opened_on))
                if v.is_empty() =>
            {
                Ok(Station {
                    name_zh,
                    province_code,
                    county,
                    township,
                    opened_on,
                    assistants: i64::from(assistants.unwrap_or(0)),
                    farmers_trained: i64::from(farmers.unwrap_or(0)),
                })
            }
            _ => Err(v),
        }
    }
}

/// A listing's province filter as typed (`field` names it in a refusal): empty means every
/// province; anything else must be a known GB/T 2260 code, so a typing mistake is named rather
/// than silently listing nothing or everything.
pub fn province_filter(
    field: &str,
    raw: &str,
    catalog: &ReferenceCatalog,
) -> Result<Option<ProvinceCode>, Validation> {
    if opt(raw).is_none() {
        return Ok(None);
    }
    let mut v = Validation::default();
    match province(&mut v, field, raw, catalog) {
        Some(code) if v.is_empty() => Ok(Some(code)),
        _ => Err(v),
    }
}

impl Station {
    /// Two stations are the same when name and township agree.
    pub fn key(&self) -> (String, String, String, String) {
        (
            self.province_code.as_str().to_owned(),
            self.county.clone(),
            self.township.clone(),
            self.name_zh.clone(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_catalog::catalog;

    fn input() -> StationInput {
        StationInput {
            name_zh: "郫县唐昌镇农村商务信息服务站".into(),
            province_code: "510000".into(),
            county: "郫县".into(),
            township: "唐昌镇".into(),
            opened_on: "2007-04-01".into(),
            assistants: "2".into(),
            farmers_trained: "120".into(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2007, 6, 1).expect("day")
    }

    #[test]
    fn a_western_township_station_is_accepted() {
        let s = input().check(&catalog(), today()).expect("valid");
        assert_eq!((s.assistants, s.farmers_trained), (2, 120));
    }

    #[test]
    fn an_eastern_province_a_future_date_and_a_negative_count_are_each_named() {
        let bad = StationInput {
            province_code: "440000".into(),
            opened_on: "2007-06-02".into(),
            assistants: "-1".into(),
            ..input()
        };
        let v = bad.check(&catalog(), today()).expect_err("refused");
        let fields: Vec<&str> = v.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["province_code", "opened_on", "assistants"]);
    }

    #[test]
    fn a_province_filter_is_empty_a_known_code_or_named() {
        assert_eq!(province_filter("province", " ", &catalog()), Ok(None));
        assert_eq!(
            province_filter("province", "510000", &catalog())
                .expect("known")
                .map(|c| c.as_str().to_owned()),
            Some("510000".to_owned())
        );
        let v = province_filter("province", "sichuan", &catalog()).expect_err("named");
        assert_eq!(v.0[0].field, "province");
        assert!(v.0[0].message_en.contains("sichuan"));
    }

    #[test]
    fn blank_counts_are_zero_and_blank_places_are_required() {
        let s = StationInput {
            assistants: String::new(),
            farmers_trained: String::new(),
            ..input()
        }
        .check(&catalog(), today())
        .expect("valid");
        assert_eq!((s.assistants, s.farmers_trained), (0, 0));
        let v = StationInput {
            county: " ".into(),
            township: String::new(),
            ..input()
        }
        .check(&catalog(), today())
        .expect_err("refused");
        let fields: Vec<&str> = v.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["county", "township"]);
    }
}
