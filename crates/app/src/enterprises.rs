//! Enterprises keep their own profile; the credit code and name stay as registered.

use crate::audit::{Context, json};
use crate::write::Record;
use crate::{App, AppError};
use gowest_domain::access::EnterpriseAgent;
use gowest_domain::change::Entity;
use gowest_domain::enterprise::{Enterprise, EnterpriseInput};
use gowest_domain::org::OrgPlace;

impl App {
    /// The enterprise the agent speaks for, if its profile has been filled in.
    pub async fn my_enterprise(
        &self,
        agent: &EnterpriseAgent,
    ) -> Result<Option<Enterprise>, AppError> {
        Ok(self.store.enterprise_of_org(agent.org_id()).await?)
    }

    /// The profile form: the stored profile, or the registration's code, name and province.
    pub async fn enterprise_form(
        &self,
        agent: &EnterpriseAgent,
    ) -> Result<EnterpriseInput, AppError> {
        if let Some(e) = self.my_enterprise(agent).await? {
            return Ok(EnterpriseInput::from_fields(&e.fields));
        }
        let org = self.store.organisation(agent.org_id()).await?;
        let mut input = EnterpriseInput {
            name_zh: org.name_zh.clone(),
            name_en: org.name_en.clone().unwrap_or_default(),
            ..EnterpriseInput::default()
        };
        if let OrgPlace::Enterprise {
            credit_code,
            province_code,
        } = &org.place
        {
            input.credit_code = credit_code.to_string();
            input.province_code = province_code.to_string();
        }
        Ok(input)
    }

    /// Creates or replaces the agent's enterprise profile.
    #[tracing::instrument(skip_all, fields(org = agent.org_id()))]
    pub async fn save_enterprise(
        &self,
        agent: &EnterpriseAgent,
        ctx: &Context,
        mut input: EnterpriseInput,
    ) -> Result<Enterprise, AppError> {
        let org = self.store.organisation(agent.org_id()).await?;
        let OrgPlace::Enterprise { credit_code, .. } = &org.place else {
            return Err(AppError::Forbidden);
        };
        // The credit code was checked when the enterprise registered; it is its identity.
        input.credit_code = credit_code.to_string();
        let fields = input.validate(&self.directory().catalog)?;
        let now = self.clock.now();
        let mut tx = self.write(agent, ctx).await?;
        let before = tx.enterprise_of_org(org.id).await?;
        let id = match &before {
            Some(existing) => {
                tx.update_enterprise(existing.id, &fields, now).await?;
                existing.id
            }
            None => {
                tx.insert_enterprise(&fields, Some(org.id), false, now)
                    .await?
            }
        };
        tx.finish(
            Record::new("enterprise.save", Entity::Enterprise, id)
                .before_text(before.as_ref().and_then(|b| json(&b.fields)))
                .after(&fields),
        )
        .await?;
        self.reload_directory().await?;
        Ok(self.store.enterprise(id).await?)
    }
}
