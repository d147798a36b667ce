//! `kaotang contest`: papers, scoring, unit reports, item analysis, lottery, on-stage console.
//!
//! A paper folder (`contest paper -o DIR`) is self-contained: `contest.json` (seed, forms,
//! scoring rules) and `bank.json` (a snapshot of every question used), so a round can be scored
//! and re-scored later even after the banks change. Those two are what scoring reads; the
//! `form-*`, `key-*` files and the HTML are outputs for people (editing a key file changes
//! nothing: a wrong key is fixed in the bank, then the paper is made again with the same seed).
//!
//! Scoring writes the results file only; `--save-to-profile` also stores every result in the
//! learner profile, which at a national round's size takes several times as long as scoring.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{IsTerminal, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use kaotang::bank::{Bank, BankInfo, BankSet, Source};
use kaotang::contest::{
    AnalysisOptions, Assembly, Blueprint, CompactScoring, Paper, PaperItem, ParticipantResult,
    Place, RankOptions, ResultRef, RosterEntry, ScoreRules, Scorer, SheetEncoding, SheetError,
    SheetReader, SheetView, Stage, StageConfig, StageEvent, UnitCriterion, UnitOptions, UnitTally,
    Workers, assemble, draw, for_each_json_sheet, rank_compact_with, rank_units, recover_log,
};
use kaotang::formats::print::{Document, PrintOptions, form_paper, html};
use serde::{Deserialize, Serialize};

use crate::context::Context;
use crate::error::{CliError, EXIT_FAILURE, EXIT_OK};
use crate::fsio::{refuse_to_replace, write_atomic, write_atomic_with};
use crate::table;
use crate::ui::{self, Align, Input, Line};

/// `kaotang contest …`
#[derive(Debug, Subcommand)]
pub enum ContestCmd {
    /// 组卷：按组卷方案生成试卷（平行 A/B 卷）、参考答案和可打印的 HTML
    #[command(
        after_help = "示例：\n  kaotang contest paper --blueprint question-banks/blueprints/chusai.yaml --seed 2021 -o 初赛\n  kaotang contest paper --blueprint 方案.yaml --seed 7 --forms 3 --participants 名单.csv -o 复赛"
    )]
    Paper(PaperArgs),
    /// 评分：读取答题卡（CSV 或 JSON），计分、排名并输出成绩
    #[command(
        after_help = "答题卡 CSV 表头：编号,姓名,单位,试卷,答案1,答案2,…,开始时间,结束时间,用时,次数（单位写作 区/单位/支部）。\n不带时区的开始/结束时间按本地时间（--utc-offset，默认 UTC+8）读取；带时区（如 +08:00、Z）或 Unix 秒数的时间换算为本地时间。\n评分只读取试卷文件夹中的 contest.json 和 bank.json；key-*.json、form-*.json 是供人阅读的输出，修改它们不影响评分。\n\n示例：\n  kaotang contest score --paper 初赛 --sheets 答题卡.csv -o 成绩.csv\n  kaotang contest score --paper 初赛 --sheets 答题卡.csv --rules 计分规则.yaml -o 成绩.json"
    )]
    Score(ScoreArgs),
    /// 单位统计：按 区/单位/支部 汇总参赛率、平均分、满分人数并排名
    #[command(
        group(clap::ArgGroup::new("marks").args(["paper", "full_marks"]).required(true)),
        after_help = "名单 CSV：单位,应参赛人数（单位写作 区/单位/支部），每个单位一行。\n满分：不含用时加分的得分达到试卷满分（--paper 的各题分值之和加基础分），或 --full-marks 指定的分数。\n成绩文件可以是 成绩.json 或 成绩.csv（Excel 另存的 GBK 文件、删减或调换了列的也行，须有“编号”“得分”“用时加分”三列）；同一编号出现两次时报错。\n单位不足 --depth 级的参赛者计入补上“（未填）”的单位（如第 2 级时 东城区/（未填）），没有填单位的计入 （未填）/（未填），各行参赛人数之和即全部参赛者。\n\n示例：\n  kaotang contest report --results 成绩.csv --paper 初赛 --roster 名单.csv\n  kaotang contest report --results 成绩.json --full-marks 100 --roster 名单.csv --depth 2 --json"
    )]
    Report {
        /// `contest score` 输出的成绩文件（成绩.json 或 成绩.csv）
        #[arg(long)]
        results: PathBuf,
        /// `contest paper` 生成的文件夹：满分取试卷满分（不含用时加分）
        #[arg(long)]
        paper: Option<PathBuf>,
        /// 满分线（不含用时加分）；默认取 --paper 试卷的满分
        #[arg(long, value_parser = marks_arg, value_name = "分", allow_negative_numbers = true)]
        full_marks: Option<f64>,
        /// 各单位应参赛人数
        #[arg(long)]
        roster: Option<PathBuf>,
        /// 按第几级单位排名（1 = 区，2 = 单位，3 = 支部）
        #[arg(long, default_value_t = 2)]
        depth: usize,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
        /// 把单位统计写入 CSV 文件（Excel 可直接打开）
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// 试题分析：难度（通过率）、区分度、选项分布、需复查的题目、信度
    #[command(
        after_help = "示例：\n  kaotang contest analyze --paper 初赛 --sheets 答题卡.csv\n  kaotang contest analyze --paper 初赛 --sheets 答题卡.csv -o 分析.csv     （Excel 可直接打开）\n  kaotang contest analyze --paper 初赛 --sheets 答题卡.csv --json -o 分析.json"
    )]
    Analyze {
        /// `contest paper` 生成的文件夹
        #[arg(long)]
        paper: PathBuf,
        /// 答题卡
        #[arg(long)]
        sheets: PathBuf,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
        /// 输出文件（.csv 为逐题表格，其他为 JSON）
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// 抽奖：在合格者（如满分）中用公开种子抽取获奖者，任何人可复现
    #[command(
        after_help = "--min-score 比较含用时加分的得分：答错一题但用时加分补足的人也合格。只想在满分者中抽奖时用 --min-score-without-speed 100（不含用时加分，与 contest report 的满分相同，成绩.csv 须有“用时加分”列）。\n\n示例：\n  kaotang contest lottery --results 成绩.json --seed \"2024-05-01 双色球 03 11 17 22 28 31 05\" --count 10 --min-score 100\n  kaotang contest lottery --results 成绩.json --seed \"开奖号码\" --count 10 --min-score-without-speed 100"
    )]
    Lottery {
        /// `contest score` 输出的成绩文件（成绩.json 或 成绩.csv）
        #[arg(long)]
        results: PathBuf,
        /// 公开种子（如当天的彩票开奖号码），事先公布
        #[arg(long)]
        seed: String,
        /// 抽取人数
        #[arg(long)]
        count: usize,
        /// 合格分数线（含）：比较的是成绩中的“得分”，含用时加分
        #[arg(long, default_value_t = 100.0, value_name = "分")]
        min_score: f64,
        /// 合格分数线（含），比较不含用时加分的得分（与 contest report 的满分同一算法），代替 --min-score
        #[arg(
            long,
            conflicts_with = "min_score",
            value_parser = marks_arg,
            value_name = "分",
            allow_negative_numbers = true
        )]
        min_score_without_speed: Option<f64>,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// 现场赛主持台：必答、抢答、风险、加赛；每个操作写入日志，崩溃后重放恢复
    #[command(
        after_help = "操作（每行一条）：\n  start 2 / 开始 2        开始第 2 轮\n  question / 出题         下一题（可加题号）\n  go / 抢答               发出抢答信号\n  buzz t1 / 抢 t1         t1 抢答\n  pick t1 20 / 选 t1 20   风险题选择分值（可加题号）\n  pass t1 / 放弃 t1\n  right t1 / 对 t1        答对\n  wrong t1 / 错 t1        答错\n  audience / 观众         交给观众\n  adjust t1 -5 违规 / 调整 t1 -5 违规\n  undo / 撤销             撤销上一步\n  board / 比分            显示比分\n  quit / 退出\n\n示例：\n  kaotang contest stage --config question-banks/blueprints/stage.yaml --log 决赛.log"
    )]
    Stage {
        /// 现场赛配置（队伍、轮次、分值）
        #[arg(long)]
        config: PathBuf,
        /// 事件日志（每行一个 JSON 事件；已存在则先重放）
        #[arg(long)]
        log: PathBuf,
    },
}

/// `contest paper` arguments.
#[derive(Debug, Args)]
pub struct PaperArgs {
    /// 组卷方案（YAML 或 JSON）
    #[arg(long)]
    pub blueprint: PathBuf,
    /// 随机种子：同一方案、题库和种子总是得到同样的试卷
    #[arg(long)]
    pub seed: u64,
    /// 平行试卷套数（覆盖方案中的 forms）
    #[arg(long)]
    pub forms: Option<u8>,
    /// 计分规则（YAML；默认按方案分值计分）
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// 参赛名单 CSV（首列为编号）：为每人生成题目和选项顺序不同的个人试卷（不含答案）
    #[arg(long)]
    pub participants: Option<PathBuf>,
    /// 输出文件夹
    #[arg(short, long)]
    pub output: PathBuf,
}

