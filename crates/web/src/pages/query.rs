//! Query strings for links: the directory's filters written back into URLs.

use gowest_domain::zone_filter::RawZoneQuery;

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The filters and sort of a directory query, without paging, as (name, value) pairs in a
/// fixed order; empty values are left out.
pub fn filter_pairs(raw: &RawZoneQuery) -> Vec<(&'static str, &str)> {
    [
        ("region", &raw.region),
        ("province", &raw.province),
        ("level", &raw.level),
        ("industry", &raw.industry),
        ("q", &raw.q),
        ("national_in_2006", &raw.national_in_2006),
        ("named_in_notice", &raw.named_in_notice),
        ("sort", &raw.sort),
    ]
    .into_iter()
    .filter_map(|(name, value)| {
        let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        Some((name, value))
    })
    .collect()
}

pub fn to_query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={}", encode_component(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `path` followed by `?query` when there is one.
pub fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// Reads a query string written by [`to_query`] (or typed by hand); `None` when malformed.
pub fn parse(query: &str) -> Option<RawZoneQuery> {
    serde_urlencoded::from_str(query).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_a_query_string() {
        let raw = RawZoneQuery {
            region: Some("west".into()),
            q: Some("成都 & 重庆".into()),
            level: Some(" ".into()),
            page: Some("3".into()),
            ..RawZoneQuery::default()
        };
        let query = to_query(&filter_pairs(&raw));
        assert_eq!(
            query,
            "region=west&q=%E6%88%90%E9%83%BD%20%26%20%E9%87%8D%E5%BA%86"
        );
        let back = parse(&query).expect("parses");
        assert_eq!(back.q.as_deref(), Some("成都 & 重庆"));
        assert_eq!(back.page, None);
        assert!(parse("region=a&region=b").is_none());
    }
}
