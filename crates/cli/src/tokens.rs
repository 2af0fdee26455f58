//! `gowest token create USERNAME`: the operator at the server makes an API token for an
//! account, without a browser, as `gowest user passwd` resets one: neither the account's
//! password nor its second factor is asked (the operator already holds the database and the
//! key), and the audit log records the token's making by `cli` for that account.

use anyhow::Result;
use clap::Subcommand;
use gowest_app::App;
use gowest_app::api_tokens::{Capabilities, TokenRequest, TokenScope};
use gowest_app::write::Operator;

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Print a new API token (`gw_…`) acting as USERNAME for the account's first organisation.
    Create {
        username: String,
        /// What the token is for, as the console lists it.
        #[arg(long, default_value = "cli")]
        name: String,
        /// Reads only: every method but GET and HEAD is refused.
        #[arg(long)]
        read_only: bool,
        /// Days until it expires (1–365) [default: 90]
        #[arg(long)]
        days: Option<u32>,
        /// Limit the token to these capabilities of the API (repeat or comma-separate:
        /// zones, transfer, pipeline, funds, training, cooperation, events, logistics,
        /// services, rural, prices) [default: all]
        #[arg(long = "capability", value_delimiter = ',')]
        capabilities: Vec<String>,
    },
}

pub async fn run(app: &App, command: TokenCommand) -> Result<()> {
    match command {
        TokenCommand::Create {
            username,
            name,
            read_only,
            days,
            capabilities,
        } => {
            let capabilities =
                Capabilities::parse_codes("capability", capabilities.iter().map(String::as_str))
                    .map_err(|e| anyhow::anyhow!("{} / {}", e.message_zh, e.message_en))?;
            let request = TokenRequest {
                name,
                scope: if read_only {
                    TokenScope::ReadOnly
                } else {
                    TokenScope::ReadWrite
                },
                capabilities,
                days,
            };
            let (_, token) = app
                .create_api_token_for(&Operator::at_console(), &username, &request)
                .await?;
            println!("{token}");
            Ok(())
        }
    }
}
