//! Ranking participants with a tie-break chain, ranks, top N and certificates.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::score::Rec;
use super::split::{InTurn, Workers, even_ranges, pieces_for, run_all};
use super::{CompactScoring, ParticipantResult};
use crate::time::Timestamp;

/// What ranking reads of a result: a [`ParticipantResult`] or a compact record.
pub(crate) trait Standing {
    fn score(&self) -> f64;
    fn time_used(&self) -> Option<u32>;
    fn submitted(&self) -> Option<Timestamp>;
    fn correct(&self) -> u32;
}

impl Standing for ParticipantResult {
    fn score(&self) -> f64 {
        self.score
    }
    fn time_used(&self) -> Option<u32> {
        self.time_used
    }
    fn submitted(&self) -> Option<Timestamp> {
        self.submitted
    }
    fn correct(&self) -> u32 {
        self.correct
    }
}

impl Standing for Rec {
    fn score(&self) -> f64 {
        Rec::score(self)
    }
    fn time_used(&self) -> Option<u32> {
        Rec::time_used(self)
    }
    fn submitted(&self) -> Option<Timestamp> {
        Rec::submitted(self)
    }
    fn correct(&self) -> u32 {
        Rec::correct(self)
    }
}

/// One step of the tie-break chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// Higher score first.
    Score,
    /// Less time used first (unknown time last).
    TimeUsed,
    /// Earlier submission first (unknown last).
    Submitted,
    /// More questions right first.
    Correct,
}

/// A certificate (e.g. 一等奖) for scores at or above a threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// The certificate's name.
    pub name: String,
    /// The lowest score that earns it.
    pub min_score: f64,
}

/// How to rank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RankOptions {
    /// The chain; participants equal under every step share a rank (default: score, time
    /// used, submission time).
    pub tie_break: Vec<TieBreak>,
    /// Keep only ranks up to this (ties at the boundary are kept).
    pub top: Option<u32>,
    /// Certificates; a participant gets the one with the highest threshold they reach.
    pub certificates: Vec<Certificate>,
}

impl Default for RankOptions {
    fn default() -> Self {
        Self {
            tie_break: vec![TieBreak::Score, TieBreak::TimeUsed, TieBreak::Submitted],
            top: None,
            certificates: Vec::new(),
        }
    }
}

/// A participant's place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Ranked {
    /// Index into the results.
    pub index: usize,
    /// Standard competition rank (1, 2, 2, 4).
    pub rank: u32,
    /// Dense rank (1, 2, 2, 3).
    pub dense_rank: u32,
    /// The certificate earned, if any.
    pub certificate: Option<String>,
}

/// A step's value for one result as an integer, smaller first; `None` (unknown) sorts after
/// every value. Scores are whole hundredths when `centi` (every score is one, as the scorer
/// rounds them), so the usual chain packs into a few dozen bits; otherwise the float's total
/// order. `-0.0` counts as `0.0`.
#[inline(always)]
fn step_value<T: Standing>(r: &T, t: TieBreak, centi: bool) -> Option<u64> {
    // Signed order onto unsigned order.
    let signed = |v: i64| (v as u64) ^ 1 << 63;
    match t {
        TieBreak::Score if centi => centi_of(r.score()).map(centi_value),
        TieBreak::Score => Some(float_value(r.score())),
        TieBreak::TimeUsed => r.time_used().map(u64::from),
        TieBreak::Submitted => r.submitted().map(|t| signed(t.0)),
        TieBreak::Correct => Some(u64::from(u32::MAX - r.correct())),
    }
}

/// A score in hundredths as a step value: higher first.
#[inline(always)]
fn centi_value(c: i64) -> u64 {
    !((c as u64) ^ 1 << 63)
}

/// A score as a step value by the float's total order: higher first.
#[inline(always)]
fn float_value(score: f64) -> u64 {
    let b = (score + 0.0).to_bits();
    !(if b >> 63 == 1 { !b } else { b | 1 << 63 })
}

/// The score in whole hundredths, when it is exactly one (`c / 100` gives it back).
#[inline(always)]
fn centi_of(score: f64) -> Option<i64> {
    // Adding and taking away 1.5 × 2^52 rounds to a whole number (|x| < 2^51), without
    // a call to `round`; which way a tie goes does not matter, as the check below is exact.
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let x = score * 100.0;
    let c = (x + ROUND) - ROUND;
    (x.abs() < 1e15 && c / 100.0 == score).then_some(c as i64)
}

/// [`centi_of`] of a score known to be whole hundredths.
#[inline(always)]
fn centi_rounded(score: f64) -> i64 {
    const ROUND: f64 = 6_755_399_441_055_744.0;
    ((score * 100.0 + ROUND) - ROUND) as i64
}

