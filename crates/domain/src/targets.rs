//! The programme's targets as data (the 2006 notice's figures, shipped as defaults and kept
//! by the ministry) and their progress, computed from records: the share of a target as a
//! numerator over a denominator, per year, per region and per province.

use crate::decimal::{DecimalError, parse_scaled};
use crate::error::{FieldError, Validation};
use crate::pipeline::Ratio;
use crate::region::{ProvinceCode, Region};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

crate::pipeline::coded_enum! {
    /// Which figure of the records a target is measured by; also the target's code.
    pub enum Measure {
        Technicians => ("technicians", "实用技工培训", "technician training"),
        CdbLoans => ("cdb_loans", "国家开发银行政策性贷款", "CDB policy loans"),
        InterestSubsidy => ("interest_subsidy", "基础设施贷款财政贴息", "infrastructure-loan interest subsidy"),
        EnterprisesWest => ("enterprises_west", "万商西进", "ten thousand enterprises moving west"),
        Expo => ("expo", "中博会", "China Central Expo"),
    }
}

crate::pipeline::coded_enum! {
    /// What a target counts.
    pub enum Unit {
        Persons => ("persons", "人", "persons"),
        Fen => ("fen", "元", "yuan"),
        Enterprises => ("enterprises", "家", "enterprises"),
        Expos => ("expos", "届", "editions"),
    }
}

crate::pipeline::coded_enum! {
    /// Whether the figure is a yearly one or one over the whole span.
    pub enum Period {
        PerYear => ("per_year", "每年", "per year"),
        Span => ("span", "期内合计", "over the period"),
    }
}

crate::pipeline::coded_enum! {
    /// Reached at the figure (约10万名), or only above it (在2005年基础上扩大).
    pub enum Comparison {
        AtLeast => ("at_least", "达到", "at least"),
        Above => ("above", "超过", "above"),
    }
}

crate::pipeline::coded_enum! {
    /// Where the figure comes from: a sentence of the notice, or the programme's name.
    pub enum SourceKind {
        Notice => ("notice", "通知原文", "the notice"),
        ProgrammeName => ("programme_name", "工程名称", "the programme's name"),
    }
}

/// One target. `amount` is `None` while the figure is still to be entered (the 2005
/// interest-subsidy level, which the notice refers to but does not state).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Target {
    pub code: Measure,
    pub name_zh: String,
    pub name_en: String,
    /// Inline in the API document: prices' `Unit` and the returns' `Period` hold those names.
    #[schema(inline)]
    pub unit: Unit,
    #[schema(inline)]
    pub period: Period,
    pub year_from: i32,
    /// `None`: every year from `year_from` on, without an end the notice sets.
    pub year_to: Option<i32>,
    pub comparison: Comparison,
    /// In the unit (fen for money).
    pub amount: Option<i64>,
    pub central: Option<i64>,
    pub west: Option<i64>,
    pub source_kind: SourceKind,
    /// The notice's measure, e.g. `三（一）`.
    pub source_ref: String,
    /// The exact sentence of the notice (or the programme's name).
    pub source_zh: String,
}

impl Target {
    /// The region's part of the target, where the notice splits it.
    pub fn for_region(&self, region: Region) -> Option<i64> {
        match region {
            Region::Central => self.central,
            Region::West => self.west,
            Region::East | Region::Northeast => None,
        }
    }

    /// Whether `achieved` meets `target` by this target's comparison.
    pub fn meets(&self, achieved: i128, target: i128) -> bool {
        match self.comparison {
            Comparison::AtLeast => achieved >= target,
            Comparison::Above => achieved > target,
        }
    }

    /// Applies a checked edit.
    pub fn with(&self, edit: &CheckedEdit) -> Target {
        Target {
            amount: edit.amount,
            central: edit.central,
            west: edit.west,
            year_from: edit.year_from,
            year_to: edit.year_to,
            ..self.clone()
        }
    }
}

/// The ministry's edit of a target's figures, as typed: money in 万元 (up to six decimals,
/// i.e. whole fen), counts as whole numbers; an empty amount means "to be entered".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TargetEdit {
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub central: String,
    #[serde(default)]
    pub west: String,
    pub year_from: String,
    #[serde(default)]
    pub year_to: String,
}

