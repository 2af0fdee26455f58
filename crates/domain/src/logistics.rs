//! Logistics channels (measure 6): the network of hubs and ports joined by road, rail and
//! river links, the checks on the ministry's edits to it, and (in [`route`]) the shortest
//! routes from every zone to every port that matching reads instead of straight lines.

pub mod route;

#[cfg(test)]
mod props;

use crate::geo::LatLon;
use crate::input::{amount, choice, quantity, required_text, text, whole_number};
use crate::reference::ReferenceCatalog;
use crate::region::{ProvinceCode, Region};
use crate::{FieldError, Validation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How a link is travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Road,
    Rail,
    River,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Road, Mode::Rail, Mode::River];

    pub fn code(self) -> &'static str {
        match self {
            Mode::Road => "road",
            Mode::Rail => "rail",
            Mode::River => "river",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Mode::Road => "公路",
            Mode::Rail => "铁路",
            Mode::River => "水运",
        }
    }

    /// Accepts the code or the Chinese name, as typed in a form or a spreadsheet.
    pub fn parse(raw: &str) -> Option<Mode> {
        let raw = raw.trim();
        Mode::ALL
            .into_iter()
            .find(|m| m.code() == raw || m.name_zh() == raw)
    }
}

/// A place of the network: a city's freight hub, a rail or river terminal, or a port (then
/// `port_id` names it, and routes to that port end here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Node {
    pub id: i64,
    pub name_zh: String,
    pub province_code: ProvinceCode,
    pub location: LatLon,
    pub port_id: Option<i64>,
}

/// A link between two nodes, travelled both ways with the same figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Link {
    pub id: i64,
    pub from_node: i64,
    pub to_node: i64,
    pub mode: Mode,
    /// The corridor the link belongs to (长江黄金水道, 京广 …), for the map and the legend.
    pub corridor: String,
    pub km: u32,
    /// Hours for a container, loading and transfer included, in tenths (`125` = 12.5 h).
    pub hours_tenths: u32,
    /// Cost per standard container (TEU), in fen.
    pub cost_fen: i64,
}

/// The longest single link accepted: longer than any domestic leg, short enough to catch a
/// slipped digit.
pub const MAX_LINK_KM: u32 = 6_000;
/// A fortnight, in tenths of an hour: slower legs are typing mistakes.
pub const MAX_LINK_HOURS_TENTHS: i64 = 14 * 24 * 10;

/// A link as typed by the ministry: every field text, checked by [`LinkInput::check`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct LinkInput {
    /// Node id or the node's Chinese name.
    pub from_node: String,
    pub to_node: String,
    /// `road`, `rail`, `river` or 公路 / 铁路 / 水运.
    pub mode: String,
    pub corridor: String,
    pub km: String,
    /// Hours, up to one decimal.
    pub hours: String,
    /// 元 per container, up to two decimals.
    pub cost: String,
}

fn find_node<'a>(nodes: &'a [Node], raw: &str) -> Option<&'a Node> {
    let raw = raw.trim();
    match raw.parse::<i64>() {
        Ok(id) => nodes.iter().find(|n| n.id == id),
        Err(_) => nodes.iter().find(|n| n.name_zh == raw),
    }
}

fn node_field(v: &mut Validation, field: &str, raw: &str, nodes: &[Node]) -> Option<i64> {
    let raw = required_text(v, field, "节点", raw, 64)?;
    let found = find_node(nodes, &raw).map(|n| n.id);
    if found.is_none() {
        v.push(FieldError::new(
            field,
            "unknown",
            format!("网络中没有节点“{raw}”"),
            format!("{field}: there is no node \"{raw}\" in the network"),
        ));
    }
    found
}