/// The lowest value and the range (including "unknown", one past the highest) of a step.
#[derive(Clone, Copy)]
struct Span {
    lo: u64,
    hi: u64,
    unknown: bool,
}

impl Span {
    const EMPTY: Span = Span {
        lo: u64::MAX,
        hi: 0,
        unknown: false,
    };

    #[inline(always)]
    fn add(&mut self, v: Option<u64>) {
        match v {
            Some(v) => (self.lo, self.hi) = (self.lo.min(v), self.hi.max(v)),
            None => self.unknown = true,
        }
    }

    /// Takes in another span of the same step.
    fn merge(&mut self, other: Span) {
        (self.lo, self.hi) = (self.lo.min(other.lo), self.hi.max(other.hi));
        self.unknown |= other.unknown;
    }

    /// `v`'s place in the span, from 0.
    #[inline(always)]
    fn offset(&self, v: Option<u64>) -> u128 {
        v.map_or(self.range(), |v| u128::from(v - self.lo))
    }

    fn range(&self) -> u128 {
        let width = self.hi.saturating_sub(self.lo);
        u128::from(width) + u128::from(self.unknown)
    }

    fn bits(&self) -> u32 {
        128 - self.range().leading_zeros()
    }
}

/// Results in rank order, each with whether it ties the one before (see [`for_ordered`]).
fn ordered<T: Standing>(results: &[T], chain: &[TieBreak]) -> Vec<(u32, bool)> {
    let mut out = Vec::with_capacity(results.len());
    for_ordered(results, chain, |i, tied| {
        out.push((i, tied));
        true
    });
    out
}

/// Every step's span over `results`, reading scores as hundredths when `centi` (and whether
/// they all are: the pass stops at the first that is not).
fn spans_of<T: Standing>(results: &[T], chain: &[TieBreak], centi: bool) -> (bool, [Span; 4]) {
    let mut spans = [Span::EMPTY; 4];
    let mut all_centi = true;
    for r in results {
        for (&t, span) in chain.iter().zip(&mut spans) {
            let v = match t {
                TieBreak::Score if centi => {
                    let c = centi_of(r.score());
                    all_centi &= c.is_some();
                    c.map(centi_value)
                }
                _ => step_value(r, t, false),
            };
            span.add(v);
        }
        if !all_centi {
            break;
        }
    }
    (all_centi, spans)
}

/// How results' keys are packed: each step's kind, lowest value, width and the place of
/// "unknown", worked out once from the spans of all results, and the index bits below.
#[derive(Clone, Copy)]
struct Packing {
    steps: [(TieBreak, u64, u32, u128); 4],
    len: usize,
    centi: bool,
    index_bits: u32,
    key_bits: u32,
}

/// The chain's spans over all results and whether every score is whole hundredths, found
/// by `spans` over the whole (or over pieces, merged): one pass reads scores as hundredths
/// while they all are, another reads them as floats in the rare round where one is not.
fn find_spans(
    chain: &[TieBreak],
    mut spans: impl FnMut(bool) -> (bool, [Span; 4]),
) -> (bool, [Span; 4]) {
    let has_score = chain.contains(&TieBreak::Score);
    match spans(has_score) {
        (true, found) => (has_score, found),
        (false, _) => (false, spans(false).1),
    }
}

impl Packing {
    /// The packing of `len` results with these spans; `None` when the keys would not fit
    /// 128 bits.
    fn new(chain: &[TieBreak], centi: bool, spans: &[Span; 4], len: usize) -> Option<Self> {
        let spans = spans.get(..chain.len()).unwrap_or(spans);
        let index_bits = 128 - (len as u128).leading_zeros();
        let key_bits: u32 = spans.iter().map(Span::bits).sum();
        if key_bits + index_bits > 128 {
            return None;
        }
        let mut steps = [(TieBreak::Score, 0u64, 0u32, 0u128); 4];
        for ((slot, &t), s) in steps.iter_mut().zip(chain).zip(spans) {
            *slot = (t, s.lo, s.bits(), s.range());
        }
        Some(Self {
            steps,
            len: chain.len().min(4),
            centi,
            index_bits,
            key_bits,
        })
    }

    /// Whether keys fit 64 bits (narrow keys sort twice as fast).
    fn narrow(&self) -> bool {
        self.key_bits + self.index_bits <= 64
    }

    /// The bits of the steps, above the index.
    fn key_range(&self) -> std::ops::Range<u32> {
        self.index_bits..self.index_bits + self.key_bits
    }

    #[inline(always)]
    fn value<T: Standing>(&self, r: &T, t: TieBreak) -> Option<u64> {
        match t {
            // Every score is whole hundredths (checked): no need to check again.
            TieBreak::Score if self.centi => Some(centi_value(centi_rounded(r.score()))),
            _ => step_value(r, t, self.centi),
        }
    }