/// An edit that passed its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedEdit {
    pub amount: Option<i64>,
    pub central: Option<i64>,
    pub west: Option<i64>,
    pub year_from: i32,
    pub year_to: Option<i32>,
}

const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;
const FEN_PER_WAN: usize = 6;

fn figure(
    v: &mut Validation,
    field: &str,
    label_zh: &str,
    unit: Unit,
    raw: &str,
) -> Option<Option<i64>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(None);
    }
    let parsed = match unit {
        Unit::Fen => parse_scaled(raw, FEN_PER_WAN),
        _ => parse_scaled(raw, 0),
    };
    let (zh, en) = match parsed {
        Ok(n) if n > 0 => return Some(Some(n)),
        Ok(_) => ("须大于零", "must be greater than zero"),
        Err(DecimalError::TooPrecise) if unit == Unit::Fen => (
            "最多六位小数（万元，精确到分）",
            "at most six decimals (万元, whole fen)",
        ),
        Err(DecimalError::TooPrecise) => ("须为整数", "must be a whole number"),
        Err(DecimalError::OutOfRange) => ("数值过大", "is too large"),
        Err(DecimalError::NotANumber) => ("须为数字", "must be a number"),
    };
    v.push(FieldError::new(
        field,
        "invalid",
        format!("{label_zh}{zh}"),
        format!("{field} {en}"),
    ));
    None
}

fn year(v: &mut Validation, field: &str, label_zh: &str, raw: &str) -> Option<Option<i32>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(None);
    }
    match raw.parse::<i32>() {
        Ok(y) if YEARS.contains(&y) => Some(Some(y)),
        _ => {
            v.push(FieldError::new(
                field,
                "invalid",
                format!("{label_zh}须为 2000 至 2100 之间的年份"),
                format!("{field} must be a year from 2000 to 2100"),
            ));
            None
        }
    }
}

impl TargetEdit {
    /// Checks every field at once against the target it edits; each error names its field.
    pub fn check(&self, target: &Target) -> Result<CheckedEdit, Validation> {
        let mut v = Validation::default();
        let amount = figure(&mut v, "amount", "目标值", target.unit, &self.amount);
        let central = figure(&mut v, "central", "中部目标", target.unit, &self.central);
        let west = figure(&mut v, "west", "西部目标", target.unit, &self.west);
        let year_from = year(&mut v, "year_from", "起始年份", &self.year_from);
        let year_to = year(&mut v, "year_to", "截止年份", &self.year_to);
        if year_from == Some(None) {
            v.push(FieldError::new(
                "year_from",
                "required",
                "起始年份不能为空",
                "year_from is required",
            ));
        }
        let (Some(amount), Some(central), Some(west), Some(Some(year_from)), Some(year_to)) =
            (amount, central, west, year_from, year_to)
        else {
            return Err(v);
        };
        match (central, west, amount) {
            (None, None, _) => {}
            (Some(c), Some(w), Some(a)) if c.checked_add(w) == Some(a) => {}
            (Some(_), Some(_), Some(_)) => v.push(FieldError::new(
                "central",
                "split",
                "中部与西部目标之和须等于目标值",
                "central plus west must equal the amount",
            )),
            (Some(_), Some(_), None) => v.push(FieldError::new(
                "amount",
                "required",
                "分区目标已填，目标值不能为空",
                "amount is required when the regions are split",
            )),
            (None, Some(_), _) => v.push(FieldError::new(
                "central",
                "required",
                "中部与西部目标须同时填写或同时留空",
                "central and west are given together or not at all",
            )),
            (Some(_), None, _) => v.push(FieldError::new(
                "west",
                "required",
                "中部与西部目标须同时填写或同时留空",
                "central and west are given together or not at all",
            )),
        }
        match (target.period, year_to) {
            (Period::Span, None) => v.push(FieldError::new(
                "year_to",
                "required",
                "期内目标须填写截止年份",
                "year_to is required for a target over a period",
            )),
            (_, Some(to)) if to < year_from => v.push(FieldError::new(
                "year_to",
                "order",
                "截止年份不能早于起始年份",
                "year_to must not be before year_from",
            )),
            _ => {}
        }
        if !v.is_empty() {
            return Err(v);
        }
        Ok(CheckedEdit {
            amount,
            central,
            west,
            year_from,
            year_to,
        })
    }
}

