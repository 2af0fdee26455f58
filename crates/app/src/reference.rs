//! Reference data shipped in `data/`: parsed here, loaded idempotently into the store.

use crate::AppError;
use crate::audit::{AuditKey, Context};
use crate::write::{Record, System};
use chrono::{DateTime, Datelike, Utc};
use gowest_domain::change::Entity;
use gowest_domain::geo::LatLon;
use gowest_domain::industry::{Industry, IndustryCode, IndustryLevel};
use gowest_domain::port::{Port, PortKind};
use gowest_domain::reference::ReferenceCatalog;
use gowest_domain::region::{Province, ProvinceCode, Region};
use gowest_domain::zone_input::ZoneInput;
use gowest_store::Store;
use serde::Deserialize;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

const PROVINCES: &str = include_str!("../../../data/provinces.csv");
const INDUSTRIES: &str = include_str!("../../../data/industries.csv");
const PORTS: &str = include_str!("../../../data/ports.csv");
const ZONES: &str = include_str!("../../../data/etdz.csv");
const NAMED_IN_NOTICE: &str = include_str!("../../../data/etdz_special_2006.csv");

const VERSION_KEY: &str = "reference_data_version";
/// Advisory-lock key that serialises reference loads of instances starting together.
const LOAD_LOCK: i64 = 0x676f_7765_7374_0001;

fn rows<T: for<'de> Deserialize<'de>>(file: &'static str, text: &str) -> Result<Vec<T>, AppError> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| AppError::Internal(format!("data/{file}: {e}")))
}

fn bad(file: &str, what: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("data/{file}: {what}"))
}

#[derive(Deserialize)]
struct ProvinceRow {
    code: String,
    name_zh: String,
    name_en: String,
    region: String,
    western_development: bool,
    coastal_economic_zone: String,
}

#[derive(Deserialize)]
struct IndustryRow {
    code: String,
    level: String,
    parent: String,
    name_zh: String,
    name_en: String,
}

#[derive(Deserialize)]
struct PortRow {
    name_zh: String,
    name_en: String,
    province_code: String,
    kind: String,
    lat: f64,
    lon: f64,
}

#[derive(Deserialize)]
struct ZoneRow {
    name_zh: String,
    name_en: String,
    province_code: String,
    city_zh: String,
    approved_year: String,
    in_2006: bool,
    lat: String,
    lon: String,
}

#[derive(Deserialize)]
struct NamedInNoticeRow {
    current_name_zh: String,
}

