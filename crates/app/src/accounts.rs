//! Accounts and organisations: created by the operator's CLI or by the system administrator.

use crate::audit::Context;
use crate::auth::{actor_for, hash_password, random_token, sha256_hex};
use crate::write::{Holder, Operator, Record, Right};
use crate::{App, AppError};
use chrono::Duration;
use gowest_domain::access::{
    AccountKeeper, SecurityAdmin, SystemAdmin, Visitor, grant_needs_approval,
};
use gowest_domain::account::{
    AdminDuty, PasswordRules, Role, check_name, check_password, check_username,
};
use gowest_domain::change::Entity;
use gowest_domain::org::{OrgPlace, OrgStatus};
use gowest_domain::{FieldError, Validation};
use gowest_store::Tx;
pub use gowest_store::users::PendingGrant;
use gowest_store::users::{LinkPurpose, NewUser};

/// How long a one-time password link works.
pub const LINK_LIFETIME: Duration = Duration::hours(24);

const EXPIRY_KEY: &str = "password.expiry_days";
const REMEMBER_KEY: &str = "password.remember";

/// Who creates accounts and organisations: the operator at the server's console, or a
/// system administrator.
pub enum AccountAuthority<'a> {
    Console(&'a Operator),
    Admin(&'a SystemAdmin),
}

impl Right for AccountAuthority<'_> {
    fn holder(&self) -> Holder {
        match self {
            AccountAuthority::Console(op) => op.holder(),
            AccountAuthority::Admin(admin) => admin.holder(),
        }
    }
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
        by: AccountAuthority<'_>,
        ctx: &Context,
        account: NewAccount,
    ) -> Result<i64, AppError> {
        let mut tx = self.write(&by, ctx).await?;
        let (id, record) = self.insert_account(&mut tx, account).await?;
        tx.finish(record).await?;
        Ok(id)
    }

    /// Checks and writes an account inside the caller's transaction; returns its id and
    /// the record for the caller's audit row.
    pub(crate) async fn insert_account(
        &self,
        tx: &mut Tx,
        account: NewAccount,
    ) -> Result<(i64, Record), AppError> {
        let username = check_username(&account.username).map_err(|e| Validation(vec![e]))?;
        check_password(&account.password, &username)?;
        let display_name = check_name("display_name", "姓名", &account.display_name)
            .map_err(|e| Validation(vec![e]))?;
        let display_name = display_name.as_str();
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
        let record = Record::new("user.create", Entity::User, id).after(&serde_json::json!({
            "username": username,
            "display_name": display_name,
            "duty": account.duty,
            "memberships": account.memberships,
            "demo": account.demo,
        }));
        Ok((id, record))
    }

    /// Sets a password from the console; the user must change it at next sign-in.
    pub async fn reset_password_from_console(
        &self,
        op: &Operator,
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
        let mut tx = self.write(op, &Context::system("cli")).await?;
        tx.push_password_history(user.id, &user.password_hash, now)
            .await?;
        tx.set_password(user.id, &hash, true, now).await?;
        tx.delete_sessions_of(user.id, None).await?;
        tx.revoke_api_tokens_of(user.id, now).await?;
        tx.finish(Record::new("user.password_reset", Entity::User, user.id))
            .await?;
        Ok(())
    }

    /// Creates an organisation (console or system administrator).
    pub async fn add_organisation(
        &self,
        by: AccountAuthority<'_>,
        ctx: &Context,
        name_zh: &str,
        place: OrgPlace,
    ) -> Result<i64, AppError> {
        let now = self.clock.now();
        let mut tx = self.write(&by, ctx).await?;
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
        tx.finish(
            Record::new("organisation.create", Entity::Organisation, id)
                .after(&serde_json::json!({ "name_zh": name_zh, "place": place })),
        )
        .await?;
        Ok(id)
    }
}

