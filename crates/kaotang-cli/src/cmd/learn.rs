//! Learner commands: today, drill, challenge, exam, practice, wrongbook, plan, progress.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use kaotang::bank::{BankSet, Period};
use kaotang::grade::display_key;
use kaotang::rng::derive_seed;
use kaotang::study::{
    ChallengeSettings, DailyPlanSettings, DeadlineSettings, Entry, ExamSettings, LearnerState,
    Member, PlanKind, PracticeOrder, PracticeSettings, Session, Study, StudyConfig, Summary,
    deadline_plan, learner_report, org_report, practice_session, reading_day, today, wrong_book,
};
use kaotang::time::Date;

use super::scope::Scope;
use crate::context::Context;
use crate::drive::{Runner, summary_text};
use crate::error::{CliError, EXIT_OK};
use crate::profile::Profile;
use crate::ui::{self, Align, Input, Line};

/// `kaotang wrongbook …`
#[derive(Debug, Subcommand)]
pub enum WrongbookCmd {
    /// 列出错题（按时期分组）
    List {
        /// 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// 重做错题：在 3 个不同的日子答对后移出错题本
    Drill,
    /// 导出错题本
    Export {
        /// 格式
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// 输出文件（默认打印到屏幕）
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// Export formats of the wrong book.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// CSV（可用 Excel 打开）
    Csv,
    /// JSON
    Json,
}

/// Everything a learner command needs, loaded once.
pub struct Learner {
    /// Options and clock.
    pub ctx: Context,
    /// Rules.
    pub study: Study,
    /// Questions.
    pub banks: BankSet,
    /// The profile.
    pub profile: Profile,
    /// The learner's id.
    pub id: i64,
    /// State rebuilt from the log.
    pub state: LearnerState,
    /// The last log row folded into `state`.
    pub seen: i64,
}

impl Learner {
    /// Opens the profile, creates the learner on first use and rebuilds the state from the log.
    pub fn open(ctx: Context) -> Result<Self, CliError> {
        let study = Study::new(StudyConfig::default()).map_err(CliError::Study)?;
        let banks = ctx.banks()?;
        let profile = ctx.profile()?;
        let id = profile.learner(&ctx.common.learner, ctx.now().0)?;
        let (log, seen) = profile.log_after(id, 0)?;
        let state = LearnerState::rebuild(&study, &log);
        Ok(Self {
            ctx,
            study,
            banks,
            profile,
            id,
            state,
            seen,
        })
    }

    /// Runs a session, answering from `input`.
    pub fn run(&mut self, session: Session, input: &Input) -> Result<Summary, CliError> {
        Runner {
            ctx: &self.ctx,
            study: &self.study,
            banks: &self.banks,
            state: &mut self.state,
            profile: &mut self.profile,
            learner: self.id,
            seen: &mut self.seen,
            input,
        }
        .run(session)
    }

    /// A seed for today's draws: the same learner gets the same draw on the same day.
    fn seed(&self, purpose: &str) -> u64 {
        let day = u64::try_from(self.ctx.today().days_since_epoch()).unwrap_or(0);
        derive_seed(day, purpose, &self.ctx.common.learner)
    }

    fn summary(&self, what: &str, o: &Summary) {
        let text = summary_text(what, o, &self.state, self.ctx.today());
        let saved = if o.answered == 0 {
            ""
        } else {
            "所有作答已保存。"
        };
        ui::say(&format!("\n{text}{saved}\n"));
    }
}

/// A learner's state read without writing anything, for the read-only commands: no file and
/// no learner is created, a read-only profile works, and with `--date D` nothing recorded after
/// D counts.
pub struct LearnerView {
    /// Options and clock.
    pub ctx: Context,
    /// Rules.
    pub study: Study,
    /// Questions.
    pub banks: BankSet,
    /// The profile, when there is one.
    pub profile: Option<Profile>,
    /// State rebuilt from the log up to the end of today.
    pub state: LearnerState,
}

impl LearnerView {
    /// Reads the learner named by `--learner` (an empty state when there is none).
    pub fn open(ctx: Context) -> Result<Self, CliError> {
        let study = Study::new(StudyConfig::default()).map_err(CliError::Study)?;
        let banks = ctx.banks()?;
        let profile = ctx.profile_read_only()?;
        let state = match &profile {
            Some(p) => match p.find_learner(&ctx.common.learner)? {
                Some(id) => Self::state(&ctx, &study, p, id)?,
                None => LearnerState::default(),
            },
            None => LearnerState::default(),
        };
        Ok(Self {
            ctx,
            study,
            banks,
            profile,
            state,
        })
    }

    /// Learner `id`'s state from the entries recorded up to the end of today.
    fn state(
        ctx: &Context,
        study: &Study,
        profile: &Profile,
        id: i64,
    ) -> Result<LearnerState, CliError> {
        let today = ctx.today();
        let log: Vec<Entry> = profile
            .log(id)?
            .into_iter()
            .filter(|e| e.at().date() <= today)
            .collect();
        Ok(LearnerState::rebuild(study, &log))
    }
}

/// `kaotang today`: read-only unless someone is there to answer the question of the day (a
/// terminal, or answers on stdin); only then are the learner, the reading and the answer saved.
pub fn today_cmd(ctx: Context, json: bool) -> Result<u8, CliError> {
    let input = (!json).then(Input::stdin);
    if !input
        .as_ref()
        .is_some_and(|i| i.interactive || i.has_more())
    {
        let v = LearnerView::open(ctx)?;
        let date = v.ctx.today();
        let t = today(&v.banks, date);
        let reading = reading_day(&v.banks, &v.state, date);
        if json {
            let v = serde_json::json!({ "today": t, "reading": reading });
            ui::say_line(&serde_json::to_string_pretty(&v)?);
            return Ok(EXIT_OK);
        }
        // The question first: the day's events below often give its answer away.
        if let Some(q) = t.question.as_ref().and_then(|id| v.banks.question(id)) {
            ui::say("【每日一题】");
            ui::say(&ui::render_question(q, 1, Some(1)));
            if t.answered(&v.state) {
                ui::say(&format!("（今天已作答。正确答案：{}）\n", display_key(q)));
            } else {
                ui::say("（未作答。）\n\n");
            }
        }
        show_today(date, &t, &reading);
        return Ok(EXIT_OK);
    }
    let mut l = Learner::open(ctx)?;
    let date = l.ctx.today();
    let t = today(&l.banks, date);
    // 每日一题 first: the day's events and reading below often give its answer away. Asked
    // once a day; viewing the day again shows it answered and awards nothing.
    if let (Some(id), Some(input)) = (&t.question, &input) {
        ui::say("【每日一题】");
        if t.answered(&l.state) {
            if let Some(q) = l.banks.question(id) {
                ui::say(&ui::render_question(q, 1, Some(1)));
                ui::say(&format!("（今天已作答。正确答案：{}）\n", display_key(q)));
            }
        } else if l.run(t.session().into(), input)?.answered == 0 {
            ui::say("\n（未作答。）\n");
        }
        ui::say("\n");
    }
    let reading = reading_day(&l.banks, &l.state, date);
    show_today(date, &t, &reading);
    // A reading counts as read when the learner says so, not because it was printed.
    if let (Some(r), Some(input)) = (&reading.reading, &input)
        && !l.state.readings.contains_key(&r.id)
    {
        ui::say("读完后输入“已读”记入天天读（直接回车跳过）> ");
        if let Line::Text(t) = input.line(None) {
            let t = t.trim();
            if !input.interactive {
                ui::say(&format!("{t}\n"));
            }
            if matches!(t, "已读" | "读完" | "y" | "Y") {
                let (study, banks, state, now) = (&l.study, &l.banks, &mut l.state, l.ctx.now());
                let rec = l.profile.record(l.id, &mut l.seen, |others| {
                    for e in others {
                        state.apply(study, e);
                    }
                    let rec = study
                        .mark_read(banks, state, &r.id, now)
                        .map_err(CliError::Study)?;
                    Ok((Some(Entry::Read(rec.clone())), rec))
                })?;
                let points = rec.points + rec.bonus;
                ui::say(&format!(
                    "已记入天天读（已读 {} 篇）{}。\n",
                    reading.number,
                    if points > 0 {
                        format!("，+{points} 积分")
                    } else {
                        String::new()
                    }
                ));
            }
        }
    }
    Ok(EXIT_OK)
}

/// 党史上的今天 and 天天读.
fn show_today(date: Date, t: &kaotang::study::Today, reading: &kaotang::study::ReadingDay) {
    ui::say(&format!(
        "【党史上的今天】{}年{}月{}日\n",
        date.year(),
        date.month(),
        date.day()
    ));
    if t.events.is_empty() {
        ui::say("今天没有收录的事件。\n");
    } else if let Some(first) = t.events.first()
        && first.date.month_day() != date.month_day()
    {
        ui::say(&format!(
            "（今天没有收录的事件，以下是 {}月{}日 的事件）\n",
            first.date.month(),
            first.date.day()
        ));
    }
    for e in &t.events {
        ui::say(&format!(
            "· {}年 {}\n  {}\n",
            e.date.year(),
            e.title,
            e.summary
        ));
    }
    if let Some(r) = &reading.reading {
        ui::say(&format!(
            "\n【天天读】（第 {} 篇，共 {} 篇）{}\n{}\n",
            reading.number,
            reading.total,
            r.title,
            r.text.trim_end()
        ));
    } else if reading.total > 0 {
        ui::say(&format!("\n【天天读】全部 {} 篇已读完。\n", reading.total));
    }
}

/// Settings of `kaotang drill`.
#[derive(Debug, Args)]
pub struct DrillArgs {
    /// 今天最多学习多少道新题
    #[arg(long, default_value_t = 20)]
    pub new: u32,
    /// 今天最多复习多少道题
    #[arg(long, default_value_t = 200)]
    pub reviews: u32,
    /// 提前学习：复习未来几天才到期的题（不影响复习计划）
    #[arg(long, value_name = "天数", conflicts_with = "cram")]
    pub ahead: Option<u32>,
    /// 突击复习：把范围内的题全部过一遍（不影响复习计划）
    #[arg(long)]
    pub cram: bool,
    /// 范围
    #[command(flatten)]
    pub scope: Scope,
}

/// `kaotang drill`
pub fn drill(ctx: Context, a: &DrillArgs) -> Result<u8, CliError> {
    let mut l = Learner::open(ctx)?;
    a.scope.require(&l.banks, None)?;
    let kind = match (a.ahead, a.cram) {
        (Some(days), _) => PlanKind::LearnAhead { days },
        (None, true) => PlanKind::Cram,
        (None, false) => PlanKind::Due,
    };
    let settings = DailyPlanSettings {
        new_per_day: a.new,
        review_cap: a.reviews,
        filter: a.scope.filter(),
        kind,
        ..DailyPlanSettings::default()
    };
    let plan = kaotang::study::daily_plan(&l.study, &l.banks, &l.state, l.ctx.now(), &settings);
    let new = plan
        .items
        .iter()
        .filter(|i| matches!(i.kind, kaotang::study::ItemKind::New))
        .count();
    let title = match kind {
        PlanKind::Due => format!(
            "【每日答题】今天共 {} 题：复习 {} 题，新题 {new} 题。",
            plan.items.len(),
            plan.items.len() - new
        ),
        PlanKind::LearnAhead { days } => format!(
            "【提前学习】未来 {days} 天到期的 {} 题（只作练习，不改变复习计划）。",
            plan.items.len()
        ),
        PlanKind::Cram => format!(
            "【突击复习】范围内 {} 题（只作练习，不改变复习计划）。",
            plan.items.len()
        ),
    };
    ui::say(&format!(
        "{title}输入 ? 查看提示（看提示后不计积分），不会的题输入“不会”，Ctrl-C 随时退出（已答的题都已保存）。\n"
    ));
    if plan.items.is_empty() {
        ui::say(
            "今天没有要复习的题，也没有新题了。可以试试 kaotang challenge 或 kaotang practice。\n",
        );
        return Ok(EXIT_OK);
    }
    let input = Input::stdin();
    let out = l.run(plan.session().into(), &input)?;
    l.summary(plan.mode.label(), &out);
    Ok(EXIT_OK)
}

/// `kaotang challenge`
pub fn challenge(ctx: Context, revives: u32, hints: bool, scope: &Scope) -> Result<u8, CliError> {
    let mut l = Learner::open(ctx)?;
    scope.require(&l.banks, None)?;
    let settings = ChallengeSettings {
        filter: scope.filter(),
        revives,
        ..ChallengeSettings::default()
    };
    let seed = l.seed("challenge") ^ u64::try_from(l.profile.log_len(l.id)?).unwrap_or(0);
    let session = kaotang::study::ChallengeSession::new(&l.banks, &l.state, &settings, seed);
    ui::say(&format!(
        "【挑战答题】答错即结束（有 {revives} 次复活机会）。连续答对 5 题得 3 分，10 题及以上得 6 分。\n"
    ));
    let input = Input::stdin();
    let before = l.state.best_challenge;
    let out = l.run(Session::from(session).with_hints(hints), &input)?;
    let streak = out.correct;
    ui::say(&format!(
        "\n挑战结束：本次连续答对 {streak} 题，获得 {} 积分。",
        out.points
    ));
    if l.state.best_challenge > before {
        ui::say(&format!(
            "新纪录！最好成绩 {} 题。\n",
            l.state.best_challenge
        ));
    } else {
        ui::say(&format!("最好成绩 {} 题。\n", l.state.best_challenge));
    }
    Ok(EXIT_OK)
}

/// Parses `90s`, `5m`, `5` (minutes).
pub fn parse_duration(s: &str) -> Result<u32, String> {
    let s = s.trim();
    let (num, mul) = if let Some(n) = s.strip_suffix('s').or_else(|| s.strip_suffix("秒")) {
        (n, 1)
    } else if let Some(n) = s.strip_suffix('m').or_else(|| s.strip_suffix("分钟")) {
        (n, 60)
    } else {
        (s, 60)
    };
    num.trim()
        .parse::<u32>()
        .ok()
        .filter(|&n| n > 0)
        .map(|n| n * mul)
        .ok_or_else(|| format!("“{s}”不是时长（如 5m、90s 或 5）"))
}

/// `kaotang exam`
pub fn exam(
    ctx: Context,
    count: u32,
    time_limit_secs: u32,
    hints: bool,
    scope: &Scope,
) -> Result<u8, CliError> {
    let mut l = Learner::open(ctx)?;
    scope.require(&l.banks, Some(count as usize))?;
    let settings = ExamSettings {
        filter: scope.filter(),
        count,
        time_limit_secs,
        ..ExamSettings::default()
    };
    let seed = l.seed("exam") ^ u64::try_from(l.profile.log_len(l.id)?).unwrap_or(0);
    let session = kaotang::study::ExamSession::new(&l.banks, &settings, seed, l.ctx.now());
    let n = session.questions().count();
    ui::say(&format!(
        "【微考堂】共 {n} 题，限时 {}分{:02}秒，满分 100 分。时间到自动交卷。\n",
        time_limit_secs / 60,
        time_limit_secs % 60
    ));
    let input = Input::stdin();
    let out = l.run(Session::from(session).with_hints(hints), &input)?;
    if let Some(r) = &out.exam {
        let how = if r.timed_out {
            "时间到，已自动交卷"
        } else {
            "已交卷"
        };
        ui::say(&format!(
            "\n{how}。得分：{:.1} 分（答对 {}/{} 题，用时 {}分{:02}秒）\n",
            r.score,
            r.correct,
            r.total,
            r.elapsed_secs / 60,
            r.elapsed_secs % 60
        ));
        if !r.wrong.is_empty() {
            ui::say("\n错题回顾：\n");
            for (i, w) in r.wrong.iter().enumerate() {
                ui::say(&format!(
                    "{}. {}\n   你的答案：{}\n   正确答案：{}\n   解析：{}\n",
                    i + 1,
                    w.stem,
                    w.response_text,
                    w.answer_text,
                    w.explanation
                ));
            }
            let unanswered = r.total - r.answered;
            if unanswered > 0 {
                ui::say(&format!(
                    "（{unanswered} 道未作答的题计 0 分，不记入错题本和复习计划。）\n"
                ));
            }
        }
    }
    l.summary("微考堂", &out);
    Ok(EXIT_OK)
}

/// `kaotang practice`
pub fn practice(ctx: Context, count: u32, shuffle: bool, scope: &Scope) -> Result<u8, CliError> {
    let mut l = Learner::open(ctx)?;
    scope.require(&l.banks, Some(count as usize))?;
    let order = if shuffle {
        PracticeOrder::Shuffled {
            seed: l.seed("practice"),
        }
    } else {
        PracticeOrder::Curriculum
    };
    let settings = PracticeSettings {
        filter: scope.filter(),
        count,
        order,
        ..PracticeSettings::default()
    };
    let session = practice_session(&l.banks, &l.state, &settings);
    if session.queue().is_empty() {
        return Err(CliError::NoQuestions("没有符合条件的题目".into()));
    }
    ui::say(&format!(
        "【专项答题】共 {} 题（不影响复习计划）。\n",
        session.queue().len()
    ));
    let input = Input::stdin();
    let out = l.run(session.into(), &input)?;
    l.summary("专项答题", &out);
    Ok(EXIT_OK)
}

/// `kaotang wrongbook`
pub fn wrongbook(ctx: Context, cmd: &WrongbookCmd) -> Result<u8, CliError> {
    let mut l = Learner::open(ctx)?;
    let book = wrong_book(&l.banks, &l.state);
    match cmd {
        WrongbookCmd::List { json } => {
            if *json {
                ui::say_line(&book.to_json());
                return Ok(EXIT_OK);
            }
            if book.entries.is_empty() {
                ui::say("错题本是空的。\n");
                return Ok(EXIT_OK);
            }
            let exit = l.study.config().wrong_book_exit.0;
            ui::say(&format!(
                "错题本共 {} 题（在 {exit} 个不同的日子答对后移出）：\n",
                book.entries.len()
            ));
            for (period, idx) in &book.by_period {
                ui::say(&format!("\n{}（{} 题）\n", period.name(), idx.len()));
                for &i in idx {
                    if let Some(e) = book.entries.get(i) {
                        ui::say(&format!(
                            "  · {}  [错 {} 次，已连对 {}/{} 天] 答案：{}\n",
                            e.stem, e.wrong, e.days_right, exit, e.answer_text
                        ));
                    }
                }
            }
        }
        WrongbookCmd::Drill => {
            let session = book.session(None);
            if session.queue().is_empty() {
                ui::say("错题本是空的。\n");
                return Ok(EXIT_OK);
            }
            ui::say(&format!("【错题本】共 {} 题。\n", session.queue().len()));
            let input = Input::stdin();
            let out = l.run(session.into(), &input)?;
            l.summary("错题重做", &out);
        }
        WrongbookCmd::Export { format, output } => {
            let text = match format {
                ExportFormat::Csv => book.to_csv(),
                ExportFormat::Json => book.to_json(),
            };
            match output {
                Some(path) => {
                    crate::fsio::refuse_to_replace(path, [l.ctx.profile_path().as_path()])?;
                    match format {
                        ExportFormat::Csv => {
                            crate::table::write_csv(path, |w| w.write_all(text.as_bytes()))?;
                        }
                        ExportFormat::Json => crate::fsio::write_atomic(path, text.as_bytes())?,
                    }
                    ui::say(&format!(
                        "已导出 {} 道错题到 {}\n",
                        book.entries.len(),
                        path.display()
                    ));
                }
                None => ui::say(&text),
            }
        }
    }
    Ok(EXIT_OK)
}

/// `kaotang plan`
pub fn plan(
    ctx: Context,
    until: Date,
    minutes: u32,
    start: bool,
    scope: &Scope,
    json: bool,
) -> Result<u8, CliError> {
    let mut l = Learner::open(ctx)?;
    scope.require(&l.banks, None)?;
    if until <= l.ctx.today() {
        return Err(CliError::Usage(format!(
            "截止日期 {until} 应晚于今天 {}",
            l.ctx.today()
        )));
    }
    let settings = DeadlineSettings {
        filter: scope.filter(),
        deadline: until,
        daily_minutes: minutes,
        ..DeadlineSettings::default()
    };
    // An impossible budget (--minutes 0) is a usage error.
    let day =
        deadline_plan(&l.study, &l.banks, &l.state, l.ctx.now(), &settings).map_err(
            |e| match e {
                // The reason alone: the setting's name is the library's, not the command's.
                kaotang::study::StudyError::Setting { reason, .. } => {
                    CliError::Usage(format!("--minutes {minutes}：{reason}"))
                }
                e => CliError::Study(e),
            },
        )?;
    if json {
        ui::say_line(&serde_json::to_string_pretty(&day)?);
        return Ok(EXIT_OK);
    }
    ui::say(&format!(
        "【学习计划】距 {until} 还有 {} 天，每天 {minutes} 分钟。范围内 {} 题，尚未学过 {} 题。\n今天：新题 {} 题，到期复习 {} 题，目标记忆保持率 {:.0}%。\n",
        day.days_left,
        day.in_scope,
        day.unseen,
        day.new_today,
        day.due_reviews,
        day.desired_retention * 100.0,
    ));
    if day.over_budget_minutes > 0 {
        ui::say(&format!(
            "今天到期的复习超出时间预算约 {} 分钟：复习都已排入（不会略过），今天不安排新题。\n",
            day.over_budget_minutes
        ));
    }
    ui::say(&format!(
        "按计划每天学习，{until} 当天预计平均记忆保持率 {:.0}%；若从今天起不再学习，则为 {:.0}%。{}\n",
        day.predicted_recall * 100.0,
        day.recall_if_stopped * 100.0,
        if day.on_track {
            "（进度正常）"
        } else {
            "（进度落后：按现在的时间来不及学完所有题，请增加每天的学习时间）"
        }
    ));
    if start && !day.plan.items.is_empty() {
        let input = Input::stdin();
        let out = l.run(day.plan.session().into(), &input)?;
        l.summary("计划学习", &out);
    } else if !day.plan.items.is_empty() {
        ui::say(&format!(
            "今天的 {} 题：加 --start 开始。\n",
            day.plan.items.len()
        ));
    }
    Ok(EXIT_OK)
}

fn bar(fraction: f64, width: usize) -> String {
    let filled = (fraction.clamp(0.0, 1.0) * width as f64).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// `kaotang progress`
pub fn progress(ctx: Context, org: Option<&PathBuf>, json: bool) -> Result<u8, CliError> {
    let l = LearnerView::open(ctx)?;
    if let Some(path) = org {
        return org_progress(&l, path, json);
    }
    let r = learner_report(&l.study, &l.banks, &l.state, l.ctx.now());
    if json {
        ui::say_line(&serde_json::to_string_pretty(&r)?);
        return Ok(EXIT_OK);
    }
    ui::say(&format!(
        "【学习进度】{}（{}）\n连续学习 {} 天（最长 {} 天）；挑战答题最好成绩 {} 题\n积分：今日 {}，本周 {}，累计 {}\n题目：新 {}，学习中 {}，巩固中 {}，已掌握 {}；错题本 {} 题\n总正确率 {}\n\n",
        l.ctx.common.learner,
        r.date,
        r.streak,
        r.best_streak,
        r.best_challenge,
        r.points.today,
        r.points.week,
        r.points.total,
        r.cards.new,
        r.cards.learning,
        r.cards.young,
        r.cards.mature,
        r.wrong_book,
        // No answer yet: no accuracy to show (0% would say every answer was wrong).
        if r.overall.answers == 0 {
            "—".to_owned()
        } else {
            format!("{:.0}%", r.overall.accuracy * 100.0)
        }
    ));
    let detail: Vec<String> = r
        .points_today
        .iter()
        .map(|m| {
            let name = m.mode.map_or("学习打卡", |m| m.label());
            format!("{name} {}/{}", m.points, m.cap)
        })
        .collect();
    ui::say(&format!(
        "今日积分明细（已得/每日上限）：{}\n\n",
        detail.join("，")
    ));
    let rows: Vec<Vec<String>> = r
        .by_period
        .iter()
        .map(|(p, g)| {
            vec![
                short_period(*p).to_owned(),
                format!("{} {:>3.0}%", bar(g.accuracy, 10), g.accuracy * 100.0),
                format!("{} {:>3.0}%", bar(g.retention, 10), g.retention * 100.0),
                format!("{}/{}", g.seen, g.questions),
            ]
        })
        .collect();
    ui::say(&ui::table(
        &[
            ("时期", Align::Left),
            ("正确率", Align::Left),
            ("预计记忆保持率", Align::Left),
            ("已学", Align::Right),
        ],
        &rows,
    ));
    ui::say("\n未来 14 天的复习量：\n");
    let max = r.forecast.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    for (d, n) in &r.forecast {
        ui::say(&format!(
            "{:02}-{:02} {} {n}\n",
            d.month(),
            d.day(),
            "▇".repeat((*n as usize * 30).div_ceil(max as usize))
        ));
    }
    Ok(EXIT_OK)
}

fn short_period(p: Period) -> &'static str {
    match p {
        Period::NewDemocraticRevolution => "新民主主义革命",
        Period::SocialistRevolutionAndConstruction => "社会主义革命和建设",
        Period::ReformAndOpeningUp => "改革开放新时期",
        Period::NewEra => "新时代",
    }
}

/// Progress across the profile's learners grouped by unit. `path` is a CSV of 学员,单位
/// (unit path with `/`, e.g. `城关区/区委办/第一支部`).
fn org_progress(l: &LearnerView, path: &std::path::Path, json: bool) -> Result<u8, CliError> {
    let mut members = Vec::new();
    let header = [
        "学员",
        "姓名",
        "单位",
        "单位路径",
        "learner",
        "name",
        "unit",
    ];
    for row in crate::table::read_csv(path, &header)? {
        let (name, unit) = (row.get(0), row.get(1));
        if name.is_empty() || unit.is_empty() {
            return Err(CliError::Input(format!(
                "{}:{}: 应为“学员,单位路径”",
                path.display(),
                row.line
            )));
        }
        members.push(Member {
            learner: name.to_owned(),
            unit: unit.split('/').map(|s| s.trim().to_owned()).collect(),
        });
    }
    let mut states = Vec::new();
    for m in &members {
        let state = match &l.profile {
            Some(p) => match p.find_learner(&m.learner)? {
                Some(id) => LearnerView::state(&l.ctx, &l.study, p, id)?,
                None => LearnerState::default(),
            },
            None => LearnerState::default(),
        };
        states.push(state);
    }
    let pairs: Vec<_> = members.iter().zip(&states).collect();
    let to = l.ctx.today();
    let report = org_report(&pairs, to.add_days(-29), to);
    if json {
        ui::say_line(&serde_json::to_string_pretty(&report)?);
        return Ok(EXIT_OK);
    }
    ui::say(&format!(
        "【单位学习情况】{} 至 {}\n",
        report.from, report.to
    ));
    let rows: Vec<Vec<String>> = report
        .units
        .iter()
        .map(|u| {
            vec![
                ui::unit_name(&u.unit),
                u.members.to_string(),
                u.active.to_string(),
                format!("{:.0}%", u.participation * 100.0),
                format!("{:.0}%", u.average_accuracy * 100.0),
                format!("{:.1}", u.average_points),
            ]
        })
        .collect();
    ui::say(&ui::table(
        &[
            ("单位", Align::Left),
            ("人数", Align::Right),
            ("参学", Align::Right),
            ("参学率", Align::Right),
            ("平均正确率", Align::Right),
            ("人均积分", Align::Right),
        ],
        &rows,
    ));
    Ok(EXIT_OK)
}
