//! FSRS-6, computed as the reference implementation (the `fsrs` crate 6.x) does.
//!
//! The formulas are written once, generically over [`Real`], so the same code gives plain
//! `f64` numbers for scheduling and numbers with gradients for the optimizer.

use std::ops::{Add, Div, Mul, Neg, Sub};

use serde::{Deserialize, Serialize};

use super::steps::{self, Proposal, Propose, Steps};
use super::{CardSchedule, MemoryState, Phase, Rating, ScheduleError, Scheduler};
use crate::time::Timestamp;

/// The FSRS-6 default parameters (fsrs-rs 6.x, py-fsrs 6.x): fit to the average learner.
pub const DEFAULT_PARAMETERS: [f64; 21] = [
    0.212,
    1.2931,
    2.3065,
    8.2956,
    6.4133,
    0.8334,
    3.0194,
    0.001,
    1.8722,
    0.1666,
    0.796,
    1.4835,
    0.0614,
    0.2629,
    1.6483,
    0.6014,
    1.8729,
    0.5425,
    0.0912,
    0.0658,
    FSRS6_DEFAULT_DECAY,
];

/// The forgetting-curve decay (w20) given to FSRS-5 and FSRS-4.5 parameter sets.
pub const FSRS5_DEFAULT_DECAY: f64 = 0.5;
/// The default forgetting-curve decay of FSRS-6.
pub const FSRS6_DEFAULT_DECAY: f64 = 0.1542;
/// Smallest stability, in days.
pub const STABILITY_MIN: f64 = 0.001;
/// Largest stability, in days.
pub const STABILITY_MAX: f64 = 36_500.0;
/// Smallest difficulty.
pub const DIFFICULTY_MIN: f64 = 1.0;
/// Largest difficulty.
pub const DIFFICULTY_MAX: f64 = 10.0;
/// Largest initial stability (w0–w3), in days.
const INIT_STABILITY_MAX: f64 = 100.0;

/// A number the model can be computed in: `f64`, or a number carrying gradients.
pub(crate) trait Real:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// A constant (no gradient).
    fn constant(v: f64) -> Self;
    /// The plain value.
    fn value(self) -> f64;
    /// e^self.
    fn exp(self) -> Self;
    /// Base-2 logarithm (the model carries log2 S, since its exponents are taken as powers of 2).
    fn log2(self) -> Self;

    /// 2^self.
    #[inline]
    fn exp2(self) -> Self {
        (self * Self::constant(std::f64::consts::LN_2)).exp()
    }

    /// self^e, for positive self.
    #[inline]
    fn pow(self, e: Self) -> Self {
        (e * self.log2()).exp2()
    }
}

/// Plain numbers. `libm` gives the same bits on every target; e^x is computed as 2^(x·log2 e)
/// because `libm::exp2` is table-driven and about twice as fast as `libm::exp` (the extra
/// rounding costs ~1e-16 relative at the model's magnitudes).
impl Real for f64 {
    #[inline]
    fn constant(v: f64) -> Self {
        v
    }
    #[inline]
    fn value(self) -> f64 {
        self
    }
    #[inline]
    fn exp(self) -> Self {
        libm::exp2(self * std::f64::consts::LOG2_E)
    }
    #[inline]
    fn exp2(self) -> Self {
        libm::exp2(self)
    }
    #[inline]
    fn log2(self) -> Self {
        libm::log2(self)
    }
}

/// Plain numbers in single precision, as the reference computes: the hot paths (histories and
/// `next_states`) run in `f32` through `libm`'s `exp2f`, which is deterministic on every target
/// like the `f64` functions and shortens the serial chain of a history by a third. The logarithm
/// is the table-driven [`log2`](super::log2::log2), also deterministic and shorter than
/// `libm`'s `log2f`, which ends in a division.
impl Real for f32 {
    #[inline]
    fn constant(v: f64) -> Self {
        v as f32
    }
    #[inline]
    fn value(self) -> f64 {
        f64::from(self)
    }
    #[inline]
    fn exp(self) -> Self {
        libm::exp2f(self * std::f32::consts::LOG2_E)
    }
    #[inline]
    fn exp2(self) -> Self {
        libm::exp2f(self)
    }
    #[inline]
    fn log2(self) -> Self {
        super::log2::log2(self) as f32
    }
}

