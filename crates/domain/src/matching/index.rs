//! The match index: zones reduced once to the columns the score reads (industry bitmasks,
//! costs, labour, location, support counts), sorted by id, so that a demand is one pass
//! over flat rows. Rebuild it when zones or rules change.

use super::support::MatchRules;
use crate::geo::LatLon;
use crate::industry::{Industry, IndustryCode, IndustryLevel};
use crate::port::Port;
use crate::reference::ReferenceCatalog;
use crate::region::Region;
use crate::zone::{Zone, ZoneLevel};
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Industry codes as bitmasks: divisions 01–99 and the sections A–T.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct IndustrySet {
    divisions: u128,
    /// Sections listed as such (a zone that lists "C" itself).
    listed_sections: u32,
    /// Sections of every listed code.
    sections: u32,
}

/// A code split into the parts matching compares: its division (if any) and its section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IndustryKey {
    division: Option<u8>,
    section: u8,
}

impl IndustryKey {
    pub(crate) fn of(code: &IndustryCode) -> Option<IndustryKey> {
        let section = code.section()?.as_str().bytes().next()?.checked_sub(b'A')?;
        let division = match code.level() {
            IndustryLevel::Division => Some(code.as_str().parse::<u8>().ok()?),
            IndustryLevel::Section => None,
        };
        Some(IndustryKey { division, section })
    }
}

impl IndustrySet {
    fn from_codes(codes: &[IndustryCode]) -> IndustrySet {
        let mut set = IndustrySet::default();
        for key in codes.iter().filter_map(IndustryKey::of) {
            set.sections |= 1 << key.section;
            match key.division {
                Some(d) => set.divisions |= 1 << d,
                None => set.listed_sections |= 1 << key.section,
            }
        }
        set
    }

    /// Fit in halves: 2 the same code, 1 the same section, 0 neither. A demand given only
    /// as a section fits a zone listing one of its divisions by half: the zone wants part
    /// of the section, not necessarily the enterprise's part.
    pub(crate) fn fit(&self, key: IndustryKey) -> i64 {
        let exact = match key.division {
            Some(d) => self.divisions & (1 << d) != 0,
            None => self.listed_sections & (1 << key.section) != 0,
        };
        if exact {
            2
        } else if self.sections & (1 << key.section) != 0 {
            1
        } else {
            0
        }
    }
}

/// One zone as the score reads it.
#[derive(Debug, Clone)]
pub(crate) struct ZoneRow {
    pub id: i64,
    pub level: ZoneLevel,
    pub region: Region,
    pub location: Option<LatLon>,
    /// `None` when the zone lists no leading industry.
    pub industries: Option<IndustrySet>,
    /// Fen per m², at least 1 so that the cost index is defined.
    pub land: Option<i64>,
    pub wage: Option<i64>,
    pub labour: Option<u32>,
    /// Certified technicians the zone has trained (notice 3.1); those whose trade the
    /// demand's industry employs are added to `labour` when a demand is scored.
    pub technicians: Technicians,
    /// The zone's own seaport figure: (port id, hours in tenths).
    pub given_seaport: Option<(i64, u32)>,
    pub region_points: i64,
    /// Measures reached: `[other enterprise, processing-trade enterprise]`.
    pub support: [i64; 2],
}

/// A zone's certified technicians, by the industries whose plants employ their trades.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Technicians {
    /// Every certified technician, whatever the trade.
    total: u32,
    /// (division, technicians whose trade the division employs), by division.
    by_division: Vec<(u8, u32)>,
    /// (section, technicians whose trade some division of the section employs), by section.
    by_section: Vec<(u8, u32)>,
}

impl Technicians {
    fn new(by_occupation: &BTreeMap<String, u32>) -> Technicians {
        let mut total = 0u32;
        let mut divisions: BTreeMap<u8, u32> = BTreeMap::new();
        let mut sections: BTreeMap<u8, u32> = BTreeMap::new();
        for (code, &n) in by_occupation {
            total = total.saturating_add(n);
            let Some(occupation) = crate::training::occupation(code) else {
                continue;
            };
            let mut own_sections = Vec::new();
            for &d in occupation.divisions {
                let count = divisions.entry(d).or_default();
                *count = count.saturating_add(n);
                let key = IndustryCode::parse(&format!("{d:02}")).and_then(|c| IndustryKey::of(&c));
                if let Some(section) = key.map(|k| k.section)
                    && !own_sections.contains(&section)
                {
                    own_sections.push(section);
                    let count = sections.entry(section).or_default();
                    *count = count.saturating_add(n);
                }
            }
        }
        Technicians {
            total,
            by_division: divisions.into_iter().collect(),
            by_section: sections.into_iter().collect(),
        }
    }

    /// The technicians an industry can hire: those whose trade its division employs (or
    /// some division of a section given alone); all of them when the industry is unreadable.
    pub(crate) fn fitting(&self, key: Option<IndustryKey>) -> u32 {
        let find = |list: &[(u8, u32)], k: u8| {
            list.binary_search_by_key(&k, |(code, _)| *code)
                .map_or(0, |i| list[i].1)
        };
        match key {
            None => self.total,
            Some(IndustryKey {
                division: Some(d), ..
            }) => find(&self.by_division, d),
            Some(IndustryKey {
                division: None,
                section,
            }) => find(&self.by_section, section),
        }
    }
}

