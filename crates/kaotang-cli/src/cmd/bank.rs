//! `kaotang bank`: check and count question banks.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use kaotang::bank::{Period, QuestionType};

use crate::banks;
use crate::error::{CliError, EXIT_FAILURE, EXIT_OK};

/// `kaotang bank …`
#[derive(Debug, Subcommand)]
pub enum BankCmd {
    /// 检查题库：报告所有错误和警告（文件:行:列）。有错误时退出码为 1
    #[command(
        after_help = "示例：\n  kaotang bank check\n  kaotang bank check question-banks/ my-bank.yaml\n  kaotang bank check my-bank.yaml --json"
    )]
    Check(PathsArgs),
    /// 统计题库：题目数、题型、时期、难度、事件和阅读
    #[command(after_help = "示例：\n  kaotang bank stats\n  kaotang bank stats --json")]
    Stats(PathsArgs),
}

/// Banks to read and output style.
#[derive(Debug, Args)]
pub struct PathsArgs {
    /// 题库文件或文件夹（默认：内置题库）
    pub paths: Vec<PathBuf>,
    /// 输出 JSON
    #[arg(long)]
    pub json: bool,
}

/// Runs a `bank` subcommand and returns the exit code.
pub fn run(cmd: BankCmd) -> Result<u8, CliError> {
    match cmd {
        BankCmd::Check(a) => check(&a),
        BankCmd::Stats(a) => stats(&a),
    }
}

fn check(a: &PathsArgs) -> Result<u8, CliError> {
    let checked = banks::check_paths(&a.paths)?;
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = checked.diagnostics.len() - errors;
    let out = std::io::stdout();
    let mut out = out.lock();
    if a.json {
        let v = serde_json::json!({
            "ok": errors == 0,
            "errors": errors,
            "warnings": warnings,
            "questions": checked.set.questions().len(),
            "diagnostics": checked.diagnostics,
        });
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&v)?);
    } else {
        for d in &checked.diagnostics {
            let _ = writeln!(out, "{d}");
        }
        let _ = writeln!(
            out,
            "共检查 {} 个题库、{} 道题：{errors} 个错误，{warnings} 个警告",
            checked.set.banks().len(),
            checked.set.questions().len()
        );
    }
    Ok(if errors == 0 { EXIT_OK } else { EXIT_FAILURE })
}

fn stats(a: &PathsArgs) -> Result<u8, CliError> {
    let checked = banks::check_paths(&a.paths)?;
    let s = checked.set.stats();
    let out = std::io::stdout();
    let mut out = out.lock();
    if a.json {
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&s)?);
        return Ok(EXIT_OK);
    }
    let _ = writeln!(out, "题库 {} 个，题目 {} 道", s.banks, s.questions);
    let _ = writeln!(out, "题型：");
    for t in QuestionType::ALL {
        let _ = writeln!(
            out,
            "  {}  {}",
            t.label(),
            s.by_type.get(&t).copied().unwrap_or(0)
        );
    }
    let _ = writeln!(out, "时期：");
    for p in Period::ALL {
        let _ = writeln!(
            out,
            "  {}  {}",
            p.name(),
            s.by_period.get(p.name()).copied().unwrap_or(0)
        );
    }
    let _ = writeln!(out, "难度：");
    for d in 1..=5u8 {
        let _ = writeln!(
            out,
            "  {d} 级  {}",
            s.by_difficulty.get(&d).copied().unwrap_or(0)
        );
    }
    let _ = writeln!(
        out,
        "党史上的今天：事件 {} 个，覆盖 {} 天",
        s.events, s.event_days
    );
    let _ = writeln!(out, "天天读：阅读 {} 篇；标签 {} 个", s.readings, s.tags);
    if checked.has_errors() {
        let _ = writeln!(
            out,
            "注意：题库有错误，以上只统计了可用的部分（运行 kaotang bank check 查看）"
        );
        return Ok(EXIT_FAILURE);
    }
    Ok(EXIT_OK)
}
