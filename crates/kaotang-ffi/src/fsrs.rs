//! Scheduling: the FSRS-6 model with plain structs (the hot path: no JSON), a card's review
//! under the full scheduler, and the optimizer.

use std::ffi::c_char;

use engine::schedule::{
    CardSchedule, Fsrs, MemoryState, OptimizeOptions, Rating, Review, Scheduler, SchedulerConfig,
    optimize,
};
use engine::time::Timestamp;

use crate::status::{
    Failure, Handle, KtStatus, Out, Result, free_handle, guard, handle, into_handle, json,
    json_or_default, optional_text, put_json, slice,
};

/// An FSRS-6 parameter set: immutable, shareable across threads. Made by [`kt_fsrs_new`],
/// freed by [`kt_fsrs_free`].
pub struct KtFsrs {
    fsrs: Fsrs,
}

impl Handle for KtFsrs {
    const TAG: u64 = 0x6b74_0003_6673_7273;
    const NAME: &'static str = "KtFsrs";
}

/// The FSRS memory state of a question.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KtMemoryState {
    /// Days until the probability of recall falls to 90%.
    pub stability: f64,
    /// How hard the question is for this learner, 1 to 10.
    pub difficulty: f64,
}

/// A memory state with the interval it gives.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KtItemState {
    /// The memory state after the answer.
    pub memory: KtMemoryState,
    /// Days until retrievability falls to the desired retention (unrounded).
    pub interval: f64,
}

/// The outcome of each of the four possible answers.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KtNextStates {
    /// After Again (1).
    pub again: KtItemState,
    /// After Hard (2).
    pub hard: KtItemState,
    /// After Good (3).
    pub good: KtItemState,
    /// After Easy (4).
    pub easy: KtItemState,
}

/// One answer of a review history.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KtReview {
    /// 1 Again, 2 Hard, 3 Good, 4 Easy.
    pub rating: u8,
    /// Whole days since the previous answer (0 for the first).
    pub delta_t: u32,
}

/// The 21 FSRS-6 parameters.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KtParameters {
    /// w0 … w20.
    pub w: [f64; 21],
}

impl From<MemoryState> for KtMemoryState {
    fn from(m: MemoryState) -> Self {
        Self {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

impl From<KtMemoryState> for MemoryState {
    fn from(m: KtMemoryState) -> Self {
        Self {
            stability: m.stability,
            difficulty: m.difficulty,
        }
    }
}

impl From<engine::schedule::ItemState> for KtItemState {
    fn from(s: engine::schedule::ItemState) -> Self {
        Self {
            memory: s.memory.into(),
            interval: s.interval,
        }
    }
}

fn rating(n: u8, name: &str) -> Result<Rating> {
    Rating::from_number(n).ok_or_else(|| {
        Failure::new(
            KtStatus::OutOfRange,
            format!("{name} 的评分 {n} 无效（应为 1 重来、2 困难、3 良好、4 简单）"),
        )
    })
}

fn optional_state(p: *const KtMemoryState) -> Result<Option<MemoryState>> {
    if p.is_null() {
        return Ok(None);
    }
    Ok(slice(p, 1, "state")?.first().map(|s| (*s).into()))
}

/// A model from 21 FSRS-6 parameters, 19 (FSRS-5) or 17 (FSRS-4.5), or none (`count` 0: the
/// defaults; `parameters` may then be NULL). `KT_STATUS_INVALID_SETTINGS` for another count or
/// a non-finite value. Free with [`kt_fsrs_free`].
///
/// # Safety
///
/// `parameters` points at `count` doubles; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_fsrs_new(
    parameters: *const f64,
    count: usize,
    out: *mut *mut KtFsrs,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let fsrs = Fsrs::new(slice(parameters, count, "parameters")?)?;
        out.put(into_handle(KtFsrs { fsrs }));
        Ok(())
    })
}

/// Frees a model. NULL is ignored.
///
/// # Safety
///
/// `fsrs` is NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_fsrs_free(fsrs: *mut KtFsrs) {
    free_handle(fsrs);
}

/// The 21 parameters in use (after conversion from older versions and clamping).
///
/// # Safety
///
/// `fsrs` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_fsrs_parameters(
    fsrs: *const KtFsrs,
    out: *mut KtParameters,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        out.put(KtParameters {
            w: handle(fsrs, "fsrs")?.fsrs.parameters(),
        });
        Ok(())
    })
}

/// The memory states and intervals after each possible answer, `days_elapsed` days after the
/// answer that left `state` (NULL: a new question). `desired_retention` in (0, 1).
///
/// # Safety
///
/// `fsrs` is a live handle; `state` is NULL or readable; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_fsrs_next_states(
    fsrs: *const KtFsrs,
    state: *const KtMemoryState,
    desired_retention: f64,
    days_elapsed: u32,
    out: *mut KtNextStates,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let fsrs = &handle(fsrs, "fsrs")?.fsrs;
        let next = fsrs.next_states(optional_state(state)?, desired_retention, days_elapsed)?;
        out.put(KtNextStates {
            again: next.again.into(),
            hard: next.hard.into(),
            good: next.good.into(),
            easy: next.easy.into(),
        });
        Ok(())
    })
}

