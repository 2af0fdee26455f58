//! JSON for a `<script type="application/json">` element, printed by askama as it is.
//!
//! Inside `<script>` the HTML parser decodes no entities, so HTML-escaping would break the JSON;
//! printed raw, a name like `x</script><script>…` would end the element and run. This type
//! escapes the only characters that matter there — `<`, `>`, `&` (no `</script`, `<!--`) and
//! U+2028/U+2029 (line ends to older JavaScript) — as `\uXXXX`. They can only occur inside JSON
//! strings, where the escape means the same character, so `JSON.parse` returns the value
//! unchanged. The type is the only way to reach a template unescaped: there is no `|safe`.

use serde::Serialize;
use std::fmt;

/// Serialised JSON, safe as the text of a `<script type="application/json">` element, and
/// nowhere else (it holds `"`, so it must never go into an attribute).
#[derive(Debug, Clone, Default)]
pub struct ScriptJson(String);

impl ScriptJson {
    /// `value` as JSON; a value that cannot be serialised (never the case for the charts'
    /// `serde_json::Value`s) gives the empty element, which the scripts read as "no chart".
    pub fn new(value: &impl Serialize) -> ScriptJson {
        let json = match serde_json::to_string(value) {
            Ok(json) => json,
            Err(error) => {
                tracing::error!(%error, "chart data could not be serialised");
                return ScriptJson::default();
            }
        };
        let mut out = String::with_capacity(json.len());
        for c in json.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                c => out.push(c),
            }
        }
        ScriptJson(out)
    }
}

impl ScriptJson {
    /// True when there is nothing to chart.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for ScriptJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Printed without HTML escaping: see the module's note for why that is safe here.
impl askama::filters::HtmlSafe for ScriptJson {}

#[cfg(test)]
mod tests {
    use super::*;
    use askama::Template;
    use proptest::prelude::*;

    #[derive(Template)]
    #[template(
        source = r#"<script type="application/json" id="d">{{ data }}</script>"#,
        ext = "html"
    )]
    struct Page {
        data: ScriptJson,
    }

    #[test]
    fn a_closing_script_tag_in_a_name_stays_inside_the_json() {
        let name = "x</script><script>window.__pwned=1</script>";
        let html = Page {
            data: ScriptJson::new(&serde_json::json!({ "zones": [name] })),
        }
        .render()
        .expect("renders");
        assert_eq!(html.matches("</script>").count(), 1, "{html}");
        assert!(!html.contains("&#"), "not HTML-escaped: {html}");
        let inner = html
            .trim_start_matches(r#"<script type="application/json" id="d">"#)
            .trim_end_matches("</script>");
        let back: serde_json::Value = serde_json::from_str(inner).expect("JSON");
        assert_eq!(back["zones"][0], name);
    }

    #[test]
    fn nothing_to_chart_is_an_empty_element() {
        let html = Page {
            data: ScriptJson::default(),
        }
        .render()
        .expect("renders");
        assert_eq!(html, r#"<script type="application/json" id="d"></script>"#);
    }

    /// Every template, scanned: nothing may bypass escaping by filter (`|safe`, `|escape("none")`).
    #[test]
    fn no_template_turns_escaping_off() {
        fn scan(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("templates directory") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    scan(&path, found);
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("template text");
                let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                for bad in ["|safe", "|escape(\"none\")", "|e(\"none\")"] {
                    if squeezed.contains(bad) {
                        found.push(format!("{}: {bad}", path.display()));
                    }
                }
            }
        }
        let mut found = Vec::new();
        scan(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
            &mut found,
        );
        assert!(found.is_empty(), "escaping turned off in {found:#?}");
    }

    proptest! {
        #[test]
        fn any_string_round_trips_and_never_closes_the_element(
            s in any::<String>(),
            t in "[<>&/!\\-a-z\u{2028}\u{2029}]{0,40}",
        ) {
            let value = serde_json::json!({ "a": s, "b": [t] });
            let out = ScriptJson::new(&value).to_string();
            prop_assert!(!out.contains("</"));
            prop_assert!(!out.contains("<!--"));
            let raw = ['<', '>', '&', '\u{2028}', '\u{2029}'];
            prop_assert!(!out.contains(raw), "a raw character in {}", out);
            let back: serde_json::Value = serde_json::from_str(&out).expect("still JSON");
            prop_assert_eq!(back, value);
        }
    }
}