    /// The narrow key of result `i`.
    #[inline(always)]
    fn key64<T: Standing>(&self, r: &T, i: usize) -> u64 {
        let mut key = 0u64;
        for &(t, lo, bits, unknown) in self.steps.get(..self.len).unwrap_or_default() {
            let offset = self.value(r, t).map_or(unknown as u64, |v| v - lo);
            key = key.checked_shl(bits).unwrap_or(0) | offset;
        }
        key.checked_shl(self.index_bits).unwrap_or(0) | i as u64
    }

    /// The wide key of result `i`.
    #[inline(always)]
    fn key128<T: Standing>(&self, r: &T, i: usize) -> u128 {
        let mut key = 0u128;
        for &(t, lo, bits, unknown) in self.steps.get(..self.len).unwrap_or_default() {
            let offset = self.value(r, t).map_or(unknown, |v| u128::from(v - lo));
            key = key.checked_shl(bits).unwrap_or(0) | offset;
        }
        key.checked_shl(self.index_bits).unwrap_or(0) | i as u128
    }

    /// The sorted narrow keys of `results`, the first being result `first`.
    fn sorted64<T: Standing>(&self, results: &[T], first: usize) -> Vec<u64> {
        let mut keys: Vec<u64> = results
            .iter()
            .enumerate()
            .map(|(i, r)| self.key64(r, first + i))
            .collect();
        sort_keys(&mut keys, self.key_range());
        keys
    }

    /// The sorted wide keys of `results`, the first being result `first`.
    fn sorted128<T: Standing>(&self, results: &[T], first: usize) -> Vec<u128> {
        let mut keys: Vec<u128> = results
            .iter()
            .enumerate()
            .map(|(i, r)| self.key128(r, first + i))
            .collect();
        sort_keys(&mut keys, self.key_range());
        keys
    }
}

/// Calls `f` with each result's index in rank order and whether it ties the one before,
/// until `f` returns false. Each step's values are shifted to start at 0 and packed side by
/// side, the result's index in the lowest bits, so ranking sorts plain integers and ties
/// keep `results` order.
fn for_ordered<T: Standing>(results: &[T], chain: &[TieBreak], f: impl FnMut(u32, bool) -> bool) {
    let (centi, spans) = find_spans(chain, |centi| spans_of(results, chain, centi));
    let Some(packing) = Packing::new(chain, centi, &spans, results.len()) else {
        let results = results.iter().enumerate();
        return ordered_wide(results, chain, centi, &spans[..chain.len()], f);
    };
    if packing.narrow() {
        let keys = packing.sorted64(results, 0);
        unpack(keys.into_iter().map(u128::from), packing.index_bits, f)
    } else {
        let keys = packing.sorted128(results, 0);
        unpack(keys.into_iter(), packing.index_bits, f)
    }
}

/// [`for_ordered`] of `len` results given in pieces (each with the index of its first, the
/// pieces in index order), which `workers` run side by side: the spans of each piece merged,
/// each piece's keys packed and sorted on its own, then the sorted keys merged (keys are
/// distinct, so merging gives what sorting all of them does).
fn for_ordered_in<T: Standing + Sync>(
    pieces: &[(usize, &[T])],
    len: usize,
    chain: &[TieBreak],
    workers: &dyn Workers,
    f: impl FnMut(u32, bool) -> bool,
) {
    let piece = |k: usize| pieces.get(k).copied().unwrap_or((0, &[]));
    let (centi, spans) = find_spans(chain, |centi| {
        let found = run_all(workers, pieces.len(), |k| {
            spans_of(piece(k).1, chain, centi)
        });
        found
            .into_iter()
            .fold((true, [Span::EMPTY; 4]), |(all, mut spans), (c, s)| {
                for (span, s) in spans.iter_mut().zip(s) {
                    span.merge(s);
                }
                (all && c, spans)
            })
    });
    let Some(packing) = Packing::new(chain, centi, &spans, len) else {
        let results = pieces
            .iter()
            .flat_map(|&(first, p)| p.iter().enumerate().map(move |(i, r)| (first + i, r)));
        return ordered_wide(results, chain, centi, &spans[..chain.len()], f);
    };
    if packing.narrow() {
        let sorted = run_all(workers, pieces.len(), |k| {
            let (first, part) = piece(k);
            packing.sorted64(part, first)
        });
        unpack(merged(sorted).map(u128::from), packing.index_bits, f)
    } else {
        let sorted = run_all(workers, pieces.len(), |k| {
            let (first, part) = piece(k);
            packing.sorted128(part, first)
        });
        unpack(merged(sorted), packing.index_bits, f)
    }
}

