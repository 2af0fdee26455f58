//! Who may see and do what. An [`Actor`] hands out permission handles only when allowed;
//! a use-case that needs a right takes the handle, so a caller without the right cannot
//! even call it (STYLE.md: permission handles).

use crate::account::{AdminDuty, Role};
use crate::org::{OrgKind, OrgPlace, OrgStatus, Organisation};
use crate::region::ProvinceCode;
use serde::Serialize;

/// A user's role in one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    pub org: Organisation,
    pub role: Role,
}

/// The signed-in user, acting for one of their organisations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub duty: Option<AdminDuty>,
    /// The membership the user acts under now; `None` for pure administrators.
    pub acting: Option<Membership>,
    /// A demo account (shown as such in the UI).
    pub demo: bool,
}

/// Which records an actor may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Province(ProvinceCode),
    Zone(i64),
    Organisation(i64),
    /// Published data only.
    Public,
}

macro_rules! handle {
    ($(#[$doc:meta])* $name:ident { $($field:ident: $ty:ty),* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name { by: i64, $($field: $ty),* }

        impl $name {
            /// The user the right was granted to.
            pub fn by(&self) -> i64 {
                self.by
            }
            $(pub fn $field(&self) -> $ty { self.$field.clone() })*
        }
    };
}

handle!(
    /// The right to edit one zone's profile.
    ZoneEditor { zone_id: i64 }
);
handle!(
    /// 系统管理员: create and disable accounts and organisations.
    SystemAdmin {}
);
handle!(
    /// 安全管理员: memberships and roles, unlocks, password and second-factor resets.
    SecurityAdmin {}
);
handle!(
    /// The security administrator's right over one business account (one that holds no
    /// administrator duty): issue it a reset link, disable or enable it. Duty holders are
    /// reset and disabled only by the operator at the server's console (`gowest user`).
    AccountKeeper { user_id: i64 }
);

impl SecurityAdmin {
    /// The right over `user_id`, refused when that account holds a duty: otherwise the
    /// security administrator could take over the auditor or the system administrator.
    pub fn keeper_of(&self, user_id: i64, duty: Option<AdminDuty>) -> Option<AccountKeeper> {
        duty.is_none().then_some(AccountKeeper {
            by: self.by,
            user_id,
        })
    }
}

/// Whether granting `role` in an organisation of `kind` makes a privileged account, which
/// the system administrator may only request and the security administrator must approve:
/// an organisation's administrator anywhere, or any writing role in the ministry (whose
/// scope is the whole country).
pub fn grant_needs_approval(kind: OrgKind, role: Role) -> bool {
    role == Role::Admin || (kind == OrgKind::Ministry && role.writes())
}

handle!(
    /// 审计管理员: read, export and verify the audit log; set its retention.
    AuditAdmin {}
);
handle!(
    /// A signed-in user's right over their own account: password, second factor, API
    /// tokens, which organisation to act for.
    OwnAccount {}
);
handle!(
    /// Writing staff of the ministry plan the national training: quotas per province and
    /// the ministry's own classes and manager courses.
    TrainingPlanner {}
);

/// What anyone, signed in or not, may do: register an organisation, sign in, answer a
/// survey by its link. It names nobody, so the write path records the visitor's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visitor;
handle!(
    /// The right to keep one enterprise's profile and relocation demand: its own staff.
    EnterpriseAgent { org_id: i64 }
);
handle!(
    /// The right to decide one pending enterprise registration.
    OrgApprover { org_id: i64 }
);
handle!(
    /// The right to keep one zone's 招商 pipeline: records, moves, funds, problems.
    PipelineKeeper { zone_id: i64 }
);
handle!(
    /// The right to decide duplicate flags (甄别) of the zones in `scope`.
    DuplicateReviewer { scope: Scope }
);
handle!(
    /// The right to resolve problems routed to one organisation.
    ProblemSolver { org_id: i64 }
);

handle!(
    /// The right to file fund applications for one organisation: a zone, an enterprise or a
    /// promotion agency, by its staff with a writing role.
    FundApplicant { org_id: i64 }
);
handle!(
    /// The right to act on fund applications at one review stage, within `scope`: a
    /// province its own province's, the ministry all, the bank (国家开发银行) policy loans.
    FundReviewer { stage: FundStage, scope: Scope }
);

/// The review stage a fund reviewer acts at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FundStage {
    Province,
    Ministry,
    Bank,
}

