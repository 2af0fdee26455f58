//! Deterministic project-like Chinese texts for the recall tests and the benchmark, built from
//! word lists glued without spaces so that jieba splits them in many different ways.

use gowest_search::{DocKind, SearchDoc};

/// splitmix64: tiny, deterministic across platforms, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

pub const INDUSTRIES: &[&str] = &[
    "电子信息",
    "汽车零部件",
    "新材料",
    "冷链仓储",
    "物流园区",
    "纺织服装",
    "产业转移",
    "加工贸易",
    "装备制造",
    "生物医药",
    "食品加工",
    "家具制造",
    "新能源",
    "智能制造",
    "跨境电商",
    "保税物流",
    "精密机械",
    "光伏组件",
    "锂电池",
    "5G基站",
    "IT服务",
    "云计算",
    "数据中心",
    "电子元器件",
];
/// (name, English name, region) of cities, most in the programme's central and western regions.
pub const PLACES: &[(&str, &str, &str)] = &[
    ("成都", "Chengdu", "west"),
    ("重庆", "Chongqing", "west"),
    ("武汉", "Wuhan", "central"),
    ("长沙", "Changsha", "central"),
    ("郑州", "Zhengzhou", "central"),
    ("西安", "Xi'an", "west"),
    ("合肥", "Hefei", "central"),
    ("南昌", "Nanchang", "central"),
    ("贵阳", "Guiyang", "west"),
    ("昆明", "Kunming", "west"),
    ("南宁", "Nanning", "west"),
    ("兰州", "Lanzhou", "west"),
    ("长春", "Changchun", "northeast"),
    ("沈阳", "Shenyang", "northeast"),
    ("哈尔滨", "Harbin", "northeast"),
    ("太原", "Taiyuan", "central"),
    ("赣州", "Ganzhou", "central"),
    ("蚌埠", "Bengbu", "central"),
    ("宜宾", "Yibin", "west"),
    ("遵义", "Zunyi", "west"),
    ("苏州", "Suzhou", "east"),
    ("厦门", "Xiamen", "east"),
];
const VERBS: &[&str] = &[
    "建设", "引进", "承接", "打造", "发展", "扩建", "配套", "投资", "升级", "培育",
];
const FILLER: &[&str] = &[
    "项目",
    "中心",
    "基地",
    "园区",
    "链条",
    "仓库",
    "产业链",
    "集群",
    "车间",
    "蒸汽",
    "运营",
    "平台",
    "工厂",
    "厂房",
    "标准",
    "示范",
    "龙头企业",
    "配套服务",
    "年产",
    "万吨",
    "亿元",
    "出口",
    "沿海",
    "东部",
    "中西部",
    "服务",
    "工程",
    "储备",
    "冷库",
    "链接",
    "信息化",
    "材料",
    "汽车",
    "子公司",
    "区域",
    "转移支付",
    "贸易区",
    "加工",
    "园",
    "区",
    "化",
    "的",
    "和",
    "及",
];
/// Pieces that glue across the words above so jieba cuts them elsewhere: 冷链仓储中心,
/// 蒸汽车间 (汽车 across a boundary), 电子信息化, 材料物流 …
const GLUE: &[&str] = &[
    "冷链仓储中心",
    "蒸汽车间",
    "电子信息化",
    "信息产业",
    "材料物流",
    "产业转移动",
    "贸易加工",
    "物流园区域",
    "零部件厂",
    "新材料料场",
    "链仓",
    "服装厂房",
    "车零件",
    "Chengdu",
    "IT",
    "ＩＴ",
];
const ZONE_SUFFIX: &[&str] = &[
    "经开区",
    "高新区",
    "综合保税区",
    "产业园",
    "承接产业转移示范区",
];
const SECTIONS: &[&str] = &["C", "F", "G", "I", "M", "D", "E"];

/// One document; `i` is its id, so the same `i` always gives the same text.
pub fn doc(rng: &mut Rng, i: i64) -> SearchDoc {
    let (place, place_en, region) = PLACES[rng.below(PLACES.len())];
    let industry = rng.pick(INDUSTRIES);
    let kind = DocKind::ALL[rng.below(3)];
    let (title_zh, title_en) = match kind {
        DocKind::Zone => {
            let suffix = rng.pick(ZONE_SUFFIX);
            (
                format!("{place}{suffix}"),
                Some(format!("{place_en} Development Zone")),
            )
        }
        DocKind::Project => (
            format!("{place}{industry}{}", rng.pick(&["项目", "基地", "中心"])),
            None,
        ),
        DocKind::Demand => (format!("{industry}企业向{place}转移意向"), None),
    };
    let target = 60 + rng.below(61);
    let mut body = String::new();
    while body.chars().count() < target {
        let piece = match rng.below(10) {
            0..=2 => rng.pick(INDUSTRIES),
            3 => rng.pick(VERBS),
            4 => rng.pick(GLUE),
            5 => PLACES[rng.below(PLACES.len())].0,
            6 => "，",
            _ => rng.pick(FILLER),
        };
        body.push_str(piece);
    }
    body.push('。');
    let mut industry_sections = vec![rng.pick(SECTIONS).to_owned()];
    if rng.below(3) == 0 {
        let s = rng.pick(SECTIONS).to_owned();
        if !industry_sections.contains(&s) {
            industry_sections.push(s);
        }
    }
    SearchDoc {
        kind,
        id: i,
        title_zh,
        title_en,
        body,
        region: region.to_owned(),
        province_code: format!("{}0000", 11 + rng.below(50)),
        industry_sections,
    }
}

/// `n` documents with ids 1..=n.
pub fn docs(seed: u64, n: usize) -> impl Iterator<Item = SearchDoc> {
    let mut rng = Rng::new(seed);
    (1..=n as i64).map(move |i| doc(&mut rng, i))
}

/// The reference: a document's match texts, normalised, computed once per document.
pub struct Scan {
    pub key: (DocKind, i64),
    texts: [String; 5],
}

impl Scan {
    pub fn new(d: &SearchDoc) -> Self {
        let (full, initials) = gowest_search::pinyin_of(&d.title_zh);
        Scan {
            key: (d.kind, d.id),
            texts: [
                gowest_search::normalize(&d.title_zh),
                gowest_search::normalize(d.title_en.as_deref().unwrap_or("")),
                gowest_search::normalize(&d.body),
                full,
                initials,
            ],
        }
    }

    /// The match texts on one line each, for loading into another database.
    #[allow(dead_code)] // used by the benchmark only
    pub fn joined(&self) -> String {
        self.texts.join("\n")
    }

    /// Every whitespace-separated word of `text` is a substring of one of the texts.
    pub fn matches(&self, text: &str) -> bool {
        gowest_search::normalize(text)
            .split_whitespace()
            .all(|w| self.texts.iter().any(|t| t.contains(w)))
    }
}
