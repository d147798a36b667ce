//! `kaotang` (考堂): Party-history drills, quizzes and contests in the terminal.

mod banks;
mod cmd;
mod error;
mod fsio;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::{CliError, EXIT_USAGE};

/// 考堂：党史学习与知识竞赛
#[derive(Debug, Parser)]
#[command(name = "kaotang", version, about, long_about = None, disable_help_subcommand = true)]
#[command(
    after_help = "退出码：0 成功；1 失败（题库有错误、输入有误、读写失败）；2 命令行用法错误\n\n示例：\n  kaotang bank check\n  kaotang bank stats --json\n  kaotang bank import --from csv 题库.csv -o my-bank.yaml --period 改革开放\n  kaotang print --count 20 --seed 2021 -o 练习卷.html"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 题库：检查、统计、导入、导出、繁体转换
    #[command(subcommand)]
    Bank(cmd::bank::BankCmd),
    /// 打印：从题库抽题生成纸质练习卷或参考答案（HTML / Markdown）
    Print(cmd::print::PrintArgs),
}

fn run(cli: Cli) -> Result<u8, CliError> {
    match cli.command {
        Command::Bank(c) => cmd::bank::run(c),
        Command::Print(a) => cmd::print::run(a),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(e.exit_code())
        }
    }
}
