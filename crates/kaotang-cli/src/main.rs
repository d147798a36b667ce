//! `kaotang` (考堂): Party-history drills, quizzes and contests in the terminal.

mod banks;
mod cmd;
mod context;
mod drive;
mod editor;
mod error;
mod fsio;
mod memory;
mod profile;
mod table;
mod ui;
mod usage;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use clap_complete::Shell;
use kaotang::time::Date;

use crate::cmd::learn::{self, DrillArgs, WrongbookCmd, parse_duration};
use crate::cmd::scope::Scope;
use crate::context::{Common, Context};
use crate::error::{CliError, EXIT_OK, EXIT_USAGE};

/// 考堂：党史学习与知识竞赛
#[derive(Debug, Parser)]
#[command(name = "kaotang", version, long_about = None, disable_help_subcommand = true)]
#[command(
    after_help = "退出码：0 成功；1 失败（题库或输入文件有误、读写失败、有被跳过的答题卡行、没有符合条件的题目）；2 命令行用法错误；130 按 Ctrl-C 中断（已答的题都已保存）

学习档案默认保存在平台数据目录（如 ~/.local/share/kaotang/profile.sqlite），可用 --profile 或环境变量 KAOTANG_PROFILE 指定。
每答一题都立即保存；Ctrl-C 随时退出，不会丢失记录。不在终端中运行时，答案按行从标准输入读取。

示例：
  kaotang today                      党史上的今天、天天读、每日一题
  kaotang drill                      每日答题（FSRS 间隔重复）
  kaotang challenge                  挑战答题
  kaotang exam --count 10 --time-limit 5m
  kaotang practice --period 新时代 --tag 脱贫攻坚
  kaotang wrongbook list
  kaotang plan --until 2027-06-30
  kaotang progress
  kaotang contest paper --blueprint question-banks/blueprints/chusai.yaml --seed 2021 -o 初赛
  kaotang bank check question-banks/
  kaotang print --count 20 --seed 2021 -o 练习卷.html"
)]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 党史上的今天、天天读和每日一题
    #[command(
        after_help = "示例：\n  kaotang today\n  kaotang today --date 2021-07-01\n  kaotang today --json"
    )]
    Today {
        /// 输出 JSON（不作答）
        #[arg(long)]
        json: bool,
    },
    /// 每日答题：到期复习 + 新题（FSRS 间隔重复）
    #[command(
        after_help = "示例：\n  kaotang drill\n  kaotang drill --new 10 --period 新民主主义\n  kaotang drill --ahead 3      提前学习（不影响复习计划）\n  kaotang drill --cram --tag 长征"
    )]
    Drill(DrillArgs),
    /// 挑战答题：答错即结束，可复活
    #[command(
        after_help = "示例：\n  kaotang challenge\n  kaotang challenge --revives 0 --period 改革开放"
    )]
    Challenge {
        /// 复活次数
        #[arg(long, default_value_t = 1)]
        revives: u32,
        /// 允许查看提示（默认关闭；看过提示的题不计积分）
        #[arg(long)]
        hints: bool,
        #[command(flatten)]
        scope: Scope,
    },
    /// 微考堂：限时小测，满分 100，时间到自动交卷
    #[command(
        after_help = "示例：\n  kaotang exam\n  kaotang exam --count 20 --time-limit 10m --period 新时代"
    )]
    Exam {
        /// 题目数量
        #[arg(long, default_value_t = 10)]
        count: u32,
        /// 时限（如 5m、90s；只写数字表示分钟）
        #[arg(long, value_parser = parse_duration, default_value = "5m")]
        time_limit: u32,
        /// 允许查看提示（默认关闭；看过提示的题不计积分）
        #[arg(long)]
        hints: bool,
        #[command(flatten)]
        scope: Scope,
    },
    /// 专项答题：按时期或标签练习（不影响复习计划）
    #[command(
        after_help = "示例：\n  kaotang practice --period 新民主主义 --tag 遵义会议\n  kaotang practice --tag 精神谱系 --shuffle"
    )]
    Practice {
        /// 题目数量
        #[arg(long, default_value_t = 20)]
        count: u32,
        /// 随机顺序（默认按历史顺序、由易到难）
        #[arg(long)]
        shuffle: bool,
        #[command(flatten)]
        scope: Scope,
    },
    /// 错题本：列出、重做、导出
    #[command(subcommand)]
    Wrongbook(WrongbookCmd),
    /// 学习计划：在截止日期前学完范围内的题目
    #[command(
        after_help = "示例：\n  kaotang plan --until 2027-06-30\n  kaotang plan --until 2027-06-30 --minutes 30 --period 新时代 --start"
    )]
    Plan {
        /// 截止日期（如复赛日期）
        #[arg(long, value_name = "YYYY-MM-DD")]
        until: Date,
        /// 每天的学习时间（分钟）
        #[arg(long, default_value_t = 20)]
        minutes: u32,
        /// 立即开始今天的学习
        #[arg(long)]
        start: bool,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        scope: Scope,
    },
    /// 学习进度：连续天数、积分、各时期正确率与记忆保持率、未来 14 天复习量
    #[command(
        after_help = "示例：\n  kaotang progress\n  kaotang progress --json\n  kaotang progress --org 成员.csv     按单位汇总（CSV：学员,单位路径）"
    )]
    Progress {
        /// 按单位汇总档案中所有学员（CSV 文件：学员,单位路径，如 张三,城关区/区委办/第一支部）
        #[arg(long, value_name = "CSV")]
        org: Option<PathBuf>,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// 知识竞赛：组卷、评分、单位统计、试题分析、抽奖、现场赛
    #[command(subcommand)]
    Contest(cmd::contest::ContestCmd),
    /// 学习档案：位置、学员、导出、导入、完整性检查
    #[command(subcommand)]
    Profile(cmd::profile::ProfileCmd),
    /// 题库：检查、统计、导入、导出、繁体转换
    #[command(subcommand)]
    Bank(cmd::bank::BankCmd),
    /// 打印：从题库抽题生成纸质练习卷或参考答案（HTML / Markdown）
    Print(cmd::print::PrintArgs),
    /// 生成 shell 补全脚本
    #[command(
        after_help = "示例：\n  kaotang completions bash > ~/.local/share/bash-completion/completions/kaotang"
    )]
    Completions {
        /// bash、zsh 或 fish
        shell: Shell,
    },
}

