//! The fund programmes shipped in `data/funds.json`: added at start-up when their code is
//! missing, never overwritten, so the ministry's edits survive restarts and upgrades.

use crate::AppError;
use crate::audit::{AuditKey, Context};
use crate::write::{Record, System};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::change::Entity;
use gowest_domain::funds::interest::Ppm;
use gowest_domain::funds::quota::QuotaRule;
use gowest_domain::funds::{Eligibility, Programme, ProgrammeKind};
use gowest_domain::money::Fen;
use gowest_store::{Store, Tx};
use serde::Deserialize;

const PROGRAMMES: &str = include_str!("../../../data/funds.json");

#[derive(Deserialize)]
struct File {
    programmes: Vec<Entry>,
}

/// A programme as the data file writes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub code: String,
    pub kind: ProgrammeKind,
    pub name_zh: String,
    pub name_en: String,
    pub year_from: i32,
    pub year_to: i32,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// The pool's size; the interest subsidy's is its quota.
    #[serde(default)]
    pub pool_fen: Option<i64>,
    #[serde(default)]
    pub subsidy_rate_ppm: Option<i64>,
    #[serde(default)]
    pub zone_cap_fen: Option<i64>,
    #[serde(default)]
    pub quota_rule: Option<QuotaRule>,
    /// Training subsidy only: the sum per certified trainee by certificate level.
    #[serde(default)]
    pub training_subsidy_fen: Option<gowest_domain::training::SubsidyRates>,
    pub eligibility: Eligibility,
}

impl Entry {
    pub fn programme(&self) -> Programme {
        Programme {
            id: 0,
            code: self.code.clone(),
            kind: self.kind,
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            year_from: self.year_from,
            year_to: self.year_to,
            opens_on: self.opens_on,
            closes_on: self.closes_on,
            eligibility: self.eligibility.clone(),
            subsidy_rate: self.subsidy_rate_ppm.map(Ppm),
            zone_cap: self.zone_cap_fen.map(Fen),
            quota_rule: self.quota_rule,
        }
    }

    /// The pool's size: the quota for an interest subsidy, the budget or pool otherwise.
    pub fn pool_size(&self) -> Fen {
        match (self.quota_rule, self.pool_fen) {
            (Some(rule), _) => rule.amount(),
            (None, fen) => Fen(fen.unwrap_or(0)),
        }
    }
}

/// The shipped programmes.
///
/// # Errors
/// Never for the file shipped (a test reads it); a broken edit of it fails start-up.
pub fn shipped() -> Result<Vec<Entry>, AppError> {
    let file: File = serde_json::from_str(PROGRAMMES)
        .map_err(|e| AppError::Internal(format!("data/funds.json: {e}")))?;
    Ok(file.programmes)
}

/// The subsidy per certified trainee of a training-subsidy programme, from the programme
/// data; `None` for every other programme.
pub fn training_subsidy_rates(code: &str) -> Option<gowest_domain::training::SubsidyRates> {
    shipped()
        .ok()?
        .into_iter()
        .find(|e| e.code == code)?
        .training_subsidy_fen
}

/// Adds the shipped programmes that are missing; a start that adds none writes nothing.
pub(crate) async fn ensure_loaded(
    store: &Store,
    key: &AuditKey,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let ctx = Context::system("system");
    let mut tx = crate::write::begin(store, key, &System::new(), &ctx, now).await?;
    let added = ensure(&mut tx, &shipped()?, now).await?;
    if !added.is_empty() {
        tx.finish(
            Record::new("funds.programmes_load", Entity::FundProgramme, None)
                .after(&serde_json::json!({ "added": added })),
        )
        .await?;
    }
    Ok(())
}

/// Adds the programmes of `entries` that are missing; returns the codes added.
pub(crate) async fn ensure(
    tx: &mut Tx,
    entries: &[Entry],
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    let mut added = Vec::new();
    for e in entries {
        if tx
            .ensure_fund_programme(&e.programme(), e.pool_size(), now)
            .await?
            .is_some()
        {
            added.push(e.code.clone());
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_programmes_cover_the_notice() {
        let all = shipped().expect("the data file parses");
        let kinds: Vec<ProgrammeKind> = all.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == ProgrammeKind::PolicyLoan)
                .count(),
            2
        );
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == ProgrammeKind::SpecialFund)
                .count(),
            6,
            "three special funds, the training subsidy and two pilot programmes"
        );
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == ProgrammeKind::InterestSubsidy)
                .count(),
            2,
            "2007 and 2008"
        );
        for e in all.iter().filter(|e| e.kind == ProgrammeKind::PolicyLoan) {
            assert_eq!(
                e.pool_size(),
                gowest_domain::funds::CDB_POOL,
                "150亿元 each"
            );
            assert_eq!(e.year_to - e.year_from + 1, 5, "over five years");
        }
        let subsidy = all
            .iter()
            .find(|e| e.kind == ProgrammeKind::InterestSubsidy)
            .expect("one");
        // The pilots tilt towards the centre and west: lower thresholds, higher standards,
        // more slots than in the east.
        for e in all
            .iter()
            .filter(|e| !e.eligibility.regional_terms.is_empty())
        {
            let p = e.programme();
            let terms = |r| p.terms_for(r).copied().expect("terms for every region");
            let east = terms(gowest_domain::region::Region::East);
            for r in [
                gowest_domain::region::Region::Central,
                gowest_domain::region::Region::West,
            ] {
                let t = terms(r);
                assert!(
                    t.entry.min_annual_turnover_fen < east.entry.min_annual_turnover_fen,
                    "{}",
                    e.code
                );
                assert!(t.support_share_ppm > east.support_share_ppm, "{}", e.code);
                assert!(t.support_cap_fen > east.support_cap_fen, "{}", e.code);
                assert!(t.pilot_slots > east.pilot_slots, "{}", e.code);
            }
        }
        for code in [
            "logistics_facility",
            "logistics_info_platform",
            "export_supervision_facility",
            "processing_trade_network_supervision",
        ] {
            assert!(
                subsidy.programme().category(code).is_some(),
                "{code} is newly eligible"
            );
        }
    }
}
