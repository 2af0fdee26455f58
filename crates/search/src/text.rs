//! Text normalisation, the character-gram tokenizer, pinyin, and the substring rule that the
//! index must reproduce exactly.

use pinyin::ToPinyin;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::doc::SearchDoc;

/// Folds one character for matching: full-width ASCII (common in Chinese text, e.g. `ＩＴ`) to
/// half-width, then Unicode lowercase. Index and query both go through this, so matching is
/// case-insensitive for Latin letters and width-insensitive.
pub(crate) fn fold_char(c: char, out: &mut impl Extend<char>) {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    };
    out.extend(c.to_lowercase());
}

/// [`fold_char`] over a whole string.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// The query's words: split on whitespace, normalised, empty ones and repeats dropped.
pub fn query_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for w in normalize(text).split_whitespace() {
        if !words.iter().any(|x| x == w) {
            words.push(w.to_owned());
        }
    }
    words
}

/// Pinyin of a Chinese name, as two strings: full syllables run together (`chengdujingkaiqu`)
/// and initials (`cdjkq`). Latin letters and digits are kept; other characters are dropped, so
/// `成都·经开区` still reads `chengdujingkaiqu`.
pub fn pinyin_of(title: &str) -> (String, String) {
    let chars: Vec<char> = normalize(title).chars().collect();
    let mut full = String::new();
    let mut initials = String::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((len, syllables)) = word_override(&chars[i..]) {
            for s in syllables {
                full.push_str(s);
                initials.push_str(&s[..1]);
            }
            i += len;
            continue;
        }
        let c = chars[i];
        if let Some(s) = char_override(c).or_else(|| c.to_pinyin().map(|p| p.plain())) {
            full.push_str(s);
            initials.push_str(&s[..1]);
        } else if c.is_alphanumeric() {
            full.push(c);
            initials.push(c);
        }
        i += 1;
    }
    (full, initials)
}

/// Readings the `pinyin` crate gets wrong in names, because it reads one character at a time
/// and gives its most common reading: 成都 would be `chengdou`, 重庆 `zhongqing`.
const WORD_READINGS: &[(&str, &[&str])] = &[
    ("重庆", &["chong", "qing"]),
    ("厦门", &["xia", "men"]),
    ("蚌埠", &["beng", "bu"]),
    ("六安", &["lu", "an"]),
    ("番禺", &["pan", "yu"]),
    ("银行", &["yin", "hang"]),
    ("行业", &["hang", "ye"]),
];

fn word_override(chars: &[char]) -> Option<(usize, &'static [&'static str])> {
    WORD_READINGS.iter().find_map(|(word, syllables)| {
        let n = word.chars().count();
        (chars.len() >= n && word.chars().zip(chars).all(|(a, b)| a == *b))
            .then_some((n, *syllables))
    })
}

/// Characters whose reading in place and zone names differs from the everyday one:
/// 都 is `du` in 成都, 首都, 都江堰; 长 is `chang` in 长沙, 长春, 长江.
fn char_override(c: char) -> Option<&'static str> {
    match c {
        '都' => Some("du"),
        '长' => Some("chang"),
        _ => None,
    }
}

/// The texts a query word may occur in, normalised: title_zh, title_en, body, full pinyin and
/// pinyin initials of title_zh.
pub(crate) fn match_fields(doc: &SearchDoc) -> [String; 5] {
    let (full, initials) = pinyin_of(&doc.title_zh);
    [
        normalize(&doc.title_zh),
        normalize(doc.title_en.as_deref().unwrap_or("")),
        normalize(&doc.body),
        full,
        initials,
    ]
}

/// The definition of a match, the slow way: every word of `query_text` is a substring of one
/// of the document's match texts (after [`normalize`]). The index returns exactly these
/// documents; tests and the benchmark check it against this function.
pub fn substring_match(doc: &SearchDoc, query_text: &str) -> bool {
    let fields = match_fields(doc);
    query_words(query_text)
        .iter()
        .all(|w| fields.iter().any(|f| f.contains(w.as_str())))
}

