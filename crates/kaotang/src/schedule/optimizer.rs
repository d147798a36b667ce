//! Fitting the 21 FSRS parameters to one learner's review log, and scoring a parameter set.
//!
//! Like the reference optimizer: the loss is the log loss of the predicted recall at every
//! review a day or more after the previous one, plus an L2 pull towards the default
//! parameters (scaled by the spread of parameters across learners); Adam with a cosine-annealed
//! learning rate over mini-batches, parameters clamped after each step. Gradients are exact,
//! carried forward through the same formulas the scheduler uses (see [`Dual`]). Pure `f64`
//! maths through `libm`: no dependencies, so it runs in a browser too.

use std::ops::{Add, Div, Mul, Neg, Sub};

use serde::{Deserialize, Serialize};

use super::fsrs::{DEFAULT_PARAMETERS, Fsrs, Model, Real, Review, State, clip_parameters};
use super::{Rating, ScheduleError};
use crate::rng::SeedRng;

/// Spread of each parameter across learners (the reference's), the scale of the L2 pull.
const PARAMS_STDDEV: [f64; 21] = [
    6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16, 0.57, 0.25,
    1.03, 0.31, 0.32, 0.14, 0.27,
];

/// Predictions are kept this far from 0 and 1 in the log loss.
const MIN_PROB: f64 = 1e-7;

/// Optimizer settings; the defaults are the reference's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OptimizeOptions {
    /// Passes over the review log (at least 1); default 5.
    pub epochs: usize,
    /// Predicted reviews per Adam step (at least 1); default 512.
    pub batch_size: usize,
    /// Initial Adam learning rate, annealed to 0 along a cosine; default 0.04.
    pub learning_rate: f64,
    /// Weight of the pull towards the default parameters (0 = none); default 1.
    pub regularization: f64,
    /// Seed of the batch order; default 2023.
    pub seed: u64,
    /// Below this many predicted reviews the defaults are returned unfitted; default 64.
    pub min_reviews: usize,
}

impl Default for OptimizeOptions {
    fn default() -> Self {
        Self {
            epochs: 5,
            batch_size: 512,
            learning_rate: 0.04,
            regularization: 1.0,
            seed: 2023,
            min_reviews: 64,
        }
    }
}

impl OptimizeOptions {
    fn check(&self) -> Result<(), ScheduleError> {
        let bad = |name, value| Err(ScheduleError::OptimizerSetting { name, value });
        if self.epochs == 0 {
            return bad("epochs", 0.0);
        }
        if self.batch_size == 0 {
            return bad("batch_size", 0.0);
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return bad("learning_rate", self.learning_rate);
        }
        if !(self.regularization.is_finite() && self.regularization >= 0.0) {
            return bad("regularization", self.regularization);
        }
        Ok(())
    }
}

/// The result of [`optimize`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Optimized {
    /// The fitted parameters (the defaults when `fitted` is false).
    pub parameters: [f64; 21],
    /// False when the log had too few predicted reviews and the defaults were returned.
    pub fitted: bool,
    /// Number of predicted reviews (answers a day or more after the previous one).
    pub reviews: usize,
}

/// How well a parameter set predicts a review log (lower is better for both).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Mean log loss of the predicted recall probability.
    pub log_loss: f64,
    /// Root mean square gap between predicted and actual recall rate over 20 bins of
    /// predicted recall (0–5%, …, 95–100%), weighted by bin size.
    pub rmse_bins: f64,
    /// Number of predicted reviews.
    pub reviews: usize,
}

/// Recalled or not: `Again` is a failure, any other rating a success.
fn label(rating: Rating) -> f64 {
    if rating == Rating::Again { 0.0 } else { 1.0 }
}

/// Walks one question's history, calling `predict(R, label)` for every answer given a day or
/// more after the previous one, with R predicted from the answers before it.
fn walk<T: Real>(model: &Model<T>, history: &[Review], mut predict: impl FnMut(T, f64)) {
    let Some((first, rest)) = history.split_first() else {
        return;
    };
    let mut state: State<T> = model.init(first.rating);
    for review in rest {
        let delta_t = f64::from(review.delta_t);
        if review.delta_t > 0 {
            predict(model.retrievability(delta_t, state.s), label(review.rating));
        }
        state = model.step(state, delta_t, review.rating);
    }
}

fn predicted_reviews(history: &[Review]) -> usize {
    history.iter().skip(1).filter(|r| r.delta_t > 0).count()
}

