//! Price-anomaly warnings after FAO's Indicator of Price Anomalies (IPA). For a regular series
//! of mean prices (monthly by default) it takes the compound growth rate over a short span
//! (a quarter: CQGR = (P_t / P_{t−3})^{1/3} − 1) and over a year (CAGR, 12 periods), and
//! standardises each against the same season's history: z = (rate − mean) / std, where mean
//! and std come from the earlier years' rates for the same season only. A seasonal swing that
//! repeats every year therefore scores near zero, while a rise the season does not explain
//! scores high. IPA = γ·z_short + (1 − γ)·z_long with γ = ½. Levels follow FAO: below 0.5
//! normal, 0.5 to 1 watch, 1 or more abnormal (a warning). Only rises warn: the measure is
//! about price surges that hurt buyers.
//!
//! The std is floored at 0.5 % per period: a perfectly regular history would otherwise make
//! any tiny deviation infinitely anomalous. Ratios are not money, so this module uses f64.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Periods in a seasonal cycle (12 months, 52 weeks).
    pub season: usize,
    /// Span of the short growth rate (3 months).
    pub short: usize,
    /// Span of the long growth rate (12 months).
    pub long: usize,
    /// Weight γ of the short rate.
    pub gamma: f64,
    /// Same-season observations needed before a score is given.
    pub min_history: usize,
}

impl Params {
    pub const MONTHLY: Params = Params {
        season: 12,
        short: 3,
        long: 12,
        gamma: 0.5,
        min_history: 2,
    };
    pub const WEEKLY: Params = Params {
        season: 52,
        short: 4,
        long: 52,
        gamma: 0.5,
        min_history: 2,
    };
}

const STD_FLOOR: f64 = 0.005;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Normal,
    Watch,
    Abnormal,
}

impl Level {
    pub fn of(ipa: f64) -> Level {
        if ipa >= 1.0 {
            Level::Abnormal
        } else if ipa >= 0.5 {
            Level::Watch
        } else {
            Level::Normal
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Level::Normal => "normal",
            Level::Watch => "watch",
            Level::Abnormal => "abnormal",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Level::Normal => "正常",
            Level::Watch => "关注",
            Level::Abnormal => "异常预警",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Level::Normal => "normal",
            Level::Watch => "watch",
            Level::Abnormal => "warning",
        }
    }
}

/// The score of one period; `None` scores while history is too short.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Score {
    pub ipa: f64,
    pub level: Level,
}

fn growth(prices: &[i64], t: usize, span: usize) -> Option<f64> {
    let before = *prices.get(t.checked_sub(span)?)?;
    let now = *prices.get(t)?;
    (before > 0 && now > 0).then(|| (now as f64 / before as f64).powf(1.0 / span as f64) - 1.0)
}

fn z(rates: &[Option<f64>], t: usize, p: &Params) -> Option<f64> {
    let now = rates[t]?;
    let history: Vec<f64> = (1..)
        .map_while(|k| t.checked_sub(k * p.season))
        .filter_map(|i| rates[i])
        .collect();
    if history.len() < p.min_history {
        return None;
    }
    let n = history.len() as f64;
    let mean = history.iter().sum::<f64>() / n;
    let var = history.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / (n - 1.0);
    Some((now - mean) / var.sqrt().max(STD_FLOOR))
}

/// Scores every period of a gap-free series of mean prices (one per period, oldest first).
pub fn scores(prices: &[i64], p: &Params) -> Vec<Option<Score>> {
    let short: Vec<Option<f64>> = (0..prices.len())
        .map(|t| growth(prices, t, p.short))
        .collect();
    let long: Vec<Option<f64>> = (0..prices.len())
        .map(|t| growth(prices, t, p.long))
        .collect();
    (0..prices.len())
        .map(|t| {
            let ipa = p.gamma * z(&short, t, p)? + (1.0 - p.gamma) * z(&long, t, p)?;
            Some(Score {
                ipa,
                level: Level::of(ipa),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four years of monthly prices with a ±30 % seasonal swing, a gentle trend and a little
    /// deterministic noise.
    fn seasonal() -> Vec<i64> {
        let mut seed: u64 = 42;
        (0..48)
            .map(|t| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let noise = ((seed >> 33) % 200) as f64 / 10_000.0 - 0.01; // ±1 %
                let season = 0.3 * (2.0 * std::f64::consts::PI * (t % 12) as f64 / 12.0).sin();
                let trend = 1.0 + 0.002 * t as f64;
                (1_000.0 * trend * (1.0 + season) * (1.0 + noise)).round() as i64
            })
            .collect()
    }

    #[test]
    fn a_normal_seasonal_swing_raises_no_warning() {
        let s = scores(&seasonal(), &Params::MONTHLY);
        let scored: Vec<&Score> = s.iter().flatten().collect();
        assert!(!scored.is_empty(), "the last years are scored");
        assert!(
            scored.iter().all(|x| x.level != Level::Abnormal),
            "{scored:?}"
        );
    }

    #[test]
    fn an_injected_spike_raises_a_warning() {
        let mut prices = seasonal();
        prices[45] = prices[45] * 14 / 10;
        let s = scores(&prices, &Params::MONTHLY);
        assert_eq!(s[45].map(|x| x.level), Some(Level::Abnormal), "{:?}", s[45]);
    }

    #[test]
    fn short_histories_are_not_scored() {
        let s = scores(&seasonal()[..24], &Params::MONTHLY);
        assert!(s.iter().all(Option::is_none));
    }
}
