//! Blueprints: what a paper must contain.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ContestError, read_config};
use crate::bank::{QuestionFilter, QuestionId};
use crate::grade::MultiPolicy;

/// What a paper must contain: sections, a difficulty target, required and banned questions,
/// groups that must not appear together, parallel forms and the questions used in earlier rounds.
///
/// Read from YAML ([`Blueprint::from_yaml`]) or JSON ([`Blueprint::from_json`]); see
/// `question-banks/blueprints/chusai.yaml` for an annotated example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Blueprint {
    /// The paper's title (e.g. 党史知识竞赛初赛).
    pub title: String,
    /// Total time allowed, in minutes.
    pub time_limit_minutes: u32,
    /// Sections in paper order.
    pub sections: Vec<Section>,
    /// The mean difficulty each form must reach, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<DifficultyTarget>,
    /// Questions that must appear (in every form, in the first section whose filter they pass).
    #[serde(default)]
    pub include: Vec<QuestionId>,
    /// Questions that must not appear.
    #[serde(default)]
    pub exclude: Vec<QuestionId>,
    /// Groups of questions of which at most one may appear in a form (one gives another away).
    #[serde(default)]
    pub exclusive: Vec<Vec<QuestionId>>,
    /// Number of parallel forms (A, B, …), at least 1.
    #[serde(default = "one")]
    pub forms: u8,
    /// Whether parallel forms may share questions (required questions are always shared).
    #[serde(default)]
    pub sharing: Sharing,
    /// Questions used in earlier rounds: chosen only when a section has too few others.
    #[serde(default)]
    pub used_before: Vec<QuestionId>,
}

fn one() -> u8 {
    1
}

/// One section of a paper: which questions, how many, and what each is worth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's name (e.g. 单选题).
    pub name: String,
    /// Which questions qualify.
    #[serde(default)]
    pub filter: QuestionFilter,
    /// Exactly this many questions.
    pub count: usize,
    /// Points per question.
    pub points: f64,
    /// Partial credit for multiple-choice questions.
    #[serde(default)]
    pub multi: MultiPolicy,
}

/// A target for the mean difficulty (1–5) of each form.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DifficultyTarget {
    /// The mean to reach.
    pub mean: f64,
    /// The largest allowed distance from `mean`.
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
}

fn default_tolerance() -> f64 {
    0.2
}

/// Whether parallel forms may share questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sharing {
    /// No question appears in two forms (except required ones).
    #[default]
    Disjoint,
    /// Forms are drawn independently and may overlap.
    Allowed,
}

impl Blueprint {
    /// Reads a blueprint from YAML; errors carry line and column.
    ///
    /// ```
    /// let bp = kaotang::contest::Blueprint::from_yaml(r#"
    /// title: 初赛
    /// time_limit_minutes: 20
    /// sections:
    ///   - { name: 判断题, filter: { types: [judge] }, count: 10, points: 2 }
    /// "#).unwrap();
    /// assert_eq!(bp.total_points(), 20.0);
    /// ```
    pub fn from_yaml(text: &str) -> Result<Self, ContestError> {
        let bp: Self = read_config(text)?;
        bp.validate()?;
        Ok(bp)
    }

    /// Reads a blueprint from JSON.
    pub fn from_json(text: &str) -> Result<Self, ContestError> {
        let bp: Self = serde_json::from_str(text).map_err(|e| ContestError::Parse {
            format: "JSON",
            message: e.to_string(),
        })?;
        bp.validate()?;
        Ok(bp)
    }

    /// Checks the numbers that serde cannot: counts, points, forms and the target.
    pub fn validate(&self) -> Result<(), ContestError> {
        let bad = |m: String| Err(ContestError::InvalidBlueprint(m));
        if self.sections.is_empty() {
            return bad("至少需要一个部分（sections）".into());
        }
        if self.forms == 0 {
            return bad("试卷套数（forms）至少为 1".into());
        }
        for s in &self.sections {
            if s.count == 0 {
                return bad(format!("部分“{}”的题数（count）至少为 1", s.name));
            }
            if !s.points.is_finite() || s.points < 0.0 {
                return bad(format!("部分“{}”的每题分值（points）应为非负数", s.name));
            }
        }
        if let Some(t) = self.difficulty
            && !(t.mean.is_finite()
                && (1.0..=5.0).contains(&t.mean)
                && t.tolerance.is_finite()
                && t.tolerance >= 0.0)
        {
            return bad("难度目标的均值应在 1–5 之间，容差应为非负数".into());
        }
        Ok(())
    }

    /// The total points of a paper.
    pub fn total_points(&self) -> f64 {
        self.sections
            .iter()
            .map(|s| s.count as f64 * s.points)
            .sum()
    }

    /// The number of questions of a paper.
    pub fn question_count(&self) -> usize {
        self.sections.iter().map(|s| s.count).sum()
    }
}
