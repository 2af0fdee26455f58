//! The simple registers (outsourcing bases, labour-export bases, recycling pilots) are kept
//! the same way: the ministry's writing staff add a record or replace the one of the same
//! name, or bring in a sheet all or nothing; every change is audited; the sheet out has the
//! import layout. Each register says only how its record is named, stored and laid out.

use crate::audit::Context;
use crate::{App, AppError, register_sheet, write};
use chrono::{DateTime, Utc};
use gowest_domain::Validation;
use gowest_domain::access::BaseKeeper;
use gowest_domain::change::Entity;
use gowest_domain::reference::ReferenceCatalog;
use gowest_store::Tx;
use serde::Serialize;
use std::future::Future;

/// A record of one simple register.
pub trait Record: Serialize + Send + Sync + Sized {
    /// The audit's action prefix (`labour.base` → `labour.base.save`, `labour.base.import`).
    const ACTION: &'static str;
    /// The kind of record, for the audit row and event.
    const ENTITY: Entity;
    /// The sheet's columns in order: (field, header).
    const COLUMNS: &'static [(&'static str, &'static str)];

    fn set_id(&mut self, id: i64);
    fn id(&self) -> i64;
    /// The record's cells in `COLUMNS` order, as the import reads them back.
    fn row(&self) -> Vec<String>;
    /// Inserts the record or replaces the one of the same name; its id.
    fn upsert(
        tx: &mut Tx,
        record: &Self,
        now: DateTime<Utc>,
    ) -> impl Future<Output = gowest_store::Result<i64>> + Send;
}

fn keeper(ctx: &Context) -> Result<BaseKeeper, AppError> {
    let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
    actor.base_keeper().ok_or(AppError::Forbidden)
}

impl App {
    /// Saves one record checked by `check`; the ministry's writing staff.
    pub(crate) async fn save_record<R: Record>(
        &self,
        ctx: &Context,
        check: impl FnOnce(&ReferenceCatalog) -> Result<R, Validation>,
    ) -> Result<R, AppError> {
        let keeper = keeper(ctx)?;
        let mut record = check(&self.directory().catalog).map_err(AppError::Invalid)?;
        let mut tx = self.write(&keeper, ctx).await?;
        let now = tx.now();
        record.set_id(R::upsert(&mut tx, &record, now).await?);
        tx.finish(
            write::Record::new(format!("{}.save", R::ACTION), R::ENTITY, record.id())
                .after(&record),
        )
        .await?;
        Ok(record)
    }

    /// Imports a sheet (`.xlsx` or `.csv`, header row then one record a row) whose rows
    /// `check` reads in `R::COLUMNS` order, all or nothing: any refused row refuses the file,
    /// each problem named by row and column. The number of records saved.
    pub(crate) async fn import_records<R: Record>(
        &self,
        ctx: &Context,
        file_name: &str,
        bytes: &[u8],
        check: impl Fn(&ReferenceCatalog, &[String]) -> Result<R, Validation>,
    ) -> Result<usize, AppError> {
        let keeper = keeper(ctx)?;
        let catalog = self.directory().catalog.clone();
        let records =
            register_sheet::read(file_name, bytes, R::COLUMNS, |row| check(&catalog, row)).await?;
        let mut tx = self.write(&keeper, ctx).await?;
        let now = tx.now();
        for r in &records {
            R::upsert(&mut tx, r, now).await?;
        }
        tx.finish(
            write::Record::new(format!("{}.import", R::ACTION), R::ENTITY, None)
                .after(&serde_json::json!({ "file": file_name, "records": records.len() })),
        )
        .await?;
        Ok(records.len())
    }
}

/// The records as an .xlsx in the import layout.
pub(crate) fn records_xlsx<R: Record>(records: &[R]) -> Result<Vec<u8>, AppError> {
    register_sheet::xlsx(R::COLUMNS, records.iter().map(R::row).collect())
}
