//! Raw zone input (a spreadsheet row or a form) and the rules that turn it into [`ZoneFields`].

use crate::error::{FieldError, Validation};
use crate::geo::LatLon;
use crate::industry::IndustryCode;
use crate::input::{amount, flag, opt, quantity, text, whole_number};
use crate::port::PortKind;
use crate::reference::ReferenceCatalog;
use crate::region::ProvinceCode;
use crate::zone::{GivenSeaport, ZoneContact, ZoneFields, ZoneLevel};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Every field as text, exactly as typed; empty means "not given".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ZoneInput {
    pub name_zh: String,
    pub name_en: String,
    pub level: String,
    pub province_code: String,
    pub city_zh: String,
    pub lat: String,
    pub lon: String,
    pub approved_year: String,
    pub national_in_2006: String,
    pub named_in_notice: String,
    pub area_km2: String,
    /// GB/T 4754 codes separated by `;`, `,`, `、` or spaces.
    pub leading_industries: String,
    pub land_price_yuan_per_m2: String,
    pub avg_wage_yuan_per_month: String,
    /// Persons, a whole number.
    pub labour_available: String,
    /// The seaport's Chinese name, e.g. `上海港`.
    pub seaport: String,
    pub seaport_km: String,
    pub seaport_hours: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub website: String,
    pub description_zh: String,
    pub description_en: String,
}

/// Reads and writes fields by their API name, for spreadsheets and forms.
macro_rules! field_access {
    ($($name:ident),* $(,)?) => {
        impl ZoneInput {
            /// Every field's API name, in declaration order.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($name)),*];

            pub fn field(&self, name: &str) -> Option<&str> {
                match name {
                    $(stringify!($name) => Some(&self.$name),)*
                    _ => None,
                }
            }

            pub fn field_mut(&mut self, name: &str) -> Option<&mut String> {
                match name {
                    $(stringify!($name) => Some(&mut self.$name),)*
                    _ => None,
                }
            }
        }
    };
}

field_access!(
    name_zh,
    name_en,
    level,
    province_code,
    city_zh,
    lat,
    lon,
    approved_year,
    national_in_2006,
    named_in_notice,
    area_km2,
    leading_industries,
    land_price_yuan_per_m2,
    avg_wage_yuan_per_month,
    labour_available,
    seaport,
    seaport_km,
    seaport_hours,
    contact_name,
    contact_phone,
    contact_email,
    website,
    description_zh,
    description_en,
);

const MAX_NAME: usize = 100;
const MAX_TEXT: usize = 4000;
const MAX_INDUSTRIES: usize = 10;
const FIRST_ZONE_YEAR: i32 = 1984;

fn location(v: &mut Validation, lat: &str, lon: &str) -> Option<LatLon> {
    let (lat, lon) = (opt(lat), opt(lon));
    if lat.is_none() && lon.is_none() {
        return None;
    }
    let missing = if lat.is_none() { "lat" } else { "lon" };
    let (Some(lat), Some(lon)) = (lat, lon) else {
        v.push(FieldError::new(
            missing,
            "required",
            "经度和纬度须同时填写",
            "lat and lon must be given together",
        ));
        return None;
    };
    let parsed = lat.parse::<f64>().ok().zip(lon.parse::<f64>().ok());
    match parsed.and_then(|(a, o)| LatLon::new(a, o)) {
        Some(point) => Some(point),
        None => {
            v.push(FieldError::new(
                "lat",
                "out_of_range",
                "坐标不在中国境内（纬度3–54，经度73–136）",
                "coordinates must lie in China (lat 3–54, lon 73–136)",
            ));
            None
        }
    }
}

fn industries(v: &mut Validation, raw: &str, catalog: &ReferenceCatalog) -> Vec<IndustryCode> {
    let mut codes: Vec<IndustryCode> = Vec::new();
    let parts = raw
        .split(|c: char| matches!(c, ';' | ',' | '，' | '、' | '；') || c.is_whitespace())
        .filter(|p| !p.is_empty());
    for part in parts {
        match IndustryCode::parse(part).filter(|c| catalog.industries.contains_key(c)) {
            Some(code) if !codes.contains(&code) => codes.push(code),
            Some(_) => {}
            None => v.push(FieldError::new(
                "leading_industries",
                "unknown",
                format!("“{part}”不是国民经济行业分类（GB/T 4754-2017）门类或大类代码"),
                format!("\"{part}\" is not a GB/T 4754-2017 section or division code"),
            )),
        }
    }
    if codes.len() > MAX_INDUSTRIES {
        v.push(FieldError::new(
            "leading_industries",
            "too_many",
            format!("主导产业最多{MAX_INDUSTRIES}个"),
            format!("at most {MAX_INDUSTRIES} leading industries"),
        ));
    }
    codes
}

