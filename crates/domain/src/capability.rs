//! The capabilities of the JSON API, so an API token can be limited to some of them: a
//! price-reporting system's token reads and writes prices and nothing else.

use crate::error::FieldError;
use serde::Serialize;

/// One part of the API, named as the capability it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// Development zones and their profiles.
    Zones,
    /// Enterprises, relocation demand, investment projects, matching and search.
    Transfer,
    /// Investment pipelines, problems, duplicate reviews and figures.
    Pipeline,
    /// Programme funds: applications, reviews, pools.
    Funds,
    /// Technician training: rosters, plans, classes, subsidies.
    Training,
    /// Cooperation agreements and co-built parks.
    Cooperation,
    /// Investment-promotion events and their meetings.
    Events,
    /// The logistics network and clearance cooperation.
    Logistics,
    /// Service outsourcing, labour cooperation and recycling.
    Services,
    /// Rural commerce: information stations, wholesale markets and distributors, farm-product
    /// trade.
    Rural,
    /// Price reports and their series, indices and overview.
    Prices,
    /// Statistical returns (统计直报) of the zones.
    Returns,
}

impl Capability {
    pub const ALL: [Capability; 12] = [
        Capability::Zones,
        Capability::Transfer,
        Capability::Pipeline,
        Capability::Funds,
        Capability::Training,
        Capability::Cooperation,
        Capability::Events,
        Capability::Logistics,
        Capability::Services,
        Capability::Rural,
        Capability::Prices,
        Capability::Returns,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Capability::Zones => "zones",
            Capability::Transfer => "transfer",
            Capability::Pipeline => "pipeline",
            Capability::Funds => "funds",
            Capability::Training => "training",
            Capability::Cooperation => "cooperation",
            Capability::Events => "events",
            Capability::Logistics => "logistics",
            Capability::Services => "services",
            Capability::Rural => "rural",
            Capability::Prices => "prices",
            Capability::Returns => "returns",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Capability::Zones => "开发区",
            Capability::Transfer => "产业转移（企业、需求、项目、匹配、检索）",
            Capability::Pipeline => "招商项目台账",
            Capability::Funds => "专项资金",
            Capability::Training => "技工培训",
            Capability::Cooperation => "东中西合作",
            Capability::Events => "招商活动",
            Capability::Logistics => "物流通道与大通关",
            Capability::Services => "服务外包、劳务合作与再生资源",
            Capability::Rural => "农村商务信息",
            Capability::Prices => "批发市场价格",
            Capability::Returns => "统计直报",
        }
    }

    pub fn parse(code: &str) -> Option<Capability> {
        Capability::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The part of the API a path under `/api/v1/` belongs to. `Ok(None)`: open to every
    /// token (the caller's own account, reference lists, the public statistics). `Err`: a
    /// path this table does not know, which a limited token is refused (deny by default).
    pub fn of_path(path: &str) -> Result<Option<Capability>, UnknownPath> {
        let rest = path.strip_prefix("/api/v1/").ok_or(UnknownPath)?;
        // The first segment names the capability; `distributors.xlsx` is the distributors'.
        let first = rest.split(['/', '.']).next().unwrap_or_default();
        let found = match first {
            "me" | "todos" | "provinces" | "industries" | "ports" | "stats" => None,
            // The programme's targets are public; editing them needs the ministry's right.
            "targets" => None,
            // A zone's matched demands are transfer's, not the zone register's.
            "zones" if rest.ends_with("/demands") => Some(Capability::Transfer),
            "zones" => Some(Capability::Zones),
            "enterprise" | "enterprises" | "demands" | "projects" | "matching" | "search" => {
                Some(Capability::Transfer)
            }
            "pipeline" | "pipeline-problems" | "pipeline-reviews" | "pipeline-figures"
            | "promotion-events" => Some(Capability::Pipeline),
            "funds" => Some(Capability::Funds),
            "training" => Some(Capability::Training),
            "agreements" | "parks" => Some(Capability::Cooperation),
            "events" => Some(Capability::Events),
            "logistics" => Some(Capability::Logistics),
            "outsourcing" | "labour" | "recycling" => Some(Capability::Services),
            // A market's price reports are prices'; the market register is rural commerce's.
            "markets" if rest.ends_with("/prices") => Some(Capability::Prices),
            "rural" | "distributors" | "farm-trade" | "markets" => Some(Capability::Rural),
            "prices" => Some(Capability::Prices),
            "returns" => Some(Capability::Returns),
            _ => return Err(UnknownPath),
        };
        Ok(found)
    }
}

/// A path the capability table does not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownPath;

/// What a token may reach: every capability, or only those listed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Capabilities(Vec<Capability>);

