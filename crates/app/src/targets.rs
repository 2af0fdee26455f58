//! The programme's targets: the shipped defaults of `data/targets.json` (added when missing,
//! never overwritten), the ministry's edit through the write path, and each target's
//! progress computed from the records on every request, never typed in:
//! - technicians: certified trainees (`training_progress`, the table the training pages
//!   read), beside those trained;
//! - CDB loans: the policy-loan pools' ledger, committed less released, beside disbursed;
//! - interest subsidy: the subsidy paid (disbursed) in its programme year, beside committed;
//! - enterprises moving west: investors from the east or abroad with a project landed
//!   (落地) in a central or western zone, each once, at its first landing; beside the
//!   projects in production there;
//! - the expo: 中博会 editions held (promotion events so named), beside the projects
//!   signed at them.

use crate::audit::{AuditKey, Context};
use crate::write::{Record, System};
use crate::{App, AppError};
use chrono::{DateTime, Datelike, Utc};
use gowest_domain::access::{Actor, Scope};
use gowest_domain::change::Entity;
use gowest_domain::pipeline::{InvestorOrigin, Stage};
use gowest_domain::region::{ProvinceCode, Region};
use gowest_domain::targets::{self, Fact, Measure, Target, TargetEdit, TargetProgress};
use gowest_store::Store;
use gowest_store::pipeline::RecordSet;
use serde::Deserialize;
use std::collections::BTreeMap;

const TARGETS: &str = include_str!("../../../data/targets.json");

/// How promotion events name the 中博会 (they carry no kind of their own).
const EXPO_NAMES: [&str; 2] = ["中国中部投资贸易博览会", "中博会"];

#[derive(Deserialize)]
struct File {
    targets: Vec<Target>,
}

/// The shipped targets.
///
/// # Errors
/// Never for the file shipped (a test reads it); a broken edit of it fails start-up.
pub fn shipped() -> Result<Vec<Target>, AppError> {
    let file: File = serde_json::from_str(TARGETS)
        .map_err(|e| AppError::Internal(format!("data/targets.json: {e}")))?;
    Ok(file.targets)
}

/// Adds the shipped targets that are missing; a start that adds none writes nothing.
pub(crate) async fn ensure_loaded(
    store: &Store,
    key: &AuditKey,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let ctx = Context::system("system");
    let mut tx = crate::write::begin(store, key, &System::new(), &ctx, now).await?;
    let mut added = Vec::new();
    for t in shipped()? {
        if tx.ensure_target(&t, now).await? {
            added.push(t.code.code());
        }
    }
    if !added.is_empty() {
        tx.finish(
            Record::new("targets.load", Entity::Target, None)
                .after(&serde_json::json!({ "added": added })),
        )
        .await?;
    }
    Ok(())
}

/// Whose records a view counts: everything, or a province's or a zone's. Facts without a
/// place (an expo held) count in every view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Share {
    National,
    Province(ProvinceCode),
    Zone(i64),
}

impl Share {
    /// A province's and a zone's staff see their own share; everyone else the country's.
    pub fn of(actor: &Actor) -> Share {
        match actor.scope() {
            Scope::Province(code) => Share::Province(code),
            Scope::Zone(id) => Share::Zone(id),
            _ => Share::National,
        }
    }

    fn keeps(&self, zone_id: Option<i64>, province: Option<&ProvinceCode>) -> bool {
        match (self, zone_id, province) {
            (Share::National, _, _) | (_, None, None) => true,
            (Share::Province(code), _, Some(p)) => p == code,
            (Share::Zone(id), Some(z), _) => z == *id,
            _ => false,
        }
    }
}

/// One edit of a target, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetChange {
    pub at: DateTime<Utc>,
    pub by: String,
    pub before: Target,
    pub after: Target,
}

/// One fact before it is scoped: where it happened, down to the zone when known.
struct Raw {
    year: i32,
    zone_id: Option<i64>,
    place: Option<(Region, ProvinceCode)>,
    achieved: i128,
    companion: i128,
}

impl App {
    /// Every target with its progress in `share`, as of today (China time).
    #[tracing::instrument(skip_all)]
    pub async fn target_progress(&self, share: &Share) -> Result<Vec<TargetProgress>, AppError> {
        let year = crate::pipeline::china_date(self.clock.now()).year();
        let mut out = Vec::new();
        let mut pipeline = None;
        let mut all = self.store.targets().await?;
        // In the order the issue lists them (Measure::ALL), not the codes' alphabet.
        all.sort_by_key(|t| Measure::ALL.iter().position(|m| *m == t.code));
        for target in all {
            let raw = match target.code {
                Measure::Technicians => self.technician_facts(&target, year).await?,
                Measure::CdbLoans => self.ledger_facts("policy_loan").await?,
                Measure::InterestSubsidy => self.ledger_facts("interest_subsidy").await?,
                Measure::EnterprisesWest | Measure::Expo => {
                    if pipeline.is_none() {
                        pipeline = Some(self.store.pipeline_entries(&RecordSet::All).await?);
                    }
                    let entries = pipeline.as_deref().unwrap_or_default();
                    if target.code == Measure::Expo {
                        self.expo_facts(entries).await?
                    } else {
                        self.relocation_facts(entries)
                    }
                }
            };
            let facts: Vec<Fact> = raw
                .into_iter()
                .filter(|r| share.keeps(r.zone_id, r.place.as_ref().map(|(_, p)| p)))
                .map(|r| Fact {
                    year: r.year,
                    place: r.place,
                    achieved: r.achieved,
                    companion: r.companion,
                })
                .collect();
            out.push(targets::progress(&target, &facts, year));
        }
        Ok(out)
    }

