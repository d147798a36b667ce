//! Assembly: a blueprint and a bank set give one or more forms.
//!
//! # Algorithm (seeded randomized greedy + repair)
//!
//! 1. Resolve `include`, `exclude`, `exclusive` and `used_before` to bank positions; each
//!    section's pool is the questions its filter selects, minus excluded ones. Each required
//!    question goes to the first section whose pool holds it.
//! 2. For each form (A, B, …), a stream `SeedRng::derived(seed, "assemble", label)` shuffles
//!    every pool; questions used before are moved behind the others (a stable partition), so
//!    they are taken only when a section runs short. Sections are filled scarcest first (pool
//!    size over questions needed), taking candidates in that order unless already in the form,
//!    in an earlier form (disjoint forms), or in an exclusive group already represented.
//!    A section that cannot be filled fails with [`ContestError::Shortage`].
//! 3. Repair: while the form's mean difficulty is outside `mean ± tolerance`, make the single
//!    swap (a chosen, non-required question for the first valid unused candidate of another
//!    difficulty in the same section) that brings the difficulty sum closest to the allowed
//!    interval. Each swap strictly shrinks the distance, so the loop ends; when no swap helps,
//!    assembly fails with [`ContestError::Difficulty`].
//! 4. Questions are listed in bank order within each section; papers shuffle them later.
//!
//! The cost is linear in the pools per form plus a few scans per repair swap: two disjoint
//! 100-question forms from a 10,000-question bank take about a millisecond (see
//! `benches/README.md`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Blueprint, ContestError, Sharing};
use crate::bank::{BankSet, QuestionId};
use crate::grade::MultiPolicy;
use crate::rng::SeedRng;

/// The forms assembled from a blueprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Assembly {
    /// The paper's title.
    pub title: String,
    /// Total time allowed, in minutes.
    pub time_limit_minutes: u32,
    /// The seed the forms were drawn with.
    pub seed: u64,
    /// Parallel forms, labelled A, B, ….
    pub forms: Vec<Form>,
}

/// One parallel form: the same sections, possibly different questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Form {
    /// The label (A, B, …).
    pub label: String,
    /// Sections in paper order.
    pub sections: Vec<FormSection>,
    /// The mean difficulty of the form's questions.
    pub mean_difficulty: f64,
}

/// One section of a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FormSection {
    /// The section's name.
    pub name: String,
    /// Points per question.
    pub points: f64,
    /// Partial credit for multiple-choice questions.
    pub multi: MultiPolicy,
    /// The questions, in bank order.
    pub questions: Vec<QuestionId>,
}

impl Form {
    /// All questions in paper order with their section index.
    pub fn questions(&self) -> impl Iterator<Item = (usize, &QuestionId)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(s, sec)| sec.questions.iter().map(move |q| (s, q)))
    }

    /// The number of questions.
    pub fn len(&self) -> usize {
        self.sections.iter().map(|s| s.questions.len()).sum()
    }

    /// Whether the form has no questions.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The total points.
    pub fn total_points(&self) -> f64 {
        self.sections
            .iter()
            .map(|s| s.points * s.questions.len() as f64)
            .sum()
    }
}

impl Assembly {
    /// The form with this label.
    pub fn form(&self, label: &str) -> Result<&Form, ContestError> {
        self.forms
            .iter()
            .find(|f| f.label == label)
            .ok_or_else(|| ContestError::UnknownForm(label.to_owned()))
    }

    /// The form a participant sits, drawn from `(contest seed, "form", participant)`.
    pub fn form_for(&self, contest_seed: u64, participant: &str) -> Option<&Form> {
        let mut rng = SeedRng::derived(contest_seed, "form", participant);
        self.forms.get(rng.index(self.forms.len()))
    }
}

/// The label of form `i`: A, B, … Z, then 27, 28, ….
pub(super) fn form_label(i: usize) -> String {
    u8::try_from(i)
        .ok()
        .filter(|&i| i < 26)
        .map_or_else(|| (i + 1).to_string(), |i| char::from(b'A' + i).to_string())
}

struct Resolved {
    pools: Vec<Vec<usize>>,
    required: Vec<Vec<usize>>,
    groups_of: Vec<Vec<usize>>,
    group_count: usize,
    used_before: Vec<bool>,
}

