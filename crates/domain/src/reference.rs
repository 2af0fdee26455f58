//! The reference catalog (provinces, industries, ports) that zone rules check against.

use crate::industry::{Industry, IndustryCode};
use crate::port::Port;
use crate::region::{Province, ProvinceCode};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub struct ReferenceCatalog {
    pub provinces: BTreeMap<ProvinceCode, Province>,
    pub industries: BTreeMap<IndustryCode, Industry>,
    pub ports: Vec<Port>,
}

impl ReferenceCatalog {
    pub fn new(provinces: Vec<Province>, industries: Vec<Industry>, ports: Vec<Port>) -> Self {
        Self {
            provinces: provinces.into_iter().map(|p| (p.code.clone(), p)).collect(),
            industries: industries
                .into_iter()
                .map(|i| (i.code.clone(), i))
                .collect(),
            ports,
        }
    }

    pub fn province(&self, code: &ProvinceCode) -> Option<&Province> {
        self.provinces.get(code)
    }

    pub fn port_by_name(&self, name_zh: &str) -> Option<&Port> {
        self.ports.iter().find(|p| p.name_zh == name_zh)
    }

    pub fn port(&self, id: i64) -> Option<&Port> {
        self.ports.iter().find(|p| p.id == id)
    }
}