impl LinkInput {
    /// The link it describes (id 0 until stored), or every field at fault.
    pub fn check(&self, nodes: &[Node]) -> Result<Link, Validation> {
        let mut v = Validation::default();
        let from = node_field(&mut v, "from_node", &self.from_node, nodes);
        let to = node_field(&mut v, "to_node", &self.to_node, nodes);
        if let (Some(a), Some(b)) = (from, to)
            && a == b
        {
            v.push(FieldError::new(
                "to_node",
                "same_node",
                "起点和终点不能是同一节点",
                "to_node must differ from from_node",
            ));
        }
        let mode = choice(&mut v, "mode", "运输方式", &self.mode, Mode::parse);
        let corridor = text(&mut v, "corridor", &self.corridor, 64).unwrap_or_default();
        let km = whole_number(&mut v, "km", &self.km, MAX_LINK_KM).map(i64::from);
        let km = positive(&mut v, "km", "里程", km, self.km.trim().is_empty());
        let hours = quantity(&mut v, "hours", &self.hours, 1);
        let hours = match hours {
            Some(h) if h > MAX_LINK_HOURS_TENTHS => {
                v.push(FieldError::new(
                    "hours",
                    "out_of_range",
                    "时长不能超过 336 小时（两周）",
                    "hours must be at most 336 (a fortnight)",
                ));
                None
            }
            other => positive(&mut v, "hours", "时长", other, self.hours.trim().is_empty()),
        };
        let cost = match amount(&mut v, "cost", &self.cost) {
            Some(fen) => Some(fen.0),
            None if self.cost.trim().is_empty() => {
                v.push(FieldError::required("cost", "每箱运费"));
                None
            }
            None => None,
        };
        match (from, to, mode, km, hours, cost) {
            (Some(from_node), Some(to_node), Some(mode), Some(km), Some(hours), Some(cost_fen))
                if v.is_empty() =>
            {
                Ok(Link {
                    id: 0,
                    from_node,
                    to_node,
                    mode,
                    corridor,
                    km: km as u32,
                    hours_tenths: hours as u32,
                    cost_fen,
                })
            }
            _ => Err(v),
        }
    }
}

/// A figure that must be given and above zero (a link of zero hours would let a route
/// cross the country for free). `missing` says the raw text was empty.
fn positive(
    v: &mut Validation,
    field: &str,
    label_zh: &str,
    value: Option<i64>,
    missing: bool,
) -> Option<i64> {
    match value {
        Some(n) if n > 0 => Some(n),
        Some(_) => {
            v.push(FieldError::new(
                field,
                "not_positive",
                format!("{label_zh}必须大于零"),
                format!("{field} must be greater than zero"),
            ));
            None
        }
        None if missing => {
            v.push(FieldError::required(field, label_zh));
            None
        }
        None => None,
    }
}

/// A port (and the network node it stands at) as typed by the ministry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct PortInput {
    pub name_zh: String,
    pub name_en: String,
    /// GB/T 2260 province code.
    pub province_code: String,
    /// `sea`, `river` or `dry`.
    pub kind: String,
    pub lat: String,
    pub lon: String,
}

/// A checked [`PortInput`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewPort {
    pub name_zh: String,
    pub name_en: String,
    pub province_code: ProvinceCode,
    pub kind: crate::port::PortKind,
    pub location: LatLon,
}

impl PortInput {
    pub fn check(&self, catalog: &ReferenceCatalog) -> Result<NewPort, Validation> {
        let mut v = Validation::default();
        let name_zh = required_text(&mut v, "name_zh", "港口名称", &self.name_zh, 64);
        if let Some(name) = &name_zh
            && catalog.port_by_name(name).is_some()
        {
            v.push(FieldError::new(
                "name_zh",
                "duplicate",
                format!("港口“{name}”已存在"),
                format!("name_zh: port \"{name}\" already exists"),
            ));
        }
        let name_en = text(&mut v, "name_en", &self.name_en, 128).unwrap_or_default();
        let province =
            crate::input::province(&mut v, "province_code", &self.province_code, catalog);
        let kind = choice(
            &mut v,
            "kind",
            "港口类型",
            &self.kind,
            crate::port::PortKind::parse,
        );
        let lat = coordinate(&mut v, "lat", &self.lat);
        let lon = coordinate(&mut v, "lon", &self.lon);
        let location = match (lat, lon) {
            (Some(lat), Some(lon)) => {
                let point = LatLon::new(lat, lon);
                if point.is_none() {
                    v.push(FieldError::new(
                        "lat",
                        "outside_china",
                        "坐标不在中国境内（纬度 3–54，经度 73–136）",
                        "lat/lon are outside China (lat 3–54, lon 73–136)",
                    ));
                }
                point
            }
            _ => None,
        };
        match (name_zh, province, kind, location) {
            (Some(name_zh), Some(province_code), Some(kind), Some(location)) if v.is_empty() => {
                Ok(NewPort {
                    name_zh,
                    name_en,
                    province_code,
                    kind,
                    location,
                })
            }
            _ => Err(v),
        }
    }
}

fn coordinate(v: &mut Validation, field: &str, raw: &str) -> Option<f64> {
    let raw = raw.trim();
    if raw.is_empty() {
        v.push(FieldError::required(field, "坐标"));
        return None;
    }
    let parsed = raw.parse::<f64>().ok().filter(|x| x.is_finite());
    if parsed.is_none() {
        v.push(FieldError::new(
            field,
            "not_a_number",
            format!("“{raw}”不是有效坐标"),
            format!("{field}: \"{raw}\" is not a coordinate"),
        ));
    }
    parsed
}

