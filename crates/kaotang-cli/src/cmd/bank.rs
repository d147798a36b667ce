//! `kaotang bank`: check, count, import, export and convert question banks.

use std::fmt::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use kaotang::bank::{Bank, BankInfo, Period, QuestionType, Source};
use kaotang::formats::script::{Converter, Script};
use kaotang::formats::{Encoding, Format, ImportOptions, export, import, period_named};

use crate::banks;
use crate::context::Context;
use crate::error::{CliError, EXIT_FAILURE, EXIT_OK};
use crate::fsio::{refuse_to_replace, write_atomic};
use crate::ui;

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
    /// 导入题库：把 CSV 模板、GIFT、Aiken、Moodle XML 或 JSON 转成考堂 YAML 题库。有任何错误时不写文件
    #[command(
        after_help = "CSV 模板列：题型、题干、选项A…选项H、答案、解析、难度、标签（或知识点）、出处；\n可选列：编号、时期、提示、章节、页码、事件日期。文件没有给出的，用下列默认值并逐项说明。\n\n示例：\n  kaotang bank import --from csv 题库.csv -o my-bank.yaml --period 新民主主义革命时期\n  kaotang bank import --from csv 题库.csv --encoding gbk -o my-bank.yaml --period 改革开放\n  kaotang bank import --from gift moodle.gift -o moodle.yaml --bank-id moodle --title Moodle题库"
    )]
    Import(ImportArgs),
    /// 导出题库：写成 CSV 模板、GIFT、Aiken、Moodle XML 或 JSON；格式无法表达的题目逐题说明
    #[command(
        after_help = "示例：\n  kaotang bank export --to csv -o 题库.csv\n  kaotang bank export --to gift question-banks/ -o 党史.gift\n  kaotang bank export --to moodle-xml my-bank.yaml -o 党史.xml"
    )]
    Export(ExportArgs),
    /// 转换字形：把题库转为繁体（通用、台湾或香港标准），每个题库写一个 YAML 文件到目标文件夹
    #[command(
        after_help = "示例：\n  kaotang bank convert --script hant -o 繁体题库/\n  kaotang bank convert --script hant-tw my-bank.yaml -o tw/"
    )]
    Convert(ConvertArgs),
    /// 列出标签及题目数（可按时期筛选），供 --tag 使用
    #[command(
        after_help = "示例：\n  kaotang bank tags\n  kaotang bank tags --period 新时代\n  kaotang bank tags --json"
    )]
    Tags(TagsArgs),
}

/// `bank tags` arguments.
#[derive(Debug, Args)]
pub struct TagsArgs {
    /// 只统计这个时期的题（可写其中几个字，如“改革开放”“新时代”）
    #[arg(long, value_parser = parse_period, value_name = "时期")]
    pub period: Option<Period>,
    /// 题库文件或文件夹（默认：内置题库）
    pub paths: Vec<PathBuf>,
    /// 输出 JSON
    #[arg(long)]
    pub json: bool,
}

/// A format on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// CSV 模板（Excel）
    Csv,
    /// Moodle GIFT
    Gift,
    /// Aiken（单选题）
    Aiken,
    /// Moodle XML
    MoodleXml,
    /// 考堂 JSON
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Gift => Format::Gift,
            FormatArg::Aiken => Format::Aiken,
            FormatArg::MoodleXml => Format::MoodleXml,
            FormatArg::Json => Format::Json,
        }
    }
}

/// A text encoding on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EncodingArg {
    /// 自动：有效的 UTF-8 按 UTF-8 读，否则按 GBK 读
    Auto,
    /// UTF-8（可带 BOM）
    #[value(name = "utf-8")]
    Utf8,
    /// GBK / GB18030（中文 Windows 上 Excel 的默认编码）
    Gbk,
}

/// A traditional script on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScriptArg {
    /// 繁体（OpenCC 标准）
    Hant,
    /// 繁体（台湾）
    HantTw,
    /// 繁体（香港）
    HantHk,
}

impl From<ScriptArg> for Script {
    fn from(s: ScriptArg) -> Self {
        match s {
            ScriptArg::Hant => Script::Hant,
            ScriptArg::HantTw => Script::HantTw,
            ScriptArg::HantHk => Script::HantHk,
        }
    }
}

