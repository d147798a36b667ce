//! Anki's interval fuzz: a day interval is spread over a range that grows with it, so
//! questions learned together drift apart.

/// (from, to, share): every day of the interval between `from` and `to` widens the range by
/// `share` days on each side, on top of one day.
const FUZZ_RANGES: [(f64, f64, f64); 3] =
    [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f64::MAX, 0.05)];

/// Days of fuzz on each side of `interval` (0 below 2.5 days).
fn fuzz_delta(interval: f64) -> f64 {
    if interval < 2.5 {
        return 0.0;
    }
    FUZZ_RANGES.iter().fold(1.0, |delta, &(from, to, share)| {
        delta + share * (interval.min(to) - from).max(0.0)
    })
}

/// Rounds to whole days; `as` saturates, so NaN and negatives give 0.
fn days(x: f64) -> u32 {
    libm::round(x) as u32
}

/// The range of whole days a fuzzed `interval` can take, inside `[minimum, maximum]` (Anki's
/// rule: ±1 day plus 15% of the days from 2.5 to 7, 10% from 7 to 20 and 5% beyond; a range is
/// widened to two values when it would hold one value above 2 that is below the maximum).
///
/// ```
/// use kaotang::schedule::fuzz_range;
///
/// assert_eq!(fuzz_range(2.0, 1, 36_500), (2, 2)); // short intervals are not fuzzed
/// assert_eq!(fuzz_range(7.0, 1, 36_500), (5, 9));
/// assert_eq!(fuzz_range(100.0, 1, 99), (92, 99));
/// ```
pub fn fuzz_range(interval: f64, minimum: u32, maximum: u32) -> (u32, u32) {
    let minimum = minimum.min(maximum);
    let interval = interval.clamp(f64::from(minimum), f64::from(maximum));
    let delta = fuzz_delta(interval);
    let lower = days(interval - delta).clamp(minimum, maximum);
    let mut upper = days(interval + delta).clamp(minimum, maximum);
    if upper == lower && upper > 2 && upper < maximum {
        upper = lower + 1;
    }
    (lower, upper)
}

/// The interval in whole days within `[minimum, maximum]`, fuzzed when `factor` (uniform in
/// [0, 1)) is given, otherwise rounded.
pub(crate) fn fuzzed(interval: f64, minimum: u32, maximum: u32, factor: Option<f64>) -> u32 {
    let minimum = minimum.min(maximum);
    match factor {
        Some(factor) => {
            let (lower, upper) = fuzz_range(interval, minimum, maximum);
            let span = f64::from(upper - lower + 1);
            (f64::from(lower) + libm::floor(factor * span)).min(f64::from(upper)) as u32
        }
        None => days(interval).clamp(minimum, maximum),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Anki's own cases (rslib/src/scheduler/states/fuzz.rs): factors 0, 0.5 and 0.99 give the
    /// lower, middle and upper value.
    #[test]
    fn matches_anki_fuzz_table() {
        let cases: [(f64, u32, u32, [u32; 3]); 16] = [
            (1.0, 1, 1000, [1, 1, 1]),
            (2.49, 1, 1000, [2, 2, 2]),
            (2.5, 1, 1000, [2, 3, 4]),
            (7.0, 1, 1000, [5, 7, 9]),
            (17.0, 1, 1000, [14, 17, 20]),
            (37.0, 1, 1000, [33, 37, 41]),
            (2.0, 2, 1000, [2, 2, 2]),
            (2.0, 3, 1000, [3, 4, 4]),
            (2.0, 3, 3, [3, 3, 3]),
            (6.9, 3, 1000, [5, 7, 9]),
            (7.1, 3, 1000, [5, 7, 9]),
            (19.9, 3, 1000, [17, 20, 23]),
            (20.1, 3, 1000, [17, 20, 23]),
            (100.0, 101, 1000, [101, 105, 108]),
            (100.0, 1, 99, [92, 96, 99]),
            (100.0, 97, 103, [97, 100, 103]),
        ];
        for (interval, minimum, maximum, expected) in cases {
            let got = [0.0, 0.5, 0.99].map(|f| fuzzed(interval, minimum, maximum, Some(f)));
            assert_eq!(
                got, expected,
                "interval {interval} in [{minimum}, {maximum}]"
            );
        }
        // Without fuzz: rounded and bounded.
        assert_eq!(fuzzed(1.5, 1, 100, None), 2);
        assert_eq!(fuzzed(0.1, 1, 100, None), 1);
        assert_eq!(fuzzed(101.0, 1, 100, None), 100);
        // A minimum above the maximum does not panic.
        assert_eq!(fuzz_range(1.0, 3, 2), (2, 2));
        assert_eq!(fuzzed(f64::NAN, 3, 2, None), 2);
    }
}
