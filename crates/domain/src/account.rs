//! User accounts: roles in organisations, the three separated administrator duties, and the
//! password policy.

use crate::error::{FieldError, Validation};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A user's role in one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ReadOnly,
    Staff,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Staff, Role::ReadOnly];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
            Role::ReadOnly => "read_only",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Staff => "工作人员",
            Role::ReadOnly => "只读",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Staff => "Staff",
            Role::ReadOnly => "Read-only",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Staff and administrators write; read-only users do not.
    pub fn writes(self) -> bool {
        self >= Role::Staff
    }
}

/// The platform administrator duties kept apart, as 等保2.0 level 3 expects (三权分立).
/// A user holds at most one: the type has room for one only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AdminDuty {
    /// 系统管理员: accounts and organisations.
    System,
    /// 安全管理员: roles, unlocks, password and second-factor resets.
    Security,
    /// 审计管理员: the audit log, and nothing else.
    Audit,
}

impl AdminDuty {
    pub const ALL: [AdminDuty; 3] = [AdminDuty::System, AdminDuty::Security, AdminDuty::Audit];

    pub fn code(self) -> &'static str {
        match self {
            AdminDuty::System => "system",
            AdminDuty::Security => "security",
            AdminDuty::Audit => "audit",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            AdminDuty::System => "系统管理员",
            AdminDuty::Security => "安全管理员",
            AdminDuty::Audit => "审计管理员",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            AdminDuty::System => "System administrator",
            AdminDuty::Security => "Security administrator",
            AdminDuty::Audit => "Audit administrator",
        }
    }

    pub fn parse(code: &str) -> Option<AdminDuty> {
        AdminDuty::ALL.into_iter().find(|d| d.code() == code)
    }
}

pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest username accepted anywhere (console, CLI, registration).
pub const MAX_USERNAME_CHARS: usize = 64;
/// The longest person's or organisation's name accepted anywhere.
pub const MAX_NAME_CHARS: usize = 200;

/// Checks a username: 3–64 characters of letters, digits, `.`, `_`, `-`.
pub fn check_username(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    let ok = (3..=MAX_USERNAME_CHARS).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(name.to_ascii_lowercase())
    } else {
        Err(FieldError::new(
            "username",
            "invalid",
            format!("用户名须为 3–{MAX_USERNAME_CHARS} 位字母、数字或 . _ -"),
            format!("username must be 3–{MAX_USERNAME_CHARS} letters, digits, '.', '_' or '-'"),
        ))
    }
}

/// Checks a name (a person's, an organisation's) given in `field`: 1–200 characters once
/// trimmed. `label_zh` names the field in the Chinese message.
pub fn check_name(field: &str, label_zh: &str, raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(FieldError::required(field, label_zh));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("{label_zh}不能超过 {MAX_NAME_CHARS} 个字符"),
            format!("{field} must have at most {MAX_NAME_CHARS} characters"),
        ));
    }
    Ok(name.to_owned())
}

/// Password ageing and reuse, kept as settings the security administrator edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordRules {
    /// A password older than this many days must be changed at sign-in; 0 turns it off.
    pub expiry_days: u32,
    /// A new password may not be any of the user's last this many passwords (the current
    /// one included); 0 only forbids the current one.
    pub remember: u32,
}

impl Default for PasswordRules {
    fn default() -> Self {
        PasswordRules {
            expiry_days: 90,
            remember: 5,
        }
    }
}

impl PasswordRules {
    pub const MAX_EXPIRY_DAYS: u32 = 3650;
    pub const MAX_REMEMBER: u32 = 24;

    /// Reads the two values as typed; each must be a whole number within its range.
    pub fn parse(expiry_days: &str, remember: &str) -> Result<PasswordRules, Validation> {
        let mut v = Validation::default();
        let number = |field: &str, raw: &str, max: u32, v: &mut Validation| {
            let parsed = raw.trim().parse::<u32>().ok().filter(|n| *n <= max);
            if parsed.is_none() {
                v.push(FieldError::new(
                    field,
                    "out_of_range",
                    format!("须为 0–{max} 的整数"),
                    format!("{field} must be a whole number from 0 to {max}"),
                ));
            }
            parsed.unwrap_or(0)
        };
        let expiry_days = number("expiry_days", expiry_days, Self::MAX_EXPIRY_DAYS, &mut v);
        let remember = number("remember", remember, Self::MAX_REMEMBER, &mut v);
        v.finish(PasswordRules {
            expiry_days,
            remember,
        })
    }

