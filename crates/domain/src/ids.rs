//! Identifiers with check characters: the 统一社会信用代码 (GB 32100-2015) of organisations
//! and the 居民身份证号 (GB 11643-1999) of persons. A value of these types is valid.

use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

/// The 31 characters GB 32100-2015 uses (no I, O, S, V, Z).
const USCC_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("wrong length")]
    Length,
    #[error("character not allowed")]
    Character,
    #[error("check character does not match")]
    Check,
    #[error("not a valid date of birth")]
    BirthDate,
}

/// 统一社会信用代码: 18 characters, the last a check character over the first 17.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "91350100M000100Y43")]
pub struct CreditCode(String);

impl CreditCode {
    pub fn parse(raw: &str) -> Result<CreditCode, IdError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.len() != 18 || !code.is_ascii() {
            return Err(IdError::Length);
        }
        let values: Vec<u32> = code
            .bytes()
            .map(|b| USCC_CHARSET.iter().position(|&c| c == b).map(|p| p as u32))
            .collect::<Option<_>>()
            .ok_or(IdError::Character)?;
        // Positions 3–8 hold the registering authority's administrative division code.
        if !code.as_bytes()[2..8].iter().all(u8::is_ascii_digit) {
            return Err(IdError::Character);
        }
        let sum: u32 = values[..17]
            .iter()
            .zip(USCC_WEIGHTS)
            .map(|(v, w)| v * w)
            .sum();
        let check = (31 - sum % 31) % 31;
        if values[17] != check {
            return Err(IdError::Check);
        }
        Ok(CreditCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code whose first 17 characters are `first17`, with its check character computed
    /// (for generated demo and test data).
    pub fn complete(first17: &str) -> Result<CreditCode, IdError> {
        let values: Vec<u32> = first17
            .bytes()
            .map(|b| USCC_CHARSET.iter().position(|&c| c == b).map(|p| p as u32))
            .collect::<Option<_>>()
            .ok_or(IdError::Character)?;
        if values.len() != 17 {
            return Err(IdError::Length);
        }
        let sum: u32 = values.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
        let check = USCC_CHARSET[((31 - sum % 31) % 31) as usize] as char;
        CreditCode::parse(&format!("{first17}{check}"))
    }
}

impl TryFrom<String> for CreditCode {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CreditCode::parse(&value)
    }
}

impl From<CreditCode> for String {
    fn from(code: CreditCode) -> String {
        code.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// 居民身份证号: 17 digits and a check character. Personal data: its `Debug` and
/// `Display` show only the masked form, so it cannot leak into logs by accident.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(String);

impl ResidentId {
    pub fn parse(raw: &str) -> Result<ResidentId, IdError> {
        let id = raw.trim().to_ascii_uppercase();
        if id.len() != 18 || !id.is_ascii() {
            return Err(IdError::Length);
        }
        let bytes = id.as_bytes();
        if !bytes[..17].iter().all(u8::is_ascii_digit) {
            return Err(IdError::Character);
        }
        let sum: u32 = bytes[..17]
            .iter()
            .zip(ID_WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        if bytes[17] != ID_CHECK[(sum % 11) as usize] {
            return Err(IdError::Check);
        }
        let birth = &id[6..14];
        if chrono::NaiveDate::parse_from_str(birth, "%Y%m%d").is_err() || &id[6..8] < "18" {
            return Err(IdError::BirthDate);
        }
        Ok(ResidentId(id))
    }

    /// `1101**********123X`: the first four and last four characters.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..4], "*".repeat(10), &self.0[14..])
    }

    /// The full number, for the few places (encryption, keyed hashing) that need it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Appends the right check character to 17 characters.
    fn with_uscc_check(body: &str) -> String {
        let sum: u32 = body
            .bytes()
            .map(|b| USCC_CHARSET.iter().position(|&c| c == b).expect("charset") as u32)
            .zip(USCC_WEIGHTS)
            .map(|(v, w)| v * w)
            .sum();
        let check = USCC_CHARSET[((31 - sum % 31) % 31) as usize] as char;
        format!("{body}{check}")
    }

    fn with_id_check(body: &str) -> String {
        let sum: u32 = body
            .bytes()
            .zip(ID_WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        format!("{body}{}", ID_CHECK[(sum % 11) as usize] as char)
    }

    #[test]
    fn published_credit_codes_pass() {
        // Examples printed on public business licences.
        for code in [
            "91350100M000100Y43",
            "91110000802100433B",
            "914403001922038216",
        ] {
            assert!(CreditCode::parse(code).is_ok(), "{code}");
        }
        assert!(
            CreditCode::parse(" 91350100m000100y43 ").is_ok(),
            "case and spaces"
        );
    }

    #[test]
    fn completing_a_credit_code_computes_the_published_check() {
        assert_eq!(
            CreditCode::complete("91350100M000100Y4").map(String::from),
            Ok("91350100M000100Y43".to_owned())
        );
        assert_eq!(CreditCode::complete("9135"), Err(IdError::Length));
        assert_eq!(
            CreditCode::complete("91350100M000100YI"),
            Err(IdError::Character)
        );
    }

    #[test]
    fn credit_codes_with_a_wrong_check_or_shape_fail() {
        assert_eq!(CreditCode::parse("91350100M000100Y44"), Err(IdError::Check));
        assert_eq!(CreditCode::parse("91350100M000100Y4"), Err(IdError::Length));
        assert_eq!(
            CreditCode::parse("91350100M000100YI3"),
            Err(IdError::Character)
        );
        assert_eq!(
            CreditCode::parse("913501O0M000100Y43"),
            Err(IdError::Character)
        );
    }

    #[test]
    fn resident_ids_check_digit_and_birth_date() {
        assert!(ResidentId::parse("11010519491231002X").is_ok());
        assert!(ResidentId::parse("110105194912310021").is_err());
        assert_eq!(
            ResidentId::parse(&with_id_check("11010519491331002")),
            Err(IdError::BirthDate)
        );
        assert_eq!(
            ResidentId::parse(&with_id_check("11010517001231002")),
            Err(IdError::BirthDate)
        );
        assert_eq!(ResidentId::parse("1101051949123100"), Err(IdError::Length));
    }

    #[test]
    fn resident_ids_never_print_in_full() {
        let id = ResidentId::parse("11010519491231002X").expect("valid");
        assert_eq!(id.masked(), "1101**********002X");
        assert_eq!(format!("{id} {id:?}").matches("19491231").count(), 0);
    }

    proptest! {
        #[test]
        fn any_credit_code_with_its_check_passes_and_any_single_change_fails(
            body in "[1-9ANY][0-9A-HJ-NP-RTUW-Y][0-9]{6}[0-9A-HJ-NP-RTUW-Y]{9}",
            position in 0usize..18,
            replacement in 0usize..31,
        ) {
            let code = with_uscc_check(&body);
            prop_assert!(CreditCode::parse(&code).is_ok());
            let mut bytes = code.into_bytes();
            let new = USCC_CHARSET[replacement];
            prop_assume!(bytes[position] != new);
            bytes[position] = new;
            let changed = String::from_utf8(bytes).expect("ascii");
            prop_assert!(CreditCode::parse(&changed).is_err());
        }
    }
}