    /// One target with its progress, or "not found" for a code that is none.
    pub async fn one_target_progress(
        &self,
        share: &Share,
        code: &str,
    ) -> Result<TargetProgress, AppError> {
        let code = Measure::parse(code).ok_or(AppError::NotFound { entity: "target" })?;
        self.target_progress(share)
            .await?
            .into_iter()
            .find(|p| p.target.code == code)
            .ok_or(AppError::NotFound { entity: "target" })
    }

    /// The ministry's edit of a target's figures and years, with its audit row; a refused
    /// edit names its fields and writes nothing.
    #[tracing::instrument(skip_all, fields(code))]
    pub async fn edit_target(
        &self,
        ctx: &Context,
        code: &str,
        edit: &TargetEdit,
    ) -> Result<Target, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let keeper = actor.target_keeper().ok_or(AppError::Forbidden)?;
        let code = Measure::parse(code).ok_or(AppError::NotFound { entity: "target" })?;
        let mut tx = self.write(&keeper, ctx).await?;
        let before = tx.target(code).await?;
        let checked = edit.check(&before).map_err(AppError::Invalid)?;
        let after = before.with(&checked);
        let now = tx.now();
        tx.update_target(&after, now).await?;
        tx.finish(
            Record::new("targets.edit", Entity::Target, None)
                .before(&before)
                .after(&after),
        )
        .await?;
        Ok(after)
    }

    /// The ministry's edits of the targets, newest first, from the audit log: who changed
    /// what when. Only the ministry's writing staff, who make the edits, read them here.
    pub async fn target_history(&self, actor: &Actor) -> Result<Vec<TargetChange>, AppError> {
        actor.target_keeper().ok_or(AppError::Forbidden)?;
        let query = gowest_store::audit::AuditQuery {
            action_prefix: Some("targets.edit".into()),
            entity: Some(Entity::Target.code().into()),
            limit: 100,
            ..Default::default()
        };
        let parse = |text: &Option<String>| -> Result<Option<Target>, AppError> {
            text.as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|e| AppError::Internal(format!("audit image of a target: {e}")))
        };
        let mut out = Vec::new();
        for row in self.store.audit_rows(&query).await? {
            let e = &row.entry;
            let (Some(before), Some(after)) = (parse(&e.before)?, parse(&e.after)?) else {
                continue;
            };
            out.push(TargetChange {
                at: e.at,
                by: e.actor_name.clone(),
                before,
                after,
            });
        }
        Ok(out)
    }

    fn zone_place(&self, zone_id: i64) -> Option<(Region, ProvinceCode)> {
        let directory = self.directory();
        let zone = directory.zone(zone_id)?;
        Some((zone.region, zone.fields.province_code.clone()))
    }

    /// Certified (and trained) technicians per zone and year, from the target's first year.
    async fn technician_facts(&self, target: &Target, year: i32) -> Result<Vec<Raw>, AppError> {
        let last = target.year_to.map_or(year, |to| to.min(year));
        let mut raw = Vec::new();
        for y in target.year_from..=last {
            for count in self.store.training_progress_of_year(y).await? {
                raw.push(Raw {
                    year: y,
                    zone_id: Some(count.zone_id),
                    place: self.zone_place(count.zone_id),
                    achieved: i128::from(count.certified),
                    companion: i128::from(count.trained),
                });
            }
        }
        Ok(raw)
    }

    /// The ledger of one programme kind: policy loans by the entry's year (committed less
    /// released, beside disbursed); interest subsidies by their programme year (paid,
    /// beside committed).
    async fn ledger_facts(&self, kind: &str) -> Result<Vec<Raw>, AppError> {
        let loans = kind == "policy_loan";
        Ok(self
            .store
            .target_ledger()
            .await?
            .into_iter()
            .filter(|l| l.programme_kind == kind)
            .map(|l| {
                let amount = i128::from(l.amount_fen);
                let committed = match l.entry_kind.as_str() {
                    "commit" => amount,
                    "release" => -amount,
                    _ => 0,
                };
                let paid = if l.entry_kind == "disburse" {
                    amount
                } else {
                    0
                };
                let (achieved, companion) = if loans {
                    (committed, paid)
                } else {
                    (paid, committed)
                };
                Raw {
                    year: if loans {
                        crate::pipeline::china_date(l.at).year()
                    } else {
                        l.programme_year
                    },
                    zone_id: l.zone_id,
                    place: Some((l.region, l.province)),
                    achieved,
                    companion,
                }
            })
            .collect())
    }

    /// Investors from the east or abroad, each counted once at its first project landed in
    /// a central or western zone; and the projects in production there, by the year they
    /// started producing. Confirmed duplicates count nowhere.
    fn relocation_facts(&self, entries: &[gowest_domain::pipeline::PipelineEntry]) -> Vec<Raw> {
        let directory = self.directory();
        let from_east = |origin: &InvestorOrigin| match origin {
            InvestorOrigin::Abroad { .. } => true,
            InvestorOrigin::Province { province_code } => directory
                .catalog
                .province(province_code)
                .is_some_and(|p| p.region == Region::East),
        };
        let mut first: BTreeMap<String, (chrono::NaiveDate, i64)> = BTreeMap::new();
        let mut raw = Vec::new();
        for e in entries {
            let r = &e.record;
            if r.review.excluded() || !from_east(&e.investor_origin) {
                continue;
            }
            let Some((region, province)) = self.zone_place(r.zone_id) else {
                continue;
            };
            if !matches!(region, Region::Central | Region::West) {
                continue;
            }
            if let Some(landed) = r.state.dates.landed_on {
                let investor = r
                    .investor_credit_code
                    .as_ref()
                    .map_or_else(|| format!("name:{}", r.investor_name), |c| c.to_string());
                let slot = first.entry(investor).or_insert((landed, r.zone_id));
                if (landed, r.zone_id) < *slot {
                    *slot = (landed, r.zone_id);
                }
            }
            if r.state.stage == Stage::Producing
                && let Some(on) = r.state.dates.producing_on
            {
                raw.push(Raw {
                    year: on.year(),
                    zone_id: Some(r.zone_id),
                    place: Some((region, province)),
                    achieved: 0,
                    companion: 1,
                });
            }
        }
        for (landed, zone_id) in first.into_values() {
            raw.push(Raw {
                year: landed.year(),
                zone_id: Some(zone_id),
                place: self.zone_place(zone_id),
                achieved: 1,
                companion: 0,
            });
        }
        raw
    }

    /// 中博会 editions held by today (one fact each, without a place), and the projects whose
    /// credited signing was at one of them, at their zone.
    async fn expo_facts(
        &self,
        entries: &[gowest_domain::pipeline::PipelineEntry],
    ) -> Result<Vec<Raw>, AppError> {
        let today = self.today_in_china();
        let expos: BTreeMap<i64, i32> = self
            .store
            .promotion_events()
            .await?
            .into_iter()
            .filter(|e| e.starts_on <= today && EXPO_NAMES.iter().any(|n| e.name_zh.contains(n)))
            .map(|e| (e.id, e.starts_on.year()))
            .collect();
        let mut raw: Vec<Raw> = expos
            .values()
            .map(|&year| Raw {
                year,
                zone_id: None,
                place: None,
                achieved: 1,
                companion: 0,
            })
            .collect();
        for e in entries {
            let r = &e.record;
            if r.review.excluded() {
                continue;
            }
            let Some(year) = r
                .credited_signing()
                .and_then(|s| s.event_id)
                .and_then(|id| expos.get(&id))
            else {
                continue;
            };
            raw.push(Raw {
                year: *year,
                zone_id: Some(r.zone_id),
                place: self.zone_place(r.zone_id),
                achieved: 0,
                companion: 1,
            });
        }
        Ok(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gowest_domain::targets::{Period, SourceKind, Unit};

    #[test]
    fn the_shipped_targets_are_the_notice_s() {
        let notice = include_str!("../../../data/notice_2006.txt");
        let all = shipped().expect("the data file parses");
        assert_eq!(all.len(), Measure::ALL.len(), "one target per measure");
        for t in &all {
            if t.source_kind == SourceKind::Notice {
                assert!(
                    notice.contains(&t.source_zh),
                    "{} quotes the notice",
                    t.code.code()
                );
            }
            if let (Some(c), Some(w), Some(a)) = (t.central, t.west, t.amount) {
                assert_eq!(c + w, a, "{} splits its amount", t.code.code());
            }
        }
        let get = |m| all.iter().find(|t| t.code == m).expect("shipped");
        let tech = get(Measure::Technicians);
        let notice_default = gowest_domain::training::NationalTarget::notice_default(2007);
        assert_eq!(
            (tech.central, tech.west),
            (
                Some(i64::from(notice_default.central)),
                Some(i64::from(notice_default.west))
            ),
            "the same figures as the training quotas' default"
        );
        let loans = get(Measure::CdbLoans);
        assert_eq!(loans.central, Some(gowest_domain::funds::CDB_POOL.0));
        assert_eq!(loans.period, Period::Span);
        assert_eq!(loans.unit, Unit::Fen);
        assert_eq!(
            get(Measure::InterestSubsidy).amount,
            None,
            "the 2005 level is entered by the ministry, never invented"
        );
        assert_eq!(
            get(Measure::EnterprisesWest).source_kind,
            SourceKind::ProgrammeName
        );
    }
}
