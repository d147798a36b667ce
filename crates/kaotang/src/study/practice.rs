//! 专项答题: practice by period or tag.

use serde::{Deserialize, Serialize};

use super::plan::curriculum_key;
use super::{LearnerState, Mode, QuizSession};
use crate::bank::{BankSet, QuestionFilter};
use crate::rng::SeedRng;

/// The order of a practice session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "order", rename_all = "snake_case")]
pub enum PracticeOrder {
    /// Through the century, easier first.
    #[default]
    Curriculum,
    /// Shuffled with a seed.
    Shuffled {
        /// The seed.
        seed: u64,
    },
    /// Least well answered first (never answered, then lowest accuracy).
    WeakFirst,
}

/// Settings of a practice session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PracticeSettings {
    /// Which questions (a period, tags …).
    pub filter: QuestionFilter,
    /// At most this many questions (default 20).
    pub count: u32,
    /// Order (default curriculum).
    pub order: PracticeOrder,
    /// Whether answers move the schedule (default false: practice leaves only the review log).
    pub scheduled: bool,
}

impl Default for PracticeSettings {
    fn default() -> Self {
        Self {
            filter: QuestionFilter::default(),
            count: 20,
            order: PracticeOrder::Curriculum,
            scheduled: false,
        }
    }
}

/// A practice session over the questions passing the filter.
pub fn practice_session(
    banks: &BankSet,
    state: &LearnerState,
    settings: &PracticeSettings,
) -> QuizSession {
    let mut pool = banks.select(&settings.filter);
    match settings.order {
        PracticeOrder::Curriculum => pool.sort_by_key(|&p| curriculum_key(banks, p)),
        PracticeOrder::Shuffled { seed } => {
            SeedRng::derived(seed, "practice", "").shuffle(&mut pool)
        }
        PracticeOrder::WeakFirst => pool.sort_by(|&a, &b| {
            let score = |p: usize| {
                banks
                    .questions()
                    .get(p)
                    .and_then(|q| state.card(&q.id))
                    .map_or(-1.0, |c| c.accuracy())
            };
            score(a)
                .total_cmp(&score(b))
                .then_with(|| curriculum_key(banks, a).cmp(&curriculum_key(banks, b)))
        }),
    }
    let queue = pool
        .into_iter()
        .take(settings.count as usize)
        .filter_map(|p| banks.questions().get(p).map(|q| q.id.clone()))
        .collect();
    QuizSession::new(Mode::Practice, queue, settings.scheduled)
}
