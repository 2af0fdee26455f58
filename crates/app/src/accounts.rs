//! Accounts and organisations: created by the operator's CLI or by the system administrator.

use crate::audit::{Context, json};
use crate::auth::hash_password;
use crate::{App, AppError};
use gowest_domain::access::SystemAdmin;
use gowest_domain::account::{AdminDuty, Role, check_password, check_username};
use gowest_domain::org::{OrgPlace, OrgStatus};
use gowest_domain::{FieldError, Validation};
use gowest_store::Tx;
use gowest_store::users::NewUser;

/// Who creates accounts: the operator at the server's console, or a system administrator.
pub enum AccountAuthority<'a> {
    Console,
    Admin(&'a SystemAdmin),
}

/// A new account as typed.
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub duty: Option<AdminDuty>,
    pub memberships: Vec<(i64, Role)>,
    /// Accounts made for someone else must choose their own password at first login.
    pub must_change_password: bool,
    pub demo: bool,
}

impl App {
    #[tracing::instrument(skip_all, fields(username = %account.username))]
    pub async fn add_user(
        &self,
        _by: AccountAuthority<'_>,
        ctx: &Context,
        account: NewAccount,
    ) -> Result<i64, AppError> {
        let mut tx = self.store.begin().await?;
        let id = self.insert_account(&mut tx, ctx, account).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Checks and writes an account inside the caller's transaction.
    pub(crate) async fn insert_account(
        &self,
        tx: &mut Tx,
        ctx: &Context,
        account: NewAccount,
    ) -> Result<i64, AppError> {
        let username = check_username(&account.username).map_err(|e| Validation(vec![e]))?;
        check_password(&account.password, &username)?;
        let display_name = account.display_name.trim();
        if display_name.is_empty() || display_name.chars().count() > 50 {
            return Err(Validation(vec![FieldError::new(
                "display_name",
                "invalid",
                "姓名须为 1–50 个字符",
                "display name must have 1–50 characters",
            )])
            .into());
        }
        if account.duty.is_some() && !account.memberships.is_empty() {
            return Err(Validation(vec![FieldError::new(
                "duty",
                "separation",
                "系统、安全、审计管理员账号不得兼任业务角色",
                "system, security and audit administrators hold no business role",
            )])
            .into());
        }
        let hash = hash_password(&account.password)?;
        let now = self.clock.now();
        let id = tx
            .insert_user(
                &NewUser {
                    username: &username,
                    display_name,
                    password_hash: &hash,
                    must_change_password: account.must_change_password,
                    duty: account.duty,
                    demo: account.demo,
                },
                now,
            )
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::Conflict(_) => AppError::Invalid(Validation(vec![FieldError::new(
                    "username",
                    "taken",
                    "用户名已被使用",
                    "username is taken",
                )])),
                other => other,
            })?;
        for (org_id, role) in &account.memberships {
            tx.set_membership(id, *org_id, *role).await?;
        }
        let mut entry = ctx.entry(now, "user.create", "user", Some(id.to_string()));
        entry.after = json(&serde_json::json!({
            "username": username,
            "display_name": display_name,
            "duty": account.duty,
            "memberships": account.memberships,
            "demo": account.demo,
        }));
        self.audit(tx, entry).await?;
        Ok(id)
    }

    /// Sets a password from the console; the user must change it at next sign-in.
    pub async fn reset_password_from_console(
        &self,
        username: &str,
        password: &str,
    ) -> Result<(), AppError> {
        let user = self
            .store
            .user_by_name(&username.trim().to_ascii_lowercase())
            .await?
            .ok_or(AppError::NotFound { entity: "user" })?;
        check_password(password, &user.username)?;
        let hash = hash_password(password)?;
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        tx.set_password(user.id, &hash, true, now).await?;
        tx.delete_sessions_of(user.id, None).await?;
        let entry = Context::system("cli").entry(
            now,
            "user.password_reset",
            "user",
            Some(user.id.to_string()),
        );
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates an organisation (console or system administrator).
    pub async fn add_organisation(
        &self,
        _by: AccountAuthority<'_>,
        ctx: &Context,
        name_zh: &str,
        place: OrgPlace,
    ) -> Result<i64, AppError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let id = tx
            .insert_organisation(name_zh, None, &place, OrgStatus::Active, now)
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::Conflict(_) => AppError::Invalid(Validation(vec![FieldError::new(
                    if place.zone_id().is_some() {
                        "zone_id"
                    } else {
                        "credit_code"
                    },
                    "taken",
                    "该开发区或企业已有机构账号",
                    "this zone or company already has an organisation",
                )])),
                other => other,
            })?;
        let mut entry = ctx.entry(
            now,
            "organisation.create",
            "organisation",
            Some(id.to_string()),
        );
        entry.after = json(&serde_json::json!({ "name_zh": name_zh, "place": place }));
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(id)
    }
}

/// A random password that meets the policy, for accounts whose owner must change it.
pub fn temporary_password() -> Result<String, AppError> {
    use base64::Engine;
    let mut bytes = [0u8; 12];
    getrandom::getrandom(&mut bytes).map_err(|e| AppError::File(e.to_string()))?;
    // The suffix guarantees a symbol, a digit and a lower-case letter whatever the random part.
    Ok(format!(
        "{}-7k",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    ))
}

impl App {
    /// Every account, for the operator at the console.
    pub async fn users_for_console(
        &self,
    ) -> Result<Vec<gowest_store::users::UserRecord>, AppError> {
        Ok(self.store.users().await?)
    }

