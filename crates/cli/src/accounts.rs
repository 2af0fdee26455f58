//! `gowest user …`, `gowest org …`, `gowest audit …`: accounts and the audit log from the console.

use anyhow::{Context as _, Result, bail};
use clap::Subcommand;
use gowest_app::App;
use gowest_app::accounts::{AccountAuthority, NewAccount, OrgForm, temporary_password};
use gowest_app::audit::Context;
use gowest_app::write::Operator;
use gowest_domain::account::{AdminDuty, Role};

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account with a temporary password (printed once) that must be changed at
    /// first sign-in.
    Add {
        username: String,
        /// The person's name as shown in the UI.
        #[arg(long)]
        name: String,
        /// Membership as ORG_ID:ROLE (role: admin, staff, read_only); repeatable.
        #[arg(long = "member", value_name = "ORG_ID:ROLE")]
        members: Vec<String>,
        /// One administrator duty: system, security or audit (三权分立: one per person,
        /// and no business role with it).
        #[arg(long)]
        duty: Option<String>,
    },
    /// Give an account a new temporary password (printed once, here only); its sessions
    /// end and its API tokens are revoked. The only way to reset a system, security or
    /// audit administrator: the security administrator resets business accounts only.
    Passwd { username: String },
    /// Disable an account: it cannot sign in, its sessions end and its API tokens are
    /// revoked. The only way to disable an administrator.
    Disable { username: String },
    /// Enable a disabled account again.
    Enable { username: String },
    /// List accounts.
    List,
}

#[derive(Subcommand)]
pub enum OrgCommand {
    /// Create an organisation.
    Add {
        /// ministry, province, zone, enterprise, promotion_agency or bank
        kind: String,
        /// Chinese name
        name: String,
        /// GB/T 2260 province code (province, enterprise, promotion agency)
        #[arg(long)]
        province: Option<String>,
        /// Zone id (for a zone's management committee)
        #[arg(long)]
        zone: Option<i64>,
        /// 统一社会信用代码 (enterprise)
        #[arg(long)]
        credit_code: Option<String>,
    },
    /// List organisations with their ids.
    List,
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain; exits non-zero at the first changed or missing row.
    Verify {
        /// A checkpoint ID:HASH the auditor recorded: its row must still have that hash
        #[arg(long)]
        checkpoint: Option<String>,
    },
}

fn parse_member(raw: &str) -> Result<(i64, Role)> {
    let Some((org, role)) = raw.split_once(':') else {
        bail!("--member takes ORG_ID:ROLE, e.g. 3:admin");
    };
    let Some(role) = Role::parse(role) else {
        bail!("unknown role {role}: admin, staff or read_only");
    };
    Ok((org.parse()?, role))
}

pub async fn user(app: &App, command: UserCommand) -> Result<()> {
    match command {
        UserCommand::Add {
            username,
            name,
            members,
            duty,
        } => {
            let duty = match duty.as_deref() {
                None => None,
                Some(code) => Some(AdminDuty::parse(code).ok_or_else(|| {
                    anyhow::anyhow!("unknown duty {code}: system, security or audit")
                })?),
            };
            let memberships = members
                .iter()
                .map(|m| parse_member(m))
                .collect::<Result<_>>()?;
            let password = temporary_password()?;
            let account = NewAccount {
                username: username.clone(),
                display_name: name,
                password: password.clone(),
                duty,
                memberships,
                must_change_password: true,
                demo: false,
            };
            let id = app
                .add_user(
                    AccountAuthority::Console(&Operator::at_console()),
                    &Context::system("cli"),
                    account,
                )
                .await?;
            println!("已创建用户 {username}（id {id}）/ created user {username} (id {id})");
            println!("临时密码 / temporary password: {password}");
            println!("首次登录须修改密码 / must be changed at first sign-in");
        }
        UserCommand::Passwd { username } => {
            let password = temporary_password()?;
            app.reset_password_from_console(&Operator::at_console(), &username, &password)
                .await?;
            println!("临时密码 / temporary password for {username}: {password}");
            println!("首次登录须修改密码 / must be changed at next sign-in");
        }
        UserCommand::Disable { username } => {
            app.set_disabled_from_console(&Operator::at_console(), &username, true)
                .await?;
            println!(
                "已停用 {username}，会话与 API 令牌已撤销 / disabled {username}; sessions and API tokens revoked"
            );
        }
        UserCommand::Enable { username } => {
            app.set_disabled_from_console(&Operator::at_console(), &username, false)
                .await?;
            println!("已启用 {username} / enabled {username}");
        }
        UserCommand::List => {
            for u in app.users_for_console().await? {
                println!(
                    "{:<24} {:<16} {}{}",
                    u.username,
                    u.display_name,
                    u.duty.map(AdminDuty::code).unwrap_or("-"),
                    if u.disabled { " (disabled)" } else { "" }
                );
            }
        }
    }
    Ok(())
}

pub async fn org(app: &App, command: OrgCommand) -> Result<()> {
    match command {
        OrgCommand::Add {
            kind,
            name,
            province,
            zone,
            credit_code,
        } => {
            let form = OrgForm {
                kind,
                name_zh: name,
                province_code: province.unwrap_or_default(),
                zone_id: zone.map(|z| z.to_string()).unwrap_or_default(),
                credit_code: credit_code.unwrap_or_default(),
            };
            let (name, place) = app
                .organisation_from_form(&form)
                .map_err(|v| anyhow::anyhow!("{v}"))?;
            let id = app
                .add_organisation(
                    AccountAuthority::Console(&Operator::at_console()),
                    &Context::system("cli"),
                    &name,
                    place,
                )
                .await?;
            println!("已创建机构 {name}（id {id}）/ created organisation {name} (id {id})");
        }
        OrgCommand::List => {
            for o in app.organisations_for_console().await? {
                println!(
                    "{:>5}  {:<18} {:<10} {}",
                    o.id,
                    o.place.kind().code(),
                    o.status.code(),
                    o.name_zh
                );
            }
        }
    }
    Ok(())
}

pub async fn audit(app: &App, command: AuditCommand) -> Result<()> {
    match command {
        AuditCommand::Verify { checkpoint } => {
            let checkpoint = match checkpoint.as_deref() {
                Some(raw) => Some(gowest_domain::audit::Checkpoint::parse(raw).context(
                    "--checkpoint takes ID:HASH (64 hex digits) / 检查点格式为 ID:HASH",
                )?),
                None => None,
            };
            match app.verify_audit_against(checkpoint.as_ref()).await? {
                Ok(rows) => {
                    println!("审计日志完整 / audit log intact: {rows} rows verified");
                    if let Some(point) = checkpoint {
                        println!("检查点一致 / checkpoint {} matches", point.id);
                    }
                    Ok(())
                }
                Err(broken) => bail!("审计日志被篡改 / audit log tampered: {broken}"),
            }
        }
    }
}
