//! Farm-product supply–demand matching in the console (购销对接): an enterprise's writing staff
//! post offers to sell or buy, see their offers with what is left, open an offer's matches with
//! the reasons, and record a deal against a match; they upload many offers at once from the
//! template (.xlsx or .csv, all rows or none) and download their offers and deals as a workbook.
//! Refused input answers 400 with every bad field (or row and column) listed and the form as
//! typed; nothing is written.

use super::signed::{CsrfForm, CsrfUpload, Nav, Signed};
use crate::pages::ctx::{Frame, Lang};
use crate::pages::error::PageError;
use crate::pages::farm_trade::{OfferRow, rows};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gowest_app::farm_trade_sheet::{offer_template_csv, offer_template_xlsx};
use gowest_app::{App, AppError};
use gowest_domain::farm_trade::{DealInput, OfferInput, Side};
use gowest_domain::prices::Unit;
use serde::Deserialize;

/// A match as shown, with the deal form's defaults.
pub struct MatchRow {
    pub offer: OfferRow,
    pub reasons: String,
    pub sell_id: i64,
    pub buy_id: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "console/farm_trade.html")]
struct FarmTradeConsole {
    lang: Lang,
    frame: Frame,
    nav: Nav,
    own: Vec<OfferRow>,
    /// The offer whose matches are open, and the matches.
    chosen: Option<i64>,
    matches: Vec<MatchRow>,
    products: Vec<(String, String)>,
    units: Vec<(&'static str, &'static str)>,
    provinces: Vec<(String, String)>,
    form: OfferInput,
    problems: Vec<String>,
    flash: Option<String>,
    today: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    /// An own offer's id whose matches to show.
    pub offer: String,
    /// `posted` or `dealt`, after a redirect.
    pub done: String,
    /// How many offers a sheet posted, after a redirect.
    pub imported: Option<usize>,
}

fn trades(signed: &Signed) -> bool {
    signed.session.actor.enterprise_agent().is_some()
}

