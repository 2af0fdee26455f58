//! Demo fund applications: for every shipped programme, a year of applications in every
//! state it has (draft, submitted, province reviewed, approved, rejected, returned with a
//! second version, bank approved or declined, paid), each moved by the real use-cases as the
//! demo accounts, so every transition has its ledger entries and audit rows.

use crate::audit::Context;
use crate::funds::{ActionInput, ProgrammeEdit};
use crate::write::Operator;
use crate::{App, AppError};
use chrono::Days;
use gowest_domain::access::Actor;
use gowest_domain::funds::pilot::PilotInput;
use gowest_domain::funds::{ApplicationInput, LoanInput, Programme, ProgrammeKind};

/// The steps that take a new draft to each demo state.
const PATHS: [(&str, &[&str]); 9] = [
    ("draft", &[]),
    ("submitted", &["submit"]),
    ("province_reviewed", &["submit", "province_approve"]),
    ("returned", &["submit", "return"]),
    ("rejected", &["submit", "province_approve", "reject"]),
    ("approved", &["submit", "province_approve", "approve"]),
    ("paid", &["submit", "province_approve", "approve", "pay"]),
    (
        "bank_approved",
        &["submit", "province_approve", "approve", "bank_approve"],
    ),
    (
        "bank_declined",
        &["submit", "province_approve", "approve", "bank_decline"],
    ),
];

const CATEGORIES: [&str; 6] = [
    "road",
    "water_supply",
    "logistics_facility",
    "logistics_info_platform",
    "export_supervision_facility",
    "drainage",
];
const LENDERS: [&str; 4] = [
    "国家开发银行",
    "中国工商银行",
    "中国建设银行",
    "中国农业银行",
];

impl App {
    pub(crate) async fn demo_actor(&self, username: &str) -> Result<Option<Context>, AppError> {
        let Some(user) = self.store.user_by_name(username).await? else {
            return Ok(None);
        };
        let memberships = self.store.memberships(user.id).await?;
        let acting = memberships
            .iter()
            .find(|m| m.role.writes())
            .map(|m| m.org.id);
        let actor: Actor = crate::auth::actor_for(&user, &memberships, acting, false);
        Ok(Some(Context {
            actor: Some(actor),
            agent: "demo",
            ip: None,
        }))
    }

