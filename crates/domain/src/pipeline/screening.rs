//! Duplicate screening (甄别) against 一炮数响, the same project signed again at another event
//! to be counted twice: records that look like one project are flagged, a reviewer confirms
//! or clears them, and confirmed duplicates leave every figure.

use crate::error::{FieldError, Validation};
use crate::ids::CreditCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Two project names are similar when the Dice coefficient of their character bigrams is at
/// least 60%. Chosen because Chinese project names of one project differ by a word or two
/// (基地, 一期, 年产…), which keeps them above 0.6, while two different products of one
/// investor share little more than the investor's name.
pub const DUPLICATE_SIMILARITY_PERCENT: usize = 60;

/// What screening compares: one per record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DuplicateKey {
    pub id: i64,
    pub investor_credit_code: Option<CreditCode>,
    pub investor_name: String,
    pub project_name: String,
    /// The event of the credited (first) signing; `None` when signed outside any event or
    /// not yet signed.
    pub event_id: Option<i64>,
}

/// Full-width forms (ＡＢＣ１２３（）) to ASCII, ASCII to lower case.
fn half_width(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn letters_only(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn strip_all(mut s: String, words: &[&str]) -> String {
    for word in words {
        s = s.replace(word, "");
    }
    s
}

/// An investor's name without what varies between spellings of one company: full-width
/// forms, spaces, punctuation, the legal form (有限责任公司, 有限公司, 股份, 集团) and the
/// "(中国)" of foreign groups' Chinese subsidiaries.
pub fn normalize_investor(raw: &str) -> String {
    let s = half_width(raw).replace("(中国)", "");
    strip_all(
        letters_only(&s),
        &["有限责任公司", "有限公司", "股份", "集团"],
    )
}

/// A project's name without full-width forms, spaces, punctuation and the word 项目 that
/// nearly every name carries.
pub fn normalize_project(raw: &str) -> String {
    strip_all(letters_only(&half_width(raw)), &["项目"])
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    let mut pairs: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    pairs.sort_unstable();
    pairs
}

/// Whether two project names are similar (see [`DUPLICATE_SIMILARITY_PERCENT`]), in exact
/// integer arithmetic so the answer is the same both ways round. Names of one character
/// have no bigram and are similar only when equal.
pub fn similar_projects(a: &str, b: &str) -> bool {
    let (a, b) = (normalize_project(a), normalize_project(b));
    let (x, y) = (bigrams(&a), bigrams(&b));
    if x.is_empty() || y.is_empty() {
        return !a.is_empty() && a == b;
    }
    // Size of the multiset intersection of the two sorted lists.
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    200 * common >= DUPLICATE_SIMILARITY_PERCENT * (x.len() + y.len())
}

/// One investor: the same credit code when both have one (the code decides, names may
/// differ), otherwise the same normalised name.
fn same_investor(a: &DuplicateKey, b: &DuplicateKey) -> bool {
    match (&a.investor_credit_code, &b.investor_credit_code) {
        (Some(x), Some(y)) => x == y,
        _ => {
            let name = normalize_investor(&a.investor_name);
            !name.is_empty() && name == normalize_investor(&b.investor_name)
        }
    }
}

/// Another event, or unknown on either side. One investor signing two similar projects at
/// one event is a phase 二期 beside a phase 一期, not a repeat.
fn other_event(a: &DuplicateKey, b: &DuplicateKey) -> bool {
    match (a.event_id, b.event_id) {
        (Some(x), Some(y)) => x != y,
        _ => true,
    }
}

/// The ids of `existing` records that are likely the candidate's project again: same
/// investor, similar project, other event. Sorted, without the candidate itself.
pub fn likely_duplicates(candidate: &DuplicateKey, existing: &[DuplicateKey]) -> Vec<i64> {
    let mut ids: Vec<i64> = existing
        .iter()
        .filter(|e| e.id != candidate.id)
        .filter(|e| same_investor(candidate, e) && other_event(candidate, e))
        .filter(|e| similar_projects(&candidate.project_name, &e.project_name))
        .map(|e| e.id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Where a record stands in duplicate review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DuplicateReview {
    /// 未标记: screening found nothing.
    #[default]
    Unflagged,
    /// 疑似重复: screening found these records; counted until a reviewer decides.
    Flagged { of: Vec<i64> },
    /// 确认重复: the same project as record `of`; excluded from every figure.
    ConfirmedDuplicate { of: i64 },
    /// 已排除: a reviewer found it is not a duplicate; screening does not flag it again.
    Cleared,
}

fn review_error(code: &'static str, zh: &str, en: &str) -> Validation {
    Validation(vec![FieldError::new("duplicate_review", code, zh, en)])
}

impl DuplicateReview {
    pub fn code(&self) -> &'static str {
        match self {
            DuplicateReview::Unflagged => "unflagged",
            DuplicateReview::Flagged { .. } => "flagged",
            DuplicateReview::ConfirmedDuplicate { .. } => "confirmed_duplicate",
            DuplicateReview::Cleared => "cleared",
        }
    }

    pub fn name_zh(&self) -> &'static str {
        match self {
            DuplicateReview::Unflagged => "未标记",
            DuplicateReview::Flagged { .. } => "疑似重复",
            DuplicateReview::ConfirmedDuplicate { .. } => "确认重复",
            DuplicateReview::Cleared => "已排除重复",
        }
    }

    pub fn name_en(&self) -> &'static str {
        match self {
            DuplicateReview::Unflagged => "Not flagged",
            DuplicateReview::Flagged { .. } => "Flagged as a likely duplicate",
            DuplicateReview::ConfirmedDuplicate { .. } => "Confirmed duplicate",
            DuplicateReview::Cleared => "Cleared",
        }
    }

    /// Confirmed duplicates leave every figure.
    pub fn excluded(&self) -> bool {
        matches!(self, DuplicateReview::ConfirmedDuplicate { .. })
    }

    /// The state after screening found `found`. A reviewer's decision stands: cleared and
    /// confirmed records are not flagged again; a flagged record adds the new finds.
    pub fn after_screening(&self, found: &[i64]) -> DuplicateReview {
        match self {
            DuplicateReview::Unflagged | DuplicateReview::Flagged { .. } => {
                let mut of = match self {
                    DuplicateReview::Flagged { of } => of.clone(),
                    _ => Vec::new(),
                };
                of.extend_from_slice(found);
                of.sort_unstable();
                of.dedup();
                if of.is_empty() {
                    DuplicateReview::Unflagged
                } else {
                    DuplicateReview::Flagged { of }
                }
            }
            decided => decided.clone(),
        }
    }

    /// A reviewer finds record `own_id` is the same project as record `of`, which keeps
    /// the credit. Works on unflagged records too: screening does not catch every repeat.
    pub fn confirm(&self, own_id: i64, of: i64) -> Result<DuplicateReview, Validation> {
        if of == own_id || of <= 0 {
            return Err(review_error(
                "invalid",
                "须指明与之重复的另一个项目",
                "a duplicate must name another record",
            ));
        }
        if self.excluded() {
            return Err(review_error(
                "already_confirmed",
                "已确认为重复项目",
                "already confirmed as a duplicate",
            ));
        }
        Ok(DuplicateReview::ConfirmedDuplicate { of })
    }

    /// A reviewer finds a flagged (or wrongly confirmed) record is its own project.
    pub fn clear(&self) -> Result<DuplicateReview, Validation> {
        match self {
            DuplicateReview::Flagged { .. } | DuplicateReview::ConfirmedDuplicate { .. } => {
                Ok(DuplicateReview::Cleared)
            }
            _ => Err(review_error(
                "not_flagged",
                "项目未被标记为疑似重复",
                "the record is not flagged",
            )),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub fn key(id: i64, investor: &str, project: &str, event: Option<i64>) -> DuplicateKey {
        DuplicateKey {
            id,
            investor_credit_code: None,
            investor_name: investor.into(),
            project_name: project.into(),
            event_id: event,
        }
    }

    fn code(raw: &str) -> Option<CreditCode> {
        Some(CreditCode::parse(raw).expect("valid code"))
    }

    #[test]
    fn investor_names_lose_width_punctuation_and_legal_form() {
        assert_eq!(
            normalize_investor("富士康精密电子(成都)有限公司"),
            normalize_investor("富士康精密电子（成都）有限公司")
        );
        assert_eq!(
            normalize_investor("富士康精密电子（成都）有限公司"),
            "富士康精密电子成都"
        );
        assert_eq!(
            normalize_investor("英特尔产品（中国）有限公司"),
            normalize_investor("英特尔产品有限公司")
        );
        assert_eq!(normalize_investor("ＴＣＬ集团股份有限公司"), "tcl");
        assert_eq!(normalize_investor(" 中国石油 有限责任公司 "), "中国石油");
        assert_eq!(normalize_project("笔记本电脑整机项目"), "笔记本电脑整机");
    }

    #[test]
    fn similar_names_pass_the_threshold_and_different_ones_do_not() {
        assert!(similar_projects(
            "笔记本电脑整机生产项目",
            "笔记本电脑整机生产基地项目"
        ));
        assert!(similar_projects(
            "年产500万台液晶电视",
            "年产５００万台液晶电视项目"
        ));
        assert!(!similar_projects(
            "笔记本电脑整机生产项目",
            "液晶面板模组项目"
        ));
        assert!(!similar_projects("汽车零部件产业园", "物流仓储中心"));
        assert!(similar_projects("厂", "厂"));
        assert!(!similar_projects("厂", "房"));
        assert!(!similar_projects("项目", "项目"), "nothing left to compare");
    }

    #[test]
    fn same_investor_similar_project_other_event_is_flagged() {
        let chengdu = key(
            1,
            "富士康精密电子(成都)有限公司",
            "笔记本电脑整机生产项目",
            Some(10),
        );
        let expo = key(
            2,
            "富士康精密电子（成都）有限公司",
            "笔记本电脑整机生产基地项目",
            Some(11),
        );
        let same_event = key(
            3,
            "富士康精密电子（成都）有限公司",
            "笔记本电脑整机生产项目",
            Some(10),
        );
        let no_event = key(4, "富士康精密电子成都有限公司", "笔记本电脑整机生产", None);
        let other_product = key(
            5,
            "富士康精密电子(成都)有限公司",
            "液晶面板模组项目",
            Some(12),
        );
        let other_investor = key(
            6,
            "仁宝电脑工业有限公司",
            "笔记本电脑整机生产项目",
            Some(12),
        );
        let all = [
            chengdu.clone(),
            expo,
            same_event,
            no_event,
            other_product,
            other_investor,
        ];
        assert_eq!(likely_duplicates(&chengdu, &all), [2, 4]);
    }

    #[test]
    fn credit_codes_decide_when_both_sides_have_one() {
        let mut a = key(1, "甲公司", "笔记本电脑整机生产项目", Some(1));
        let mut b = key(2, "乙公司", "笔记本电脑整机生产项目", Some(2));
        a.investor_credit_code = code("91350100M000100Y43");
        b.investor_credit_code = code("91350100M000100Y43");
        assert_eq!(likely_duplicates(&a, std::slice::from_ref(&b)), [2]);
        b.investor_credit_code = code("91110000802100433B");
        b.investor_name = "甲公司".into();
        assert!(likely_duplicates(&a, &[b.clone()]).is_empty());
        b.investor_credit_code = None;
        assert_eq!(
            likely_duplicates(&a, &[b]),
            [2],
            "a missing code falls back to the name"
        );
    }

    #[test]
    fn reviews_follow_the_reviewer() {
        let flagged = DuplicateReview::Unflagged.after_screening(&[7, 3, 7]);
        assert_eq!(flagged, DuplicateReview::Flagged { of: vec![3, 7] });
        assert_eq!(
            flagged.after_screening(&[5]),
            DuplicateReview::Flagged { of: vec![3, 5, 7] }
        );
        assert_eq!(
            DuplicateReview::Unflagged.after_screening(&[]),
            DuplicateReview::Unflagged
        );
        let cleared = flagged.clear().expect("clears");
        assert_eq!(cleared.after_screening(&[3]), DuplicateReview::Cleared);
        let confirmed = flagged.confirm(1, 3).expect("confirms");
        assert!(confirmed.excluded() && !flagged.excluded());
        assert_eq!(confirmed.after_screening(&[9]), confirmed);
        assert_eq!(confirmed.code(), "confirmed_duplicate");
        assert_eq!(confirmed.name_zh(), "确认重复");
        let code = |r: Result<DuplicateReview, Validation>| r.expect_err("refused").0[0].code;
        assert_eq!(code(confirmed.confirm(1, 3)), "already_confirmed");
        assert_eq!(code(flagged.confirm(1, 1)), "invalid");
        assert_eq!(code(DuplicateReview::Unflagged.clear()), "not_flagged");
        assert_eq!(confirmed.clear(), Ok(DuplicateReview::Cleared));
    }
}
