//! User accounts: roles in organisations, the three separated administrator duties, and the
//! password policy.

use crate::error::{FieldError, Validation};
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

/// Checks a username: 3–32 characters of letters, digits, `.`, `_`, `-`.
pub fn check_username(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    let ok = (3..=32).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(name.to_ascii_lowercase())
    } else {
        Err(FieldError::new(
            "username",
            "invalid",
            "用户名须为 3–32 位字母、数字或 . _ -",
            "username must be 3–32 letters, digits, '.', '_' or '-'",
        ))
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
    }

    #[test]
    fn only_staff_and_admins_write() {
        assert!(Role::Admin.writes() && Role::Staff.writes() && !Role::ReadOnly.writes());
    }
}
