//! 实际到位资金: money actually in place, by source and kind, each entry with the evidence
//! (registration, bank or tax record) that shows it arrived.

use super::coded_enum;
use super::stage::PipelineState;
use crate::error::{FieldError, Validation};
use crate::money::Fen;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

coded_enum! {
    /// Where the money comes from, seen from the zone's city.
    pub enum FundsSource {
        /// 境外: from outside the mainland (foreign, Hong Kong, Macao, Taiwan).
        Foreign => ("foreign", "境外", "Foreign"),
        /// 国内省外: from another province.
        OtherProvince => ("other_province", "国内省外", "Other province"),
        /// 省内市外: from another city of the same province.
        OtherCityInProvince => ("other_city_in_province", "省内市外", "Other city in the province"),
        /// 市内: from the zone's own city.
        LocalCity => ("local_city", "市内", "Same city"),
    }
}

coded_enum! {
    pub enum FundsKind {
        /// 固定资产投资
        FixedAssets => ("fixed_assets", "固定资产投资", "Fixed-asset investment"),
        /// 流动资金
        WorkingCapital => ("working_capital", "流动资金", "Working capital"),
    }
}

/// A stored file that proves an entry: its name, SHA-256 (64 lower-case hex digits, as
/// `hex::encode` writes it) and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Evidence {
    pub file_name: String,
    pub sha256: String,
    pub bytes: u64,
}

const MAX_FILE_NAME: usize = 255;

impl Evidence {
    pub(super) fn check(&self, v: &mut Validation) {
        let name = self.file_name.trim();
        let bad_char = name
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\'));
        if name.is_empty() || name.chars().count() > MAX_FILE_NAME || bad_char {
            v.push(FieldError::new(
                "evidence.file_name",
                "invalid",
                format!("证明文件名须为1–{MAX_FILE_NAME}个字符，且不含路径分隔符"),
                format!(
                    "evidence.file_name must be 1–{MAX_FILE_NAME} characters, no path separators"
                ),
            ));
        }
        let hex_ok = self.sha256.len() == 64
            && self
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !hex_ok {
            v.push(FieldError::new(
                "evidence.sha256",
                "invalid",
                "证明文件的 SHA-256 须为64位小写十六进制",
                "evidence.sha256 must be 64 lower-case hex digits",
            ));
        }
        if self.bytes == 0 {
            v.push(FieldError::new(
                "evidence.bytes",
                "empty",
                "证明文件为空",
                "evidence file is empty",
            ));
        }
    }
}

/// One arrival of money. Without evidence it still counts, but apart, as 待核实
/// (unverified), until evidence is attached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FundsEntry {
    pub received_on: NaiveDate,
    pub source: FundsSource,
    pub kind: FundsKind,
    /// Positive, in fen.
    pub amount: Fen,
    pub evidence: Option<Evidence>,
}

impl FundsEntry {
    pub fn is_verified(&self) -> bool {
        self.evidence.is_some()
    }