impl Capabilities {
    /// Every capability (the default: a token limited only by its holder's rights).
    pub fn all() -> Capabilities {
        Capabilities(Vec::new())
    }

    /// Only those listed, sorted and each once; an empty list means all.
    pub fn only(list: impl IntoIterator<Item = Capability>) -> Capabilities {
        let mut list: Vec<Capability> = list.into_iter().collect();
        list.sort_unstable();
        list.dedup();
        Capabilities(list)
    }

    pub fn is_all(&self) -> bool {
        self.0.is_empty()
    }

    pub fn listed(&self) -> &[Capability] {
        &self.0
    }

    /// Whether a request to `path` is within these capabilities.
    pub fn allow(&self, path: &str) -> bool {
        self.is_all()
            || match Capability::of_path(path) {
                Ok(None) => true,
                Ok(Some(c)) => self.0.contains(&c),
                Err(UnknownPath) => false,
            }
    }

    /// As stored: the codes, comma-separated; empty for all.
    pub fn text(&self) -> String {
        self.0
            .iter()
            .map(|c| c.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads the stored text back; `None` for a code this build does not know.
    pub fn from_text(text: &str) -> Option<Capabilities> {
        if text.is_empty() {
            return Some(Capabilities::all());
        }
        text.split(',')
            .map(Capability::parse)
            .collect::<Option<Vec<_>>>()
            .map(Capabilities::only)
    }

    /// Reads codes a user typed or ticked; an unknown one is refused naming `field`.
    pub fn parse_codes<'a>(
        field: &str,
        codes: impl IntoIterator<Item = &'a str>,
    ) -> Result<Capabilities, FieldError> {
        let mut list = Vec::new();
        for code in codes.into_iter().map(str::trim).filter(|c| !c.is_empty()) {
            let capability = Capability::parse(code).ok_or_else(|| {
                FieldError::new(
                    field,
                    "unknown_capability",
                    format!("没有“{code}”这一功能范围"),
                    format!(
                        "{field}: no capability '{code}' (one of {})",
                        Capability::ALL.map(Capability::code).join(", ")
                    ),
                )
            })?;
            list.push(capability);
        }
        Ok(Capabilities::only(list))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn paths_map_to_their_capability_and_unknown_ones_are_refused() {
        let of = |p: &str| Capability::of_path(p);
        assert_eq!(of("/api/v1/prices/series"), Ok(Some(Capability::Prices)));
        assert_eq!(of("/api/v1/markets/3/prices"), Ok(Some(Capability::Prices)));
        assert_eq!(of("/api/v1/markets/3"), Ok(Some(Capability::Rural)));
        assert_eq!(of("/api/v1/zones/7"), Ok(Some(Capability::Zones)));
        assert_eq!(
            of("/api/v1/zones/7/demands"),
            Ok(Some(Capability::Transfer))
        );
        assert_eq!(
            of("/api/v1/pipeline-figures"),
            Ok(Some(Capability::Pipeline))
        );
        assert_eq!(of("/api/v1/me"), Ok(None));
        assert_eq!(of("/api/v1/distributors.xlsx"), Ok(Some(Capability::Rural)));
        assert_eq!(of("/api/v1/nonsense"), Err(UnknownPath));
        assert_eq!(of("/console/zones"), Err(UnknownPath));
    }

    #[test]
    fn a_limited_token_reaches_its_capabilities_and_the_open_paths_only() {
        let prices = Capabilities::only([Capability::Prices]);
        assert!(prices.allow("/api/v1/prices/reports"));
        assert!(prices.allow("/api/v1/me"));
        assert!(!prices.allow("/api/v1/funds/applications"));
        assert!(!prices.allow("/api/v1/unmapped"));
        assert!(Capabilities::all().allow("/api/v1/funds/applications"));
        assert!(
            Capabilities::all().allow("/api/v1/unmapped"),
            "rights decide"
        );
    }

    #[test]
    fn typed_codes_are_checked_naming_the_field() {
        let ok = Capabilities::parse_codes("capabilities", ["prices", " zones", ""]).expect("ok");
        assert_eq!(ok.listed(), &[Capability::Zones, Capability::Prices]);
        let err = Capabilities::parse_codes("capabilities", ["prices", "money"]).expect_err("bad");
        assert_eq!(
            (err.field.as_str(), err.code),
            ("capabilities", "unknown_capability")
        );
        assert!(Capabilities::from_text("prices,nope").is_none());
    }

    proptest! {
        #[test]
        fn stored_text_reads_back(picks in proptest::collection::vec(0usize..11, 0..15)) {
            let caps = Capabilities::only(picks.into_iter().map(|i| Capability::ALL[i]));
            prop_assert_eq!(Capabilities::from_text(&caps.text()), Some(caps));
        }
    }
}
