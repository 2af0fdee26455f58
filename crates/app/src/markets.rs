//! Wholesale markets: the ministry registers them; clerks of a market's organisation report.

use crate::audit::{Context, json};
use crate::{App, AppError};
use gowest_domain::markets::{Market, MarketInput};
use gowest_store::change_log::ChangeMark;
use std::sync::{Arc, Mutex};

/// The market list the public price page offers on every request, kept until the change log
/// moves (another instance wrote) or this instance writes a market.
#[derive(Default)]
pub struct MarketList(Mutex<Option<(ChangeMark, Arc<Vec<Market>>)>>);

impl MarketList {
    fn get(&self, mark: ChangeMark) -> Option<Arc<Vec<Market>>> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.as_ref()
            .filter(|(m, _)| *m == mark)
            .map(|(_, list)| Arc::clone(list))
    }

    fn put(&self, mark: ChangeMark, list: Arc<Vec<Market>>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((mark, list));
    }

    pub(crate) fn forget(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl App {
    /// Every market by province, from memory while nothing changed.
    pub async fn markets(&self) -> Result<Arc<Vec<Market>>, AppError> {
        let mark = self.directory().mark;
        if let Some(list) = self.market_list.get(mark) {
            return Ok(list);
        }
        let list = Arc::new(self.store.markets().await?);
        self.market_list.put(mark, Arc::clone(&list));
        Ok(list)
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
        self.market_list.forget();
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