/// Scores `fsrs` on a review log: one history per question, in answer order.
///
/// ```
/// use kaotang::schedule::{Fsrs, Rating, Review, evaluate};
///
/// let history = vec![
///     Review { rating: Rating::Good, delta_t: 0 },
///     Review { rating: Rating::Good, delta_t: 3 },
///     Review { rating: Rating::Again, delta_t: 9 },
/// ];
/// let score = evaluate(&Fsrs::default(), &[history]);
/// assert_eq!(score.reviews, 2);
/// assert!(score.log_loss > 0.0);
/// ```
pub fn evaluate(fsrs: &Fsrs, histories: &[Vec<Review>]) -> Evaluation {
    let mut loss = 0.0;
    let mut n = 0usize;
    let mut bins = [(0.0f64, 0.0f64, 0usize); 20];
    for history in histories {
        walk(fsrs.model(), history, |r, y| {
            let p = r.clamp(MIN_PROB, 1.0 - MIN_PROB);
            loss -= y * libm::log(p) + (1.0 - y) * libm::log(1.0 - p);
            n += 1;
            let bin = &mut bins[((p * 20.0) as usize).min(19)];
            bin.0 += p;
            bin.1 += y;
            bin.2 += 1;
        });
    }
    let count = n.max(1) as f64;
    let square_gap: f64 = bins
        .iter()
        .filter(|b| b.2 > 0)
        .map(|&(p, y, k)| {
            let gap = (p - y) / k as f64;
            gap * gap * k as f64
        })
        .sum();
    Evaluation {
        log_loss: loss / count,
        rmse_bins: libm::sqrt(square_gap / count),
        reviews: n,
    }
}

/// Fits the 21 FSRS parameters to a learner's review log (one history per question, in answer
/// order), starting from and regularised towards [`DEFAULT_PARAMETERS`]. With fewer than
/// [`OptimizeOptions::min_reviews`] predicted reviews it returns the defaults unfitted. The
/// initial stabilities (w0–w3) are kept in increasing order, as ratings require.
///
/// ```
/// use kaotang::schedule::{OptimizeOptions, Rating, Review, optimize, DEFAULT_PARAMETERS};
///
/// let tiny = vec![vec![Review { rating: Rating::Good, delta_t: 0 }]];
/// let fit = optimize(&tiny, &OptimizeOptions::default())?;
/// assert!(!fit.fitted);
/// assert_eq!(fit.parameters, DEFAULT_PARAMETERS);
/// # Ok::<(), kaotang::schedule::ScheduleError>(())
/// ```
///
/// # Errors
///
/// [`ScheduleError::OptimizerSetting`] for invalid options.
pub fn optimize(
    histories: &[Vec<Review>],
    options: &OptimizeOptions,
) -> Result<Optimized, ScheduleError> {
    options.check()?;
    let reviews: usize = histories.iter().map(|h| predicted_reviews(h)).sum();
    if reviews < options.min_reviews {
        return Ok(Optimized {
            parameters: DEFAULT_PARAMETERS,
            fitted: false,
            reviews,
        });
    }

    // Batches of whole histories holding about `batch_size` predictions each.
    let mut order: Vec<usize> = (0..histories.len())
        .filter(|&i| predicted_reviews(&histories[i]) > 0)
        .collect();
    let mut rng = SeedRng::new(options.seed);
    rng.shuffle(&mut order);
    let mut batches: Vec<(Vec<usize>, usize)> = Vec::new();
    let mut current = (Vec::new(), 0);
    for i in order {
        current.1 += predicted_reviews(&histories[i]);
        current.0.push(i);
        if current.1 >= options.batch_size {
            batches.push(std::mem::take(&mut current));
        }
    }
    if !current.0.is_empty() {
        batches.push(current);
    }

    let initial = DEFAULT_PARAMETERS;
    let mut w = initial;
    let mut adam = Adam::default();
    let total_steps = (batches.len() * options.epochs) as f64;
    let mut step = 0.0;
    let mut batch_order: Vec<usize> = (0..batches.len()).collect();
    for _ in 0..options.epochs {
        rng.shuffle(&mut batch_order);
        for &b in &batch_order {
            let (members, size) = &batches[b];
            let model = Model::new(Dual::variables(&w));
            let mut grad = [0.0; 21];
            for &i in members {
                walk(&model, &histories[i], |r, y| {
                    let p = r.v;
                    if p > MIN_PROB && p < 1.0 - MIN_PROB {
                        // d/dp of -(y ln p + (1 - y) ln(1 - p)).
                        let dp = (1.0 - y) / (1.0 - p) - y / p;
                        for (g, dr) in grad.iter_mut().zip(r.g) {
                            *g += dp * dr;
                        }
                    }
                });
            }
            let scale = options.regularization * *size as f64 / reviews as f64;
            for k in 0..21 {
                grad[k] +=
                    2.0 * (w[k] - initial[k]) / (PARAMS_STDDEV[k] * PARAMS_STDDEV[k]) * scale;
            }
            let lr = options.learning_rate
                * 0.5
                * (1.0 + libm::cos(std::f64::consts::PI * step / total_steps));
            step += 1.0;
            adam.step(&mut w, &grad, lr);
            clip_parameters(&mut w, 1, true);
        }
    }
    for k in 1..4 {
        w[k] = w[k].max(w[k - 1]);
    }
    Ok(Optimized {
        parameters: w,
        fitted: true,
        reviews,
    })
}

