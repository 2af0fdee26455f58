//! Farm-product offers by spreadsheet (购销对接): an enterprise uploads many offers at once
//! (.xlsx or .csv, the columns of the form), all rows or none, each refusal naming its row and
//! column; the same rows arrive as a JSON list through the API. It downloads a template, and
//! its own offers and the deals drawn on them as one workbook.

use crate::audit::Context;
use crate::error::RowError;
use crate::keyed_sheet::{self, KeyedSheet};
use crate::write::Record;
use crate::zone_sheet::row_errors;
use crate::{App, AppError};
use chrono::NaiveDate;
use gowest_domain::change::Entity;
use gowest_domain::decimal::format_scaled;
use gowest_domain::farm_trade::{Offer, OfferInput, quantity_in};
use gowest_domain::prices::{Catalogue, ReportWindow};
use gowest_domain::{FieldError, Validation};
use std::collections::HashMap;

/// Each column's API name (also accepted as a header) and the Chinese header we write.
pub const OFFER_COLUMNS: [(&str, &str); 9] = [
    ("side", "方向"),
    ("product", "产品"),
    ("unit", "单位"),
    ("quantity", "数量"),
    ("price", "价格（元/单位）"),
    ("province_code", "省份代码"),
    ("county", "县（市、区）"),
    ("available_from", "起始日期"),
    ("available_to", "截止日期"),
];

/// The most offers one upload may hold: a season's list, not a bulk feed.
const MAX_ROWS: usize = 2_000;

impl App {
    /// Posts offers for the actor's enterprise, all or none; `first_row` is the row number the
    /// first input carries (2 under a spreadsheet header, 1 in an API list). Returns the ids.
    pub async fn post_farm_offers(
        &self,
        ctx: &Context,
        inputs: &[OfferInput],
        first_row: usize,
    ) -> Result<Vec<i64>, AppError> {
        self.post_farm_offers_in(ctx, inputs, first_row, &HashMap::new())
            .await
    }