/// `contest score` arguments.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// `contest paper` 生成的文件夹
    #[arg(long)]
    pub paper: PathBuf,
    /// 答题卡（.csv 或 .json）
    #[arg(long)]
    pub sheets: PathBuf,
    /// 计分规则（YAML；覆盖试卷中的规则）
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// 排名规则（YAML：tie_break、top、certificates）
    #[arg(long)]
    pub ranking: Option<PathBuf>,
    /// 成绩输出（.csv 或 .json）
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// 同时把每人的成绩写入学习档案（默认只写成绩文件；百万人时写档案比评分本身慢数倍）
    #[arg(long)]
    pub save_to_profile: bool,
    // One doc line: clap joins doc lines with a space, which Chinese text does not have.
    /// 评分使用的线程数（默认：CPU 核数；结果与单线程逐字节相同）。每个线程评文件的一段；同一人的多次答卷分在几段时每段各记一份，内存最多按线程数成倍增加，内存紧张时可用 1
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

/// What `contest paper` writes to `contest.json`.
#[derive(Debug, Serialize, Deserialize)]
struct ContestFile {
    seed: u64,
    assembly: Assembly,
    rules: ScoreRules,
}

/// One line of the results file (read back as a [`ParticipantResult`], the rest ignored).
#[derive(Serialize)]
struct ResultRow<'a> {
    rank: u32,
    dense_rank: u32,
    certificate: Option<&'a str>,
    #[serde(flatten)]
    result: ParticipantResult,
}

/// The results in rank order, made one row at a time from the compact results (a million
/// rows are written without a copy of the results).
#[derive(Clone, Copy)]
struct RankedRows<'a> {
    places: &'a [Place],
    scoring: &'a CompactScoring,
    options: &'a RankOptions,
}

impl<'a> RankedRows<'a> {
    /// The rows of a part of the ranking, borrowed.
    fn block(
        &self,
        places: &'a [Place],
    ) -> impl Iterator<Item = (&'a Place, ResultRef<'a>, Option<&'a str>)> + use<'a> {
        let mut results = Vec::with_capacity(places.len());
        self.scoring
            .get_many(places.iter().map(|p| p.index as usize), &mut results);
        let options = self.options;
        places
            .iter()
            .zip(results)
            .map(move |(p, r)| (p, r, options.certificate(r.score)))
    }

    /// Every row, owned.
    fn iter(&self) -> impl Iterator<Item = ResultRow<'a>> + use<'a> {
        let this = *self;
        self.places
            .chunks(CSV_BLOCK)
            .flat_map(move |b| this.block(b))
            .map(|(p, r, certificate)| ResultRow {
                rank: p.rank,
                dense_rank: p.dense_rank,
                certificate,
                result: r.to_result(),
            })
    }
}

impl Serialize for RankedRows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError::io(path, e))
}

fn invalid(path: &Path, e: impl std::fmt::Display) -> CliError {
    CliError::Input(format!("{}：{e}", path.display()))
}

/// A bad row of a CSV file: `file:line: message`.
fn invalid_row(path: &Path, line: u64, message: &str) -> CliError {
    CliError::Input(format!("{}:{line}: {message}", path.display()))
}

/// A score given on the command line (`--full-marks`): a number, finite and not negative.
fn marks_arg(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x >= 0.0)
        .ok_or_else(|| "应为不小于 0 的分数（如 100 或 99.5）".to_owned())
}

/// Runs a `contest` subcommand.
pub fn run(ctx: &Context, cmd: &ContestCmd) -> Result<u8, CliError> {
    match cmd {
        ContestCmd::Paper(a) => paper(ctx, a),
        ContestCmd::Score(a) => score(ctx, a),
        ContestCmd::Report {
            results,
            paper,
            full_marks,
            roster,
            depth,
            json,
            output,
        } => {
            if let Some(out) = output {
                let inputs: Vec<PathBuf> = [Some(results.clone()), roster.clone()]
                    .into_iter()
                    .flatten()
                    .chain(paper.iter().flat_map(|d| paper_files(d)))
                    .collect();
                refuse_to_replace(out, inputs.iter().map(PathBuf::as_path))?;
            }
            let full_marks = match (full_marks, paper) {
                (Some(f), _) => *f,
                (None, Some(dir)) => {
                    let (file, _) = load_paper(dir)?;
                    file.rules.full_marks(&file.assembly)
                }
                // clap asks for one of the two first.
                (None, None) => {
                    return Err(CliError::Input(
                        "请用 --paper 指定试卷文件夹，或用 --full-marks 指定满分".into(),
                    ));
                }
            };
            let units = unit_report(results, roster.as_deref(), full_marks, *depth)?;
            show_units(&units, full_marks, *json, output.as_deref())
        }
        ContestCmd::Analyze {
            paper,
            sheets,
            json,
            output,
        } => analyze(ctx, paper, sheets, *json, output.as_deref()),
        ContestCmd::Lottery {
            results,
            seed,
            count,
            min_score,
            min_score_without_speed,
            json,
        } => {
            let bar = match *min_score_without_speed {
                Some(marks) => MinScore::WithoutSpeed(marks),
                None => MinScore::WithSpeed(*min_score),
            };
            lottery(results, seed, *count, bar, *json)
        }
        ContestCmd::Stage { config, log } => stage(config, log),
    }
}