/// A period given by its name or an unambiguous part of it.
pub fn parse_period(s: &str) -> Result<Period, String> {
    period_named(s).ok_or_else(|| {
        let t = s.trim();
        let matching: Vec<&str> = Period::ALL
            .into_iter()
            .map(Period::name)
            .filter(|n| !t.is_empty() && n.contains(t))
            .collect();
        if matching.len() > 1 {
            format!("“{s}”可指多个时期：{}，请多写几个字", matching.join("、"))
        } else {
            format!(
                "未知的时期“{s}”，应为：{}",
                Period::ALL.map(Period::name).join("、")
            )
        }
    })
}

/// `bank import` arguments.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// 源格式
    #[arg(long, value_enum)]
    pub from: FormatArg,
    /// 要导入的文件
    pub file: PathBuf,
    /// 输出的 YAML 题库
    #[arg(short, long)]
    pub output: PathBuf,
    /// 文件编码
    #[arg(long, value_enum, default_value = "auto")]
    pub encoding: EncodingArg,
    /// 新题库的 id（也是自动生成的题目编号的前缀）
    #[arg(long, default_value = "imported")]
    pub bank_id: String,
    /// 新题库的标题
    #[arg(long, default_value = "导入题库")]
    pub title: String,
    /// 默认时期（文件未给出时期的题目使用；可写开头几个字，如“改革开放”）
    #[arg(long, value_parser = parse_period)]
    pub period: Option<Period>,
    /// 默认出处（书名，文件未给出出处的题目使用）
    #[arg(long, default_value = "中国共产党简史")]
    pub source: String,
    /// 默认难度 1–5
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub difficulty: u8,
    /// 默认解析（文件未给出解析的题目使用）
    #[arg(long, default_value = "暂无解析。")]
    pub explanation: String,
}

/// `bank export` arguments.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// 目标格式
    #[arg(long, value_enum)]
    pub to: FormatArg,
    /// 题库文件或文件夹（默认：内置题库）
    pub paths: Vec<PathBuf>,
    /// 输出文件
    #[arg(short, long)]
    pub output: PathBuf,
}

/// `bank convert` arguments.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// 目标字形
    #[arg(long, value_enum)]
    pub script: ScriptArg,
    /// 题库文件或文件夹（默认：内置题库）
    pub paths: Vec<PathBuf>,
    /// 输出文件夹（不存在时创建）
    #[arg(short, long)]
    pub output: PathBuf,
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

/// Runs a `bank` subcommand and returns the exit code. The banks named after the subcommand
/// and those given with `--bank` are read together.
pub fn run(ctx: &Context, mut cmd: BankCmd) -> Result<u8, CliError> {
    match &mut cmd {
        BankCmd::Check(PathsArgs { paths, .. })
        | BankCmd::Stats(PathsArgs { paths, .. })
        | BankCmd::Export(ExportArgs { paths, .. })
        | BankCmd::Convert(ConvertArgs { paths, .. })
        | BankCmd::Tags(TagsArgs { paths, .. }) => *paths = ctx.bank_paths(paths),
        BankCmd::Import(_) => {}
    }
    match cmd {
        BankCmd::Check(a) => check(&a),
        BankCmd::Stats(a) => stats(&a),
        BankCmd::Import(a) => import_cmd(&a),
        BankCmd::Export(a) => export_cmd(&a),
        BankCmd::Convert(a) => convert(&a),
        BankCmd::Tags(a) => tags(&a),
    }
}

/// `bank tags`: every tag with its number of questions (in a period), most used first.
fn tags(a: &TagsArgs) -> Result<u8, CliError> {
    let checked = banks::check_paths(&a.paths)?;
    let set = &checked.set;
    let mut counts: Vec<(&str, usize)> = set
        .tags()
        .map(|(t, _)| {
            let n = set
                .tagged(t)
                .iter()
                .filter(|&&i| {
                    a.period
                        .is_none_or(|p| set.questions().get(i).is_some_and(|q| q.period == p))
                })
                .count();
            (t, n)
        })
        .filter(|&(_, n)| n > 0)
        .collect();
    counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    if a.json {
        let v: Vec<_> = counts
            .iter()
            .map(|(t, n)| serde_json::json!({ "tag": t, "questions": n }))
            .collect();
        ui::say_line(&serde_json::to_string_pretty(&v)?);
        return Ok(EXIT_OK);
    }
    let scope = a
        .period
        .map_or("全部题库".to_owned(), |p| p.name().to_owned());
    let mut out = format!("{scope}：标签 {} 个（题目数）\n", counts.len());
    for (t, n) in &counts {
        let _ = writeln!(out, "  {t}  {n}");
    }
    ui::say(&out);
    Ok(EXIT_OK)
}

