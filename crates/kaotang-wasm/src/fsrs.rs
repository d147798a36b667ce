//! FSRS-6: one card at a time with plain objects, and batch calls over typed arrays so the
//! cost of crossing into WebAssembly does not dominate; the optimizer and its evaluation.

use kaotang::schedule::{MemoryState, OptimizeOptions, Rating, Review};
use wasm_bindgen::prelude::*;

use crate::error::{Code, Failure, Result};
use crate::json::{from_js, options_from_js, to_js};

/// The FSRS-6 model with one parameter set.
#[wasm_bindgen]
pub struct Fsrs {
    inner: kaotang::schedule::Fsrs,
}

fn optional_state(state: &JsValue) -> Result<Option<MemoryState>> {
    if state.is_undefined() || state.is_null() {
        Ok(None)
    } else {
        from_js("state", state).map(Some)
    }
}

fn read_histories(value: &JsValue) -> Result<Vec<Vec<Review>>> {
    from_js("histories", value)
}

fn mismatch(what: &str) -> Failure {
    Failure::new(Code::OutOfRange, format!("数组长度不一致：{what}"))
}

#[wasm_bindgen]
impl Fsrs {
    /// A model from 21 FSRS-6 parameters (19 FSRS-5 or 17 FSRS-4.5 parameters are converted),
    /// or the defaults when none are given. Throws `INVALID_SETTINGS` for another count or a
    /// non-finite value.
    #[wasm_bindgen(constructor)]
    pub fn new(parameters: Option<Vec<f64>>) -> Result<Fsrs> {
        Ok(Fsrs {
            inner: kaotang::schedule::Fsrs::new(parameters.as_deref().unwrap_or(&[]))?,
        })
    }

    /// The 21 parameters in use (after conversion and clamping).
    #[wasm_bindgen(getter)]
    pub fn parameters(&self) -> Vec<f64> {
        self.inner.parameters().to_vec()
    }

    /// The memory states and intervals after each of the four answers, `daysElapsed` days
    /// after the answer that left `state` (`null` for a new question).
    #[wasm_bindgen(js_name = nextStates, unchecked_return_type = "NextStates")]
    pub fn next_states(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MemoryState | null")] state: JsValue,
        desired_retention: f64,
        days_elapsed: u32,
    ) -> Result<JsValue> {
        let state = optional_state(&state)?;
        to_js(
            &self
                .inner
                .next_states(state, desired_retention, days_elapsed)?,
        )
    }

    /// [`Fsrs::next_states`] for many cards at once. Card `i` has `stability[i]`,
    /// `difficulty[i]` (stability `NaN` for a new card) and `daysElapsed[i]`. Returns 12 numbers
    /// per card: stability, difficulty and interval after again, hard, good and easy.
    #[wasm_bindgen(js_name = nextStatesBatch)]
    pub fn next_states_batch(
        &self,
        stability: &[f64],
        difficulty: &[f64],
        days_elapsed: &[u32],
        desired_retention: f64,
    ) -> Result<Vec<f64>> {
        if stability.len() != difficulty.len() || stability.len() != days_elapsed.len() {
            return Err(mismatch("stability、difficulty 与 daysElapsed"));
        }
        let mut out = Vec::with_capacity(stability.len() * 12);
        for ((&s, &d), &t) in stability.iter().zip(difficulty).zip(days_elapsed) {
            let state = (!s.is_nan()).then_some(MemoryState {
                stability: s,
                difficulty: d,
            });
            let next = self.inner.next_states(state, desired_retention, t)?;
            for item in [next.again, next.hard, next.good, next.easy] {
                out.extend([item.memory.stability, item.memory.difficulty, item.interval]);
            }
        }
        Ok(out)
    }

    /// The memory state after a review history; `startingState`, when given, is the state
    /// before the first listed review. Throws `INVALID_SETTINGS` for an empty history with no
    /// starting state.
    #[wasm_bindgen(js_name = memoryState, unchecked_return_type = "MemoryState")]
    pub fn memory_state(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly Review[]")] reviews: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "MemoryState | null")]
        starting_state: Option<JsValue>,
    ) -> Result<JsValue> {
        let reviews: Vec<Review> = from_js("reviews", &reviews)?;
        let start = optional_state(&starting_state.unwrap_or(JsValue::NULL))?;
        to_js(&self.inner.memory_state(&reviews, start)?)
    }

