//! Registration of enterprises and zones for an event, decided by the organiser, and the
//! B2B meeting requests between registered participants.

use crate::error::{FieldError, Validation};
use crate::input::{required_text, text, whole_number};
use crate::pipeline::coded_enum;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

coded_enum! {
    /// Where a registration stands.
    pub enum RegistrationStatus {
        Pending => ("pending", "待审核", "Pending"),
        Approved => ("approved", "已通过", "Approved"),
        Rejected => ("rejected", "未通过", "Rejected"),
        Withdrawn => ("withdrawn", "已撤回", "Withdrawn"),
    }
}

/// One organisation registered for one event, with the person who attends for it (name
/// and title only: personal data is kept to what the meeting needs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Registration {
    pub id: i64,
    pub event_id: i64,
    pub org_id: i64,
    pub org_name_zh: String,
    pub contact_name: String,
    pub contact_title: Option<String>,
    pub status: RegistrationStatus,
}

/// A registration as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RegistrationInput {
    pub contact_name: String,
    pub contact_title: String,
}

impl RegistrationInput {
    /// The attendee's name and title, checked.
    pub fn check(&self) -> Result<(String, Option<String>), Validation> {
        let mut v = Validation::default();
        let name = required_text(&mut v, "contact_name", "参会人姓名", &self.contact_name, 50);
        let title = text(&mut v, "contact_title", &self.contact_title, 100);
        match name {
            Some(name) if v.is_empty() => Ok((name, title)),
            _ => Err(v),
        }
    }
}

fn transition(
    from: RegistrationStatus,
    to: RegistrationStatus,
    allowed: &[RegistrationStatus],
) -> Result<RegistrationStatus, Validation> {
    if allowed.contains(&from) {
        return Ok(to);
    }
    Err(Validation(vec![FieldError::new(
        "status",
        "not_allowed",
        format!("报名状态为“{}”，不能改为“{}”", from.name_zh(), to.name_zh()),
        format!(
            "a registration that is {} cannot become {}",
            from.name_en(),
            to.name_en()
        ),
    )]))
}

impl Registration {
    /// The organiser approves or rejects a pending registration, or reverses a decision.
    pub fn decide(&self, approve: bool) -> Result<RegistrationStatus, Validation> {
        use RegistrationStatus::*;
        let (to, allowed) = if approve {
            (Approved, [Pending, Rejected])
        } else {
            (Rejected, [Pending, Approved])
        };
        transition(self.status, to, &allowed)
    }

    /// The participant withdraws while pending or approved.
    pub fn withdraw(&self) -> Result<RegistrationStatus, Validation> {
        use RegistrationStatus::*;
        transition(self.status, Withdrawn, &[Pending, Approved])
    }
}

/// A meeting request as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct MeetingRequestInput {
    /// The registration to meet.
    pub to_registration_id: String,
    /// 1 (low) to 3 (high); 2 when empty.
    pub priority: String,
    pub message: String,
}

/// A valid request between two approved registrations of one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MeetingRequest {
    pub id: i64,
    pub event_id: i64,
    pub from_registration_id: i64,
    pub to_registration_id: i64,
    pub priority: u8,
    pub message: Option<String>,
}