handle!(
    /// The right to keep cooperation agreements that one of `zone_ids` is party to, or any
    /// agreement for the ministry (`zone_ids` empty).
    CooperationKeeper { org_id: i64 }
);
handle!(
    /// The right to keep the co-built parks hosted by one zone and their sharing ledger.
    ParkKeeper { zone_id: i64 }
);
handle!(
    /// The right to run an organisation's events: approvals, schedule, console.
    EventOrganiser { org_id: i64 }
);
handle!(
    /// The right to register one organisation (an enterprise or a zone) for events and
    /// request meetings in its name.
    EventRegistrant { org_id: i64 }
);

handle!(
    /// The right to keep one zone's technician training: its annual plan and trainee rosters.
    TrainingKeeper { zone_id: i64 }
);
handle!(
    /// The right to edit the logistics network (ports, links): the ministry's writing staff.
    NetworkKeeper {}
);
handle!(
    /// The right to edit the programme's targets (the notice's figures): the ministry's
    /// writing staff.
    TargetKeeper {}
);
handle!(
    /// The right to keep the register of service-outsourcing bases: the ministry's writing
    /// staff (bases are designated by the ministry).
    BaseKeeper {}
);
handle!(
    /// The right to report one wholesale market's daily prices: its clerks.
    PriceReporter { market_id: i64 }
);
handle!(
    /// The right to register wholesale markets and agricultural distributors in one
    /// province: its commerce department, or the ministry for any province.
    MarketKeeper { province: ProvinceCode }
);
handle!(
    /// The right to register rural commerce information stations in one province: its
    /// commerce department, or the ministry for any province.
    StationKeeper { province: ProvinceCode }
);

handle!(
    /// The right to draft, edit, file and revise one zone's statistical returns: the zone's
    /// own writing staff, so every figure has one accountable filer.
    ReturnFiler { zone_id: i64 }
);
handle!(
    /// The right to return or accept one zone's statistical returns: writing staff of its
    /// province's commerce department, or of the ministry.
    ReturnReviewer { zone_id: i64 }
);

impl Actor {
    fn active_membership(&self) -> Option<&Membership> {
        self.acting
            .as_ref()
            .filter(|m| m.org.status == OrgStatus::Active)
    }

    pub fn scope(&self) -> Scope {
        let Some(m) = self.active_membership() else {
            return Scope::Public;
        };
        match &m.org.place {
            OrgPlace::Ministry => Scope::All,
            OrgPlace::Province { province_code } => Scope::Province(province_code.clone()),
            OrgPlace::Zone { zone_id, .. } => Scope::Zone(*zone_id),
            _ => Scope::Organisation(m.org.id),
        }
    }

    /// Zone staff edit their own zone; ministry administrators edit any zone.
    pub fn zone_editor(&self, zone_id: i64) -> Option<ZoneEditor> {
        let m = self.active_membership()?;
        let allowed = match &m.org.place {
            OrgPlace::Zone { zone_id: own, .. } => *own == zone_id && m.role.writes(),
            OrgPlace::Ministry => m.role == Role::Admin,
            _ => false,
        };
        allowed.then_some(ZoneEditor {
            by: self.user_id,
            zone_id,
        })
    }

    /// Zone staff with a writing role keep their own zone's pipeline; nobody else writes
    /// it, so every record has one accountable keeper.
    pub fn pipeline_keeper(&self, zone_id: i64) -> Option<PipelineKeeper> {
        let m = self.active_membership()?;
        let own = matches!(m.org.place, OrgPlace::Zone { zone_id: z, .. } if z == zone_id);
        (own && m.role.writes()).then_some(PipelineKeeper {
            by: self.user_id,
            zone_id,
        })
    }

    /// A zone's own writing staff file its training plan and import its rosters: the
    /// records are the zone's, and one accountable keeper signs each.
    pub fn training_keeper(&self, zone_id: i64) -> Option<TrainingKeeper> {
        let m = self.active_membership()?;
        let own = matches!(m.org.place, OrgPlace::Zone { zone_id: z, .. } if z == zone_id);
        (own && m.role.writes()).then_some(TrainingKeeper {
            by: self.user_id,
            zone_id,
        })
    }

