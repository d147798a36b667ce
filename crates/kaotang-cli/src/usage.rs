//! The command line in Chinese: clap's help scaffolding and its errors.
//!
//! clap has no translations, so its few fixed English words are replaced here: headings and
//! the help/version flags when the command is built, the bracketed notes (`[default: …]`,
//! `[possible values: …]`) in rendered help, and every error is rewritten from its kind and
//! context (the argument, the value, the suggestion), not from clap's English text.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// Chinese headings and help/version flags on every (sub)command. A command's own options come
/// first under 选项; the options every command shares follow under 全局选项.
pub fn localize(cmd: Command) -> Command {
    let cmd = cmd
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .display_order(usize::MAX),
        )
        .mut_args(|a| {
            if a.is_global_set() {
                // Propagated to every subcommand after its own arguments.
                let order = 1000 + a.get_display_order();
                a.help_heading("全局选项").display_order(order)
            } else if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("参数")
            } else {
                a.help_heading("选项")
            }
        })
        .mut_subcommands(localize);
    if cmd.get_version().is_some() {
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        )
    } else {
        cmd
    }
}

/// clap's rendered help or version with its remaining English words in Chinese.
pub fn translate(text: &str) -> String {
    [
        ("[OPTIONS]", "[选项]"),
        ("[default: ", "[默认："),
        ("[possible values: ", "[可选："),
        ("Possible values:", "可选："),
        ("[env: ", "[环境变量："),
        ("[aliases: ", "[别名："),
        ("Usage: ", "用法："),
        ("\n选项:\n", "\n选项：\n"),
        ("\n全局选项:\n", "\n全局选项：\n"),
        ("\n命令:\n", "\n命令：\n"),
        ("\n参数:\n", "\n参数：\n"),
    ]
    .iter()
    .fold(text.to_owned(), |t, (en, zh)| t.replace(en, zh))
}

/// A command-line error as a Chinese message, with the usage line and where to find help.
pub fn error_message(e: &clap::Error) -> String {
    let get = |k: ContextKind| e.get(k).map(value_text).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let mut msg = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 需要一个值"),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("{arg} 的值“{value}”无效")
            } else {
                format!("{arg} 的值“{value}”无效，可选：{valid}")
            }
        }
        ErrorKind::ValueValidation => {
            let why =
                std::error::Error::source(e).map_or(String::new(), |s| reason(&s.to_string()));
            format!("{arg} 的值“{value}”无效：{why}")
        }
        ErrorKind::UnknownArgument => format!("不认识的选项“{arg}”"),
        ErrorKind::InvalidSubcommand => {
            format!("不认识的命令“{}”", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_owned(),
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg);
            if prior.is_empty() || prior == arg {
                format!("{arg} 只能给出一次")
            } else {
                format!("{arg} 不能与 {prior} 同时使用")
            }
        }
        ErrorKind::NoEquals => format!("{arg} 的值要用 = 连接（如 {arg}=值）"),
        ErrorKind::TooManyValues => format!("{arg} 的值太多：“{value}”"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的值的个数不对")
        }
        ErrorKind::InvalidUtf8 => "命令行参数不是有效的 UTF-8 文本".to_owned(),
        _ => "命令行有误".to_owned(),
    };
    for (kind, prefix) in [
        (ContextKind::SuggestedSubcommand, "命令"),
        (ContextKind::SuggestedArg, "选项"),
        (ContextKind::SuggestedValue, "值"),
    ] {
        let s = get(kind);
        if !s.is_empty() {
            msg.push_str(&format!("。是不是想用{prefix}“{s}”？"));
        }
    }
    let usage = translate(&get(ContextKind::Usage));
    let command = usage
        .trim_start_matches("用法：")
        .split_whitespace()
        .take_while(|w| !w.starts_with(['[', '<', '-']))
        .collect::<Vec<_>>()
        .join(" ");
    let command = if command.is_empty() {
        "kaotang".to_owned()
    } else {
        command
    };
    if usage.is_empty() {
        format!("错误：{msg}\n\n详细说明请运行：{command} --help\n")
    } else {
        format!("错误：{msg}\n\n{usage}\n\n详细说明请运行：{command} --help\n")
    }
}

fn value_text(v: &ContextValue) -> String {
    match v {
        ContextValue::Strings(s) => s.join("、"),
        other => other.to_string(),
    }
}

/// The standard library's parse errors (from numeric options) in Chinese; the CLI's own
/// validators already speak Chinese.
fn reason(source: &str) -> String {
    match source {
        "invalid digit found in string" => "应为整数".to_owned(),
        "cannot parse integer from empty string" => "不能为空".to_owned(),
        "number too large to fit in target type" => "数字太大".to_owned(),
        "number too small to fit in target type" => "数字太小".to_owned(),
        "invalid float literal" => "应为数字".to_owned(),
        other => other.to_owned(),
    }
}
