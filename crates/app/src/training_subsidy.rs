//! Training-subsidy claims through the fund engine: a zone's claim is computed from its
//! certified trainees (the programme data's sum per certificate level), never typed in, and
//! is then an ordinary special-fund application under the same review, pool and ledger.

use crate::audit::Context;
use crate::funds_data::training_subsidy_rates;
use crate::{App, AppError};
use gowest_domain::error::{FieldError, Validation};
use gowest_domain::funds::application::Status;
use gowest_domain::funds::{Application, ApplicationBody, Preview, Programme};
use gowest_domain::training::{self, CertificateLevel, SubsidyClaim};
use gowest_store::funds::{ApplicationFilter, NewApplication};

/// The purpose every training-subsidy claim states.
pub const PURPOSE: &str = "technician_training";

/// Refuses typed amounts for a programme whose claims are computed from the registry.
pub(crate) fn refuse_typed_claim(programme: &Programme) -> Result<(), AppError> {
    if training_subsidy_rates(&programme.code).is_some() {
        return Err(AppError::Invalid(Validation(vec![FieldError::new(
            "amount_yuan",
            "computed",
            "培训补贴按持证学员自动计算，请在“技工培训”中申请，不能手工填写金额",
            "a training subsidy is computed from the certified trainees: claim it from the \
             training page; its amount cannot be typed in",
        )])));
    }
    Ok(())
}

/// The advisory lock (PostgreSQL) that serialises the claims of one programme, XORed with
/// its id; SQLite's write lock already does.
const CLAIM_LOCK: i64 = 0x7472_6169_6e00_0000; // "train", clear of the other locks (0x676f…)

impl App {
    /// What the actor's zone may claim from a training-subsidy programme: its certified
    /// trainees of the programme's years, per level, times the programme's sums.
    pub async fn training_subsidy_preview(
        &self,
        ctx: &Context,
        programme_id: i64,
    ) -> Result<(Programme, SubsidyClaim), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let zone_id = actor.own_zone().ok_or(AppError::Forbidden)?;
        let keeper = actor.training_keeper(zone_id).ok_or(AppError::Forbidden)?;
        let programme = self.store.fund_programme(programme_id).await?.programme;
        let rates = training_subsidy_rates(&programme.code).ok_or(AppError::NotFound {
            entity: "training-subsidy programme",
        })?;
        let (from, to) = (
            chrono::NaiveDate::from_ymd_opt(programme.year_from, 1, 1),
            chrono::NaiveDate::from_ymd_opt(programme.year_to, 12, 31),
        );
        let (Some(from), Some(to)) = (from, to) else {
            return Err(AppError::Conflict(format!("years of {}", programme.code)));
        };
        let mut certified = Vec::new();
        for (level, n) in self
            .store
            .certified_by_level(keeper.zone_id(), from, to)
            .await?
        {
            let level = CertificateLevel::parse(&level)
                .ok_or_else(|| AppError::Conflict(format!("certificate level {level}")))?;
            certified.push((level, u64::try_from(n).unwrap_or(0)));
        }
        let claim = training::subsidy_claim(&rates, &certified)
            .map_err(|e| AppError::Invalid(Validation(vec![e])))?;
        Ok((programme, claim))
    }

    /// Files the zone's claim as a draft application of the programme, its amount computed.
    /// One claim per zone and programme: another is refused while one is under way or granted
    /// (a returned claim goes on as its next version; a rejected one may be claimed anew).
    pub async fn claim_training_subsidy(
        &self,
        ctx: &Context,
        programme_id: i64,
    ) -> Result<Application, AppError> {
        let (programme, claim) = self.training_subsidy_preview(ctx, programme_id).await?;
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let right = actor.fund_applicant().ok_or(AppError::Forbidden)?;
        let applicant = self.applicant(actor)?;
        let refused = programme.ineligibility(&applicant);
        if !refused.is_empty() {
            return Err(AppError::Invalid(Validation(refused)));
        }
        let title = format!(
            "{}—{}年度技工培训补贴",
            programme.year_from, programme.year_to
        );
        let body = ApplicationBody::Request {
            project_name: Some(format!(
                "持证学员{}名：{}",
                claim.trainees,
                claim.basis_zh()
            )),
            purpose: Some(PURPOSE.to_owned()),
            amount: Some(claim.total),
            pilot: None,
        };
        let preview = Preview::of(&programme, &body);
        let now = self.clock.now();
        let mut tx = self.write(&right, ctx).await?;
        // Claims of one programme one at a time, the earlier ones read under that lock: two
        // clicks (or two instances) cannot both find no claim and both file one.
        tx.lock(CLAIM_LOCK ^ programme_id).await?;
        let earlier = tx
            .fund_applications(&ApplicationFilter {
                programme_id: Some(programme_id),
                applicant_org_id: Some(right.org_id()),
                province_code: None,
                statuses: Vec::new(),
            })
            .await?;
        if earlier
            .iter()
            .any(|a| !matches!(a.status, Status::Rejected | Status::Returned))
        {
            return Err(AppError::Invalid(Validation(vec![FieldError::new(
                "programme_id",
                "already_claimed",
                "本开发区已申请该培训补贴",
                "this zone has already claimed this training subsidy",
            )])));
        }
        let new = NewApplication {
            programme_id,
            series_id: None,
            version: 1,
            applicant_org_id: right.org_id(),
            zone_id: applicant.zone.map(|(id, _)| id),
            province_code: applicant.province_code.as_str(),
            region: applicant.region.code(),
            title: &title,
            body: &body,
            requested: preview.requested,
            flagged: preview.flagged,
            demo: actor.demo,
            created_by: Some(right.by()),
        };
        let id = tx.insert_fund_application(&new, now).await?;
        self.finish_fund(tx, "funds.training_subsidy_claim", id, None)
            .await
    }
}
