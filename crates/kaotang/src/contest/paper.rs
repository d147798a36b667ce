//! Per-participant papers: seeded question and option order, with participant and key views.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Assembly, ContestError, Form};
use crate::bank::{
    BankSet, Letters, Question, QuestionId, QuestionKind, QuestionType, count_blanks,
};
use crate::grade::Response;
use crate::rng::SeedRng;

/// One participant's paper: a form with questions shuffled within sections and choices
/// shuffled, the permutations recorded so answers map back to the authored order.
///
/// The stream is `SeedRng::derived(contest seed, "paper", participant)`, so the same contest
/// seed and participant give the same paper in every binding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Paper {
    /// The participant id.
    pub participant: String,
    /// The form's label.
    pub form: String,
    /// Items in presentation order.
    pub items: Vec<PaperItem>,
}

/// One question of a paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PaperItem {
    /// Index of the section in the form.
    pub section: usize,
    /// The question.
    pub question: QuestionId,
    /// Shown choice `k` is authored choice `order[k]` (options; items for 排序; the right
    /// column for 配对). Empty for 判断 and 填空.
    pub order: Vec<u8>,
}

/// What a participant sees: no key, hint or explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ParticipantView {
    /// The paper's title.
    pub title: String,
    /// The participant id.
    pub participant: String,
    /// The form's label.
    pub form: String,
    /// Total time allowed, in minutes.
    pub time_limit_minutes: u32,
    /// Sections with their questions.
    pub sections: Vec<ViewSection>,
}

/// A section as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ViewSection {
    /// The section's name.
    pub name: String,
    /// Points per question, as text (e.g. `2` or `1.5`).
    pub points: String,
    /// Its questions.
    pub items: Vec<ViewItem>,
}

/// A question as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ViewItem {
    /// Number on the paper, from 1.
    pub number: usize,
    /// Type.
    #[serde(rename = "type")]
    pub qtype: QuestionType,
    /// The stem.
    pub stem: String,
    /// Choices in shown order (the left column for 配对).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// The right column of 配对 in shown order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub right: Vec<String>,
    /// Number of blanks of 填空.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub blanks: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The key to one paper, in shown letters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KeyItem {
    /// Number on the paper, from 1.
    pub number: usize,
    /// The question.
    pub question: QuestionId,
    /// The key as the participant would write it (shown letters, 对/错, blanks).
    pub answer: String,
    /// 解析.
    pub explanation: String,
}

fn shuffled_choices(q: &Question) -> usize {
    match &q.kind {
        QuestionKind::Match { right, .. } => right.len(),
        _ => q.choices().len(),
    }
}

fn lookup<'a>(set: &'a BankSet, id: &QuestionId) -> Result<&'a Question, ContestError> {
    set.question(id)
        .ok_or_else(|| ContestError::UnknownQuestion {
            id: id.clone(),
            field: "form",
        })
}