    /// Seeds the demo applications once; returns how many were made. The shipped calls
    /// (2007) are opened around today first, as the ministry would open a new call. Each
    /// step is a demo user's own use-case; the operator's handle only keeps the web out.
    pub async fn seed_demo_funds(&self, _op: &Operator) -> Result<usize, AppError> {
        if self.store.fund_row_counts().await?[0] > 0 {
            return Ok(0);
        }
        let names = [
            "ministry.staff",
            "chengdu.admin",
            "wuhan.admin",
            "sichuan.staff",
            "hubei.staff",
            "cdb.demo",
            "enterprise.demo",
        ];
        let mut who = Vec::new();
        for n in names {
            match self.demo_actor(n).await? {
                Some(ctx) => who.push(ctx),
                None => return Ok(0),
            }
        }
        let [ministry, chengdu, wuhan, sichuan, hubei, bank, enterprise] =
            <[Context; 7]>::try_from(who)
                .map_err(|_| AppError::Conflict("demo accounts".into()))?;
        let today = self.today_in_china();
        let open = ProgrammeEdit {
            opens_on: (today - Days::new(365)).to_string(),
            closes_on: (today + Days::new(60)).to_string(),
            ..ProgrammeEdit::default()
        };
        let programmes = self.fund_programmes().await?;
        // The newest interest-subsidy call is still under review: its quota is split (and its
        // claims paid) only at the year's end, so it is left open for claims in the demo.
        let newest_subsidy = programmes
            .iter()
            .filter(|p| p.programme.kind == ProgrammeKind::InterestSubsidy)
            .map(|p| p.programme.year_from)
            .max();
        let mut made = 0;
        for pp in programmes {
            let p = &pp.programme;
            // Training-subsidy claims are computed from the trainee registry, never typed.
            if crate::funds_data::training_subsidy_rates(&p.code).is_some() {
                continue;
            }
            self.edit_fund_programme(&ministry, p.id, &open).await?;
            // The zone that applies, and its province's reviewer.
            let west = p
                .eligibility
                .regions
                .contains(&gowest_domain::region::Region::West);
            let (zone, province) = if west {
                (&chengdu, &sichuan)
            } else {
                (&wuhan, &hubei)
            };
            let applicants: Vec<(&Context, &Context)> = match p.kind {
                ProgrammeKind::SpecialFund
                    if p.eligibility
                        .applicant_kinds
                        .contains(&gowest_domain::org::OrgKind::Zone) =>
                {
                    vec![(&chengdu, &sichuan), (&wuhan, &hubei)]
                }
                ProgrammeKind::SpecialFund => vec![(&enterprise, &ministry)],
                _ => vec![(zone, province)],
            };
            let mut paid_later = Vec::new();
            for (n, (applicant, reviewer)) in applicants.iter().enumerate() {
                for (i, (state, steps)) in PATHS.iter().enumerate() {
                    let loan = p.kind == ProgrammeKind::PolicyLoan;
                    let open_call = p.kind == ProgrammeKind::InterestSubsidy
                        && Some(p.year_from) == newest_subsidy;
                    if (state.starts_with("bank_") && !loan) || (open_call && *state == "paid") {
                        continue;
                    }
                    // The bank approves a loan before it disburses it.
                    let steps: &[&str] = if loan && *state == "paid" {
                        &[
                            "submit",
                            "province_approve",
                            "approve",
                            "bank_approve",
                            "pay",
                        ]
                    } else {
                        steps
                    };
                    // The enterprise's province has no demo reviewer: its applications stay early.
                    if applicant.actor.as_ref().map(|a| a.username.as_str())
                        == Some("enterprise.demo")
                        && steps.len() > 1
                    {
                        continue;
                    }
                    let k = i + n * PATHS.len();
                    let input = demo_input(p, k, state);
                    let a = self
                        .create_fund_application(applicant, p.id, &input)
                        .await?;
                    made += 1;
                    for step in steps.iter() {
                        // Interest subsidies are paid after the quota is split, below.
                        if *step == "pay" && p.kind == ProgrammeKind::InterestSubsidy {
                            paid_later.push(a.id);
                            continue;
                        }
                        let actor = match *step {
                            "submit" => *applicant,
                            "province_approve" => *reviewer,
                            "return" => *reviewer,
                            "bank_approve" | "bank_decline" => &bank,
                            "pay" if p.kind == ProgrammeKind::PolicyLoan => &bank,
                            _ => &ministry,
                        };
                        let input = ActionInput {
                            action: (*step).into(),
                            comment: demo_comment(step).into(),
                            ..ActionInput::default()
                        };
                        self.act_on_fund_application(actor, a.id, &input).await?;
                    }
                    if *state == "returned" {
                        self.new_fund_version(applicant, a.id).await?;
                        made += 1;
                    }
                }
            }
            if p.kind == ProgrammeKind::InterestSubsidy && Some(p.year_from) != newest_subsidy {
                self.allocate_fund_quota(&ministry, p.id).await?;
                for id in paid_later {
                    let input = ActionInput {
                        action: "pay".into(),
                        comment: "已拨付至开发区财政专户".into(),
                        ..ActionInput::default()
                    };
                    self.act_on_fund_application(&ministry, id, &input).await?;
                }
            }
        }
        Ok(made)
    }
}

fn demo_comment(step: &str) -> &'static str {
    match step {
        "submit" => "请审核",
        "province_approve" => "经核，材料齐全，同意上报",
        "return" => "请补充银行结息单及项目批复文件",
        "reject" => "不符合本年度支持范围",
        "approve" => "同意",
        "bank_approve" => "已完成贷款审查，同意贷款",
        "bank_decline" => "项目资本金未落实，暂不贷款",
        _ => "",
    }
}

