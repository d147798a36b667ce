use super::*;

/// A learner's parameters fitted by fsrs-rs (its `test_evaluate`): the truth the simulated
/// logs are drawn from.
const TRUE_PARAMETERS: [f64; 21] = [
    0.335561,
    1.6840581,
    5.166598,
    11.659035,
    7.466705,
    0.7205129,
    2.622295,
    0.001,
    1.315015,
    0.10468433,
    0.8349206,
    1.822305,
    0.12473127,
    0.26111007,
    2.3030033,
    0.13117497,
    3.0265594,
    0.41468078,
    0.09714265,
    0.106824234,
    0.20447432,
];

/// Review logs of `cards` questions drawn from `truth`: a first answer, a same-day repeat
/// after every `Again`, then reviews at the scheduled interval ±50% for up to two years.
fn simulate(truth: &Fsrs, cards: usize, seed: u64) -> Vec<Vec<Review>> {
    let mut rng = SeedRng::new(seed);
    let model = truth.model();
    (0..cards)
        .map(|_| {
            let u = rng.unit();
            let first = match u {
                u if u < 0.25 => Rating::Again,
                u if u < 0.35 => Rating::Hard,
                u if u < 0.9 => Rating::Good,
                _ => Rating::Easy,
            };
            let mut history = vec![Review {
                rating: first,
                delta_t: 0,
            }];
            let mut state = model.init(first);
            let mut day = 0;
            let mut last = first;
            while history.len() < 14 {
                if last == Rating::Again {
                    history.push(Review {
                        rating: Rating::Good,
                        delta_t: 0,
                    });
                    state = model.step(state, 0.0, Rating::Good);
                }
                let interval = truth.interval(state.s, 0.9) * (0.5 + rng.unit());
                let delta_t = (libm::round(interval) as u32).max(1);
                day += delta_t;
                if day > 730 {
                    break;
                }
                let recalled = rng.unit() < model.retrievability(f64::from(delta_t), state.s);
                last = match (recalled, rng.unit()) {
                    (false, _) => Rating::Again,
                    (true, u) if u < 0.15 => Rating::Hard,
                    (true, u) if u < 0.9 => Rating::Good,
                    (true, _) => Rating::Easy,
                };
                history.push(Review {
                    rating: last,
                    delta_t,
                });
                state = model.step(state, f64::from(delta_t), last);
            }
            history
        })
        .collect()
}

/// The loss of one history, in plain numbers.
fn history_loss(w: &[f64; 21], history: &[Review]) -> f64 {
    let mut loss = 0.0;
    walk(&Model::new(*w), history, |r: f64, y| {
        loss -= y * libm::log(r) + (1.0 - y) * libm::log(1.0 - r);
    });
    loss
}

#[test]
fn gradients_match_finite_differences() {
    let history = [
        Review {
            rating: Rating::Again,
            delta_t: 0,
        },
        Review {
            rating: Rating::Good,
            delta_t: 0,
        },
        Review {
            rating: Rating::Hard,
            delta_t: 1,
        },
        Review {
            rating: Rating::Good,
            delta_t: 4,
        },
        Review {
            rating: Rating::Again,
            delta_t: 12,
        },
        Review {
            rating: Rating::Easy,
            delta_t: 2,
        },
        Review {
            rating: Rating::Good,
            delta_t: 30,
        },
    ];
    let w = TRUE_PARAMETERS;
    let mut grad = [0.0; 21];
    walk(&Model::new(Dual::variables(&w)), &history, |r, y| {
        let dp = (1.0 - y) / (1.0 - r.v) - y / r.v;
        for (g, dr) in grad.iter_mut().zip(r.g) {
            *g += dp * dr;
        }
    });
    for k in 0..21 {
        let h = 1e-6 * w[k].abs().max(1e-3);
        let (mut up, mut down) = (w, w);
        up[k] += h;
        down[k] -= h;
        let numeric = (history_loss(&up, &history) - history_loss(&down, &history)) / (2.0 * h);
        assert!(
            (grad[k] - numeric).abs() <= 1e-5 * numeric.abs().max(1.0),
            "w{k}: analytic {} numeric {numeric}",
            grad[k]
        );
    }
}

#[test]
fn fitted_parameters_beat_the_defaults_on_held_out_reviews() {
    let truth = Fsrs::new(&TRUE_PARAMETERS).unwrap();
    let train = simulate(&truth, 2_000, 1);
    let test = simulate(&truth, 1_000, 2);
    let fit = optimize(&train, &OptimizeOptions::default()).unwrap();
    assert!(fit.fitted);
    let fitted = Fsrs::new(&fit.parameters).unwrap();
    let [default, fitted, ideal] = [&Fsrs::default(), &fitted, &truth].map(|f| evaluate(f, &test));
    println!(
        "optimizer: {} training reviews, {} held-out reviews",
        fit.reviews, default.reviews
    );
    println!(
        "  default parameters: log loss {:.4}, RMSE(bins) {:.4}",
        default.log_loss, default.rmse_bins
    );
    println!(
        "  fitted parameters:  log loss {:.4}, RMSE(bins) {:.4}",
        fitted.log_loss, fitted.rmse_bins
    );
    println!(
        "  true parameters:    log loss {:.4}, RMSE(bins) {:.4}",
        ideal.log_loss, ideal.rmse_bins
    );
    println!(
        "  fitted: {:?}",
        fit.parameters.map(|w| (w * 1e4).round() / 1e4)
    );
    assert!(fitted.log_loss < default.log_loss);
    assert!(fitted.rmse_bins < default.rmse_bins);
    // Deterministic: the same log and seed give the same parameters.
    assert_eq!(optimize(&train, &OptimizeOptions::default()).unwrap(), fit);
}

#[test]
fn small_logs_and_bad_options() {
    let small = vec![vec![
        Review {
            rating: Rating::Good,
            delta_t: 0,
        },
        Review {
            rating: Rating::Good,
            delta_t: 3,
        },
    ]];
    let fit = optimize(&small, &OptimizeOptions::default()).unwrap();
    assert_eq!(
        fit,
        Optimized {
            parameters: DEFAULT_PARAMETERS,
            fitted: false,
            reviews: 1
        }
    );
    let bad = OptimizeOptions {
        learning_rate: f64::NAN,
        ..OptimizeOptions::default()
    };
    assert!(optimize(&small, &bad).is_err());
    let empty = evaluate(&Fsrs::default(), &[]);
    assert_eq!(
        (empty.log_loss, empty.rmse_bins, empty.reviews),
        (0.0, 0.0, 0)
    );
}