fn import_cmd(a: &ImportArgs) -> Result<u8, CliError> {
    // The size limit is checked before reading, so a huge file costs no memory.
    let len = std::fs::metadata(&a.file)
        .map_err(|e| CliError::io(&a.file, e))?
        .len();
    if len > kaotang::bank::MAX_INPUT_BYTES as u64 {
        let parsed = kaotang::bank::ParsedBank::too_large(&a.file.display().to_string(), len);
        return Err(CliError::Banks(kaotang::bank::BankError {
            diagnostics: parsed.diagnostics,
        }));
    }
    refuse_to_replace(&a.output, [a.file.as_path()])?;
    let bytes = std::fs::read(&a.file).map_err(|e| CliError::io(&a.file, e))?;
    let defaults = ImportOptions::default();
    let (sources, source) = match defaults
        .sources
        .iter()
        .find(|s| s.id == a.source || s.title == a.source)
    {
        Some(s) => (defaults.sources.clone(), s.id.clone()),
        None => {
            let mut sources = defaults.sources.clone();
            sources.push(Source {
                id: "default-source".to_owned(),
                title: a
                    .source
                    .trim_start_matches('《')
                    .trim_end_matches('》')
                    .to_owned(),
                publisher: None,
                year: None,
            });
            (sources, "default-source".to_owned())
        }
    };
    let opts = ImportOptions {
        bank_id: a.bank_id.clone(),
        bank_title: a.title.clone(),
        sources,
        source,
        period: a.period,
        difficulty: a.difficulty,
        explanation: Some(a.explanation.clone()),
        encoding: match a.encoding {
            EncodingArg::Auto => Encoding::Auto,
            EncodingArg::Utf8 => Encoding::Utf8,
            EncodingArg::Gbk => Encoding::Gbk,
        },
    };
    let origin = a.file.display().to_string();
    // A large CSV takes seconds: show that work is going on (stderr, terminals only).
    let spinner = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let s = indicatif::ProgressBar::new_spinner().with_message(format!("正在导入 {origin} …"));
        s.enable_steady_tick(std::time::Duration::from_millis(120));
        s
    } else {
        indicatif::ProgressBar::hidden()
    };
    let imported = import(a.from.into(), &origin, &bytes, &opts);
    spinner.finish_and_clear();
    match imported {
        Ok(imp) => {
            for d in &imp.warnings {
                ui::note(&d.to_string());
            }
            for n in &imp.notes {
                ui::note(&format!("说明：{n}"));
            }
            let yaml = to_yaml(&imp.bank)?;
            write_atomic(&a.output, yaml.as_bytes())?;
            ui::say_line(&format!(
                "已导入 {} 道题到 {}（{} 个警告）",
                imp.bank.questions.len(),
                a.output.display(),
                imp.warnings.len()
            ));
            Ok(EXIT_OK)
        }
        Err(e) => {
            for d in &e.diagnostics {
                ui::note(&d.to_string());
            }
            let errors = e.diagnostics.iter().filter(|d| d.is_error()).count();
            ui::note(&format!(
                "导入失败：{errors} 个错误，未写入 {}",
                a.output.display()
            ));
            Ok(EXIT_FAILURE)
        }
    }
}

fn to_yaml(bank: &Bank) -> Result<String, CliError> {
    serde_saphyr::to_string(bank).map_err(|e| CliError::Input(format!("无法生成 YAML：{e}")))
}

/// The banks at `paths` joined into one (the header of the first when there is only one).
fn joined(paths: &[PathBuf]) -> Result<Bank, CliError> {
    let set = banks::load(paths)?;
    let info = match set.banks() {
        [one] => one.clone(),
        many => BankInfo {
            id: "export".to_owned(),
            title: "导出题库".to_owned(),
            version: 1,
            sources: {
                let mut all: Vec<Source> = Vec::new();
                for s in many.iter().flat_map(|b| &b.sources) {
                    if !all.iter().any(|x| x.id == s.id) {
                        all.push(s.clone());
                    }
                }
                all
            },
        },
    };
    Ok(Bank {
        bank: info,
        questions: set.questions().to_vec(),
        events: set.events().to_vec(),
        readings: set.readings().to_vec(),
    })
}

