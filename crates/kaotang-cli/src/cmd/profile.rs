//! `kaotang profile`: where the profile is, its learners, export and import.

use std::path::PathBuf;

use clap::Subcommand;
use kaotang::study::ProfileExport;

use crate::context::Context;
use crate::error::{CliError, EXIT_FAILURE, EXIT_OK};
use crate::fsio::{refuse_to_replace, write_atomic};
use crate::profile::Profile;
use crate::ui;

/// `kaotang profile …`
#[derive(Debug, Subcommand)]
pub enum ProfileCmd {
    /// 显示学习档案的位置
    Path,
    /// 学员：列出（默认）、改名、删除
    #[command(
        after_help = "示例：\n  kaotang profile learners\n  kaotang profile learners rename 张三 张三丰\n  kaotang profile learners delete 张三 --yes"
    )]
    Learners {
        #[command(subcommand)]
        action: Option<LearnersCmd>,
    },
    /// 导出档案（JSON），用于迁移到另一台设备
    #[command(
        after_help = "示例：\n  kaotang profile export -o 我的档案.json\n  kaotang profile export --learner 张三 -o 张三.json"
    )]
    Export {
        /// 输出文件（默认打印到屏幕）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 导出所有学员（默认只导出 --learner 指定的学员）
        #[arg(long)]
        all: bool,
    },
    /// 导入档案（JSON）：全部成功或全部不变
    #[command(
        after_help = "示例：\n  kaotang profile import 我的档案.json\n  kaotang profile import 张三.json --replace"
    )]
    Import {
        /// 导出的 JSON 文件
        file: PathBuf,
        /// 学员已有记录时，用导入的记录替换
        #[arg(long)]
        replace: bool,
    },
    /// 检查档案完整性（SQLite integrity_check），不写入任何内容
    Check,
}

/// `kaotang profile learners …`
#[derive(Debug, Subcommand)]
pub enum LearnersCmd {
    /// 列出档案中的学员及其记录数
    List,
    /// 给学员改名（记录保留）
    Rename {
        /// 现在的姓名
        #[arg(value_name = "原姓名")]
        from: String,
        /// 新姓名
        #[arg(value_name = "新姓名")]
        to: String,
    },
    /// 删除学员及其全部学习记录（无法恢复；建议先 profile export 备份）
    Delete {
        /// 学员姓名
        #[arg(value_name = "姓名")]
        name: String,
        /// 确认删除
        #[arg(long)]
        yes: bool,
    },
}

/// Runs a `profile` subcommand. Only `import` and the learner changes write; the others
/// read, create no file and work on a read-only profile.
pub fn run(ctx: &Context, cmd: &ProfileCmd) -> Result<u8, CliError> {
    match cmd {
        ProfileCmd::Path => ui::say_line(&ctx.profile_path().display().to_string()),
        ProfileCmd::Learners { action } => learners(ctx, action.as_ref())?,
        ProfileCmd::Export { output, all } => {
            if let Some(p) = output {
                refuse_to_replace(p, [ctx.profile_path().as_path()])?;
            }
            let only = (!all).then_some(ctx.common.learner.as_str());
            let data = match ctx.profile_read_only()? {
                Some(p) => p.export(only)?,
                None => ProfileExport::default(),
            };
            if data.learners.is_empty() {
                return Err(CliError::Input(format!(
                    "档案中没有学员“{}”（加 --all 导出全部）",
                    ctx.common.learner
                )));
            }
            let text = data.to_json();
            match output {
                Some(p) => {
                    write_atomic(p, text.as_bytes())?;
                    let n: usize = data.learners.iter().map(|l| l.log.len()).sum();
                    ui::say(&format!(
                        "已导出 {} 位学员、{n} 条记录到 {}\n",
                        data.learners.len(),
                        p.display()
                    ));
                }
                None => ui::say(&text),
            }
        }
        ProfileCmd::Import { file, replace } => {
            // The learners come with their names from the file (one or several): a
            // --learner here would be silently ignored, so it is refused.
            if ctx.common.learner != crate::context::DEFAULT_LEARNER {
                return Err(CliError::Usage(
                    "profile import 按文件里的学员姓名导入，不用 --learner；导入后可用 profile learners rename 改名"
                        .into(),
                ));
            }
            let text = std::fs::read_to_string(file).map_err(|e| CliError::io(file, e))?;
            let data = ProfileExport::from_json(&text).map_err(|e| {
                CliError::Input(match e.location() {
                    Some((line, column)) => format!("{}:{line}:{column}: {e}", file.display()),
                    None => format!("{}: {e}", file.display()),
                })
            })?;
            let n = ctx.profile()?.import(&data, *replace, ctx.now().0)?;
            ui::say(&format!("已导入 {n} 位学员\n"));
        }
        ProfileCmd::Check => return check(ctx),
    }
    Ok(EXIT_OK)
}

