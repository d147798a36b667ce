//! Grading four answers at once: the table lookups of [`super::fast_run`] for a group of
//! four cells in AVX2 registers (the cells' keys, their slots and what they add, gathered).
//! Scoring a million sheets of 55 answers spent about 30% of its reading time grading, one
//! answer at a time; four at a time takes about 10% off that reading.
//!
//! What each cell adds is still added to the total one after another, in question order:
//! floating-point sums depend on their order, and the total must be the one-by-one total to
//! the bit. A cell not graded in advance, and every processor without AVX2, take the
//! one-by-one loop, which goes on from the first group this one leaves.

use super::{Item, Slot, Tally};

/// A form's probes side by side, loaded four at a time. Exists only where the processor
/// has AVX2 (see [`Wide::new`]).
// Elsewhere there is no `Wide` to read (`Wide::new` gives none).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub(super) struct Wide {
    mul: Vec<u64>,
    shift: Vec<u64>,
    base: Vec<u64>,
    // The length of the slots the probes were checked against: every probe's range lies
    // below it.
    slots: usize,
}

impl Wide {
    /// The probes of `items` (their answers graded in advance in `slots`), when the
    /// processor has AVX2 and every probe's range lies within `slots`.
    pub(super) fn new(items: &[Item<'_>], slots: &[Slot]) -> Option<Self> {
        if !cfg!(target_arch = "x86_64") || !avx2() {
            return None;
        }
        let in_range = items.iter().all(|i| {
            (1..64).contains(&i.probe.shift)
                && (i.probe.base as usize).checked_add(1 << (64 - i.probe.shift))
                    <= Some(slots.len())
        });
        in_range.then(|| Wide {
            mul: items.iter().map(|i| i.probe.mul).collect(),
            shift: items.iter().map(|i| u64::from(i.probe.shift)).collect(),
            base: items.iter().map(|i| u64::from(i.probe.base)).collect(),
            slots: slots.len(),
        })
    }

    /// Grades the cells of a row from the first, four at a time, into `tally` while every
    /// cell of a group is an answer graded in advance; returns where it stopped (a multiple
    /// of four), from where the one-by-one loop goes on. Cell `k` is
    /// `text[starts[k]..starts[k + 1] − 1]`.
    #[inline]
    pub(super) fn grade_prefix(
        &self,
        slots: &[Slot],
        text: &[u8],
        starts: &[u32],
        tally: &mut Tally,
    ) -> usize {
        if slots.len() < self.slots {
            return 0;
        }
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Wide` exists only where AVX2 was detected (`Wide::new`), and `slots`
        // is at least as long as the slots every probe was checked against.
        #[allow(unsafe_code)]
        unsafe {
            prefix_avx2(self, slots, text, starts, tally)
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = (text, starts, tally);
            0
        }
    }
}

#[cfg(target_arch = "x86_64")]
fn avx2() -> bool {
    std::arch::is_x86_feature_detected!("avx2")
}

#[cfg(not(target_arch = "x86_64"))]
fn avx2() -> bool {
    false
}

/// [`Wide::grade_prefix`]. Safety: the processor has AVX2, and every probe of `wide` stays
/// within `slots` (`(h >> shift) + base < slots.len()` for every `h`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[allow(unsafe_code)]
unsafe fn prefix_avx2(
    wide: &Wide,
    slots: &[Slot],
    text: &[u8],
    starts: &[u32],
    tally: &mut Tally,
) -> usize {
    use std::arch::x86_64::*;

    use super::{ANSWERED_BIT, CORRECT_BIT};

    // Groups whose cells all have their start and the start after them in `starts`.
    let groups = wide.mul.len().min(starts.len().saturating_sub(1)) / 4;
    let zero = _mm256_setzero_si256();
    let one = _mm256_set1_epi64x(1);
    let seven = _mm256_set1_epi64x(7);
    let eight = _mm256_set1_epi64x(8);
    // A cell is read eight bytes at once from its start: `start < text.len() − 7`.
    let readable = _mm256_set1_epi64x(text.len() as i64 - 7);
    let mut total = tally.total;
    let (mut correct, mut answered) = (zero, zero);
    let mut k = 0;
    while k < groups * 4 {
        // SAFETY (all loads): `k + 5 <= starts.len()` and `k + 4 <= wide.mul.len()`, the
        // length of `shift` and `base` too (the loop's bound).
        let start =
            _mm256_cvtepu32_epi64(unsafe { _mm_loadu_si128(starts.as_ptr().add(k).cast()) });
        let next =
            _mm256_cvtepu32_epi64(unsafe { _mm_loadu_si128(starts.as_ptr().add(k + 1).cast()) });
        let len = _mm256_sub_epi64(_mm256_sub_epi64(next, start), one);
        let fine = _mm256_andnot_si256(
            _mm256_cmpgt_epi64(zero, len),
            _mm256_cmpgt_epi64(readable, start),
        );
        if _mm256_movemask_pd(_mm256_castsi256_pd(fine)) != 0b1111 {
            break;
        }
        // SAFETY: every lane's eight bytes are in `text` (`fine`).
        let word = unsafe { _mm256_i64gather_epi64::<1>(text.as_ptr().cast(), start) };
        // As `cell_key`: the length up to 8 in bits 56–59, up to 7 bytes below.
        let n = _mm256_blendv_epi8(len, eight, _mm256_cmpgt_epi64(len, eight));
        let kept = _mm256_blendv_epi8(n, seven, _mm256_cmpgt_epi64(n, seven));
        let mask = _mm256_sub_epi64(_mm256_sllv_epi64(one, _mm256_slli_epi64::<3>(kept)), one);
        let key = _mm256_or_si256(_mm256_and_si256(word, mask), _mm256_slli_epi64::<56>(n));
        let (mul, shift, base) = unsafe {
            (
                _mm256_loadu_si256(wide.mul.as_ptr().add(k).cast()),
                _mm256_loadu_si256(wide.shift.as_ptr().add(k).cast()),
                _mm256_loadu_si256(wide.base.as_ptr().add(k).cast()),
            )
        };
        // As `Probe::at`; a slot is two 64-bit words.
        let at = _mm256_add_epi64(_mm256_srlv_epi64(mul_low(key, mul), shift), base);
        let words = _mm256_slli_epi64::<1>(at);
        // SAFETY: every probe's slot is in `slots` (this function's contract), and a slot
        // is its key then its add (`repr(C)`).
        let slot_key = unsafe { _mm256_i64gather_epi64::<8>(slots.as_ptr().cast(), words) };
        // As `Slot::holds`.
        let holds = _mm256_cmpeq_epi64(
            _mm256_slli_epi64::<2>(_mm256_xor_si256(slot_key, key)),
            zero,
        );
        if _mm256_movemask_pd(_mm256_castsi256_pd(holds)) != 0b1111 {
            break;
        }
        let add = unsafe { _mm256_i64gather_pd::<8>(slots.as_ptr().cast::<f64>().add(1), words) };
        // One after another, in question order (see the module).
        let (low, high) = (_mm256_castpd256_pd128(add), _mm256_extractf128_pd::<1>(add));
        total += _mm_cvtsd_f64(low);
        total += _mm_cvtsd_f64(_mm_unpackhi_pd(low, low));
        total += _mm_cvtsd_f64(high);
        total += _mm_cvtsd_f64(_mm_unpackhi_pd(high, high));
        correct = _mm256_add_epi64(
            correct,
            _mm256_srli_epi64::<{ CORRECT_BIT as i32 }>(slot_key),
        );
        answered = _mm256_add_epi64(
            answered,
            _mm256_and_si256(_mm256_srli_epi64::<{ ANSWERED_BIT as i32 }>(slot_key), one),
        );
        k += 4;
    }
    let (mut right, mut given) = ([0u64; 4], [0u64; 4]);
    // SAFETY: each store writes 32 bytes into a 32-byte array.
    unsafe {
        _mm256_storeu_si256(right.as_mut_ptr().cast(), correct);
        _mm256_storeu_si256(given.as_mut_ptr().cast(), answered);
    }
    tally.total = total;
    // At most one per question: no overflow.
    tally.correct = tally.correct.wrapping_add(right.iter().sum::<u64>() as u32);
    tally.answered = tally
        .answered
        .wrapping_add(given.iter().sum::<u64>() as u32);
    k
}

/// The low 64 bits of each lane's product (AVX2 multiplies 32 by 32 bits).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn mul_low(
    a: std::arch::x86_64::__m256i,
    b: std::arch::x86_64::__m256i,
) -> std::arch::x86_64::__m256i {
    use std::arch::x86_64::*;
    let low = _mm256_mul_epu32(a, b);
    let cross = _mm256_add_epi64(
        _mm256_mul_epu32(_mm256_srli_epi64::<32>(a), b),
        _mm256_mul_epu32(a, _mm256_srli_epi64::<32>(b)),
    );
    _mm256_add_epi64(low, _mm256_slli_epi64::<32>(cross))
}
