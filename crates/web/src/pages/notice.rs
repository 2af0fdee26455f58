//! The 2006 notice (商资发〔2006〕530号) as shipped in `data/notice_2006.txt`, split into
//! headings and paragraphs, and its ten measures in one line each, Chinese and English.

use std::sync::LazyLock;

const TEXT: &str = include_str!("../../../../data/notice_2006.txt");

/// The notice's number as printed in it.
pub const NUMBER: &str = "商资发〔2006〕530号";

/// One measure of the notice: its section (一 … 十) and a one-line summary.
pub struct Measure {
    pub section: u8,
    pub zh: &'static str,
    pub en: &'static str,
}

pub const MEASURES: [Measure; 10] = [
    Measure {
        section: 1,
        zh: "中西部国家级开发区基础设施建设：中央财政贷款贴息扩大额度和范围；国家开发银行对中部、西部各提供150亿元政策性贷款。",
        en: "Infrastructure of central and western national zones: wider interest subsidies on infrastructure loans, and CDB policy loans of 15 billion yuan each for the central and the western zones.",
    },
    Measure {
        section: 2,
        zh: "外经贸发展促进专项资金、中央外贸发展基金和中小企业国际市场开拓资金支持“万商西进”。",
        en: "Foreign-trade development funds, the central foreign-trade development fund and the SME international-market fund support the project.",
    },
    Measure {
        section: 3,
        zh: "人才培训：每年约10万名实用技工（中部、西部各约5万名）；东部开发区为中西部培训管理人员；举办商务人才培训班。",
        en: "Training: about 100,000 certified technicians a year (about 50,000 each in the centre and the west); eastern zones train central and western managers; ministry training classes.",
    },
    Measure {
        section: 4,
        zh: "全力办好“中国中部投资贸易博览会”（中博会），打造投资贸易合作平台。",
        en: "Make the China Central Investment and Trade Expo the project's flagship investment and trade platform.",
    },
    Measure {
        section: 5,
        zh: "投资促进活动；东中西部开发区签订产业转移合作协议和互利合作园区协议；建设投资促进公共信息服务平台。",
        en: "Investment promotion; east–west zone agreements on industry transfer and co-built parks; this public information service platform.",
    },
    Measure {
        section: 6,
        zh: "建设快速物流通道：中西部口岸和电子口岸建设，沿海城市与中西部大通关合作，长三角、珠三角、环渤海、闽南与中部六省合作。",
        en: "Fast logistics channels: ports and electronic ports inland, customs-clearance cooperation with coastal cities, and links between the coastal economic zones and the six central provinces.",
    },
    Measure {
        section: 7,
        zh: "发展高端服务业：承接国际（离岸）外包业务，在中西部城市建立服务外包基地。",
        en: "High-end services: offshore outsourcing and service-outsourcing bases in central and western cities.",
    },
    Measure {
        section: 8,
        zh: "对外承包工程和劳务合作：东西部合作开拓国际市场，建立外派劳务基地并支持培训。",
        en: "Overseas contracting and labour cooperation: east–west cooperation abroad and labour-export bases with training support.",
    },
    Measure {
        section: 9,
        zh: "节能降耗：在中部六省和部分西部省区重点城市开展再生资源回收体系建设试点。",
        en: "Energy saving: recycling-system pilots in key cities of the central and some western provinces.",
    },
    Measure {
        section: 10,
        zh: "农村商贸流通及信息化：农村商务信息服务站点、乡镇商务信息助理、农产品批发市场与流通企业建设向中西部倾斜。",
        en: "Rural commerce and its information services: village information stations, township assistants, and priority for central and western wholesale markets.",
    },
];

/// How a paragraph of the notice reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 各省、自治区……：
    Addressee,
    /// 一、… (a measure's heading; `section` is 1–10)
    Heading,
    /// (一)… (an item of a measure)
    Item,
    Plain,
    /// （来源：…）
    Source,
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub kind: Kind,
    /// `一、` or `(一)`; empty for other paragraphs.
    pub marker: &'static str,
    pub text: &'static str,
    /// The measure a heading opens, 1–10; 0 otherwise.
    pub section: u8,
}