/// Sorted arrays of keys merged into one ascending run: pairs merged until two are left,
/// which are merged as they are read.
fn merged<K: RadixKey>(mut runs: Vec<Vec<K>>) -> impl Iterator<Item = K> {
    while runs.len() > 2 {
        let mut next = Vec::with_capacity(runs.len().div_ceil(2));
        let mut it = runs.into_iter();
        while let Some(a) = it.next() {
            match it.next() {
                Some(b) => next.push(Merge::new(a, b).collect()),
                None => next.push(a),
            }
        }
        runs = next;
    }
    let mut it = runs.into_iter();
    let a = it.next().unwrap_or_default();
    let b = it.next().unwrap_or_default();
    Merge::new(a, b)
}

/// Two ascending runs merged.
struct Merge<K> {
    a: std::vec::IntoIter<K>,
    b: std::vec::IntoIter<K>,
    next_a: Option<K>,
    next_b: Option<K>,
}

impl<K: RadixKey> Merge<K> {
    fn new(a: Vec<K>, b: Vec<K>) -> Self {
        let (mut a, mut b) = (a.into_iter(), b.into_iter());
        let (next_a, next_b) = (a.next(), b.next());
        Self {
            a,
            b,
            next_a,
            next_b,
        }
    }
}

impl<K: RadixKey> Iterator for Merge<K> {
    type Item = K;

    #[inline]
    fn next(&mut self) -> Option<K> {
        match (self.next_a, self.next_b) {
            (Some(x), Some(y)) if y < x => {
                self.next_b = self.b.next();
                Some(y)
            }
            (Some(x), _) => {
                self.next_a = self.a.next();
                Some(x)
            }
            (None, y) => {
                self.next_b = self.b.next();
                y
            }
        }
    }
}

/// A packed key: an unsigned integer whose digits a radix sort reads.
trait RadixKey: Copy + Ord + Default {
    /// The bits from bit `shift` up, under `mask`.
    fn digit(self, shift: u32, mask: usize) -> usize;
}

impl RadixKey for u64 {
    #[inline(always)]
    fn digit(self, shift: u32, mask: usize) -> usize {
        (self >> shift) as usize & mask
    }
}

impl RadixKey for u128 {
    #[inline(always)]
    fn digit(self, shift: u32, mask: usize) -> usize {
        (self >> shift) as usize & mask
    }
}

/// Below this many keys a comparison sort is as fast.
const RADIX_MIN: usize = 1 << 10;

/// The widest digit a radix pass sorts by (2,048 buckets).
const DIGIT_BITS: u32 = 11;

/// Sorts distinct keys whose bits below `steps` are already ascending in `keys` order and
/// whose bits above it are 0 (packed keys: the index below the steps): a stable sort by the
/// bits in `steps` alone then orders them as sorting whole keys does. A least significant
/// digit first radix sort with digits of up to 11 bits (a pass moves nothing when every key
/// has the same digit there, and is skipped): for a million keys faster than comparing.
fn sort_keys<K: RadixKey>(keys: &mut Vec<K>, steps: std::ops::Range<u32>) {
    let bits = steps.end.saturating_sub(steps.start);
    if keys.len() < RADIX_MIN || bits == 0 {
        keys.sort_unstable();
        return;
    }
    let passes = bits.div_ceil(DIGIT_BITS);
    let width = bits.div_ceil(passes);
    let (buckets, mask) = (1usize << width, (1usize << width) - 1);
    let shifts: Vec<u32> = (0..passes).map(|p| steps.start + p * width).collect();
    // Every pass's counts in one read.
    let mut counts = vec![0usize; buckets * shifts.len()];
    for &k in keys.iter() {
        for (c, &s) in counts.chunks_exact_mut(buckets).zip(&shifts) {
            if let Some(n) = c.get_mut(k.digit(s, mask)) {
                *n += 1;
            }
        }
    }
    let mut spare = vec![K::default(); keys.len()];
    let mut next = vec![0usize; buckets];
    for (c, &s) in counts.chunks_exact(buckets).zip(&shifts) {
        if c.contains(&keys.len()) {
            continue;
        }
        let mut at = 0;
        for (n, &count) in next.iter_mut().zip(c) {
            *n = at;
            at += count;
        }
        for &k in keys.iter() {
            if let Some(n) = next.get_mut(k.digit(s, mask)) {
                if let Some(slot) = spare.get_mut(*n) {
                    *slot = k;
                }
                *n += 1;
            }
        }
        std::mem::swap(keys, &mut spare);
    }
}

/// Sorted packed keys back to indices in rank order, each with whether it ties the one
/// before, handed to `f` until it returns false.
fn unpack(keys: impl Iterator<Item = u128>, index_bits: u32, mut f: impl FnMut(u32, bool) -> bool) {
    let mut prev = None;
    for k in keys {
        let steps = Some(k >> index_bits);
        if !f((k & ((1 << index_bits) - 1)) as u32, prev == steps) {
            return;
        }
        prev = steps;
    }
}

