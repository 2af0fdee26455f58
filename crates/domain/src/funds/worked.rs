//! The worked subsidy example of docs/funds.md, computed by the program: the test renders
//! the tables from the rules and checks that the document shows exactly these numbers.

use super::interest::Ppm;
use super::quota::{Claim, QuotaRule, allocate};
use super::*;
use crate::money::Fen;

fn day(raw: &str) -> NaiveDate {
    raw.parse().expect("a date")
}

fn category(code: &str) -> Category {
    Category {
        code: code.into(),
        name_zh: code.into(),
        name_en: code.into(),
    }
}

pub(super) fn programme() -> Programme {
    Programme {
        id: 1,
        code: "interest-subsidy-2007".into(),
        kind: ProgrammeKind::InterestSubsidy,
        name_zh: "2007年中西部国家级经济技术开发区基础设施项目贷款财政贴息".into(),
        name_en: "2007 interest subsidy".into(),
        year_from: 2007,
        year_to: 2007,
        opens_on: day("2008-01-01"),
        closes_on: day("2008-03-31"),
        eligibility: Eligibility {
            applicant_kinds: vec![OrgKind::Zone],
            regions: vec![Region::Central, Region::West],
            zone_levels: vec![ZoneLevel::NationalEtdz],
            designated_zones: vec![],
            regional_terms: vec![],
            categories: [
                "road",
                "water_supply",
                "logistics_facility",
                "logistics_info_platform",
                "export_supervision_facility",
            ]
            .into_iter()
            .map(category)
            .collect(),
        },
        subsidy_rate: Some(Ppm(500_000)),
        zone_cap: Some(Fen(400_000_000)),
        quota_rule: Some(QuotaRule::Expanded {
            base_2005: Fen(600_000_000),
            factor: Ppm(1_500_000),
        }),
    }
}

fn loan(
    lender: &str,
    principal: &str,
    rate: &str,
    start: &str,
    end: &str,
    category: &str,
    paid: &str,
) -> LoanInput {
    LoanInput {
        lender: lender.into(),
        principal_yuan: principal.into(),
        rate_percent: rate.into(),
        start: start.into(),
        end: end.into(),
        category: category.into(),
        interest_paid_yuan: paid.into(),
    }
}

/// The four claims of the example: (application id, zone, loans).
pub(super) fn claims() -> Vec<(i64, &'static str, Vec<LoanInput>)> {
    vec![
        (
            101,
            "合肥经济技术开发区",
            vec![
                loan(
                    "国家开发银行",
                    "200000000",
                    "5.85",
                    "2006-03-15",
                    "2011-03-15",
                    "road",
                    "11862500",
                ),
                loan(
                    "中国建设银行",
                    "50000000",
                    "6.12",
                    "2007-07-01",
                    "2009-07-01",
                    "logistics_facility",
                    "1600000",
                ),
            ],
        ),
        (
            102,
            "成都经济技术开发区",
            vec![loan(
                "中国工商银行",
                "120000000",
                "5.508",
                "2005-12-20",
                "2010-12-20",
                "water_supply",
                "6701400",
            )],
        ),
        (
            103,
            "西安经济技术开发区",
            vec![loan(
                "中国农业银行",
                "80000000",
                "6.39",
                "2007-04-10",
                "2012-04-10",
                "logistics_info_platform",
                "3700000",
            )],
        ),
        (
            104,
            "南昌经济技术开发区",
            vec![loan(
                "中国银行",
                "33330000",
                "5.67",
                "2007-01-01",
                "2008-06-30",
                "export_supervision_facility",
                "1916058.38",
            )],
        ),
    ]
}

fn yuan(f: Fen) -> String {
    f.to_yuan_string()
}

/// The document's two tables, as the rules compute them.
pub(super) fn render() -> String {
    let p = programme();
    let mut loans = String::from(
        "| 申请 | 开发区 | 本金（元） | 年利率 | 计息天数 | 计算利息（元） | 申报利息（元） | 可贴息利息（元） | 提示 |\n|---|---|---:|---:|---:|---:|---:|---:|---|\n",
    );
    let mut subsidies = String::from(
        "| 申请 | 开发区 | 可贴息利息（元） | × 50% | 封顶后申请额（元） | 按配额分配（元） |\n|---|---|---:|---:|---:|---:|\n",
    );
    let mut requested = Vec::new();
    let mut rows = Vec::new();
    for (id, zone, inputs) in claims() {
        let input = ApplicationInput {
            title: zone.into(),
            loans: inputs,
            ..ApplicationInput::default()
        };
        let (_, body) = input.validate(&p).expect("the example is valid");
        let preview = Preview::of(&p, &body);
        let ApplicationBody::InterestSubsidy { loans: claimed } = &body else {
            unreachable!("an interest-subsidy body")
        };
        for (l, line) in claimed.iter().zip(&preview.loans) {
            loans.push_str(&format!(
                "| {id} | {zone} | {} | {}% | {} | {} | {} | {} | {} |\n",
                yuan(l.principal),
                l.rate.percent_string(),
                line.days,
                yuan(line.check.computed),
                yuan(line.check.claimed),
                yuan(line.check.eligible),
                if line.check.above_computed {
                    "申报高于计算，提请审核"
                } else {
                    ""
                },
            ));
        }
        requested.push(Claim {
            application_id: id,
            amount: preview.requested,
        });
        rows.push((id, zone, preview));
    }
    let quota = p.quota_rule.expect("a quota").amount();
    let shares = allocate(quota, &requested);
    for ((id, zone, preview), share) in rows.iter().zip(&shares) {
        subsidies.push_str(&format!(
            "| {id} | {zone} | {} | {} | {} | {} |\n",
            yuan(preview.eligible_interest),
            yuan(preview.uncapped),
            yuan(preview.requested),
            yuan(*share),
        ));
    }
    let total_requested = Fen(requested.iter().map(|c| c.amount.0).sum());
    let total_granted = Fen(shares.iter().map(|s| s.0).sum());
    subsidies.push_str(&format!(
        "| 合计 | | | | {} | {} |\n",
        yuan(total_requested),
        yuan(total_granted)
    ));
    format!(
        "{loans}\n{subsidies}\n配额 quota = {} 元；申请合计 {} 元\n",
        yuan(quota),
        yuan(total_requested)
    )
}

#[test]
fn docs_funds_md_shows_the_programs_numbers() {
    let doc = include_str!("../../../../docs/funds.md");
    let tables = render();
    assert!(
        doc.contains(&tables),
        "docs/funds.md must contain exactly the tables the program computes:\n{tables}"
    );
}
