//! Rural commerce information stations: a province's commerce department (or the ministry)
//! registers stations by API or spreadsheet, every row checked and the batch written all or
//! nothing; anyone reads the counts and coverage by province and county.

use crate::audit::Context;
use crate::error::RowError;
use crate::keyed_sheet::{self, KeyedSheet};
use crate::write::Record;
use crate::zone_sheet::row_errors;
use crate::{App, AppError};
use gowest_domain::access::Actor;
use gowest_domain::change::Entity;
use gowest_domain::prices::ReportWindow;
use gowest_domain::reference::ReferenceCatalog;
use gowest_domain::region::{ProvinceCode, Region};
use gowest_domain::rural::{Coverage, Station, StationInput, province_filter};
use gowest_domain::{FieldError, Validation};
use gowest_store::rural::StoredStation;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use utoipa::ToSchema;

/// Each column's API name (also accepted as a header) and the Chinese header we write.
pub const STATION_COLUMNS: [(&str, &str); 7] = [
    ("name_zh", "站点名称"),
    ("province_code", "省份代码"),
    ("county", "县（市、区）"),
    ("township", "乡镇"),
    ("opened_on", "建站日期"),
    ("assistants", "兼职信息助理（人）"),
    ("farmers_trained", "培训农户（人）"),
];

/// Counts and coverage: the nation, each province, each county.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CoverageReport {
    pub total: Coverage,
    pub provinces: Vec<Coverage>,
    pub counties: Vec<Coverage>,
}

/// Whose stations the actor keeps: every province's (the ministry's writing staff, `None`),
/// one province's (a provincial department's writing staff), or none (`Forbidden`).
pub fn station_scope(actor: &Actor) -> Result<Option<ProvinceCode>, AppError> {
    actor.stations_kept().ok_or(AppError::Forbidden)
}

impl App {
    /// Registers stations, all or none. `first_row` is the row number the first input carries
    /// in the keeper's view (2 under a spreadsheet header, 1 in an API list); each refusal
    /// names its row, and `columns` names the column where there is one.
    pub async fn register_stations(
        &self,
        ctx: &Context,
        inputs: &[StationInput],
        first_row: usize,
    ) -> Result<usize, AppError> {
        self.register_stations_in(ctx, inputs, first_row, &HashMap::new())
            .await
    }

