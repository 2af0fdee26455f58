//! Co-built parks (共建园区): a park inside its host zone, built with a partner zone under a
//! management model, with the agreed shares of tax and output. What the park yields is
//! booked in a sharing ledger of its own: each entry splits an amount between host and
//! partner exactly, and the host zone's statistics never read it.

use crate::error::{FieldError, Validation};
use crate::input::{amount, choice, date, required_text, whole_number};
use crate::money::Fen;
use crate::pipeline::coded_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

coded_enum! {
    /// Who runs the park.
    pub enum ManagementModel {
        Joint => ("joint", "双方共管", "Managed jointly"),
        PartnerManaged => ("partner_managed", "合作方托管", "Managed by the partner zone"),
        JointCompany => ("joint_company", "合资公司运营", "Run by a joint company"),
        HostManaged => ("host_managed", "所在地管理", "Managed by the host zone"),
    }
}

coded_enum! {
    /// What an entry of the sharing ledger splits.
    pub enum SharingKind {
        Tax => ("tax", "税收", "Tax revenue"),
        Output => ("output", "产值", "Output value"),
    }
}

/// A share in basis points (1/100 of a percent), so 35.5% is 3550, exactly.
const FULL: u32 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CoBuiltPark {
    pub id: i64,
    pub name_zh: String,
    pub host_zone_id: i64,
    pub partner_zone_id: i64,
    pub agreement_id: Option<i64>,
    pub model: ManagementModel,
    /// The partner's share of tax, in basis points.
    pub partner_tax_bp: u32,
    /// The partner's share of output value, in basis points.
    pub partner_output_bp: u32,
    pub established_on: NaiveDate,
}

impl CoBuiltPark {
    /// The partner's and host's parts of `total`: the partner's rounded down to the fen,
    /// the host keeps the rest, so the two always add up to the total.
    pub fn split(&self, kind: SharingKind, total: Fen) -> (Fen, Fen) {
        let bp = match kind {
            SharingKind::Tax => self.partner_tax_bp,
            SharingKind::Output => self.partner_output_bp,
        };
        let partner = (i128::from(total.0) * i128::from(bp) / i128::from(FULL)) as i64;
        (Fen(partner), Fen(total.0 - partner))
    }
}

/// A park as typed; shares in percent with up to two decimals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ParkInput {
    pub name_zh: String,
    pub host_zone_id: String,
    pub partner_zone_id: String,
    pub agreement_id: String,
    pub model: String,
    pub partner_tax_percent: String,
    pub partner_output_percent: String,
    pub established_on: String,
}

fn percent(v: &mut Validation, field: &str, raw: &str) -> Option<u32> {
    let bp = crate::input::quantity(v, field, raw, 2)?;
    if !(0..=i64::from(FULL)).contains(&bp) {
        v.push(FieldError::new(
            field,
            "out_of_range",
            "分成比例须在 0 到 100 之间",
            format!("{field} must be between 0 and 100"),
        ));
        return None;
    }
    u32::try_from(bp).ok()
}

fn id(v: &mut Validation, field: &str, label_zh: &str, raw: &str) -> Option<i64> {
    let n = whole_number(v, field, raw, u32::MAX)?;
    if n == 0 {
        v.push(FieldError::new(
            field,
            "unknown",
            format!("{label_zh}编号须为正整数"),
            format!("{field} must be a positive id"),
        ));
        return None;
    }
    Some(i64::from(n))
}

impl ParkInput {
    /// Checks the input; `zone_known` answers whether a zone id exists.
    pub fn check(&self, zone_known: impl Fn(i64) -> bool) -> Result<CoBuiltPark, Validation> {
        let mut v = Validation::default();
        let name_zh = required_text(&mut v, "name_zh", "园区名称", &self.name_zh, 200);
        let mut zone = |field: &str, raw: &str| {
            if raw.trim().is_empty() {
                v.push(FieldError::required(field, "开发区"));
                return None;
            }
            let found = id(&mut v, field, "开发区", raw);
            if let Some(z) = found.filter(|z| !zone_known(*z)) {
                v.push(FieldError::new(
                    field,
                    "unknown",
                    format!("没有编号为{z}的开发区"),
                    format!("{field}: no zone {z}"),
                ));
                return None;
            }
            found
        };
        let host = zone("host_zone_id", &self.host_zone_id);
        let partner = zone("partner_zone_id", &self.partner_zone_id);
        if host.is_some() && host == partner {
            v.push(FieldError::new(
                "partner_zone_id",
                "same_as_host",
                "合作开发区不能是园区所在开发区",
                "partner_zone_id must differ from host_zone_id",
            ));
        }
        let agreement_id = if self.agreement_id.trim().is_empty() {
            None
        } else {
            id(&mut v, "agreement_id", "协议", &self.agreement_id)
        };
        let model = choice(
            &mut v,
            "model",
            "管理模式",
            &self.model,
            ManagementModel::parse,
        );
        let tax = percent(&mut v, "partner_tax_percent", &self.partner_tax_percent);
        let output = percent(
            &mut v,
            "partner_output_percent",
            &self.partner_output_percent,
        );
        let established_on = date(&mut v, "established_on", &self.established_on);
        if self.established_on.trim().is_empty() {
            v.push(FieldError::required("established_on", "设立日期"));
        }
        match (name_zh, host, partner, model, established_on) {
            (Some(name_zh), Some(host), Some(partner), Some(model), Some(established_on))
                if v.is_empty() =>
            {
                Ok(CoBuiltPark {
                    id: 0,
                    name_zh,
                    host_zone_id: host,
                    partner_zone_id: partner,
                    agreement_id,
                    model,
                    partner_tax_bp: tax.unwrap_or(0),
                    partner_output_bp: output.unwrap_or(0),
                    established_on,
                })
            }
            _ => Err(v),
        }
    }
}

