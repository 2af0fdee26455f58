//! Training programmes (issue 6): targets and quotas, zone annual plans under province and
//! ministry review, trainee rosters imported whole or not at all, scoped trainee listings
//! and exports with masked 身份证号, and progress computed from the trainee records.

use crate::audit::{Context, json};
use crate::bounded_sheet::{self, Limits};
use crate::error::RowError;
use crate::write::{Operator, Record, Right};
use crate::zones::Progress as ImportProgress;
use crate::{App, AppError};
use gowest_domain::access::{Actor, Scope};
use gowest_domain::change::Entity;
use gowest_domain::error::{FieldError, Validation};
use gowest_domain::org::OrgKind;
use gowest_domain::training::{
    self, NationalTarget, PlanInput, PlanStatus, PlanStep, Progress, QuotaLine, RosterRow,
    TraineeFact, TraineeInput, TrainingPlan,
};
use gowest_store::training::{NewTrainee, StoredPlan, StoredTrainee, TraineeFilter};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::HashMap;

/// Roster columns: API name (also accepted as header) and the Chinese header.
pub const ROSTER_COLUMNS: [(&str, &str); 8] = [
    ("name", "姓名"),
    ("id_number", "身份证号"),
    ("occupation", "职业（工种）"),
    ("course", "培训课程"),
    ("completed_on", "结业日期"),
    ("exam_result", "考核结果"),
    ("certificate_no", "证书编号"),
    ("certificate_level", "证书等级"),
];

/// A trainee as every reader sees it: the 身份证号 only masked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct TraineeView {
    pub id: i64,
    pub zone_id: i64,
    pub name: String,
    pub id_masked: String,
    pub occupation: String,
    pub course: String,
    pub completed_on: chrono::NaiveDate,
    pub exam_result: String,
    pub certificate_no: Option<String>,
    pub certificate_level: Option<String>,
}

impl From<StoredTrainee> for TraineeView {
    fn from(t: StoredTrainee) -> Self {
        TraineeView {
            id: t.id,
            zone_id: t.zone_id,
            name: t.name,
            id_masked: t.id_masked,
            occupation: t.occupation,
            course: t.course,
            completed_on: t.completed_on,
            exam_result: t.exam_result,
            certificate_no: t.certificate_no,
            certificate_level: t.certificate_level,
        }
    }
}

fn actor(ctx: &Context) -> Result<&Actor, AppError> {
    ctx.actor.as_ref().ok_or(AppError::Forbidden)
}

fn filter_of(scope: Scope) -> Result<TraineeFilter, AppError> {
    match scope {
        Scope::All => Ok(TraineeFilter::All),
        Scope::Province(code) => Ok(TraineeFilter::Province(code.to_string())),
        Scope::Zone(id) => Ok(TraineeFilter::Zone(id)),
        Scope::Organisation(_) | Scope::Public => Err(AppError::Forbidden),
    }
}

fn plan_json(plan: &TrainingPlan) -> String {
    let lines: Vec<_> = plan
        .lines
        .iter()
        .map(|l| serde_json::json!({"occupation": l.occupation.code, "number": l.number}))
        .collect();
    serde_json::Value::Array(lines).to_string()
}