/// One fact of the records, already reduced to a target's figure: what counts towards it
/// (`achieved`) and a companion figure shown beside it (disbursed beside committed, projects
/// in production beside enterprises, signings beside expos). A fact without a place (an
/// expo held) counts in the headline and its year, in no region or province.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub year: i32,
    pub place: Option<(Region, ProvinceCode)>,
    pub achieved: i128,
    pub companion: i128,
}

/// One line of progress: a year, a region, a province or the headline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Line {
    /// A year, a region code or a province code; `total` for the headline.
    pub key: String,
    pub achieved: i128,
    pub companion: i128,
    /// What this line is measured against, if the target says.
    pub target: Option<i128>,
    /// `achieved / target`, when there is a target.
    pub share: Option<Ratio>,
    pub met: Option<bool>,
}

impl Line {
    fn new(key: String, achieved: i128, companion: i128, target: Option<i128>, t: &Target) -> Line {
        let target = target.filter(|t| *t > 0);
        Line {
            key,
            achieved,
            companion,
            share: target.map(|d| Ratio {
                numerator: achieved,
                denominator: d,
            }),
            met: target.map(|d| t.meets(achieved, d)),
            target,
        }
    }

    /// The share in basis points (6667 for 2/3), rounded half up.
    pub fn basis_points(&self) -> Option<i128> {
        self.share.and_then(|r| r.basis_points())
    }
}

/// A target with its progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct TargetProgress {
    pub target: Target,
    /// The year the headline and the region and province lines are of (a yearly target's
    /// latest year with records); `None` for a target over a period (all its records).
    pub year: Option<i32>,
    pub headline: Line,
    pub by_year: Vec<Line>,
    pub by_region: Vec<Line>,
    pub by_province: Vec<Line>,
    /// Yearly targets with a figure: the years met, of the years up to `year`.
    pub years_met: Option<YearsMet>,
}

/// How many of a yearly target's years met it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct YearsMet {
    pub met: u32,
    pub of: u32,
}

fn sum<'a>(facts: impl Iterator<Item = &'a Fact>) -> (i128, i128) {
    facts.fold((0, 0), |(a, c), f| (a + f.achieved, c + f.companion))
}