/// `x` limited to `[lo, hi]`, compared by value (a clamped value carries no gradient).
#[inline]
fn clamp<T: Real>(x: T, lo: f64, hi: f64) -> T {
    let v = x.value();
    if v < lo {
        T::constant(lo)
    } else if v > hi {
        T::constant(hi)
    } else {
        x
    }
}

#[inline]
fn min<T: Real>(a: T, b: T) -> T {
    if b.value() < a.value() { b } else { a }
}

#[inline]
fn max<T: Real>(a: T, b: T) -> T {
    if b.value() > a.value() { b } else { a }
}

/// Stability and difficulty in the model's number type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct State<T> {
    pub(crate) s: T,
    pub(crate) d: T,
}

/// The FSRS-6 formulas for one parameter set, with the parameter-only terms precomputed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Model<T> {
    w: [T; 21],
    /// -w20, the exponent of the power forgetting curve.
    decay: T,
    /// w10·log2 e and w14·log2 e: the exponents on a history's serial chain are taken as powers
    /// of 2, saving a multiplication before each.
    w10_log2: T,
    w14_log2: T,
    /// 0.9^(1/decay) - 1, so that R(S, S) = 0.9.
    factor: T,
    /// e^w8.
    exp_w8: T,
    /// e^(w17·w18): a lapse at least divides stability by this.
    lapse_divisor: T,
    /// w17·(G - 3 + w18)·log2 e for each rating G: the base-2 logarithm of `short_term_gain`.
    log2_short_term_gain: [T; 4],
    /// e^(w17·(G - 3 + w18)) for each rating G: the same-day stability gain before S^-w19.
    short_term_gain: [T; 4],
    /// Initial difficulty per rating, unclamped: w4 - e^(w5·(G-1)) + 1.
    init_difficulty: [T; 4],
}

impl<T: Real> Model<T> {
    pub(crate) fn new(w: [T; 21]) -> Self {
        let one = T::constant(1.0);
        let decay = -w[20];
        let factor = (T::constant(libm::log(0.9)) / decay).exp() - one;
        let rating_term = |g: f64| T::constant(g);
        let ln_short_term_gain =
            [1.0, 2.0, 3.0, 4.0].map(|g| w[17] * (rating_term(g - 3.0) + w[18]));
        let log2_e = T::constant(std::f64::consts::LOG2_E);
        Self {
            decay,
            w10_log2: w[10] * log2_e,
            w14_log2: w[14] * log2_e,
            factor,
            exp_w8: w[8].exp(),
            lapse_divisor: (w[17] * w[18]).exp(),
            short_term_gain: ln_short_term_gain.map(Real::exp),
            log2_short_term_gain: ln_short_term_gain.map(|g| g * log2_e),
            init_difficulty: [0.0, 1.0, 2.0, 3.0]
                .map(|k| w[4] - (w[5] * rating_term(k)).exp() + one),
            w,
        }
    }

    /// Probability of recall `t` days after a review that left stability `s`.
    #[inline]
    pub(crate) fn retrievability(&self, t: f64, s: T) -> T {
        self.curve(t, s, s.log2())
    }

    /// (1 + t/S·factor)^decay as 2^(decay·(log2(S + t·factor) - log2 S)), reusing log2 S.
    #[inline]
    fn curve(&self, t: f64, s: T, log2_s: T) -> T {
        (self.decay * ((T::constant(t) * self.factor + s).log2() - log2_s)).exp2()
    }

    /// The state after the first answer.
    #[inline]
    pub(crate) fn init(&self, rating: Rating) -> State<T> {
        State {
            s: clamp(self.w[rating.index()], STABILITY_MIN, STABILITY_MAX),
            d: clamp(
                self.init_difficulty[rating.index()],
                DIFFICULTY_MIN,
                DIFFICULTY_MAX,
            ),
        }
    }

    /// Difficulty after an answer: linear damping towards 10, then mean reversion towards the
    /// initial difficulty of `Easy`.
    #[inline]
    pub(crate) fn next_difficulty(&self, d: T, rating: Rating) -> T {
        let delta = -self.w[6] * T::constant(f64::from(rating.number()) - 3.0);
        let damped = d + (T::constant(10.0) - d) * delta / T::constant(9.0);
        let reverted = self.w[7] * (self.init_difficulty[3] - damped) + damped;
        clamp(reverted, DIFFICULTY_MIN, DIFFICULTY_MAX)
    }