impl App {
    /// The key of the 身份证号 digests, derived from the audit key so no second secret has to
    /// be kept, and separated from it by a label so neither use reveals the other.
    pub(crate) fn resident_id_key(&self) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.audit_key.bytes())
            .expect("HMAC takes keys of any length");
        mac.update(b"gowest/training/resident-id-key/v1");
        mac.finalize().into_bytes().to_vec()
    }

    /// The target of `year`: the ministry's if set, else the notice's default.
    pub async fn training_target(&self, year: i32) -> Result<NationalTarget, AppError> {
        Ok(match self.store.training_target(year).await? {
            Some((central, west)) => NationalTarget {
                year,
                central: u32::try_from(central).unwrap_or(u32::MAX),
                west: u32::try_from(west).unwrap_or(u32::MAX),
            },
            None => NationalTarget::notice_default(year),
        })
    }

    /// The ministry sets the year's target and its zone quotas together, checked against
    /// each other.
    pub async fn set_training_quotas(
        &self,
        ctx: &Context,
        target: NationalTarget,
        quotas: &[(i64, u32)],
    ) -> Result<(), AppError> {
        let planner = actor(ctx)?.training_planner().ok_or(AppError::Forbidden)?;
        let directory = self.directory();
        let mut lines = Vec::with_capacity(quotas.len());
        for (i, (zone_id, quota)) in quotas.iter().enumerate() {
            let Some(zone) = directory.zone(*zone_id) else {
                return Err(AppError::Invalid(Validation(vec![FieldError::new(
                    format!("quotas[{i}].zone_id"),
                    "unknown",
                    format!("没有编号为 {zone_id} 的开发区"),
                    format!("quotas[{i}].zone_id: no zone {zone_id}"),
                )])));
            };
            lines.push(QuotaLine {
                zone_id: *zone_id,
                region: zone.region,
                quota: *quota,
            });
        }
        training::check_allocation(&target, &lines)?;
        let now = self.clock.now();
        let mut tx = self.write(&planner, ctx).await?;
        tx.set_training_target(target.year, target.central.into(), target.west.into(), now)
            .await?;
        let rows: Vec<(i64, i64)> = quotas.iter().map(|(z, q)| (*z, i64::from(*q))).collect();
        tx.set_training_quotas(target.year, &rows).await?;
        tx.finish(
            Record::new(
                "training.quotas",
                Entity::TrainingTarget,
                i64::from(target.year),
            )
            .after(&serde_json::json!({"target": target, "quotas": quotas})),
        )
        .await?;
        Ok(())
    }

    /// A zone files (or, while draft or returned, rewrites) its plan of a year.
    pub async fn save_training_plan(
        &self,
        ctx: &Context,
        zone_id: i64,
        input: &PlanInput,
    ) -> Result<i64, AppError> {
        let keeper = actor(ctx)?
            .training_keeper(zone_id)
            .ok_or(AppError::Forbidden)?;
        let plan = input.parse()?;
        let now = self.clock.now();
        let mut tx = self.write(&keeper, ctx).await?;
        let before = tx
            .training_plan_for_update(keeper.zone_id(), plan.year)
            .await?;
        if let Some(b) = &before
            && !PlanStatus::parse(&b.status).is_some_and(PlanStatus::editable)
        {
            return Err(AppError::Invalid(Validation(vec![FieldError::new(
                "year",
                "not_editable",
                "该年度计划已上报，不能修改",
                "the plan of this year is filed and can no longer be changed",
            )])));
        }
        let stored = StoredPlan {
            id: 0,
            zone_id: keeper.zone_id(),
            year: plan.year.into(),
            lines: plan_json(&plan),
            institution: plan.institution.clone(),
            starts_on: plan.starts_on,
            ends_on: plan.ends_on,
            budget_fen: plan.budget.0,
            status: before
                .as_ref()
                .map_or(PlanStatus::Draft.code().to_owned(), |b| b.status.clone()),
            reason: before.as_ref().and_then(|b| b.reason.clone()),
        };
        let id = tx.save_training_plan(&stored, now).await?;
        tx.finish(
            Record::new("training.plan.save", Entity::TrainingPlan, id)
                .before_text(before.as_ref().and_then(|b| json(&format!("{b:?}"))))
                .after(&format!("{stored:?}")),
        )
        .await?;
        Ok(id)
    }

    /// Moves a plan through its review: the zone submits, its province and then the
    /// ministry approve or return it.
    pub async fn step_training_plan(
        &self,
        ctx: &Context,
        zone_id: i64,
        year: i32,
        step: PlanStep,
        reason: &str,
    ) -> Result<PlanStatus, AppError> {
        let actor = actor(ctx)?;
        let kind = actor.org_kind().ok_or(AppError::Forbidden)?;
        let directory = self.directory();
        let zone = directory
            .zone(zone_id)
            .ok_or(AppError::NotFound { entity: "zone" })?;
        // The zone files its own plan; its province and the ministry review it.
        let mut tx = match kind {
            OrgKind::Zone => {
                let keeper = actor.training_keeper(zone_id).ok_or(AppError::Forbidden)?;
                self.write(&keeper, ctx).await?
            }
            OrgKind::Province | OrgKind::Ministry => {
                let reviewer = actor
                    .fund_reviewer()
                    .filter(|_| actor.reads_any_zone(&[(zone_id, &zone.fields.province_code)]))
                    .ok_or(AppError::Forbidden)?;
                self.write(&reviewer, ctx).await?
            }
            _ => return Err(AppError::Forbidden),
        };
        let now = tx.now();
        let mut plan =
            tx.training_plan_for_update(zone_id, year)
                .await?
                .ok_or(AppError::NotFound {
                    entity: "training plan",
                })?;
        let status = PlanStatus::parse(&plan.status)
            .ok_or_else(|| AppError::Conflict(format!("plan status {}", plan.status)))?;
        let next = training::plan_step(status, step, kind, reason)
            .map_err(|e| AppError::Invalid(Validation(vec![e])))?;
        let before = plan.status.clone();
        plan.status = next.code().to_owned();
        plan.reason = (next == PlanStatus::Returned).then(|| reason.trim().to_owned());
        tx.save_training_plan(&plan, now).await?;
        tx.finish(
            Record::new("training.plan.step", Entity::TrainingPlan, plan.id)
                .before(&before)
                .after(&serde_json::json!({"status": plan.status, "reason": plan.reason})),
        )
        .await?;
        Ok(next)
    }

    /// Imports a roster (.xlsx or .csv) into a zone's registry: every row is checked first
    /// (身份证号 check digit, duplicates in the file or already registered, occupations …);
    /// one bad row refuses the whole file, naming each bad row; otherwise all rows are
    /// written in one transaction. Returns how many were registered.
    pub async fn import_roster(
        &self,
        ctx: &Context,
        zone_id: i64,
        file_name: &str,
        bytes: &[u8],
        progress: &dyn ImportProgress,
    ) -> Result<usize, AppError> {
        let keeper = actor(ctx)?
            .training_keeper(zone_id)
            .ok_or(AppError::Forbidden)?;
        self.import_roster_as(&keeper, ctx, keeper.zone_id(), file_name, bytes, progress)
            .await
    }

    /// [`import_roster`](Self::import_roster) by the operator at the console (`gowest
    /// training import`), who holds the database itself (like `gowest import zones`).
    pub async fn import_roster_from_console(
        &self,
        op: &Operator,
        zone_id: i64,
        file_name: &str,
        bytes: &[u8],
        progress: &dyn ImportProgress,
    ) -> Result<usize, AppError> {
        self.directory()
            .zone(zone_id)
            .ok_or(AppError::NotFound { entity: "zone" })?;
        let ctx = Context::system("cli");
        self.import_roster_as(op, &ctx, zone_id, file_name, bytes, progress)
            .await
    }

    /// The import itself, for whoever holds `right` over the zone.
    pub(crate) async fn import_roster_as(
        &self,
        right: &impl Right,
        ctx: &Context,
        zone_id: i64,
        file_name: &str,
        bytes: &[u8],
        progress: &dyn ImportProgress,
    ) -> Result<usize, AppError> {
        let (columns, inputs) = parse_roster(file_name, bytes).await?;
        let total = inputs.len() as u64;
        progress.set_total(total * 2);
        let key = self.resident_id_key();
        // The digests of every well-formed number, looked up in bulk before validation.
        let digests: Vec<String> = inputs
            .iter()
            .filter_map(|i| gowest_domain::ids::ResidentId::parse(&i.id_number).ok())
            .map(|id| training::id_digest(&key, &id).0)
            .collect();
        let registered = self.store.registered_digests(&digests).await?;
        progress.advance(total / 2);
        let rows = training::validate_roster(&inputs, &key, |d| registered.contains(&d.0))
            .map_err(|problems| {
                AppError::RowsRejected(
                    problems
                        .into_iter()
                        .flat_map(|p| crate::zone_sheet::row_errors(p.row, &columns, p.errors))
                        .collect::<Vec<RowError>>(),
                )
            })?;
        progress.advance(total);
        let new: Vec<NewTrainee> = rows.into_iter().map(new_trainee).collect();
        let now = self.clock.now();
        let mut tx = self.write(right, ctx).await?;
        tx.insert_trainees(zone_id, &new, now, &|done| {
            progress.advance(total + done as u64);
        })
        .await?;
        let certified = new.iter().filter(|t| t.certified()).count();
        // Counts only: the audit log is read by auditors who have no right to the numbers.
        let mut record = Record::new("training.roster.import", Entity::Zone, zone_id).after(
            &serde_json::json!({
                "file": file_name, "registered": new.len(), "certified": certified,
            }),
        );
        // Certified technicians count in the zone's labour for matching: mark the change so
        // that every instance reloads its matching index.
        if certified > 0 {
            record = record.also(Entity::Trainee, zone_id);
        }
        tx.finish(record).await?;
        if certified > 0 {
            self.reload_directory().await?;
        }
        progress.advance(total * 2);
        Ok(new.len())
    }

    /// A page of the trainees the actor may read (the ministry all, a province its zones',
    /// a zone its own), 身份证号 masked, and the total.
    pub async fn trainees(
        &self,
        actor: &Actor,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<TraineeView>, i64), AppError> {
        let filter = filter_of(actor.scope())?;
        let (rows, total) = self
            .store
            .trainees(&filter, limit.clamp(1, 500), offset.max(0))
            .await?;
        self.audit_trainee_read(actor, "trainee.view", rows.len(), offset)
            .await?;
        Ok((rows.into_iter().map(TraineeView::from).collect(), total))
    }

    /// The trainees the actor may read as export rows (header first), 身份证号 masked: the
    /// full number is not stored, so no export can carry it.
    async fn trainee_sheet(&self, actor: &Actor) -> Result<Vec<[String; 9]>, AppError> {
        let filter = filter_of(actor.scope())?;
        let mut rows = vec![
            [
                "开发区编号",
                "姓名",
                "身份证号（脱敏）",
                "职业（工种）",
                "培训课程",
                "结业日期",
                "考核结果",
                "证书编号",
                "证书等级",
            ]
            .map(String::from),
        ];
        let mut offset = 0;
        loop {
            let (page, _) = self.store.trainees(&filter, 5_000, offset).await?;
            if page.is_empty() {
                break;
            }
            offset += page.len() as i64;
            rows.extend(page.into_iter().map(|t| {
                [
                    t.zone_id.to_string(),
                    t.name,
                    t.id_masked,
                    t.occupation,
                    t.course,
                    t.completed_on.to_string(),
                    t.exam_result,
                    t.certificate_no.unwrap_or_default(),
                    t.certificate_level.unwrap_or_default(),
                ]
            }));
        }
        self.audit_trainee_read(actor, "trainee.export", rows.len() - 1, 0)
            .await?;
        Ok(rows)
    }

    /// Trainees are personal data: every listing and export leaves an audit row.
    async fn audit_trainee_read(
        &self,
        actor: &Actor,
        action: &str,
        rows: usize,
        offset: i64,
    ) -> Result<(), AppError> {
        let entry =
            Context::user(actor.clone(), None).entry(self.clock.now(), action, "trainee", None);
        let after = serde_json::json!({
            "rows": rows,
            "offset": offset,
            "scope": format!("{:?}", actor.scope()),
        });
        self.note(entry, Some(after)).await?;
        Ok(())
    }

    /// The trainees the actor may read as CSV, 身份证号 masked.
    pub async fn export_trainees(&self, actor: &Actor) -> Result<Vec<u8>, AppError> {
        let mut writer = crate::cells::CsvOut::new(Vec::new());
        for row in self.trainee_sheet(actor).await? {
            writer
                .row(&row)
                .map_err(|e| AppError::Internal(e.to_string()))?;
        }
        writer
            .into_inner()
            .map_err(|e| AppError::Internal(e.to_string()))
    }

    /// The trainees the actor may read as an .xlsx workbook, 身份证号 masked.
    pub async fn export_trainees_xlsx(&self, actor: &Actor) -> Result<Vec<u8>, AppError> {
        let rows = self.trainee_sheet(actor).await?;
        let sheet_error =
            |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("export: {e}"));
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("学员").map_err(sheet_error)?;
        for (r, row) in rows.iter().enumerate() {
            let r =
                u32::try_from(r).map_err(|_| AppError::Internal("export: too many rows".into()))?;
            for (c, cell) in row.iter().enumerate() {
                crate::cells::write_text(sheet, r, c as u16, cell).map_err(sheet_error)?;
            }
        }
        book.save_to_buffer().map_err(sheet_error)
    }

    /// Progress against quota by zone, province, region and month within the actor's
    /// scope, for one programme year (months of that year; quotas of that year).
    pub async fn training_progress(&self, actor: &Actor, year: i32) -> Result<Progress, AppError> {
        let scope = actor.scope();
        filter_of(scope.clone())?;
        let directory = self.directory();
        let region_of = |zone_id: i64| directory.zone(zone_id).map(|z| z.region);
        let in_scope = |zone_id: i64, province: &gowest_domain::region::ProvinceCode| {
            training::reads_trainees(&scope, zone_id, province)
        };
        let mut facts = Vec::new();
        for count in self.store.training_progress_of_year(year).await? {
            let Some(province) = gowest_domain::region::ProvinceCode::parse(&count.province_code)
            else {
                continue;
            };
            if !in_scope(count.zone_id, &province) {
                continue;
            }
            let Some(region) = region_of(count.zone_id) else {
                continue;
            };
            facts.push(TraineeFact {
                zone_id: count.zone_id,
                province,
                region,
                month: count.month,
                trained: u64::try_from(count.trained).unwrap_or(0),
                certified: u64::try_from(count.certified).unwrap_or(0),
            });
        }
        let mut quotas = Vec::new();
        for (zone_id, quota) in self.store.training_quotas(year).await? {
            if let Some(zone) = directory.zone(zone_id)
                && in_scope(zone_id, &zone.fields.province_code)
            {
                quotas.push((
                    zone_id,
                    zone.fields.province_code.clone(),
                    zone.region,
                    u32::try_from(quota).unwrap_or(u32::MAX),
                ));
            }
        }
        Ok(training::progress(&facts, &quotas))
    }

    /// A zone's plan of a year, if the actor may read it.
    pub async fn training_plan(
        &self,
        actor: &Actor,
        zone_id: i64,
        year: i32,
    ) -> Result<Option<StoredPlan>, AppError> {
        let directory = self.directory();
        let zone = directory
            .zone(zone_id)
            .ok_or(AppError::NotFound { entity: "zone" })?;
        if !training::reads_trainees(&actor.scope(), zone_id, &zone.fields.province_code) {
            return Err(AppError::Forbidden);
        }
        Ok(self.store.training_plan(zone_id, year).await?)
    }
}