async fn page(
    app: &App,
    signed: &Signed,
    chosen: Option<i64>,
    form: OfferInput,
    problems: Vec<String>,
    flash: Option<String>,
) -> Result<FarmTradeConsole, AppError> {
    let lang = signed.ctx.lang;
    let ctx = signed.context();
    let own = app.own_farm_offers(&ctx).await?;
    // Only the organisation's own offers open their matches here.
    let chosen = chosen.and_then(|id| own.iter().find(|o| o.id == id).map(|o| (o.id, o.side)));
    let matches = match chosen {
        Some((id, side)) => app
            .farm_offer_matches(id)
            .await?
            .into_iter()
            .map(|m| {
                let (sell_id, buy_id) = match side {
                    Side::Sell => (id, m.offer.id),
                    Side::Buy => (m.offer.id, id),
                };
                let reasons = if lang.is_en() {
                    m.reasons_en.join(", ")
                } else {
                    m.reasons_zh.join("，")
                };
                let offer = rows(app, lang, vec![m.offer]).remove(0);
                MatchRow {
                    offer,
                    reasons,
                    sell_id,
                    buy_id,
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let directory = app.directory();
    // A new form stands from today for a month, the usual season's offer; typed dates are kept.
    let today = app.price_today();
    let form = OfferInput {
        available_from: if form.available_from.is_empty() {
            today.to_string()
        } else {
            form.available_from
        },
        available_to: if form.available_to.is_empty() {
            (today + chrono::Duration::days(30)).to_string()
        } else {
            form.available_to
        },
        ..form
    };
    Ok(FarmTradeConsole {
        lang,
        frame: signed.ctx.frame(""),
        nav: signed.nav("farm_trade"),
        own: rows(app, lang, own),
        chosen: chosen.map(|(id, _)| id),
        matches,
        products: app
            .price_catalogue()
            .products
            .iter()
            .map(|p| {
                let name = lang.or_zh(&p.name_zh, Some(&p.name_en));
                (p.code.clone(), format!("{name}（{}）", p.unit.name_zh()))
            })
            .collect(),
        units: Unit::ALL
            .into_iter()
            .map(|u| (u.code(), u.name_zh()))
            .collect(),
        provinces: directory
            .catalog
            .provinces
            .values()
            .map(|p| {
                (
                    p.code.as_str().to_owned(),
                    lang.or_zh(&p.name_zh, Some(&p.name_en)).to_owned(),
                )
            })
            .collect(),
        form,
        problems,
        flash,
        today: today.to_string(),
    })
}

pub async fn show(State(app): State<App>, signed: Signed, Query(q): Query<PageQuery>) -> Response {
    if !trades(&signed) {
        return signed.forbidden();
    }
    let lang = signed.ctx.lang;
    let flash = match q.done.as_str() {
        "posted" => Some(lang.pick("已发布供求信息", "Offer posted").to_owned()),
        "dealt" => Some(lang.pick("已记录成交", "Deal recorded").to_owned()),
        _ => q.imported.map(|n| {
            if lang.is_en() {
                format!("{n} offer(s) posted from the sheet")
            } else {
                format!("已从表格发布供求信息 {n} 条")
            }
        }),
    };
    match page(
        &app,
        &signed,
        q.offer.trim().parse().ok(),
        OfferInput::default(),
        Vec::new(),
        flash,
    )
    .await
    {
        Ok(p) => p.into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

/// The page again at 400, listing every refused field, the form as typed.
async fn refused(
    app: &App,
    signed: &Signed,
    chosen: Option<i64>,
    e: AppError,
    form: OfferInput,
) -> Response {
    let lang = signed.ctx.lang;
    let lines = match (&e, super::refusal_lines(&e, lang)) {
        (_, Some(lines)) => lines,
        (AppError::Conflict(_), None) => vec![
            lang.pick(
                "挂牌剩余数量已被其他成交占用，请刷新后重试",
                "another deal drew the offer down first; reload and try again",
            )
            .to_owned(),
        ],
        _ => return PageError::new(&signed.ctx, e).into_response(),
    };
    match page(app, signed, chosen, form, lines, None).await {
        Ok(p) => (StatusCode::BAD_REQUEST, p).into_response(),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct OfferForm {
    #[serde(flatten)]
    pub offer: OfferInput,
}

pub async fn post_offer(
    State(app): State<App>,
    CsrfForm(signed, f): CsrfForm<OfferForm>,
) -> Response {
    if !trades(&signed) {
        return signed.forbidden();
    }
    match app.post_farm_offer(&signed.context(), &f.offer).await {
        Ok(id) => {
            Redirect::to(&format!("/console/farm-trade?offer={id}&done=posted")).into_response()
        }
        Err(e) => refused(&app, &signed, None, e, f.offer).await,
    }
}

/// A deal as typed; ids arrive as text so a tampered one is a field error, not a rejection.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DealForm {
    pub csrf: String,
    /// The own offer the matches were opened from, to come back to.
    pub from: String,
    pub sell_offer_id: String,
    pub buy_offer_id: String,
    pub quantity: String,
    pub price: String,
    pub deal_on: String,
}

pub async fn record_deal(
    State(app): State<App>,
    CsrfForm(signed, f): CsrfForm<DealForm>,
) -> Response {
    if !trades(&signed) {
        return signed.forbidden();
    }
    let from = f.from.trim().parse().ok();
    let input = DealInput {
        // An unparsable id names no offer; 0 is never an id, so the use-case names the field.
        sell_offer_id: f.sell_offer_id.trim().parse().unwrap_or(0),
        buy_offer_id: f.buy_offer_id.trim().parse().unwrap_or(0),
        unit: String::new(),
        quantity: f.quantity,
        price: f.price,
        deal_on: f.deal_on,
    };
    match app.record_farm_deal(&signed.context(), &input).await {
        Ok(_) => {
            let back = from.map_or(String::new(), |id: i64| format!("offer={id}&"));
            Redirect::to(&format!("/console/farm-trade?{back}done=dealt")).into_response()
        }
        Err(e) => refused(&app, &signed, from, e, OfferInput::default()).await,
    }
}

/// A spreadsheet of offers: every row posted, or the page lists every bad row and column.
pub async fn upload(
    State(app): State<App>,
    CsrfUpload(signed, mut upload): CsrfUpload,
) -> Response {
    if !trades(&signed) {
        return signed.forbidden();
    }
    let result = match upload.file() {
        Ok(Some(file)) => {
            app.import_farm_offers(&signed.context(), &file.name, &file.bytes)
                .await
        }
        Err(too_large) => Err(too_large),
        Ok(None) => Err(AppError::File(
            signed
                .ctx
                .lang
                .pick(
                    "请选择供求信息文件（.xlsx 或 .csv）",
                    "choose an offers file (.xlsx or .csv)",
                )
                .to_owned(),
        )),
    };
    match result {
        Ok(ids) => {
            Redirect::to(&format!("/console/farm-trade?imported={}", ids.len())).into_response()
        }
        Err(e) => refused(&app, &signed, None, e, OfferInput::default()).await,
    }
}

/// The upload template (.xlsx with the product catalogue, or .csv) dated today, or the
/// organisation's offers and deals as .xlsx.
pub async fn file(State(app): State<App>, signed: Signed, Path(name): Path<String>) -> Response {
    if !trades(&signed) {
        return signed.forbidden();
    }
    let (catalogue, today) = (app.price_catalogue(), app.price_today());
    let bytes = match name.as_str() {
        "template.xlsx" => offer_template_xlsx(&catalogue, today),
        "template.csv" => offer_template_csv(&catalogue, today),
        "export.xlsx" => app.export_own_farm_trade(&signed.context()).await,
        _ => {
            return PageError::new(&signed.ctx, AppError::NotFound { entity: "file" })
                .into_response();
        }
    };
    match bytes {
        Ok(bytes) => crate::download::file(bytes, &format!("farm-trade-{name}"), None),
        Err(e) => PageError::new(&signed.ctx, e).into_response(),
    }
}