    async fn register_stations_in(
        &self,
        ctx: &Context,
        inputs: &[StationInput],
        first_row: usize,
        columns: &HashMap<&'static str, String>,
    ) -> Result<usize, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let directory = self.directory();
        let catalog = &directory.catalog;
        // Only the ministry and provincial departments keep stations; others are refused
        // whole, before their rows are looked at.
        station_scope(actor)?;
        if inputs.is_empty() {
            return Err(AppError::Invalid(gowest_domain::Validation(vec![
                FieldError::new(
                    "rows",
                    "empty",
                    "没有可登记的站点",
                    "there are no stations to register",
                ),
            ])));
        }
        let today = ReportWindow::today(self.clock.now());
        let mut errors: Vec<RowError> = Vec::new();
        let mut checked: Vec<(usize, Station)> = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            let row = first_row + i;
            match input.check(catalog, today) {
                Ok(s) if actor.station_keeper(&s.province_code).is_none() => {
                    errors.push(RowError {
                        row,
                        column: columns.get("province_code").cloned().unwrap_or_default(),
                        field: "province_code".into(),
                        message_zh: format!("无权登记{}的站点", s.province_code.as_str()),
                        message_en: format!(
                            "you may not register stations in {}",
                            s.province_code.as_str()
                        ),
                    });
                }
                Ok(s) => checked.push((row, s)),
                Err(v) => errors.extend(row_errors(row, columns, v)),
            }
        }
        // Every checked row's province is the actor's to keep; the first one's right opens
        // the write. No row passed: the refusals are all there is to say.
        let Some(keeper) = checked
            .first()
            .and_then(|(_, s)| actor.station_keeper(&s.province_code))
        else {
            errors.sort_by_key(|e| e.row);
            return Err(AppError::RowsRejected(errors));
        };
        let mut tx = self.write(&keeper, ctx).await?;
        let provinces: Vec<String> = checked
            .iter()
            .map(|(_, s)| s.province_code.as_str().to_owned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let existing = tx.station_keys(&provinces).await?;
        let mut seen = HashSet::new();
        for (row, s) in &checked {
            if existing.contains(&s.key()) || !seen.insert(s.key()) {
                errors.push(RowError {
                    row: *row,
                    column: columns.get("name_zh").cloned().unwrap_or_default(),
                    field: "name_zh".into(),
                    message_zh: format!("{}{}的“{}”已登记", s.county, s.township, s.name_zh),
                    message_en: format!(
                        "\"{}\" in {} {} is already registered",
                        s.name_zh, s.county, s.township
                    ),
                });
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.row);
            return Err(AppError::RowsRejected(errors));
        }
        let stations: Vec<Station> = checked.into_iter().map(|(_, s)| s).collect();
        let now = self.clock.now();
        tx.insert_stations(&stations, now, false).await?;
        tx.finish(
            Record::new("rural.stations.register", Entity::RuralStation, None).after(
                &serde_json::json!({
                    "registered": stations.len(),
                    "provinces": provinces,
                }),
            ),
        )
        .await?;
        Ok(stations.len())
    }

    /// One station typed into the console's form; a refusal names the form's fields.
    pub async fn register_station(
        &self,
        ctx: &Context,
        input: &StationInput,
    ) -> Result<(), AppError> {
        match self
            .register_stations(ctx, std::slice::from_ref(input), 1)
            .await
        {
            Ok(_) => Ok(()),
            Err(AppError::RowsRejected(rows)) => Err(AppError::Invalid(Validation(
                rows.into_iter()
                    .map(|r| FieldError::new(r.field, "refused", r.message_zh, r.message_en))
                    .collect(),
            ))),
            Err(e) => Err(e),
        }
    }

    /// The actor's own stations (a province's, or all for the ministry) as .xlsx.
    pub async fn export_own_stations(&self, ctx: &Context) -> Result<Vec<u8>, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let scope = station_scope(actor)?;
        self.export_stations(scope.as_ref().map_or("", ProvinceCode::as_str))
            .await
    }

    /// A spreadsheet of stations (.xlsx or .csv), all rows or none, refusals naming row and
    /// column.
    pub async fn import_stations(
        &self,
        ctx: &Context,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<usize, AppError> {
        let required: Vec<&str> = STATION_COLUMNS[..5].iter().map(|(key, _)| *key).collect();
        let KeyedSheet {
            keys,
            columns,
            rows,
        } = keyed_sheet::read(file_name, bytes, &STATION_COLUMNS, &required).await?;
        let inputs: Vec<StationInput> = rows
            .into_iter()
            .map(|row| {
                let mut input = StationInput::default();
                for (key, value) in keys.iter().zip(row) {
                    let slot = match *key {
                        "name_zh" => &mut input.name_zh,
                        "province_code" => &mut input.province_code,
                        "county" => &mut input.county,
                        "township" => &mut input.township,
                        "opened_on" => &mut input.opened_on,
                        "assistants" => &mut input.assistants,
                        _ => &mut input.farmers_trained,
                    };
                    *slot = value;
                }
                input
            })
            .collect();
        self.register_stations_in(ctx, &inputs, 2, &columns).await
    }

    /// Stations of one province, or of all when `province` is empty; an unknown code is named
    /// as `province_code`.
    pub async fn stations(&self, province: &str) -> Result<Vec<StoredStation>, AppError> {
        let filter = province_filter("province_code", province, &self.directory().catalog)?;
        Ok(self
            .store
            .stations(filter.as_ref().map(ProvinceCode::as_str))
            .await?)
    }

    /// The stations as one .xlsx sheet, in the import's columns (re-importable elsewhere).
    pub async fn export_stations(&self, province: &str) -> Result<Vec<u8>, AppError> {
        let stations = self.stations(province).await?;
        let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("export: {e}"));
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        sheet
            .write_row_with_format(0, 0, STATION_COLUMNS.iter().map(|(_, l)| *l), &bold)
            .map_err(fail)?;
        for (r, s) in (1u32..).zip(&stations) {
            sheet
                .write_row(
                    r,
                    0,
                    [
                        s.name_zh.clone(),
                        s.province_code.clone(),
                        s.county.clone(),
                        s.township.clone(),
                        s.opened_on.to_string(),
                    ],
                )
                .map_err(fail)?;
            sheet
                .write_number(r, 5, s.assistants as f64)
                .map_err(fail)?;
            sheet
                .write_number(r, 6, s.farmers_trained as f64)
                .map_err(fail)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        workbook.save_to_buffer().map_err(fail)
    }

    /// Counts and coverage by province and county, and the total: of the nation, or of one
    /// province when `province` (named by `field` in a refusal) is a code.
    pub async fn station_coverage(
        &self,
        field: &str,
        province: &str,
    ) -> Result<CoverageReport, AppError> {
        let filter = province_filter(field, province, &self.directory().catalog)?;
        let (mut provinces, mut counties) = self.store.station_coverage().await?;
        if let Some(code) = &filter {
            provinces.retain(|c| c.province_code == code.as_str());
            counties.retain(|c| c.province_code == code.as_str());
        }
        let total = provinces.iter().fold(Coverage::default(), |mut t, p| {
            t.stations += p.stations;
            t.townships += p.townships;
            t.counties += p.counties;
            t.assistants += p.assistants;
            t.farmers_trained += p.farmers_trained;
            t
        });
        Ok(CoverageReport {
            total,
            provinces,
            counties,
        })
    }
}