/// [`for_ordered`] for chains too wide to pack into one integer: a step per integer.
fn ordered_wide<'t, T: Standing + 't>(
    results: impl Iterator<Item = (usize, &'t T)>,
    chain: &[TieBreak],
    centi: bool,
    spans: &[Span],
    mut f: impl FnMut(u32, bool) -> bool,
) {
    let key = |r: &T| {
        let mut key = [0u128; 4];
        for ((slot, &t), s) in key.iter_mut().zip(chain).zip(spans) {
            *slot = s.offset(step_value(r, t, centi));
        }
        key
    };
    let mut keyed: Vec<([u128; 4], u32)> = results.map(|(i, r)| (key(r), i as u32)).collect();
    keyed.sort_unstable();
    let mut prev = None;
    for (k, i) in keyed {
        if !f(i, prev == Some(k)) {
            return;
        }
        prev = Some(k);
    }
}

/// Ranks `results`, best first. Participants tied under the whole chain share a rank and keep
/// their order in `results` (by participant id for [`super::Scoring::results`]). Only the
/// first four steps of the chain count (there are four kinds of step).
///
/// ```
/// use kaotang::contest::{rank, ParticipantResult, RankOptions};
/// let r = |id: &str, score: f64, secs: u32| ParticipantResult {
///     participant: id.into(), name: "".into(), unit: vec![].into(), form: "A".into(), score,
///     speed: 0.0, correct: 0, time_used: Some(secs), submitted: None, attempt: 1, sheets: 1,
/// };
/// let results = [r("a", 90.0, 300), r("b", 95.0, 400), r("c", 90.0, 300), r("d", 80.0, 100)];
/// let ranks: Vec<(usize, u32, u32)> = rank(&results, &RankOptions::default())
///     .iter().map(|x| (x.index, x.rank, x.dense_rank)).collect();
/// assert_eq!(ranks, [(1, 1, 1), (0, 2, 2), (2, 2, 2), (3, 4, 3)]);
/// ```
pub fn rank(results: &[ParticipantResult], options: &RankOptions) -> Vec<Ranked> {
    let chain = &options.tie_break[..options.tie_break.len().min(4)];
    let mut certs: Vec<&Certificate> = options.certificates.iter().collect();
    certs.sort_by(|a, b| b.min_score.total_cmp(&a.min_score));
    // Certificates read in results order: ranking visits results out of order, and a
    // random read of each is what ranking a million would spend most of its time on.
    let certificate: Vec<Option<&str>> = if certs.is_empty() {
        Vec::new()
    } else {
        results
            .iter()
            .map(|r| {
                certs
                    .iter()
                    .find(|c| r.score >= c.min_score)
                    .map(|c| c.name.as_str())
            })
            .collect()
    };
    let order = ordered(results, chain);
    let mut out = Vec::with_capacity(order.len());
    let (mut rank, mut dense) = (0u32, 0u32);
    for (pos, (i, tied)) in order.into_iter().enumerate() {
        if !tied {
            rank = pos as u32 + 1;
            dense += 1;
        }
        if options.top.is_some_and(|t| rank > t) {
            break;
        }
        let i = i as usize;
        out.push(Ranked {
            index: i,
            rank,
            dense_rank: dense,
            certificate: certificate.get(i).copied().flatten().map(str::to_owned),
        });
    }
    out
}

/// A participant's place in a [`rank_compact`] ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index into the [`CompactScoring`].
    pub index: u32,
    /// Standard competition rank (1, 2, 2, 4).
    pub rank: u32,
    /// Dense rank (1, 2, 2, 3).
    pub dense_rank: u32,
}

impl RankOptions {
    /// The certificate a score earns: the one with the highest threshold it reaches (the
    /// first listed of equal thresholds), as [`rank`] gives it.
    pub fn certificate(&self, score: f64) -> Option<&str> {
        self.certificates
            .iter()
            .filter(|c| score >= c.min_score)
            .fold(None, |best: Option<&Certificate>, c| match best {
                Some(b) if b.min_score.total_cmp(&c.min_score).is_ge() => Some(b),
                _ => Some(c),
            })
            .map(|c| c.name.as_str())
    }
}

