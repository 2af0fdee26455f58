//! Wholesale markets: the ministry registers them; clerks of a market's organisation report.

use crate::audit::{Context, json};
use crate::{App, AppError};
use gowest_domain::markets::{Market, MarketInput};

impl App {
    pub async fn markets(&self) -> Result<Vec<Market>, AppError> {
        Ok(self.store.markets().await?)
    }

    /// The markets the signed-in actor reports for.
    pub async fn my_markets(&self, ctx: &Context) -> Result<Vec<Market>, AppError> {
        let Some(org_id) = ctx.actor.as_ref().and_then(|a| a.org_id()) else {
            return Ok(Vec::new());
        };
        Ok(self.store.markets_of_org(org_id).await?)
    }

    /// Registers a market; system administrators only.
    pub async fn create_market(
        &self,
        ctx: &Context,
        input: &MarketInput,
        demo: bool,
    ) -> Result<Market, AppError> {
        let admin = ctx.actor.as_ref().and_then(|a| a.system_admin());
        if admin.is_none() && ctx.actor.is_some() {
            return Err(AppError::Forbidden);
        }
        let market = input.check(&self.directory().catalog)?;
        self.insert_market(ctx, market, demo).await
    }

    /// Writes a checked market with its change log and audit row.
    pub(crate) async fn insert_market(
        &self,
        ctx: &Context,
        mut market: Market,
        demo: bool,
    ) -> Result<Market, AppError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        market.id = tx.insert_market(&market, demo).await?;
        tx.log_change("market", Some(market.id), "market.create", now)
            .await?;
        let mut entry = ctx.entry(now, "market.create", "market", Some(market.id.to_string()));
        entry.after = json(&market);
        self.audit(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(market)
    }
}

/// What a market's clerk sees of its own reporting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportingDesk {
    pub market: Market,
    pub recent: Vec<gowest_store::prices::StoredReport>,
    pub total: i64,
    /// Whether anything was reported for today (Beijing) yet.
    pub reported_today: bool,
}

impl App {
    /// A market's latest reports and count, for its clerks only.
    pub async fn reporting_desk(
        &self,
        ctx: &Context,
        market_id: i64,
    ) -> Result<ReportingDesk, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let market = self
            .my_markets(ctx)
            .await?
            .into_iter()
            .find(|m| m.id == market_id)
            .ok_or(AppError::Forbidden)?;
        actor
            .price_reporter(market.id, market.org_id)
            .ok_or(AppError::Forbidden)?;
        let today = gowest_domain::prices::ReportWindow::today(self.clock.now());
        let recent = self.store.recent_price_reports(market.id, 20).await?;
        let total = self.store.price_report_count(market.id).await?;
        Ok(ReportingDesk {
            reported_today: recent.first().is_some_and(|r| r.day == today),
            market,
            recent,
            total,
        })
    }
}
