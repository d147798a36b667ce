//! Drives any study session in the terminal: show a question, read the answer, save the record,
//! then show the feedback. The record is committed before the feedback appears, so everything
//! acknowledged on screen is in the profile.

use std::time::{Duration, Instant};

use kaotang::bank::BankSet;
use kaotang::grade::parse_answer;
use kaotang::study::{
    Answer, Feedback, LearnerState, Mode, Session, Study, StudyError, Summary, WrongBookMark,
};
use kaotang::time::Date;

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
    /// The last log row folded into `state`.
    pub seen: &'a mut i64,
    /// Standard input.
    pub input: &'a Input,
}

impl Runner<'_> {
    /// Runs `session` to its end or to the end of input, then finishes it (an exam is
    /// submitted), and returns its summary. Exams stop waiting at their deadline.
    pub fn run(&mut self, mut session: Session) -> Result<Summary, CliError> {
        let total = session.total().map(|t| t as usize);
        let deadline = session.deadline();
        let hints = session.hints_allowed();
        // From here Ctrl-C is a learner leaving: every answer so far is saved.
        ui::set_session_note(String::new());
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
                    ui::countdown(u64::try_from(r).unwrap_or(0))
                });
                ui::say(&ui::answer_prompt(question, hints, &extra));
                match self
                    .input
                    .line(remaining.map(|r| Duration::from_secs(u64::try_from(r).unwrap_or(0) + 1)))
                {
                    Line::Eof | Line::Timeout => break None,
                    Line::Text(t) => {
                        let t = t.trim();
                        // The piped answer shown after the prompt, as typed would be; a
                        // long one shortened as messages quote it.
                        if !self.input.interactive {
                            ui::say(&format!("{}\n", kaotang::bank::echo(t)));
                        }
                        if t == "?" || t == "？" {
                            match session.hint(self.banks) {
                                Ok(Some(h)) => ui::say(&format!("提示：{h}\n")),
                                Ok(None) => ui::say("这道题没有提示。\n"),
                                Err(e @ StudyError::NoHints(_)) => {
                                    ui::say(&format!("{e}（开始时加 --hints 可开启）。\n"));
                                }
                                Err(e) => ui::say(&format!("{e}。\n")),
                            }
                            continue;
                        }
                        if t.is_empty() {
                            continue;
                        }
                        // 不会: answered as not known, no guess needed.
                        if matches!(t, "不会" | "不知道" | "跳过") {
                            break Some(None);
                        }
                        match parse_answer(question, t) {
                            Ok(r) => break Some(Some(r)),
                            Err(e) => ui::say(&format!("{e}\n")),
                        }
                    }
                }
            };
            let timed_out = deadline.is_some_and(|d| self.ctx.now() > d);
            let response = match response {
                Some(r) => r,
                None if timed_out => None,
                None => break, // input ended: stop without recording anything
            };
            let answer = Answer {
                response,
                answer_ms: u32::try_from(shown.elapsed().as_millis()).unwrap_or(u32::MAX),
                hint_used: false,
                at: self.ctx.now(),
            };
            // One transaction: catch up with what other kaotang processes recorded for this
            // learner, grade, append. Saved before anything is shown: what the learner sees
            // is in the profile.
            let (study, banks, state) = (self.study, self.banks, &mut *self.state);
            let step = self.profile.record(self.learner, self.seen, |others| {
                session.sync(study, state, others);
                let step = session
                    .answer(study, banks, state, &answer)
                    .map_err(CliError::Study)?;
                Ok((step.entry(), step))
            })?;
            if let Some(f) = &step.feedback {
                if session.mode() == Mode::Exam {
                    ui::say("已作答。\n");
                } else {
                    ui::say(&ui::render_feedback(question, &f.grade));
                    ui::say(&render_after(f));
                }
            }
            let s = session.summary();
            ui::set_session_note(summary_text(
                s.mode.label(),
                s,
                self.state,
                self.ctx.today(),
            ));
        }
        ui::set_session_note(String::new());
        Ok(session.finish(self.banks, self.ctx.now()).clone())
    }
}

/// What a session did, as its end shows it — the same when it ends by itself and when the
/// learner leaves with Ctrl-C: answered, right, points (and today's), reviews due tomorrow.
pub fn summary_text(what: &str, o: &Summary, state: &LearnerState, today: Date) -> String {
    if o.answered == 0 {
        return format!("{what}：本次没有作答。");
    }
    let pct = f64::from(o.correct) * 100.0 / f64::from(o.answered);
    let total = state.day(today).total_points();
    let tomorrow = state.due_by(today.add_days(1));
    let unscheduled = if o.scheduled {
        ""
    } else {
        "本次练习不改变复习计划。"
    };
    format!(
        "{what}：本次作答 {} 题，答对 {} 题（{pct:.0}%），获得 {} 积分；今日积分 {total}。明天待复习 {tomorrow} 题。{unscheduled}",
        o.answered, o.correct, o.points
    )
}

/// What an answer did besides its verdict: points, hint, wrong book, next review, revive.
fn render_after(f: &Feedback) -> String {
    let mut lines = Vec::new();
    if f.record.hint_used {
        lines.push("看过提示：本题不计积分，复习间隔按“困难”计算。".to_owned());
    } else if f.points > 0 {
        lines.push(format!("+{} 积分", f.points));
    }
    match f.wrong_book {
        WrongBookMark::Added => lines.push("已加入错题本。".to_owned()),
        WrongBookMark::Again => lines.push("仍在错题本，已连对天数重新计算。".to_owned()),
        WrongBookMark::Progress {
            done,
            needed,
            counted: true,
        } => lines.push(format!("错题本：已连对 {done}/{needed} 天。")),
        WrongBookMark::Progress {
            done,
            needed,
            counted: false,
        } => lines.push(format!(
            "错题本：已连对 {done}/{needed} 天（每天只计一次，答错当天不计）。"
        )),
        WrongBookMark::Removed => lines.push("已移出错题本。".to_owned()),
        WrongBookMark::NotIn => {}
    }
    if let Some(n) = f.next_review {
        lines.push(match n.days {
            0 => "下次复习：今天稍后。".to_owned(),
            1 => "下次复习：明天。".to_owned(),
            d => format!("下次复习：{d} 天后（{}）。", n.due.date()),
        });
    }
    if f.revive_used {
        lines.push("用掉 1 次复活机会，挑战继续。".to_owned());
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}