fn resolve(set: &BankSet, bp: &Blueprint) -> Result<Resolved, ContestError> {
    let n = set.questions().len();
    let pos = |id: &QuestionId, field: &'static str| {
        set.position(id)
            .ok_or_else(|| ContestError::UnknownQuestion {
                id: id.clone(),
                field,
            })
    };
    let mut excluded = vec![false; n];
    for id in &bp.exclude {
        excluded[pos(id, "exclude")?] = true;
    }
    let mut groups_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (g, group) in bp.exclusive.iter().enumerate() {
        for id in group {
            groups_of[pos(id, "exclusive")?].push(g);
        }
    }
    let mut used_before = vec![false; n];
    // Ids from banks no longer loaded cannot be drawn anyway.
    for i in bp.used_before.iter().filter_map(|id| set.position(id)) {
        used_before[i] = true;
    }
    let pools: Vec<Vec<usize>> = bp
        .sections
        .iter()
        .map(|s| {
            set.select(&s.filter)
                .into_iter()
                .filter(|&i| !excluded[i])
                .collect()
        })
        .collect();
    let mut required: Vec<Vec<usize>> = vec![Vec::new(); bp.sections.len()];
    let mut required_group: Vec<Option<usize>> = vec![None; bp.exclusive.len()];
    for id in &bp.include {
        let i = pos(id, "include")?;
        if excluded[i] {
            return Err(ContestError::IncludedAndExcluded(id.clone()));
        }
        if required.iter().any(|r| r.contains(&i)) {
            continue;
        }
        let s = pools
            .iter()
            .position(|p| p.binary_search(&i).is_ok())
            .ok_or_else(|| ContestError::IncludedMatchesNoSection(id.clone()))?;
        for &g in &groups_of[i] {
            if let Some(other) = required_group[g].replace(i) {
                return Err(ContestError::RequiredTogether {
                    first: set.questions()[other].id.clone(),
                    second: id.clone(),
                });
            }
        }
        required[s].push(i);
    }
    for (s, r) in bp.sections.iter().zip(&required) {
        if r.len() > s.count {
            return Err(ContestError::TooManyRequired {
                section: s.name.clone(),
                required: r.len(),
                count: s.count,
            });
        }
    }
    Ok(Resolved {
        pools,
        required,
        groups_of,
        group_count: bp.exclusive.len(),
        used_before,
    })
}

/// The membership state of one form under construction.
struct FormState<'a> {
    r: &'a Resolved,
    in_form: Vec<bool>,
    group_used: Vec<bool>,
}

impl FormState<'_> {
    fn fits(&self, i: usize, taken: &[bool]) -> bool {
        !self.in_form[i] && !taken[i] && self.r.groups_of[i].iter().all(|&g| !self.group_used[g])
    }

    fn set(&mut self, i: usize, on: bool) {
        self.in_form[i] = on;
        for &g in &self.r.groups_of[i] {
            self.group_used[g] = on;
        }
    }
}

