//! Drives any study session in the terminal: show a question, read the answer, save the record,
//! then show the feedback. The record is committed before the feedback appears, so everything
//! acknowledged on screen is in the profile.

use std::time::{Duration, Instant};

use kaotang::bank::BankSet;
use kaotang::grade::parse_response;
use kaotang::study::{Answer, LearnerState, Mode, Session, Study, Summary};

use crate::context::Context;
use crate::error::CliError;
use crate::profile::Profile;
use crate::ui::{self, Input, Line};

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

impl Runner<'_> {
    /// Runs `session` to its end or to the end of input, then finishes it (an exam is
    /// submitted), and returns its summary. Exams stop waiting at their deadline.
    pub fn run(&mut self, mut session: Session) -> Result<Summary, CliError> {
        let total = session.total().map(|t| t as usize);
        let deadline = session.deadline();
        while let Some(question) = session.next(self.banks, self.ctx.now()) {
            ui::say(&ui::render_question(
                question,
                session.number() as usize,
                total,
            ));
            let shown = Instant::now();
            let response = loop {
                let remaining = deadline.map(|d| d.secs_since(self.ctx.now()).max(0));
                let extra = remaining.map_or(String::new(), |r| {
                    format!("（剩余 {:02}:{:02}）", r / 60, r % 60)
                });
                ui::say(&ui::answer_prompt(question, &extra));
                match self
                    .input
                    .line(remaining.map(|r| Duration::from_secs(u64::try_from(r).unwrap_or(0) + 1)))
                {
                    Line::Eof => break None,
                    Line::Timeout => break None,
                    Line::Text(t) => {
                        let t = t.trim();
                        if !self.input.interactive {
                            ui::say(&format!("{t}\n"));
                        }
                        if t == "?" || t == "？" {
                            match session.hint(self.banks) {
                                Ok(Some(h)) => ui::say(&format!("提示：{h}\n")),
                                Ok(None) => ui::say("这道题没有提示。\n"),
                                Err(e) => ui::say(&format!("{e}。\n")),
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
                hint_used: false,
                at: self.ctx.now(),
            };
            let step = session
                .answer(self.study, self.banks, self.state, &answer)
                .map_err(CliError::Study)?;
            // Saved before anything is shown: what the learner sees is in the profile.
            if let Some(entry) = step.entry() {
                self.profile.append(self.learner, &entry)?;
            }
            if let Some(f) = &step.feedback {
                if session.mode() == Mode::Exam {
                    ui::say("已作答。\n");
                } else {
                    ui::say(&ui::render_feedback(question, &f.grade));
                    if f.points > 0 {
                        ui::say(&format!("+{} 积分\n", f.points));
                    }
                }
            }
        }
        Ok(session.finish(self.banks, self.ctx.now()).clone())
    }
}
