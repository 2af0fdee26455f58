//! Ministry classes (notice 3.3): the ministry surveys central and western zones' demand,
//! plans classes from it and invites zones; invited zones enrol managers within the seats;
//! the ministry records completion. Every write is audited.

use crate::audit::Context;
use crate::write::Record;
use crate::{App, AppError};
use gowest_domain::access::{Actor, Scope, TrainingKeeper, TrainingPlanner};
use gowest_domain::change::Entity;
use gowest_domain::error::{FieldError, Validation};
use gowest_domain::training::classes::{
    self, ClassInput, DemandInput, SurveyInput, TopicDemand, demand_by_topic,
};
use gowest_domain::training::managers::{self, EnrolmentInput};
use gowest_domain::training::reads_trainees;
use gowest_store::StoreError;
use gowest_store::training_classes::{NewClass, StoredDemand};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[schema(as = TrainingDemandView)]
pub struct DemandView {
    pub zone_id: i64,
    pub zone: String,
    pub topic: String,
    pub topic_zh: String,
    pub people: i64,
    pub months: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ClassView {
    pub id: i64,
    pub topic: String,
    pub topic_zh: String,
    pub title: String,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub place: String,
    pub seats: i64,
    pub enrolled: i64,
    pub completed: i64,
    pub zones: Vec<InvitedZone>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct InvitedZone {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ClassEnrolmentView {
    pub id: i64,
    pub class_id: i64,
    pub zone_id: i64,
    pub zone: String,
    pub manager_name: String,
    pub position: String,
    pub completed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct SurveyView {
    pub id: i64,
    pub year: i64,
    /// Surveyed people per topic and region, every topic listed.
    pub demand: Vec<TopicDemand>,
    /// The answers the reader may see: all for the ministry, its zones' for a province, its
    /// own for a zone.
    pub answers: Vec<DemandView>,
    pub classes: Vec<ClassView>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct MinistryClasses {
    /// Latest year first.
    pub surveys: Vec<SurveyView>,
    /// The enrolments the reader may see.
    pub enrolments: Vec<ClassEnrolmentView>,
}

fn refuse(field: &str, code: &'static str, zh: &str, en: &str) -> AppError {
    AppError::Invalid(Validation(vec![FieldError::new(field, code, zh, en)]))
}

/// Ministry staff with a writing role run the classes.
fn ministry(ctx: &Context) -> Result<TrainingPlanner, AppError> {
    ctx.actor
        .as_ref()
        .and_then(Actor::training_planner)
        .ok_or(AppError::Forbidden)
}

impl App {
    /// The right over the actor's own central or western zone's training, if its staff keep
    /// it.
    fn class_zone(&self, ctx: &Context) -> Result<TrainingKeeper, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let zone_id = actor.own_zone().ok_or(AppError::Forbidden)?;
        let keeper = actor.training_keeper(zone_id).ok_or(AppError::Forbidden)?;
        let zone = self.directory();
        let zone = zone
            .zone(zone_id)
            .ok_or(AppError::NotFound { entity: "zone" })?;
        if !classes::answers_surveys(zone.region) {
            return Err(AppError::Forbidden);
        }
        Ok(keeper)
    }

    /// The ministry opens the demand survey of a year (one per year).
    pub async fn open_class_survey(
        &self,
        ctx: &Context,
        input: &SurveyInput,
    ) -> Result<i64, AppError> {
        let planner = ministry(ctx)?;
        let year = input.parse()?;
        let now = self.clock.now();
        let mut tx = self.write(&planner, ctx).await?;
        let id = match tx.insert_class_survey(year.into(), now).await {
            Ok(id) => id,
            Err(StoreError::Conflict { .. }) => {
                return Err(refuse(
                    "year",
                    "already_open",
                    "该年度的需求调查已开启",
                    "the survey of this year is already open",
                ));
            }
            Err(e) => return Err(e.into()),
        };
        tx.finish(
            Record::new("training.class_survey.open", Entity::ClassSurvey, id)
                .after(&serde_json::json!({ "year": year })),
        )
        .await?;
        Ok(id)
    }

    /// A central or western zone answers a survey for one topic (again: replaces it).
    pub async fn answer_class_survey(
        &self,
        ctx: &Context,
        survey_id: i64,
        input: &DemandInput,
    ) -> Result<(), AppError> {
        let keeper = self.class_zone(ctx)?;
        let zone_id = keeper.zone_id();
        let demand = input.parse()?;
        let now = self.clock.now();
        let mut tx = self.write(&keeper, ctx).await?;
        tx.class_survey(survey_id)
            .await?
            .ok_or(AppError::NotFound {
                entity: "class survey",
            })?;
        let months = demand
            .months
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let row = StoredDemand {
            survey_id,
            zone_id,
            topic: demand.topic.code.to_owned(),
            people: demand.people.into(),
            months,
        };
        tx.upsert_class_demand(&row, now).await?;
        tx.finish(
            Record::new(
                "training.class_survey.answer",
                Entity::ClassSurvey,
                survey_id,
            )
            .after(&serde_json::json!({
                "zone_id": zone_id, "topic": row.topic, "people": row.people,
                "months": row.months,
            })),
        )
        .await?;
        Ok(())
    }

    /// The ministry plans a class of a survey's year and invites central and western zones.
    pub async fn plan_ministry_class(
        &self,
        ctx: &Context,
        survey_id: i64,
        input: &ClassInput,
    ) -> Result<i64, AppError> {
        let planner = ministry(ctx)?;
        let now = self.clock.now();
        let mut tx = self.write(&planner, ctx).await?;
        let survey = tx
            .class_survey(survey_id)
            .await?
            .ok_or(AppError::NotFound {
                entity: "class survey",
            })?;
        let directory = self.directory();
        let year = i32::try_from(survey.year).unwrap_or(0);
        let class = input.parse(year, |id| {
            directory
                .zone(id)
                .is_some_and(|z| classes::answers_surveys(z.region))
        })?;
        let id = tx
            .insert_ministry_class(
                &NewClass {
                    survey_id,
                    topic: class.topic.code,
                    title: &class.title,
                    starts_on: class.starts_on,
                    ends_on: class.ends_on,
                    place: &class.place,
                    seats: class.seats.into(),
                },
                &class.zones,
                now,
            )
            .await?;
        tx.finish(
            Record::new("training.ministry_class.plan", Entity::MinistryClass, id)
                .after(&format!("{class:?}")),
        )
        .await?;
        Ok(id)
    }

    /// An invited zone enrols a manager on a class with seats left.
    pub async fn enrol_in_class(
        &self,
        ctx: &Context,
        class_id: i64,
        input: &EnrolmentInput,
    ) -> Result<i64, AppError> {
        let keeper = self.class_zone(ctx)?;
        let zone_id = keeper.zone_id();
        let (name, position) = input.parse()?;
        let now = self.clock.now();
        let mut tx = self.write(&keeper, ctx).await?;
        let class = tx
            .ministry_class_for_update(class_id)
            .await?
            .ok_or(AppError::NotFound {
                entity: "ministry class",
            })?;
        if !tx.is_invited(class_id, zone_id).await? {
            return Err(AppError::Forbidden);
        }
        if class.enrolled >= class.seats {
            return Err(refuse(
                "class_id",
                "full",
                "该培训班名额已满",
                "the class has no seat left",
            ));
        }
        let id = match tx
            .insert_class_enrolment(class_id, zone_id, &name, &position, now)
            .await
        {
            Ok(id) => id,
            Err(StoreError::Conflict { .. }) => {
                return Err(refuse(
                    "manager_name",
                    "already_enrolled",
                    "该学员已报名本培训班",
                    "this manager is already enrolled in the class",
                ));
            }
            Err(e) => return Err(e.into()),
        };
        tx.finish(
            Record::new(
                "training.ministry_class.enrol",
                Entity::MinistryClassEnrolment,
                id,
            )
            .after(&serde_json::json!({
                "class_id": class_id, "zone_id": zone_id, "position": position,
            })),
        )
        .await?;
        Ok(id)
    }

    /// The ministry records whether an enrolled manager completed the class.
    pub async fn record_class_completion(
        &self,
        ctx: &Context,
        enrolment_id: i64,
        completed: bool,
    ) -> Result<(), AppError> {
        let planner = ministry(ctx)?;
        let mut tx = self.write(&planner, ctx).await?;
        let before = tx
            .class_enrolment(enrolment_id)
            .await?
            .ok_or(AppError::NotFound {
                entity: "class enrolment",
            })?;
        tx.record_class_completion(enrolment_id, completed).await?;
        tx.finish(
            Record::new(
                "training.ministry_class.completion",
                Entity::MinistryClassEnrolment,
                enrolment_id,
            )
            .before(&serde_json::json!({ "completed": before.completed }))
            .after(&serde_json::json!({ "completed": completed })),
        )
        .await?;
        Ok(())
    }

    /// Surveys with their demand summed by topic and region, the answers and enrolments the
    /// actor may see, and the classes planned.
    pub async fn ministry_classes(&self, actor: &Actor) -> Result<MinistryClasses, AppError> {
        let scope = actor.scope();
        if !matches!(scope, Scope::All | Scope::Province(_) | Scope::Zone(_)) {
            return Err(AppError::Forbidden);
        }
        let directory = self.directory();
        let name = |id: i64| {
            directory
                .zone(id)
                .map_or_else(|| format!("#{id}"), |z| z.fields.name_zh.clone())
        };
        let visible = |zone_id: i64| {
            directory
                .zone(zone_id)
                .is_some_and(|z| reads_trainees(&scope, zone_id, &z.fields.province_code))
        };
        let topic_zh = |code: &str| {
            managers::topic(code).map_or_else(|| code.to_owned(), |t| t.name_zh.to_owned())
        };
        let mut invited: BTreeMap<i64, Vec<InvitedZone>> = BTreeMap::new();
        for (class_id, zone_id) in self.store.ministry_class_zones().await? {
            invited.entry(class_id).or_default().push(InvitedZone {
                id: zone_id,
                name: name(zone_id),
            });
        }
        let mut by_survey: BTreeMap<i64, Vec<ClassView>> = BTreeMap::new();
        for c in self.store.ministry_classes().await? {
            by_survey.entry(c.survey_id).or_default().push(ClassView {
                id: c.id,
                topic_zh: topic_zh(&c.topic),
                topic: c.topic,
                title: c.title,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                place: c.place,
                seats: c.seats,
                enrolled: c.enrolled,
                completed: c.completed,
                zones: invited.remove(&c.id).unwrap_or_default(),
            });
        }
        let demands = self.store.class_demands().await?;
        let surveys = self
            .store
            .class_surveys()
            .await?
            .into_iter()
            .map(|s| {
                let rows: Vec<_> = demands.iter().filter(|d| d.survey_id == s.id).collect();
                let sums: Vec<_> = rows
                    .iter()
                    .filter_map(|d| {
                        let region = directory.zone(d.zone_id)?.region;
                        Some((d.topic.clone(), region, d.people))
                    })
                    .collect();
                SurveyView {
                    id: s.id,
                    year: s.year,
                    demand: demand_by_topic(&sums),
                    answers: rows
                        .iter()
                        .filter(|d| visible(d.zone_id))
                        .map(|d| DemandView {
                            zone_id: d.zone_id,
                            zone: name(d.zone_id),
                            topic: d.topic.clone(),
                            topic_zh: topic_zh(&d.topic),
                            people: d.people,
                            months: d.months.clone(),
                        })
                        .collect(),
                    classes: by_survey.remove(&s.id).unwrap_or_default(),
                }
            })
            .collect();
        let enrolments = self
            .store
            .ministry_class_enrolments()
            .await?
            .into_iter()
            .filter(|e| visible(e.zone_id))
            .map(|e| ClassEnrolmentView {
                id: e.id,
                class_id: e.class_id,
                zone_id: e.zone_id,
                zone: name(e.zone_id),
                manager_name: e.manager_name,
                position: e.position,
                completed: e.completed,
            })
            .collect();
        Ok(MinistryClasses {
            surveys,
            enrolments,
        })
    }
}
