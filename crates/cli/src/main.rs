//! `gowest`: the platform of the 万商西进工程 — server and administration commands.

mod accounts;
mod allocator;
mod config;
mod progress;
mod tokens;
mod training;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use config::{Config, DatabaseArgs};
use gowest_app::write::Operator;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "gowest",
    version,
    about = "万商西进工程公共信息服务平台 · the 万商西进工程 platform"
)]
struct Cli {
    #[command(flatten)]
    database: DatabaseArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web portal and the JSON API (migrates and loads reference data first).
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080]
        #[arg(long, env = "GOWEST_BIND")]
        bind: Option<String>,
        #[command(flatten)]
        guard: ServeGuard,
    },
    /// Apply pending database migrations and load reference data, then exit.
    Migrate,
    /// Import a register from an .xlsx or .csv file.
    Import {
        #[command(subcommand)]
        what: ImportKind,
    },
    /// Export a register to an .xlsx or .csv file (chosen by the extension).
    Export {
        #[command(subcommand)]
        what: ExportKind,
    },
    /// Write a consistent copy of the live SQLite database to FILE (server may keep running).
    Backup { file: PathBuf },
    /// Replace the SQLite database with a backup FILE. Stop every server first.
    Restore { file: PathBuf },
    /// Accounts: add, passwd, list.
    User {
        #[command(subcommand)]
        command: accounts::UserCommand,
    },
    /// Organisations: add, list.
    Org {
        #[command(subcommand)]
        command: accounts::OrgCommand,
    },
    /// Rebuild the search index from the database (stop the server using it first).
    Reindex,
    /// The audit log: verify its hash chain.
    Audit {
        #[command(subcommand)]
        command: accounts::AuditCommand,
    },
    /// Technician training: import a trainee roster.
    Training {
        #[command(subcommand)]
        command: training::TrainingCommand,
    },
    /// API tokens: create one for an account (password on standard input).
    Token {
        #[command(subcommand)]
        command: tokens::TokenCommand,
    },
}

/// Who may see metrics and whose forwarded addresses are believed.
#[derive(clap::Args)]
struct ServeGuard {
    /// Bearer token that /metrics asks for on the main address; without it (and without
    /// --metrics-bind) /metrics is not served
    #[arg(long, env = "GOWEST_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    /// Separate address serving only /metrics, without a token (for a monitoring network)
    #[arg(long, env = "GOWEST_METRICS_BIND")]
    metrics_bind: Option<String>,
    /// Reverse proxy (address or CIDR range, repeatable or comma-separated) whose
    /// X-Forwarded-For is believed for the client address; from others it is ignored
    #[arg(
        long = "trusted-proxy",
        env = "GOWEST_TRUSTED_PROXY",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<String>,
}

impl ServeGuard {
    fn settings(&self, https: bool) -> Result<gowest_web::WebSettings> {
        if self
            .metrics_token
            .as_deref()
            .is_some_and(|t| t.trim().len() < 16)
        {
            bail!("--metrics-token must have at least 16 characters / 指标令牌至少 16 个字符");
        }
        Ok(gowest_web::WebSettings {
            https,
            metrics_token: self.metrics_token.clone(),
            trusted_proxies: gowest_web::parse_trusted_proxies(&self.trusted_proxies)
                .map_err(|e| anyhow::anyhow!("--trusted-proxy: {e}"))?,
        })
    }
}

#[derive(Subcommand)]
enum ImportKind {
    /// Zones, matched to existing zones by Chinese name; every row is checked before any is written.
    Zones {
        file: PathBuf,
        /// Import the good rows and list the bad ones instead of refusing the whole file.
        #[arg(long, env = "GOWEST_SKIP_INVALID")]
        skip_invalid: bool,
    },
}

#[derive(Subcommand)]
enum ExportKind {
    /// Every zone, in the import format.
    Zones { file: PathBuf },
}

#[tokio::main]
async fn main() -> Result<()> {
    allocator::keep_footprint_small();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = Config::resolve(&cli.database)?;
    match cli.command {
        Command::Serve { bind, guard } => serve(&config, bind, &guard).await,
        Command::Migrate => {
            let app = config.open_app().await?;
            println!(
                "数据库已是最新版本 / database at schema version {}",
                app.schema_version().await?
            );
            Ok(())
        }
        Command::Import {
            what: ImportKind::Zones { file, skip_invalid },
        } => import_zones(&config, &file, skip_invalid).await,
        Command::Export {
            what: ExportKind::Zones { file },
        } => {
            let app = config.open_app().await?;
            let count = app.export_zones(&file).await?;
            println!(
                "已导出 {count} 个开发区 / exported {count} zones to {}",
                file.display()
            );
            Ok(())
        }
        Command::Backup { file } => {
            let app = config.open_app().await?;
            app.backup(&file).await?;
            println!("已备份到 / backup written to {}", file.display());
            Ok(())
        }
        Command::Restore { file } => config.restore(&file).await,
        Command::Reindex => reindex(&config).await,
        Command::User { command } => accounts::user(&config.open_app().await?, command).await,
        Command::Org { command } => accounts::org(&config.open_app().await?, command).await,
        Command::Audit { command } => accounts::audit(&config.open_app().await?, command).await,
        Command::Training { command } => training::run(&config, command).await,
        Command::Token { command } => tokens::run(&config.open_app().await?, command).await,
    }
}

