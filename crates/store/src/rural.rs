//! Rural commerce information stations and their coverage counts.

use crate::db::{on_pool, on_tx};
use crate::zones::placeholders;
use crate::{Result, Store, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use gowest_domain::rural::{Coverage, Station};
use std::collections::HashSet;

/// Rows per INSERT: 8 parameters a row.
const CHUNK: usize = 1_000;

/// A station as stored, with its id.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredStation {
    pub id: i64,
    pub name_zh: String,
    pub province_code: String,
    pub county: String,
    pub township: String,
    pub opened_on: NaiveDate,
    pub assistants: i64,
    pub farmers_trained: i64,
}

#[derive(sqlx::FromRow)]
struct CoverageRow {
    province_code: String,
    county: String,
    stations: i64,
    townships: i64,
    counties: i64,
    assistants: i64,
    farmers_trained: i64,
}

impl From<CoverageRow> for Coverage {
    fn from(r: CoverageRow) -> Self {
        Coverage {
            province_code: r.province_code,
            county: r.county,
            stations: r.stations,
            townships: r.townships,
            counties: r.counties,
            assistants: r.assistants,
            farmers_trained: r.farmers_trained,
        }
    }
}

impl Tx {
    /// The keys (province, county, township, name) of the stations already registered in the
    /// given provinces.
    pub async fn station_keys(
        &mut self,
        provinces: &[String],
    ) -> Result<HashSet<(String, String, String, String)>> {
        let mut keys = HashSet::new();
        for p in provinces {
            let sql = "SELECT province_code, county, township, name_zh FROM rural_stations \
                       WHERE province_code = $1";
            let rows: Vec<(String, String, String, String)> =
                on_tx!(self, |c| sqlx::query_as(sql).bind(p).fetch_all(c).await?);
            keys.extend(rows);
        }
        Ok(keys)
    }

    pub async fn insert_stations(
        &mut self,
        stations: &[Station],
        now: DateTime<Utc>,
        demo: bool,
    ) -> Result<()> {
        for chunk in stations.chunks(CHUNK) {
            let sql = format!(
                "INSERT INTO rural_stations (name_zh, province_code, county, township, opened_on, \
                 assistants, farmers_trained, created_at, demo) VALUES {}",
                placeholders(self.backend(), chunk.len(), 9)
            );
            on_tx!(self, |c| {
                let mut q = sqlx::query(&sql);
                for s in chunk {
                    q = q
                        .bind(&s.name_zh)
                        .bind(s.province_code.as_str())
                        .bind(&s.county)
                        .bind(&s.township)
                        .bind(s.opened_on)
                        .bind(s.assistants)
                        .bind(s.farmers_trained)
                        .bind(now)
                        .bind(demo);
                }
                q.execute(c).await?.rows_affected()
            });
        }
        Ok(())
    }
}

const SUMS: &str = "COUNT(*) AS stations, COUNT(DISTINCT county || '/' || township) AS townships, \
                    COUNT(DISTINCT county) AS counties, \
                    CAST(COALESCE(SUM(assistants), 0) AS BIGINT) AS assistants, \
                    CAST(COALESCE(SUM(farmers_trained), 0) AS BIGINT) AS farmers_trained";

impl Store {
    /// Stations of one province (all when `None`), by county and township.
    pub async fn stations(&self, province: Option<&str>) -> Result<Vec<StoredStation>> {
        let sql = "SELECT id, name_zh, province_code, county, township, opened_on, assistants, \
                   farmers_trained FROM rural_stations \
                   WHERE ($1 IS NULL OR province_code = $1) \
                   ORDER BY province_code, county, township, name_zh";
        let rows: Vec<StoredStation> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(province)
            .fetch_all(p)
            .await?);
        Ok(rows)
    }

    /// Counts by province (county empty), then by province and county.
    pub async fn station_coverage(&self) -> Result<(Vec<Coverage>, Vec<Coverage>)> {
        let by_province = format!(
            "SELECT province_code, '' AS county, {SUMS} FROM rural_stations \
             GROUP BY province_code ORDER BY province_code"
        );
        let by_county = format!(
            "SELECT province_code, county, {SUMS} FROM rural_stations \
             GROUP BY province_code, county ORDER BY province_code, county"
        );
        let provinces: Vec<CoverageRow> =
            on_pool!(self, |p| sqlx::query_as(&by_province).fetch_all(p).await?);
        let counties: Vec<CoverageRow> =
            on_pool!(self, |p| sqlx::query_as(&by_county).fetch_all(p).await?);
        Ok((
            provinces.into_iter().map(Coverage::from).collect(),
            counties.into_iter().map(Coverage::from).collect(),
        ))
    }
}