/// Ranks compact results as [`rank`] ranks [`super::Scoring::results`]: the same places in
/// the same order (ties by participant id), 12 bytes a participant; the certificate of each
/// is [`RankOptions::certificate`] of its score.
///
/// ```
/// # use kaotang::bank::BankSet;
/// # use kaotang::contest::{assemble, rank, rank_compact, Blueprint, RankOptions, ScoreRules, Scorer, SheetReader};
/// # let yaml = "bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n  \
/// #     - { id: q0, type: judge, stem: 第0题的陈述。, answer: true, explanation: 说明。, \
/// #     period: 新民主主义革命时期, difficulty: 2, source: { ref: s } }\n";
/// # let set = BankSet::load(&[("b.yaml", yaml.to_owned())]).unwrap();
/// # let bp = Blueprint::from_yaml("title: 初赛\ntime_limit_minutes: 10\n\
/// #     sections: [{ name: 判断题, count: 1, points: 100 }]").unwrap();
/// # let assembly = assemble(&set, &bp, 1).unwrap();
/// let csv = "编号,1\nz,对\nb,错\na,对\n";
/// let mut scorer = Scorer::new(&set, &assembly, ScoreRules::default()).unwrap();
/// for sheet in SheetReader::new(csv.as_bytes()).unwrap() {
///     scorer.add(&sheet.unwrap()).unwrap();
/// }
/// let compact = scorer.finish_compact();
/// let places = rank_compact(&compact, &RankOptions::default());
/// let rows: Vec<(&str, u32)> = places
///     .iter()
///     .map(|p| (compact.get(p.index as usize).unwrap().participant, p.rank))
///     .collect();
/// assert_eq!(rows, [("a", 1), ("z", 1), ("b", 3)]);
/// ```
pub fn rank_compact(scoring: &CompactScoring, options: &RankOptions) -> Vec<Place> {
    let chain = &options.tie_break[..options.tie_break.len().min(4)];
    let mut places = Places::new(scoring.len(), options.top);
    let runs: Vec<(usize, &[Rec])> = scoring.runs().collect();
    match runs.as_slice() {
        [(_, only)] => for_ordered(only, chain, |i, tied| places.push(i, tied)),
        // A split join's runs, ranked one after another.
        runs => for_ordered_in(runs, scoring.len(), chain, &InTurn, |i, tied| {
            places.push(i, tied)
        }),
    }
    places.out
}

/// [`rank_compact`] with its work split into pieces that `workers` may run side by side,
/// when the round is large enough to pay (about 100,000 participants): each piece's keys
/// are packed and sorted on their own, then merged. The same places as [`rank_compact`].
///
/// ```
/// # use kaotang::bank::BankSet;
/// # use kaotang::contest::{assemble, rank_compact, rank_compact_with, Blueprint, InTurn, RankOptions, ScoreRules, Scorer, SheetReader};
/// # let yaml = "bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n  \
/// #     - { id: q0, type: judge, stem: 第0题的陈述。, answer: true, explanation: 说明。, \
/// #     period: 新民主主义革命时期, difficulty: 2, source: { ref: s } }\n";
/// # let set = BankSet::load(&[("b.yaml", yaml.to_owned())]).unwrap();
/// # let bp = Blueprint::from_yaml("title: 初赛\ntime_limit_minutes: 10\n\
/// #     sections: [{ name: 判断题, count: 1, points: 100 }]").unwrap();
/// # let assembly = assemble(&set, &bp, 1).unwrap();
/// let csv = "编号,1\nz,对\nb,错\na,对\n";
/// let mut scorer = Scorer::new(&set, &assembly, ScoreRules::default()).unwrap();
/// for sheet in SheetReader::new(csv.as_bytes()).unwrap() {
///     scorer.add(&sheet.unwrap()).unwrap();
/// }
/// let compact = scorer.finish_compact();
/// let options = RankOptions::default();
/// // `InTurn` runs the pieces one after another; a front end passes its threads.
/// let places = rank_compact_with(&compact, &options, &InTurn);
/// assert_eq!(places, rank_compact(&compact, &options));
/// ```
pub fn rank_compact_with(
    scoring: &CompactScoring,
    options: &RankOptions,
    workers: &dyn Workers,
) -> Vec<Place> {
    let runs = scoring.runs().count();
    let pieces = if runs > 1 {
        runs
    } else {
        pieces_for(scoring.len(), workers)
    };
    rank_compact_in(scoring, options, pieces, workers)
}

/// [`rank_compact_with`] in about `pieces` pieces however many results there are: for a
/// caller that sizes the pieces itself. The results of a split join
/// ([`CompactScoring::join_at`]) are in runs, which pieces do not straddle.
pub fn rank_compact_in(
    scoring: &CompactScoring,
    options: &RankOptions,
    pieces: usize,
    workers: &dyn Workers,
) -> Vec<Place> {
    let len = scoring.len();
    let mut slices: Vec<(usize, &[Rec])> = Vec::new();
    for (first, run) in scoring.runs() {
        // Each run in its share of the pieces.
        let share = (pieces * run.len()).div_ceil(len.max(1)).max(1);
        for r in even_ranges(run.len(), share) {
            slices.push((first + r.start, run.get(r).unwrap_or_default()));
        }
    }
    if slices.len() < 2 {
        return rank_compact(scoring, options);
    }
    let chain = &options.tie_break[..options.tie_break.len().min(4)];
    let mut places = Places::new(len, options.top);
    for_ordered_in(&slices, len, chain, workers, |i, tied| places.push(i, tied));
    places.out
}

