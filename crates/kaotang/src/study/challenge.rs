//! 挑战答题: answer until the first wrong answer, with revives.

use serde::{Deserialize, Serialize};

use super::plan::joined;
use super::{Answer, Attempt, Feedback, LearnerState, Mode, Study, StudyError};
use crate::bank::{BankSet, Period, QuestionFilter, QuestionId};
use crate::rng::SeedRng;

/// Settings of a challenge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChallengeSettings {
    /// Which questions.
    pub filter: QuestionFilter,
    /// Wrong answers forgiven before the run ends (复活; default 1).
    pub revives: u32,
    /// At most this many questions in a run (default 100); answering them all ends the run.
    pub max_questions: u32,
    /// Whether answers move the schedule (default false: a challenge is a game).
    pub scheduled: bool,
}

impl Default for ChallengeSettings {
    fn default() -> Self {
        Self {
            filter: QuestionFilter::default(),
            revives: 1,
            max_questions: 100,
            scheduled: false,
        }
    }
}

/// A challenge run: questions drawn without repeats, weighted towards the learner's weak
/// periods; it ends at the first wrong answer once the revives are used.
///
/// ```
/// use kaotang::study::{Answer, ChallengeSession, ChallengeSettings, LearnerState, Study, StudyConfig};
/// use kaotang::time::Timestamp;
/// # let yaml = r#"
/// # bank: { id: demo, title: 示例, sources: [{ id: jianshi, title: 中国共产党简史 }] }
/// # questions:
/// #   - { id: d1, type: judge, stem: 遵义会议在1935年召开。, answer: true, explanation: 对。, period: 新民主主义革命时期, difficulty: 1, source: { ref: jianshi } }
/// #   - { id: d2, type: judge, stem: 中共一大在1921年召开。, answer: true, explanation: 对。, period: 新民主主义革命时期, difficulty: 1, source: { ref: jianshi } }
/// #   - { id: d3, type: judge, stem: 开国大典在1949年举行。, answer: true, explanation: 对。, period: 社会主义革命和建设时期, difficulty: 1, source: { ref: jianshi } }
/// # "#;
/// let banks = kaotang::bank::BankSet::load(&[("demo.yaml", yaml)])?;
/// let study = Study::new(StudyConfig::default())?;
/// let mut state = LearnerState::default();
/// let mut run = ChallengeSession::new(&banks, &state, &ChallengeSettings::default(), 7);
/// let now = Timestamp(1_780_000_000);
/// run.answer(&study, &banks, &mut state, &Answer::skipped(1_000, now))?; // wrong: revive used
/// let last = run.answer(&study, &banks, &mut state, &Answer::skipped(1_000, now))?;
/// assert!(last.finished && run.is_finished());
/// assert_eq!(run.streak(), 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeSession {
    queue: Vec<QuestionId>,
    position: usize,
    streak: u32,
    revives_left: u32,
    scheduled: bool,
    finished: bool,
}

impl ChallengeSession {
    /// Draws a run from the questions passing the filter. Each period is weighted by the
    /// learner's error rate there, `1 + 2 × (wrong + 1) / (answers + 2)`, so weak (and
    /// untried) periods come up more often; the draw is seeded.
    pub fn new(
        banks: &BankSet,
        state: &LearnerState,
        settings: &ChallengeSettings,
        seed: u64,
    ) -> Self {
        let mut tally = [(0u32, 0u32); Period::ALL.len()];
        for (pos, card) in joined(banks, state) {
            if let (Some(c), Some(q)) = (card, banks.questions().get(pos)) {
                let t = &mut tally[q.period as usize];
                t.0 += c.answers;
                t.1 += c.answers - c.correct;
            }
        }
        let weight = |p: Period| {
            let (answers, wrong) = tally[p as usize];
            1.0 + 2.0 * (f64::from(wrong) + 1.0) / (f64::from(answers) + 2.0)
        };
        let mut rng = SeedRng::derived(seed, "challenge", "");
        // Efraimidis–Spirakis: sorting by u^(1/w) descending draws without replacement with
        // probabilities proportional to the weights.
        let mut keyed: Vec<(f64, usize)> = banks
            .select(&settings.filter)
            .into_iter()
            .filter_map(|pos| {
                let q = banks.questions().get(pos)?;
                Some((libm::pow(rng.unit(), 1.0 / weight(q.period)), pos))
            })
            .collect();
        keyed.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let queue: Vec<QuestionId> = keyed
            .into_iter()
            .take(settings.max_questions as usize)
            .filter_map(|(_, pos)| banks.questions().get(pos).map(|q| q.id.clone()))
            .collect();
        Self {
            finished: queue.is_empty(),
            queue,
            position: 0,
            streak: 0,
            revives_left: settings.revives,
            scheduled: settings.scheduled,
        }
    }

    /// The question to answer now, or `None` when the run is over.
    pub fn next(&self) -> Option<&QuestionId> {
        if self.finished {
            None
        } else {
            self.queue.get(self.position)
        }
    }

    /// The questions drawn for the run, in order.
    pub fn queue(&self) -> &[QuestionId] {
        &self.queue
    }

    /// Correct answers in this run.
    pub fn streak(&self) -> u32 {
        self.streak
    }

    /// Whether answers move the schedule.
    pub fn scheduled(&self) -> bool {
        self.scheduled
    }

    /// Revives left.
    pub fn revives_left(&self) -> u32 {
        self.revives_left
    }

    /// Whether the run is over.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Moves past a question that left the banks.
    pub(crate) fn skip(&mut self) {
        self.position += 1;
        self.finished |= self.position >= self.queue.len();
    }

    /// Answers the current question (a `None` response is a timeout, graded wrong). A wrong
    /// answer uses a revive, or ends the run when none is left. Points come at the policy's
    /// streak thresholds.
    ///
    /// # Errors
    ///
    /// [`StudyError::Finished`] once the run is over, [`StudyError::UnknownQuestion`] for a
    /// question that left the banks (skipped), [`StudyError::Grade`] for a response that does
    /// not fit (the run stays on the question).
    pub fn answer(
        &mut self,
        study: &Study,
        banks: &BankSet,
        state: &mut LearnerState,
        answer: &Answer,
    ) -> Result<Feedback, StudyError> {
        let id = self.next().ok_or(StudyError::Finished)?;
        let Some(question) = banks.question(id) else {
            let id = id.clone();
            self.position += 1;
            self.finished = self.position >= self.queue.len();
            return Err(StudyError::UnknownQuestion(id));
        };
        let how = Attempt {
            mode: Mode::Challenge,
            scheduled: self.scheduled,
            run_streak: Some(self.streak),
        };
        let mut feedback = study.attempt(state, question, how, answer)?;
        self.streak += u32::from(feedback.correct);
        self.position += 1;
        if !feedback.correct {
            match self.revives_left.checked_sub(1) {
                Some(left) => {
                    self.revives_left = left;
                    feedback.revive_used = true;
                }
                None => self.finished = true,
            }
        }
        self.finished |= self.position >= self.queue.len();
        feedback.finished = self.finished;
        Ok(feedback)
    }
}