/// Assembles the blueprint's forms from `set`, seeded and reproducible.
///
/// ```
/// use kaotang::bank::BankSet;
/// use kaotang::contest::{assemble, Blueprint};
/// let mut yaml = String::from("bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n");
/// for i in 0..6 {
///     yaml += &format!("  - {{ id: q{i}, type: judge, stem: 第{i}题的陈述。, answer: true, \
///         explanation: 说明{i}。, period: 新民主主义革命时期, difficulty: 2, source: {{ ref: s }} }}\n");
/// }
/// let set = BankSet::load(&[("b.yaml", yaml)]).unwrap();
/// let bp = Blueprint::from_yaml("title: 初赛\ntime_limit_minutes: 10\nforms: 2\n\
///     sections: [{ name: 判断题, count: 3, points: 5 }]").unwrap();
/// let a = assemble(&set, &bp, 42).unwrap();
/// assert_eq!(a.forms.len(), 2);
/// assert!(a.forms[0].sections[0].questions.iter().all(|q| !a.forms[1].sections[0].questions.contains(q)));
/// ```
pub fn assemble(set: &BankSet, bp: &Blueprint, seed: u64) -> Result<Assembly, ContestError> {
    bp.validate()?;
    let r = resolve(set, bp)?;
    let n = set.questions().len();
    let difficulty = |i: usize| {
        set.questions()
            .get(i)
            .map_or(0, |q| i64::from(q.difficulty))
    };
    let mut taken = vec![false; n];
    let mut forms = Vec::with_capacity(usize::from(bp.forms));
    let mut order: Vec<usize> = (0..bp.sections.len()).collect();
    for f in 0..usize::from(bp.forms) {
        let label = form_label(f);
        let mut rng = SeedRng::derived(seed, "assemble", &label);
        let mut st = FormState {
            r: &r,
            in_form: vec![false; n],
            group_used: vec![false; r.group_count],
        };
        for &i in r.required.iter().flatten() {
            st.set(i, true);
        }
        let mut chosen: Vec<Vec<usize>> = vec![Vec::new(); bp.sections.len()];
        let mut rest: Vec<Vec<usize>> = vec![Vec::new(); bp.sections.len()];
        // Scarcest section first: pool size over questions still needed.
        order.sort_by(|&a, &b| {
            let ratio = |s: usize| {
                r.pools[s].len() as f64 / (bp.sections[s].count - r.required[s].len()).max(1) as f64
            };
            ratio(a).total_cmp(&ratio(b)).then(a.cmp(&b))
        });
        for &s in &order {
            let need = bp.sections[s].count - r.required[s].len();
            let mut cand = r.pools[s].clone();
            rng.shuffle(&mut cand);
            let (mut fresh, old): (Vec<usize>, Vec<usize>) =
                cand.into_iter().partition(|&i| !r.used_before[i]);
            fresh.extend(old);
            let mut got = Vec::with_capacity(need);
            let mut left = Vec::new();
            for i in fresh {
                if got.len() < need && st.fits(i, &taken) {
                    st.set(i, true);
                    got.push(i);
                } else if !st.in_form[i] {
                    left.push(i);
                }
            }
            if got.len() < need {
                return Err(ContestError::Shortage {
                    form: label,
                    section: bp.sections[s].name.clone(),
                    count: bp.sections[s].count,
                    lacks: need - got.len(),
                });
            }
            chosen[s] = got;
            rest[s] = left;
        }
        let total = bp.question_count() as i64;
        let mut sum: i64 = chosen
            .iter()
            .flatten()
            .chain(r.required.iter().flatten())
            .map(|&i| difficulty(i))
            .sum();
        if let Some(t) = bp.difficulty {
            // Allowed interval for the difficulty sum, in whole points.
            let lo = libm::ceil((t.mean - t.tolerance) * total as f64 - 1e-9) as i64;
            let hi = libm::floor((t.mean + t.tolerance) * total as f64 + 1e-9) as i64;
            let dist = |s: i64| (lo - s).max(s - hi).max(0);
            while dist(sum) > 0 {
                let mut best: Option<(i64, usize, usize, usize)> = None; // (dist, section, out pos, in pos)
                for s in 0..bp.sections.len() {
                    let mut first_in: [Option<usize>; 6] = [None; 6];
                    for (p, &i) in rest[s].iter().enumerate() {
                        let d = difficulty(i) as usize;
                        if d < 6 && first_in[d].is_none() && st.fits(i, &taken) {
                            first_in[d] = Some(p);
                        }
                    }
                    let mut last_out: [Option<usize>; 6] = [None; 6];
                    for (p, &i) in chosen[s].iter().enumerate() {
                        if let Some(slot) = last_out.get_mut(difficulty(i) as usize) {
                            *slot = Some(p);
                        }
                    }
                    for (d_out, out) in last_out.iter().enumerate() {
                        for (d_in, inn) in first_in.iter().enumerate() {
                            if let (Some(o), Some(p)) = (out, inn) {
                                let after = dist(sum - d_out as i64 + d_in as i64);
                                if after < best.map_or(dist(sum), |b| b.0) {
                                    best = Some((after, s, *o, *p));
                                }
                            }
                        }
                    }
                }
                let Some((_, s, o, p)) = best else {
                    return Err(ContestError::Difficulty {
                        form: label,
                        target: t.mean,
                        tolerance: t.tolerance,
                        achieved: sum as f64 / total.max(1) as f64,
                    });
                };
                let out = chosen[s].swap_remove(o);
                let inn = rest[s].remove(p);
                st.set(out, false);
                st.set(inn, true);
                sum += difficulty(inn) - difficulty(out);
                chosen[s].push(inn);
                rest[s].push(out);
            }
        }
        let mut sections = Vec::with_capacity(bp.sections.len());
        for (s, sec) in bp.sections.iter().enumerate() {
            let mut idx: Vec<usize> = r.required[s].iter().chain(&chosen[s]).copied().collect();
            idx.sort_unstable();
            if bp.sharing == Sharing::Disjoint {
                for &i in &chosen[s] {
                    taken[i] = true;
                }
            }
            sections.push(FormSection {
                name: sec.name.clone(),
                points: sec.points,
                multi: sec.multi,
                questions: idx
                    .into_iter()
                    .filter_map(|i| set.questions().get(i).map(|q| q.id.clone()))
                    .collect(),
            });
        }
        forms.push(Form {
            label,
            sections,
            mean_difficulty: sum as f64 / total.max(1) as f64,
        });
    }
    Ok(Assembly {
        title: bp.title.clone(),
        time_limit_minutes: bp.time_limit_minutes,
        seed,
        forms,
    })
}
