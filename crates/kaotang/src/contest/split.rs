//! Work split into independent jobs that a caller may run side by side: joining the parts
//! of a round by id range ([`super::CompactScoring::join_with`]) and ranking it in pieces
//! ([`super::rank_compact_with`]). The core starts no threads; the caller's [`Workers`]
//! decide where the jobs run.

use std::sync::{Mutex, PoisonError};

/// Runs independent jobs, side by side where it can: how a front end lends its threads to
/// the core's split work.
///
/// ```
/// use kaotang::contest::Workers;
/// /// Two threads: the caller's and one more.
/// struct Two;
/// impl Workers for Two {
///     fn width(&self) -> usize {
///         2
///     }
///     fn run(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
///         std::thread::scope(|s| {
///             for k in 1..n {
///                 s.spawn(move || job(k));
///             }
///             if n > 0 {
///                 job(0);
///             }
///         });
///     }
/// }
/// ```
pub trait Workers: Sync {
    /// How many jobs it runs at once (work is split into this many pieces when it pays).
    fn width(&self) -> usize;

    /// Calls `job(k)` once for every `k` in `0..n`, in any order and on any threads, and
    /// returns when every call has returned. A job it leaves out is run afterwards on the
    /// calling thread, so a wrong count costs time, never results.
    fn run(&self, n: usize, job: &(dyn Fn(usize) + Sync));
}

/// [`Workers`] that run every job in turn on the calling thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct InTurn;

impl Workers for InTurn {
    fn width(&self) -> usize {
        1
    }

    fn run(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
        (0..n).for_each(job);
    }
}

/// Below this many records a round is joined and ranked in one piece: splitting it costs
/// more than it saves.
pub(crate) const SPLIT_MIN: usize = 100_000;

/// How many pieces `len` records are worth with `workers`.
pub(crate) fn pieces_for(len: usize, workers: &dyn Workers) -> usize {
    if len < SPLIT_MIN {
        1
    } else {
        workers.width().clamp(1, len / (SPLIT_MIN / 2))
    }
}

/// `job(k)` for every `k` in `0..n`, run by `workers`, in order of `k`. A job the workers
/// did not run is run here; a job run twice keeps its first result.
pub(crate) fn run_all<T: Send>(
    workers: &dyn Workers,
    n: usize,
    job: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    let slots: Vec<Mutex<Option<T>>> = (0..n).map(|_| Mutex::new(None)).collect();
    workers.run(n, &|k| {
        if let Some(slot) = slots.get(k) {
            let done = slot
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .is_some();
            if !done {
                let value = job(k);
                let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
                if slot.is_none() {
                    *slot = Some(value);
                }
            }
        }
    });
    slots
        .into_iter()
        .enumerate()
        .map(|(k, slot)| {
            slot.into_inner()
                .unwrap_or_else(PoisonError::into_inner)
                .unwrap_or_else(|| job(k))
        })
        .collect()
}

/// `0..len` cut into `pieces` ranges of nearly equal length.
pub(crate) fn even_ranges(len: usize, pieces: usize) -> Vec<std::ops::Range<usize>> {
    let pieces = pieces.max(1);
    (0..pieces)
        .map(|k| k * len / pieces..(k + 1) * len / pieces)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Workers that leave out the last job and run the first twice.
    struct Sloppy;

    impl Workers for Sloppy {
        fn width(&self) -> usize {
            3
        }

        fn run(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
            for k in (0..n.saturating_sub(1)).chain([0]) {
                job(k);
            }
        }
    }

    #[test]
    fn every_job_is_run_once_in_order_of_its_number() {
        let calls = Mutex::new(Vec::new());
        let got = run_all(&Sloppy, 4, |k| {
            calls.lock().unwrap().push(k);
            k * 10
        });
        assert_eq!(got, [0, 10, 20, 30]);
        // The first job ran once, the left-out one afterwards.
        assert_eq!(*calls.lock().unwrap(), [0, 1, 2, 3]);
        assert_eq!(run_all(&InTurn, 0, |k| k), Vec::<usize>::new());
    }

    #[test]
    fn ranges_cover_everything_once() {
        for (len, pieces) in [(0, 1), (5, 2), (10, 3), (3, 5)] {
            let ranges = even_ranges(len, pieces);
            assert_eq!(ranges.len(), pieces);
            assert_eq!(ranges.first().map(|r| r.start), Some(0));
            assert_eq!(ranges.last().map(|r| r.end), Some(len));
            assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
        }
        assert_eq!(pieces_for(SPLIT_MIN - 1, &Sloppy), 1);
        assert_eq!(pieces_for(SPLIT_MIN, &Sloppy), 2);
        assert_eq!(pieces_for(10 * SPLIT_MIN, &Sloppy), 3);
    }
}