fn new_trainee(row: RosterRow) -> NewTrainee {
    let t = row.trainee;
    NewTrainee {
        name: t.name,
        id_digest: row.digest.0,
        id_masked: t.id.masked(),
        occupation: t.occupation.code.to_owned(),
        course: t.course,
        completed_on: t.completed_on,
        exam_result: t.exam_result.code().to_owned(),
        certificate_no: t.certificate.as_ref().map(|c| c.0.clone()),
        certificate_level: t.certificate.map(|c| c.1.code().to_owned()),
    }
}

type Roster = (HashMap<&'static str, String>, Vec<TraineeInput>);

async fn parse_roster(file_name: &str, bytes: &[u8]) -> Result<Roster, AppError> {
    let file = |m: String| AppError::File(m);
    let mut cells = bounded_sheet::read(file_name, bytes, Limits::ROSTER)
        .await?
        .into_iter();
    let header = cells
        .next()
        .ok_or_else(|| file("空文件 / empty file".into()))?;
    let mut keys = Vec::with_capacity(header.len());
    let mut columns = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = raw.trim();
        let col = crate::zone_sheet::column_letter(i);
        let key = ROSTER_COLUMNS
            .iter()
            .find(|(key, label)| key.eq_ignore_ascii_case(name) || *label == name)
            .map(|(key, _)| *key)
            .ok_or_else(|| {
                file(format!(
                    "第1行 {col} 列：未知列名“{name}” / row 1, column {col}: unknown header \"{name}\""
                ))
            })?;
        columns.insert(key, format!("{col} {name}"));
        keys.push(key);
    }
    for (required, _) in &ROSTER_COLUMNS[..5] {
        if !columns.contains_key(required) {
            return Err(file(format!(
                "缺少必需的列“{required}” / required column \"{required}\" is missing"
            )));
        }
    }
    let mut rows: Vec<Vec<String>> = cells.collect();
    // Trailing blank rows are formatting; blank rows between trainees stay, so that row
    // numbers in the report are the sheet's, and are refused like any incomplete row.
    while rows
        .last()
        .is_some_and(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        rows.pop();
    }
    let mut inputs = Vec::with_capacity(rows.len());
    for row in rows {
        let mut input = TraineeInput::default();
        for (key, value) in keys.iter().zip(row) {
            let slot = match *key {
                "name" => &mut input.name,
                "id_number" => &mut input.id_number,
                "occupation" => &mut input.occupation,
                "course" => &mut input.course,
                "completed_on" => &mut input.completed_on,
                "exam_result" => &mut input.exam_result,
                "certificate_no" => &mut input.certificate_no,
                _ => &mut input.certificate_level,
            };
            *slot = value;
        }
        inputs.push(input);
    }
    Ok((columns, inputs))
}

