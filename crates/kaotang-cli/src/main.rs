//! `kaotang` (考堂): Party-history drills, quizzes and contests in the terminal.

mod banks;
mod cmd;
mod error;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::{CliError, EXIT_USAGE};

/// 考堂：党史学习与知识竞赛
#[derive(Debug, Parser)]
#[command(name = "kaotang", version, about, long_about = None, disable_help_subcommand = true)]
#[command(
    after_help = "退出码：0 成功；1 失败（题库有错误、输入有误、读写失败）；2 命令行用法错误\n\n示例：\n  kaotang bank check\n  kaotang bank stats --json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 题库：检查、统计
    #[command(subcommand)]
    Bank(cmd::bank::BankCmd),
}

fn run(cli: Cli) -> Result<u8, CliError> {
    match cli.command {
        Command::Bank(c) => cmd::bank::run(c),
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
