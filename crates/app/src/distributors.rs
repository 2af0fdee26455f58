//! Agricultural distribution enterprises (农产品流通企业) and wholesale markets as one register
//! (measure 10 (二)): the ministry's and the provinces' writing staff register and edit them
//! (one by one or by spreadsheet, all rows or none), everyone reads, and the public page shows
//! them by province and region with the pilot programmes' terms per region.

use crate::audit::Context;
use crate::error::RowError;
use crate::write::Record;
use crate::{App, AppError, register_sheet};
use gowest_domain::change::Entity;
use gowest_domain::distributors::{Distributor, DistributorInput};
use gowest_domain::funds::pilot::RegionalTerms;
use gowest_domain::markets::{Market, MarketInput};
use gowest_domain::region::{ProvinceCode, Region};
use gowest_domain::{FieldError, Validation};
use gowest_store::Tx;
pub use gowest_store::distributors::DistributorFilter;
use std::collections::{BTreeMap, HashSet};

/// The most rows one list returns: lists are bounded, pages ask for more.
pub const MAX_LIMIT: i64 = 500;

/// Spreadsheet columns, in order: (field, header).
pub const COLUMNS: [(&str, &str); 10] = [
    ("name_zh", "企业名称"),
    ("credit_code", "统一社会信用代码"),
    ("province_code", "省份代码"),
    ("county", "县（市、区）"),
    ("business", "主营业务"),
    ("annual_turnover_yuan", "年营业额（元）"),
    ("storage_tonnes", "仓储/冷链能力（吨）"),
    ("trading_area_m2", "交易/分拣面积（平方米）"),
    ("org_id", "机构编号"),
    ("pilot", "试点企业"),
];

fn refuse(field: &str, code: &'static str, zh: String, en: String) -> AppError {
    AppError::Invalid(Validation(vec![FieldError::new(field, code, zh, en)]))
}

/// Markets and distributors of one province, for the public page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ProvinceRow {
    pub province_code: String,
    pub province_zh: String,
    pub region: Region,
    pub markets: i64,
    pub pilot_markets: i64,
    pub distributors: i64,
    pub pilot_distributors: i64,
}

/// The register in figures, and each pilot programme's terms by region.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct MarketsOverview {
    pub provinces: Vec<ProvinceRow>,
    pub regions: Vec<RegionRow>,
    pub programmes: Vec<PilotProgramme>,
}

/// Markets, pilot markets, distributors and pilot distributors of one region.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct RegionRow {
    pub region: Region,
    pub markets: i64,
    pub pilot_markets: i64,
    pub distributors: i64,
    pub pilot_distributors: i64,
}

/// A pilot programme's entry rules, support standards and slots by region.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PilotProgramme {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub terms: Vec<RegionalTerms>,
}

impl App {
    /// One bounded page of the register, and how many match in all.
    pub async fn distributors(
        &self,
        mut filter: DistributorFilter,
    ) -> Result<(Vec<Distributor>, i64), AppError> {
        let mut v = Validation::default();
        if !(1..=MAX_LIMIT).contains(&filter.limit) {
            v.push(FieldError::new(
                "limit",
                "out_of_range",
                format!("每页条数应在1到{MAX_LIMIT}之间"),
                format!("limit must be between 1 and {MAX_LIMIT}"),
            ));
        }
        if filter.offset < 0 {
            v.push(FieldError::new(
                "offset",
                "negative",
                "偏移量不能为负数",
                "offset must not be negative",
            ));
        }
        if let Some(p) = filter.province_code.as_deref().map(str::trim) {
            if p.is_empty() {
                filter.province_code = None;
            } else if ProvinceCode::parse(p)
                .and_then(|c| self.directory().catalog.province(&c).cloned())
                .is_none()
            {
                v.push(FieldError::new(
                    "province_code",
                    "unknown",
                    format!("没有代码为“{p}”的省份"),
                    format!("province_code: no province \"{p}\""),
                ));
            }
        }
        v.finish(())?;
        Ok(self.store.distributors(&filter).await?)
    }