fn seaport(
    v: &mut Validation,
    input: &ZoneInput,
    catalog: &ReferenceCatalog,
) -> Option<GivenSeaport> {
    let km = quantity(v, "seaport_km", &input.seaport_km, 0);
    let hours = quantity(v, "seaport_hours", &input.seaport_hours, 1);
    let name = opt(&input.seaport);
    if name.is_none() && km.is_none() && hours.is_none() {
        return None;
    }
    let port = match &name {
        None => {
            v.push(FieldError::required("seaport", "最近海港"));
            None
        }
        Some(name) => match catalog.port_by_name(name) {
            Some(port) if port.kind == PortKind::Sea => Some(port),
            Some(_) => {
                v.push(FieldError::new(
                    "seaport",
                    "not_sea_port",
                    format!("“{name}”不是海港"),
                    format!("\"{name}\" is not a seaport"),
                ));
                None
            }
            None => {
                v.push(FieldError::new(
                    "seaport",
                    "unknown",
                    format!("未知港口“{name}”"),
                    format!("unknown port \"{name}\""),
                ));
                None
            }
        },
    };
    if km.is_none() {
        v.push(FieldError::required("seaport_km", "距海港公里数"));
    }
    if hours.is_none() {
        v.push(FieldError::required("seaport_hours", "距海港小时数"));
    }
    let (port, km, hours) = (port?, km?, hours?);
    let (Ok(km), Ok(hours_tenths)) = (u32::try_from(km), u32::try_from(hours)) else {
        v.push(FieldError::new(
            "seaport_km",
            "out_of_range",
            "距离超出范围",
            "distance out of range",
        ));
        return None;
    };
    Some(GivenSeaport {
        port_id: port.id,
        km,
        hours_tenths,
    })
}

fn contact(v: &mut Validation, input: &ZoneInput) -> ZoneContact {
    let phone = text(v, "contact_phone", &input.contact_phone, 40);
    if let Some(p) = &phone {
        let ok = p
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' ' | '(' | ')' | '转'));
        if !ok {
            v.push(FieldError::new(
                "contact_phone",
                "invalid",
                "电话号码只能包含数字、空格和 + - ( )",
                "phone may contain digits, spaces and + - ( ) only",
            ));
        }
    }
    let email = text(v, "contact_email", &input.contact_email, 200);
    if let Some(e) = &email {
        let ok = e
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if !ok {
            v.push(FieldError::new(
                "contact_email",
                "invalid",
                "电子邮箱格式不正确",
                "not an e-mail address",
            ));
        }
    }
    let website = text(v, "website", &input.website, 300);
    if let Some(w) = &website
        && !(w.starts_with("http://") || w.starts_with("https://"))
    {
        v.push(FieldError::new(
            "website",
            "invalid",
            "网址须以 http:// 或 https:// 开头",
            "website must start with http:// or https://",
        ));
    }
    ZoneContact {
        name: text(v, "contact_name", &input.contact_name, 50),
        phone,
        email,
        website,
    }
}