    /// The ministry reviews every duplicate flag, a province those of its zones; both with
    /// a writing role.
    pub fn duplicate_reviewer(&self) -> Option<DuplicateReviewer> {
        let m = self.active_membership()?;
        let scope = self.scope();
        let reviews = matches!(scope, Scope::All | Scope::Province(_));
        (reviews && m.role.writes()).then_some(DuplicateReviewer {
            by: self.user_id,
            scope,
        })
    }

    /// Members with a writing role resolve the problems routed to their organisation.
    pub fn problem_solver(&self, routed_to_org: i64) -> Option<ProblemSolver> {
        let m = self.active_membership()?;
        (m.org.id == routed_to_org && m.role.writes()).then_some(ProblemSolver {
            by: self.user_id,
            org_id: routed_to_org,
        })
    }

    /// Staff with a writing role in a zone, an enterprise or a promotion agency apply for
    /// funds for their organisation; which programme it may apply to is the programme's data.
    pub fn fund_applicant(&self) -> Option<FundApplicant> {
        let m = self.active_membership()?;
        let applies = matches!(
            m.org.place.kind(),
            OrgKind::Zone | OrgKind::Enterprise | OrgKind::PromotionAgency
        );
        (applies && m.role.writes()).then_some(FundApplicant {
            by: self.user_id,
            org_id: m.org.id,
        })
    }

    /// Provinces review their province's applications, the ministry decides, the bank
    /// decides and disburses policy loans; each with a writing role.
    pub fn fund_reviewer(&self) -> Option<FundReviewer> {
        let m = self.active_membership()?;
        let stage = match m.org.place.kind() {
            OrgKind::Province => FundStage::Province,
            OrgKind::Ministry => FundStage::Ministry,
            OrgKind::Bank => FundStage::Bank,
            _ => return None,
        };
        m.role.writes().then_some(FundReviewer {
            by: self.user_id,
            stage,
            scope: self.scope(),
        })
    }

    /// A zone's own writing staff file its statistical returns.
    pub fn return_filer(&self, zone_id: i64) -> Option<ReturnFiler> {
        let m = self.active_membership()?;
        let own = matches!(m.org.place, OrgPlace::Zone { zone_id: z, .. } if z == zone_id);
        (own && m.role.writes()).then_some(ReturnFiler {
            by: self.user_id,
            zone_id,
        })
    }

    /// Writing staff of the zone's province (`zone_province`) or of the ministry review its
    /// statistical returns.
    pub fn return_reviewer(
        &self,
        zone_id: i64,
        zone_province: &ProvinceCode,
    ) -> Option<ReturnReviewer> {
        let m = self.active_membership()?;
        let in_scope = match &m.org.place {
            OrgPlace::Ministry => true,
            OrgPlace::Province { province_code } => province_code == zone_province,
            _ => false,
        };
        (in_scope && m.role.writes()).then_some(ReturnReviewer {
            by: self.user_id,
            zone_id,
        })
    }

    /// The kind of organisation the actor acts for.
    pub fn org_kind(&self) -> Option<OrgKind> {
        self.active_membership().map(|m| m.org.place.kind())
    }

    /// The organisation the actor acts for.
    pub fn org_id(&self) -> Option<i64> {
        self.active_membership().map(|m| m.org.id)
    }

    /// The zone this actor's organisation is, if it is one.
    pub fn own_zone(&self) -> Option<i64> {
        self.active_membership().and_then(|m| m.org.place.zone_id())
    }

    /// Staff with a writing role in an active enterprise speak for it.
    pub fn enterprise_agent(&self) -> Option<EnterpriseAgent> {
        let m = self.active_membership()?;
        (m.org.place.kind() == OrgKind::Enterprise && m.role.writes()).then_some(EnterpriseAgent {
            by: self.user_id,
            org_id: m.org.id,
        })
    }

    /// Government, zone and promotion-agency staff see which enterprise posted a demand;
    /// the public and other enterprises see it without the name.
    pub fn sees_investor_names(&self) -> bool {
        self.active_membership().is_some_and(|m| {
            matches!(
                m.org.place.kind(),
                OrgKind::Ministry | OrgKind::Province | OrgKind::Zone | OrgKind::PromotionAgency
            )
        })
    }

    /// Whether the actor's scope reaches any of `zones` (id, province). Cooperation
    /// records belong to several zones at once, so each party's zone and province reads
    /// them, although only one zone's scope holds a co-built park (RuoYi's complaint that a
    /// partner cannot see across the tree).
    pub fn reads_any_zone(&self, zones: &[(i64, &ProvinceCode)]) -> bool {
        match self.scope() {
            Scope::All => true,
            Scope::Province(code) => zones.iter().any(|(_, p)| **p == code),
            Scope::Zone(own) => zones.iter().any(|(z, _)| *z == own),
            Scope::Organisation(_) | Scope::Public => false,
        }
    }