/// The form of the `k`th demo application: amounts and dates vary so lists and charts differ.
fn demo_input(p: &Programme, k: usize, state: &str) -> ApplicationInput {
    let n = k as u64;
    if !p.eligibility.regional_terms.is_empty() {
        return pilot_input(p, k);
    }
    match p.kind {
        ProgrammeKind::InterestSubsidy => {
            let principal = 50_000_000 + 10_000_000 * n;
            let start_month = 1 + (k % 9);
            // Interest for the year at 5.85% on the days from the start to the year's end,
            // claimed as computed (the "returned" one claims a little more and is flagged).
            let loan = LoanInput {
                lender: LENDERS[k % LENDERS.len()].into(),
                principal_yuan: principal.to_string(),
                rate_percent: "5.85".into(),
                start: format!("2007-{start_month:02}-01"),
                end: "2012-12-31".into(),
                category: CATEGORIES[k % CATEGORIES.len()].into(),
                interest_paid_yuan: if state == "returned" {
                    (principal / 16).to_string()
                } else {
                    String::new()
                },
            };
            let mut input = ApplicationInput {
                title: format!("2007年度基础设施贷款贴息申请（{}）", k + 1),
                loans: vec![loan],
                ..ApplicationInput::default()
            };
            if input.loans[0].interest_paid_yuan.is_empty() {
                input.loans[0].interest_paid_yuan = computed_interest(principal, start_month);
            }
            input
        }
        ProgrammeKind::PolicyLoan => {
            let purposes = [
                "infrastructure",
                "development_planning",
                "environmental_protection",
                "energy_saving",
                "major_research",
            ];
            ApplicationInput {
                title: format!("开发区政策性贷款申请（{}）", k + 1),
                // Named to match `purposes`, in the same order.
                project_name: [
                    "综合管网工程",
                    "发展规划修编",
                    "污水处理厂二期",
                    "热电联产节能改造",
                    "产业转移课题研究",
                ][k % 5]
                    .into(),
                purpose: purposes[k % purposes.len()].into(),
                amount_yuan: (200_000_000 + 50_000_000 * n).to_string(),
                ..ApplicationInput::default()
            }
        }
        ProgrammeKind::SpecialFund => ApplicationInput {
            title: format!("专项资金申请（{}）", k + 1),
            project_name: [
                "东部地区招商推介会",
                "境外展会参展",
                "招商人员培训",
                "公共服务平台建设",
            ][k % 4]
                .into(),
            purpose: [
                "promotion",
                "market_development",
                "training",
                "public_service",
            ][k % 4]
                .into(),
            amount_yuan: (300_000 + 100_000 * n).to_string(),
            ..ApplicationInput::default()
        },
    }
}

/// principal × 5.85% × days / 360, from the first of `start_month` 2007 to 2008-01-01,
/// rounded half-up to the fen: what the demo zones claim.
fn computed_interest(principal_yuan: u64, start_month: usize) -> String {
    use gowest_domain::funds::interest::{AccrualPeriod, Ppm, interest_in_year};
    let from = chrono::NaiveDate::from_ymd_opt(2007, start_month as u32, 1).unwrap_or_default();
    let to = chrono::NaiveDate::from_ymd_opt(2012, 12, 31).unwrap_or_default();
    let period = AccrualPeriod {
        principal: gowest_domain::money::Fen(principal_yuan as i64 * 100),
        rate: Ppm(58_500),
        from,
        to,
    };
    interest_in_year(&[period], 2007).to_yuan_string()
}

/// A pilot application of the `k`th demo applicant: a large market or distributor that meets
/// even the eastern thresholds, asking a tenth of its project's cost (under every standard).
fn pilot_input(p: &Programme, k: usize) -> ApplicationInput {
    let purpose = &p.eligibility.categories[k % p.eligibility.categories.len()];
    let amount = 3_000_000 + 500_000 * k as u64;
    ApplicationInput {
        title: format!("{}（{}）", purpose.name_zh, k + 1),
        project_name: format!("{}项目", purpose.name_zh),
        purpose: purpose.code.clone(),
        amount_yuan: amount.to_string(),
        pilot: PilotInput {
            annual_turnover_yuan: "3000000000".into(),
            trading_area_m2: "150000".into(),
            storage_tonnes: "80000".into(),
            years_in_operation: "8".into(),
            project_cost_yuan: (amount * 10).to_string(),
        },
        ..ApplicationInput::default()
    }
}