    async fn post_farm_offers_in(
        &self,
        ctx: &Context,
        inputs: &[OfferInput],
        first_row: usize,
        columns: &HashMap<&'static str, String>,
    ) -> Result<Vec<i64>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let agent = actor.enterprise_agent().ok_or(AppError::Forbidden)?;
        if inputs.is_empty() || inputs.len() > MAX_ROWS {
            return Err(AppError::Invalid(Validation(vec![FieldError::new(
                "rows",
                "count",
                format!("一次可发布 1 至 {MAX_ROWS} 条供求信息"),
                format!("post between 1 and {MAX_ROWS} offers at once"),
            )])));
        }
        let now = self.clock.now();
        let today = ReportWindow::today(now);
        let (products, catalog) = (self.price_catalogue(), &self.directory().catalog);
        let mut errors: Vec<RowError> = Vec::new();
        let mut offers: Vec<Offer> = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            match input.check(&products, catalog, today) {
                Ok(o) => offers.push(o),
                Err(v) => errors.extend(row_errors(first_row + i, columns, v)),
            }
        }
        if !errors.is_empty() {
            return Err(AppError::RowsRejected(errors));
        }
        let mut tx = self.write(&agent, ctx).await?;
        let mut ids = Vec::with_capacity(offers.len());
        for offer in &offers {
            ids.push(
                tx.insert_farm_offer(agent.org_id(), offer, Some(agent.by()), now, false)
                    .await?,
            );
        }
        tx.finish(
            Record::new("farm_trade.offer.import", Entity::FarmOffer, None)
                .after(&serde_json::json!({ "posted": ids.len(), "ids": ids })),
        )
        .await?;
        Ok(ids)
    }

    /// A spreadsheet of offers (.xlsx or .csv), all rows or none, refusals naming row and column.
    pub async fn import_farm_offers(
        &self,
        ctx: &Context,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Vec<i64>, AppError> {
        // Who may post is settled before the file is read.
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        actor.enterprise_agent().ok_or(AppError::Forbidden)?;
        let required: Vec<&str> = OFFER_COLUMNS
            .iter()
            .map(|(key, _)| *key)
            .filter(|key| !matches!(*key, "unit" | "price" | "county"))
            .collect();
        let KeyedSheet {
            keys,
            columns,
            rows,
        } = keyed_sheet::read(file_name, bytes, &OFFER_COLUMNS, &required).await?;
        let inputs: Vec<OfferInput> = rows
            .into_iter()
            .map(|row| {
                let mut input = OfferInput::default();
                for (key, value) in keys.iter().zip(row) {
                    let slot = match *key {
                        "side" => &mut input.side,
                        "product" => &mut input.product,
                        "unit" => &mut input.unit,
                        "quantity" => &mut input.quantity,
                        "price" => &mut input.price,
                        "province_code" => &mut input.province_code,
                        "county" => &mut input.county,
                        "available_from" => &mut input.available_from,
                        _ => &mut input.available_to,
                    };
                    *slot = value;
                }
                input
            })
            .collect();
        self.post_farm_offers_in(ctx, &inputs, 2, &columns).await
    }

    /// The actor's enterprise's offers (sheet 供求信息) and the deals drawn on them (sheet
    /// 成交记录) as one .xlsx, quantities and prices in each product's catalogue unit.
    pub async fn export_own_farm_trade(&self, ctx: &Context) -> Result<Vec<u8>, AppError> {
        let offers = self.own_farm_offers(ctx).await?;
        let deals = self.own_farm_deals(ctx).await?;
        let catalogue = self.price_catalogue();
        let unit = |code: &str| catalogue.find(code).map(|p| p.unit);
        let name = |code: &str| {
            catalogue
                .find(code)
                .map_or(code.to_owned(), |p| p.name_zh.clone())
        };
        let fail = |e: rust_xlsxwriter::XlsxError| AppError::File(format!("export: {e}"));
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let sheet = workbook.add_worksheet();
        sheet.set_name("供求信息").map_err(fail)?;
        sheet
            .write_row_with_format(
                0,
                0,
                [
                    "编号",
                    "方向",
                    "产品",
                    "单位",
                    "数量",
                    "剩余数量",
                    "价格（元/单位）",
                    "省份代码",
                    "县（市、区）",
                    "起始日期",
                    "截止日期",
                ],
                &bold,
            )
            .map_err(fail)?;
        for (r, o) in (1u32..).zip(&offers) {
            let u = unit(&o.product);
            let amount = |base: i64| u.map_or(base.to_string(), |u| quantity_in(base, u));
            sheet.write_number(r, 0, o.id as f64).map_err(fail)?;
            sheet
                .write_row(
                    r,
                    1,
                    [
                        o.side.name_zh().to_owned(),
                        name(&o.product),
                        u.map_or(String::new(), |u| u.name_zh().to_owned()),
                        amount(o.quantity_base),
                        amount(o.remaining_base),
                        o.price_fen.map_or(String::new(), |f| format_scaled(f, 2)),
                        o.province_code.clone(),
                        o.county.clone().unwrap_or_default(),
                        o.available_from.to_string(),
                        o.available_to.to_string(),
                    ],
                )
                .map_err(fail)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        let sheet = workbook.add_worksheet();
        sheet.set_name("成交记录").map_err(fail)?;
        sheet
            .write_row_with_format(
                0,
                0,
                [
                    "成交编号",
                    "供应编号",
                    "求购编号",
                    "产品",
                    "单位",
                    "成交数量",
                    "成交价格（元/单位）",
                    "成交日期",
                ],
                &bold,
            )
            .map_err(fail)?;
        for (r, d) in (1u32..).zip(&deals) {
            let u = unit(&d.product);
            for (c, n) in [d.id, d.sell_offer_id, d.buy_offer_id]
                .into_iter()
                .enumerate()
            {
                sheet.write_number(r, c as u16, n as f64).map_err(fail)?;
            }
            sheet
                .write_row(
                    r,
                    3,
                    [
                        name(&d.product),
                        u.map_or(String::new(), |u| u.name_zh().to_owned()),
                        u.map_or(d.quantity_base.to_string(), |u| {
                            quantity_in(d.quantity_base, u)
                        }),
                        format_scaled(d.price_fen, 2),
                        d.deal_on.to_string(),
                    ],
                )
                .map_err(fail)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        workbook.save_to_buffer().map_err(fail)
    }
}

/// An example row for the templates: a sell offer of the catalogue's first product standing a
/// month from `day`.
fn example_row(catalogue: &Catalogue, day: NaiveDate) -> [String; 9] {
    let (name, unit) = catalogue
        .products
        .first()
        .map(|p| (p.name_zh.clone(), p.unit.name_zh().to_owned()))
        .unwrap_or_default();
    [
        "供应".into(),
        name,
        unit,
        "1000".into(),
        "2.40".into(),
        "510000".into(),
        String::new(),
        day.to_string(),
        (day + chrono::Duration::days(30)).to_string(),
    ]
}

/// The offers template as .xlsx: the columns, an example row, and a sheet listing the catalogue
/// products with their units.
pub fn offer_template_xlsx(catalogue: &Catalogue, day: NaiveDate) -> Result<Vec<u8>, AppError> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::File(format!("template: {e}"));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("供求信息").map_err(fail)?;
    sheet
        .write_row_with_format(0, 0, OFFER_COLUMNS.iter().map(|(_, l)| *l), &bold)
        .map_err(fail)?;
    sheet
        .write_row(1, 0, example_row(catalogue, day))
        .map_err(fail)?;
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    let products = workbook.add_worksheet();
    products.set_name("产品目录").map_err(fail)?;
    products
        .write_row_with_format(0, 0, ["产品代码", "产品", "计价单位"], &bold)
        .map_err(fail)?;
    for (r, p) in (1u32..).zip(&catalogue.products) {
        products
            .write_row(
                r,
                0,
                [p.code.as_str(), p.name_zh.as_str(), p.unit.name_zh()],
            )
            .map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}

/// The offers template as UTF-8 CSV (with a byte-order mark, so Excel reads the Chinese).
pub fn offer_template_csv(catalogue: &Catalogue, day: NaiveDate) -> Result<Vec<u8>, AppError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = crate::cells::CsvOut::new(&mut out);
        let fail = |e: csv::Error| AppError::File(format!("template: {e}"));
        w.row(OFFER_COLUMNS.iter().map(|(_, l)| *l)).map_err(fail)?;
        w.row(example_row(catalogue, day)).map_err(fail)?;
        w.into_inner()
            .map_err(|e| AppError::File(format!("template: {e}")))?;
    }
    Ok(out)
}