    /// Writing staff of a party zone keep its agreements; the ministry's writing staff
    /// keep any (to record its support).
    pub fn cooperation_keeper(&self, party_zone_ids: &[i64]) -> Option<CooperationKeeper> {
        let m = self.active_membership()?;
        let allowed = match &m.org.place {
            OrgPlace::Zone { zone_id, .. } => party_zone_ids.contains(zone_id),
            OrgPlace::Ministry => true,
            _ => false,
        };
        (allowed && m.role.writes()).then_some(CooperationKeeper {
            by: self.user_id,
            org_id: m.org.id,
        })
    }

    /// The host zone's writing staff keep its parks and their ledger; the partner reads.
    pub fn park_keeper(&self, host_zone_id: i64) -> Option<ParkKeeper> {
        let m = self.active_membership()?;
        let own = matches!(m.org.place, OrgPlace::Zone { zone_id: z, .. } if z == host_zone_id);
        (own && m.role.writes()).then_some(ParkKeeper {
            by: self.user_id,
            zone_id: host_zone_id,
        })
    }

    /// Writing staff of the ministry, a province, a zone or a promotion agency organise
    /// events in their organisation's name.
    pub fn event_creator(&self) -> Option<EventOrganiser> {
        let m = self.active_membership()?;
        let organises = matches!(
            m.org.place.kind(),
            OrgKind::Ministry | OrgKind::Province | OrgKind::Zone | OrgKind::PromotionAgency
        );
        (organises && m.role.writes()).then_some(EventOrganiser {
            by: self.user_id,
            org_id: m.org.id,
        })
    }

    /// Writing staff of the organiser run its event.
    pub fn event_organiser(&self, organiser_org_id: i64) -> Option<EventOrganiser> {
        let m = self.active_membership()?;
        (m.org.id == organiser_org_id && m.role.writes()).then_some(EventOrganiser {
            by: self.user_id,
            org_id: organiser_org_id,
        })
    }

    /// Writing staff of an enterprise or a zone register it for events.
    pub fn event_registrant(&self) -> Option<EventRegistrant> {
        let m = self.active_membership()?;
        let registers = matches!(m.org.place.kind(), OrgKind::Enterprise | OrgKind::Zone);
        (registers && m.role.writes()).then_some(EventRegistrant {
            by: self.user_id,
            org_id: m.org.id,
        })
    }

    /// Writing staff of the ministry keep the logistics network.
    pub fn network_keeper(&self) -> Option<NetworkKeeper> {
        let m = self.active_membership()?;
        (m.org.place.kind() == OrgKind::Ministry && m.role.writes())
            .then_some(NetworkKeeper { by: self.user_id })
    }

    /// Writing staff of the ministry keep the programme's targets.
    pub fn target_keeper(&self) -> Option<TargetKeeper> {
        let m = self.active_membership()?;
        (m.org.place.kind() == OrgKind::Ministry && m.role.writes())
            .then_some(TargetKeeper { by: self.user_id })
    }

    /// Writing staff of the ministry keep the outsourcing-base register.
    pub fn base_keeper(&self) -> Option<BaseKeeper> {
        let m = self.active_membership()?;
        (m.org.place.kind() == OrgKind::Ministry && m.role.writes())
            .then_some(BaseKeeper { by: self.user_id })
    }

    /// Every signed-in user keeps their own account.
    pub fn own_account(&self) -> OwnAccount {
        OwnAccount { by: self.user_id }
    }

    /// Writing staff of the ministry.
    pub fn training_planner(&self) -> Option<TrainingPlanner> {
        let m = self.active_membership()?;
        (m.org.place.kind() == OrgKind::Ministry && m.role.writes())
            .then_some(TrainingPlanner { by: self.user_id })
    }

    pub fn system_admin(&self) -> Option<SystemAdmin> {
        (self.duty == Some(AdminDuty::System)).then_some(SystemAdmin { by: self.user_id })
    }

    pub fn security_admin(&self) -> Option<SecurityAdmin> {
        (self.duty == Some(AdminDuty::Security)).then_some(SecurityAdmin { by: self.user_id })
    }

