//! A zone's own staff keep its profile: validated, audited with before and after.

use crate::audit::Context;
use crate::write::Record;
use crate::{App, AppError};
use chrono::Datelike;
use gowest_domain::access::ZoneEditor;
use gowest_domain::change::Entity;
use gowest_domain::zone::Zone;
use gowest_domain::zone_input::ZoneInput;

impl App {
    /// The form values of a zone the editor may change.
    pub fn zone_form(&self, editor: &ZoneEditor) -> Result<ZoneInput, AppError> {
        let directory = self.directory();
        let zone = directory
            .zone(editor.zone_id())
            .ok_or(AppError::NotFound { entity: "zone" })?;
        Ok(ZoneInput::from_fields(&zone.fields, &directory.catalog))
    }

    /// Replaces the zone's profile. The name stays as the register has it: a zone's staff
    /// cannot rename it, nor change its level or province.
    #[tracing::instrument(skip_all, fields(zone = editor.zone_id()))]
    pub async fn update_zone_profile(
        &self,
        editor: &ZoneEditor,
        ctx: &Context,
        mut input: ZoneInput,
    ) -> Result<Zone, AppError> {
        let id = editor.zone_id();
        let now = self.clock.now();
        let directory = self.directory();
        let before = directory
            .zone(id)
            .ok_or(AppError::NotFound { entity: "zone" })?
            .fields
            .clone();
        let locked = ZoneInput::from_fields(&before, &directory.catalog);
        input.name_zh = locked.name_zh;
        input.level = locked.level;
        input.province_code = locked.province_code;
        input.national_in_2006 = locked.national_in_2006;
        input.named_in_notice = locked.named_in_notice;
        let after = input.validate(&directory.catalog, now.year())?;

        let mut tx = self.write(editor, ctx).await?;
        tx.update_zone(id, &after, now).await?;
        tx.finish(
            Record::new("zone.update", Entity::Zone, id)
                .before(&before)
                .after(&after),
        )
        .await?;
        self.reload_directory().await?;
        self.zone(id)
    }
}