fn paper(ctx: &Context, a: &PaperArgs) -> Result<u8, CliError> {
    // The roster is checked before anything is written.
    let participants = match &a.participants {
        Some(p) => participant_ids(p)?,
        None => Vec::new(),
    };
    let set = ctx.banks()?;
    let text = read(&a.blueprint)?;
    let mut bp = if a.blueprint.extension().is_some_and(|e| e == "json") {
        Blueprint::from_json(&text)
    } else {
        Blueprint::from_yaml(&text)
    }
    .map_err(|e| invalid(&a.blueprint, e))?;
    if let Some(n) = a.forms {
        bp.forms = n;
    }
    let rules = match &a.rules {
        Some(p) => ScoreRules::from_yaml(&read(p)?).map_err(|e| invalid(p, e))?,
        None => ScoreRules::default(),
    };
    let assembly = assemble(&set, &bp, a.seed).map_err(|e| CliError::Input(e.to_string()))?;
    let dir = &a.output;
    // A folder that holds a paper is not written over: its forms and keys may be printed
    // and handed out, and a new paper (another seed, fewer forms) would leave them
    // disagreeing with what scoring reads, or leave files of forms that no longer exist.
    if dir.join("contest.json").exists() {
        return Err(CliError::Input(format!(
            "{}：这个文件夹里已有一份试卷（contest.json）；重新组卷会让已发出的试卷、答案和评分对不上。\
             请换一个文件夹，或确认不再需要后先删除它",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| CliError::io(dir, e))?;

    // A snapshot of every question used, with the sources they cite.
    let mut used: Vec<_> = assembly
        .forms
        .iter()
        .flat_map(|f| f.sections.iter().flat_map(|s| s.questions.iter()))
        .filter_map(|id| set.position(id))
        .collect();
    used.sort_unstable();
    used.dedup();
    let mut sources: BTreeMap<String, Source> = BTreeMap::new();
    for b in set.banks() {
        for s in &b.sources {
            sources.entry(s.id.clone()).or_insert_with(|| s.clone());
        }
    }
    let snapshot = Bank {
        bank: BankInfo {
            id: format!("contest-{}", a.seed),
            title: assembly.title.clone(),
            version: 1,
            sources: sources.into_values().collect(),
        },
        questions: used
            .iter()
            .filter_map(|&i| set.questions().get(i).cloned())
            .collect(),
        events: Vec::new(),
        readings: Vec::new(),
    };
    write_atomic(
        &dir.join("bank.json"),
        serde_json::to_string_pretty(&snapshot)?.as_bytes(),
    )?;
    let file = ContestFile {
        seed: a.seed,
        assembly,
        rules,
    };
    write_atomic(
        &dir.join("contest.json"),
        serde_json::to_string_pretty(&file)?.as_bytes(),
    )?;

    for form in &file.assembly.forms {
        let l = &form.label;
        // The form in authored order: what is printed and what answer sheets follow.
        let canonical = Paper {
            participant: String::new(),
            form: l.clone(),
            items: form
                .sections
                .iter()
                .enumerate()
                .flat_map(|(s, sec)| sec.questions.iter().map(move |q| (s, q)))
                .map(|(section, q)| PaperItem {
                    section,
                    question: q.clone(),
                    order: (0..set.question(q).map_or(0, choice_count))
                        .map(|k| k as u8)
                        .collect(),
                })
                .collect(),
        };
        let view = canonical
            .participant_view(&set, &file.assembly)
            .map_err(|e| CliError::Input(e.to_string()))?;
        let key = canonical
            .key_view(&set)
            .map_err(|e| CliError::Input(e.to_string()))?;
        write_atomic(
            &dir.join(format!("form-{l}.json")),
            serde_json::to_string_pretty(&view)?.as_bytes(),
        )?;
        write_atomic(
            &dir.join(format!("key-{l}.json")),
            serde_json::to_string_pretty(&key)?.as_bytes(),
        )?;
        let printable = form_paper(&set, &file.assembly, form);
        let paper_opts = PrintOptions {
            document: Document::Paper,
            large_print: false,
        };
        let key_opts = PrintOptions {
            document: Document::Key,
            large_print: false,
        };
        write_atomic(
            &dir.join(format!("form-{l}.html")),
            html(&printable, &paper_opts).as_bytes(),
        )?;
        write_atomic(
            &dir.join(format!("key-{l}.html")),
            html(&printable, &key_opts).as_bytes(),
        )?;
        ui::say(&format!(
            "{l} 卷：{} 题，平均难度 {:.2}\n",
            form.len(),
            form.mean_difficulty
        ));
    }
    if !participants.is_empty() {
        let papers = dir.join("papers");
        std::fs::create_dir_all(&papers).map_err(|e| CliError::io(&papers, e))?;
        let mut n = 0;
        for id in &participants {
            let id = id.as_str();
            let personal = Paper::for_participant(&set, &file.assembly, a.seed, id)
                .map_err(|e| CliError::Input(e.to_string()))?;
            let view = personal
                .participant_view(&set, &file.assembly)
                .map_err(|e| CliError::Input(e.to_string()))?;
            write_atomic(
                &papers.join(format!("{id}.json")),
                serde_json::to_string_pretty(&view)?.as_bytes(),
            )?;
            n += 1;
        }
        ui::say(&format!("已生成 {n} 份个人试卷（papers/，不含答案）\n"));
    }
    ui::say(&format!(
        "试卷已写入 {}（contest.json、bank.json、各卷的试卷与答案 JSON/HTML；评分只读取 contest.json 和 bank.json）\n",
        dir.display()
    ));
    Ok(EXIT_OK)
}

/// The participant ids of a roster (first column; a header row is detected), each usable
/// as a file name and none twice.
fn participant_ids(p: &Path) -> Result<Vec<String>, CliError> {
    let mut seen = std::collections::HashMap::new();
    let mut ids = Vec::new();
    for row in table::read_csv(p, &["编号", "参赛编号", "id", "participant"])? {
        let id = row.get(0);
        if id.is_empty() {
            return Err(invalid_row(p, row.line, "第一列（编号）为空"));
        }
        if !id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return Err(invalid_row(
                p,
                row.line,
                &format!("编号“{id}”只能包含字母、数字、- 和 _"),
            ));
        }
        if let Some(first) = seen.insert(id.to_owned(), row.line) {
            return Err(invalid_row(
                p,
                row.line,
                &format!("编号“{id}”与第 {first} 行重复"),
            ));
        }
        ids.push(id.to_owned());
    }
    if ids.is_empty() {
        return Err(invalid(p, "名单中没有参赛者"));
    }
    Ok(ids)
}

fn choice_count(q: &kaotang::bank::Question) -> usize {
    match &q.kind {
        kaotang::bank::QuestionKind::Match { right, .. } => right.len(),
        _ => q.choices().len(),
    }
}

/// Loads a paper folder: the contest file and its question snapshot.
/// The files of a paper folder that scoring reads: `contest.json` and `bank.json`.
fn paper_files(dir: &Path) -> [PathBuf; 2] {
    [dir.join("contest.json"), dir.join("bank.json")]
}

fn load_paper(dir: &Path) -> Result<(ContestFile, BankSet), CliError> {
    let [cpath, bpath] = paper_files(dir);
    let file: ContestFile = serde_json::from_str(&read(&cpath)?).map_err(|e| invalid(&cpath, e))?;
    let set =
        BankSet::load(&[(bpath.display().to_string(), read(&bpath)?)]).map_err(CliError::Banks)?;
    Ok((file, set))
}

/// A spinner counting what a long read has got through ("已读取 1,234,567 张答题卡（3s）"), on a terminal
/// only (hidden when stderr is a file or a pipe). Set its position every few thousand items.
fn counting(what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::new_spinner();
    b.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} 已读取 {{human_pos}} {what}（{{elapsed}}）"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    b
}

/// Streams sheets from CSV or JSON into `each`, reporting bad rows on stderr (they are skipped,
/// never scored as zero). CSV rows are lent, not copied, so memory stays flat.
fn for_each_sheet(
    ctx: &Context,
    path: &Path,
    mut each: impl FnMut(&SheetView<'_>) -> Result<(), SheetError>,
) -> Result<(u64, u64), CliError> {
    let bar = counting("张答题卡");
    let (mut ok, mut bad) = (0u64, 0u64);
    let mut tally = |r: Result<(), SheetError>| {
        match r {
            Ok(()) => ok += 1,
            Err(e) => {
                bad += 1;
                bar.suspend(|| {
                    ui::note(&format!(
                        "{}:{}: {}（此行已跳过）",
                        path.display(),
                        e.row,
                        e.message
                    ));
                });
            }
        }
        if (ok + bad).is_multiple_of(4096) {
            bar.set_position(ok + bad);
        }
    };
    if path.extension().is_some_and(|e| e == "json") {
        let f = File::open(path).map_err(|e| CliError::io(path, e))?;
        let utc_offset = ctx.common.utc_offset.saturating_mul(3600);
        for_each_json_sheet(f, utc_offset, |s| {
            tally(s.and_then(|sheet| each(&sheet.view())))
        })
        .map_err(|e| invalid_row(path, e.row, &e.message))?;
    } else {
        let f = File::open(path).map_err(|e| CliError::io(path, e))?;
        // The reader reads in large chunks itself.
        let mut reader = SheetReader::new(f)
            .map_err(|e| invalid(path, e))?
            .with_utc_offset(ctx.common.utc_offset.saturating_mul(3600));
        if reader.encoding() == SheetEncoding::Gb18030 {
            bar.suspend(|| note_gbk(path));
        }
        while let Some(r) = reader.read_view() {
            tally(r.and_then(|view| each(&view)));
        }
    }
    bar.finish_and_clear();
    Ok((ok, bad))
}

/// The smallest part of a sheet file worth a thread of its own (about 10,000 sheets).
const PARALLEL_MIN_BYTES: u64 = 2 << 20;

/// Scores a sheet file with up to `threads` scorers side by side, each on a part of the file
/// cut at line breaks, finishing its part (the sort by id) on its own thread; the parts are
/// then joined in file order. What comes out is what one scorer reading the whole file
/// gives (the parts' rows are reported with their lines in the file, in file order). A file
/// with quotes before a cut is read again in one piece, since a quoted cell could span the
/// cut.
fn score_sheets<'a>(
    ctx: &Context,
    path: &Path,
    threads: usize,
    new_scorer: impl Fn() -> Result<Scorer<'a>, CliError> + Sync,
) -> Result<(CompactScoring, u64, u64), CliError> {
    let whole = |mut scorer: Scorer<'a>| -> Result<(CompactScoring, u64, u64), CliError> {
        let (ok, bad) = for_each_sheet(ctx, path, |s| scorer.add_view(s))?;
        Ok((scorer.finish_compact(), ok, bad))
    };
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let parts = usize::try_from(size / PARALLEL_MIN_BYTES)
        .unwrap_or(usize::MAX)
        .clamp(1, threads.max(1));
    if parts == 1 || path.extension().is_some_and(|e| e == "json") {
        return whole(new_scorer()?);
    }
    let cuts = line_cuts(path, size, parts)?;
    let open_part = |from: u64, to: u64| -> Result<std::io::Take<File>, CliError> {
        let mut f = File::open(path).map_err(|e| CliError::io(path, e))?;
        f.seek(SeekFrom::Start(from))
            .map_err(|e| CliError::io(path, e))?;
        Ok(f.take(to - from))
    };
    let first = SheetReader::new(open_part(0, cuts[1])?)
        .map_err(|e| invalid(path, e))?
        .with_utc_offset(ctx.common.utc_offset.saturating_mul(3600));
    let mut readers = vec![first];
    for w in cuts.windows(2).skip(1) {
        let part = readers[0].part(open_part(w[0], w[1])?);
        readers.push(part);
    }
    let gbk = readers[0].encoding() == SheetEncoding::Gb18030;
    let last = readers.len() - 1;
    let outcomes = std::thread::scope(|s| {
        let handles: Vec<_> = readers
            .into_iter()
            .enumerate()
            .map(|(k, mut reader)| {
                let new_scorer = &new_scorer;
                s.spawn(move || -> Result<_, CliError> {
                    let mut scorer = new_scorer()?;
                    let (mut ok, mut errors) = (0u64, Vec::new());
                    while let Some(r) = reader.read_view() {
                        match r.and_then(|view| scorer.add_view(&view)) {
                            Ok(()) => ok += 1,
                            Err(e) => errors.push(e),
                        }
                    }
                    // A cut inside a quoted cell (or reading stopped by an error) means
                    // reading the file again (below): no point in sorting this part.
                    let part =
                        (k == last || reader.ended_between_records()).then(|| scorer.finish_part());
                    Ok((part, ok, errors, reader.next_line()))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(CliError::Input("评分线程意外退出".into())))
            })
            .collect::<Result<Vec<_>, CliError>>()
    })?;
    if outcomes.iter().any(|o| o.0.is_none()) {
        // A quoted cell spans a cut: read the file in one piece (which notes the encoding
        // itself).
        drop(outcomes);
        return whole(new_scorer()?);
    }
    if gbk {
        note_gbk(path);
    }
    let (mut total_ok, mut total_bad, mut lines_before) = (0, 0, 0);
    let mut parts = Vec::with_capacity(outcomes.len());
    for (part, ok, errors, next_line) in outcomes {
        for e in &errors {
            ui::note(&format!(
                "{}:{}: {}（此行已跳过）",
                path.display(),
                e.row + lines_before,
                e.message
            ));
        }
        total_ok += ok;
        total_bad += errors.len() as u64;
        lines_before += next_line - 1;
        parts.extend(part);
    }
    // The join by id range, on the threads that scored the parts.
    let scoring = CompactScoring::join_with(parts, &Threads(threads))
        .map_err(|e| CliError::Input(e.to_string()))?;
    Ok((scoring, total_ok, total_bad))
}

/// Tells the organizer that a sheet file was read as GBK (once per file, however it is read).
fn note_gbk(path: &Path) {
    ui::note(&format!(
        "{}：文件不是 UTF-8，已按 GBK/GB18030 编码读取",
        path.display()
    ));
}

/// The core's split work (joining parts by id range, ranking in pieces) on up to this many
/// threads, the calling one included.
struct Threads(usize);

impl Workers for Threads {
    fn width(&self) -> usize {
        self.0
    }

    fn run(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
        std::thread::scope(|s| {
            for k in 1..n {
                // A thread that cannot start leaves its job to the core, which runs it here.
                let _ = std::thread::Builder::new().spawn_scoped(s, move || job(k));
            }
            if n > 0 {
                job(0);
            }
        });
    }
}

/// `parts + 1` offsets from 0 to `size`, the inner ones just after a line break near each
/// `k × size / parts` (fewer parts when lines are too long to cut that often).
fn line_cuts(path: &Path, size: u64, parts: usize) -> Result<Vec<u64>, CliError> {
    let mut f = File::open(path).map_err(|e| CliError::io(path, e))?;
    let mut cuts = vec![0u64];
    let mut buf = vec![0u8; 1 << 16];
    for k in 1..parts as u64 {
        let mut at = (size / parts as u64 * k).max(cuts.last().copied().unwrap_or(0));
        f.seek(SeekFrom::Start(at))
            .map_err(|e| CliError::io(path, e))?;
        let cut = loop {
            let n = f.read(&mut buf).map_err(|e| CliError::io(path, e))?;
            if n == 0 {
                break None;
            }
            if let Some(i) = buf
                .get(..n)
                .and_then(|b| b.iter().position(|&c| c == b'\n'))
            {
                break Some(at + i as u64 + 1);
            }
            at += n as u64;
        };
        match cut {
            Some(c) if c < size && Some(&c) != cuts.last() => cuts.push(c),
            _ => break,
        }
    }
    cuts.push(size);
    Ok(cuts)
}

fn score(ctx: &Context, a: &ScoreArgs) -> Result<u8, CliError> {
    if let Some(out) = &a.output {
        let paper = paper_files(&a.paper);
        let others = [Some(&a.sheets), a.rules.as_ref(), a.ranking.as_ref()];
        let inputs = paper.iter().chain(others.into_iter().flatten());
        refuse_to_replace(out, inputs.map(PathBuf::as_path))?;
    }
    let (file, set) = load_paper(&a.paper)?;
    let rules = match &a.rules {
        Some(p) => ScoreRules::from_yaml(&read(p)?).map_err(|e| invalid(p, e))?,
        None => file.rules.clone(),
    };
    let ranking: RankOptions = match &a.ranking {
        Some(p) => serde_saphyr_like(p)?,
        None => RankOptions::default(),
    };
    crate::memory::return_large_blocks();
    let threads = a.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let (scoring, ok, bad) = score_sheets(ctx, &a.sheets, threads, || {
        Scorer::new(&set, &file.assembly, rules.clone()).map_err(|e| CliError::Input(e.to_string()))
    })?;
    // Nobody to rank: nothing is written, so an earlier results file is not replaced by an
    // empty one.
    if scoring.is_empty() {
        let why = match (ok, bad) {
            (0, 0) => "只有表头，没有答题卡".to_owned(),
            (0, _) => format!("{bad} 行答题卡都未能评分（见上）"),
            _ => format!("{ok} 张答题卡都超出次数上限"),
        };
        return Err(CliError::Input(format!(
            "{}：{why}，没有写出成绩",
            a.sheets.display()
        )));
    }
    let places = rank_compact_with(&scoring, &ranking, &Threads(threads));
    let rows = RankedRows {
        places: &places,
        scoring: &scoring,
        options: &ranking,
    };
    if a.save_to_profile {
        let owned: Vec<ResultRow<'_>> = rows.iter().collect();
        ctx.profile()?.save_contest(
            &file.assembly.title,
            owned.iter().map(|r| (r.result.participant.as_str(), r)),
        )?;
    }
    match &a.output {
        Some(p) if p.extension().is_some_and(|e| e == "json") => write_atomic_with(p, |w| {
            serde_json::to_writer_pretty(&mut *w, &rows).map_err(std::io::Error::other)
        })?,
        Some(p) => table::write_csv(p, |w| results_csv(w, &rows, threads))?,
        None => ui::stream(|w| results_csv(w, &rows, threads)),
    }
    let top = places
        .first()
        .and_then(|p| scoring.get(p.index as usize))
        .map_or(0.0, |r| r.score);
    // Sheets beyond the attempt limit were read but not counted: said, so that the count of
    // valid sheets is not taken for the count scored.
    let ignored = match scoring.ignored {
        0 => String::new(),
        n => format!("，其中 {n} 张超出次数上限未计分"),
    };
    let shown = match ranking.top {
        Some(_) if places.len() < scoring.len() => format!(
            "；按排名设置只写出前 {} 人（共 {} 人；单位统计 contest report 需要全部成绩）",
            places.len(),
            scoring.len()
        ),
        _ => String::new(),
    };
    ui::note(&format!(
        "评分完成：有效答题卡 {ok} 张（{} 人）{ignored}，跳过 {bad} 行；最高分 {top}{shown}",
        scoring.len()
    ));
    Ok(if bad > 0 { EXIT_FAILURE } else { EXIT_OK })
}

/// Reads a YAML config with serde-saphyr, errors naming the file.
fn serde_saphyr_like<T: for<'de> Deserialize<'de>>(p: &Path) -> Result<T, CliError> {
    serde_saphyr::from_str(&read(p)?).map_err(|e| invalid(p, e))
}

/// Appends a CSV cell made of `parts` joined by `sep`, quoted when it must be.
fn csv_cell(out: &mut Vec<u8>, parts: &[&str], sep: &str) {
    let quoted = parts.iter().any(|p| needs_quotes(p)) || (parts.len() > 1 && needs_quotes(sep));
    if quoted {
        out.push(b'"');
    }
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(sep.as_bytes());
        }
        if quoted {
            out.extend_from_slice(p.replace('"', "\"\"").as_bytes());
        } else {
            out.extend_from_slice(p.as_bytes());
        }
    }
    if quoted {
        out.push(b'"');
    }
}