/// Zones prepared for matching, with the reference data and rules they were built with.
#[derive(Debug, Clone)]
pub struct MatchIndex {
    pub(crate) rows: Vec<ZoneRow>,
    pub(crate) ports: Vec<Port>,
    /// Industry names (zh, en) for the reasons.
    pub(crate) industries: BTreeMap<IndustryCode, (String, String)>,
    pub(crate) rules: MatchRules,
    /// Hash of the zone ids, locations and ports, so that an [`super::HoursTable`] built
    /// for another index (or before the zones moved) is not read by mistake.
    pub(crate) fingerprint: u64,
}

impl MatchIndex {
    pub fn new(zones: &[impl AsRef<Zone>], catalog: &ReferenceCatalog, rules: MatchRules) -> Self {
        let mut rows: Vec<ZoneRow> = zones
            .iter()
            .map(|z| {
                let z = z.as_ref();
                let f = &z.fields;
                let support = [false, true].map(|pt| {
                    let n = rules
                        .measures
                        .iter()
                        .filter(|m| m.reaches(f.level, z.region, pt));
                    n.count() as i64
                });
                ZoneRow {
                    id: z.id,
                    level: f.level,
                    region: z.region,
                    location: f.location,
                    industries: (!f.leading_industries.is_empty())
                        .then(|| IndustrySet::from_codes(&f.leading_industries)),
                    land: f.land_price_fen_per_m2.map(|p| p.0.max(1)),
                    wage: f.avg_wage_fen_per_month.map(|w| w.0.max(1)),
                    labour: f.labour_available,
                    technicians: Technicians::default(),
                    given_seaport: f.seaport.map(|s| (s.port_id, s.hours_tenths)),
                    region_points: i64::from(rules.regional_priority.points(z.region)),
                    support,
                }
            })
            .collect();
        // Candidates come out in id order, which is the tie-break order.
        rows.sort_by_key(|r| r.id);
        rows.dedup_by_key(|r| r.id);
        let industries = catalog
            .industries
            .iter()
            .map(|(code, i)| (code.clone(), (i.name_zh.clone(), english_name(catalog, i))))
            .collect();
        let mut hasher = DefaultHasher::new();
        for row in &rows {
            row.id.hash(&mut hasher);
            row.location
                .map(|at| (at.lat.to_bits(), at.lon.to_bits()))
                .hash(&mut hasher);
        }
        for port in &catalog.ports {
            (
                port.id,
                port.location.lat.to_bits(),
                port.location.lon.to_bits(),
            )
                .hash(&mut hasher);
        }
        MatchIndex {
            rows,
            ports: catalog.ports.clone(),
            industries,
            rules,
            fingerprint: hasher.finish(),
        }
    }

    /// Adds each zone's certified technicians (zone id → occupation code → count, from the
    /// training registry's figures): trained, certified workers are supply a relocating
    /// enterprise can hire, if its industry employs their trade.
    #[must_use]
    pub fn with_certified_technicians(
        mut self,
        counts: &BTreeMap<i64, BTreeMap<String, u32>>,
    ) -> Self {
        for row in &mut self.rows {
            if let Some(by_occupation) = counts.get(&row.id) {
                row.technicians = Technicians::new(by_occupation);
            }
        }
        self
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn rules(&self) -> &MatchRules {
        &self.rules
    }

    pub(crate) fn slot(&self, zone_id: i64) -> Option<usize> {
        self.rows.binary_search_by_key(&zone_id, |r| r.id).ok()
    }

    pub(crate) fn port(&self, id: i64) -> Option<&Port> {
        self.ports.iter().find(|p| p.id == id)
    }

    pub(crate) fn industry_name(&self, code: &IndustryCode) -> (String, String) {
        self.industries
            .get(code)
            .cloned()
            .unwrap_or_else(|| (code.to_string(), code.to_string()))
    }
}

/// GB/T 4754 has official English names for sections only; a division without one is
/// named by its code and its section, e.g. "division 39 (Manufacturing)".
fn english_name(catalog: &ReferenceCatalog, industry: &Industry) -> String {
    if let Some(en) = &industry.name_en {
        return en.clone();
    }
    let section = industry
        .parent
        .as_ref()
        .and_then(|p| catalog.industries.get(p))
        .and_then(|s| s.name_en.as_deref());
    match section {
        Some(section) => format!("division {} ({section})", industry.code),
        None => format!("industry {}", industry.code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(codes: &[&str]) -> IndustrySet {
        let codes: Vec<_> = codes
            .iter()
            .filter_map(|c| IndustryCode::parse(c))
            .collect();
        IndustrySet::from_codes(&codes)
    }

    fn key(code: &str) -> IndustryKey {
        IndustryCode::parse(code)
            .and_then(|c| IndustryKey::of(&c))
            .expect("a code")
    }

    #[test]
    fn industry_fit_is_full_for_the_code_half_for_the_section() {
        let zone = set(&["39", "36"]);
        assert_eq!(zone.fit(key("39")), 2);
        assert_eq!(zone.fit(key("13")), 1, "13 is manufacturing (C) too");
        assert_eq!(zone.fit(key("65")), 0);
        assert_eq!(zone.fit(key("C")), 1);
        assert_eq!(set(&["C"]).fit(key("C")), 2);
        assert_eq!(set(&["C"]).fit(key("39")), 1);
        assert_eq!(
            set(&["97"]).fit(key("97")),
            2,
            "the highest division fits the mask"
        );
    }
}
