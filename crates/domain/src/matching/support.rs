//! The programme's support measures as data: which zones (level, region) and which moves
//! (processing trade or not) each measure of 商资发[2006]530号 reaches, and the regional
//! priority table. Matching counts the measures a move would be eligible for.

use crate::region::Region;
use crate::zone::ZoneLevel;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One support measure and who it reaches. An empty `zone_levels` or `regions` list means
/// "any"; the defaults never use that, so every default names its reach explicitly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SupportMeasure {
    /// The notice's clause number, e.g. `1.1`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub zone_levels: Vec<ZoneLevel>,
    pub regions: Vec<Region>,
    /// Only for an enterprise that does processing trade (加工贸易) or exports.
    pub processing_trade_only: bool,
}

impl SupportMeasure {
    /// Whether a move by an enterprise (`processing_trade` or not) into a zone of this level
    /// and region is within the measure's reach.
    pub fn reaches(&self, level: ZoneLevel, region: Region, processing_trade: bool) -> bool {
        (self.zone_levels.is_empty() || self.zone_levels.contains(&level))
            && (self.regions.is_empty() || self.regions.contains(&region))
            && (processing_trade || !self.processing_trade_only)
    }

    /// The measures of the 2006 notice that reach a zone or the enterprise moving into it.
    /// Measures 4–8 and 10 (expo, promotion events, logistics channels, outsourcing bases,
    /// labour cooperation, rural commerce) do not attach to a zone a move goes to, so they
    /// are not here.
    pub fn notice_2006() -> Vec<SupportMeasure> {
        use Region::{Central, Northeast, West};
        use ZoneLevel::{CoBuiltPark, EtdzPolicy, ExportProcessing, NationalEtdz, Provincial};
        // Zones "enjoying national ETDZ policies" get whatever a national ETDZ gets.
        let national = vec![NationalEtdz, EtdzPolicy];
        let central_west = vec![Central, West];
        let m =
            |code: &str, zh: &str, en: &str, levels: Vec<ZoneLevel>, regions, pt| SupportMeasure {
                code: code.into(),
                name_zh: zh.into(),
                name_en: en.into(),
                zone_levels: levels,
                regions,
                processing_trade_only: pt,
            };
        vec![
            // 一(一): "中西部等地区国家级经济技术开发区基础设施建设项目贷款实行财政贴息". The
            // "等" is the northeast: the subsidy has covered the old industrial bases' ETDZs
            // since 2005 (DESIGN §3: northeast "where a rule says so").
            m(
                "1.1",
                "基础设施建设项目贷款财政贴息",
                "Interest subsidy on infrastructure loans",
                national.clone(),
                vec![Central, West, Northeast],
                false,
            ),
            // 一(二): CDB policy loans for "中部和西部地区国家级经济技术开发区和发展潜力大、
            // 区位优势明显的部分省级开发区". Which provincial zones is decided by the bank; a
            // provincial zone is counted as eligible to apply. Co-built parks are provincial
            // parks run with an eastern partner, so they are counted the same way.
            m(
                "1.2",
                "国家开发银行政策性贷款",
                "China Development Bank policy loans",
                vec![NationalEtdz, EtdzPolicy, Provincial, CoBuiltPark],
                central_west.clone(),
                false,
            ),
            // 二: 中央外贸发展基金, 外经贸发展促进专项资金, 中小企业国际市场开拓资金 — foreign-trade
            // funds, so they follow export-oriented (processing-trade) moves into central and
            // western China, whatever the zone's level. One measure, not three: they are one
            // family used by the same provincial departments, and counting them thrice would
            // outweigh everything else.
            m(
                "2",
                "外经贸发展促进专项资金（含中央外贸发展基金、中小企业国际市场开拓资金）",
                "Foreign trade and economic development funds (incl. the central foreign-trade \
                 development fund and the SME international market fund)",
                ZoneLevel::ALL.to_vec(),
                central_west.clone(),
                true,
            ),
            // 三(一): ~100,000 certified technicians a year, trained by "中西部地区国家级经济
            // 技术开发区" with a central subsidy.
            m(
                "3.1",
                "实用技工培训补贴",
                "Subsidised training of certified technicians",
                national.clone(),
                central_west.clone(),
                false,
            ),
            // 三(二): eastern ETDZs train managers of "中西部国家级经济技术开发区、部分出口加工区
            // 和部分省级开发区".
            m(
                "3.2",
                "管理人员和专业人员培训",
                "Training of zone managers and professionals",
                vec![NationalEtdz, EtdzPolicy, ExportProcessing, Provincial],
                central_west.clone(),
                false,
            ),
            // 三(三): ministry classes "为中西部地区培养急需人才": any zone of the regions.
            m(
                "3.3",
                "商务人才培训班",
                "Ministry commerce training classes",
                ZoneLevel::ALL.to_vec(),
                central_west.clone(),
                false,
            ),
            // 九: "对中西部地区国家级经济技术开发区参照有关规定给予资金支持" (energy saving).
            m(
                "9",
                "节能降耗资金支持",
                "Energy-saving funding",
                national,
                central_west,
                false,
            ),
        ]
    }
}

/// Points each region scores on the regional-priority factor. The programme moves industry
/// from the east (东部, "腾笼换鸟") to central and western China ("筑巢引凤"); the northeast is
/// among "中西部等地区" only where a rule says so, hence half.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RegionalPriority {
    pub east: u32,
    pub central: u32,
    pub west: u32,
    pub northeast: u32,
}

impl RegionalPriority {
    pub const NOTICE_2006: RegionalPriority = RegionalPriority {
        east: 0,
        central: 100,
        west: 100,
        northeast: 50,
    };

    pub fn points(&self, region: Region) -> u32 {
        match region {
            Region::East => self.east,
            Region::Central => self.central,
            Region::West => self.west,
            Region::Northeast => self.northeast,
        }
    }
}

impl Default for RegionalPriority {
    fn default() -> Self {
        RegionalPriority::NOTICE_2006
    }
}

/// The programme data a match index is built with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MatchRules {
    pub measures: Vec<SupportMeasure>,
    pub regional_priority: RegionalPriority,
}

impl Default for MatchRules {
    fn default() -> Self {
        MatchRules {
            measures: SupportMeasure::notice_2006(),
            regional_priority: RegionalPriority::NOTICE_2006,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(level: ZoneLevel, region: Region, pt: bool) -> Vec<String> {
        SupportMeasure::notice_2006()
            .into_iter()
            .filter(|m| m.reaches(level, region, pt))
            .map(|m| m.code)
            .collect()
    }

    #[test]
    fn a_western_national_zone_gets_every_measure_for_processing_trade() {
        assert_eq!(
            codes(ZoneLevel::NationalEtdz, Region::West, true),
            ["1.1", "1.2", "2", "3.1", "3.2", "3.3", "9"]
        );
        assert_eq!(
            codes(ZoneLevel::NationalEtdz, Region::Central, false),
            ["1.1", "1.2", "3.1", "3.2", "3.3", "9"]
        );
    }

    #[test]
    fn provincial_northeast_and_eastern_zones_get_less() {
        assert_eq!(
            codes(ZoneLevel::Provincial, Region::Central, true),
            ["1.2", "2", "3.2", "3.3"]
        );
        assert_eq!(
            codes(ZoneLevel::NationalEtdz, Region::Northeast, true),
            ["1.1"]
        );
        assert!(codes(ZoneLevel::NationalEtdz, Region::East, true).is_empty());
        assert!(codes(ZoneLevel::EtdzPolicy, Region::East, true).is_empty());
    }
}