/// A roster file sent as base64 text (the JSON API), or a 400 naming the field.
pub fn decode_roster(content_base64: &str) -> Result<Vec<u8>, AppError> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(content_base64.trim())
        .map_err(|_| {
            AppError::Invalid(Validation(vec![FieldError::new(
                "content_base64",
                "not_base64",
                "名册文件内容须为 base64 编码",
                "content_base64 must be base64",
            )]))
        })
}

impl App {
    /// The programme year pages open on: this year by the app's clock.
    pub fn training_year(&self) -> i32 {
        use chrono::Datelike;
        self.clock.now().year()
    }

    /// The plans of a year that the actor may read (a zone its own, a province its zones',
    /// the ministry all), with each zone's Chinese name.
    pub async fn training_plans(
        &self,
        actor: &Actor,
        year: i32,
    ) -> Result<Vec<(String, StoredPlan)>, AppError> {
        let scope = actor.scope();
        filter_of(scope.clone())?;
        let directory = self.directory();
        Ok(self
            .store
            .training_plans(year)
            .await?
            .into_iter()
            .filter_map(|p| {
                let zone = directory.zone(p.zone_id)?;
                training::reads_trainees(&scope, p.zone_id, &zone.fields.province_code)
                    .then(|| (zone.fields.name_zh.clone(), p))
            })
            .collect())
    }
}