/// Adam (β1 = 0.9, β2 = 0.999, ε = 1e-8).
#[derive(Default)]
struct Adam {
    m: [f64; 21],
    v: [f64; 21],
    t: i32,
}

impl Adam {
    fn step(&mut self, w: &mut [f64; 21], grad: &[f64; 21], lr: f64) {
        const BETA1: f64 = 0.9;
        const BETA2: f64 = 0.999;
        self.t += 1;
        let bias1 = 1.0 - libm::pow(BETA1, f64::from(self.t));
        let bias2 = 1.0 - libm::pow(BETA2, f64::from(self.t));
        for k in 0..21 {
            self.m[k] = BETA1 * self.m[k] + (1.0 - BETA1) * grad[k];
            self.v[k] = BETA2 * self.v[k] + (1.0 - BETA2) * grad[k] * grad[k];
            let m_hat = self.m[k] / bias1;
            let v_hat = self.v[k] / bias2;
            w[k] -= lr * m_hat / (libm::sqrt(v_hat) + 1e-8);
        }
    }
}

/// A value with its gradient with respect to the 21 parameters (forward-mode automatic
/// differentiation): running the model on these gives the loss gradient exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Dual {
    v: f64,
    g: [f64; 21],
}

impl Dual {
    /// The parameters as variables: parameter k has gradient e_k.
    fn variables(w: &[f64; 21]) -> [Dual; 21] {
        std::array::from_fn(|k| {
            let mut g = [0.0; 21];
            g[k] = 1.0;
            Dual { v: w[k], g }
        })
    }

    /// `self.g * a + other.g * b`.
    #[inline]
    fn combine(v: f64, x: &[f64; 21], a: f64, y: &[f64; 21], b: f64) -> Dual {
        Dual {
            v,
            g: std::array::from_fn(|k| x[k] * a + y[k] * b),
        }
    }

    #[inline]
    fn scaled(v: f64, x: &[f64; 21], a: f64) -> Dual {
        Dual {
            v,
            g: x.map(|g| g * a),
        }
    }
}

impl Add for Dual {
    type Output = Dual;
    fn add(self, o: Dual) -> Dual {
        Dual::combine(self.v + o.v, &self.g, 1.0, &o.g, 1.0)
    }
}

impl Sub for Dual {
    type Output = Dual;
    fn sub(self, o: Dual) -> Dual {
        Dual::combine(self.v - o.v, &self.g, 1.0, &o.g, -1.0)
    }
}

impl Mul for Dual {
    type Output = Dual;
    fn mul(self, o: Dual) -> Dual {
        Dual::combine(self.v * o.v, &self.g, o.v, &o.g, self.v)
    }
}

impl Div for Dual {
    type Output = Dual;
    fn div(self, o: Dual) -> Dual {
        let q = self.v / o.v;
        Dual::combine(q, &self.g, 1.0 / o.v, &o.g, -q / o.v)
    }
}

impl Neg for Dual {
    type Output = Dual;
    fn neg(self) -> Dual {
        Dual::scaled(-self.v, &self.g, -1.0)
    }
}

impl Real for Dual {
    fn constant(v: f64) -> Self {
        Dual { v, g: [0.0; 21] }
    }

    fn value(self) -> f64 {
        self.v
    }

    fn exp(self) -> Self {
        let e = libm::exp(self.v);
        Dual::scaled(e, &self.g, e)
    }

    fn log2(self) -> Self {
        Dual::scaled(
            libm::log2(self.v),
            &self.g,
            std::f64::consts::LOG2_E / self.v,
        )
    }
}

#[cfg(test)]
mod tests;