    /// Whether a password set at `changed_at` has expired at `now`.
    pub fn expired(&self, changed_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        self.expiry_days > 0 && now - changed_at >= Duration::days(i64::from(self.expiry_days))
    }
}

/// The password policy: at least ten characters from at least three of the four classes
/// (lower case, upper case, digits, symbols), and not containing the username.
pub fn check_password(password: &str, username: &str) -> Result<(), Validation> {
    let mut v = Validation::default();
    if password.chars().count() < MIN_PASSWORD_CHARS {
        v.push(FieldError::new(
            "password",
            "too_short",
            format!("密码至少 {MIN_PASSWORD_CHARS} 位"),
            format!("password must have at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    let classes = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ];
    if classes.iter().filter(|&&has| has).count() < 3 {
        v.push(FieldError::new(
            "password",
            "too_simple",
            "密码须包含小写字母、大写字母、数字、符号中的至少三类",
            "password must mix at least three of: lower case, upper case, digits, symbols",
        ));
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        v.push(FieldError::new(
            "password",
            "contains_username",
            "密码不能包含用户名",
            "password must not contain the username",
        ));
    }
    v.finish(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_follow_the_policy() {
        assert!(check_password("Xibu-2006-kaifa", "zone1").is_ok());
        assert!(check_password("short1A!", "zone1").is_err());
        assert!(check_password("alllowercaseletters", "zone1").is_err());
        assert!(
            check_password("Zone1-Password-9", "zone1").is_err(),
            "contains the username"
        );
        let err = check_password("abc", "u").expect_err("weak");
        assert_eq!(err.0.len(), 2, "too short and too simple at once");
    }

    #[test]
    fn usernames_are_plain_and_folded_to_lower_case() {
        assert_eq!(
            check_username(" Chengdu.Admin ").ok(),
            Some("chengdu.admin".into())
        );
        assert!(check_username("ab").is_err());
        assert!(check_username("成都管理员").is_err());
        assert!(check_username("a b c").is_err());
        assert!(check_username(&"a".repeat(64)).is_ok());
        let long = check_username(&"a".repeat(65)).expect_err("65 characters");
        assert_eq!(long.field, "username");
    }

    #[test]
    fn names_are_capped_at_two_hundred_characters() {
        assert_eq!(
            check_name("display_name", "姓名", " 张三 ").ok(),
            Some("张三".into())
        );
        assert!(check_name("display_name", "姓名", &"名".repeat(200)).is_ok());
        let long = check_name("name_zh", "机构名称", &"名".repeat(201)).expect_err("201");
        assert_eq!((long.field.as_str(), long.code), ("name_zh", "too_long"));
        assert!(long.message_zh.contains("机构名称"));
        assert_eq!(
            check_name("display_name", "姓名", "  ").map_err(|e| e.code),
            Err("required")
        );
    }

    #[test]
    fn password_rules_parse_and_age() {
        assert_eq!(
            PasswordRules::parse("90", "5"),
            Ok(PasswordRules::default())
        );
        let err = PasswordRules::parse("-1", "99").expect_err("both out of range");
        assert_eq!(err.0.len(), 2);
        let t0 = Utc::now();
        let rules = PasswordRules::default();
        assert!(!rules.expired(t0, t0 + Duration::days(89)));
        assert!(rules.expired(t0, t0 + Duration::days(90)));
        let off = PasswordRules {
            expiry_days: 0,
            remember: 0,
        };
        assert!(!off.expired(t0, t0 + Duration::days(10_000)));
    }

    #[test]
    fn only_staff_and_admins_write() {
        assert!(Role::Admin.writes() && Role::Staff.writes() && !Role::ReadOnly.writes());
    }
}