/// Years a trainee's record is kept after its programme year (docs/training.md).
pub const RETENTION_YEARS: i32 = 5;

impl App {
    /// The retention rule: erases the names and certificate numbers of trainees whose
    /// programme year ended more than [`RETENTION_YEARS`] years ago (what the figures need
    /// stays: mask, digest, occupation, month, level). Run by the operator with `gowest
    /// training erase-expired`.
    pub async fn erase_expired_trainees(&self, op: &Operator) -> Result<u64, AppError> {
        let now = self.clock.now();
        // Trained in year Y: kept through 31 December of Y + 5, erased from 1 January of Y + 6.
        let before = chrono::NaiveDate::from_ymd_opt(self.training_year() - RETENTION_YEARS, 1, 1)
            .ok_or_else(|| AppError::Conflict("retention date".into()))?;
        let mut tx = self.write(op, &Context::system("cli")).await?;
        let erased = tx.erase_trainees_before(before, now).await?;
        tx.finish(
            Record::new("training.retention.erase", Entity::Trainee, None).after(
                &serde_json::json!({
                    "trained_before": before, "erased": erased,
                }),
            ),
        )
        .await?;
        Ok(erased)
    }
}

impl App {
    /// The quotas of `year` with each zone's Chinese name, by zone id.
    pub async fn training_quota_lines(
        &self,
        year: i32,
    ) -> Result<Vec<(i64, String, u32)>, AppError> {
        let directory = self.directory();
        Ok(self
            .store
            .training_quotas(year)
            .await?
            .into_iter()
            .filter_map(|(zone_id, quota)| {
                let zone = directory.zone(zone_id)?;
                Some((
                    zone_id,
                    zone.fields.name_zh.clone(),
                    u32::try_from(quota).unwrap_or(u32::MAX),
                ))
            })
            .collect())
    }