    /// Every organisation, for the operator at the console.
    pub async fn organisations_for_console(
        &self,
    ) -> Result<Vec<gowest_domain::org::Organisation>, AppError> {
        Ok(self.store.organisations().await?)
    }
}

/// An account as administrators see it: no password hash, no second-factor secret.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UserSummary {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub duty: Option<AdminDuty>,
    pub second_factor: bool,
    pub must_change_password: bool,
    pub disabled: bool,
    pub demo: bool,
    pub memberships: Vec<(String, Role)>,
}

/// Who may list accounts: the system or the security administrator.
pub enum AccountReader<'a> {
    System(&'a SystemAdmin),
    Security(&'a gowest_domain::access::SecurityAdmin),
}

impl App {
    pub async fn user_summaries(
        &self,
        _by: AccountReader<'_>,
    ) -> Result<Vec<UserSummary>, AppError> {
        let mut out = Vec::new();
        for u in self.store.users().await? {
            let memberships = self
                .store
                .memberships(u.id)
                .await?
                .into_iter()
                .map(|m| (m.org.name_zh, m.role))
                .collect();
            out.push(UserSummary {
                id: u.id,
                second_factor: u.totp_secret.is_some(),
                username: u.username,
                display_name: u.display_name,
                duty: u.duty,
                must_change_password: u.must_change_password,
                disabled: u.disabled,
                demo: u.demo,
                memberships,
            });
        }
        Ok(out)
    }

    pub async fn organisations_for_admin(
        &self,
        _by: &SystemAdmin,
    ) -> Result<Vec<gowest_domain::org::Organisation>, AppError> {
        Ok(self.store.organisations().await?)
    }

    /// The security administrator gives an account a temporary password (shown once) and
    /// clears its second factor; the user chooses a new password and enrols again.
    pub async fn reset_credentials(
        &self,
        _by: &gowest_domain::access::SecurityAdmin,
        ctx: &Context,
        user_id: i64,
    ) -> Result<String, AppError> {
        let user = self.store.user(user_id).await?;
        let password = temporary_password()?;
        let hash = hash_password(&password)?;
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        tx.set_password(user.id, &hash, true, now).await?;
        tx.set_totp_secret(user.id, None, now).await?;
        tx.delete_sessions_of(user.id, None).await?;
        let entry = ctx.entry(
            now,
            "user.credentials_reset",
            "user",
            Some(user.id.to_string()),
        );
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(password)
    }
}

/// An organisation as typed in a form or on the command line.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct OrgForm {
    pub kind: String,
    pub name_zh: String,
    pub province_code: String,
    pub zone_id: String,
    pub credit_code: String,
}

impl App {
    /// Checks an organisation form against the reference data: the kind, the province it
    /// needs, the zone it is (which gives its province), the credit code of an enterprise.
    pub fn organisation_from_form(&self, form: &OrgForm) -> Result<(String, OrgPlace), Validation> {
        use gowest_domain::ids::CreditCode;
        use gowest_domain::org::OrgKind;
        use gowest_domain::region::ProvinceCode;
        let mut v = Validation::default();
        let name = form.name_zh.trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 {
            v.push(FieldError::new(
                "name_zh",
                "invalid",
                "机构名称须为 1–100 个字符",
                "name must have 1–100 characters",
            ));
        }
        let directory = self.directory();
        let province = || {
            ProvinceCode::parse(&form.province_code)
                .filter(|p| directory.catalog.province(p).is_some())
                .ok_or_else(|| {
                    FieldError::new(
                        "province_code",
                        "unknown",
                        "请选择省份",
                        "choose a province",
                    )
                })
        };
        let place = match OrgKind::parse(form.kind.trim()) {
            None => Err(FieldError::new(
                "kind",
                "unknown",
                "请选择机构类型",
                "choose the kind of organisation",
            )),
            Some(OrgKind::Ministry) => Ok(OrgPlace::Ministry),
            Some(OrgKind::Bank) => Ok(OrgPlace::Bank),
            Some(OrgKind::Province) => {
                province().map(|province_code| OrgPlace::Province { province_code })
            }
            Some(OrgKind::PromotionAgency) => {
                let given = !form.province_code.trim().is_empty();
                if given {
                    province().map(|p| OrgPlace::PromotionAgency {
                        province_code: Some(p),
                    })
                } else {
                    Ok(OrgPlace::PromotionAgency {
                        province_code: None,
                    })
                }
            }
            Some(OrgKind::Zone) => form
                .zone_id
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|id| {
                    directory
                        .zone(id)
                        .map(|z| (id, z.fields.province_code.clone()))
                })
                .map(|(zone_id, province_code)| OrgPlace::Zone {
                    zone_id,
                    province_code,
                })
                .ok_or_else(|| {
                    FieldError::new("zone_id", "unknown", "未知的开发区编号", "unknown zone id")
                }),
            Some(OrgKind::Enterprise) => match CreditCode::parse(&form.credit_code) {
                Err(_) => Err(FieldError::new(
                    "credit_code",
                    "invalid",
                    "统一社会信用代码无效（18 位，校验位须正确）",
                    "not a valid unified social credit code (18 characters, check character)",
                )),
                Ok(credit_code) => province().map(|province_code| OrgPlace::Enterprise {
                    credit_code,
                    province_code,
                }),
            },
        };
        match place {
            Ok(place) if v.is_empty() => Ok((name, place)),
            Ok(_) => Err(v),
            Err(e) => {
                v.push(e);
                Err(v)
            }
        }
    }
}
