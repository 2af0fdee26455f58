//! Price reporting in the console (价格报送): a market's clerk reports the day's prices by
//! form or by uploading the template (.xlsx or .csv), sees the market's latest reports and
//! whether today's are in before the deadline. Refused input answers 400 with every bad
//! field or row listed on the page; nothing is written.

use super::signed::{CsrfForm, CsrfUpload, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::markets::ReportingDesk;
use gowest_app::prices_sheet::PRICE_COLUMNS;
use gowest_app::{App, AppError};
use gowest_domain::decimal::format_scaled;
use gowest_domain::markets::Market;
use gowest_domain::prices::report::Grade;
use gowest_domain::prices::{ReportInput, Unit};
use serde::Deserialize;

/// One of the market's reports as shown: price per catalogue unit and as reported.
pub struct ReportRow {
    pub day: String,
    pub product: String,
    pub variety: String,
    pub grade: &'static str,
    pub price: String,
    pub reported: String,
    pub volume: String,
    pub late: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/prices.html")]
struct PricesPage {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    markets: Vec<Market>,
    desk: Option<ReportingDesk>,
    rows: Vec<ReportRow>,
    deadline: String,
    /// Catalogue products: code and "name（unit）".
    products: Vec<(String, String)>,
    grades: Vec<(&'static str, &'static str)>,
    units: Vec<(&'static str, &'static str)>,
    form: ReportInput,
    problems: Vec<String>,
    accepted: Option<(usize, usize)>,
}

impl PricesPage {
    fn is_market(&self, id: &i64) -> bool {
        self.desk.as_ref().is_some_and(|d| d.market.id == *id)
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub market: Option<i64>,
    pub accepted: Option<usize>,
    pub late: Option<usize>,
}

/// Wholesale markets are run by enterprises: their staff with a writing role report.
fn reports(signed: &Signed) -> bool {
    signed.session.actor.enterprise_agent().is_some()
}

fn volume_text(base: i64, unit: Unit) -> String {
    // Volumes are kept in grams or pieces; shown in the catalogue unit, three decimals at most.
    let milli = i128::from(base) * 1_000 / i128::from(unit.base());
    let text = format_scaled(i64::try_from(milli).unwrap_or(i64::MAX), 3);
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    format!("{trimmed} {}", unit.name_zh())
}

async fn page(
    app: &App,
    signed: &Signed,
    market: Option<i64>,
    form: ReportInput,
    problems: Vec<String>,
    accepted: Option<(usize, usize)>,
) -> Result<PricesPage, AppError> {
    let lang = signed.ctx.lang;
    let ctx = signed.context();
    let markets = app.my_markets(&ctx).await?;
    let chosen = market.or_else(|| markets.first().map(|m| m.id));
    let desk = match chosen {
        Some(id) => Some(app.reporting_desk(&ctx, id).await?),
        None => None,
    };
    let catalogue = app.price_catalogue();
    let rows = desk
        .iter()
        .flat_map(|d| &d.recent)
        .map(|r| {
            let product = catalogue.find(&r.product);
            let unit = product.map_or(Unit::Kg, |p| p.unit);
            let reported_unit = Unit::parse(&r.reported_unit).unwrap_or(unit);
            ReportRow {
                day: r.day.to_string(),
                product: product.map_or(r.product.clone(), |p| {
                    lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned()
                }),
                variety: r.variety.clone(),
                grade: Grade::parse(&r.grade).map_or("", |g| lang.pick(g.name_zh(), g.code())),
                price: format!("{}/{}", format_scaled(r.price_fen, 2), unit.name_zh()),
                reported: format!(
                    "{}/{}",
                    format_scaled(r.reported_price_fen, 2),
                    reported_unit.name_zh()
                ),
                volume: volume_text(r.volume_base, unit),
                late: r.late,
            }
        })
        .collect();
    let form = ReportInput {
        date: if form.date.is_empty() {
            app.price_today().to_string()
        } else {
            form.date
        },
        ..form
    };
    Ok(PricesPage {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("prices"),
        markets,
        desk,
        rows,
        deadline: app.report_window().deadline.format("%H:%M").to_string(),
        products: catalogue
            .products
            .iter()
            .map(|p| {
                let name = lang.or_zh(&p.name_zh, Some(&p.name_en));
                (p.code.clone(), format!("{name}（{}）", p.unit.name_zh()))
            })
            .collect(),
        grades: Grade::ALL
            .into_iter()
            .map(|g| (g.code(), lang.pick(g.name_zh(), g.code())))
            .collect(),
        units: Unit::ALL
            .into_iter()
            .map(|u| (u.code(), u.name_zh()))
            .collect(),
        form,
        problems,
        accepted,
    })
}

pub async fn show(State(app): State<App>, signed: Signed, Query(q): Query<PageQuery>) -> Response {
    if !reports(&signed) {
        return signed.forbidden();
    }
    let accepted = q.accepted.map(|n| (n, q.late.unwrap_or(0)));
    match page(
        &app,
        &signed,
        q.market,
        ReportInput::default(),
        Vec::new(),
        accepted,
    )
    .await
    {
        Ok(p) => p.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// The page again at 400, listing what was refused, the form as typed.
async fn refused(
    app: &App,
    signed: &Signed,
    market: i64,
    lines: Vec<String>,
    form: ReportInput,
) -> Response {
    match page(app, signed, Some(market), form, lines, None).await {
        Ok(p) => (StatusCode::BAD_REQUEST, p).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

fn done(market: i64, receipt: &gowest_app::prices::ReportReceipt) -> Response {
    Redirect::to(&format!(
        "/console/prices?market={market}&accepted={}&late={}",
        receipt.accepted, receipt.late
    ))
    .into_response()
}

#[derive(Debug, Deserialize)]
pub struct ReportForm {
    pub market_id: i64,
    #[serde(flatten)]
    pub report: ReportInput,
}

/// One report typed into the form.
pub async fn report(State(app): State<App>, CsrfForm(signed, f): CsrfForm<ReportForm>) -> Response {
    if !reports(&signed) {
        return signed.forbidden();
    }
    let rows = std::slice::from_ref(&f.report);
    match app
        .report_prices(&signed.context(), f.market_id, rows, 1)
        .await
    {
        Ok(receipt) => done(f.market_id, &receipt),
        Err(AppError::RowsRejected(rows)) => {
            // One row: name the fields by their labels, not "row 1".
            let lang = signed.ctx.lang;
            let label = |field: &str| {
                PRICE_COLUMNS
                    .iter()
                    .find(|(key, _)| *key == field)
                    .map_or(field.to_owned(), |(key, zh)| lang.pick(zh, key).to_owned())
            };
            let l = rows
                .iter()
                .map(|r| {
                    let message = lang.pick(&r.message_zh, &r.message_en);
                    format!("{}: {message}", label(&r.field))
                })
                .collect();
            refused(&app, &signed, f.market_id, l, f.report).await
        }
        Err(e) => match super::refusal_lines(&e, signed.ctx.lang) {
            Some(l) => refused(&app, &signed, f.market_id, l, f.report).await,
            None => PageError::new(&signed.ctx, e).into_response(),
        },
    }
}

/// A spreadsheet of reports: all rows written, or the page lists every bad row.
pub async fn upload(
    State(app): State<App>,
    CsrfUpload(signed, mut upload): CsrfUpload,
) -> Response {
    let market: Option<i64> = upload.field("market_id").trim().parse().ok();
    let Some(market) = market.filter(|_| reports(&signed)) else {
        return signed.forbidden();
    };
    let result = match upload.file() {
        Ok(Some(file)) => {
            app.import_prices(&signed.context(), market, &file.name, &file.bytes)
                .await
        }
        Ok(None) => {
            let line = signed.ctx.lang.pick(
                "请选择价格文件（.xlsx 或 .csv）",
                "choose a price file (.xlsx or .csv)",
            );
            return refused(
                &app,
                &signed,
                market,
                vec![line.to_owned()],
                ReportInput::default(),
            )
            .await;
        }
        Err(too_large) => Err(too_large),
    };
    match result {
        Ok(receipt) => done(market, &receipt),
        Err(e) => match super::refusal_lines(&e, signed.ctx.lang) {
            Some(l) => refused(&app, &signed, market, l, ReportInput::default()).await,
            None => PageError::new(&signed.ctx, e).into_response(),
        },
    }
}

/// The upload template, .xlsx or .csv, with today as the example row's date.
pub async fn template(
    State(app): State<App>,
    signed: Signed,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> Response {
    if !reports(&signed) {
        return signed.forbidden();
    }
    use gowest_app::prices_sheet::{template_csv, template_xlsx};
    let catalogue = app.price_catalogue();
    let today = app.price_today();
    let bytes = match name.as_str() {
        "template.xlsx" => template_xlsx(&catalogue, today),
        "template.csv" => template_csv(&catalogue, today),
        _ => {
            return PageError::new(&signed.ctx, AppError::NotFound { entity: "file" })
                .into_response();
        }
    };
    match bytes {
        Ok(bytes) => crate::download::file(bytes, &format!("prices-{name}"), None),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