    /// The stability gain of a recall before the hard penalty and the easy bonus,
    /// e^w8 · (11 - D) · S^-w9 · (e^((1-R)·w10) - 1), as its two factors: the first known
    /// from the state, the second only once R is (`log2_s` is log2 S).
    #[inline]
    pub(crate) fn recall_gain(&self, log2_s: T, d: T, r: T) -> (T, T) {
        let one = T::constant(1.0);
        (
            self.exp_w8 * (T::constant(11.0) - d) * (-self.w[9] * log2_s).exp2(),
            ((one - r) * self.w10_log2).exp2() - one,
        )
    }

    /// S · (1 + gain · bonus), written S + (S · bonus · first factor) · second factor so that
    /// only two operations follow the last exponential on a history's serial chain.
    #[inline]
    pub(crate) fn after_recall(&self, s: T, (state_factor, r_factor): (T, T), rating: Rating) -> T {
        let scale = match rating {
            Rating::Hard => s * self.w[15],
            Rating::Easy => s * self.w[16],
            Rating::Again | Rating::Good => s,
        };
        s + scale * state_factor * r_factor
    }

    #[inline]
    pub(crate) fn after_lapse(&self, s: T, d: T, r: T) -> T {
        let one = T::constant(1.0);
        let long_term = self.w[11]
            * (-self.w[12] * d.log2()).exp2()
            * ((s + one).pow(self.w[13]) - one)
            * ((one - r) * self.w14_log2).exp2();
        min(long_term, s / self.lapse_divisor)
    }

    /// Same-day answer; `s_pow` is S^-w19 (see [`Model::short_term_power`]).
    #[inline]
    pub(crate) fn after_short_term(&self, s: T, s_pow: T, rating: Rating) -> T {
        let gain = self.short_term_gain[rating.index()] * s_pow;
        let gain = if rating >= Rating::Hard {
            max(gain, T::constant(1.0))
        } else {
            gain
        };
        s * gain
    }

    /// S^-w19 from log2 S.
    #[inline]
    pub(crate) fn short_term_power(&self, log2_s: T) -> T {
        (-self.w[19] * log2_s).exp2()
    }

    /// One answer `delta_t` days after the previous one.
    #[inline]
    pub(crate) fn step(&self, state: State<T>, delta_t: f64, rating: Rating) -> State<T> {
        let s = clamp(state.s, STABILITY_MIN, STABILITY_MAX);
        let d = clamp(state.d, DIFFICULTY_MIN, DIFFICULTY_MAX);
        let new_s = self.next_stability(s, s.log2(), d, delta_t, rating);
        State {
            s: clamp(new_s, STABILITY_MIN, STABILITY_MAX),
            d: self.next_difficulty(d, rating),
        }
    }

    /// [`Model::step`] for a walk through a history: `log2_s`, when known, is log2 of `state.s`
    /// (which must then be inside the clamps), and the result carries log2 of the new stability
    /// when it comes without a logarithm. A same-day answer multiplies S by
    /// e^(w17·(G-3+w18))·S^-w19 (or by 1), so log2 S' = log2 S + w17·(G-3+w18)·log2 e
    /// - w19·log2 S.
    #[inline]
    pub(crate) fn logged_step(
        &self,
        state: State<T>,
        log2_s: Option<T>,
        delta_t: f64,
        rating: Rating,
    ) -> (State<T>, Option<T>) {
        let s = clamp(state.s, STABILITY_MIN, STABILITY_MAX);
        let d = clamp(state.d, DIFFICULTY_MIN, DIFFICULTY_MAX);
        let log2_s = log2_s.unwrap_or_else(|| s.log2());
        let new_s = self.next_stability(s, log2_s, d, delta_t, rating);
        let next = State {
            s: clamp(new_s, STABILITY_MIN, STABILITY_MAX),
            d: self.next_difficulty(d, rating),
        };
        let new_log2_s = if delta_t != 0.0 || next.s.value() != new_s.value() {
            None
        } else if new_s.value() == s.value() {
            Some(log2_s)
        } else {
            Some(log2_s + self.log2_short_term_gain[rating.index()] - self.w[19] * log2_s)
        };
        (next, new_log2_s)
    }

