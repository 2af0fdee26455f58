//! `gowest token create USERNAME`: an API token for an account, without a browser. The
//! password is read from standard input (one line), so it never shows in a process list;
//! the account signs in through the same use-case as the login page (lockout included).

use anyhow::{Result, bail};
use clap::Subcommand;
use gowest_app::App;
use std::io::BufRead;

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Sign USERNAME in (password on standard input) and print a new API token (`gw_…`).
    Create {
        username: String,
        /// What the token is for, as the console lists it.
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

pub async fn run(app: &App, command: TokenCommand) -> Result<()> {
    match command {
        TokenCommand::Create { username, name } => {
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']);
            let session = match app.login(&username, password, None).await {
                Ok(session) => session,
                Err(error) => bail!("无法登录 / cannot sign in as {username}: {error}"),
            };
            let (_, token) = app.create_api_token(&session, &name, None).await?;
            println!("{token}");
            Ok(())
        }
    }
}