    /// Money arrives under a contract: only once the project is signed, not before the
    /// signing date, not after today, and not after the project was dropped.
    pub(super) fn check(&self, v: &mut Validation, state: &PipelineState, today: NaiveDate) {
        let dates = &state.dates;
        match dates.signed_on {
            None => v.push(FieldError::new(
                "stage",
                "not_signed",
                "项目签约后才能登记到位资金",
                "funds in place can be entered only after signing",
            )),
            Some(signed_on) if self.received_on < signed_on => v.push(FieldError::new(
                "received_on",
                "before_signing",
                format!("到位日期不能早于签约日期（{signed_on}）"),
                format!("received_on must not be before signed_on ({signed_on})"),
            )),
            Some(_) => {}
        }
        super::not_in_future(v, "received_on", "到位日期", self.received_on, today);
        if let Some(dropped_on) = dates.dropped_on
            && self.received_on > dropped_on
        {
            v.push(FieldError::new(
                "received_on",
                "after_dropped",
                format!("到位日期不能晚于终止日期（{dropped_on}）"),
                format!("received_on must not be after dropped_on ({dropped_on})"),
            ));
        }
        if self.amount.0 <= 0 {
            v.push(FieldError::new(
                "amount",
                "not_positive",
                "到位金额须大于零",
                "amount must be positive",
            ));
        }
        if let Some(evidence) = &self.evidence {
            evidence.check(v);
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::pipeline::stage::tests::{day, signing};
    use crate::pipeline::stage::{PipelineKind, Stage, Step, advance};

    pub fn evidence() -> Evidence {
        Evidence {
            file_name: "银行进账单-2007-04.pdf".into(),
            sha256: "ab".repeat(32),
            bytes: 48_213,
        }
    }

    pub fn entry(on: NaiveDate, yuan: i64, evidence: Option<Evidence>) -> FundsEntry {
        FundsEntry {
            received_on: on,
            source: FundsSource::OtherProvince,
            kind: FundsKind::FixedAssets,
            amount: Fen(yuan * 100),
            evidence,
        }
    }

    fn check(e: &FundsEntry, s: &PipelineState) -> Vec<(String, &'static str)> {
        let mut v = Validation::default();
        e.check(&mut v, s, day(2007, 6, 30));
        v.0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    fn signed() -> PipelineState {
        let new = PipelineState::new(PipelineKind::New);
        advance(&new, &signing(day(2007, 3, 1), 100), day(2007, 6, 30)).expect("signs")
    }

    #[test]
    fn a_signed_project_takes_funds_with_or_without_evidence() {
        assert!(check(&entry(day(2007, 3, 1), 5, Some(evidence())), &signed()).is_empty());
        let unverified = entry(day(2007, 4, 1), 5, None);
        assert!(check(&unverified, &signed()).is_empty());
        assert!(!unverified.is_verified());
    }

    #[test]
    fn funds_before_signing_or_out_of_dates_are_refused() {
        let new = PipelineState::new(PipelineKind::New);
        assert_eq!(
            check(&entry(day(2007, 4, 1), 5, None), &new),
            [("stage".to_owned(), "not_signed")]
        );
        let errors = check(&entry(day(2007, 2, 1), 0, None), &signed());
        let codes: Vec<&str> = errors.iter().map(|e| e.1).collect();
        assert_eq!(codes, ["before_signing", "not_positive"]);
        assert_eq!(
            check(&entry(day(2007, 7, 1), 5, None), &signed()),
            [("received_on".to_owned(), "in_future")]
        );
        let drop = Step {
            to: Stage::Dropped,
            on: day(2007, 5, 1),
            contract_amount: None,
            event_id: None,
            reason: Some("投资方撤资".into()),
        };
        let dropped = advance(&signed(), &drop, day(2007, 6, 30)).expect("drops");
        assert_eq!(
            check(&entry(day(2007, 5, 2), 5, None), &dropped),
            [("received_on".to_owned(), "after_dropped")]
        );
        assert!(check(&entry(day(2007, 4, 2), 5, None), &dropped).is_empty());
    }

    #[test]
    fn evidence_must_name_a_file_its_hash_and_size() {
        let bad = Evidence {
            file_name: "../etc/passwd".into(),
            sha256: "AB".repeat(32),
            bytes: 0,
        };
        let errors = check(&entry(day(2007, 4, 1), 5, Some(bad)), &signed());
        assert_eq!(
            errors,
            [
                ("evidence.file_name".to_owned(), "invalid"),
                ("evidence.sha256".to_owned(), "invalid"),
                ("evidence.bytes".to_owned(), "empty")
            ]
        );
        let short = Evidence {
            sha256: "abc".into(),
            ..evidence()
        };
        assert_eq!(
            check(&entry(day(2007, 4, 1), 5, Some(short)), &signed()).len(),
            1
        );
    }
}