/// An example row for the templates: a western township station opened on `day`.
fn example_row(day: chrono::NaiveDate) -> [String; 7] {
    [
        "唐昌镇农村商务信息服务站".into(),
        "510000".into(),
        "郫县".into(),
        "唐昌镇".into(),
        day.to_string(),
        "2".into(),
        "120".into(),
    ]
}

/// The stations template as .xlsx: the columns, an example row, and a second sheet listing the
/// central and western provinces with their codes (the only ones a station may be in).
pub fn station_template_xlsx(
    catalog: &ReferenceCatalog,
    day: chrono::NaiveDate,
) -> Result<Vec<u8>, AppError> {
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("template: {e}"));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("站点").map_err(fail)?;
    sheet
        .write_row_with_format(0, 0, STATION_COLUMNS.iter().map(|(_, l)| *l), &bold)
        .map_err(fail)?;
    sheet.write_row(1, 0, example_row(day)).map_err(fail)?;
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    let codes = workbook.add_worksheet();
    codes.set_name("省份代码").map_err(fail)?;
    codes
        .write_row_with_format(0, 0, ["省份代码", "省份"], &bold)
        .map_err(fail)?;
    let eligible = catalog
        .provinces
        .values()
        .filter(|p| matches!(p.region, Region::Central | Region::West));
    for (r, p) in (1u32..).zip(eligible) {
        codes
            .write_row(r, 0, [p.code.as_str(), p.name_zh.as_str()])
            .map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}

/// The stations template as UTF-8 CSV (with a byte-order mark, so Excel reads the Chinese).
pub fn station_template_csv(day: chrono::NaiveDate) -> Result<Vec<u8>, AppError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = crate::cells::CsvOut::new(&mut out);
        let fail = |e: csv::Error| AppError::Internal(format!("template: {e}"));
        w.row(STATION_COLUMNS.iter().map(|(_, l)| *l))
            .map_err(fail)?;
        w.row(example_row(day)).map_err(fail)?;
        w.into_inner()
            .map_err(|e| AppError::Internal(format!("template: {e}")))?;
    }
    Ok(out)
}