fn non_empty(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

pub fn provinces() -> Result<Vec<Province>, AppError> {
    rows::<ProvinceRow>("provinces.csv", PROVINCES)?
        .into_iter()
        .map(|r| {
            Ok(Province {
                code: ProvinceCode::parse(&r.code).ok_or_else(|| bad("provinces.csv", &r.code))?,
                region: Region::parse(&r.region).ok_or_else(|| bad("provinces.csv", &r.region))?,
                name_zh: r.name_zh,
                name_en: r.name_en,
                western_development: r.western_development,
                coastal_economic_zone: non_empty(r.coastal_economic_zone),
            })
        })
        .collect()
}

pub fn industries() -> Result<Vec<Industry>, AppError> {
    rows::<IndustryRow>("industries.csv", INDUSTRIES)?
        .into_iter()
        .map(|r| {
            let code =
                IndustryCode::parse(&r.code).ok_or_else(|| bad("industries.csv", &r.code))?;
            let level = match r.level.as_str() {
                "section" => IndustryLevel::Section,
                "division" => IndustryLevel::Division,
                other => return Err(bad("industries.csv", other)),
            };
            let parent = non_empty(r.parent)
                .map(|p| IndustryCode::parse(&p).ok_or_else(|| bad("industries.csv", p)))
                .transpose()?;
            Ok(Industry {
                code,
                level,
                parent,
                name_zh: r.name_zh,
                name_en: non_empty(r.name_en),
            })
        })
        .collect()
}

/// Ports as shipped; their ids are assigned by the store.
pub fn ports() -> Result<Vec<Port>, AppError> {
    rows::<PortRow>("ports.csv", PORTS)?
        .into_iter()
        .map(|r| {
            Ok(Port {
                id: 0,
                province_code: ProvinceCode::parse(&r.province_code)
                    .ok_or_else(|| bad("ports.csv", &r.province_code))?,
                kind: PortKind::parse(&r.kind).ok_or_else(|| bad("ports.csv", &r.kind))?,
                location: LatLon::new(r.lat, r.lon).ok_or_else(|| bad("ports.csv", &r.name_zh))?,
                name_zh: r.name_zh,
                name_en: r.name_en,
            })
        })
        .collect()
}

/// The national ETDZs as zone input rows, flagged for 2006 and for the notice.
pub fn national_zones() -> Result<Vec<ZoneInput>, AppError> {
    let named: HashSet<String> =
        rows::<NamedInNoticeRow>("etdz_special_2006.csv", NAMED_IN_NOTICE)?
            .into_iter()
            .map(|r| r.current_name_zh)
            .collect();
    let yes_no = |b: bool| if b { "是" } else { "否" }.to_owned();
    Ok(rows::<ZoneRow>("etdz.csv", ZONES)?
        .into_iter()
        .map(|r| ZoneInput {
            named_in_notice: yes_no(named.contains(&r.name_zh)),
            name_zh: r.name_zh,
            name_en: r.name_en,
            level: "national_etdz".into(),
            province_code: r.province_code,
            city_zh: r.city_zh,
            approved_year: r.approved_year,
            national_in_2006: yes_no(r.in_2006),
            lat: r.lat,
            lon: r.lon,
            ..ZoneInput::default()
        })
        .collect())
}

fn shipped_version() -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (PROVINCES, INDUSTRIES, PORTS, ZONES, NAMED_IN_NOTICE).hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// Loads the shipped reference data unless this version is already in the database.
/// Provinces, industries and ports are upserted; zones are only added when missing,
/// so edits made by zone staff survive a reload.
#[tracing::instrument(skip_all)]
pub async fn ensure_loaded(
    store: &Store,
    audit_key: &AuditKey,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let version = shipped_version();
    if store.setting(VERSION_KEY).await?.as_deref() == Some(version.as_str()) {
        return Ok(());
    }
    let provinces = provinces()?;
    let mut industries = industries()?;
    industries.sort_by_key(|i| i.level != IndustryLevel::Section);
    let mut ports = ports()?;

    let ctx = Context::system("system");
    let mut tx = crate::write::begin(store, audit_key, &System::new(), &ctx, now).await?;
    tx.lock(LOAD_LOCK).await?;
    if tx.setting(VERSION_KEY).await?.as_deref() == Some(version.as_str()) {
        return Ok(());
    }
    for p in &provinces {
        tx.upsert_province(p).await?;
    }
    for i in &industries {
        tx.upsert_industry(i).await?;
    }
    for p in &mut ports {
        p.id = tx.upsert_port(p).await?;
    }
    let catalog = ReferenceCatalog::new(provinces, industries, ports);
    let existing = tx.zone_ids_by_name().await?;
    let mut added = 0;
    for input in national_zones()? {
        if existing.contains_key(&input.name_zh) {
            continue;
        }
        let fields = input
            .validate(&catalog, now.year())
            .map_err(|v| bad("etdz.csv", format!("{}: {v}", input.name_zh)))?;
        tx.insert_zone(&fields, now).await?;
        added += 1;
    }
    tx.put_setting(VERSION_KEY, &version).await?;
    tx.finish(
        Record::new("reference.load", Entity::Reference, None)
            .after(&serde_json::json!({ "version": version, "zones_added": added })),
    )
    .await?;
    tracing::info!(version, zones_added = added, "reference data loaded");
    Ok(())
}
