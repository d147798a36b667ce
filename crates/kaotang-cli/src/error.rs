//! Errors of the command line, in Chinese, with the exit codes they map to.

use std::path::Path;

use kaotang::bank::BankError;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: the work failed (errors in banks, bad input, I/O).
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: the command line itself was wrong.
pub const EXIT_USAGE: u8 = 2;

/// Anything that stops a command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A file or folder could not be read or written.
    #[error("{path}：{}", describe_io(source))]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The banks have errors.
    #[error("{0}")]
    Banks(BankError),
    /// A session or paper would hold no question (exit code 1, the same in every command).
    #[error("{0}")]
    NoQuestions(String),
    /// A wrong combination of arguments (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// An input file whose content is wrong: a config, a roster, an export (exit code 1).
    #[error("{0}")]
    Input(String),
    /// Another `kaotang` kept the profile locked for longer than the busy timeout.
    #[error("学习档案 {path}：档案正被另一个 kaotang 使用，请稍后再试")]
    ProfileBusy {
        /// The profile path.
        path: String,
    },
    /// The learner profile could not be used.
    #[error("学习档案 {path}：{message}")]
    Profile {
        /// The profile path.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A study rule or session refused.
    #[error("{0}")]
    Study(kaotang::study::StudyError),
    /// Output could not be serialised.
    #[error("无法生成 JSON：{0}")]
    Json(#[from] serde_json::Error),
}

/// An I/O error in Chinese for the common cases, the system's words otherwise.
fn describe_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在".to_owned(),
        ErrorKind::PermissionDenied => "没有访问权限".to_owned(),
        ErrorKind::AlreadyExists => "文件已存在".to_owned(),
        ErrorKind::InvalidData => "不是有效的 UTF-8 文本".to_owned(),
        ErrorKind::NotADirectory => "路径中有一段不是文件夹".to_owned(),
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件".to_owned(),
        ErrorKind::ReadOnlyFilesystem => "所在的磁盘只读".to_owned(),
        ErrorKind::StorageFull => "磁盘已满".to_owned(),
        _ => format!("读写失败（{e}）"),
    }
}

impl CliError {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
            _ => EXIT_FAILURE,
        }
    }
}