/// The progress of `target` from `facts`, as of `current_year`.
pub fn progress(target: &Target, facts: &[Fact], current_year: i32) -> TargetProgress {
    let yearly = target.period == Period::PerYear;
    let in_period = |y: i32| y >= target.year_from && target.year_to.is_none_or(|to| y <= to);
    let year = yearly.then(|| {
        facts
            .iter()
            .map(|f| f.year)
            .filter(|y| *y <= current_year && in_period(*y))
            .max()
            .unwrap_or(current_year)
    });
    let counted: Vec<&Fact> = facts
        .iter()
        .filter(|f| year.is_none_or(|y| f.year == y))
        .collect();
    let amount = target.amount.map(i128::from);
    let (a, c) = sum(counted.iter().copied());
    let headline = Line::new("total".into(), a, c, amount, target);

    let mut years: BTreeMap<i32, (i128, i128)> = BTreeMap::new();
    let last = match target.year_to {
        Some(to) if !yearly => to,
        Some(to) => to.min(current_year.max(year.unwrap_or(current_year))),
        None => current_year.max(year.unwrap_or(current_year)),
    };
    for y in target.year_from..=last {
        years.insert(y, (0, 0));
    }
    for f in facts {
        // A yearly target's years outside its period have no target to be read against;
        // a period target shows every year its records fall in.
        if yearly && !in_period(f.year) {
            continue;
        }
        let slot = years.entry(f.year).or_default();
        slot.0 += f.achieved;
        slot.1 += f.companion;
    }
    let by_year: Vec<Line> = years
        .into_iter()
        .map(|(y, (a, c))| Line::new(y.to_string(), a, c, amount.filter(|_| yearly), target))
        .collect();
    let years_met = (yearly && amount.is_some()).then(|| {
        let upto = year.unwrap_or(current_year);
        let due: Vec<&Line> = by_year
            .iter()
            .filter(|l| l.key.parse::<i32>().is_ok_and(|y| y <= upto))
            .collect();
        let met = due.iter().filter(|l| l.met == Some(true)).count();
        YearsMet {
            met: u32::try_from(met).unwrap_or(u32::MAX),
            of: u32::try_from(due.len()).unwrap_or(u32::MAX),
        }
    });

    let by_region = Region::ALL
        .into_iter()
        .filter_map(|r| {
            let split = target.for_region(r).map(i128::from);
            let (a, c) = sum(counted
                .iter()
                .copied()
                .filter(|f| f.place.as_ref().is_some_and(|(fr, _)| *fr == r)));
            (split.is_some() || a != 0 || c != 0)
                .then(|| Line::new(r.code().into(), a, c, split, target))
        })
        .collect();
    let mut provinces: BTreeMap<&str, (i128, i128)> = BTreeMap::new();
    for (f, (_, province)) in counted
        .iter()
        .filter_map(|f| f.place.as_ref().map(|p| (f, p)))
    {
        let slot = provinces.entry(province.as_str()).or_default();
        slot.0 += f.achieved;
        slot.1 += f.companion;
    }
    let mut by_province: Vec<Line> = provinces
        .into_iter()
        .map(|(p, (a, c))| Line::new(p.into(), a, c, None, target))
        .collect();
    by_province.sort_by(|x, y| {
        (y.achieved, y.companion)
            .cmp(&(x.achieved, x.companion))
            .then(x.key.cmp(&y.key))
    });
    TargetProgress {
        target: target.clone(),
        year,
        headline,
        by_year,
        by_region,
        by_province,
        years_met,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn technicians() -> Target {
        Target {
            code: Measure::Technicians,
            name_zh: "实用技工培训".into(),
            name_en: "Technician training".into(),
            unit: Unit::Persons,
            period: Period::PerYear,
            year_from: 2007,
            year_to: None,
            comparison: Comparison::AtLeast,
            amount: Some(100_000),
            central: Some(50_000),
            west: Some(50_000),
            source_kind: SourceKind::Notice,
            source_ref: "三（一）".into(),
            source_zh: "每年培训约10万名".into(),
        }
    }

    fn loans() -> Target {
        Target {
            code: Measure::CdbLoans,
            unit: Unit::Fen,
            period: Period::Span,
            year_to: Some(2011),
            amount: Some(3_000_000_000_000),
            central: Some(1_500_000_000_000),
            west: Some(1_500_000_000_000),
            ..technicians()
        }
    }

    fn fact(year: i32, region: Region, province: &str, achieved: i128) -> Fact {
        Fact {
            year,
            place: Some((
                region,
                ProvinceCode::parse(province).expect("a province code"),
            )),
            achieved,
            companion: achieved / 3,
        }
    }

    fn edit(amount: &str, central: &str, west: &str, from: &str, to: &str) -> TargetEdit {
        TargetEdit {
            amount: amount.into(),
            central: central.into(),
            west: west.into(),
            year_from: from.into(),
            year_to: to.into(),
        }
    }

    fn fields(v: Validation) -> Vec<String> {
        v.0.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_yearly_target_is_read_in_its_latest_year_with_records() {
        let facts = [
            fact(2007, Region::Central, "420000", 30_000),
            fact(2007, Region::West, "510000", 20_000),
            fact(2008, Region::Central, "420000", 60_000),
            fact(2008, Region::West, "510000", 45_000),
            fact(2006, Region::West, "510000", 9_999),
        ];
        let p = progress(&technicians(), &facts, 2009);
        assert_eq!(p.year, Some(2008));
        assert_eq!(p.headline.achieved, 105_000);
        assert_eq!(p.headline.basis_points(), Some(10_500));
        assert_eq!(p.headline.met, Some(true));
        let keys: Vec<&str> = p.by_year.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(keys, ["2007", "2008", "2009"], "2006 is before the target");
        assert_eq!(p.by_year[0].basis_points(), Some(5_000));
        assert_eq!(p.years_met, Some(YearsMet { met: 1, of: 2 }));
        let central = &p.by_region[0];
        assert_eq!(
            (central.key.as_str(), central.achieved),
            ("central", 60_000)
        );
        assert_eq!(central.met, Some(true));
        assert_eq!(
            p.by_region[1].met,
            Some(false),
            "45,000 of 50,000 in the west"
        );
        assert_eq!(p.by_province[0].key, "420000");
    }

    #[test]
    fn a_period_target_counts_every_record_and_shows_each_year() {
        let facts = [
            fact(2008, Region::Central, "420000", 500_000_000_000),
            fact(2013, Region::West, "510000", 250_000_000_000),
        ];
        let p = progress(&loans(), &facts, 2026);
        assert_eq!(p.year, None);
        assert_eq!(
            p.headline.share,
            Some(Ratio {
                numerator: 750_000_000_000,
                denominator: 3_000_000_000_000
            })
        );
        assert_eq!(p.headline.basis_points(), Some(2_500));
        assert_eq!(p.by_year.len(), 6, "2007–2011 and 2013");
        assert!(p.by_year.iter().all(|l| l.target.is_none()));
        assert_eq!(p.by_region[1].basis_points(), Some(1_667));
        assert_eq!(p.years_met, None);
    }

    #[test]
    fn a_level_still_to_be_entered_gives_no_share() {
        let target = Target {
            amount: None,
            central: None,
            west: None,
            comparison: Comparison::Above,
            ..technicians()
        };
        let p = progress(&target, &[fact(2007, Region::West, "510000", 5)], 2007);
        assert_eq!(p.headline.achieved, 5);
        assert_eq!((p.headline.share, p.headline.met), (None, None));
        assert_eq!(
            p.years_met, None,
            "no year is met or missed without a figure"
        );
    }

    #[test]
    fn a_fact_without_a_place_counts_in_its_year_only() {
        let expo = Target {
            code: Measure::Expo,
            unit: Unit::Expos,
            amount: Some(1),
            central: None,
            west: None,
            year_from: 2006,
            ..technicians()
        };
        let held = Fact {
            year: 2008,
            place: None,
            achieved: 1,
            companion: 0,
        };
        let signed = Fact {
            achieved: 0,
            companion: 7,
            ..fact(2008, Region::Central, "420000", 0)
        };
        let p = progress(&expo, &[held, signed], 2009);
        assert_eq!((p.headline.achieved, p.headline.companion), (1, 7));
        assert_eq!(p.headline.met, Some(true));
        assert_eq!(p.by_region.len(), 1);
        assert_eq!((p.by_region[0].achieved, p.by_region[0].companion), (0, 7));
        assert_eq!(
            p.years_met,
            Some(YearsMet { met: 1, of: 3 }),
            "2006 and 2007 without an expo"
        );
    }

    #[test]
    fn above_means_strictly_more() {
        let target = Target {
            comparison: Comparison::Above,
            ..technicians()
        };
        assert!(!target.meets(100_000, 100_000));
        assert!(target.meets(100_001, 100_000));
        assert!(technicians().meets(100_000, 100_000));
    }

    #[test]
    fn an_edit_in_wan_yuan_becomes_exact_fen() {
        let e = edit("300,0000", "", "", "2007", "2011").check(&loans());
        assert_eq!(fields(e.expect_err("a comma")), ["amount"]);
        let ok = edit("3000000", "1500000", "1500000", "2007", "2011")
            .check(&loans())
            .expect("valid");
        assert_eq!(ok.amount, Some(3_000_000_000_000));
        let cents = edit("0.000001", "", "", "2007", "2011")
            .check(&loans())
            .expect("one fen");
        assert_eq!(cents.amount, Some(1));
        let too_fine = edit("0.0000001", "", "", "2007", "2011").check(&loans());
        assert_eq!(fields(too_fine.expect_err("below a fen")), ["amount"]);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let err = edit("-5", "abc", "", "1999", "1990")
            .check(&technicians())
            .expect_err("bad");
        assert_eq!(
            fields(err),
            ["amount", "central", "year_from", "year_to"],
            "every field refused on its own"
        );
        let split = edit("100000", "60000", "50000", "2007", "")
            .check(&technicians())
            .expect_err("split");
        assert_eq!(fields(split), ["central"]);
        let half = edit("100000", "", "50000", "2007", "")
            .check(&technicians())
            .expect_err("half");
        assert_eq!(fields(half), ["central"]);
        let span = edit("1", "", "", "2007", "")
            .check(&loans())
            .expect_err("no end");
        assert_eq!(fields(span), ["year_to"]);
        let order = edit("1", "", "", "2009", "2008")
            .check(&loans())
            .expect_err("order");
        assert_eq!(fields(order), ["year_to"]);
        let people = edit("10.5", "", "", "2007", "")
            .check(&technicians())
            .expect_err("half a person");
        let e = &people.0[0];
        assert_eq!(
            (e.field.as_str(), e.message_zh.as_str()),
            ("amount", "目标值须为整数")
        );
        let missing = edit("", "", "", "", "").check(&technicians());
        assert_eq!(fields(missing.expect_err("no year")), ["year_from"]);
        assert!(
            edit("", "", "", "2007", "").check(&technicians()).is_ok(),
            "a level left to be entered"
        );
    }

    fn region() -> impl Strategy<Value = Region> {
        prop_oneof![
            Just(Region::East),
            Just(Region::Central),
            Just(Region::West),
            Just(Region::Northeast)
        ]
    }

    fn facts() -> impl Strategy<Value = Vec<Fact>> {
        let province = prop_oneof![Just("420000"), Just("510000"), Just("440000")];
        proptest::collection::vec(
            (2005..2015i32, region(), province, 0..1_000_000_000i64),
            0..40,
        )
        .prop_map(|v| {
            v.into_iter()
                .map(|(y, r, p, a)| fact(y, r, p, i128::from(a)))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn the_parts_add_up_to_the_headline(facts in facts(), yearly in any::<bool>()) {
            let target = if yearly { technicians() } else { loans() };
            let p = progress(&target, &facts, 2012);
            let regions: i128 = p.by_region.iter().map(|l| l.achieved).sum();
            let provinces: i128 = p.by_province.iter().map(|l| l.achieved).sum();
            prop_assert_eq!(regions, p.headline.achieved);
            prop_assert_eq!(provinces, p.headline.achieved);
            if !yearly {
                let years: i128 = p.by_year.iter().map(|l| l.achieved).sum();
                prop_assert_eq!(years, p.headline.achieved);
                let all: i128 = facts.iter().map(|f| f.achieved).sum();
                prop_assert_eq!(all, p.headline.achieved);
            } else if let Some(y) = p.year {
                let line = p.by_year.iter().find(|l| l.key == y.to_string());
                prop_assert_eq!(line.map(|l| l.achieved), Some(p.headline.achieved));
            }
        }

        #[test]
        fn a_share_is_met_exactly_when_it_reaches_ten_thousand_points(achieved in 0..300_000i128) {
            let line = Line::new("total".into(), achieved, 0, Some(100_000), &technicians());
            prop_assert_eq!(line.met, Some(achieved >= 100_000));
            let bp = line.basis_points().unwrap_or(-1);
            prop_assert!(bp * 10 <= achieved + 5 && achieved <= bp * 10 + 5);
        }

        #[test]
        fn a_checked_edit_keeps_the_split_equal_to_the_amount(c in 1..1_000_000i64, w in 1..1_000_000i64) {
            let e = edit(&(c + w).to_string(), &c.to_string(), &w.to_string(), "2007", "");
            let ok = e.check(&technicians());
            prop_assert!(ok.is_ok());
            let e = edit(&(c + w + 1).to_string(), &c.to_string(), &w.to_string(), "2007", "");
            prop_assert!(e.check(&technicians()).is_err());
        }
    }
}