fn points_text(p: f64) -> String {
    let s = format!("{p:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl Paper {
    /// The paper of `participant` for `form`.
    ///
    /// ```
    /// # use kaotang::bank::BankSet;
    /// # use kaotang::contest::{assemble, Blueprint, Paper};
    /// # let mut yaml = String::from("bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n");
    /// # for i in 0..4 {
    /// #     yaml += &format!("  - {{ id: q{i}, type: single, stem: 第{i}题？, options: [甲{i}, 乙{i}, 丙{i}], answer: A, \
    /// #         explanation: 说明{i}。, period: 新民主主义革命时期, difficulty: 2, source: {{ ref: s }} }}\n");
    /// # }
    /// # let set = BankSet::load(&[("b.yaml", yaml)]).unwrap();
    /// # let bp = Blueprint::from_yaml("title: 初赛\ntime_limit_minutes: 10\nsections: [{ name: 单选题, count: 4, points: 5 }]").unwrap();
    /// let assembly = assemble(&set, &bp, 7).unwrap();
    /// let paper = Paper::new(&set, &assembly.forms[0], 2024, "p-001").unwrap();
    /// assert_eq!(paper, Paper::new(&set, &assembly.forms[0], 2024, "p-001").unwrap());
    /// let view = paper.participant_view(&set, &assembly).unwrap();
    /// assert!(!serde_json::to_string(&view).unwrap().contains("说明"));
    /// ```
    pub fn new(
        set: &BankSet,
        form: &Form,
        contest_seed: u64,
        participant: &str,
    ) -> Result<Self, ContestError> {
        let mut rng = SeedRng::derived(contest_seed, "paper", participant);
        let mut items = Vec::with_capacity(form.len());
        for (s, sec) in form.sections.iter().enumerate() {
            let mut ids: Vec<&QuestionId> = sec.questions.iter().collect();
            rng.shuffle(&mut ids);
            for id in ids {
                let q = lookup(set, id)?;
                let order = rng
                    .permutation(shuffled_choices(q))
                    .into_iter()
                    .map(|k| k as u8)
                    .collect();
                items.push(PaperItem {
                    section: s,
                    question: id.clone(),
                    order,
                });
            }
        }
        Ok(Self {
            participant: participant.to_owned(),
            form: form.label.clone(),
            items,
        })
    }

    /// The paper of `participant` on the form [`Assembly::form_for`] gives them.
    pub fn for_participant(
        set: &BankSet,
        assembly: &Assembly,
        contest_seed: u64,
        participant: &str,
    ) -> Result<Self, ContestError> {
        let form = assembly
            .form_for(contest_seed, participant)
            .ok_or_else(|| ContestError::UnknownForm(String::new()))?;
        Self::new(set, form, contest_seed, participant)
    }

    /// Maps a response given in shown order (item `position`) back to the authored order.
    /// Indexes the item does not have are kept, so grading reports them.
    pub fn to_authored(&self, position: usize, response: Response) -> Response {
        let Some(item) = self.items.get(position) else {
            return response;
        };
        let map = |k: u8| item.order.get(usize::from(k)).copied().unwrap_or(k);
        match response {
            Response::Choices(c) => Response::Choices(c.into_iter().map(map).collect()),
            Response::Order(c) => Response::Order(c.into_iter().map(map).collect()),
            Response::Match(p) => Response::Match(p.into_iter().map(|k| k.map(map)).collect()),
            other => other,
        }
    }

    /// What the participant sees: stems and choices in shown order, never a key, hint or
    /// explanation.
    pub fn participant_view(
        &self,
        set: &BankSet,
        assembly: &Assembly,
    ) -> Result<ParticipantView, ContestError> {
        let form = assembly.form(&self.form)?;
        let mut sections: Vec<ViewSection> = form
            .sections
            .iter()
            .map(|s| ViewSection {
                name: s.name.clone(),
                points: points_text(s.points),
                items: Vec::new(),
            })
            .collect();
        for (n, item) in self.items.iter().enumerate() {
            let q = lookup(set, &item.question)?;
            let shown = |list: &[String]| -> Vec<String> {
                item.order
                    .iter()
                    .filter_map(|&k| list.get(usize::from(k)).cloned())
                    .collect()
            };
            let (choices, right) = match &q.kind {
                QuestionKind::Match { left, right, .. } => (left.clone(), shown(right)),
                _ => (shown(q.choices()), Vec::new()),
            };
            let blanks = match &q.kind {
                QuestionKind::Fill { answer } => answer.len().max(count_blanks(&q.stem)),
                _ => 0,
            };
            if let Some(sec) = sections.get_mut(item.section) {
                sec.items.push(ViewItem {
                    number: n + 1,
                    qtype: q.qtype(),
                    stem: q.stem.clone(),
                    choices,
                    right,
                    blanks,
                });
            }
        }
        Ok(ParticipantView {
            title: assembly.title.clone(),
            participant: self.participant.clone(),
            form: self.form.clone(),
            time_limit_minutes: assembly.time_limit_minutes,
            sections,
        })
    }

    /// The key in shown letters, with explanations, for markers and for review after the round.
    pub fn key_view(&self, set: &BankSet) -> Result<Vec<KeyItem>, ContestError> {
        self.items
            .iter()
            .enumerate()
            .map(|(n, item)| {
                let q = lookup(set, &item.question)?;
                // Shown position of each authored choice.
                let mut shown_of = vec![0u8; item.order.len()];
                for (shown, &authored) in item.order.iter().enumerate() {
                    if let Some(slot) = shown_of.get_mut(usize::from(authored)) {
                        *slot = shown as u8;
                    }
                }
                let relabel = |l: &Letters| {
                    let mut v: Vec<u8> =
                        l.0.iter()
                            .map(|&a| shown_of.get(usize::from(a)).copied().unwrap_or(a))
                            .collect();
                    if !matches!(
                        q.kind,
                        QuestionKind::Order { .. } | QuestionKind::Match { .. }
                    ) {
                        v.sort_unstable();
                    }
                    Letters(v).to_string()
                };
                let answer = match &q.kind {
                    QuestionKind::Single { answer, .. }
                    | QuestionKind::Multiple { answer, .. }
                    | QuestionKind::Order { answer, .. }
                    | QuestionKind::Match { answer, .. } => relabel(answer),
                    _ => q.answer_text(),
                };
                Ok(KeyItem {
                    number: n + 1,
                    question: item.question.clone(),
                    answer,
                    explanation: q.explanation.clone(),
                })
            })
            .collect()
    }
}
