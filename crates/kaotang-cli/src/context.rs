//! What every command shares: the clock, the banks, the profile and the learner.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use kaotang::bank::BankSet;
use kaotang::time::{Date, Timestamp};

use crate::banks;
use crate::error::CliError;
use crate::profile::{self, Profile};

/// The learner a command works for when `--learner` is not given.
pub const DEFAULT_LEARNER: &str = "默认学员";

/// Options shared by the learner commands.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// 学习档案（SQLite）路径；默认为平台数据目录下的 kaotang/profile.sqlite
    #[arg(long, global = true, env = "KAOTANG_PROFILE", value_name = "PATH")]
    pub profile: Option<PathBuf>,
    /// 学员姓名：一个档案可保存多位学员（如支部书记帮年长党员答题）
    #[arg(
        long,
        global = true,
        default_value = DEFAULT_LEARNER,
        value_name = "NAME",
        value_parser = learner_name
    )]
    pub learner: String,
    /// 把“今天”固定为这一天（YYYY-MM-DD），用于复现
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
    /// 本地时间相对 UTC 的小时数，−12 到 +14（8 即北京时间）
    #[arg(
        long,
        global = true,
        default_value_t = 8,
        allow_hyphen_values = true,
        value_name = "HOURS",
        value_parser = utc_offset
    )]
    pub utc_offset: i64,
    /// 使用这些题库文件或文件夹，而不是内置题库（答题、print、bank、contest paper 等读取题库的命令）
    #[arg(long = "bank", global = true, value_name = "PATH")]
    pub banks: Vec<PathBuf>,
}

/// A learner name as typed, trimmed; an empty one is refused (it would be a learner nobody can
/// name again), and so is one with a control character (a tab or line break would break the
/// tab-separated learner list).
pub fn learner_name(s: &str) -> Result<String, String> {
    let name = s.trim();
    if name.is_empty() {
        Err("学员姓名不能为空".to_owned())
    } else if name.chars().any(char::is_control) {
        Err("学员姓名不能含换行、制表符等控制字符".to_owned())
    } else {
        Ok(name.to_owned())
    }
}

/// Hours east of UTC, as time zones exist: −12 (Baker Island) to +14 (Kiribati).
fn utc_offset(s: &str) -> Result<i64, String> {
    s.trim()
        .trim_start_matches('+')
        .parse::<i64>()
        .ok()
        .filter(|h| (-12..=14).contains(h))
        .ok_or_else(|| "应为 −12 到 +14 之间的整数小时（北京时间为 8）".to_owned())
}

/// The shared state of one run.
pub struct Context {
    /// The options.
    pub common: Common,
    started: Instant,
}

impl Context {
    /// Starts the clock.
    pub fn new(common: Common) -> Self {
        Self {
            common,
            started: Instant::now(),
        }
    }

    /// Now, in local time. With `--date`, 08:00 on that date plus the seconds this run has
    /// taken, so runs are reproducible yet answers keep their order and spacing.
    pub fn now(&self) -> Timestamp {
        let elapsed = i64::try_from(self.started.elapsed().as_secs()).unwrap_or(0);
        match self.common.date {
            Some(d) => d.start().add_secs(8 * 3600 + elapsed),
            None => {
                let unix = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
                Timestamp(unix + self.common.utc_offset * 3600)
            }
        }
    }

    /// Today in local time.
    pub fn today(&self) -> Date {
        self.now().date()
    }

    /// The bank files and folders a command reads: those it names itself (`bank check PATH`,
    /// `print PATH`) and those given with `--bank`, together; none means the embedded banks.
    /// The one place that decides which banks a command uses.
    pub fn bank_paths(&self, named: &[PathBuf]) -> Vec<PathBuf> {
        named.iter().chain(&self.common.banks).cloned().collect()
    }

    /// The banks to use (embedded unless `--bank` was given); errors in them are fatal.
    pub fn banks(&self) -> Result<BankSet, CliError> {
        banks::load(&self.bank_paths(&[]))
    }

    /// Where the profile is: `--profile`, `KAOTANG_PROFILE` or the platform data folder.
    pub fn profile_path(&self) -> PathBuf {
        self.common
            .profile
            .clone()
            .unwrap_or_else(profile::default_path)
    }

    /// Opens the profile for writing, creating it on first use.
    pub fn profile(&self) -> Result<Profile, CliError> {
        Profile::open(&self.profile_path())
    }

    /// Opens the profile only to read it; `None` when there is none yet (nothing is created).
    pub fn profile_read_only(&self) -> Result<Option<Profile>, CliError> {
        Profile::open_read_only(&self.profile_path())
    }
}