/// Whether a command reads question banks (and so can take `--bank`).
fn reads_banks(command: &Command) -> bool {
    match command {
        Command::Contest(c) => matches!(c, cmd::contest::ContestCmd::Paper(_)),
        Command::Bank(c) => !matches!(c, cmd::bank::BankCmd::Import(_)),
        Command::Profile(_) | Command::Completions { .. } => false,
        _ => true,
    }
}

fn run(cli: Cli) -> Result<u8, CliError> {
    // `--bank` where no bank is read would be silently ignored: say so instead.
    if !cli.common.banks.is_empty() && !reads_banks(&cli.command) {
        return Err(CliError::Usage(
            "这条命令不读取题库，--bank 在这里不起作用，请去掉 --bank（试卷文件夹自带题库；bank import 读的是要导入的文件）".to_owned(),
        ));
    }
    let ctx = Context::new(cli.common);
    match cli.command {
        Command::Today { json } => learn::today_cmd(ctx, json),
        Command::Drill(a) => learn::drill(ctx, &a),
        Command::Challenge {
            revives,
            hints,
            scope,
        } => learn::challenge(ctx, revives, hints, &scope),
        Command::Exam {
            count,
            time_limit,
            hints,
            scope,
        } => learn::exam(ctx, count, time_limit, hints, &scope),
        Command::Practice {
            count,
            shuffle,
            scope,
        } => learn::practice(ctx, count, shuffle, &scope),
        Command::Wrongbook(c) => learn::wrongbook(ctx, &c),
        Command::Plan {
            until,
            minutes,
            start,
            json,
            scope,
        } => learn::plan(ctx, until, minutes, start, &scope, json),
        Command::Progress { org, json } => learn::progress(ctx, org.as_ref(), json),
        Command::Contest(c) => cmd::contest::run(&ctx, &c),
        Command::Profile(c) => cmd::profile::run(&ctx, &c),
        Command::Bank(c) => cmd::bank::run(&ctx, c),
        Command::Print(a) => cmd::print::run(&ctx, a),
        Command::Completions { shell } => {
            // Generated in memory: clap_complete panics when its writer fails.
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut usage::localize(Cli::command()),
                "kaotang",
                &mut script,
            );
            ui::stream(|w| w.write_all(&script));
            Ok(EXIT_OK)
        }
    }
}

fn main() -> ExitCode {
    let parsed = usage::localize(Cli::command())
        .try_get_matches()
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ui::say(&usage::translate(&e.render().to_string()));
                    ExitCode::from(EXIT_OK)
                }
                // `kaotang contest` alone: what it can do, as a usage error.
                clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    ui::note(usage::translate(&e.render().to_string()).trim_end());
                    ExitCode::from(EXIT_USAGE)
                }
                _ => {
                    ui::note(usage::error_message(&e).trim_end());
                    ExitCode::from(EXIT_USAGE)
                }
            };
        }
    };
    // Every answer is committed before its feedback is shown, so leaving at once is safe.
    let _ = ctrlc::set_handler(|| ui::interrupted());
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            ui::note(&format!("错误：{e}"));
            ExitCode::from(e.exit_code())
        }
    }
}
