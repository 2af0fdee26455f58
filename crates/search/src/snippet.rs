//! A short excerpt of the body around the first match, with every occurrence of a query word
//! marked. Plain text: the caller escapes it for HTML.

use crate::text::fold_char;

/// Characters of body shown in a snippet.
const SNIPPET_CHARS: usize = 80;
/// Characters shown before the first match.
const LEAD_CHARS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPart {
    pub text: String,
    /// A query word (or part of an overlapping run of them).
    pub highlighted: bool,
}

/// Marks the words (already normalised) in `body`. Matching runs on the folded text, as the
/// index does, and maps back to the original characters so the excerpt shows what was written.
pub(crate) fn snippet(body: &str, words: &[String]) -> Vec<SnippetPart> {
    let chars: Vec<char> = body.chars().collect();
    let mut folded: Vec<char> = Vec::with_capacity(chars.len());
    let mut origin: Vec<usize> = Vec::with_capacity(chars.len());
    for (i, c) in chars.iter().enumerate() {
        let before = folded.len();
        fold_char(*c, &mut folded);
        origin.extend(std::iter::repeat_n(i, folded.len() - before));
    }
    let mut marked = vec![false; chars.len()];
    for word in words {
        let w: Vec<char> = word.chars().collect();
        if w.is_empty() || w.len() > folded.len() {
            continue;
        }
        for start in 0..=folded.len() - w.len() {
            if folded[start..start + w.len()] == w[..] {
                for &o in &origin[start..start + w.len()] {
                    marked[o] = true;
                }
            }
        }
    }
    let first = marked.iter().position(|m| *m).unwrap_or(0);
    let end = (first.saturating_sub(LEAD_CHARS) + SNIPPET_CHARS).min(chars.len());
    let start = end.saturating_sub(SNIPPET_CHARS).min(first);

    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |c: char, highlighted: bool| match parts.last_mut() {
        Some(p) if p.highlighted == highlighted => p.text.push(c),
        _ => parts.push(SnippetPart {
            text: c.to_string(),
            highlighted,
        }),
    };
    if start > 0 {
        push('…', false);
    }
    for i in start..end {
        push(chars[i], marked[i]);
    }
    if end < chars.len() {
        push('…', false);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(parts: &[SnippetPart]) -> String {
        parts
            .iter()
            .map(|p| {
                if p.highlighted {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn marks_every_word_in_the_original_case() {
        let s = snippet(
            "成都IT园区建设冷链仓储，冷链",
            &["it".into(), "冷链".into()],
        );
        assert_eq!(render(&s), "成都[IT]园区建设[冷链]仓储，[冷链]");
    }

    #[test]
    fn long_body_is_cut_around_the_first_match() {
        let body = format!("{}冷链{}", "甲".repeat(100), "乙".repeat(100));
        let s = render(&snippet(&body, &["冷链".into()]));
        assert!(
            s.starts_with(&format!("…{}[冷链]乙", "甲".repeat(LEAD_CHARS))),
            "{s}"
        );
        assert!(s.ends_with('…'));
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 2 + 2);
    }

    #[test]
    fn no_match_in_body_shows_its_start() {
        let s = snippet("短文", &["成都".into()]);
        assert_eq!(render(&s), "短文");
    }
}
