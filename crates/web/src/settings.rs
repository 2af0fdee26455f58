//! Settings of the HTTP surface that operators choose (`gowest serve` flags).

use ipnet::IpNet;
use std::net::IpAddr;

#[derive(Debug, Clone, Default)]
pub struct WebSettings {
    /// The site is served over HTTPS (directly or behind a TLS-terminating proxy), from
    /// `--https`: browsers are told to keep to HTTPS (HSTS) and every cookie is `Secure`.
    pub https: bool,
    /// The bearer token `/metrics` asks for on the main address. Without it `/metrics` is
    /// not served there (404): use a separate metrics address instead (`serve_metrics`).
    pub metrics_token: Option<String>,
    /// Proxies whose `X-Forwarded-For` is believed (addresses or CIDR ranges).
    pub trusted_proxies: Vec<IpNet>,
}

impl WebSettings {
    pub fn trusts(&self, ip: &IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.trusted_proxies.iter().any(|net| net.contains(&ip))
    }
}

/// Parses `--trusted-proxy` entries: an address (`10.0.0.5`) or a range (`10.0.0.0/8`).
pub fn parse_trusted_proxies(entries: &[String]) -> Result<Vec<IpNet>, String> {
    entries
        .iter()
        .flat_map(|e| e.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| {
            e.parse::<IpNet>()
                .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("not an address or CIDR range: {e}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxies_are_addresses_or_ranges_and_a_bad_one_is_named() {
        let nets =
            parse_trusted_proxies(&["10.0.0.0/8, 192.0.2.7".into(), "::1".into()]).expect("parsed");
        let settings = WebSettings {
            trusted_proxies: nets,
            ..WebSettings::default()
        };
        for ip in ["10.1.2.3", "192.0.2.7", "::1", "::ffff:10.0.0.1"] {
            assert!(settings.trusts(&ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["192.0.2.8", "11.0.0.1", "::2"] {
            assert!(!settings.trusts(&ip.parse().expect("ip")), "{ip}");
        }
        let err = parse_trusted_proxies(&["10.0.0.0/33".into()]).expect_err("bad");
        assert!(err.contains("10.0.0.0/33"));
    }
}