    /// The stability after an answer, before the clamps; `log2_s` is log2 S.
    #[inline]
    fn next_stability(&self, s: T, log2_s: T, d: T, delta_t: f64, rating: Rating) -> T {
        if delta_t == 0.0 {
            self.after_short_term(s, self.short_term_power(log2_s), rating)
        } else {
            let r = self.curve(delta_t, s, log2_s);
            match rating {
                Rating::Again => self.after_lapse(s, d, r),
                _ => self.after_recall(s, self.recall_gain(log2_s, d, r), rating),
            }
        }
    }

    /// The states after each of the four answers, sharing the work between them.
    #[inline]
    pub(crate) fn transitions(&self, state: State<T>, delta_t: f64) -> [State<T>; 4] {
        let s = clamp(state.s, STABILITY_MIN, STABILITY_MAX);
        let d = clamp(state.d, DIFFICULTY_MIN, DIFFICULTY_MAX);
        let log2_s = s.log2();
        let new_s: [T; 4] = if delta_t == 0.0 {
            let s_pow = self.short_term_power(log2_s);
            Rating::ALL.map(|g| self.after_short_term(s, s_pow, g))
        } else {
            let r = self.curve(delta_t, s, log2_s);
            let gain = self.recall_gain(log2_s, d, r);
            Rating::ALL.map(|g| match g {
                Rating::Again => self.after_lapse(s, d, r),
                _ => self.after_recall(s, gain, g),
            })
        };
        std::array::from_fn(|i| State {
            s: clamp(new_s[i], STABILITY_MIN, STABILITY_MAX),
            d: self.next_difficulty(d, Rating::ALL[i]),
        })
    }
}

/// Fills in a parameter set as the reference does: none → the defaults, FSRS-4.5 (17) and
/// FSRS-5 (19) → FSRS-6 with the FSRS-5 decay.
fn fill_parameters(parameters: &[f64]) -> Result<[f64; 21], ScheduleError> {
    if let Some((index, &value)) = parameters.iter().enumerate().find(|(_, w)| !w.is_finite()) {
        return Err(ScheduleError::NonFiniteParameter { index, value });
    }
    let mut w = DEFAULT_PARAMETERS;
    match parameters.len() {
        0 => {}
        17 => {
            w[..17].copy_from_slice(parameters);
            w[4] += w[5] * 2.0;
            w[5] = libm::log(w[5] * 3.0 + 1.0) / 3.0;
            w[6] += 0.5;
            w[17..].copy_from_slice(&[0.0, 0.0, 0.0, FSRS5_DEFAULT_DECAY]);
        }
        19 => {
            w[..19].copy_from_slice(parameters);
            w[19..].copy_from_slice(&[0.0, FSRS5_DEFAULT_DECAY]);
        }
        21 => w.copy_from_slice(parameters),
        n => return Err(ScheduleError::ParameterCount(n)),
    }
    Ok(w)
}

/// Limits every parameter to the reference's range. `relearning_steps` bounds w17·w18 so a
/// lapse followed by that many same-day steps cannot raise stability; `short_term` keeps w19
/// at least 0.01 (the optimizer's setting).
pub(crate) fn clip_parameters(w: &mut [f64; 21], relearning_steps: usize, short_term: bool) {
    let w17_w18_ceiling = if relearning_steps > 1 {
        let bound = -(libm::log(w[11]) + libm::log(libm::pow(2.0, w[13]) - 1.0) + w[14] * 0.3)
            / relearning_steps as f64;
        libm::sqrt(bound.max(0.01)).min(2.0)
    } else {
        2.0
    };
    let w19_floor = if short_term { 0.01 } else { 0.0 };
    let init_s = (STABILITY_MIN, INIT_STABILITY_MAX);
    let ranges: [(f64, f64); 21] = [
        init_s,
        init_s,
        init_s,
        init_s,
        (DIFFICULTY_MIN, DIFFICULTY_MAX),
        (0.001, 4.0),
        (0.001, 4.0),
        (0.001, 0.75),
        (0.0, 4.5),
        (0.0, 0.8),
        (0.001, 3.5),
        (0.001, 5.0),
        (0.001, 0.25),
        (0.001, 0.9),
        (0.0, 4.0),
        (0.0, 1.0),
        (1.0, 6.0),
        (0.0, w17_w18_ceiling),
        (0.0, w17_w18_ceiling),
        (w19_floor, 0.8),
        (0.1, 0.8),
    ];
    for (w, (lo, hi)) in w.iter_mut().zip(ranges) {
        *w = w.clamp(lo, hi);
    }
}

