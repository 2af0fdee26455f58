//! What the console's enterprise, demand and project pages share: form fields drawn with
//! their errors beside them, and figures as the programme's staff read them.

use super::beijing;
use crate::pages::choices::{Opt, OptGroup, opt};
use crate::pages::ctx::Lang;
use chrono::{DateTime, Utc};
use gowest_domain::FieldError;
use gowest_domain::decimal::format_scaled;
use gowest_domain::money::Fen;

/// How a field is drawn (`console/field.html`).
pub enum Control {
    Text,
    Paragraph,
    Month,
    /// One choice; a group with an empty label is drawn without `<optgroup>`.
    Select(Vec<OptGroup>),
    /// Any number of choices, each sent under the field's name.
    Checks(Vec<OptGroup>),
}

pub struct Field {
    pub name: String,
    pub label: String,
    pub value: String,
    pub placeholder: String,
    pub error: Option<String>,
    pub control: Control,
}

impl Field {
    pub fn is_paragraph(&self) -> bool {
        matches!(self.control, Control::Paragraph)
    }
}

/// Builds the fields of one form against the errors of its last submission.
pub struct FieldsOf<'a> {
    pub lang: Lang,
    pub errors: &'a [FieldError],
}

impl FieldsOf<'_> {
    pub fn field(
        &self,
        name: &str,
        (zh, en): (&str, &str),
        value: &str,
        control: Control,
    ) -> Field {
        Field {
            name: name.to_owned(),
            label: self.lang.pick(zh, en).to_owned(),
            value: value.to_owned(),
            placeholder: String::new(),
            error: self
                .errors
                .iter()
                .find(|e| e.field == name)
                .map(|e| self.lang.pick(&e.message_zh, &e.message_en).to_owned()),
            control,
        }
    }

    /// Messages of errors that no drawn field shows, for the alert above the form.
    pub fn unplaced(&self, fields: &[&Field]) -> Vec<String> {
        self.errors
            .iter()
            .filter(|e| !fields.iter().any(|f| f.name == e.field))
            .map(|e| self.lang.pick(&e.message_zh, &e.message_en).to_owned())
            .collect()
    }
}

/// A select's options as one group without a heading, led by an empty "please choose".
pub fn plain(lang: Lang, current: &str, options: impl IntoIterator<Item = Opt>) -> OptGroup {
    let mut all = vec![opt("", lang.pick("请选择", "Choose"), current)];
    all.extend(options);
    OptGroup {
        label: String::new(),
        options: all,
    }
}

/// The values of a `;`-separated list field, as the checkboxes compare them.
pub fn listed(raw: &str) -> Vec<&str> {
    raw.split([';', '；', '、', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// An amount in 万元 with two decimals and grouped thousands: `Fen(30_000_000_000)` →
/// `30,000.00`. Investment is discussed in 万元; the records keep every fen.
pub fn wan_yuan(amount: Fen) -> String {
    let hundredths = (amount.0.max(0) + 5_000) / 10_000;
    let plain = format_scaled(hundredths, 2);
    let (whole, frac) = plain.split_once('.').unwrap_or((&plain, "00"));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{frac}")
}

/// `2007-03-15 14:05`, Beijing time.
pub fn beijing_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&beijing())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_in_wan_yuan() {
        assert_eq!(wan_yuan(Fen(30_000_000_000)), "30,000.00");
        assert_eq!(wan_yuan(Fen(1_234_567)), "1.23");
        assert_eq!(wan_yuan(Fen(5_000)), "0.01");
        assert_eq!(wan_yuan(Fen(0)), "0.00");
    }

    #[test]
    fn lists_split_as_people_type_them() {
        assert_eq!(
            listed("深圳港;上海港、 宁波舟山港"),
            ["深圳港", "上海港", "宁波舟山港"]
        );
        assert!(listed(" ; ").is_empty());
    }
}
