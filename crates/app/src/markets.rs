//! Wholesale markets: the ministry registers them; clerks of a market's organisation report.

use crate::audit::Context;
use crate::write::{Operator, Record, Right};
use crate::{App, AppError};
use gowest_domain::change::Entity;
use gowest_domain::markets::{Market, MarketInput};
use std::sync::{Arc, Mutex};

/// The market list the public price page offers on every request, kept until this instance
/// reads a newer event (another instance wrote) or writes a market itself.
#[derive(Default)]
pub struct MarketList(Mutex<Option<(i64, Arc<Vec<Market>>)>>);

impl MarketList {
    fn get(&self, mark: i64) -> Option<Arc<Vec<Market>>> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.as_ref()
            .filter(|(m, _)| *m == mark)
            .map(|(_, list)| Arc::clone(list))
    }

    fn put(&self, mark: i64, list: Arc<Vec<Market>>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((mark, list));
    }

    pub(crate) fn forget(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl App {
    /// Every market by province, from memory while nothing changed.
    pub async fn markets(&self) -> Result<Arc<Vec<Market>>, AppError> {
        let mark = self.events_seen();
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

    /// Registers a market from the server's console; signed-in staff use
    /// [`App::register_market`].
    pub async fn create_market(
        &self,
        op: &Operator,
        input: &MarketInput,
        demo: bool,
    ) -> Result<Market, AppError> {
        let market = input.check(&self.directory().catalog)?;
        self.insert_market(op, &Context::system("cli"), market, demo)
            .await
    }

    /// Writes a checked market with its change log and audit row.
    pub(crate) async fn insert_market(
        &self,
        right: &impl Right,
        ctx: &Context,
        mut market: Market,
        demo: bool,
    ) -> Result<Market, AppError> {
        let mut tx = self.write(right, ctx).await?;
        market.id = tx.insert_market(&market, demo).await?;
        tx.finish(Record::new("market.create", Entity::Market, market.id).after(&market))
            .await?;
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