async fn serve(config: &Config, bind: Option<String>, guard: &ServeGuard) -> Result<()> {
    let bind = bind
        .or_else(|| config.bind.clone())
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    let settings = guard.settings(config.https)?;
    gowest_web::install_recorder();
    let app = config.open_app_with_search().await?;
    if config.demo {
        let op = Operator::at_console();
        let filled = app.seed_demo(&op).await?;
        tracing::info!(filled, "demo data ready");
        let logins = app.seed_demo_accounts(&op).await?;
        let transfer = app.seed_demo_transfer(&op).await?;
        tracing::info!(transfer, "demo enterprises, demands and projects ready");
        let pipelines = app.seed_demo_pipeline(&op).await?;
        tracing::info!(pipelines, "demo pipelines ready");
        let funds = app.seed_demo_funds(&op).await?;
        tracing::info!(funds, "demo fund applications ready");
        let events = app.seed_demo_events(&op).await?;
        tracing::info!(
            registrations = events.registrations,
            requests = events.requests,
            placed = events.placed,
            upper_bound = events.upper_bound,
            "demo 中博会 edition scheduled"
        );
        let prices = app.seed_demo_prices(&op).await?;
        tracing::info!(prices, "demo wholesale-market prices ready");
        let distributors = app.seed_demo_distributors(&op).await?;
        tracing::info!(distributors, "demo agricultural distributors ready");
        let stations = app.seed_demo_rural(&op).await?;
        tracing::info!(stations, "demo rural commerce information stations ready");
        let offers = app.seed_demo_farm_trade(&op).await?;
        tracing::info!(offers, "demo farm-product offers ready");
        let bases = app.seed_demo_outsourcing(&op).await?;
        tracing::info!(bases, "demo service-outsourcing bases and demand ready");
        let labour = app.seed_demo_labour(&op).await?;
        tracing::info!(
            labour,
            "demo labour-export bases and overseas projects ready"
        );
        let pilots = app.seed_demo_recycling(&op).await?;
        tracing::info!(pilots, "demo recycling pilots ready");
        let clearance = app.seed_demo_clearance(&op).await?;
        tracing::info!(clearance, "demo clearance-cooperation agreements ready");
        let agreements = app.seed_demo_cooperation(&op).await?;
        tracing::info!(agreements, "demo cooperation agreements and park ready");
        let trainees = app.seed_demo_training(&op).await?;
        tracing::info!(trainees, "demo technician training ready");
        let returns = app.seed_demo_returns(&op).await?;
        tracing::info!(returns, "demo statistical returns ready");
        println!(
            "演示账号 / demo accounts (密码 password: {}):",
            gowest_app::demo::DEMO_PASSWORD
        );
        for login in logins {
            println!("  {:<16} {}", login.username, login.who_zh);
        }
    }
    let listener = tokio::net::TcpListener::bind(&bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    let refresher = gowest_web::spawn_refresher(app.clone(), Duration::from_secs(2));
    println!(
        "gowest 已启动 / listening on http://{}  ({}{})",
        listener.local_addr()?,
        app.backend().name(),
        if config.demo {
            ", 演示数据 demo data"
        } else {
            ""
        }
    );
    let metrics = match &guard.metrics_bind {
        Some(address) => {
            let listener = tokio::net::TcpListener::bind(address)
                .await
                .with_context(|| format!("cannot listen on {address} (--metrics-bind)"))?;
            println!(
                "指标 / metrics on http://{}/metrics",
                listener.local_addr()?
            );
            Some(tokio::spawn(gowest_web::serve_metrics(
                listener,
                std::future::pending(),
            )))
        }
        None => None,
    };
    gowest_web::serve(listener, app.clone(), settings, shutdown_signal()).await?;
    if let Some(metrics) = metrics {
        metrics.abort();
    }
    refresher.abort();
    app.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}

async fn import_zones(config: &Config, file: &std::path::Path, skip_invalid: bool) -> Result<()> {
    let app = config.open_app().await?;
    let bar = progress::Bar::new("导入开发区 importing zones");
    let ctx = gowest_app::audit::Context::system("cli");
    match app
        .import_zones(&Operator::at_console(), &ctx, file, skip_invalid, &bar)
        .await
    {
        Ok(report) => {
            bar.finish();
            for skipped in &report.skipped {
                eprintln!("已跳过 skipped: {skipped}");
            }
            println!(
                "新增 {} 个，更新 {} 个，跳过 {} 行 / inserted {}, updated {}, skipped {} rows",
                report.inserted,
                report.updated,
                report.skipped.len(),
                report.inserted,
                report.updated,
                report.skipped.len()
            );
            Ok(())
        }
        Err(gowest_app::AppError::RowsRejected(rows)) => {
            bar.abandon();
            for row in &rows {
                eprintln!("{row}");
            }
            bail!(
                "{} 处错误，未写入任何数据 / {} errors; nothing was written (use --skip-invalid to import the good rows)",
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

async fn reindex(config: &Config) -> Result<()> {
    let app = config.open_app_with_search().await?;
    let bar = std::sync::Arc::new(progress::Bar::new("重建检索索引 / reindexing"));
    let (task_app, task_bar) = (app.clone(), bar.clone());
    let added = tokio::task::spawn_blocking(move || task_app.reindex(&*task_bar)).await??;
    bar.finish();
    println!(
        "已索引 {added} 条（开发区、招商项目、转移意向）/ indexed {added} documents in {}",
        config.search_dir.display()
    );
    Ok(())
}