/// One booked amount of the sharing ledger, split at the park's shares when booked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SharingEntry {
    pub id: i64,
    pub park_id: i64,
    pub year: i32,
    pub kind: SharingKind,
    pub total: Fen,
    pub partner: Fen,
    pub host: Fen,
}

/// An entry as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct SharingInput {
    pub year: String,
    pub kind: String,
    pub total_yuan: String,
}

impl SharingInput {
    /// A year from the park's establishment to the current one.
    pub fn check(&self, park: &CoBuiltPark, today: NaiveDate) -> Result<SharingEntry, Validation> {
        use chrono::Datelike;
        let mut v = Validation::default();
        let kind = choice(&mut v, "kind", "类别", &self.kind, SharingKind::parse);
        let total = amount(&mut v, "total_yuan", &self.total_yuan);
        if self.total_yuan.trim().is_empty() {
            v.push(FieldError::required("total_yuan", "金额"));
        }
        let first = park.established_on.year();
        let year = whole_number(&mut v, "year", &self.year, 9999).map(|y| y as i32);
        if let Some(y) = year.filter(|y| *y < first || *y > today.year()) {
            v.push(FieldError::new(
                "year",
                "out_of_range",
                format!("年度{y}须在{first}年至{}年之间", today.year()),
                format!("year {y} must be between {first} and {}", today.year()),
            ));
        }
        if self.year.trim().is_empty() {
            v.push(FieldError::required("year", "年度"));
        }
        match (kind, total, year) {
            (Some(kind), Some(total), Some(year)) if v.is_empty() => {
                let (partner, host) = park.split(kind, total);
                Ok(SharingEntry {
                    id: 0,
                    park_id: park.id,
                    year,
                    kind,
                    total,
                    partner,
                    host,
                })
            }
            _ => Err(v),
        }
    }
}

/// The ledger's sums by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SharingTotals {
    pub tax_total: Fen,
    pub tax_partner: Fen,
    pub output_total: Fen,
    pub output_partner: Fen,
}

impl SharingTotals {
    pub fn of(entries: &[SharingEntry]) -> SharingTotals {
        let mut t = SharingTotals::default();
        for e in entries {
            let (total, partner) = match e.kind {
                SharingKind::Tax => (&mut t.tax_total, &mut t.tax_partner),
                SharingKind::Output => (&mut t.output_total, &mut t.output_partner),
            };
            total.0 += e.total.0;
            partner.0 += e.partner.0;
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn park(tax: &str) -> CoBuiltPark {
        ParkInput {
            name_zh: "苏宿工业园区".into(),
            host_zone_id: "2".into(),
            partner_zone_id: "1".into(),
            agreement_id: String::new(),
            model: "合作方托管".into(),
            partner_tax_percent: tax.into(),
            partner_output_percent: "50".into(),
            established_on: "2006-12-01".into(),
        }
        .check(|z| z == 1 || z == 2)
        .expect("valid")
    }

    #[test]
    fn bad_parks_are_refused_by_field() {
        let err = ParkInput {
            host_zone_id: "2".into(),
            partner_zone_id: "2".into(),
            partner_tax_percent: "120".into(),
            model: "nonsense".into(),
            ..Default::default()
        }
        .check(|z| z == 2)
        .expect_err("invalid");
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "name_zh",
            "partner_zone_id",
            "model",
            "partner_tax_percent",
            "established_on",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        assert_eq!(park("35.5").partner_tax_bp, 3550);
    }

    #[test]
    fn sharing_entries_fall_in_the_parks_years() {
        let p = park("40");
        let today = NaiveDate::from_ymd_opt(2009, 6, 1).expect("a date");
        let entry = |year: &str| SharingInput {
            year: year.into(),
            kind: "tax".into(),
            total_yuan: "100.01".into(),
        };
        let e = entry("2008").check(&p, today).expect("valid");
        assert_eq!((e.partner, e.host), (Fen(4000), Fen(6001)));
        assert_eq!(
            entry("2005").check(&p, today).expect_err("early").0[0].field,
            "year"
        );
        assert_eq!(
            entry("2010").check(&p, today).expect_err("late").0[0].field,
            "year"
        );
    }

    proptest! {
        #[test]
        fn the_two_parts_add_up_to_the_total(total in 0i64..1_000_000_000_000_000, bp in 0u32..=10_000) {
            let mut p = park("0");
            p.partner_tax_bp = bp;
            let (partner, host) = p.split(SharingKind::Tax, Fen(total));
            prop_assert_eq!(partner.0 + host.0, total);
            prop_assert!(partner.0 >= 0 && host.0 >= 0);
        }
    }
}