fn learners(ctx: &Context, action: Option<&LearnersCmd>) -> Result<(), CliError> {
    match action {
        None | Some(LearnersCmd::List) => {
            let Some(profile) = ctx.profile_read_only()? else {
                ui::say("档案中还没有学员。\n");
                return Ok(());
            };
            for (id, name) in profile.learners()? {
                ui::say(&format!("{name}\t{} 条记录\n", profile.log_len(id)?));
            }
        }
        Some(LearnersCmd::Rename { from, to }) => {
            let from = from.trim();
            // The new name follows the rules of --learner (not empty, no control characters).
            let to = crate::context::learner_name(to)
                .map_err(|e| CliError::Input(format!("新姓名：{e}")))?;
            let to = to.as_str();
            existing(ctx)?.rename_learner(from, to)?;
            ui::say(&format!("已把学员“{from}”改名为“{to}”，记录全部保留。\n"));
        }
        Some(LearnersCmd::Delete { name, yes }) => {
            let name = name.trim();
            let mut profile = existing(ctx)?;
            let Some(id) = profile.find_learner(name)? else {
                return Err(CliError::Input(format!("档案中没有学员“{name}”")));
            };
            if !yes {
                return Err(CliError::Input(format!(
                    "删除学员“{name}”会同时删去 {} 条学习记录，且无法恢复。确认删除请加 --yes（建议先用 kaotang profile export --learner {name} -o 备份.json 备份）",
                    profile.log_len(id)?
                )));
            }
            let n = profile.delete_learner(name)?;
            ui::say(&format!("已删除学员“{name}”及其 {n} 条学习记录。\n"));
        }
    }
    Ok(())
}

/// The profile for a change to its learners: it must exist already (a rename never creates one).
fn existing(ctx: &Context) -> Result<Profile, CliError> {
    if ctx.profile_read_only()?.is_none() {
        return Err(CliError::Input(format!(
            "{} 还没有学习档案",
            ctx.profile_path().display()
        )));
    }
    ctx.profile()
}

fn check(ctx: &Context) -> Result<u8, CliError> {
    let path = ctx.profile_path();
    let Some(profile) = ctx.profile_read_only()? else {
        ui::say(&format!(
            "{}：还没有学习档案（第一次答题时创建）。\n",
            path.display()
        ));
        return Ok(EXIT_OK);
    };
    let problems = profile.integrity_check()?;
    if problems.is_empty() {
        let learners = profile.learners()?;
        let mut records = 0;
        for (id, _) in &learners {
            records += profile.log_len(*id)?;
        }
        ui::say(&format!(
            "{}：档案完好（{} 位学员，{records} 条学习记录）。\n",
            path.display(),
            learners.len()
        ));
        Ok(EXIT_OK)
    } else {
        ui::say(&format!(
            "{}：档案已损坏，SQLite 发现 {} 处问题：\n",
            path.display(),
            problems.len()
        ));
        for p in &problems {
            ui::say(&format!("  · {p}\n"));
        }
        ui::say("请从备份恢复，或用 kaotang profile export --all 导出仍可读取的记录。\n");
        Ok(EXIT_FAILURE)
    }
}