fn export_cmd(a: &ExportArgs) -> Result<u8, CliError> {
    refuse_to_replace(
        &a.output,
        banks::files(&a.paths)?.iter().map(PathBuf::as_path),
    )?;
    let bank = joined(&a.paths)?;
    let format: Format = a.to.into();
    let out = export(format, &bank);
    for s in &out.skipped {
        ui::note(&format!("跳过：{s}"));
    }
    write_atomic(&a.output, out.text.as_bytes())?;
    ui::say_line(&format!(
        "已导出 {} 道题到 {}（{format}），跳过 {} 道",
        bank.questions.len() - out.skipped.len(),
        a.output.display(),
        out.skipped.len()
    ));
    Ok(EXIT_OK)
}

fn convert(a: &ConvertArgs) -> Result<u8, CliError> {
    let cc = Converter::new(a.script.into()).map_err(|e| CliError::Input(e.to_string()))?;
    let sources = banks::read_sources(&a.paths)?;
    let checked = kaotang::bank::check(&sources);
    if checked.has_errors() {
        return Err(CliError::Banks(kaotang::bank::BankError {
            diagnostics: checked.diagnostics,
        }));
    }
    // Every bank converted first, so that an output folder holding the inputs (which the
    // converted banks would replace) is refused before anything is written.
    let mut converted = Vec::new();
    for (origin, text) in &sources {
        let Some(bank) = kaotang::bank::parse_bank(origin, text).bank else {
            continue;
        };
        let name = std::path::Path::new(origin)
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| bank.bank.id.clone());
        converted.push((
            a.output.join(format!("{name}.yaml")),
            to_yaml(&cc.bank(&bank))?,
        ));
    }
    let inputs = banks::files(&a.paths)?;
    for (path, _) in &converted {
        refuse_to_replace(path, inputs.iter().map(PathBuf::as_path))?;
    }
    std::fs::create_dir_all(&a.output).map_err(|e| CliError::io(&a.output, e))?;
    for (path, yaml) in &converted {
        write_atomic(path, yaml.as_bytes())?;
        ui::say_line(&format!(
            "已写入 {}（{}）",
            path.display(),
            Script::from(a.script).name()
        ));
    }
    Ok(EXIT_OK)
}

fn check(a: &PathsArgs) -> Result<u8, CliError> {
    let (checked, skipped) = banks::check_paths_skipping(&a.paths)?;
    if !skipped.is_empty() {
        let names: Vec<String> = skipped.iter().map(|p| p.display().to_string()).collect();
        ui::note(&format!(
            "已跳过 {} 个不是题库的文件（顶层没有 bank:）：{}",
            skipped.len(),
            names.join("、")
        ));
    }
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = checked.diagnostics.len() - errors;
    let mut out = String::new();
    if a.json {
        let v = serde_json::json!({
            "ok": errors == 0,
            "errors": errors,
            "warnings": warnings,
            "questions": checked.questions_seen,
            "usable_questions": checked.set.questions().len(),
            "diagnostics": checked.diagnostics,
        });
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&v)?);
    } else {
        for d in &checked.diagnostics {
            let _ = writeln!(out, "{d}");
        }
        let usable = checked.set.questions().len();
        let unusable = if usable < checked.questions_seen {
            format!("（其中 {} 道有错误）", checked.questions_seen - usable)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "共检查 {} 个题库、{} 道题{unusable}：{errors} 个错误，{warnings} 个警告",
            checked.set.banks().len(),
            checked.questions_seen
        );
    }
    ui::say(&out);
    Ok(if errors == 0 { EXIT_OK } else { EXIT_FAILURE })
}

fn stats(a: &PathsArgs) -> Result<u8, CliError> {
    let checked = banks::check_paths(&a.paths)?;
    let s = checked.set.stats();
    if a.json {
        ui::say_line(&serde_json::to_string_pretty(&s)?);
        return Ok(EXIT_OK);
    }
    let mut out = String::new();
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
        ui::say(&out);
        return Ok(EXIT_FAILURE);
    }
    ui::say(&out);
    Ok(EXIT_OK)
}
