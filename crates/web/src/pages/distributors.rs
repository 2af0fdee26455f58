//! `/markets`: agricultural wholesale markets and distribution enterprises (measure 10 (二))
//! by province and region with the pilots marked, and each pilot programme's entry rules,
//! support standards and slots by region — the relaxed terms of the centre and west in view.

use super::ctx::{Ctx, Frame, Lang};
use super::error::PageError;
use super::format::{group_thousands, region, yuan};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use gowest_app::App;
use gowest_app::distributors::{DistributorFilter, MAX_LIMIT, MarketsOverview};
use gowest_domain::distributors::Distributor;
use gowest_domain::markets::Market;

/// One line of a programme's terms, ready to show.
struct TermsRow {
    region: &'static str,
    turnover: String,
    area: String,
    storage: String,
    years: String,
    share: String,
    cap: String,
    slots: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "markets.html")]
struct MarketsPage {
    lang: Lang,
    frame: Frame,
    overview: MarketsOverview,
    terms: Vec<(String, Vec<TermsRow>)>,
    pilot_markets: Vec<Market>,
    distributors: Vec<Distributor>,
    distributors_total: i64,
    names: std::collections::HashMap<String, String>,
}

impl MarketsPage {
    fn province(&self, code: &str) -> String {
        self.names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }

    fn region_name(&self, r: &gowest_domain::region::Region) -> &'static str {
        region(*r, self.lang)
    }

    fn yuan(&self, fen: &gowest_domain::money::Fen) -> String {
        yuan(*fen)
    }
}

pub async fn page(State(app): State<App>, ctx: Ctx) -> Response {
    let lang = ctx.lang;
    let overview = match app.markets_overview().await {
        Ok(o) => o,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let markets = match app.markets().await {
        Ok(m) => m,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let filter = DistributorFilter {
        limit: MAX_LIMIT,
        ..DistributorFilter::default()
    };
    let (distributors, distributors_total) = match app.distributors(filter).await {
        Ok(d) => d,
        Err(e) => return PageError::new(&ctx, e).into_response(),
    };
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let whole = |n: i64| group_thousands(&n.to_string());
    let terms = overview
        .programmes
        .iter()
        .map(|p| {
            let rows = p
                .terms
                .iter()
                .map(|t| TermsRow {
                    region: region(t.region, lang),
                    turnover: or_dash(t.entry.min_annual_turnover_fen.map(yuan)),
                    area: or_dash(t.entry.min_trading_area_m2.map(whole)),
                    storage: or_dash(t.entry.min_storage_tonnes.map(whole)),
                    years: or_dash(t.entry.min_years_in_operation.map(|n| n.to_string())),
                    // 40.0000 → 40, 12.5000 → 12.5: the share as a reader writes it.
                    share: format!(
                        "{}%",
                        t.support_share_ppm
                            .percent_string()
                            .trim_end_matches('0')
                            .trim_end_matches('.')
                    ),
                    cap: yuan(t.support_cap_fen),
                    slots: t.pilot_slots,
                })
                .collect();
            (p.name_zh.clone(), rows)
        })
        .collect();
    let names = app
        .directory()
        .catalog
        .provinces
        .values()
        .map(|p| {
            (
                p.code.as_str().to_owned(),
                lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned(),
            )
        })
        .collect();
    MarketsPage {
        lang,
        frame: ctx.frame("prices"),
        overview,
        terms,
        pilot_markets: markets.iter().filter(|m| m.pilot).cloned().collect(),
        distributors,
        distributors_total,
        names,
    }
    .into_response()
}