/// Whether a CSV cell holding `s` must be quoted. Bytes, not chars: the four are ASCII, and
/// no byte of another character is ASCII. All four are below `-`, as few bytes of ids and
/// names are, so one comparison a byte (with no early exit, which compiles to wide compares)
/// clears most cells.
#[inline]
fn needs_quotes(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().fold(false, |low, &c| low | (c < b'-'))
        && b.iter().any(|&c| matches!(c, b',' | b'"' | b'\n' | b'\r'))
}

/// Appends `s` as a CSV cell.
#[inline]
fn text_cell(out: &mut Vec<u8>, s: &str) {
    if needs_quotes(s) {
        csv_cell(out, &[s], "");
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// Rows formatted per block (about 400 KB), one block per thread at a time.
const CSV_BLOCK: usize = 1 << 12;

/// The cells a million rows share, formatted once: each unit's path and each form's label.
struct SharedCells {
    units: Vec<Vec<u8>>,
    forms: Vec<Vec<u8>>,
}

impl SharedCells {
    fn new(scoring: &CompactScoring) -> Self {
        Self::of(scoring.units(), scoring.forms())
    }

    fn of(units: &[Arc<[String]>], forms: &[Arc<str>]) -> Self {
        let cell = |parts: &[&str], sep: &str| {
            let mut out = Vec::new();
            csv_cell(&mut out, parts, sep);
            out
        };
        Self {
            units: (units.iter())
                .map(|u| cell(&u.iter().map(String::as_str).collect::<Vec<_>>(), "/"))
                .collect(),
            forms: forms.iter().map(|f| cell(&[f], "")).collect(),
        }
    }
}

/// Writes the results as CSV. Blocks of rows are formatted on `threads` threads (block `k`
/// by thread `k mod threads`, each handing its blocks over in order through a short queue)
/// while this thread writes them in order, so formatting never waits for a write and the
/// bytes do not depend on the thread count.
fn results_csv(w: &mut dyn Write, rows: &RankedRows<'_>, threads: usize) -> std::io::Result<()> {
    w.write_all(
        "名次,并列名次,编号,姓名,单位,试卷,得分,用时加分,答对题数,用时(秒),证书\r\n".as_bytes(),
    )?;
    let cells = &SharedCells::new(rows.scoring);
    let blocks: Vec<&[Place]> = rows.places.chunks(CSV_BLOCK).collect();
    let threads = threads.clamp(1, blocks.len().max(1));
    if threads == 1 {
        for b in blocks {
            w.write_all(&csv_rows(rows, b, cells))?;
        }
        return Ok(());
    }
    std::thread::scope(|s| {
        let queues: Vec<_> = (0..threads)
            .map(|t| {
                let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
                let mine: Vec<&[Place]> = blocks.iter().skip(t).step_by(threads).copied().collect();
                let rows = *rows;
                // A send fails only when the writer has stopped (a write failed): stop too.
                s.spawn(move || {
                    for b in mine {
                        if tx.send(csv_rows(&rows, b, cells)).is_err() {
                            break;
                        }
                    }
                });
                rx
            })
            .collect();
        for k in 0..blocks.len() {
            let block = queues
                .get(k % threads)
                .and_then(|rx| rx.recv().ok())
                .ok_or_else(|| std::io::Error::other("成绩格式化线程意外退出"))?;
            w.write_all(&block)?;
        }
        Ok(())
    })
}

/// Formats the rows of `places` as CSV lines.
fn csv_rows(rows: &RankedRows<'_>, places: &[Place], cells: &SharedCells) -> Vec<u8> {
    let mut out = Vec::with_capacity(places.len() * 96);
    let mut place = places.iter();
    rows.scoring
        .for_many(places.iter().map(|p| p.index as usize), |r| {
            if let Some(place) = place.next() {
                let certificate = rows.options.certificate(r.score);
                csv_row(&mut out, place, &r, certificate, cells);
            }
        });
    out
}

/// Appends one results row.
#[inline]
fn csv_row(
    out: &mut Vec<u8>,
    place: &Place,
    p: &ResultRef<'_>,
    certificate: Option<&str>,
    cells: &SharedCells,
) {
    push_uint(out, place.rank.into());
    out.push(b',');
    push_uint(out, place.dense_rank.into());
    out.push(b',');
    text_cell(out, p.participant);
    out.push(b',');
    text_cell(out, p.name);
    out.push(b',');
    match cells.units.get(p.unit_index as usize) {
        Some(cell) => out.extend_from_slice(cell),
        None => csv_cell(
            out,
            &p.unit.iter().map(String::as_str).collect::<Vec<_>>(),
            "/",
        ),
    }
    out.push(b',');
    match cells.forms.get(usize::from(p.form_index)) {
        Some(cell) => out.extend_from_slice(cell),
        None => text_cell(out, p.form),
    }
    out.push(b',');
    push_score(out, p.score);
    out.push(b',');
    push_score(out, p.speed);
    out.push(b',');
    push_uint(out, p.correct.into());
    out.push(b',');
    if let Some(t) = p.time_used {
        push_uint(out, t.into());
    }
    out.push(b',');
    if let Some(c) = certificate {
        text_cell(out, c);
    }
    out.extend_from_slice(b"\r\n");
}

/// Appends `n` in decimal.
fn push_uint(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    // A byte at a time: a handful of pushes cost less than a call to `memcpy`.
    for &d in digits.get(at..).unwrap_or(&[]) {
        out.push(d);
    }
}

/// Appends a score exactly as `{}` prints it. Scores are whole hundredths, and the shortest
/// decimal of the double nearest k/100 is k/100 itself, so it is written from the integer k
/// (formatting the float is most of the cost of a row); anything else goes through `{}`.
fn push_score(out: &mut Vec<u8>, x: f64) {
    // Adding and taking away 1.5 × 2^52 rounds x × 100 to a whole number when it is below
    // 2^51 (a larger k is 1e15 or more, written by `{}`), without a call to `round`; which
    // way a tie goes does not matter, as a tie is not k/100.
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let k = (x * 100.0 + ROUND) - ROUND;
    if k.abs() >= 1e15 || k / 100.0 != x {
        let _ = write!(out, "{x}");
        return;
    }
    if x.is_sign_negative() {
        out.push(b'-');
    }
    let k = k.abs() as u64;
    push_uint(out, k / 100);
    let cents = k % 100;
    if cents != 0 {
        out.push(b'.');
        out.push(b'0' + (cents / 10) as u8);
        if !cents.is_multiple_of(10) {
            out.push(b'0' + (cents % 10) as u8);
        }
    }
}

/// Whether a command needs the results' 用时加分 (a CSV may have lost the column in Excel):
/// report's 满分 and a lottery's `--min-score-without-speed` look at the score without it.
#[derive(Debug, Clone, Copy)]
enum Speed {
    /// Needed, for the reason given (shown when the column is missing).
    Needed(&'static str),
    /// Not looked at: 0 when the column is missing.
    Optional,
}

/// Where a result is in its file: a CSV line, or the place in the JSON array (from 1).
#[derive(Debug, Clone, Copy)]
enum At {
    Line(u64),
    Item(u64),
}

/// Reads the results `contest score` wrote (成绩.json, or 成绩.csv also after Excel saved it
/// again, in GBK) one result at a time, handing each to `each` with `state`: what a command
/// needs is kept as the results stream past, never the results themselves (ten million of
/// them held whole took 1.8 GB). JSON is told by its opening `[`. An id given twice (two
/// files joined, say) is refused: it would count the participant twice.
fn read_results<T>(
    path: &Path,
    speed: Speed,
    state: T,
    mut each: impl FnMut(&mut T, ParticipantResult),
) -> Result<T, CliError> {
    // Ten million results take seconds: show them being read.
    let bar = counting("条成绩");
    let mut n = 0u64;
    // Each id as a 64-bit hash, sorted once all are read: 8 bytes a result (80 MB at ten
    // million) on top of the few MB the tallies need. Two ids with the same hash would be
    // refused as the same id: about one chance in 400,000 at ten million results.
    let mut hashes: Vec<u64> = Vec::new();
    let each = |state: &mut T, r: ParticipantResult, _: At| {
        hashes.push(id_hash(&r.participant));
        each(state, r);
        n += 1;
        if n.is_multiple_of(4096) {
            bar.set_position(n);
        }
        Ok(())
    };
    let read = read_results_from(path, speed, state, each);
    bar.finish_and_clear();
    let state = read?;
    hashes.sort_unstable();
    match hashes.windows(2).find(|w| w[0] == w[1]) {
        Some(&[twice, _]) => {
            drop(hashes);
            Err(given_twice(path, speed, twice))
        }
        _ => Ok(state),
    }
}

/// The hash [`read_results`] tells ids apart by.
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // `DefaultHasher::new` has fixed keys: the same hash in every run.
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// The error for the id whose hash is `twice`, found by reading the results again (only when
/// an id was given twice): where it came first and where again.
fn given_twice(path: &Path, speed: Speed, twice: u64) -> CliError {
    let mut first = None;
    let found = read_results_from(path, speed, (), |_, r, place| {
        if id_hash(&r.participant) != twice {
            return Ok(());
        }
        let (At::Line(at) | At::Item(at)) = place;
        let Some(first) = first.replace(at) else {
            return Ok(());
        };
        let id = r.participant.as_str();
        Err(match place {
            At::Line(line) => invalid_row(path, line, &format!("编号“{id}”与第 {first} 行重复")),
            At::Item(i) => invalid(
                path,
                format!("第 {i} 条成绩的编号“{id}”与第 {first} 条重复"),
            ),
        })
    });
    match found {
        Err(e) => e,
        // The file changed between the two readings.
        Ok(()) => invalid(
            path,
            "读取时文件有变化：同一编号出现了两次，再读一次时却没有",
        ),
    }
}

/// [`read_results`] without the spinner and the check for ids given twice.
fn read_results_from<T>(
    path: &Path,
    speed: Speed,
    state: T,
    each: impl FnMut(&mut T, ParticipantResult, At) -> Result<(), CliError>,
) -> Result<T, CliError> {
    let file = File::open(path).map_err(|e| CliError::io(path, e))?;
    let mut input = std::io::BufReader::with_capacity(1 << 16, file);
    let mut start = std::io::BufRead::fill_buf(&mut input).map_err(|e| CliError::io(path, e))?;
    // A byte-order mark (Notepad writes one) goes: JSON does not allow it.
    let bom = start.starts_with(table::BOM);
    if bom {
        start = start.get(table::BOM.len()..).unwrap_or_default();
    }
    let first = start.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if bom {
        std::io::BufRead::consume(&mut input, table::BOM.len());
    }
    if first != Some(b'[') {
        return read_results_csv(path, input, speed, state, each);
    }
    let mut stopped = None;
    let mut de = serde_json::Deserializer::from_reader(input);
    serde::Deserializer::deserialize_seq(
        &mut de,
        EachResult {
            state,
            each,
            stopped: &mut stopped,
        },
    )
    .and_then(|r| de.end().map(|()| r))
    .map_err(|e| match (stopped.take(), e.classify()) {
        (Some(stopped), _) => stopped,
        (None, serde_json::error::Category::Io) => CliError::io(path, e.into()),
        (None, _) => invalid(path, format!("应为 contest score 输出的成绩文件：{e}")),
    })
}

/// The columns of `contest score`'s results CSV that make a result, found by name so that
/// columns moved or deleted in Excel still read (编号 and 得分 must be there).
struct ResultColumns {
    id: usize,
    score: usize,
    name: Option<usize>,
    unit: Option<usize>,
    form: Option<usize>,
    speed: Option<usize>,
    correct: Option<usize>,
    time_used: Option<usize>,
}

impl ResultColumns {
    fn of(header: &[String]) -> Option<Self> {
        let at = |name: &str| header.iter().position(|h| h == name);
        Some(Self {
            id: at("编号")?,
            score: at("得分")?,
            name: at("姓名"),
            unit: at("单位"),
            form: at("试卷"),
            speed: at("用时加分"),
            correct: at("答对题数"),
            time_used: at("用时(秒)"),
        })
    }

    /// One row as a result; `Err` says which cell is wrong.
    fn result(&self, cells: &[String]) -> Result<ParticipantResult, String> {
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map_or("", |c| c.trim());
        let number = |i: Option<usize>, what: &str| -> Result<f64, String> {
            match cell(i) {
                "" => Ok(0.0),
                c => c
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| format!("{what}“{c}”不是数字")),
            }
        };
        let id = cell(Some(self.id));
        if id.is_empty() {
            return Err("编号为空".into());
        }
        if cell(Some(self.score)).is_empty() {
            return Err("得分为空".into());
        }
        let count = |i: Option<usize>, what: &str| -> Result<Option<u32>, String> {
            match cell(i) {
                "" => Ok(None),
                c => c
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{what}“{c}”不是非负整数")),
            }
        };
        let unit = cell(self.unit);
        Ok(ParticipantResult {
            participant: id.into(),
            name: cell(self.name).into(),
            unit: if unit.is_empty() {
                Arc::from([])
            } else {
                unit.split('/').map(|s| s.trim().to_owned()).collect()
            },
            form: cell(self.form).into(),
            score: number(Some(self.score), "得分")?,
            speed: number(self.speed, "用时加分")?,
            correct: count(self.correct, "答对题数")?.unwrap_or(0),
            time_used: count(self.time_used, "用时(秒)")?,
            submitted: None,
            attempt: 1,
            sheets: 1,
        })
    }
}

/// [`read_results`] for the CSV: read as it streams, UTF-8 (with or without a byte-order
/// mark) or, as Excel on Chinese Windows saves it, GBK; a row that does not read stops the
/// command with its line (figures from a damaged file would be wrong, not short).
fn read_results_csv<T>(
    path: &Path,
    input: impl std::io::BufRead,
    speed: Speed,
    mut state: T,
    mut each: impl FnMut(&mut T, ParticipantResult, At) -> Result<(), CliError>,
) -> Result<T, CliError> {
    let mut records = table::Records::new(input);
    let mut cells: Vec<String> = Vec::new();
    let mut columns: Option<ResultColumns> = None;
    let mut first = true;
    // Decided by the first row that is not ASCII (the header is not).
    let mut gbk: Option<bool> = None;
    while let Some(record) = records.next().map_err(|e| CliError::io(path, e))? {
        let line = record.line;
        cells.clear();
        for (i, field) in record.fields().enumerate() {
            let field = if i == 0 && first {
                field.strip_prefix(table::BOM).unwrap_or(field)
            } else {
                field
            };
            if gbk.is_none() && !field.is_ascii() {
                gbk = Some(std::str::from_utf8(field).is_err());
            }
            let text = if gbk == Some(true) {
                encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(field)
                    .map(std::borrow::Cow::into_owned)
            } else {
                std::str::from_utf8(field).ok().map(str::to_owned)
            };
            cells.push(
                text.ok_or_else(|| invalid_row(path, line, "既不是 UTF-8 也不是 GBK 编码的文本"))?,
            );
        }
        first = false;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match &columns {
            Some(c) => each(
                &mut state,
                c.result(&cells).map_err(|m| invalid_row(path, line, &m))?,
                At::Line(line),
            )?,
            None => {
                let header: Vec<String> = cells.iter().map(|c| c.trim().to_owned()).collect();
                let found = ResultColumns::of(&header).ok_or_else(|| {
                    invalid_row(
                        path,
                        line,
                        "应为 contest score 输出的成绩文件（成绩.json，或表头有“编号”“得分”列的 成绩.csv）",
                    )
                })?;
                if let (Speed::Needed(why), None) = (speed, found.speed) {
                    return Err(invalid_row(
                        path,
                        line,
                        &format!(
                            "没有“用时加分”列：{why}，缺了这一列无法判断（请用 contest score 输出的成绩文件，或把这一列加回来）"
                        ),
                    ));
                }
                columns = Some(found);
            }
        }
    }
    if columns.is_none() {
        return Err(invalid_row(
            path,
            1,
            "是空文件，不是 contest score 输出的成绩文件",
        ));
    }
    Ok(state)
}

/// The array of results, read for [`read_results`]; `stopped` gets the error that stopped it.
struct EachResult<'s, T, F> {
    state: T,
    each: F,
    stopped: &'s mut Option<CliError>,
}

impl<'de, T, F> serde::de::Visitor<'de> for EachResult<'_, T, F>
where
    F: FnMut(&mut T, ParticipantResult, At) -> Result<(), CliError>,
{
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("成绩数组")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let Self {
            mut state,
            mut each,
            stopped,
        } = self;
        let mut item = 0u64;
        while let Some(r) = seq.next_element::<ParticipantResult>()? {
            item += 1;
            if let Err(e) = each(&mut state, r, At::Item(item)) {
                *stopped = Some(e);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(state)
    }
}

/// Units in rank order, with their rank.
struct RankedUnits {
    units: Vec<kaotang::contest::UnitStats>,
    order: Vec<(u32, usize)>,
}

impl RankedUnits {
    fn iter(&self) -> impl Iterator<Item = (u32, &kaotang::contest::UnitStats)> {
        self.order
            .iter()
            .filter_map(|&(rank, i)| self.units.get(i).map(|u| (rank, u)))
    }
}

/// Stands for a unit level a participant did not give (see [`unit_report`]).
const UNFILLED: &str = "（未填）";

/// Unit statistics ranked at `depth`. A participant whose unit has fewer levels than `depth`
/// (none at all, or only the district at the 单位 level) is counted in that unit with
/// [`UNFILLED`] for each missing level, so the ranked units hold every participant once and
/// the units above them have the figures they had.
fn unit_report(
    results: &Path,
    roster: Option<&Path>,
    full_marks: f64,
    depth: usize,
) -> Result<RankedUnits, CliError> {
    let mut entries = Vec::new();
    let mut lines: std::collections::HashMap<Vec<String>, u64> = std::collections::HashMap::new();
    if let Some(p) = roster {
        for row in table::read_csv(p, &["单位", "人数", "应参赛人数", "unit", "headcount"])?
        {
            let (unit, count) = (row.get(0), row.get(1));
            if unit.is_empty() || row.fields.len() < 2 {
                return Err(invalid_row(p, row.line, "应为“单位,人数”"));
            }
            let headcount = count
                .parse()
                .map_err(|_| invalid_row(p, row.line, &format!("人数“{count}”不是整数")))?;
            let unit: Vec<String> = unit.split('/').map(|s| s.trim().to_owned()).collect();
            // Two lines for one unit: which headcount is right cannot be told.
            if let Some(first) = lines.insert(unit.clone(), row.line) {
                return Err(invalid_row(
                    p,
                    row.line,
                    &format!("单位“{}”与第 {first} 行重复", unit.join("/")),
                ));
            }
            entries.push(RosterEntry { unit, headcount });
        }
    }
    let options = UnitOptions {
        full_marks,
        ..UnitOptions::default()
    };
    let speed = Speed::Needed("满分按不含用时加分的得分判断");
    // The padded path of each unit that is short of `depth`, made once.
    let mut padded: std::collections::HashMap<Arc<[String]>, Arc<[String]>> =
        std::collections::HashMap::new();
    let tally = read_results(results, speed, UnitTally::new(options), |t, mut r| {
        if r.unit.len() < depth {
            let unit = padded.entry(Arc::clone(&r.unit)).or_insert_with(|| {
                let mut unit = r.unit.to_vec();
                unit.resize(depth, UNFILLED.to_owned());
                unit.into()
            });
            r.unit = Arc::clone(unit);
        }
        t.add(&r);
    })?;
    let units = tally.finish(&entries);
    let order = rank_units(
        &units,
        depth,
        &[UnitCriterion::Participation, UnitCriterion::Mean],
    );
    Ok(RankedUnits { units, order })
}

/// A unit's participation as a whole percentage, "—" without a headcount: computed from the
/// counts (3 of 24 is 12.5 exactly, shown 13%), not from the rate times 100.
fn percent(u: &kaotang::contest::UnitStats) -> String {
    match u.headcount.filter(|_| u.participation.is_some()) {
        Some(h) => format!(
            "{}%",
            ui::decimal(f64::from(u.participants) * 100.0 / f64::from(h), 0)
        ),
        None => "—".to_owned(),
    }
}

fn show_units(
    ranked: &RankedUnits,
    full_marks: f64,
    json: bool,
    output: Option<&Path>,
) -> Result<u8, CliError> {
    if let Some(p) = output {
        table::write_csv(p, |w| {
            w.write_all(
                "名次,单位,参赛人数,应参赛人数,参赛率,平均分,中位数,满分人数\r\n".as_bytes(),
            )?;
            for (rank, u) in ranked.iter() {
                let fields = [
                    rank.to_string(),
                    u.path.join("/"),
                    u.participants.to_string(),
                    u.headcount.map_or(String::new(), |h| h.to_string()),
                    u.participation.map_or(String::new(), |p| ui::decimal(p, 4)),
                    ui::decimal(u.mean, 2),
                    ui::decimal(u.median, 2),
                    u.perfect.to_string(),
                ];
                table::write_record(w, &fields)?;
            }
            Ok(())
        })?;
        ui::note(&format!("已写入 {}", p.display()));
        return Ok(EXIT_OK);
    }
    if json {
        let v: Vec<_> = ranked
            .iter()
            .map(|(rank, u)| serde_json::json!({ "rank": rank, "unit": u }))
            .collect();
        ui::say_line(&serde_json::to_string_pretty(&v)?);
        return Ok(EXIT_OK);
    }
    ui::say(&format!("满分：{full_marks} 分（不含用时加分）\n"));
    let rows: Vec<Vec<String>> = ranked
        .iter()
        .map(|(rank, u)| {
            vec![
                rank.to_string(),
                ui::unit_name(&u.path),
                u.participants.to_string(),
                u.headcount.map_or("—".to_owned(), |h| h.to_string()),
                percent(u),
                ui::decimal(u.mean, 1),
                ui::decimal(u.median, 1),
                u.perfect.to_string(),
            ]
        })
        .collect();
    ui::say(&ui::table(
        &[
            ("名次", Align::Right),
            ("单位", Align::Left),
            ("参赛", Align::Right),
            ("应参赛", Align::Right),
            ("参赛率", Align::Right),
            ("平均分", Align::Right),
            ("中位数", Align::Right),
            ("满分", Align::Right),
        ],
        &rows,
    ));
    if let Some(all) = ranked.units.iter().find(|u| u.path.is_empty()) {
        ui::say(&format!("\n全部参赛者：{} 人\n", all.participants));
    }
    Ok(EXIT_OK)
}

fn analyze(
    ctx: &Context,
    paper: &Path,
    sheets: &Path,
    json: bool,
    output: Option<&Path>,
) -> Result<u8, CliError> {
    if let Some(out) = output {
        let [contest, bank] = paper_files(paper);
        refuse_to_replace(out, [sheets, &contest, &bank])?;
    }
    let (file, set) = load_paper(paper)?;
    let mut scorer = Scorer::new(&set, &file.assembly, file.rules.clone())
        .map_err(|e| CliError::Input(e.to_string()))?
        .analysis_only();
    let (_, skipped) = for_each_sheet(ctx, sheets, |s| scorer.add_view(s))?;
    // Skipped rows fail the command, as in `contest score`: the analysis is of fewer sheets.
    let exit = if skipped > 0 { EXIT_FAILURE } else { EXIT_OK };
    let reports: Vec<_> = scorer
        .finish_analysis()
        .iter()
        .map(|(form, a)| (form.clone(), a.report(&AnalysisOptions::default())))
        .collect();
    if let Some(p) = output.filter(|p| p.extension().is_some_and(|e| e == "csv")) {
        table::write_csv(p, |w| {
            w.write_all(
                "试卷,题目编号,题干,未作答人数,通过率,区分度,建议难度,需复查,选项分布\r\n"
                    .as_bytes(),
            )?;
            // A form nobody sat has no statistics (see the text output).
            for (form, r) in reports.iter().filter(|(_, r)| r.paper.sheets > 0) {
                for i in &r.items {
                    let stem = set.question(&i.question).map_or("", |q| q.stem.as_str());
                    let fields = [
                        form.clone(),
                        i.question.to_string(),
                        stem.to_owned(),
                        i.unanswered.to_string(),
                        format!("{:.3}", i.facility),
                        i.discrimination
                            .map_or(String::new(), |d| format!("{d:.3}")),
                        i.suggested_difficulty.to_string(),
                        flag_names(&i.flags).join("、"),
                        option_counts(&i.options),
                    ];
                    table::write_record(w, &fields)?;
                }
            }
            Ok(())
        })?;
        ui::note(&format!("已写入 {}", p.display()));
        return Ok(EXIT_OK);
    }
    if json || output.is_some() {
        let v: Vec<_> = reports
            .iter()
            .map(|(f, r)| serde_json::json!({ "form": f, "report": r }))
            .collect();
        let text = serde_json::to_string_pretty(&v)?;
        match output {
            Some(p) => write_atomic(p, text.as_bytes())?,
            None => ui::say_line(&text),
        }
        return Ok(exit);
    }
    for (form, r) in &reports {
        if r.paper.sheets == 0 {
            ui::say(&format!("【{form} 卷】没有答题卡，不作分析。\n"));
            continue;
        }
        let alpha = r.paper.alpha.map_or("—".to_owned(), |a| format!("{a:.2}"));
        ui::say(&format!(
            "【{form} 卷】答题卡 {} 张，平均分 {:.1}，标准差 {:.1}，信度（α）{alpha}\n",
            r.paper.sheets, r.paper.mean, r.paper.sd
        ));
        let flagged: Vec<_> = r.items.iter().filter(|i| !i.flags.is_empty()).collect();
        if flagged.is_empty() {
            ui::say("没有需要复查的题目。\n");
        }
        for i in flagged {
            let stem = set.question(&i.question).map_or("", |q| q.stem.as_str());
            let why = flag_names(&i.flags);
            let d = i
                .discrimination
                .map_or("—".to_owned(), |d| format!("{d:.2}"));
            ui::say(&format!(
                "· {} {stem}\n  通过率 {:.0}%，区分度 {d}，建议难度 {}：{}\n",
                i.question,
                i.facility * 100.0,
                i.suggested_difficulty,
                why.join("、")
            ));
            if !i.options.is_empty() {
                ui::say(&format!("  选项分布：{}\n", option_counts(&i.options)));
            }
        }
    }
    if skipped > 0 {
        ui::say(&format!(
            "有 {skipped} 行答题卡被跳过（见上），分析未包括它们。\n"
        ));
    }
    Ok(exit)
}

/// How many chose each option, as `A 3；B 1；C 0`: empty for questions without options
/// (judge, order, match, fill).
fn option_counts(options: &[u64]) -> String {
    options
        .iter()
        .zip('A'..)
        .map(|(n, letter)| format!("{letter} {n}"))
        .collect::<Vec<_>>()
        .join("；")
}

fn flag_names(flags: &[kaotang::contest::ItemFlag]) -> Vec<&'static str> {
    flags
        .iter()
        .map(|f| match f {
            kaotang::contest::ItemFlag::NegativeDiscrimination => "区分度为负（可能答案有误）",
            kaotang::contest::ItemFlag::LowDiscrimination => "区分度低",
            kaotang::contest::ItemFlag::TooEasy => "过易",
            kaotang::contest::ItemFlag::TooHard => "过难",
        })
        .collect()
}

/// Who may win a lottery.
#[derive(Debug, Clone, Copy)]
enum MinScore {
    /// `--min-score`: the score as written, speed points included.
    WithSpeed(f64),
    /// `--min-score-without-speed`: the score without speed points, as report's 满分.
    WithoutSpeed(f64),
}

fn lottery(
    results: &Path,
    seed: &str,
    count: usize,
    min_score: MinScore,
    json: bool,
) -> Result<u8, CliError> {
    let speed = match min_score {
        MinScore::WithSpeed(_) => Speed::Optional,
        MinScore::WithoutSpeed(_) => {
            Speed::Needed("--min-score-without-speed 比较的是不含用时加分的得分")
        }
    };
    let eligible = read_results(results, speed, Vec::new(), |ids, r| {
        let qualifies = match min_score {
            MinScore::WithSpeed(min) => r.score >= min,
            MinScore::WithoutSpeed(min) => r.reaches_without_speed(min),
        };
        if qualifies {
            ids.push(r.participant);
        }
    })?;
    let l = draw(&eligible, count, seed);
    drop(eligible);
    if json {
        ui::say_line(&serde_json::to_string_pretty(&l)?);
        return Ok(EXIT_OK);
    }
    let bar = match min_score {
        MinScore::WithSpeed(min) => format!("{min} 分及以上，含用时加分"),
        MinScore::WithoutSpeed(min) => format!("不含用时加分 {min} 分及以上"),
    };
    ui::say(&format!(
        "公开种子：{}\n合格人数（{bar}）：{}\n获奖者：\n",
        l.public_seed, l.pool
    ));
    // The winners' names and units: the file read again, keeping only theirs.
    let wanted: BTreeMap<&str, String> = l
        .winners
        .iter()
        .map(|w| (w.as_str(), String::new()))
        .collect();
    let names = read_results(results, speed, wanted, |names, r| {
        if let Some(who) = names.get_mut(r.participant.as_str()) {
            *who = format!(" {} {}", r.name, r.unit.join("/"));
        }
    })?;
    for (i, w) in l.winners.iter().enumerate() {
        let who = names.get(w.as_str()).map_or("", String::as_str);
        ui::say(&format!("{:>3}. {w}{who}\n", i + 1));
    }
    ui::say("任何人用同一名单和同一种子运行本命令，都会得到相同的结果。\n");
    Ok(EXIT_OK)
}

/// Parses one console line into a stage event; `Ok(None)` for board/quit/blank.
fn stage_event(line: &str) -> Result<Option<StageEvent>, String> {
    let parts: Vec<&str> = line.split_whitespace().collect();
    let team = |i: usize| {
        parts
            .get(i)
            .map(|s| (*s).to_owned())
            .ok_or_else(|| "缺少队伍编号".to_owned())
    };
    let num = |i: usize| -> Result<i64, String> {
        parts
            .get(i)
            .ok_or_else(|| "缺少数字".to_owned())?
            .parse::<i64>()
            .map_err(|_| format!("“{}”不是整数", parts[i]))
    };
    Ok(Some(match parts.first().copied().unwrap_or("") {
        "start" | "开始" => StageEvent::StartRound {
            round: usize::try_from(num(1)?)
                .ok()
                .and_then(|n| n.checked_sub(1))
                .ok_or("轮次从 1 开始")?,
        },
        "question" | "出题" => StageEvent::Question {
            question: parts.get(1).map(|s| (*s).into()),
        },
        "go" | "抢答" => StageEvent::Go,
        "buzz" | "抢" => StageEvent::Buzz { team: team(1)? },
        "pick" | "选" => StageEvent::Pick {
            team: team(1)?,
            tier: num(2)?,
            question: parts.get(3).map(|s| (*s).into()),
        },
        "pass" | "放弃" => StageEvent::Pass { team: team(1)? },
        "right" | "对" => StageEvent::Answer {
            team: team(1)?,
            correct: true,
        },
        "wrong" | "错" => StageEvent::Answer {
            team: team(1)?,
            correct: false,
        },
        "audience" | "观众" => StageEvent::Audience,
        "adjust" | "调整" => StageEvent::Adjust {
            team: team(1)?,
            points: num(2)?,
            reason: parts.get(3..).map(|p| p.join(" ")).unwrap_or_default(),
        },
        "undo" | "撤销" => StageEvent::Undo,
        "" | "board" | "比分" | "quit" | "退出" => return Ok(None),
        other => {
            return Err(format!(
                "未知操作“{other}”（help 见 kaotang contest stage --help）"
            ));
        }
    }))
}

fn show_board(stage: &Stage) {
    ui::say(&format!("—— 比分（当前：{}）——\n", stage.round_label()));
    let rows: Vec<Vec<String>> = stage
        .scoreboard()
        .iter()
        .map(|t| {
            vec![
                format!("第{}名", t.rank),
                t.name.clone(),
                t.score.to_string(),
            ]
        })
        .collect();
    ui::say(&ui::table(
        &[
            ("名次", Align::Left),
            ("队伍", Align::Left),
            ("得分", Align::Right),
        ],
        &rows,
    ));
}

/// Reads a stage log back, repairing what a crash or a hand edit left: glued events are split,
/// a torn last line is set aside. A repaired log is first copied to a backup, then rewritten
/// atomically, so events appended afterwards start on a line of their own.
fn recover_stage_log(log: &Path, text: &str) -> Result<Vec<StageEvent>, CliError> {
    let recovered = recover_log(text).map_err(|e| invalid(log, e))?;
    if !recovered.needs_rewrite {
        return Ok(recovered.events);
    }
    let backup = (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(".{n}")
            };
            PathBuf::from(format!("{}.bak{suffix}", log.display()))
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| log.with_extension("bak"));
    write_atomic(&backup, text.as_bytes())?;
    write_atomic(log, recovered.text().as_bytes())?;
    for line in &recovered.glued_lines {
        ui::say(&format!("日志第 {line} 行有几个事件连在一起，已分成多行\n"));
    }
    if let Some((line, torn)) = &recovered.torn {
        ui::say(&format!(
            "日志最后一行（第 {line} 行）不完整，已略去：{}\n",
            kaotang::bank::echo(torn)
        ));
    }
    ui::say(&format!("日志已修复，原文件备份在 {}\n", backup.display()));
    Ok(recovered.events)
}

