//! Enterprises register themselves and wait for the ministry or their province to approve.

use crate::accounts::NewAccount;
use crate::audit::Context;
use crate::write::Record;
use crate::{App, AppError};
use gowest_domain::access::{Actor, OrgApprover, Scope, Visitor};
use gowest_domain::account::{Role, check_name, check_password, check_username};
use gowest_domain::change::Entity;
use gowest_domain::ids::{CreditCode, IdError};
use gowest_domain::org::{OrgKind, OrgPlace, OrgStatus, Organisation};
use gowest_domain::region::ProvinceCode;
use gowest_domain::{FieldError, Validation};
use serde::Deserialize;

/// The registration form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Registration {
    pub company_name: String,
    pub credit_code: String,
    pub province_code: String,
    pub contact_name: String,
    pub username: String,
    pub password: String,
}

impl Registration {
    fn validate(&self, app: &App) -> Result<(String, CreditCode, ProvinceCode), Validation> {
        let mut v = Validation::default();
        let name = check_name("company_name", "企业名称", &self.company_name).unwrap_or_else(|e| {
            v.push(e);
            String::new()
        });
        let name = name.as_str();
        let credit = CreditCode::parse(&self.credit_code).map_err(|e| {
            let (zh, en) = match e {
                IdError::Check => (
                    "统一社会信用代码校验位不正确",
                    "the credit code's check character is wrong",
                ),
                _ => (
                    "统一社会信用代码应为 18 位（数字与大写字母，不含 I、O、S、V、Z）",
                    "a credit code has 18 digits and capital letters (no I, O, S, V, Z)",
                ),
            };
            FieldError::new("credit_code", "invalid", zh, en)
        });
        let province = ProvinceCode::parse(&self.province_code)
            .filter(|p| app.directory().catalog.province(p).is_some())
            .ok_or_else(|| {
                FieldError::new(
                    "province_code",
                    "unknown",
                    "请选择所在省份",
                    "choose the province",
                )
            });
        if let Err(e) = check_name("contact_name", "联系人姓名", &self.contact_name) {
            v.push(e);
        }
        let username = check_username(&self.username);
        if let Err(e) = &username {
            v.push(e.clone());
        }
        if let Err(p) = check_password(&self.password, username.as_deref().unwrap_or("")) {
            v.0.extend(p.0);
        }
        match (credit, province) {
            (Ok(c), Ok(p)) if v.is_empty() => Ok((name.to_owned(), c, p)),
            (c, p) => {
                v.0.extend(c.err());
                v.0.extend(p.err());
                Err(v)
            }
        }
    }
}

impl App {
    /// Files a registration: a pending enterprise and its first administrator, who can sign
    /// in but acts for nothing until the registration is approved.
    ///
    /// A username that is taken is not said to be taken — the form answers the same either
    /// way, so it cannot be used to find out who has an account. `None` then: nothing is
    /// filed (the registrant's sign-in with the chosen password fails, and the answer page
    /// says to register again with another username), and the clash is kept in the audit
    /// log for the administrators.
    pub async fn register_enterprise(
        &self,
        form: Registration,
        ip: Option<String>,
    ) -> Result<Option<i64>, AppError> {
        let (name, credit_code, province_code) = form.validate(self)?;
        let now = self.clock.now();
        let place = OrgPlace::Enterprise {
            credit_code,
            province_code,
        };
        let ctx = Context {
            actor: None,
            agent: "registration",
            ip,
        };
        let mut tx = self.write(&Visitor, &ctx).await?;
        let org_id = tx
            .insert_organisation(&name, None, &place, OrgStatus::Pending, now)
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::Conflict(_) => AppError::Invalid(Validation(vec![FieldError::new(
                    "credit_code",
                    "taken",
                    "该统一社会信用代码已注册",
                    "this credit code is already registered",
                )])),
                other => other,
            })?;
        let registered = Record::new("organisation.register", Entity::Organisation, org_id)
            .after(&serde_json::json!({ "name_zh": name, "place": place }))
            .concerns([org_id]);
        let username = form.username.clone();
        let account = NewAccount {
            username: form.username,
            display_name: form.contact_name,
            password: form.password,
            duty: None,
            memberships: vec![(org_id, Role::Admin)],
            must_change_password: false,
            demo: false,
        };
        let created = match self.insert_account(&mut tx, account).await {
            Ok((_, created)) => created,
            Err(AppError::Invalid(v)) if v.0.iter().any(|e| e.code == "taken") => {
                drop(tx);
                let entry = ctx.entry(now, "organisation.register_refused", "user", None);
                let after = serde_json::json!({
                    "reason": "username_taken",
                    "username": username.trim().to_ascii_lowercase(),
                    "name_zh": name,
                });
                self.note(entry, Some(after)).await?;
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        tx.finish_all(vec![registered, created]).await?;
        Ok(Some(org_id))
    }

    /// Pending registrations the actor may decide.
    pub async fn pending_registrations(
        &self,
        actor: &Actor,
    ) -> Result<Vec<Organisation>, AppError> {
        let all = self.store.organisations().await?;
        Ok(all
            .into_iter()
            .filter(|o| o.place.kind() == OrgKind::Enterprise && o.status == OrgStatus::Pending)
            .filter(|o| actor.org_approver(o).is_some())
            .collect())
    }

    /// The approver's organisation-visible list: all for the ministry, a province's own.
    pub async fn organisations_in_scope(
        &self,
        actor: &Actor,
    ) -> Result<Vec<Organisation>, AppError> {
        let all = self.store.organisations().await?;
        Ok(match actor.scope() {
            Scope::All => all,
            Scope::Province(code) => all
                .into_iter()
                .filter(|o| o.place.province_code() == Some(&code))
                .collect(),
            _ => Vec::new(),
        })
    }

    /// Looks up an organisation for a decision; the approver handle comes from the actor.
    pub async fn organisation(&self, id: i64) -> Result<Organisation, AppError> {
        Ok(self.store.organisation(id).await?)
    }

    pub async fn decide_registration(
        &self,
        approver: &OrgApprover,
        ctx: &Context,
        approve: bool,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let status = if approve {
            OrgStatus::Active
        } else {
            OrgStatus::Rejected
        };
        let mut tx = self.write(approver, ctx).await?;
        let before = tx.organisation(approver.org_id()).await?;
        if before.status != OrgStatus::Pending {
            return Err(AppError::Conflict("already decided".into()));
        }
        tx.set_organisation_status(approver.org_id(), status, now)
            .await?;
        let action = if approve {
            "organisation.approve"
        } else {
            "organisation.reject"
        };
        tx.finish(
            Record::new(action, Entity::Organisation, approver.org_id())
                .before_text(Some(before.status.code().into()))
                .after_text(Some(status.code().into()))
                .concerns([approver.org_id()]),
        )
        .await?;
        Ok(())
    }
}