    /// [`Fsrs::memory_state`] for many histories at once: history `i` is the next
    /// `lengths[i]` entries of `ratings` (1 again … 4 easy) and `deltaT` (whole days since the
    /// previous answer). Returns 2 numbers per history: stability and difficulty.
    #[wasm_bindgen(js_name = memoryStateBatch)]
    pub fn memory_state_batch(
        &self,
        ratings: &[u8],
        delta_t: &[u32],
        lengths: &[u32],
    ) -> Result<Vec<f64>> {
        if ratings.len() != delta_t.len() {
            return Err(mismatch("ratings 与 deltaT"));
        }
        let total: u64 = lengths.iter().map(|&n| u64::from(n)).sum();
        if total != ratings.len() as u64 {
            return Err(mismatch("lengths 之和与 ratings"));
        }
        let mut out = Vec::with_capacity(lengths.len() * 2);
        let mut reviews = Vec::new();
        let mut at = 0;
        for &n in lengths {
            let end = at + n as usize;
            reviews.clear();
            for (&r, &t) in ratings[at..end].iter().zip(&delta_t[at..end]) {
                let rating = Rating::from_number(r).ok_or_else(|| {
                    Failure::new(Code::OutOfRange, format!("评分应为 1–4，实际为 {r}"))
                })?;
                reviews.push(Review { rating, delta_t: t });
            }
            let state = self.inner.memory_state(&reviews, None)?;
            out.extend([state.stability, state.difficulty]);
            at = end;
        }
        Ok(out)
    }

    /// The probability of recall `daysElapsed` days after the answer that left `state`.
    pub fn retrievability(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MemoryState")] state: JsValue,
        days_elapsed: f64,
    ) -> Result<f64> {
        let state: MemoryState = from_js("state", &state)?;
        Ok(self.inner.retrievability(state, days_elapsed))
    }

    /// Days until retrievability falls to `desiredRetention` (unrounded).
    pub fn interval(&self, stability: f64, desired_retention: f64) -> f64 {
        self.inner.interval(stability, desired_retention)
    }

    /// The interval rounded to whole days, at least 1 and at most `maximumInterval`.
    #[wasm_bindgen(js_name = intervalDays)]
    pub fn interval_days(
        &self,
        stability: f64,
        desired_retention: f64,
        maximum_interval: u32,
    ) -> u32 {
        self.inner
            .interval_days(stability, desired_retention, maximum_interval)
    }

    /// An approximate memory state for a question scheduled by SM-2 until now.
    #[wasm_bindgen(js_name = memoryStateFromSm2, unchecked_return_type = "MemoryState")]
    pub fn memory_state_from_sm2(
        &self,
        ease_factor: f64,
        interval: f64,
        sm2_retention: f64,
    ) -> Result<JsValue> {
        to_js(
            &self
                .inner
                .memory_state_from_sm2(ease_factor, interval, sm2_retention)?,
        )
    }

    /// How well this parameter set predicts the review histories (log loss, RMSE over bins).
    #[wasm_bindgen(unchecked_return_type = "Evaluation")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly (readonly Review[])[]")] histories: JsValue,
    ) -> Result<JsValue> {
        to_js(&kaotang::schedule::evaluate(
            &self.inner,
            &read_histories(&histories)?,
        ))
    }
}

/// Fits FSRS parameters to a learner's review histories (one list per question), as the
/// reference optimizer does; too few reviews give the defaults with `fitted: false`.
#[wasm_bindgen(unchecked_return_type = "Optimized")]
pub fn optimize(
    #[wasm_bindgen(unchecked_param_type = "readonly (readonly Review[])[]")] histories: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "OptimizeOptions")] options: Option<JsValue>,
) -> Result<JsValue> {
    let options: OptimizeOptions = options_from_js("options", &options)?;
    to_js(&kaotang::schedule::optimize(
        &read_histories(&histories)?,
        &options,
    )?)
}