    pub async fn distributor(&self, id: i64) -> Result<Distributor, AppError> {
        Ok(self.read_only().await?.distributor(id).await?)
    }

    /// Checks an organisation link and the uniqueness of the credit code (`except` the
    /// distributor being edited).
    async fn check_links(
        &self,
        tx: &mut Tx,
        d: &Distributor,
        except: Option<i64>,
    ) -> Result<Vec<FieldError>, AppError> {
        let mut errors = Vec::new();
        if let Some(org) = d.org_id
            && crate::error::absent(tx.organisation(org).await)?
        {
            errors.push(FieldError::new(
                "org_id",
                "unknown",
                format!("没有编号为{org}的机构"),
                format!("org_id: no organisation {org}"),
            ));
        }
        if let Some(other) = tx.distributor_with_code(d.credit_code.as_str()).await?
            && Some(other) != except
        {
            errors.push(FieldError::new(
                "credit_code",
                "duplicate",
                format!("统一社会信用代码{}已登记（编号{other}）", d.credit_code),
                format!(
                    "credit_code: {} is already registered (#{other})",
                    d.credit_code
                ),
            ));
        }
        Ok(errors)
    }

    /// Registers one distributor; writing staff of the ministry or of its province only.
    pub async fn create_distributor(
        &self,
        ctx: &Context,
        input: &DistributorInput,
        demo: bool,
    ) -> Result<Distributor, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let mut d = input.check(&self.directory().catalog)?;
        let keeper = actor
            .market_keeper(&d.province_code)
            .ok_or(AppError::Forbidden)?;
        d.demo = demo;
        let now = self.clock.now();
        let mut tx = self.write(&keeper, ctx).await?;
        Validation(self.check_links(&mut tx, &d, None).await?).finish(())?;
        d.id = tx
            .insert_distributors(std::slice::from_ref(&d), now)
            .await?[0];
        tx.finish(Record::new("distributor.create", Entity::Distributor, d.id).after(&d))
            .await?;
        Ok(d)
    }

    /// Rewrites one distributor; the keeper must hold both its old and its new province.
    pub async fn update_distributor(
        &self,
        ctx: &Context,
        id: i64,
        input: &DistributorInput,
    ) -> Result<Distributor, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let mut d = input.check(&self.directory().catalog)?;
        let now = self.clock.now();
        // The new province's right opens the write; the old one's is checked on the row read
        // under it.
        let keeper = actor
            .market_keeper(&d.province_code)
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&keeper, ctx).await?;
        let before = tx.distributor(id).await?;
        actor
            .market_keeper(&before.province_code)
            .ok_or(AppError::Forbidden)?;
        d.id = id;
        d.demo = before.demo;
        Validation(self.check_links(&mut tx, &d, Some(id)).await?).finish(())?;
        tx.update_distributor(&d, now).await?;
        tx.finish(
            Record::new("distributor.update", Entity::Distributor, id)
                .before(&before)
                .after(&d),
        )
        .await?;
        Ok(d)
    }

    /// A spreadsheet (.xlsx or .csv, columns in [`COLUMNS`] order): every row is checked
    /// first, and one bad row refuses the file naming its row and column; nothing is written.
    pub async fn import_distributors(
        &self,
        ctx: &Context,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<usize, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let catalog = self.directory().catalog.clone();
        let rows = register_sheet::read(file_name, bytes, &COLUMNS, |c| {
            let input = DistributorInput {
                name_zh: c[0].clone(),
                credit_code: c[1].clone(),
                province_code: c[2].clone(),
                county: c[3].clone(),
                business: c[4].clone(),
                annual_turnover_yuan: c[5].clone(),
                storage_tonnes: c[6].clone(),
                trading_area_m2: c[7].clone(),
                org_id: c[8].clone(),
                pilot: c[9].clone(),
            };
            let d = input.check(&catalog)?;
            if actor.market_keeper(&d.province_code).is_none() {
                return Err(Validation(vec![FieldError::new(
                    "province_code",
                    "forbidden",
                    format!("无权登记{}的流通企业", d.province_code),
                    format!("province_code: you may not register in {}", d.province_code),
                )]));
            }
            Ok(d)
        })
        .await?;
        let after = serde_json::json!({ "file": file_name, "rows": rows.len() });
        // Every row was checked against its province's right; the first one's opens the write.
        let Some(keeper) = rows
            .first()
            .and_then(|d| actor.market_keeper(&d.province_code))
        else {
            // An empty file changes nothing; the attempt is still recorded.
            let entry = ctx.entry(self.clock.now(), "distributor.import", "distributor", None);
            self.note(entry, Some(after)).await?;
            return Ok(0);
        };
        let now = self.clock.now();
        let mut tx = self.write(&keeper, ctx).await?;
        let mut errors = Vec::new();
        let mut seen = HashSet::new();
        for (i, d) in rows.iter().enumerate() {
            let mut problems = self.check_links(&mut tx, d, None).await?;
            if !seen.insert(d.credit_code.clone()) {
                problems.push(FieldError::new(
                    "credit_code",
                    "duplicate",
                    format!("统一社会信用代码{}在文件中重复", d.credit_code),
                    format!("credit_code: {} appears twice in the file", d.credit_code),
                ));
            }
            errors.extend(problems.into_iter().map(|e| {
                let col = COLUMNS.iter().position(|(f, _)| *f == e.field).unwrap_or(0);
                RowError {
                    // Rows are numbered as the spreadsheet shows them, after the header.
                    row: i + 2,
                    column: format!("{} {}", char::from(b'A' + col as u8), COLUMNS[col].1),
                    field: e.field,
                    message_zh: e.message_zh,
                    message_en: e.message_en,
                }
            }));
        }
        if !errors.is_empty() {
            return Err(AppError::RowsRejected(errors));
        }
        tx.insert_distributors(&rows, now).await?;
        tx.finish(Record::new("distributor.import", Entity::Distributor, None).after(&after))
            .await?;
        Ok(rows.len())
    }

    /// The whole register as an .xlsx in the import's columns (re-importable elsewhere).
    pub async fn export_distributors(&self) -> Result<Vec<u8>, AppError> {
        let mut rows = Vec::new();
        let mut offset = 0;
        loop {
            let filter = DistributorFilter {
                limit: MAX_LIMIT,
                offset,
                ..DistributorFilter::default()
            };
            let (page, total) = self.store.distributors(&filter).await?;
            offset += MAX_LIMIT;
            rows.extend(page.iter().map(|d| {
                let i = DistributorInput::from_distributor(d);
                vec![
                    i.name_zh,
                    i.credit_code,
                    i.province_code,
                    i.county,
                    d.business.name_zh().to_owned(),
                    i.annual_turnover_yuan,
                    i.storage_tonnes,
                    i.trading_area_m2,
                    i.org_id,
                    if d.pilot { "是" } else { "否" }.to_owned(),
                ]
            }));
            if offset >= total {
                break;
            }
        }
        register_sheet::xlsx(&COLUMNS, rows)
    }

    /// Registers a wholesale market; writing staff of the ministry or of its province (or a
    /// system administrator, as before).
    pub async fn register_market(
        &self,
        ctx: &Context,
        input: &MarketInput,
    ) -> Result<Market, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let market = input.check(&self.directory().catalog)?;
        let keeper = actor.market_keeper(&market.province_code);
        let admin = actor.system_admin();
        if keeper.is_none() && admin.is_none() {
            return Err(AppError::Forbidden);
        }
        if let Some(org) = market.org_id
            && crate::error::absent(self.store.organisation(org).await)?
        {
            return Err(refuse(
                "org_id",
                "unknown",
                format!("没有编号为{org}的机构"),
                format!("org_id: no organisation {org}"),
            ));
        }
        match (keeper, admin) {
            (Some(keeper), _) => self.insert_market(&keeper, ctx, market, false).await,
            (None, Some(admin)) => self.insert_market(&admin, ctx, market, false).await,
            (None, None) => Err(AppError::Forbidden),
        }
    }

    pub async fn market(&self, id: i64) -> Result<Market, AppError> {
        Ok(self.store.market(id).await?)
    }

    /// Rewrites a market; the keeper must hold both its old and its new province.
    pub async fn update_market(
        &self,
        ctx: &Context,
        id: i64,
        input: &MarketInput,
    ) -> Result<Market, AppError> {
        let actor = ctx.actor.as_ref().ok_or(AppError::Forbidden)?;
        let mut market = input.check(&self.directory().catalog)?;
        market.id = id;
        // The new province's right opens the write; the old one's is checked on the row read
        // under it.
        let keeper = actor
            .market_keeper(&market.province_code)
            .ok_or(AppError::Forbidden)?;
        let mut tx = self.write(&keeper, ctx).await?;
        let before = tx.market(id).await?;
        actor
            .market_keeper(&before.province_code)
            .ok_or(AppError::Forbidden)?;
        if let Some(org) = market.org_id
            && crate::error::absent(tx.organisation(org).await)?
        {
            return Err(refuse(
                "org_id",
                "unknown",
                format!("没有编号为{org}的机构"),
                format!("org_id: no organisation {org}"),
            ));
        }
        tx.update_market(&market).await?;
        tx.finish(
            Record::new("market.update", Entity::Market, id)
                .before(&before)
                .after(&market),
        )
        .await?;
        self.market_list.forget();
        Ok(market)
    }

    /// The register by province and region, and the pilot programmes' terms by region.
    pub async fn markets_overview(&self) -> Result<MarketsOverview, AppError> {
        let directory = self.directory();
        let mut by: BTreeMap<String, [i64; 4]> = BTreeMap::new();
        for m in self.store.markets().await? {
            let e = by.entry(m.province_code.as_str().to_owned()).or_default();
            e[0] += 1;
            e[1] += i64::from(m.pilot);
        }
        for (p, n, pilots) in self.store.distributor_counts().await? {
            let e = by.entry(p).or_default();
            e[2] += n;
            e[3] += pilots;
        }
        let mut regions: BTreeMap<Region, [i64; 4]> =
            Region::ALL.iter().map(|r| (*r, [0; 4])).collect();
        let provinces = by
            .into_iter()
            .filter_map(|(code, n)| {
                let p = directory.catalog.province(&ProvinceCode::parse(&code)?)?;
                let r = regions.entry(p.region).or_default();
                for k in 0..4 {
                    r[k] += n[k];
                }
                Some(ProvinceRow {
                    province_code: code,
                    province_zh: p.name_zh.clone(),
                    region: p.region,
                    markets: n[0],
                    pilot_markets: n[1],
                    distributors: n[2],
                    pilot_distributors: n[3],
                })
            })
            .collect();
        let programmes = self
            .store
            .fund_programmes()
            .await?
            .into_iter()
            .filter(|pp| !pp.programme.eligibility.regional_terms.is_empty())
            .map(|pp| {
                let p = pp.programme;
                PilotProgramme {
                    id: p.id,
                    code: p.code,
                    name_zh: p.name_zh,
                    terms: p.eligibility.regional_terms,
                }
            })
            .collect();
        Ok(MarketsOverview {
            provinces,
            regions: regions
                .into_iter()
                .map(|(region, n)| RegionRow {
                    region,
                    markets: n[0],
                    pilot_markets: n[1],
                    distributors: n[2],
                    pilot_distributors: n[3],
                })
                .collect(),
            programmes,
        })
    }
}