/// A random password that meets the policy, for accounts whose owner must change it.
pub fn temporary_password() -> Result<String, AppError> {
    use base64::Engine;
    let mut bytes = [0u8; 12];
    getrandom::getrandom(&mut bytes).map_err(|e| AppError::Internal(e.to_string()))?;
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

    /// The security administrator's right over one account: refused (403) for an account
    /// that holds a duty, which only the operator resets or disables, at the CLI.
    pub async fn account_keeper(
        &self,
        security: &SecurityAdmin,
        user_id: i64,
    ) -> Result<AccountKeeper, AppError> {
        let user = self.store.user(user_id).await?;
        security
            .keeper_of(user.id, user.duty)
            .ok_or(AppError::Forbidden)
    }

    /// Issues a one-time link with which the account's holder sets a new password. The
    /// security administrator passes the link on and never learns a password; the old
    /// password keeps working until the link is used.
    pub async fn issue_reset_link(
        &self,
        keeper: &AccountKeeper,
        ctx: &Context,
    ) -> Result<IssuedLink, AppError> {
        let user = self.store.user(keeper.user_id()).await?;
        let mut tx = self.write(keeper, ctx).await?;
        let (token, record) = self
            .issue_link(&mut tx, user.id, LinkPurpose::Reset, Some(keeper.by()))
            .await?;
        tx.finish(record).await?;
        Ok(IssuedLink {
            username: user.username,
            token,
        })
    }

    /// Stores a link's hash; returns the token itself (shown once) and the record of its
    /// issue for the caller's audit row.
    async fn issue_link(
        &self,
        tx: &mut Tx,
        user_id: i64,
        purpose: LinkPurpose,
        by: Option<i64>,
    ) -> Result<(String, Record), AppError> {
        let token = random_token()?;
        let now = self.clock.now();
        let expires = now + LINK_LIFETIME;
        let id = tx
            .insert_password_link(&sha256_hex(&token), user_id, purpose, by, now, expires)
            .await?;
        let record = Record::new("user.password_link_issue", Entity::User, user_id).after(
            &serde_json::json!({
                "link": id,
                "purpose": purpose.code(),
                "expires_at": expires,
            }),
        );
        Ok((token, record))
    }

    /// Whose link this is, or why it cannot be used. Opening an expired link is audited.
    pub async fn password_link(
        &self,
        token: &str,
        ip: Option<String>,
    ) -> Result<Result<String, LinkRefusal>, AppError> {
        let Some(link) = self.store.password_link(&sha256_hex(token)).await? else {
            return Ok(Err(LinkRefusal::Unknown));
        };
        let now = self.clock.now();
        if link.used_at.is_some() {
            return Ok(Err(LinkRefusal::Used));
        }
        if link.expires_at <= now {
            let ctx = Context {
                actor: None,
                agent: "link",
                ip,
            };
            let entry = ctx.entry(
                now,
                "user.password_link_expired",
                "user",
                Some(link.user_id.to_string()),
            );
            self.note(entry, Some(serde_json::json!({ "link": link.id })))
                .await?;
            return Ok(Err(LinkRefusal::Expired));
        }
        Ok(Ok(self.store.user(link.user_id).await?.username))
    }

    /// The link's holder sets the account's password: checked against the policy and the
    /// reuse rule, the link used up (once, even when two requests race), and every session
    /// and API token of the account revoked.
    pub async fn set_password_by_link(
        &self,
        token: &str,
        password: &str,
        ip: Option<String>,
    ) -> Result<Result<(), LinkRefusal>, AppError> {
        if let Err(refusal) = self.password_link(token, ip.clone()).await? {
            return Ok(Err(refusal));
        }
        let Some(link) = self.store.password_link(&sha256_hex(token)).await? else {
            return Ok(Err(LinkRefusal::Unknown));
        };
        let user = self.store.user(link.user_id).await?;
        check_password(password, &user.username)?;
        self.refuse_reuse(&user, password).await?;
        let hash = hash_password(password)?;
        let now = self.clock.now();
        // Nobody is signed in; the link's holder acts as the account's owner, and the audit
        // row names the account as its actor.
        let ctx = Context {
            actor: Some(actor_for(&user, &[], None, true)),
            agent: "link",
            ip,
        };
        let mut tx = self.write(&Visitor, &ctx).await?;
        if !tx.use_password_link(link.id, now).await? {
            return Ok(Err(LinkRefusal::Used));
        }
        tx.push_password_history(user.id, &user.password_hash, now)
            .await?;
        tx.set_password(user.id, &hash, false, now).await?;
        tx.delete_sessions_of(user.id, None).await?;
        let revoked = tx.revoke_api_tokens_of(user.id, now).await?;
        tx.finish(
            Record::new("user.password_link_use", Entity::User, user.id)
                .after(&serde_json::json!({ "link": link.id, "api_tokens_revoked": revoked })),
        )
        .await?;
        Ok(Ok(()))
    }

    /// Refuses `password` when it is the current one or one of the last ones the
    /// password rules remember (argon2 checks, off the async threads).
    pub(crate) async fn refuse_reuse(
        &self,
        user: &gowest_store::users::UserRecord,
        password: &str,
    ) -> Result<(), AppError> {
        let rules = self.password_rules().await?;
        let earlier = i64::from(rules.remember.saturating_sub(1));
        let mut hashes = vec![user.password_hash.clone()];
        if earlier > 0 {
            hashes.extend(self.store.password_history(user.id, earlier).await?);
        }
        let password = password.to_owned();
        let reused = tokio::task::spawn_blocking(move || {
            hashes
                .iter()
                .any(|h| crate::auth::password_matches(&password, h))
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
        if reused {
            let n = rules.remember.max(1);
            return Err(AppError::Invalid(Validation(vec![FieldError::new(
                "password",
                "reused",
                format!("新密码不能与最近 {n} 次使用过的密码相同"),
                format!("the new password must differ from the last {n} passwords"),
            )])));
        }
        Ok(())
    }

    /// Disables or enables a business account (the security administrator). Disabling
    /// ends its sessions and revokes its API tokens at once.
    pub async fn set_account_disabled(
        &self,
        keeper: &AccountKeeper,
        ctx: &Context,
        disabled: bool,
    ) -> Result<(), AppError> {
        self.write_disabled(keeper, ctx, keeper.user_id(), disabled)
            .await
    }

    /// Disables or enables any account, duty holders included: the operator at the CLI.
    pub async fn set_disabled_from_console(
        &self,
        op: &Operator,
        username: &str,
        disabled: bool,
    ) -> Result<(), AppError> {
        let user = self
            .store
            .user_by_name(&username.trim().to_ascii_lowercase())
            .await?
            .ok_or(AppError::NotFound { entity: "user" })?;
        self.write_disabled(op, &Context::system("cli"), user.id, disabled)
            .await
    }

    async fn write_disabled(
        &self,
        right: &impl Right,
        ctx: &Context,
        user_id: i64,
        disabled: bool,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let mut tx = self.write(right, ctx).await?;
        tx.set_disabled(user_id, disabled, now).await?;
        let mut revoked = 0;
        if disabled {
            tx.delete_sessions_of(user_id, None).await?;
            revoked = tx.revoke_api_tokens_of(user_id, now).await?;
        }
        let action = if disabled {
            "user.disable"
        } else {
            "user.enable"
        };
        tx.finish(
            Record::new(action, Entity::User, user_id)
                .after(&serde_json::json!({ "api_tokens_revoked": revoked })),
        )
        .await?;
        Ok(())
    }

    /// The system administrator makes an account. Nobody learns its password: the
    /// creator is given a one-time link to pass on, with which its holder sets one.
    /// Memberships that make a privileged account wait for the security administrator.
    pub async fn create_account(
        &self,
        admin: &SystemAdmin,
        ctx: &Context,
        username: &str,
        display_name: &str,
        memberships: Vec<(i64, Role)>,
    ) -> Result<CreatedAccount, AppError> {
        let mut direct = Vec::new();
        let mut pending = Vec::new();
        for (org_id, role) in memberships {
            let org =
                self.store
                    .organisation(org_id)
                    .await
                    .map_err(|e| match AppError::from(e) {
                        AppError::NotFound { .. } => {
                            AppError::Invalid(Validation(vec![FieldError::new(
                                "org_id",
                                "unknown",
                                "未知的机构",
                                "unknown organisation",
                            )]))
                        }
                        other => other,
                    })?;
            if grant_needs_approval(org.place.kind(), role) {
                pending.push((org_id, role));
            } else {
                direct.push((org_id, role));
            }
        }
        let account = NewAccount {
            username: username.to_owned(),
            display_name: display_name.to_owned(),
            // Random and never shown: the holder sets their own through the link.
            password: temporary_password()?,
            duty: None,
            memberships: direct,
            must_change_password: false,
            demo: false,
        };
        let mut tx = self.write(admin, ctx).await?;
        let (id, created) = self.insert_account(&mut tx, account).await?;
        let mut records = vec![created];
        let now = self.clock.now();
        for (org_id, role) in &pending {
            let grant = tx
                .insert_pending_grant(id, *org_id, *role, Some(admin.by()), now)
                .await?;
            records.push(
                Record::new("grant.request", Entity::Grant, grant)
                    .after(&serde_json::json!({
                        "user_id": id, "org_id": org_id, "role": role,
                    }))
                    .concerns([*org_id]),
            );
        }
        let (token, issued) = self
            .issue_link(&mut tx, id, LinkPurpose::Welcome, Some(admin.by()))
            .await?;
        records.push(issued);
        tx.finish_all(records).await?;
        Ok(CreatedAccount {
            id,
            link: IssuedLink {
                username: username.trim().to_ascii_lowercase(),
                token,
            },
            pending: pending.len(),
        })
    }

    /// Privileged memberships waiting for the security administrator.
    pub async fn pending_grants(&self, _by: &SecurityAdmin) -> Result<Vec<PendingGrant>, AppError> {
        Ok(self.store.pending_grants().await?)
    }

    /// The security administrator approves (the membership is made) or refuses a grant.
    pub async fn decide_grant(
        &self,
        by: &SecurityAdmin,
        ctx: &Context,
        grant_id: i64,
        approve: bool,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let mut tx = self.write(by, ctx).await?;
        let Some((user_id, org_id, role)) =
            tx.decide_grant(grant_id, approve, by.by(), now).await?
        else {
            return Err(AppError::Invalid(Validation(vec![FieldError::new(
                "grant",
                "decided",
                "该授权申请不存在或已处理",
                "this grant does not exist or has been decided",
            )])));
        };
        if approve {
            tx.set_membership(user_id, org_id, role).await?;
        }
        let action = if approve {
            "grant.approve"
        } else {
            "grant.refuse"
        };
        tx.finish(
            Record::new(action, Entity::Grant, grant_id)
                .after(&serde_json::json!({
                    "user_id": user_id, "org_id": org_id, "role": role,
                }))
                .concerns([org_id]),
        )
        .await?;
        Ok(())
    }

    /// Password expiry and reuse, as the security administrator last set them (or the
    /// shipped defaults).
    pub async fn password_rules(&self) -> Result<PasswordRules, AppError> {
        let defaults = PasswordRules::default();
        let read = |v: Option<String>, default: u32| {
            v.and_then(|v| v.parse::<u32>().ok()).unwrap_or(default)
        };
        Ok(PasswordRules {
            expiry_days: read(self.store.setting(EXPIRY_KEY).await?, defaults.expiry_days),
            remember: read(self.store.setting(REMEMBER_KEY).await?, defaults.remember),
        })
    }

    pub async fn set_password_rules(
        &self,
        by: &SecurityAdmin,
        ctx: &Context,
        rules: PasswordRules,
    ) -> Result<(), AppError> {
        let before = self.password_rules().await?;
        let mut tx = self.write(by, ctx).await?;
        tx.put_setting(EXPIRY_KEY, &rules.expiry_days.to_string())
            .await?;
        tx.put_setting(REMEMBER_KEY, &rules.remember.to_string())
            .await?;
        tx.finish(
            Record::new("settings.password_rules", Entity::Settings, None)
                .before(&before)
                .after(&rules),
        )
        .await?;
        Ok(())
    }
}

/// A one-time link just issued: shown once, to be passed to the account's holder.
#[derive(Debug, Clone)]
pub struct IssuedLink {
    pub username: String,
    pub token: String,
}

impl IssuedLink {
    /// The link's path on this site.
    pub fn path(&self) -> String {
        format!("/reset/{}", self.token)
    }
}

/// Why a one-time link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    /// No such link (mistyped, or never issued).
    Unknown,
    /// Used already, or replaced by a newer link.
    Used,
    Expired,
}

/// An account the system administrator made: its link, and how many grants wait.
#[derive(Debug, Clone)]
pub struct CreatedAccount {
    pub id: i64,
    pub link: IssuedLink,
    pub pending: usize,
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
        let name = match check_name("name_zh", "机构名称", &form.name_zh) {
            Ok(name) => name,
            Err(e) => {
                v.push(e);
                String::new()
            }
        };
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

/// A request the web layer refused (403), for its audit row.
pub struct Refusal<'a> {
    /// The session cookie's token, if the request carried one.
    pub session: Option<&'a str>,
    /// The bearer token, if the request carried one.
    pub bearer: Option<&'a str>,
    pub ip: Option<String>,
    /// Method and path, e.g. `POST /console/users/3/reset`.
    pub asked: &'a str,
}

impl App {
    /// Audits a refused request under whoever made it (a live session's or token's user,
    /// or nobody).
    pub async fn audit_refusal(&self, refusal: Refusal<'_>) -> Result<(), AppError> {
        let actor = match (refusal.session, refusal.bearer) {
            (Some(token), _) => self.session(token).await?.map(|s| s.actor),
            // A database failure propagates; a token the API itself refuses (unknown, expired,
            // revoked) names nobody, as an anonymous request would.
            (None, Some(token)) => match self.actor_for_api_token(token).await? {
                Ok(grant) => Some(grant.actor),
                Err(_refused) => None,
            },
            (None, None) => None,
        };
        let ctx = Context {
            actor,
            agent: "web",
            ip: refusal.ip,
        };
        let entry = ctx.entry(self.clock.now(), "request.forbidden", "request", None);
        self.note(entry, Some(serde_json::json!({ "asked": refusal.asked })))
            .await?;
        Ok(())
    }
}