fn check_retention(desired_retention: f64) -> Result<(), ScheduleError> {
    if desired_retention > 0.0 && desired_retention < 1.0 {
        Ok(())
    } else {
        Err(ScheduleError::DesiredRetention(desired_retention))
    }
}

fn check_state(state: MemoryState) -> Result<MemoryState, ScheduleError> {
    if state.stability.is_finite() && state.difficulty.is_finite() {
        Ok(state)
    } else {
        Err(ScheduleError::MemoryState {
            stability: state.stability,
            difficulty: state.difficulty,
        })
    }
}

impl<T: Real> From<State<T>> for MemoryState {
    fn from(state: State<T>) -> Self {
        MemoryState {
            stability: state.s.value(),
            difficulty: state.d.value(),
        }
    }
}

impl<T: Real> From<MemoryState> for State<T> {
    fn from(state: MemoryState) -> Self {
        State {
            s: T::constant(state.stability),
            d: T::constant(state.difficulty),
        }
    }
}

/// One answer in a review history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Review {
    /// The answer.
    pub rating: Rating,
    /// Whole days since the previous answer (0 for the first answer and for same-day answers).
    pub delta_t: u32,
}

/// A memory state with the interval it gives.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ItemState {
    /// The memory state after the answer.
    pub memory: MemoryState,
    /// Days until retrievability falls to the desired retention (unrounded, unbounded).
    pub interval: f64,
}

/// The outcome of each of the four possible answers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NextStates {
    /// After `Again`.
    pub again: ItemState,
    /// After `Hard`.
    pub hard: ItemState,
    /// After `Good`.
    pub good: ItemState,
    /// After `Easy`.
    pub easy: ItemState,
}

impl NextStates {
    /// The outcome of `rating`.
    pub fn get(&self, rating: Rating) -> &ItemState {
        match rating {
            Rating::Again => &self.again,
            Rating::Hard => &self.hard,
            Rating::Good => &self.good,
            Rating::Easy => &self.easy,
        }
    }
}

/// The FSRS-6 model with one parameter set (serialises as the list of 21 parameters).
///
/// ```
/// use kaotang::schedule::{Fsrs, MemoryState, Rating, Review};
///
/// let fsrs = Fsrs::default();
/// // A new question: the four possible first answers.
/// let next = fsrs.next_states(None, 0.9, 0)?;
/// assert_eq!(next.good.memory.stability, 2.3065);
///
/// // The state after a history, then the outcomes of the next answer 21 days later.
/// let history = [
///     Review { rating: Rating::Again, delta_t: 0 },
///     Review { rating: Rating::Good, delta_t: 1 },
///     Review { rating: Rating::Good, delta_t: 3 },
/// ];
/// let state = fsrs.memory_state(&history, None)?;
/// let next = fsrs.next_states(Some(state), 0.9, 21)?;
/// assert!(next.again.interval < next.hard.interval);
/// assert!(fsrs.retrievability(state, 21.0) < 0.9);
/// assert_eq!(fsrs.interval_days(next.good.memory.stability, 0.9, 36_500), next.good.interval.round() as u32);
/// # Ok::<(), kaotang::schedule::ScheduleError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<f64>", into = "Vec<f64>")]
pub struct Fsrs {
    /// The model in `f64`: parameters, first answers, intervals, retrievability, evaluation.
    model: Model<f64>,
    /// The same model in `f32` for the hot paths, reviews after the first answer in
    /// [`Fsrs::next_states`] and [`Fsrs::memory_state`], as the reference computes them.
    fast: Model<f32>,
}

impl Default for Fsrs {
    /// The default parameters.
    fn default() -> Self {
        Self::from_parameters(DEFAULT_PARAMETERS)
    }
}

impl TryFrom<Vec<f64>> for Fsrs {
    type Error = ScheduleError;