/// A clearance-cooperation agreement (大通关 / 电子口岸): a coastal port and an interior
/// province clearing goods together, with the measures taken and the clearance time per
/// container before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ClearanceAgreement {
    pub id: i64,
    pub port_id: i64,
    pub province_code: ProvinceCode,
    pub measures: String,
    /// Clearance hours per container before the agreement, in tenths.
    pub hours_before_tenths: u32,
    pub hours_after_tenths: u32,
    pub signed_on: chrono::NaiveDate,
}

impl ClearanceAgreement {
    /// The clearance time saved, in basis points of the time before (7,000 = 70 % less),
    /// rounded toward zero; negative when clearance got slower, `None` when there was no
    /// time before to compare with.
    pub fn saved_bp(&self) -> Option<i64> {
        let before = i64::from(self.hours_before_tenths);
        let after = i64::from(self.hours_after_tenths);
        (before > 0).then(|| (before - after) * 10_000 / before)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ClearanceInput {
    /// Port id or Chinese name (a seaport).
    pub port: String,
    /// The interior province (GB/T 2260).
    pub province_code: String,
    pub measures: String,
    /// Hours, up to one decimal.
    pub hours_before: String,
    pub hours_after: String,
    /// `YYYY-MM-DD`.
    pub signed_on: String,
}

impl ClearanceInput {
    pub fn check(&self, catalog: &ReferenceCatalog) -> Result<ClearanceAgreement, Validation> {
        let mut v = Validation::default();
        let raw = self.port.trim();
        let port = raw
            .parse::<i64>()
            .ok()
            .and_then(|id| catalog.port(id))
            .or_else(|| catalog.port_by_name(raw));
        let port_id = match port {
            Some(p) if p.kind == crate::port::PortKind::Sea => Some(p.id),
            Some(_) => {
                v.push(FieldError::new(
                    "port",
                    "not_a_seaport",
                    format!("“{raw}”不是沿海港口"),
                    format!("port \"{raw}\" is not a seaport"),
                ));
                None
            }
            None if raw.is_empty() => {
                v.push(FieldError::required("port", "港口"));
                None
            }
            None => {
                v.push(FieldError::new(
                    "port",
                    "unknown",
                    format!("没有港口“{raw}”"),
                    format!("there is no port \"{raw}\""),
                ));
                None
            }
        };
        let province =
            crate::input::province(&mut v, "province_code", &self.province_code, catalog);
        // The notice's 大通关 cooperation joins coastal ports with central and western China.
        if let Some(p) = province.as_ref().and_then(|c| catalog.province(c))
            && !matches!(p.region, Region::Central | Region::West)
        {
            v.push(FieldError::new(
                "province_code",
                "not_central_or_west",
                format!(
                    "{}不属于中西部地区，大通关协作是沿海口岸与中西部省份的协作",
                    p.name_zh
                ),
                format!(
                    "{} is not a central or western province; clearance cooperation joins \
                     coastal ports with central and western provinces",
                    p.code.as_str()
                ),
            ));
        }
        let measures = required_text(&mut v, "measures", "通关措施", &self.measures, 2000);
        let mut hours = |field: &str, raw: &str| match quantity(&mut v, field, raw, 1) {
            Some(h) if h > MAX_LINK_HOURS_TENTHS => {
                v.push(FieldError::new(
                    field,
                    "out_of_range",
                    "通关时间不能超过 336 小时",
                    format!("{field} must be at most 336 hours"),
                ));
                None
            }
            None if raw.trim().is_empty() => {
                v.push(FieldError::required(field, "通关时间"));
                None
            }
            other => other,
        };
        let before = hours("hours_before", &self.hours_before);
        let after = hours("hours_after", &self.hours_after);
        let signed_on = crate::input::date(&mut v, "signed_on", &self.signed_on);
        if signed_on.is_none() && self.signed_on.trim().is_empty() {
            v.push(FieldError::required("signed_on", "签署日期"));
        }
        match (port_id, province, measures, before, after, signed_on) {
            (
                Some(port_id),
                Some(province_code),
                Some(measures),
                Some(b),
                Some(a),
                Some(signed_on),
            ) if v.is_empty() => Ok(ClearanceAgreement {
                id: 0,
                port_id,
                province_code,
                measures,
                hours_before_tenths: b as u32,
                hours_after_tenths: a as u32,
                signed_on,
            }),
            _ => Err(v),
        }
    }
}