    pub fn audit_admin(&self) -> Option<AuditAdmin> {
        (self.duty == Some(AdminDuty::Audit)).then_some(AuditAdmin { by: self.user_id })
    }

    /// A writing member of a market's organisation reports that market's prices.
    pub fn price_reporter(
        &self,
        market_id: i64,
        market_org_id: Option<i64>,
    ) -> Option<PriceReporter> {
        let m = self.active_membership()?;
        (Some(m.org.id) == market_org_id && m.role.writes()).then_some(PriceReporter {
            by: self.user_id,
            market_id,
        })
    }

    /// Whose stations the actor keeps: every province's (`Some(None)`, the ministry's writing
    /// staff), one province's (`Some(Some(p))`, a provincial department's), or none.
    pub fn stations_kept(&self) -> Option<Option<ProvinceCode>> {
        let m = self.active_membership()?;
        if !m.role.writes() {
            return None;
        }
        match &m.org.place {
            OrgPlace::Ministry => Some(None),
            OrgPlace::Province { province_code } => Some(Some(province_code.clone())),
            _ => None,
        }
    }

    /// Writing staff of the ministry keep the stations of every province; those of a provincial
    /// commerce department keep their own province's.
    pub fn station_keeper(&self, province: &ProvinceCode) -> Option<StationKeeper> {
        let m = self.active_membership()?;
        let in_scope = match &m.org.place {
            OrgPlace::Ministry => true,
            OrgPlace::Province { province_code } => province_code == province,
            _ => false,
        };
        (in_scope && m.role.writes()).then(|| StationKeeper {
            by: self.user_id,
            province: province.clone(),
        })
    }

    /// Writing staff of the ministry register markets and distributors of every province;
    /// those of a provincial commerce department their own province's.
    pub fn market_keeper(&self, province: &ProvinceCode) -> Option<MarketKeeper> {
        self.station_keeper(province).map(|k| MarketKeeper {
            by: k.by(),
            province: k.province(),
        })
    }

    /// The ministry decides any pending enterprise; a province decides those in it.
    pub fn org_approver(&self, org: &Organisation) -> Option<OrgApprover> {
        let m = self.active_membership()?;
        let pending_enterprise =
            org.status == OrgStatus::Pending && org.place.kind() == OrgKind::Enterprise;
        let in_scope = match &m.org.place {
            OrgPlace::Ministry => true,
            OrgPlace::Province { province_code } => {
                org.place.province_code() == Some(province_code)
            }
            _ => false,
        };
        (pending_enterprise && in_scope && m.role.writes()).then_some(OrgApprover {
            by: self.user_id,
            org_id: org.id,
        })
    }
}

