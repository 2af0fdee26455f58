//! `gowest training …`: technician training registers from the command line.

use crate::config::Config;
use crate::progress;
use anyhow::{Result, bail};
use clap::Subcommand;
use gowest_app::write::Operator;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum TrainingCommand {
    /// Import a trainee roster (.xlsx or .csv) into a zone's registry: every row is checked
    /// first; one bad row refuses the whole file, naming each bad row.
    Import {
        file: PathBuf,
        /// The zone: its id or its exact Chinese name.
        #[arg(long)]
        zone: String,
    },
    /// Apply the retention rule: erase the names and certificate numbers of trainees whose
    /// programme year ended more than 5 years ago (docs/training.md). Run it daily.
    EraseExpired,
}

pub async fn run(config: &Config, command: TrainingCommand) -> Result<()> {
    match command {
        TrainingCommand::Import { file, zone } => import(config, &file, &zone).await,
        TrainingCommand::EraseExpired => {
            let app = config.open_app().await?;
            let n = app.erase_expired_trainees(&Operator::at_console()).await?;
            println!(
                "已删除 {n} 名学员的姓名与证书编号 / erased the names and certificate numbers of {n} trainees"
            );
            Ok(())
        }
    }
}

async fn import(config: &Config, file: &std::path::Path, zone: &str) -> Result<()> {
    let app = config.open_app().await?;
    let zone_id = {
        let directory = app.directory();
        let found = match zone.trim().parse::<i64>() {
            Ok(id) => directory.zone(id),
            Err(_) => directory
                .zones
                .iter()
                .map(|z| &z.zone)
                .find(|z| z.fields.name_zh == zone.trim()),
        };
        match found {
            Some(z) => z.id,
            None => {
                bail!("没有这个开发区 / no zone \"{zone}\" (give its id or exact Chinese name)")
            }
        }
    };
    let bytes = tokio::fs::read(file).await?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bar = progress::Bar::new("导入学员名册 importing roster");
    match app
        .import_roster_from_console(&Operator::at_console(), zone_id, &name, &bytes, &bar)
        .await
    {
        Ok(n) => {
            bar.finish();
            println!("已登记 {n} 名学员 / registered {n} trainees");
            Ok(())
        }
        Err(gowest_app::AppError::RowsRejected(rows)) => {
            bar.abandon();
            for row in &rows {
                eprintln!("{row}");
            }
            bail!(
                "{} 处错误，未写入任何数据 / {} errors; nothing was written",
                rows.len(),
                rows.len()
            )
        }
        Err(other) => {
            bar.abandon();
            Err(other.into())
        }
    }
}
