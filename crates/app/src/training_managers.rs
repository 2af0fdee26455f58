//! Manager training (notice 3.2): eastern zones offer courses on the notice's eight topics,
//! central and western zones enrol their managers, the host records attendance and
//! completion; each enrolment pairs an eastern host with a central or western zone.

use crate::audit::Context;
use crate::write::Record;
use crate::{App, AppError};
use gowest_domain::access::{Actor, Scope, TrainingKeeper};
use gowest_domain::change::Entity;
use gowest_domain::error::{FieldError, Validation};
use gowest_domain::money::Fen;
use gowest_domain::training::managers::{
    self, AttendanceInput, CourseInput, EnrolmentInput, course_days,
};
use gowest_domain::training::reads_trainees;
use gowest_store::StoreError;
use gowest_store::training::NewCourse;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct CourseView {
    pub id: i64,
    pub host_zone_id: i64,
    pub host_zone: String,
    pub topic: String,
    pub topic_zh: String,
    pub title: String,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub seats: i64,
    /// Training funds granted to the course.
    pub funding: Fen,
    pub enrolled: i64,
    pub completed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct EnrolmentView {
    pub id: i64,
    pub course_id: i64,
    pub zone_id: i64,
    pub zone: String,
    pub manager_name: String,
    pub position: String,
    pub days_attended: i64,
    pub completed: bool,
}

/// An east→west pair: managers of `zone` trained by `host_zone`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Pairing {
    pub host_zone_id: i64,
    pub host_zone: String,
    pub zone_id: i64,
    pub zone: String,
    pub managers: i64,
    pub completed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ManagerTraining {
    pub courses: Vec<CourseView>,
    /// The enrolments the reader may see: its own zone's, its courses', its province's, or
    /// all for the ministry.
    pub enrolments: Vec<EnrolmentView>,
    pub pairings: Vec<Pairing>,
}

fn refuse(field: &str, code: &'static str, zh: &str, en: &str) -> AppError {
    AppError::Invalid(Validation(vec![FieldError::new(field, code, zh, en)]))
}

impl App {
    /// The right over the actor's own zone's training, if its staff keep it, with the zone's
    /// region.
    fn training_zone(
        &self,
        ctx: &Context,
    ) -> Result<(TrainingKeeper, gowest_domain::region::Region), AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let zone_id = actor.own_zone().ok_or(AppError::Forbidden)?;
        let keeper = actor.training_keeper(zone_id).ok_or(AppError::Forbidden)?;
        let region = self
            .directory()
            .zone(zone_id)
            .ok_or(AppError::NotFound { entity: "zone" })?
            .region;
        Ok((keeper, region))
    }

    /// An eastern zone offers a course on one of the eight topics.
    pub async fn offer_manager_course(
        &self,
        ctx: &Context,
        input: &CourseInput,
    ) -> Result<i64, AppError> {
        let (keeper, region) = self.training_zone(ctx)?;
        if !managers::offers_courses(region) {
            return Err(AppError::Forbidden);
        }
        let zone_id = keeper.zone_id();
        let course = input.parse()?;
        let now = self.clock.now();
        let mut tx = self.write(&keeper, ctx).await?;
        let id = tx
            .insert_manager_course(
                &NewCourse {
                    host_zone_id: zone_id,
                    topic: course.topic.code,
                    title: &course.title,
                    starts_on: course.starts_on,
                    ends_on: course.ends_on,
                    seats: course.seats.into(),
                    funding_fen: course.funding.0,
                },
                now,
            )
            .await?;
        tx.finish(
            Record::new("training.manager_course.offer", Entity::ManagerCourse, id)
                .after(&format!("{course:?}")),
        )
        .await?;
        Ok(id)
    }

    /// A central or western zone enrols one of its managers on a course with seats left.
    pub async fn enrol_manager(
        &self,
        ctx: &Context,
        course_id: i64,
        input: &EnrolmentInput,
    ) -> Result<i64, AppError> {
        let (keeper, region) = self.training_zone(ctx)?;
        if !managers::enrols_managers(region) {
            return Err(AppError::Forbidden);
        }
        let zone_id = keeper.zone_id();
        let (name, position) = input.parse()?;
        let now = self.clock.now();
        let mut tx = self.write(&keeper, ctx).await?;
        let course = tx
            .manager_course_for_update(course_id)
            .await?
            .ok_or(AppError::NotFound {
                entity: "manager course",
            })?;
        if course.enrolled >= course.seats {
            return Err(refuse(
                "course_id",
                "full",
                "该课程名额已满",
                "the course has no seat left",
            ));
        }
        let id = match tx
            .insert_manager_enrolment(course_id, zone_id, &name, &position, now)
            .await
        {
            Ok(id) => id,
            Err(StoreError::Conflict { .. }) => {
                return Err(refuse(
                    "manager_name",
                    "already_enrolled",
                    "该学员已报名本课程",
                    "this manager is already enrolled on the course",
                ));
            }
            Err(e) => return Err(e.into()),
        };
        tx.finish(
            Record::new("training.manager.enrol", Entity::ManagerEnrolment, id).after(
                &serde_json::json!({
                    "course_id": course_id, "zone_id": zone_id, "position": position,
                }),
            ),
        )
        .await?;
        Ok(id)
    }

    /// The host zone records a manager's attendance and completion.
    pub async fn record_manager_attendance(
        &self,
        ctx: &Context,
        enrolment_id: i64,
        input: &AttendanceInput,
    ) -> Result<(), AppError> {
        let (keeper, _) = self.training_zone(ctx)?;
        let zone_id = keeper.zone_id();
        let missing = || AppError::NotFound {
            entity: "manager enrolment",
        };
        let mut tx = self.write(&keeper, ctx).await?;
        let enrolment = tx
            .manager_enrolment(enrolment_id)
            .await?
            .ok_or_else(missing)?;
        let course = tx
            .manager_course_for_update(enrolment.course_id)
            .await?
            .ok_or_else(missing)?;
        if course.host_zone_id != zone_id {
            return Err(AppError::Forbidden);
        }
        let (days, completed) = input.parse(course_days(course.starts_on, course.ends_on))?;
        tx.record_manager_attendance(enrolment_id, days.into(), completed)
            .await?;
        tx.finish(
            Record::new(
                "training.manager.attendance",
                Entity::ManagerEnrolment,
                enrolment_id,
            )
            .before(&serde_json::json!({
                "days_attended": enrolment.days_attended, "completed": enrolment.completed,
            }))
            .after(&serde_json::json!({"days_attended": days, "completed": completed})),
        )
        .await?;
        Ok(())
    }

    /// Courses, the enrolments the actor may see, and the east→west pairs they make.
    pub async fn manager_training(&self, actor: &Actor) -> Result<ManagerTraining, AppError> {
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
        let own = actor.own_zone();
        let courses: Vec<CourseView> = self
            .store
            .manager_courses()
            .await?
            .into_iter()
            .map(|c| CourseView {
                id: c.id,
                host_zone_id: c.host_zone_id,
                host_zone: name(c.host_zone_id),
                topic_zh: managers::topic(&c.topic)
                    .map_or_else(|| c.topic.clone(), |t| t.name_zh.to_owned()),
                topic: c.topic,
                title: c.title,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                seats: c.seats,
                funding: Fen(c.funding_fen),
                enrolled: c.enrolled,
                completed: c.completed,
            })
            .collect();
        let host_of: BTreeMap<i64, i64> = courses.iter().map(|c| (c.id, c.host_zone_id)).collect();
        let visible = |zone_id: i64, host: Option<i64>| {
            own.is_some() && own == host
                || directory
                    .zone(zone_id)
                    .is_some_and(|z| reads_trainees(&scope, zone_id, &z.fields.province_code))
        };
        let enrolments: Vec<EnrolmentView> = self
            .store
            .manager_enrolments()
            .await?
            .into_iter()
            .filter(|e| visible(e.zone_id, host_of.get(&e.course_id).copied()))
            .map(|e| EnrolmentView {
                id: e.id,
                course_id: e.course_id,
                zone_id: e.zone_id,
                zone: name(e.zone_id),
                manager_name: e.manager_name,
                position: e.position,
                days_attended: e.days_attended,
                completed: e.completed,
            })
            .collect();
        let mut pairs: BTreeMap<(i64, i64), (i64, i64)> = BTreeMap::new();
        for e in &enrolments {
            if let Some(host) = host_of.get(&e.course_id) {
                let p = pairs.entry((*host, e.zone_id)).or_default();
                p.0 += 1;
                p.1 += i64::from(e.completed);
            }
        }
        let pairings = pairs
            .into_iter()
            .map(|((host, zone), (managers, completed))| Pairing {
                host_zone_id: host,
                host_zone: name(host),
                zone_id: zone,
                zone: name(zone),
                managers,
                completed,
            })
            .collect();
        Ok(ManagerTraining {
            courses,
            enrolments,
            pairings,
        })
    }
}