    fn try_from(parameters: Vec<f64>) -> Result<Self, ScheduleError> {
        Self::new(&parameters)
    }
}

impl From<Fsrs> for Vec<f64> {
    fn from(fsrs: Fsrs) -> Self {
        fsrs.parameters().to_vec()
    }
}

impl Fsrs {
    /// A model from 21 FSRS-6 parameters, 19 FSRS-5 or 17 FSRS-4.5 parameters (converted as
    /// the reference does), or none (the defaults). Values are clamped to the reference's
    /// ranges.
    ///
    /// # Errors
    ///
    /// [`ScheduleError::ParameterCount`] for another count, [`ScheduleError::NonFiniteParameter`]
    /// for NaN or infinite values.
    pub fn new(parameters: &[f64]) -> Result<Self, ScheduleError> {
        let mut w = fill_parameters(parameters)?;
        clip_parameters(&mut w, 1, false);
        Ok(Self::from_parameters(w))
    }

    fn from_parameters(w: [f64; 21]) -> Self {
        Self {
            model: Model::new(w),
            fast: Model::new(w.map(|w| w as f32)),
        }
    }

    /// The 21 parameters in use (after conversion and clamping).
    pub fn parameters(&self) -> [f64; 21] {
        self.model.w
    }

    pub(crate) fn model(&self) -> &Model<f64> {
        &self.model
    }

    /// The memory states and intervals after each answer, `days_elapsed` days after the answer
    /// that left `state` (`None` for a new question).
    ///
    /// # Errors
    ///
    /// A desired retention outside (0, 1) or a non-finite state.
    pub fn next_states(
        &self,
        state: Option<MemoryState>,
        desired_retention: f64,
        days_elapsed: u32,
    ) -> Result<NextStates, ScheduleError> {
        check_retention(desired_retention)?;
        let state = state.map(check_state).transpose()?;
        let [again, hard, good, easy] = self.transitions(state, days_elapsed);
        let multiplier = self.interval_multiplier(desired_retention);
        let item = |memory: MemoryState| ItemState {
            memory,
            interval: memory.stability * multiplier,
        };
        Ok(NextStates {
            again: item(again),
            hard: item(hard),
            good: item(good),
            easy: item(easy),
        })
    }

    /// The four outcomes without input checks (a state is assumed finite).
    pub(crate) fn transitions(
        &self,
        state: Option<MemoryState>,
        days_elapsed: u32,
    ) -> [MemoryState; 4] {
        match state {
            None => Rating::ALL.map(|g| self.model.init(g).into()),
            Some(state) => self
                .fast
                .transitions(state.into(), f64::from(days_elapsed))
                .map(Into::into),
        }
    }

    /// The memory state after a review history; `starting_state`, when given, is the state
    /// before the first listed review (e.g. from [`Fsrs::memory_state_from_sm2`]), otherwise the
    /// first review is the first answer.
    ///
    /// # Errors
    ///
    /// [`ScheduleError::EmptyHistory`] for no reviews and no starting state, or a non-finite
    /// starting state.
    pub fn memory_state(
        &self,
        reviews: &[Review],
        starting_state: Option<MemoryState>,
    ) -> Result<MemoryState, ScheduleError> {
        let (mut state, rest) = match (starting_state, reviews) {
            // Nothing to compute: the state as given, not rounded through `f32`.
            (Some(state), []) => return check_state(state),
            (Some(state), _) => (State::from(check_state(state)?), reviews),
            (None, [first, rest @ ..]) => (self.fast.init(first.rating), rest),
            (None, []) => return Err(ScheduleError::EmptyHistory),
        };
        let mut log2_s = None;
        for review in rest {
            (state, log2_s) =
                self.fast
                    .logged_step(state, log2_s, f64::from(review.delta_t), review.rating);
        }
        Ok(state.into())
    }

