//! `kaotang profile`: where the profile is, its learners, export and import.

use std::path::PathBuf;

use clap::Subcommand;

use crate::context::Context;
use crate::error::{CliError, EXIT_FAILURE, EXIT_OK};
use crate::fsio::write_atomic;
use crate::profile::ProfileExport;
use crate::ui;

/// `kaotang profile …`
#[derive(Debug, Subcommand)]
pub enum ProfileCmd {
    /// 显示学习档案的位置
    Path,
    /// 列出档案中的学员及其记录数
    Learners,
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
    /// 检查档案完整性（SQLite integrity_check）
    Check,
}

/// Runs a `profile` subcommand.
pub fn run(ctx: &Context, cmd: &ProfileCmd) -> Result<u8, CliError> {
    let mut profile = ctx.profile()?;
    match cmd {
        ProfileCmd::Path => ui::say(&format!("{}\n", profile.path().display())),
        ProfileCmd::Learners => {
            for (id, name) in profile.learners()? {
                ui::say(&format!("{name}\t{} 条记录\n", profile.log_len(id)?));
            }
        }
        ProfileCmd::Export { output, all } => {
            let only = (!all).then_some(ctx.common.learner.as_str());
            let data = profile.export(only)?;
            if data.learners.is_empty() {
                return Err(CliError::Input(format!(
                    "档案中没有学员“{}”（加 --all 导出全部）",
                    ctx.common.learner
                )));
            }
            let text = serde_json::to_string_pretty(&data)? + "\n";
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
            let text = std::fs::read_to_string(file).map_err(|e| CliError::io(file, e))?;
            let data: ProfileExport = serde_json::from_str(&text).map_err(|e| {
                CliError::Input(format!(
                    "{}:{}:{}: 不是考堂档案导出文件：{e}",
                    file.display(),
                    e.line(),
                    e.column()
                ))
            })?;
            let n = profile.import(&data, *replace, ctx.now().0)?;
            ui::say(&format!("已导入 {n} 位学员\n"));
        }
        ProfileCmd::Check => {
            let result = profile.integrity_check()?;
            ui::say(&format!("{result}\n"));
            return Ok(if result == "ok" {
                EXIT_OK
            } else {
                EXIT_FAILURE
            });
        }
    }
    Ok(EXIT_OK)
}
