//! The audit log as a spreadsheet, for the audit administrator.

use crate::{App, AppError};
use gowest_domain::access::AuditAdmin;
use gowest_store::audit::AuditQuery;

/// At most this many rows per export; narrow the filter for more.
pub const MAX_EXPORT_ROWS: i64 = 100_000;

const HEADERS: [&str; 11] = [
    "序号 id",
    "时间(UTC) time",
    "用户 user",
    "机构 org",
    "地址 ip",
    "操作 action",
    "对象 entity",
    "对象编号 entity id",
    "修改前 before",
    "修改后 after",
    "哈希 hash",
];

impl App {
    /// The rows matching `query` (newest first) as an .xlsx workbook, and the row count.
    pub async fn export_audit_xlsx(
        &self,
        right: &AuditAdmin,
        mut query: AuditQuery,
    ) -> Result<(Vec<u8>, usize), AppError> {
        query.limit = MAX_EXPORT_ROWS;
        let rows = self.store.audit_rows(&query).await?;
        let count = rows.len();
        let entry = self.audit_admin_entry(right, "audit.export").await?;
        self.note(entry, Some(crate::audit::query_json(&query, count)))
            .await?;
        let bytes = tokio::task::spawn_blocking(move || {
            let xlsx = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
            let mut workbook = rust_xlsxwriter::Workbook::new();
            let sheet = workbook.add_worksheet();
            let bold = rust_xlsxwriter::Format::new().set_bold();
            sheet
                .write_row_with_format(0, 0, HEADERS, &bold)
                .map_err(xlsx)?;
            for (i, r) in rows.iter().enumerate() {
                let row =
                    u32::try_from(i + 1).map_err(|_| AppError::Internal("too many rows".into()))?;
                let e = &r.entry;
                let cells = [
                    r.id.to_string(),
                    e.at.format("%Y-%m-%d %H:%M:%S%.6f").to_string(),
                    e.actor_name.clone(),
                    e.org_id.map(|o| o.to_string()).unwrap_or_default(),
                    e.ip.clone().unwrap_or_default(),
                    e.action.clone(),
                    e.entity.clone(),
                    e.entity_id.clone().unwrap_or_default(),
                    e.before.clone().unwrap_or_default(),
                    e.after.clone().unwrap_or_default(),
                    r.hash.clone(),
                ];
                // An old row may hold more than a cell can (a 200 KB username from before
                // input was capped): cut with a marker, never a failed export.
                for (c, value) in cells.iter().enumerate() {
                    crate::cells::write_text(sheet, row, c as u16, value).map_err(xlsx)?;
                }
            }
            sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
            workbook.save_to_buffer().map_err(xlsx)
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
        Ok((bytes, count))
    }
}