impl MeetingRequestInput {
    /// Checks the request from `from` against the event's registrations and the pairs
    /// already requested (either way round: a mirror is the same meeting).
    pub fn check(
        &self,
        from: &Registration,
        registrations: &[Registration],
        requested: &[(i64, i64)],
    ) -> Result<MeetingRequest, Validation> {
        let mut v = Validation::default();
        let field = "to_registration_id";
        let message = text(&mut v, "message", &self.message, 500);
        let priority = if self.priority.trim().is_empty() {
            Some(2)
        } else {
            match whole_number(&mut v, "priority", &self.priority, 3) {
                Some(p @ 1..=3) => Some(p as u8),
                Some(_) => {
                    v.push(FieldError::new(
                        "priority",
                        "out_of_range",
                        "优先级须为1到3",
                        "priority must be 1, 2 or 3",
                    ));
                    None
                }
                None => None,
            }
        };
        if from.status != RegistrationStatus::Approved {
            v.push(FieldError::new(
                "from_registration_id",
                "not_approved",
                "您的报名尚未通过审核，不能预约洽谈",
                "your registration is not approved, so you cannot request meetings",
            ));
        }
        let raw = self.to_registration_id.trim();
        let to = raw
            .parse::<i64>()
            .ok()
            .and_then(|id| registrations.iter().find(|r| r.id == id));
        match to {
            _ if raw.is_empty() => v.push(FieldError::required(field, "洽谈对象")),
            Some(to) if to.id == from.id || to.org_id == from.org_id => v.push(FieldError::new(
                field,
                "self",
                "不能预约与自己洽谈",
                "you cannot request a meeting with yourself",
            )),
            Some(to) if to.status != RegistrationStatus::Approved => v.push(FieldError::new(
                field,
                "not_registered",
                format!("{}未通过本活动报名审核，不能预约", to.org_name_zh),
                format!(
                    "{field}: {} is not an approved participant of this event",
                    to.id
                ),
            )),
            Some(to)
                if requested
                    .iter()
                    .any(|&(a, b)| (a, b) == (from.id, to.id) || (a, b) == (to.id, from.id)) =>
            {
                v.push(FieldError::new(
                    field,
                    "duplicate",
                    format!("已与{}预约过洽谈", to.org_name_zh),
                    format!("{field}: a meeting with {} is already requested", to.id),
                ))
            }
            Some(_) => {}
            None => v.push(FieldError::new(
                field,
                "not_registered",
                format!("“{raw}”不是本活动的参会方"),
                format!("{field}: \"{raw}\" is not a participant of this event"),
            )),
        }
        match (to, priority) {
            (Some(to), Some(priority)) if v.is_empty() => Ok(MeetingRequest {
                id: 0,
                event_id: from.event_id,
                from_registration_id: from.id,
                to_registration_id: to.id,
                priority,
                message,
            }),
            _ => Err(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RegistrationStatus::*;

    fn reg(id: i64, org: i64, status: RegistrationStatus) -> Registration {
        Registration {
            id,
            event_id: 1,
            org_id: org,
            org_name_zh: format!("机构{org}"),
            contact_name: "张三".into(),
            contact_title: None,
            status,
        }
    }

    fn ask(to: &str) -> MeetingRequestInput {
        MeetingRequestInput {
            to_registration_id: to.into(),
            ..Default::default()
        }
    }

    #[test]
    fn requests_to_oneself_to_strangers_and_twice_are_refused() {
        let regs = [
            reg(1, 10, Approved),
            reg(2, 20, Approved),
            reg(3, 30, Pending),
            reg(4, 10, Approved),
        ];
        let code = |input: MeetingRequestInput, requested: &[(i64, i64)]| {
            input
                .check(&regs[0], &regs, requested)
                .expect_err("refused")
                .0[0]
                .code
        };
        assert_eq!(code(ask("1"), &[]), "self");
        assert_eq!(code(ask("4"), &[]), "self");
        assert_eq!(code(ask("3"), &[]), "not_registered");
        assert_eq!(code(ask("99"), &[]), "not_registered");
        assert_eq!(code(ask("x"), &[]), "not_registered");
        assert_eq!(code(ask(""), &[]), "required");
        assert_eq!(code(ask("2"), &[(2, 1)]), "duplicate");
        let ok = ask("2").check(&regs[0], &regs, &[]).expect("valid");
        assert_eq!((ok.to_registration_id, ok.priority), (2, 2));
        let pending = reg(3, 30, Pending);
        assert_eq!(
            ask("2").check(&pending, &regs, &[]).expect_err("pending").0[0].code,
            "not_approved"
        );
    }

    #[test]
    fn registrations_move_only_where_allowed() {
        assert_eq!(reg(1, 1, Pending).decide(true), Ok(Approved));
        assert_eq!(reg(1, 1, Approved).decide(false), Ok(Rejected));
        assert!(reg(1, 1, Approved).decide(true).is_err());
        assert!(reg(1, 1, Withdrawn).decide(true).is_err());
        assert_eq!(reg(1, 1, Approved).withdraw(), Ok(Withdrawn));
        assert!(reg(1, 1, Rejected).withdraw().is_err());
    }
}