impl Paragraph {
    /// For templates: `heading`, `item`, `addressee`, `plain`, `source`.
    pub fn class(&self) -> &'static str {
        match self.kind {
            Kind::Addressee => "addressee",
            Kind::Heading => "heading",
            Kind::Item => "item",
            Kind::Plain => "plain",
            Kind::Source => "source",
        }
    }

    pub fn is_heading(&self) -> bool {
        self.kind == Kind::Heading
    }
}

pub struct Notice {
    pub title: &'static str,
    pub paragraphs: Vec<Paragraph>,
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn heading(text: &str) -> Option<(u8, usize)> {
    NUMERALS.iter().zip(1u8..).find_map(|(n, section)| {
        let marker_len = n.len() + "、".len();
        text.strip_prefix(n)
            .filter(|rest| rest.starts_with('、'))
            .map(|_| (section, marker_len))
    })
}

fn item_marker(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('(').or_else(|| text.strip_prefix('（'))?;
    let close = rest.find([')', '）'])?;
    let inside = &rest[..close];
    let numeral = !inside.is_empty() && inside.chars().all(|c| "一二三四五六七八九十".contains(c));
    let close_len = rest[close..].chars().next().map_or(1, char::len_utf8);
    numeral.then_some(text.len() - rest.len() + close + close_len)
}

fn classify(text: &'static str) -> Paragraph {
    let plain = |kind| Paragraph {
        kind,
        marker: "",
        text,
        section: 0,
    };
    if let Some((section, len)) = heading(text) {
        return Paragraph {
            kind: Kind::Heading,
            marker: &text[..len],
            text: &text[len..],
            section,
        };
    }
    if let Some(len) = item_marker(text) {
        return Paragraph {
            kind: Kind::Item,
            marker: &text[..len],
            text: &text[len..],
            section: 0,
        };
    }
    if text.starts_with("（来源") {
        return plain(Kind::Source);
    }
    if text.ends_with('：') && text.starts_with('各') {
        return plain(Kind::Addressee);
    }
    plain(Kind::Plain)
}

/// Splits the text: the first line is the title; paragraphs are separated by runs of
/// ideographic spaces (the way the published page indents them).
fn parse(text: &'static str) -> Notice {
    let (title, body) = text.split_once('\n').unwrap_or((text, ""));
    let title = title.trim();
    let paragraphs = body
        .split('\u{3000}')
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != title && !p.starts_with("商资发"))
        .map(classify)
        .collect();
    Notice { title, paragraphs }
}

pub static NOTICE: LazyLock<Notice> = LazyLock::new(|| parse(TEXT));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_has_its_ten_measures_in_order() {
        let notice = &*NOTICE;
        assert!(notice.title.contains("万商西进"));
        let sections: Vec<u8> = notice
            .paragraphs
            .iter()
            .filter(|p| p.is_heading())
            .map(|p| p.section)
            .collect();
        assert_eq!(sections, (1..=10).collect::<Vec<u8>>());
        assert_eq!(notice.paragraphs[0].kind, Kind::Addressee);
        assert_eq!(notice.paragraphs.last().map(|p| p.kind), Some(Kind::Source));
        let items = notice
            .paragraphs
            .iter()
            .filter(|p| p.kind == Kind::Item)
            .count();
        assert_eq!(items, 14);
        assert!(notice.paragraphs.iter().all(|p| !p.text.is_empty()));
        assert!(MEASURES.iter().zip(1u8..).all(|(m, n)| m.section == n));
    }

    #[test]
    fn item_markers_take_both_bracket_widths() {
        assert_eq!(item_marker("(一)支持"), Some("(一)".len()));
        assert_eq!(item_marker("（二）鼓励"), Some("（二）".len()));
        assert_eq!(item_marker("(商财发)"), None);
        assert_eq!(item_marker("支持"), None);
    }
}