impl ZoneInput {
    /// Checks every field against the rules and the catalog; all problems are reported at once.
    pub fn validate(
        &self,
        catalog: &ReferenceCatalog,
        this_year: i32,
    ) -> Result<ZoneFields, Validation> {
        let mut v = Validation::default();
        let name_zh = text(&mut v, "name_zh", &self.name_zh, MAX_NAME);
        if opt(&self.name_zh).is_none() {
            v.push(FieldError::required("name_zh", "开发区名称"));
        }
        let level = match opt(&self.level) {
            None => {
                v.push(FieldError::required("level", "级别"));
                None
            }
            Some(raw) => ZoneLevel::parse(&raw).or_else(|| {
                v.push(FieldError::new(
                    "level",
                    "unknown",
                    format!("未知级别“{raw}”"),
                    format!("unknown level \"{raw}\""),
                ));
                None
            }),
        };
        let province_code = match opt(&self.province_code) {
            None => {
                v.push(FieldError::required("province_code", "省份代码"));
                None
            }
            Some(raw) => ProvinceCode::parse(&raw)
                .filter(|c| catalog.province(c).is_some())
                .or_else(|| {
                    v.push(FieldError::new(
                        "province_code",
                        "unknown",
                        format!("未知省份代码“{raw}”（应为 GB/T 2260 六位代码，如 510000）"),
                        format!(
                            "unknown province code \"{raw}\" (a GB/T 2260 code such as 510000)"
                        ),
                    ));
                    None
                }),
        };
        let approved_year = opt(&self.approved_year).and_then(|raw| match raw.parse::<i32>() {
            Ok(y) if (FIRST_ZONE_YEAR..=this_year).contains(&y) => Some(y),
            _ => {
                v.push(FieldError::new(
                    "approved_year",
                    "out_of_range",
                    format!("批准年份应在{FIRST_ZONE_YEAR}年至{this_year}年之间"),
                    format!("approved_year must be between {FIRST_ZONE_YEAR} and {this_year}"),
                ));
                None
            }
        });
        let name_en = text(&mut v, "name_en", &self.name_en, 200);
        let city_zh = text(&mut v, "city_zh", &self.city_zh, 50);
        let location = location(&mut v, &self.lat, &self.lon);
        let national_in_2006 = flag(&mut v, "national_in_2006", &self.national_in_2006);
        let named_in_notice = flag(&mut v, "named_in_notice", &self.named_in_notice);
        let area_hectares = quantity(&mut v, "area_km2", &self.area_km2, 2);
        let leading_industries = industries(&mut v, &self.leading_industries, catalog);
        let land_price_fen_per_m2 = amount(
            &mut v,
            "land_price_yuan_per_m2",
            &self.land_price_yuan_per_m2,
        );
        let avg_wage_fen_per_month = amount(
            &mut v,
            "avg_wage_yuan_per_month",
            &self.avg_wage_yuan_per_month,
        );
        let labour_available = whole_number(
            &mut v,
            "labour_available",
            &self.labour_available,
            10_000_000,
        );
        let seaport = seaport(&mut v, self, catalog);
        let contact = contact(&mut v, self);
        let description_zh = text(&mut v, "description_zh", &self.description_zh, MAX_TEXT);
        let description_en = text(&mut v, "description_en", &self.description_en, MAX_TEXT);
        match (name_zh, level, province_code) {
            (Some(name_zh), Some(level), Some(province_code)) if v.is_empty() => Ok(ZoneFields {
                name_zh,
                name_en,
                level,
                province_code,
                city_zh,
                location,
                approved_year,
                national_in_2006,
                named_in_notice,
                area_hectares,
                leading_industries,
                land_price_fen_per_m2,
                avg_wage_fen_per_month,
                labour_available,
                seaport,
                contact,
                description_zh,
                description_en,
            }),
            _ => Err(v),
        }
    }
}