/// The memory state after a review history. `starting_state` (may be NULL) is the state
/// before the first listed review; without it the first review is the first answer, and an
/// empty history is `KT_STATUS_INVALID_SETTINGS`. A rating outside 1–4 is
/// `KT_STATUS_OUT_OF_RANGE`.
///
/// # Safety
///
/// `fsrs` is a live handle; `reviews` points at `count` reviews; `starting_state` is NULL or
/// readable; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_fsrs_memory_state(
    fsrs: *const KtFsrs,
    reviews: *const KtReview,
    count: usize,
    starting_state: *const KtMemoryState,
    out: *mut KtMemoryState,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let fsrs = &handle(fsrs, "fsrs")?.fsrs;
        let history = slice(reviews, count, "reviews")?
            .iter()
            .enumerate()
            .map(|(i, r)| {
                Ok(Review {
                    rating: rating(r.rating, &format!("reviews[{i}]"))?,
                    delta_t: r.delta_t,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let state = fsrs.memory_state(&history, optional_state(starting_state)?)?;
        out.put(state.into());
        Ok(())
    })
}

/// The probability of recall `days_elapsed` days after the answer that left `state`.
///
/// # Safety
///
/// `fsrs` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_fsrs_retrievability(
    fsrs: *const KtFsrs,
    state: KtMemoryState,
    days_elapsed: f64,
    out: *mut f64,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        out.put(
            handle(fsrs, "fsrs")?
                .fsrs
                .retrievability(state.into(), days_elapsed),
        );
        Ok(())
    })
}

/// Days until retrievability falls from 1 to `desired_retention` (in (0, 1)) for `stability`,
/// unrounded.
///
/// # Safety
///
/// `fsrs` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_fsrs_interval(
    fsrs: *const KtFsrs,
    stability: f64,
    desired_retention: f64,
    out: *mut f64,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let fsrs = &handle(fsrs, "fsrs")?.fsrs;
        if !(desired_retention > 0.0 && desired_retention < 1.0) {
            return Err(Failure::new(
                KtStatus::OutOfRange,
                format!("期望记忆保持率应在 0 与 1 之间（不含），实际为 {desired_retention}"),
            ));
        }
        out.put(fsrs.interval(stability, desired_retention));
        Ok(())
    })
}

/// Fits FSRS parameters to review histories: `histories_json` is an array of histories, one
/// per question, each an array of `{"rating":"good","delta_t":3}` (the core's `Review`);
/// `options_json` is NULL or the core's `OptimizeOptions`. `*out` receives the core's
/// `Optimized` JSON (`{"parameters":[…21],"fitted":true,"reviews":N}`); freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// The strings are NUL-terminated (`options_json` may be NULL); `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_fsrs_optimize(
    histories_json: *const c_char,
    options_json: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let histories: Vec<Vec<Review>> = json(histories_json, "histories_json")?;
        let options: OptimizeOptions = json_or_default(options_json, "options_json")?;
        put_json(out, &optimize(&histories, &options)?)
    })
}

/// The full scheduler (FSRS-6 or SM-2 with learning steps, fuzz and maximum interval):
/// immutable, shareable across threads. Made by [`kt_scheduler_new`], freed by
/// [`kt_scheduler_free`].
pub struct KtScheduler {
    scheduler: engine::schedule::AnyScheduler,
}

impl Handle for KtScheduler {
    const TAG: u64 = 0x6b74_0004_7363_6864;
    const NAME: &'static str = "KtScheduler";
}

/// A scheduler from the core's `SchedulerConfig` JSON (NULL: FSRS-6 defaults, retention 0.9,
/// steps 1 and 10 minutes, fuzz on). Free with [`kt_scheduler_free`].
///
/// # Safety
///
/// `config_json` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_scheduler_new(
    config_json: *const c_char,
    out: *mut *mut KtScheduler,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let config: SchedulerConfig = json_or_default(config_json, "config_json")?;
        out.put(into_handle(KtScheduler {
            scheduler: config.build()?,
        }));
        Ok(())
    })
}

/// Frees a scheduler. NULL is ignored.
///
/// # Safety
///
/// `scheduler` is NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_scheduler_free(scheduler: *mut KtScheduler) {
    free_handle(scheduler);
}

fn card(card_json: *const c_char) -> Result<CardSchedule> {
    match optional_text(card_json, "card_json")? {
        None => Ok(CardSchedule::default()),
        Some(s) => serde_json::from_str(s).map_err(|e| Failure::json("card_json", &e)),
    }
}

/// A card's next schedule after it is answered with `rating` (1–4) at `now` (seconds since
/// 1970 in the learner's local time). `card_json` is the core's `CardSchedule` JSON (NULL: a
/// new question); `seed` draws the fuzz (pass e.g. a hash of learner, question and review
/// count). `*out` receives the new `CardSchedule` JSON, freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `scheduler` is a live handle; `card_json` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_scheduler_review(
    scheduler: *const KtScheduler,
    card_json: *const c_char,
    rating_number: u8,
    now: i64,
    seed: u64,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let s = &handle(scheduler, "scheduler")?.scheduler;
        let card = card(card_json)?;
        let next = s.review(
            &card,
            rating(rating_number, "rating")?,
            Timestamp(now),
            seed,
        );
        put_json(out, &next)
    })
}

/// The probability of recall of a card at `now` (0 for a new card).
///
/// # Safety
///
/// `scheduler` is a live handle; `card_json` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_scheduler_retrievability(
    scheduler: *const KtScheduler,
    card_json: *const c_char,
    now: i64,
    out: *mut f64,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let s = &handle(scheduler, "scheduler")?.scheduler;
        out.put(s.retrievability(&card(card_json)?, Timestamp(now)));
        Ok(())
    })
}
