//! A participant's meeting agenda as an iCalendar file (RFC 5545): one VEVENT per meeting,
//! times in UTC, text escaped (§3.3.11) and lines folded at 75 octets (§3.1) without
//! splitting a UTF-8 character. Written here because no iCalendar crate is in the offline
//! registry mirror, and the format needed is a few properties.

use chrono::{DateTime, Utc};

/// One meeting on the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    /// Stable across exports, so calendars update the meeting instead of adding another.
    pub uid: String,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    pub summary: String,
    pub location: String,
    pub description: String,
}

/// TEXT value escaping: backslash, semicolon, comma, newline.
pub fn escape_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Folds one content line: at most 75 octets per physical line, continuation lines start
/// with a space (which counts towards their 75), each line ends with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The calendar of `items`, named `calendar_name`, stamped `now`.
pub fn agenda_ics(calendar_name: &str, items: &[AgendaItem], now: DateTime<Utc>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//gowest//万商西进 B2B agenda//ZH".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape_text(calendar_name)),
    ];
    for item in items {
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", item.uid),
            format!("DTSTAMP:{}", stamp(now)),
            format!("DTSTART:{}", stamp(item.starts)),
            format!("DTEND:{}", stamp(item.ends)),
            format!("SUMMARY:{}", escape_text(&item.summary)),
            format!("LOCATION:{}", escape_text(&item.location)),
            format!("DESCRIPTION:{}", escape_text(&item.description)),
            "END:VEVENT".to_owned(),
        ]);
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn a_calendar_has_one_event_per_meeting_in_utc() {
        let at = |h| {
            DateTime::parse_from_rfc3339(&format!("2007-04-27T{h:02}:00:00Z"))
                .expect("time")
                .with_timezone(&Utc)
        };
        let item = AgendaItem {
            uid: "meeting-1-3-7@gowest".into(),
            starts: at(1),
            ends: at(2),
            summary: "洽谈：成都经济技术开发区, 第3桌".into(),
            location: "郑州国际会展中心; 第3桌".into(),
            description: "中博会".into(),
        };
        let ics = agenda_ics("第二届中博会", &[item], at(0));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20070427T010000Z\r\n"));
        assert!(ics.contains("SUMMARY:洽谈：成都经济技术开发区\\, 第3桌\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    }

    proptest! {
        /// Every physical line is at most 75 octets, and unfolding gives the line back.
        #[test]
        fn folding_keeps_lines_short_and_reversible(line in "[a-z中博会，,; ]{0,200}") {
            let folded = fold(&line);
            prop_assert!(folded.ends_with("\r\n"));
            for physical in folded.trim_end_matches("\r\n").split("\r\n") {
                prop_assert!(physical.len() <= 75, "{} octets", physical.len());
            }
            let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
            prop_assert_eq!(unfolded, line);
        }
    }
}