/// Places handed out in rank order (see [`for_ordered`]): ranks with ties, dense ranks, and
/// only those within `top`.
struct Places {
    out: Vec<Place>,
    top: Option<u32>,
    rank: u32,
    dense: u32,
}

impl Places {
    fn new(len: usize, top: Option<u32>) -> Self {
        Self {
            out: Vec::with_capacity(len),
            top,
            rank: 0,
            dense: 0,
        }
    }

    /// Takes the next result in rank order; false once past `top`.
    #[inline(always)]
    fn push(&mut self, index: u32, tied: bool) -> bool {
        if !tied {
            self.rank = self.out.len() as u32 + 1;
            self.dense += 1;
        }
        if self.top.is_some_and(|t| self.rank > t) {
            return false;
        }
        self.out.push(Place {
            index,
            rank: self.rank,
            dense_rank: self.dense,
        });
        true
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use proptest::prelude::*;

    use compact_str::CompactString;

    use super::*;
    use crate::time::Timestamp;

    /// The chain compared step by step, as the docs state it: a stable sort, so ties keep
    /// their order in `results`.
    fn by_comparison(results: &[ParticipantResult], chain: &[TieBreak]) -> Vec<(u32, bool)> {
        let unknown_last = |a: Option<i64>, b: Option<i64>| match (a, b) {
            (Some(a), Some(b)) => a.cmp(&b),
            (a, b) => b.is_some().cmp(&a.is_some()),
        };
        let cmp = |a: &ParticipantResult, b: &ParticipantResult| {
            chain.iter().take(4).fold(Ordering::Equal, |o, t| {
                o.then_with(|| match t {
                    TieBreak::Score => (b.score + 0.0).total_cmp(&(a.score + 0.0)),
                    TieBreak::TimeUsed => {
                        unknown_last(a.time_used.map(i64::from), b.time_used.map(i64::from))
                    }
                    TieBreak::Submitted => {
                        unknown_last(a.submitted.map(|t| t.0), b.submitted.map(|t| t.0))
                    }
                    TieBreak::Correct => b.correct.cmp(&a.correct),
                })
            })
        };
        let mut order: Vec<usize> = (0..results.len()).collect();
        order.sort_by(|&a, &b| cmp(&results[a], &results[b]));
        (0..order.len())
            .map(|p| {
                let tied = p > 0 && cmp(&results[order[p - 1]], &results[order[p]]).is_eq();
                (order[p] as u32, tied)
            })
            .collect()
    }

    fn result() -> impl Strategy<Value = ParticipantResult> {
        let score = prop_oneof![
            (-500i64..15_000).prop_map(|c| c as f64 / 100.0),
            (0u32..4).prop_map(f64::from),
            Just(-0.0),
            any::<f64>(),
        ];
        let submitted = prop_oneof![
            (1_750_000_000i64..1_750_000_100).prop_map(Some),
            any::<i64>().prop_map(Some),
            Just(None),
        ];
        (score, proptest::option::of(0u32..50), submitted, 0u32..4).prop_map(
            |(score, time_used, submitted, correct)| {
                with_keys(score, time_used, submitted.map(Timestamp), correct)
            },
        )
    }

    /// A result with only the fields a tie-break reads set.
    fn with_keys(
        score: f64,
        time_used: Option<u32>,
        submitted: Option<Timestamp>,
        correct: u32,
    ) -> ParticipantResult {
        ParticipantResult {
            participant: CompactString::default(),
            name: CompactString::default(),
            unit: Vec::new().into(),
            form: "A".into(),
            score,
            speed: 0.0,
            correct,
            time_used,
            submitted,
            attempt: 1,
            sheets: 1,
        }
    }

    fn step() -> impl Strategy<Value = TieBreak> {
        prop_oneof![
            Just(TieBreak::Score),
            Just(TieBreak::TimeUsed),
            Just(TieBreak::Submitted),
            Just(TieBreak::Correct),
        ]
    }

    proptest! {
        /// Packed keys (narrow, wide, or the step-per-integer fallback) order and tie exactly
        /// as comparing the chain step by step does.
        #[test]
        fn packed_order_is_the_chain_order(
            results in proptest::collection::vec(result(), 0..60),
            chain in proptest::collection::vec(step(), 0..6),
        ) {
            let chain = &chain[..chain.len().min(4)];
            prop_assert_eq!(ordered(&results, chain), by_comparison(&results, chain));
        }

        /// Results in pieces (narrow keys, wide keys, scores that are not hundredths, keys
        /// past 128 bits) order and tie as the whole does, wherever the pieces are cut.
        #[test]
        fn pieces_order_as_the_whole(
            results in proptest::collection::vec(result(), 0..60),
            chain in proptest::collection::vec(step(), 0..6),
            cuts in proptest::collection::vec(0usize..=100, 0..4),
        ) {
            let chain = &chain[..chain.len().min(4)];
            prop_assert_eq!(in_pieces(&results, chain, &cuts), ordered(&results, chain));
        }
    }

    /// [`for_ordered_in`] of `results` cut at these percentages, the pieces run on threads
    /// of their own, the last first.
    fn in_pieces(
        results: &[ParticipantResult],
        chain: &[TieBreak],
        cuts: &[usize],
    ) -> Vec<(u32, bool)> {
        struct Threads;
        impl Workers for Threads {
            fn width(&self) -> usize {
                4
            }
            fn run(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
                std::thread::scope(|s| {
                    for k in (0..n).rev() {
                        s.spawn(move || job(k));
                    }
                });
            }
        }
        let mut at: Vec<usize> = cuts.iter().map(|c| c * results.len() / 100).collect();
        at.extend([0, results.len()]);
        at.sort_unstable();
        let pieces: Vec<(usize, &[ParticipantResult])> = at
            .windows(2)
            .map(|w| (w[0], &results[w[0]..w[1]]))
            .collect();
        let mut out = Vec::new();
        for_ordered_in(&pieces, results.len(), chain, &Threads, |i, tied| {
            out.push((i, tied));
            true
        });
        out
    }

    /// Results as a real round gives them: scores in hundredths, times close together, so
    /// the keys are narrow and many tie.
    fn narrow_result() -> impl Strategy<Value = ParticipantResult> {
        (
            (0i64..300).prop_map(|c| c as f64 / 4.0),
            proptest::option::weighted(0.9, 0u32..40),
            proptest::option::weighted(0.9, 1_750_000_000i64..1_750_000_050),
            0u32..4,
        )
            .prop_map(|(score, time_used, submitted, correct)| {
                with_keys(score, time_used, submitted.map(Timestamp), correct)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Rounds large enough for the radix sort order and tie as comparing the chain does.
        #[test]
        fn radix_sorted_order_is_the_chain_order(
            narrow in proptest::collection::vec(narrow_result(), RADIX_MIN..RADIX_MIN + 600),
            other in proptest::collection::vec(result(), 0..3),
            chain in proptest::collection::vec(step(), 0..6),
        ) {
            let chain = &chain[..chain.len().min(4)];
            // Also with a few results from anywhere, which make the keys wide.
            for results in [narrow.clone(), [other, narrow].concat()] {
                let want = by_comparison(&results, chain);
                prop_assert_eq!(&ordered(&results, chain), &want);
                // Two pieces, each radix sorted.
                let twice = [results.clone(), results.clone()].concat();
                prop_assert_eq!(in_pieces(&twice, chain, &[50]), ordered(&twice, chain));
            }
        }

        /// The radix sort sorts packed keys (ascending indices below the steps) as sorting
        /// whole keys does, for narrow and wide keys, few steps' bits or many.
        #[test]
        fn radix_sort_sorts_packed_keys(
            values in proptest::collection::vec(any::<u64>(), 0..3_000),
            step_bits in 0u32..=52,
            wide in any::<bool>(),
        ) {
            let index_bits = 12;
            let mask = (1u128 << step_bits) - 1;
            let keys = values
                .iter()
                .enumerate()
                .map(|(i, &v)| (u128::from(v) & mask) << index_bits | i as u128);
            let steps = index_bits..index_bits + step_bits;
            if wide {
                // Steps above bit 64.
                let mut keys: Vec<u128> = keys.map(|k| k << 64 | k).collect();
                let mut want = keys.clone();
                want.sort_unstable();
                sort_keys(&mut keys, steps.start..steps.end + 64);
                prop_assert_eq!(keys, want);
            } else {
                let mut keys: Vec<u64> = keys.map(|k| k as u64).collect();
                let mut want = keys.clone();
                want.sort_unstable();
                sort_keys(&mut keys, steps);
                prop_assert_eq!(keys, want);
            }
        }
    }

    #[test]
    fn every_key_width_is_taken() {
        let r =
            |score: f64, submitted: i64| with_keys(score, Some(1), Some(Timestamp(submitted)), 0);
        let chain = [TieBreak::Score, TieBreak::Submitted];
        // Into 64 bits; into 128 (a submission time anywhere in i64); past 128 (scores that
        // are not hundredths, far apart).
        for results in [
            vec![r(1.5, 10), r(2.0, 5), r(1.5, 3)],
            vec![r(1.5, i64::MAX), r(2.0, i64::MIN), r(1.5, 3)],
            vec![r(-1e300, i64::MAX), r(1e300, i64::MIN), r(-1e300, 3)],
        ] {
            assert_eq!(
                ordered(&results, &chain),
                [(1, false), (2, false), (0, false)]
            );
        }
    }
}
