//! `kaotang print`: a practice paper (and its key) for printing.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use kaotang::formats::print::{
    Document, PracticeOptions, PrintOptions, html, markdown, practice_paper,
};
use kaotang::formats::script::Converter;

use super::bank::ScriptArg;
use super::scope::Scope;
use crate::banks;
use crate::context::Context;
use crate::error::{CliError, EXIT_OK};
use crate::fsio::{refuse_to_replace, write_atomic};
use crate::ui;

/// Output format of a paper.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PaperFormat {
    /// 可打印的 HTML（A4，浏览器中“打印”即可）
    Html,
    /// Markdown
    Markdown,
}

/// `kaotang print` arguments.
#[derive(Debug, Args)]
#[command(
    after_help = "按筛选条件从题库中抽题，生成纸质练习卷（A4，含姓名、单位和答题卡）。同一 --seed 得到同一份试卷；加 --key 输出参考答案与解析。\n\n示例：\n  kaotang print --count 20 --seed 2021 -o 练习卷.html\n  kaotang print --count 20 --seed 2021 --key -o 答案.html\n  kaotang print --period 新民主主义革命时期 --tag 长征 --large-print -o 大字版.html\n  kaotang print --type single --type judge --format markdown\n  kaotang print --script hant-tw -o 繁体练习卷.html"
)]
pub struct PrintArgs {
    /// 题库文件或文件夹（默认：内置题库）
    pub paths: Vec<PathBuf>,
    /// 抽题范围
    #[command(flatten)]
    pub scope: Scope,
    /// 题目数量
    #[arg(long, default_value_t = 20)]
    pub count: usize,
    /// 随机种子：同一种子得到同一份试卷
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// 试卷标题
    #[arg(long, default_value = "党史知识练习卷")]
    pub title: String,
    /// 大字版（正文 16 磅，适合老同志）
    #[arg(long)]
    pub large_print: bool,
    /// 输出格式
    #[arg(long, value_enum, default_value = "html")]
    pub format: PaperFormat,
    /// 输出参考答案与解析（而不是试卷）
    #[arg(long)]
    pub key: bool,
    /// 转为繁体
    #[arg(long, value_enum)]
    pub script: Option<ScriptArg>,
    /// 输出文件（默认：标准输出）
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Runs `kaotang print`.
pub fn run(ctx: &Context, a: PrintArgs) -> Result<u8, CliError> {
    let paths = ctx.bank_paths(&a.paths);
    if let Some(out) = &a.output {
        refuse_to_replace(out, banks::files(&paths)?.iter().map(PathBuf::as_path))?;
    }
    let set = banks::load(&paths)?;
    a.scope.require(&set, Some(a.count))?;
    let picked: Vec<_> = set
        .select(&a.scope.filter())
        .into_iter()
        .filter_map(|i| set.questions().get(i).cloned())
        .collect();
    let mut paper = practice_paper(
        &picked,
        &PracticeOptions {
            title: a.title.clone(),
            count: a.count,
            seed: a.seed,
            shuffle_options: true,
        },
    );
    let converter = match a.script {
        Some(s) => Some(Converter::new(s.into()).map_err(|e| CliError::Input(e.to_string()))?),
        None => None,
    };
    if let Some(cc) = &converter {
        paper = cc.paper(&paper);
    }
    let opts = PrintOptions {
        document: if a.key {
            Document::Key
        } else {
            Document::Paper
        },
        large_print: a.large_print,
    };
    let text = match a.format {
        PaperFormat::Html => html(&paper, &opts),
        PaperFormat::Markdown => markdown(&paper, &opts),
    };
    // The paper's own words (姓名、单位、答题卡、共 N 题…) in the same script as its questions.
    let text = match &converter {
        Some(cc) => cc.text(&text),
        None => text,
    };
    let n: usize = paper.sections.iter().map(|s| s.questions.len()).sum();
    match &a.output {
        Some(path) => {
            write_atomic(path, text.as_bytes())?;
            ui::note(&format!("已生成 {}（{n} 道题）", path.display()));
        }
        None => {
            ui::say(&text);
        }
    }
    if n < a.count {
        ui::note(&format!(
            "注意：符合条件的题目只有 {n} 道，少于 --count {}",
            a.count
        ));
    }
    Ok(EXIT_OK)
}