/// Whether signing in needs a second factor (TOTP): for the three administrator duties, and
/// for every writing role in the ministry, a province or the bank — the roles that approve
/// money (fund review, bank review and disbursal), approve registrations, or edit records of
/// other organisations (zones' stations, distributors, duplicate flags). Every membership
/// counts, not only the one acted for, since the user may switch to any of them without
/// signing in again. Others may enrol a second factor by choice.
pub fn needs_second_factor(duty: Option<AdminDuty>, memberships: &[Membership]) -> bool {
    duty.is_some()
        || memberships.iter().any(|m| {
            m.role.writes()
                && matches!(
                    m.org.place.kind(),
                    OrgKind::Ministry | OrgKind::Province | OrgKind::Bank
                )
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_second_factor_is_needed_by_every_role_that_approves_money_or_registrations() {
        let member = |place: OrgPlace, role: Role| {
            actor(place, role, OrgStatus::Active)
                .acting
                .expect("membership")
        };
        let sichuan = || OrgPlace::Province {
            province_code: province("510000"),
        };
        // Each writing role in the ministry, a province or the bank approves money or
        // registrations, or edits other organisations' records.
        for place in [OrgPlace::Ministry, sichuan(), OrgPlace::Bank] {
            for role in [Role::Staff, Role::Admin] {
                let m = member(place.clone(), role);
                assert!(needs_second_factor(None, &[m]), "{place:?} {role:?}");
            }
            // Reading only approves nothing.
            assert!(!needs_second_factor(None, &[member(place, Role::ReadOnly)]));
        }
        // A zone's or an agency's own administrator keeps only their own records.
        let own = [
            member(zone(3), Role::Admin),
            member(
                OrgPlace::PromotionAgency {
                    province_code: None,
                },
                Role::Admin,
            ),
        ];
        assert!(!needs_second_factor(None, &own));
        // Any one qualifying membership is enough: the user may switch to it.
        let mut mixed = own.to_vec();
        mixed.push(member(sichuan(), Role::Staff));
        assert!(needs_second_factor(None, &mixed));
        // The administrator duties always need it.
        for duty in [AdminDuty::System, AdminDuty::Security, AdminDuty::Audit] {
            assert!(needs_second_factor(Some(duty), &[]));
        }
        assert!(!needs_second_factor(None, &[]));
    }

    use super::*;
    use crate::ids::CreditCode;

    fn province(code: &str) -> ProvinceCode {
        ProvinceCode::parse(code).expect("code")
    }

    fn actor(place: OrgPlace, role: Role, status: OrgStatus) -> Actor {
        Actor {
            user_id: 7,
            username: "u".into(),
            display_name: "U".into(),
            duty: None,
            acting: Some(Membership {
                org: Organisation {
                    id: 100,
                    name_zh: "机构".into(),
                    name_en: None,
                    place,
                    status,
                },
                role,
            }),
            demo: false,
        }
    }

    fn zone(id: i64) -> OrgPlace {
        OrgPlace::Zone {
            zone_id: id,
            province_code: province("510000"),
        }
    }

    #[test]
    fn stations_are_kept_by_the_ministry_and_provinces_writing_staff_only() {
        let sichuan = OrgPlace::Province {
            province_code: province("510000"),
        };
        let ministry = actor(OrgPlace::Ministry, Role::Staff, OrgStatus::Active);
        assert_eq!(ministry.stations_kept(), Some(None));
        let staff = actor(sichuan.clone(), Role::Staff, OrgStatus::Active);
        assert_eq!(staff.stations_kept(), Some(Some(province("510000"))));
        assert!(staff.station_keeper(&province("420000")).is_none());
        assert_eq!(
            actor(sichuan, Role::ReadOnly, OrgStatus::Active).stations_kept(),
            None
        );
        assert_eq!(
            actor(zone(1), Role::Admin, OrgStatus::Active).stations_kept(),
            None
        );
    }

    #[test]
    fn zone_staff_edit_only_their_own_zone() {
        let staff = actor(zone(1), Role::Staff, OrgStatus::Active);
        assert_eq!(staff.zone_editor(1).map(|e| e.zone_id()), Some(1));
        assert!(staff.zone_editor(2).is_none());
        assert!(
            actor(zone(1), Role::ReadOnly, OrgStatus::Active)
                .zone_editor(1)
                .is_none()
        );
        assert!(
            actor(zone(1), Role::Admin, OrgStatus::Suspended)
                .zone_editor(1)
                .is_none()
        );
        assert!(
            actor(
                OrgPlace::Province {
                    province_code: province("510000")
                },
                Role::Admin,
                OrgStatus::Active
            )
            .zone_editor(1)
            .is_none()
        );
        assert!(
            actor(OrgPlace::Ministry, Role::Admin, OrgStatus::Active)
                .zone_editor(2)
                .is_some()
        );
        assert!(
            actor(OrgPlace::Ministry, Role::Staff, OrgStatus::Active)
                .zone_editor(2)
                .is_none()
        );
    }

    #[test]
    fn scopes_follow_the_organisation() {
        assert_eq!(
            actor(OrgPlace::Ministry, Role::ReadOnly, OrgStatus::Active).scope(),
            Scope::All
        );
        assert_eq!(
            actor(zone(3), Role::Staff, OrgStatus::Active).scope(),
            Scope::Zone(3)
        );
        assert_eq!(
            actor(
                OrgPlace::Province {
                    province_code: province("51")
                },
                Role::Staff,
                OrgStatus::Active
            )
            .scope(),
            Scope::Province(province("510000"))
        );
        assert_eq!(
            actor(OrgPlace::Bank, Role::Staff, OrgStatus::Active).scope(),
            Scope::Organisation(100)
        );
        assert_eq!(
            actor(zone(3), Role::Staff, OrgStatus::Pending).scope(),
            Scope::Public
        );
    }

    #[test]
    fn enterprise_staff_speak_for_their_enterprise_only() {
        let place = OrgPlace::Enterprise {
            credit_code: CreditCode::parse("91350100M000100Y43").expect("code"),
            province_code: province("440000"),
        };
        let staff = actor(place.clone(), Role::Staff, OrgStatus::Active);
        assert_eq!(staff.enterprise_agent().map(|a| a.org_id()), Some(100));
        assert!(!staff.sees_investor_names());
        assert!(
            actor(place.clone(), Role::ReadOnly, OrgStatus::Active)
                .enterprise_agent()
                .is_none()
        );
        assert!(
            actor(place, Role::Admin, OrgStatus::Pending)
                .enterprise_agent()
                .is_none()
        );
        let zone_staff = actor(zone(1), Role::Staff, OrgStatus::Active);
        assert!(zone_staff.enterprise_agent().is_none());
        assert!(zone_staff.sees_investor_names());
    }

    #[test]
    fn pipelines_are_kept_by_their_zone_and_reviewed_above_it() {
        let staff = actor(zone(1), Role::Staff, OrgStatus::Active);
        assert_eq!(staff.pipeline_keeper(1).map(|k| k.zone_id()), Some(1));
        assert!(staff.pipeline_keeper(2).is_none());
        assert!(staff.duplicate_reviewer().is_none());
        let reader = actor(zone(1), Role::ReadOnly, OrgStatus::Active);
        assert!(reader.pipeline_keeper(1).is_none());
        let ministry = actor(OrgPlace::Ministry, Role::Admin, OrgStatus::Active);
        assert!(ministry.pipeline_keeper(1).is_none());
        assert_eq!(
            ministry.duplicate_reviewer().map(|r| r.scope()),
            Some(Scope::All)
        );
        let sichuan = actor(
            OrgPlace::Province {
                province_code: province("510000"),
            },
            Role::Staff,
            OrgStatus::Active,
        );
        assert_eq!(
            sichuan.duplicate_reviewer().map(|r| r.scope()),
            Some(Scope::Province(province("510000")))
        );
        assert_eq!(sichuan.problem_solver(100).map(|s| s.org_id()), Some(100));
        assert!(sichuan.problem_solver(101).is_none());
        let read_only = actor(OrgPlace::Ministry, Role::ReadOnly, OrgStatus::Active);
        assert!(read_only.duplicate_reviewer().is_none());
        assert!(read_only.problem_solver(100).is_none());
    }

    /// A co-built park in zone 1 (Sichuan) with partner zone 2 (Jiangsu): both zones and
    /// both provinces read it; other zones, provinces and enterprises do not; only the host
    /// keeps it.
    #[test]
    fn a_partner_zone_reads_its_park_across_scopes_and_nobody_else_does() {
        let (sichuan, jiangsu) = (province("510000"), province("320000"));
        let parties = [(1, &sichuan), (2, &jiangsu)];
        let in_zone = |id: i64, p: &str| {
            actor(
                OrgPlace::Zone {
                    zone_id: id,
                    province_code: province(p),
                },
                Role::Staff,
                OrgStatus::Active,
            )
        };
        let at_province = |p: &str| {
            actor(
                OrgPlace::Province {
                    province_code: province(p),
                },
                Role::Staff,
                OrgStatus::Active,
            )
        };
        assert!(in_zone(1, "510000").reads_any_zone(&parties));
        assert!(in_zone(2, "320000").reads_any_zone(&parties));
        assert!(at_province("320000").reads_any_zone(&parties));
        assert!(
            actor(OrgPlace::Ministry, Role::ReadOnly, OrgStatus::Active).reads_any_zone(&parties)
        );
        assert!(!in_zone(3, "510000").reads_any_zone(&parties));
        assert!(!at_province("500000").reads_any_zone(&parties));
        assert!(!actor(zone(2), Role::Staff, OrgStatus::Suspended).reads_any_zone(&parties));
        let enterprise = actor(
            OrgPlace::Enterprise {
                credit_code: CreditCode::parse("91350100M000100Y43").expect("code"),
                province_code: province("510000"),
            },
            Role::Admin,
            OrgStatus::Active,
        );
        assert!(!enterprise.reads_any_zone(&parties));
        assert!(in_zone(1, "510000").park_keeper(1).is_some());
        assert!(in_zone(2, "320000").park_keeper(1).is_none());
        assert!(in_zone(2, "320000").cooperation_keeper(&[1, 2]).is_some());
        assert!(in_zone(3, "510000").cooperation_keeper(&[1, 2]).is_none());
        assert!(enterprise.event_registrant().is_some());
        assert!(enterprise.event_creator().is_none());
        assert!(in_zone(3, "510000").event_registrant().is_some());
        assert!(at_province("510000").event_creator().is_some());
        assert!(at_province("510000").event_organiser(100).is_some());
        assert!(at_province("510000").event_organiser(101).is_none());
    }

    #[test]
    fn fund_rights_follow_the_organisation_kind_and_role() {
        let zone_staff = actor(zone(1), Role::Staff, OrgStatus::Active);
        assert_eq!(zone_staff.fund_applicant().map(|a| a.org_id()), Some(100));
        assert!(zone_staff.fund_reviewer().is_none());
        assert!(
            actor(zone(1), Role::ReadOnly, OrgStatus::Active)
                .fund_applicant()
                .is_none()
        );
        let sichuan = actor(
            OrgPlace::Province {
                province_code: province("510000"),
            },
            Role::Staff,
            OrgStatus::Active,
        );
        let r = sichuan.fund_reviewer().expect("reviews");
        assert_eq!(
            (r.stage(), r.scope()),
            (FundStage::Province, Scope::Province(province("510000")))
        );
        assert!(sichuan.fund_applicant().is_none());
        let bank = actor(OrgPlace::Bank, Role::Staff, OrgStatus::Active);
        assert_eq!(
            bank.fund_reviewer().map(|r| r.stage()),
            Some(FundStage::Bank)
        );
        let ministry = actor(OrgPlace::Ministry, Role::Staff, OrgStatus::Active);
        assert_eq!(
            ministry.fund_reviewer().map(|r| r.stage()),
            Some(FundStage::Ministry)
        );
        assert!(
            actor(OrgPlace::Ministry, Role::ReadOnly, OrgStatus::Active)
                .fund_reviewer()
                .is_none()
        );
        assert!(
            actor(OrgPlace::Bank, Role::Staff, OrgStatus::Suspended)
                .fund_reviewer()
                .is_none()
        );
    }

    #[test]
    fn duties_grant_only_their_own_handle() {
        let mut a = actor(OrgPlace::Ministry, Role::Admin, OrgStatus::Active);
        a.duty = Some(AdminDuty::Audit);
        assert!(a.audit_admin().is_some());
        assert!(a.system_admin().is_none() && a.security_admin().is_none());
    }

    #[test]
    fn the_security_administrator_keeps_business_accounts_only() {
        let mut a = actor(OrgPlace::Ministry, Role::Admin, OrgStatus::Active);
        a.acting = None;
        a.duty = Some(AdminDuty::Security);
        let security = a.security_admin().expect("security");
        assert_eq!(security.keeper_of(9, None).map(|k| k.user_id()), Some(9));
        for duty in AdminDuty::ALL {
            assert!(security.keeper_of(9, Some(duty)).is_none(), "{duty:?}");
        }
    }

    #[test]
    fn administrative_grants_need_a_second_person() {
        assert!(grant_needs_approval(OrgKind::Zone, Role::Admin));
        assert!(grant_needs_approval(OrgKind::Ministry, Role::Admin));
        assert!(grant_needs_approval(OrgKind::Ministry, Role::Staff));
        assert!(!grant_needs_approval(OrgKind::Ministry, Role::ReadOnly));
        assert!(!grant_needs_approval(OrgKind::Zone, Role::Staff));
        assert!(!grant_needs_approval(OrgKind::Enterprise, Role::ReadOnly));
    }

    #[test]
    fn provinces_approve_enterprises_in_their_province_only() {
        let pending = |p: &str| Organisation {
            id: 5,
            name_zh: "企业".into(),
            name_en: None,
            place: OrgPlace::Enterprise {
                credit_code: CreditCode::parse("91350100M000100Y43").expect("code"),
                province_code: province(p),
            },
            status: OrgStatus::Pending,
        };
        let sichuan = actor(
            OrgPlace::Province {
                province_code: province("510000"),
            },
            Role::Staff,
            OrgStatus::Active,
        );
        assert!(sichuan.org_approver(&pending("510000")).is_some());
        assert!(sichuan.org_approver(&pending("500000")).is_none());
        let ministry = actor(OrgPlace::Ministry, Role::Staff, OrgStatus::Active);
        assert!(ministry.org_approver(&pending("500000")).is_some());
        let mut active = pending("510000");
        active.status = OrgStatus::Active;
        assert!(ministry.org_approver(&active).is_none());
    }
}