/// Joins texts for the gram fields. A newline is whitespace, which no query word contains, so
/// no match can span two texts.
pub(crate) fn join_for_grams<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for t in texts {
        out.push_str(t);
        out.push('\n');
    }
    out
}

/// Emits the character n-grams of already-normalised text with `min <= n <= max`, never
/// across whitespace, each at its first character's index as position. Positions are
/// character indexes (not token counts), so grams at consecutive positions overlap exactly as
/// in the text, and a whitespace gap breaks any phrase. Grams of different lengths are
/// different terms, so they never meet in one phrase.
#[derive(Clone)]
pub(crate) struct GramTokenizer {
    pub min: usize,
    pub max: usize,
}

pub(crate) struct GramStream {
    chars: Vec<(usize, char)>,
    len: usize,
    min: usize,
    max: usize,
    /// The next gram to try: start character and length.
    start: usize,
    n: usize,
    token: Token,
}

impl Tokenizer for GramTokenizer {
    type TokenStream<'a> = GramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> GramStream {
        GramStream {
            chars: text.char_indices().collect(),
            len: text.len(),
            min: self.min,
            max: self.max,
            start: 0,
            n: self.min,
            token: Token::default(),
        }
    }
}

impl TokenStream for GramStream {
    fn advance(&mut self) -> bool {
        while self.start < self.chars.len() {
            let (i, n) = (self.start, self.n);
            let fits = n <= self.max
                && i + n <= self.chars.len()
                && self.chars[i..i + n].iter().all(|c| !c.1.is_whitespace());
            if !fits {
                // A longer gram from here would not fit either.
                self.start += 1;
                self.n = self.min;
                continue;
            }
            self.n += 1;
            let from = self.chars[i].0;
            let to = self.chars.get(i + n).map_or(self.len, |c| c.0);
            self.token.text.clear();
            self.token
                .text
                .extend(self.chars[i..i + n].iter().map(|c| c.1));
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.position = i;
            self.token.position_length = 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(s: &str, min: usize, max: usize) -> Vec<(String, usize)> {
        let mut t = GramTokenizer { min, max };
        let mut ts = t.token_stream(s);
        let mut out = Vec::new();
        while ts.advance() {
            out.push((ts.token().text.clone(), ts.token().position));
        }
        out
    }

    #[test]
    fn grams_of_each_length_at_char_positions() {
        let owned = |v: &[(&str, usize)]| -> Vec<(String, usize)> {
            v.iter().map(|(t, p)| (t.to_string(), *p)).collect()
        };
        let want = [
            ("冷", 0),
            ("冷链", 0),
            ("链", 1),
            ("5", 3),
            ("5g", 3),
            ("g", 4),
        ];
        assert_eq!(grams("冷链 5g\n", 1, 2), owned(&want));
        let want = [
            ("冷链仓储", 0),
            ("链仓储中", 1),
            ("仓储中心", 2),
            ("5g基站", 7),
        ];
        assert_eq!(grams("冷链仓储中心 5g基站", 4, 4), owned(&want));
        let want = [
            ("a", 0),
            ("ab", 0),
            ("abc", 0),
            ("b", 1),
            ("bc", 1),
            ("c", 2),
            ("d", 4),
        ];
        assert_eq!(grams("abc d", 1, 3), owned(&want));
    }

    #[test]
    fn normalize_folds_case_and_width() {
        assert_eq!(normalize("ＩＴ Chengdu 5G"), "it chengdu 5g");
        assert_eq!(
            query_words("  冷链  Ｉt 冷链\u{3000}x "),
            ["冷链", "it", "x"]
        );
    }

    #[test]
    fn pinyin_reads_place_names() {
        assert_eq!(pinyin_of("成都经开区").0, "chengdujingkaiqu");
        assert_eq!(pinyin_of("成都经开区").1, "cdjkq");
        assert_eq!(pinyin_of("重庆两江新区").0, "chongqingliangjiangxinqu");
        assert_eq!(pinyin_of("长沙5G产业园").0, "changsha5gchanyeyuan");
        assert_eq!(pinyin_of("厦门·海沧").1, "xmhc");
    }
}