fn stage(config: &Path, log: &Path) -> Result<u8, CliError> {
    let cfg = StageConfig::from_yaml(&read(config)?).map_err(|e| invalid(config, e))?;
    let events = match std::fs::read_to_string(log) {
        Ok(text) => recover_stage_log(log, &text)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(CliError::io(log, e)),
    };
    let resumed = events.len();
    let mut stage = Stage::replay(cfg, events)
        .map_err(|(i, e)| invalid(log, format!("第 {} 个事件无法重放：{e}", i + 1)))?;
    ui::say(&format!(
        "{}：{}\n",
        stage.config().title,
        if resumed > 0 {
            format!("已从日志恢复 {resumed} 个事件")
        } else {
            "新的比赛".to_owned()
        }
    ));
    show_board(&stage);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| CliError::io(log, e))?;
    let input = Input::stdin();
    loop {
        ui::say("主持> ");
        let line = match input.line(None) {
            Line::Text(t) => t,
            Line::Eof | Line::Timeout => break,
        };
        if !input.interactive {
            ui::say(&format!("{line}\n"));
        }
        let line = line.trim();
        if matches!(line, "quit" | "退出") {
            break;
        }
        let event = match stage_event(line) {
            Ok(Some(e)) => e,
            Ok(None) => {
                show_board(&stage);
                continue;
            }
            Err(m) => {
                ui::say(&format!("{m}\n"));
                continue;
            }
        };
        match stage.apply(event.clone()) {
            Ok(()) => {
                // Logged and synced before the board changes on screen: a crash loses nothing
                // shown. One write of the whole line, so a crash tears at most the last line.
                let line = serde_json::to_string(&event)? + "\n";
                file.write_all(line.as_bytes())
                    .and_then(|()| file.sync_data())
                    .map_err(|e| CliError::io(log, e))?;
                show_board(&stage);
            }
            Err(e) => ui::say(&format!("不能执行：{e}\n")),
        }
    }
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaotang::contest::Certificate;

    #[test]
    fn scores_and_counts_are_written_as_display_writes_them() {
        let mut values: Vec<f64> = (-30_000..30_000).map(|k| f64::from(k) / 100.0).collect();
        values.extend([
            -0.0,
            0.1 + 0.2,
            1.0 / 3.0,
            1e15,
            123_456_789.12,
            f64::NAN,
            f64::INFINITY,
        ]);
        for x in values {
            let mut out = Vec::new();
            push_score(&mut out, x);
            assert_eq!(String::from_utf8(out).unwrap_or_default(), format!("{x}"));
        }
        for n in [0, 7, 10, 99, 100, 4_294_967_295, u64::MAX] {
            let mut out = Vec::new();
            push_uint(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap_or_default(), n.to_string());
        }
    }

    /// Rows come out as the general CSV writer writes the same fields: cells quoted when
    /// they hold a comma, quote, CR or LF (quotes doubled), whichever field it is in, unit
    /// paths and forms from the shared cells or (for an index they lack) formatted in place.
    #[test]
    fn rows_are_written_as_the_csv_writer_writes_them() {
        let text = [
            "p1",
            "p,2",
            "\"q\"",
            "学员甲",
            "a\r\nb",
            "",
            "-",
            "x y",
            "a\nb",
            "+*)",
            "，",
        ];
        let units: Vec<Arc<[String]>> = [
            &["区1", "单位2", "支部3"][..],
            &["区,1", "单位\"2\""],
            &[],
            &["a\rb"],
            &["区1"],
        ]
        .iter()
        .map(|u| u.iter().map(|s| s.to_string()).collect())
        .collect();
        let forms: Vec<Arc<str>> = vec!["A".into(), "B,\"1\"".into(), "".into()];
        let cells = SharedCells::of(&units, &forms);
        let options = RankOptions {
            certificates: vec![
                Certificate {
                    name: "一等奖".into(),
                    min_score: 90.0,
                },
                Certificate {
                    name: "二,等\"奖".into(),
                    min_score: 50.0,
                },
            ],
            ..RankOptions::default()
        };
        for i in 0..300usize {
            // An index past the shared cells half the time it is odd.
            let (u, f) = (i % units.len(), i % forms.len());
            let (unit_index, form_index) = if i % 4 == 1 {
                (u32::MAX, u16::MAX)
            } else {
                (u as u32, f as u16)
            };
            let r = ResultRef {
                participant: text[i % text.len()],
                name: text[(i * 7 + 3) % text.len()],
                unit: &units[u],
                unit_index,
                form: &forms[f],
                form_index,
                score: [98.5, 60.0, 0.0, -1.25, 1.0 / 3.0, 49.99][i % 6],
                speed: [0.0, 4.17, 0.1][i % 3],
                correct: i as u32,
                time_used: (i % 5 != 0).then_some(i as u32 * 11),
                submitted: None,
                attempt: 1,
                sheets: 1,
            };
            let place = Place {
                index: i as u32,
                rank: i as u32 + 1,
                dense_rank: i as u32 / 2 + 1,
            };
            let certificate = options.certificate(r.score);
            let mut got = Vec::new();
            csv_row(&mut got, &place, &r, certificate, &cells);
            let fields = [
                place.rank.to_string(),
                place.dense_rank.to_string(),
                r.participant.to_owned(),
                r.name.to_owned(),
                r.unit.join("/"),
                r.form.to_string(),
                r.score.to_string(),
                r.speed.to_string(),
                r.correct.to_string(),
                r.time_used.map_or(String::new(), |t| t.to_string()),
                certificate.unwrap_or("").to_owned(),
            ];
            let mut want = Vec::new();
            crate::table::write_record(&mut want, &fields).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want),
                "row {i}"
            );
        }
    }
}