    /// An approximate memory state for a question scheduled by SM-2 until now, from its ease
    /// factor and current interval, assuming SM-2 achieved `sm2_retention` (about 0.9).
    ///
    /// # Errors
    ///
    /// A retention outside (0, 1), or inputs that give a non-finite state.
    pub fn memory_state_from_sm2(
        &self,
        ease_factor: f64,
        interval: f64,
        sm2_retention: f64,
    ) -> Result<MemoryState, ScheduleError> {
        check_retention(sm2_retention)?;
        let w = &self.model.w;
        let stability = interval.max(STABILITY_MIN) / self.interval_multiplier(sm2_retention);
        let difficulty = 11.0
            - (ease_factor - 1.0)
                / (libm::exp(w[8])
                    * libm::pow(stability, -w[9])
                    * libm::expm1((1.0 - sm2_retention) * w[10]));
        check_state(MemoryState {
            stability,
            difficulty: difficulty.clamp(DIFFICULTY_MIN, DIFFICULTY_MAX),
        })
    }

    /// The probability of recall `days_elapsed` days after the answer that left `state`.
    pub fn retrievability(&self, state: MemoryState, days_elapsed: f64) -> f64 {
        self.model
            .retrievability(days_elapsed.max(0.0), state.stability)
    }

    /// Days until retrievability falls from 1 to `desired_retention` for `stability`
    /// (unrounded, unbounded; NaN for a retention outside (0, 1)).
    pub fn interval(&self, stability: f64, desired_retention: f64) -> f64 {
        stability * self.interval_multiplier(desired_retention)
    }

    /// [`Fsrs::interval`] rounded to whole days, at least 1 and at most `maximum_interval`.
    pub fn interval_days(
        &self,
        stability: f64,
        desired_retention: f64,
        maximum_interval: u32,
    ) -> u32 {
        let days = libm::round(self.interval(stability, desired_retention));
        // `as` saturates (NaN → 0), then the bounds apply.
        (days as u32).clamp(1, maximum_interval.max(1))
    }

    /// Interval per day of stability: (R^(1/decay) - 1) / factor.
    fn interval_multiplier(&self, desired_retention: f64) -> f64 {
        (Real::pow(desired_retention, 1.0 / self.model.decay) - 1.0) / self.model.factor
    }
}

/// FSRS-6 with a desired retention and learning steps: the default [`Scheduler`].
#[derive(Debug, Clone, PartialEq)]
pub struct FsrsScheduler {
    fsrs: Fsrs,
    desired_retention: f64,
    interval_multiplier: f64,
    steps: Steps,
}

impl FsrsScheduler {
    pub(crate) fn new(
        fsrs: Fsrs,
        desired_retention: f64,
        steps: Steps,
    ) -> Result<Self, ScheduleError> {
        check_retention(desired_retention)?;
        let interval_multiplier = fsrs.interval_multiplier(desired_retention);
        Ok(Self {
            fsrs,
            desired_retention,
            interval_multiplier,
            steps,
        })
    }

    /// The FSRS model.
    pub fn fsrs(&self) -> &Fsrs {
        &self.fsrs
    }

    /// The desired retention.
    pub fn desired_retention(&self) -> f64 {
        self.desired_retention
    }

    /// The memory state to start from: the card's own, or one converted from SM-2.
    fn memory(&self, card: &CardSchedule) -> Option<MemoryState> {
        match (card.memory, card.ease, card.phase) {
            (Some(m), _, _) => check_state(m).ok(),
            (None, Some(ease), Phase::Review | Phase::Relearning { .. })
                if card.scheduled_days > 0 =>
            {
                self.fsrs
                    .memory_state_from_sm2(ease, f64::from(card.scheduled_days), 0.9)
                    .ok()
            }
            _ => None,
        }
    }
}

impl Propose for FsrsScheduler {
    fn propose(&self, card: &CardSchedule, elapsed_days: u32) -> Proposal {
        let states = self.fsrs.transitions(self.memory(card), elapsed_days);
        Proposal {
            memory: states.map(Some),
            ease: [None; 4],
            intervals: states.map(|m| m.stability * self.interval_multiplier),
            hard_minimum: 1,
        }
    }
}

impl Scheduler for FsrsScheduler {
    fn review(
        &self,
        card: &CardSchedule,
        rating: Rating,
        now: Timestamp,
        seed: u64,
    ) -> CardSchedule {
        steps::review(self, &self.steps, card, rating, now, seed)
    }

    fn retrievability(&self, card: &CardSchedule, now: Timestamp) -> f64 {
        match (card.last_review, self.memory(card)) {
            (Some(_), Some(m)) => self
                .fsrs
                .retrievability(m, f64::from(card.elapsed_days(now))),
            _ => 0.0,
        }
    }
}