    /// Quota lines as typed in the console, one `开发区名称或编号:人数` a line, or a 400
    /// naming each bad line.
    pub fn parse_quota_text(&self, text: &str) -> Result<Vec<(i64, u32)>, AppError> {
        let directory = self.directory();
        let mut v = Validation::default();
        let mut quotas = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let field = format!("quotas line {}", i + 1);
            let Some((zone, number)) = line.rsplit_once([':', '：']) else {
                v.push(FieldError::new(
                    &field,
                    "malformed",
                    format!("第{}行应为“开发区:人数”", i + 1),
                    format!("{field} must be \"zone:number\""),
                ));
                continue;
            };
            let zone = zone.trim();
            let zone_id = match zone.parse::<i64>() {
                Ok(id) => directory.zone(id).map(|z| z.id),
                Err(_) => directory
                    .zones
                    .iter()
                    .find(|l| l.zone.fields.name_zh == zone)
                    .map(|l| l.zone.id),
            };
            let Some(zone_id) = zone_id else {
                v.push(FieldError::new(
                    &field,
                    "unknown",
                    format!("第{}行：没有开发区“{zone}”", i + 1),
                    format!("{field}: no zone \"{zone}\""),
                ));
                continue;
            };
            match number.trim().parse::<u32>() {
                Ok(n) => quotas.push((zone_id, n)),
                Err(_) => v.push(FieldError::new(
                    &field,
                    "not_a_number",
                    format!("第{}行：人数应为非负整数", i + 1),
                    format!("{field}: the number must be a whole number"),
                )),
            }
        }
        v.finish(quotas).map_err(AppError::Invalid)
    }
}
