//! Drives any study session in the terminal: show a question, read the answer, save the record,
//! then show the feedback. The record is committed before the feedback appears, so everything
//! acknowledged on screen is in the profile.

use std::time::{Duration, Instant};

use kaotang::bank::{BankSet, QuestionId};
use kaotang::grade::parse_response;
use kaotang::study::{
    Answer, ChallengeSession, Entry, ExamReport, ExamSession, ExamStep, Feedback, LearnerState,
    QuizSession, Study, StudyError,
};
use kaotang::time::Timestamp;

use crate::context::Context;
use crate::error::CliError;
use crate::profile::Profile;
use crate::ui::{self, Input, Line};

/// A session the driver can run.
pub enum Session {
    /// Daily plan, practice, wrong book, 每日一题, reading questions.
    Quiz(QuizSession),
    /// 挑战答题.
    Challenge(ChallengeSession),
    /// 微考堂.
    Exam(ExamSession),
}

/// What one answer led to.
enum Step {
    Feedback(Feedback),
    Exam(Option<Feedback>, Option<ExamReport>),
}

impl Session {
    fn next(&self, now: Timestamp) -> Option<QuestionId> {
        match self {
            Session::Quiz(s) => s.next().cloned(),
            Session::Challenge(s) => s.next().cloned(),
            Session::Exam(s) => s.next(now).cloned(),
        }
    }

    fn total(&self) -> Option<usize> {
        match self {
            Session::Quiz(s) => Some(s.queue().len()),
            Session::Challenge(_) => None,
            Session::Exam(s) => Some(s.questions().count()),
        }
    }

    fn answer(
        &mut self,
        study: &Study,
        banks: &BankSet,
        state: &mut LearnerState,
        a: &Answer,
    ) -> Result<Step, StudyError> {
        match self {
            Session::Quiz(s) => s.answer(study, banks, state, a).map(Step::Feedback),
            Session::Challenge(s) => s.answer(study, banks, state, a).map(Step::Feedback),
            Session::Exam(s) => match s.answer(study, banks, state, a)? {
                ExamStep::Answered(f) => {
                    let report = s.report().cloned();
                    Ok(Step::Exam(Some(f), report))
                }
                ExamStep::TimeUp(r) => Ok(Step::Exam(None, Some(r))),
            },
        }
    }
}

/// Everything a run needs.
pub struct Runner<'a> {
    /// Clock and options.
    pub ctx: &'a Context,
    /// Rules.
    pub study: &'a Study,
    /// Questions.
    pub banks: &'a BankSet,
    /// The learner's state, kept in step with the log.
    pub state: &'a mut LearnerState,
    /// Where records go.
    pub profile: &'a mut Profile,
    /// The learner's id in the profile.
    pub learner: i64,
    /// Standard input.
    pub input: &'a Input,
}

/// How a run ended.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Questions answered (including skipped).
    pub answered: u32,
    /// Correct answers.
    pub correct: u32,
    /// Points earned.
    pub points: u32,
    /// Input ended before the session did.
    pub input_ended: bool,
    /// The exam report, for 微考堂.
    pub exam: Option<ExamReport>,
}

impl Runner<'_> {
    fn save(&mut self, entry: Entry) -> Result<(), CliError> {
        self.profile.append(self.learner, &entry)
    }

    /// Runs `session` to its end or to the end of input. Exams stop waiting at their deadline.
    pub fn run(
        &mut self,
        mut session: Session,
        deadline: Option<Timestamp>,
    ) -> Result<Outcome, CliError> {
        let mut out = Outcome::default();
        let total = session.total();
        let mut number = 0usize;
        while let Some(id) = session.next(self.ctx.now()) {
            let Some(question) = self.banks.question(&id) else {
                // The session skips questions that left the banks.
                let _ = session.answer(
                    self.study,
                    self.banks,
                    self.state,
                    &Answer::skipped(0, self.ctx.now()),
                );
                continue;
            };
            number += 1;
            ui::say(&ui::render_question(question, number, total));
            let shown = Instant::now();
            let mut hint_used = false;
            let response = loop {
                let remaining = deadline.map(|d| d.secs_since(self.ctx.now()).max(0));
                let extra = remaining.map_or(String::new(), |r| {
                    ui::countdown(u64::try_from(r).unwrap_or(0))
                });
                ui::say(&ui::answer_prompt(question, &extra));
                match self
                    .input
                    .line(remaining.map(|r| Duration::from_secs(u64::try_from(r).unwrap_or(0) + 1)))
                {
                    Line::Eof => {
                        out.input_ended = true;
                        break None;
                    }
                    Line::Timeout => break None,
                    Line::Text(t) => {
                        let t = t.trim();
                        if !self.input.interactive {
                            ui::say(&format!("{t}\n"));
                        }
                        if t == "?" || t == "？" {
                            match &question.hint {
                                Some(h) => {
                                    hint_used = true;
                                    ui::say(&format!("提示：{h}\n"));
                                }
                                None => ui::say("这道题没有提示。\n"),
                            }
                            continue;
                        }
                        if t.is_empty() {
                            continue;
                        }
                        match parse_response(question, t) {
                            Ok(r) => break Some(r),
                            Err(e) => ui::say(&format!("{e}\n")),
                        }
                    }
                }
            };
            let timed_out = deadline.is_some_and(|d| self.ctx.now() > d);
            if response.is_none() && !timed_out {
                break; // input ended: stop without recording a skip
            }
            let answer = Answer {
                response,
                answer_ms: u32::try_from(shown.elapsed().as_millis()).unwrap_or(u32::MAX),
                hint_used,
                at: self.ctx.now(),
            };
            match session
                .answer(self.study, self.banks, self.state, &answer)
                .map_err(CliError::Study)?
            {
                Step::Feedback(f) => {
                    self.save(Entry::Review(f.record.clone()))?;
                    tally(&mut out, &f);
                    ui::say(&ui::render_feedback(question, &f.grade));
                    if f.points > 0 {
                        ui::say(&format!("+{} 积分\n", f.points));
                    }
                }
                Step::Exam(feedback, report) => {
                    if let Some(f) = feedback {
                        self.save(Entry::Review(f.record.clone()))?;
                        tally(&mut out, &f);
                        ui::say("已作答。\n");
                    }
                    if let Some(r) = report {
                        for rec in &r.records {
                            self.save(Entry::Review(rec.clone()))?;
                        }
                        out.exam = Some(r);
                        return Ok(out);
                    }
                }
            }
        }
        // An exam whose input ended or whose time ran out while waiting is submitted now.
        if let Session::Exam(mut s) = session
            && s.report().is_none()
        {
            let r = s
                .submit(self.study, self.banks, self.state, self.ctx.now())
                .map_err(CliError::Study)?;
            for rec in &r.records {
                self.save(Entry::Review(rec.clone()))?;
            }
            out.exam = Some(r);
        }
        Ok(out)
    }
}

fn tally(out: &mut Outcome, f: &Feedback) {
    out.answered += 1;
    out.correct += u32::from(f.correct);
    out.points += f.points;
}
