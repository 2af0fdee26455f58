//! Registers as Excel workbooks: the agreements, one row each with targets, progress and
//! overdue count (amounts in 元, exact from fen), with a sheet of milestones; and an event's
//! registrations for its organiser.

use crate::cooperation::AgreementView;
use crate::{App, AppError};
use gowest_domain::access::Actor;

const HEADERS: [&str; 13] = [
    "编号",
    "协议类型",
    "协议名称",
    "牵头开发区",
    "合作开发区",
    "签约日期",
    "目标企业数",
    "目标投资（元）",
    "目标就业",
    "已转移企业",
    "关联项目",
    "关联项目签约额（元）",
    "逾期节点",
];

const MILESTONE_HEADERS: [&str; 6] = [
    "协议编号",
    "协议名称",
    "节点",
    "到期日期",
    "状态",
    "完成日期",
];

fn cells(v: &AgreementView) -> [String; 13] {
    let a = &v.agreement;
    [
        a.id.to_string(),
        a.kind.name_zh().to_owned(),
        a.title.clone(),
        a.lead.name_zh.clone(),
        a.partners
            .iter()
            .map(|p| p.name_zh.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        a.signed_on.to_string(),
        a.target_enterprises.to_string(),
        a.target_investment.to_yuan_string(),
        a.target_jobs.to_string(),
        v.progress.enterprises.to_string(),
        v.progress.projects.to_string(),
        v.progress.investment.to_yuan_string(),
        v.progress.milestones_overdue.to_string(),
    ]
}

impl App {
    /// The agreements the actor reads, as a workbook.
    pub async fn export_agreements_xlsx(&self, actor: &Actor) -> Result<Vec<u8>, AppError> {
        let views = self.agreements(actor).await?;
        tokio::task::spawn_blocking(move || {
            let xlsx = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
            let row_of = |i: usize| {
                u32::try_from(i + 1).map_err(|_| AppError::Internal("too many rows".into()))
            };
            let mut workbook = rust_xlsxwriter::Workbook::new();
            let bold = rust_xlsxwriter::Format::new().set_bold();
            let sheet = workbook
                .add_worksheet()
                .set_name("合作协议")
                .map_err(xlsx)?;
            sheet
                .write_row_with_format(0, 0, HEADERS, &bold)
                .map_err(xlsx)?;
            for (i, v) in views.iter().enumerate() {
                sheet.write_row(row_of(i)?, 0, cells(v)).map_err(xlsx)?;
            }
            sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
            let sheet = workbook
                .add_worksheet()
                .set_name("实施节点")
                .map_err(xlsx)?;
            sheet
                .write_row_with_format(0, 0, MILESTONE_HEADERS, &bold)
                .map_err(xlsx)?;
            let milestones = views
                .iter()
                .flat_map(|v| v.milestones.iter().map(move |m| (v, m)));
            for (i, (v, m)) in milestones.enumerate() {
                let row = [
                    v.agreement.id.to_string(),
                    v.agreement.title.clone(),
                    m.milestone.title.clone(),
                    m.milestone.due_on.to_string(),
                    m.state.name_zh().to_owned(),
                    m.milestone
                        .done_on
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ];
                sheet.write_row(row_of(i)?, 0, row).map_err(xlsx)?;
            }
            workbook.save_to_buffer().map_err(xlsx)
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
    }
}

const REGISTRATION_HEADERS: [&str; 6] = ["报名编号", "单位", "参会人", "职务", "状态", "已排洽谈"];

impl App {
    /// The organiser's register of an event's registrations, with each one's meeting count.
    pub async fn export_registrations_xlsx(
        &self,
        actor: &Actor,
        event_id: i64,
    ) -> Result<Vec<u8>, AppError> {
        let console = self.event_console(actor, event_id).await?;
        let meetings = self.read_only().await?.meetings(event_id).await?;
        let rows: Vec<[String; 6]> = console
            .registrations
            .iter()
            .map(|r| {
                let n = meetings
                    .iter()
                    .filter(|m| m.a == r.id || m.b == r.id)
                    .count();
                [
                    r.id.to_string(),
                    r.org_name_zh.clone(),
                    r.contact_name.clone(),
                    r.contact_title.clone().unwrap_or_default(),
                    r.status.name_zh().to_owned(),
                    n.to_string(),
                ]
            })
            .collect();
        tokio::task::spawn_blocking(move || {
            let xlsx = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
            let mut workbook = rust_xlsxwriter::Workbook::new();
            let bold = rust_xlsxwriter::Format::new().set_bold();
            let sheet = workbook.add_worksheet().set_name("报名").map_err(xlsx)?;
            sheet
                .write_row_with_format(0, 0, REGISTRATION_HEADERS, &bold)
                .map_err(xlsx)?;
            for (i, row) in rows.iter().enumerate() {
                let i =
                    u32::try_from(i + 1).map_err(|_| AppError::Internal("too many rows".into()))?;
                sheet.write_row(i, 0, row).map_err(xlsx)?;
            }
            sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
            workbook.save_to_buffer().map_err(xlsx)
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
    }
}
