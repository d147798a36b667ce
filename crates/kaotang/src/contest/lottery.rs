//! A verifiable prize lottery.
//!
//! # Algorithm
//!
//! 1. The pool is the qualifying participant ids, deduplicated and sorted by their UTF-8
//!    bytes, so the order they were listed in does not matter.
//! 2. The seed is `derive_seed(0, "lottery", public_seed)` (see [`crate::rng::derive_seed`]:
//!    FNV-1a 64 over `"lottery"`, a `0xFF` byte and the public seed's UTF-8 bytes, started from
//!    `0xcbf29ce484222325 ^ splitmix64(0)`, then a SplitMix64 finaliser).
//! 3. The stream is ChaCha8 seeded with that `u64` (`rand_chacha::ChaCha8Rng::seed_from_u64`).
//! 4. For `i` in `0..k`: draw `j = i + below(n − i)` with Lemire's unbiased multiply-and-reject
//!    ([`crate::rng::SeedRng::below`]) and swap positions `i` and `j` (a partial
//!    Fisher–Yates shuffle). The winners are positions `0..k`, in draw order.
//!
//! Anyone with the list of qualifying ids and the published seed (e.g. a lottery number)
//! gets the same winners.

use serde::{Deserialize, Serialize};

use crate::rng::SeedRng;

/// The outcome of a draw, for publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Lottery {
    /// The public seed.
    pub public_seed: String,
    /// Distinct qualifying participants.
    pub pool: usize,
    /// Winners in draw order.
    pub winners: Vec<String>,
}

/// Draws `k` winners (all of them when fewer qualify) from `eligible` with `public_seed`.
/// The ids may be any strings (`String`, `&str`, a compact string): only their text counts.
///
/// ```
/// use kaotang::contest::draw;
/// let pool = ["p3", "p1", "p2", "p1"].map(String::from);
/// let a = draw(&pool, 2, "2025-07-01 福彩3D 123");
/// let mut reordered = pool.clone();
/// reordered.reverse();
/// assert_eq!(a, draw(&reordered, 2, "2025-07-01 福彩3D 123"));
/// assert_eq!((a.pool, a.winners.len()), (3, 2));
/// ```
pub fn draw<S: AsRef<str>>(eligible: &[S], k: usize, public_seed: &str) -> Lottery {
    let mut pool: Vec<&str> = eligible.iter().map(AsRef::as_ref).collect();
    pool.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    pool.dedup();
    let n = pool.len();
    let k = k.min(n);
    let mut rng = SeedRng::derived(0, "lottery", public_seed);
    for i in 0..k {
        let j = i + rng.index(n - i);
        pool.swap(i, j);
    }
    Lottery {
        public_seed: public_seed.to_owned(),
        pool: n,
        winners: pool.into_iter().take(k).map(str::to_owned).collect(),
    }
}