impl ZoneInput {
    /// The row a stored zone exports as; importing it again gives the same fields.
    pub fn from_fields(f: &ZoneFields, catalog: &ReferenceCatalog) -> ZoneInput {
        use crate::decimal::format_scaled;
        let s = |o: &Option<String>| o.clone().unwrap_or_default();
        let yes_no = |b: bool| if b { "是" } else { "否" }.to_owned();
        let port_name = f
            .seaport
            .and_then(|g| catalog.port(g.port_id))
            .map(|p| p.name_zh.clone());
        ZoneInput {
            name_zh: f.name_zh.clone(),
            name_en: s(&f.name_en),
            level: f.level.code().to_owned(),
            province_code: f.province_code.to_string(),
            city_zh: s(&f.city_zh),
            lat: f.location.map(|p| p.lat.to_string()).unwrap_or_default(),
            lon: f.location.map(|p| p.lon.to_string()).unwrap_or_default(),
            approved_year: f.approved_year.map(|y| y.to_string()).unwrap_or_default(),
            national_in_2006: yes_no(f.national_in_2006),
            named_in_notice: yes_no(f.named_in_notice),
            area_km2: f
                .area_hectares
                .map(|a| format_scaled(a, 2))
                .unwrap_or_default(),
            leading_industries: f
                .leading_industries
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            land_price_yuan_per_m2: f
                .land_price_fen_per_m2
                .map(|v| v.to_yuan_string())
                .unwrap_or_default(),
            avg_wage_yuan_per_month: f
                .avg_wage_fen_per_month
                .map(|v| v.to_yuan_string())
                .unwrap_or_default(),
            labour_available: f
                .labour_available
                .map(|n| n.to_string())
                .unwrap_or_default(),
            seaport: port_name.unwrap_or_default(),
            seaport_km: f.seaport.map(|g| g.km.to_string()).unwrap_or_default(),
            seaport_hours: f
                .seaport
                .map(|g| format_scaled(i64::from(g.hours_tenths), 1))
                .unwrap_or_default(),
            contact_name: s(&f.contact.name),
            contact_phone: s(&f.contact.phone),
            contact_email: s(&f.contact.email),
            website: s(&f.contact.website),
            description_zh: s(&f.description_zh),
            description_en: s(&f.description_en),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::LatLon;
    use crate::industry::{Industry, IndustryLevel};
    use crate::money::Fen;
    use crate::port::Port;
    use crate::region::{Province, Region};
    use proptest::prelude::*;

    fn catalog() -> ReferenceCatalog {
        let province = |code: &str, name: &str, region| Province {
            code: ProvinceCode::parse(code).expect("code"),
            name_zh: name.into(),
            name_en: name.into(),
            region,
            western_development: region == Region::West,
            coastal_economic_zone: None,
        };
        let industry = |code: &str| Industry {
            code: IndustryCode::parse(code).expect("code"),
            level: IndustryLevel::Division,
            parent: None,
            name_zh: code.into(),
            name_en: None,
        };
        let port = |id, name: &str, kind| Port {
            id,
            name_zh: name.into(),
            name_en: name.into(),
            province_code: ProvinceCode::parse("31").expect("code"),
            kind,
            location: LatLon::new(31.2, 121.5).expect("point"),
        };
        ReferenceCatalog::new(
            vec![
                province("510000", "四川省", Region::West),
                province("310000", "上海市", Region::East),
            ],
            vec![industry("C"), industry("39"), industry("36")],
            vec![
                port(1, "上海港", PortKind::Sea),
                port(2, "重庆港", PortKind::River),
            ],
        )
    }

    fn chengdu() -> ZoneInput {
        ZoneInput {
            name_zh: "成都经济技术开发区".into(),
            level: "国家级经济技术开发区".into(),
            province_code: "510000".into(),
            city_zh: "成都市".into(),
            lat: "30.56".into(),
            lon: "104.26".into(),
            approved_year: "2000".into(),
            national_in_2006: "是".into(),
            area_km2: "26.5".into(),
            leading_industries: "36、39".into(),
            land_price_yuan_per_m2: "360.5".into(),
            avg_wage_yuan_per_month: "6200".into(),
            seaport: "上海港".into(),
            seaport_km: "1980".into(),
            seaport_hours: "26.5".into(),
            contact_email: "invest@example.cn".into(),
            ..ZoneInput::default()
        }
    }

    #[test]
    fn a_complete_row_validates_exactly() {
        let f = chengdu().validate(&catalog(), 2026).expect("valid");
        assert_eq!(f.level, ZoneLevel::NationalEtdz);
        assert_eq!(f.area_hectares, Some(2650));
        assert_eq!(f.land_price_fen_per_m2, Some(Fen(36_050)));
        assert_eq!(f.avg_wage_fen_per_month, Some(Fen(620_000)));
        assert_eq!(f.leading_industries.len(), 2);
        assert!(f.national_in_2006);
        assert_eq!(f.seaport.map(|s| s.hours_tenths), Some(265));
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let input = ZoneInput {
            name_zh: " ".into(),
            province_code: "990000".into(),
            land_price_yuan_per_m2: "-5".into(),
            ..chengdu()
        };
        let errors = input.validate(&catalog(), 2026).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["name_zh", "province_code", "land_price_yuan_per_m2"]
        );
        assert!(
            errors
                .0
                .iter()
                .all(|e| !e.message_zh.is_empty() && !e.message_en.is_empty())
        );
    }

    #[test]
    fn river_ports_unknown_industries_and_future_years_are_refused() {
        let input = ZoneInput {
            seaport: "重庆港".into(),
            leading_industries: "39;98".into(),
            approved_year: "2030".into(),
            lat: "30.5".into(),
            lon: "".into(),
            ..chengdu()
        };
        let errors = input.validate(&catalog(), 2026).expect_err("invalid");
        let codes: Vec<(&str, &str)> = errors
            .0
            .iter()
            .map(|e| (e.field.as_str(), e.code))
            .collect();
        assert!(codes.contains(&("seaport", "not_sea_port")), "{codes:?}");
        assert!(
            codes.contains(&("leading_industries", "unknown")),
            "{codes:?}"
        );
        assert!(
            codes.contains(&("approved_year", "out_of_range")),
            "{codes:?}"
        );
        assert!(codes.contains(&("lon", "required")), "{codes:?}");
    }

    proptest! {
        #[test]
        fn exported_rows_import_to_the_same_fields(
            price in 0i64..10_000_000, wage in 0i64..10_000_000, area in 0i64..1_000_000
        ) {
            let mut fields = chengdu().validate(&catalog(), 2026).expect("valid");
            fields.land_price_fen_per_m2 = Some(Fen(price));
            fields.avg_wage_fen_per_month = Some(Fen(wage));
            fields.area_hectares = Some(area);
            let again = ZoneInput::from_fields(&fields, &catalog()).validate(&catalog(), 2026);
            prop_assert_eq!(again, Ok(fields));
        }
    }
}
