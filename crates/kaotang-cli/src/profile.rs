//! The learner profile: a SQLite database that never loses an answer.
//!
//! Every answer is committed in its own transaction before the next question appears (WAL,
//! `synchronous=FULL`), so a crash or `kill -9` loses nothing that was acknowledged on screen.
//! The review log is the truth: learner state is rebuilt from it at start. A second `kaotang`
//! on the same profile waits up to [`BUSY_TIMEOUT`] for the write lock, then fails cleanly.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use serde::Serialize;

use kaotang::study::{Entry, LearnerExport, ProfileExport};

use crate::error::CliError;

/// How long a write waits for another `kaotang` holding the profile.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The newest schema version; [`MIGRATIONS`] brings any older profile up to it.
pub const SCHEMA_VERSION: i64 = 1;

/// Migration `i` takes a profile from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 0 → 1: learners, their learning log, contest results.
    "CREATE TABLE learners (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE log (
        id INTEGER PRIMARY KEY,
        learner_id INTEGER NOT NULL REFERENCES learners(id),
        at INTEGER NOT NULL,
        entry TEXT NOT NULL
    );
    CREATE INDEX log_by_learner ON log(learner_id, id);
    CREATE TABLE contest_results (
        contest TEXT NOT NULL,
        participant TEXT NOT NULL,
        result TEXT NOT NULL,
        PRIMARY KEY (contest, participant)
    );",
];

/// `PRAGMA application_id` of a kaotang profile ("KTNG"): how a profile is told from another
/// program's SQLite database before anything is written to it.
const APPLICATION_ID: i64 = 0x4B54_4E47;

/// An open profile.
pub struct Profile {
    conn: Connection,
    path: PathBuf,
}

fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> CliError + '_ {
    move |e| {
        if is_busy(&e) {
            CliError::ProfileBusy {
                path: path.display().to_string(),
            }
        } else {
            CliError::Profile {
                path: path.display().to_string(),
                message: describe(&e),
            }
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// SQLite's (English) error as a Chinese sentence that says what to do.
fn describe(e: &rusqlite::Error) -> String {
    e.sqlite_error_code()
        .and_then(describe_code)
        .unwrap_or_else(|| format!("SQLite 错误：{e}"))
}

fn describe_code(code: rusqlite::ErrorCode) -> Option<String> {
    use rusqlite::ErrorCode as C;
    Some(match code {
        C::NotADatabase => {
            "不是 SQLite 数据库文件，更不是考堂学习档案；文件未做任何改动。请用 --profile 指定另一个文件"
                .to_owned()
        }
        C::DatabaseCorrupt => {
            "档案文件已损坏（database disk image is malformed）。请从备份恢复，或用 kaotang profile export 导出仍可读取的记录"
                .to_owned()
        }
        C::CannotOpen => "无法打开档案文件：请检查所在文件夹是否存在、是否有读写权限".to_owned(),
        C::ReadOnly => {
            "档案文件只读，无法保存作答记录：请检查文件和所在文件夹的写权限，或用 --profile 指定另一个档案"
                .to_owned()
        }
        C::PermissionDenied => "没有访问档案文件的权限".to_owned(),
        C::DiskFull => "磁盘已满，无法保存".to_owned(),
        C::SystemIoFailure => "读写档案文件时发生磁盘错误".to_owned(),
        _ => return None,
    })
}

/// What is at a profile path before it is opened.
enum Found {
    /// No file, or a zero-byte one: it may become a new profile.
    Nothing,
    /// A kaotang profile (or an empty SQLite database, which may become one).
    Profile,
}

/// A read-only connection to the database at `path`. A WAL profile is read through its `-shm`
/// file, which SQLite must create when it is missing; where it cannot (a profile in a folder
/// this user may not write, e.g. a shared or backed-up one), the file is opened as immutable,
/// which needs no `-shm` and reads the committed database as it is.
fn open_reader(path: &Path) -> Result<Connection, CliError> {
    let err = sql(path);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(&err)?;
    match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
            ) =>
        {
            drop(conn);
            Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
                .map_err(&err)
        }
        _ => Ok(conn),
    }
}

/// `file:` URI of `path` (percent-encoded) with `immutable=1`.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut uri = String::from("file:");
    for b in absolute.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(b) {
            uri.push(char::from(*b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Looks at `path` through a read-only connection, so that a file that is not a kaotang
/// profile is refused byte for byte untouched: no table added, no journal mode switched.
fn inspect(path: &Path) -> Result<Found, CliError> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(e) => return Err(CliError::io(path, e)),
        Ok(m) if m.is_dir() => {
            return Err(CliError::Profile {
                path: path.display().to_string(),
                message: "这是一个文件夹，不是档案文件".to_owned(),
            });
        }
        Ok(m) if m.len() == 0 => return Ok(Found::Nothing),
        Ok(_) => {}
    }
    let err = sql(path);
    let conn = open_reader(path)?;
    let application_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(&err)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(&err)?;
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .map_err(&err)?;
    let tables = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(&err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(&err)?;
    let has = |t: &str| tables.iter().any(|n| n == t);
    // Profiles written before the application id was set are known by their schema.
    let ours = application_id == APPLICATION_ID
        || (application_id == 0 && version >= 1 && has("learners") && has("log"));
    let empty = application_id == 0 && version == 0 && tables.is_empty();
    if ours || empty {
        Ok(Found::Profile)
    } else {
        Err(CliError::Profile {
            path: path.display().to_string(),
            message: "这是另一个程序的 SQLite 数据库，不是考堂学习档案；文件未做任何改动。请用 --profile 指定另一个文件"
                .to_owned(),
        })
    }
}

/// The profile path: `--profile`, else `KAOTANG_PROFILE`, else the platform data folder.
pub fn default_path() -> PathBuf {
    dirs::data_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("kaotang")
        .join("profile.sqlite")
}

impl Profile {
    /// Opens (creating on first use) the profile at `path` for writing and brings its schema
    /// up to date. A file that is not a kaotang profile is refused untouched, and a profile
    /// that cannot be written fails here, before any question is shown.
    pub fn open(path: &Path) -> Result<Self, CliError> {
        inspect(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| CliError::io(dir, e))?;
        }
        // Switching a new file to WAL can report "busy" at once (without the busy handler)
        // while another kaotang creates it: wait and retry, as for any other write.
        let started = std::time::Instant::now();
        loop {
            match Self::open_once(path) {
                Err(CliError::ProfileBusy { .. }) if started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => return other,
            }
        }
    }

    /// Opens the profile at `path` only to read it: nothing is created or written, and a
    /// read-only file works. `None` when there is no profile there yet.
    pub fn open_read_only(path: &Path) -> Result<Option<Self>, CliError> {
        if matches!(inspect(path)?, Found::Nothing) {
            return Ok(None);
        }
        let err = sql(path);
        let conn = open_reader(path)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(&err)?;
        if version == 0 {
            // An empty SQLite file: a profile with no learner yet.
            return Ok(None);
        }
        if version > SCHEMA_VERSION {
            return Err(CliError::Profile {
                path: path.display().to_string(),
                message: format!(
                    "档案版本为 {version}，比本程序支持的 {SCHEMA_VERSION} 新，请升级 kaotang"
                ),
            });
        }
        Ok(Some(Self {
            conn,
            path: path.to_owned(),
        }))
    }

    fn open_once(path: &Path) -> Result<Self, CliError> {
        let err = sql(path);
        let conn = Connection::open(path).map_err(&err)?;
        // SQLite opens a file it may not write read-only, without an error.
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(&err)? {
            return Err(CliError::Profile {
                path: path.display().to_string(),
                message: describe_code(rusqlite::ErrorCode::ReadOnly).unwrap_or_default(),
            });
        }
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        // WAL keeps readers and the writer apart; FULL syncs every commit to disk.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(&err)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(&err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(&err)?;
        let mut profile = Self {
            conn,
            path: path.to_owned(),
        };
        profile.migrate()?;
        Ok(profile)
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> CliError + '_ {
        sql(&self.path)
    }

    /// Runs `body` in one immediate transaction (the write lock is taken up front, so another
    /// kaotang waits its turn) and commits when `body` succeeds; on error nothing is written.
    fn write<T>(
        &mut self,
        body: impl FnOnce(&Transaction<'_>, &dyn Fn(rusqlite::Error) -> CliError) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        let path = self.path.clone();
        let err = sql(&path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&err)?;
        let out = body(&tx, &err)?;
        tx.commit().map_err(&err)?;
        Ok(out)
    }

    fn migrate(&mut self) -> Result<(), CliError> {
        let path = self.path.clone();
        self.write(|tx, err| {
            let version: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(err)?;
            if version > SCHEMA_VERSION {
                return Err(CliError::Profile {
                    path: path.display().to_string(),
                    message: format!(
                        "档案版本为 {version}，比本程序支持的 {SCHEMA_VERSION} 新，请升级 kaotang"
                    ),
                });
            }
            let application_id: i64 = tx
                .query_row("PRAGMA application_id", [], |r| r.get(0))
                .map_err(err)?;
            if application_id != APPLICATION_ID {
                tx.pragma_update(None, "application_id", APPLICATION_ID)
                    .map_err(err)?;
            }
            for (v, step) in MIGRATIONS
                .iter()
                .enumerate()
                .skip(usize::try_from(version).unwrap_or(0))
            {
                tx.execute_batch(step).map_err(err)?;
                tx.pragma_update(None, "user_version", v as i64 + 1)
                    .map_err(err)?;
            }
            Ok(())
        })
    }

    /// The id of learner `name`, if the profile has that learner.
    pub fn find_learner(&self, name: &str) -> Result<Option<i64>, CliError> {
        self.conn
            .query_row("SELECT id FROM learners WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.err())
    }

    /// Renames learner `from` to `to`; refuses when `from` is missing or `to` is taken.
    pub fn rename_learner(&mut self, from: &str, to: &str) -> Result<(), CliError> {
        self.write(|tx, err| {
            let taken: i64 = tx
                .query_row("SELECT COUNT(*) FROM learners WHERE name = ?1", [to], |r| {
                    r.get(0)
                })
                .map_err(err)?;
            if taken > 0 {
                return Err(CliError::Input(format!(
                    "档案中已有学员“{to}”，不能改成这个名字"
                )));
            }
            let n = tx
                .execute("UPDATE learners SET name = ?2 WHERE name = ?1", [from, to])
                .map_err(err)?;
            if n == 0 {
                return Err(CliError::Input(format!("档案中没有学员“{from}”")));
            }
            Ok(())
        })
    }

    /// Deletes learner `name` and their whole log in one transaction; returns how many log
    /// entries went with them.
    pub fn delete_learner(&mut self, name: &str) -> Result<i64, CliError> {
        self.write(|tx, err| {
            let id: i64 = tx
                .query_row("SELECT id FROM learners WHERE name = ?1", [name], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(err)?
                .ok_or_else(|| CliError::Input(format!("档案中没有学员“{name}”")))?;
            let n = tx
                .execute("DELETE FROM log WHERE learner_id = ?1", [id])
                .map_err(err)?;
            tx.execute("DELETE FROM learners WHERE id = ?1", [id])
                .map_err(err)?;
            Ok(i64::try_from(n).unwrap_or(i64::MAX))
        })
    }

    /// The id of learner `name`, creating the learner on first use.
    pub fn learner(&self, name: &str, now_secs: i64) -> Result<i64, CliError> {
        let err = self.err();
        if let Some(id) = self
            .conn
            .query_row("SELECT id FROM learners WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()
            .map_err(&err)?
        {
            return Ok(id);
        }
        self.conn
            .execute(
                "INSERT OR IGNORE INTO learners (name, created_at) VALUES (?1, ?2)",
                params![name, now_secs],
            )
            .map_err(&err)?;
        self.conn
            .query_row("SELECT id FROM learners WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .map_err(&err)
    }

    /// The learner's log in order.
    pub fn log(&self, learner: i64) -> Result<Vec<Entry>, CliError> {
        Ok(self.log_after(learner, 0)?.0)
    }

    /// The learner's entries with a row id above `after`, in order, and the last row id read
    /// (`after` when there are none): one statement, so one consistent snapshot.
    pub fn log_after(&self, learner: i64, after: i64) -> Result<(Vec<Entry>, i64), CliError> {
        read_log(&self.conn, &self.path, learner, after)
    }

    /// Records one answer in turn with every other `kaotang` on this profile. In one
    /// immediate transaction (the write lock taken up front): the learner's entries that
    /// other processes appended after row `seen` are read and handed to `grade`, which applies
    /// them to its state before grading, so points caps and the schedule see everything
    /// already recorded; the entry `grade` returns is appended and `seen` moves past it. When
    /// `grade` fails, nothing is written (but `seen` still moves past what it was handed).
    pub fn record<T>(
        &mut self,
        learner: i64,
        seen: &mut i64,
        grade: impl FnOnce(&[Entry]) -> Result<(Option<Entry>, T), CliError>,
    ) -> Result<T, CliError> {
        let path = self.path.clone();
        self.write(|tx, err| {
            let (others, last) = read_log(tx, &path, learner, *seen)?;
            *seen = last;
            let (entry, out) = grade(&others)?;
            if let Some(entry) = entry {
                tx.execute(
                    "INSERT INTO log (learner_id, at, entry) VALUES (?1, ?2, ?3)",
                    params![learner, entry.at().0, entry.to_json()],
                )
                .map_err(err)?;
                *seen = tx.last_insert_rowid();
            }
            Ok(out)
        })
    }

    /// Number of log entries of a learner.
    pub fn log_len(&self, learner: i64) -> Result<i64, CliError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM log WHERE learner_id = ?1",
                [learner],
                |r| r.get(0),
            )
            .map_err(self.err())
    }

    /// Every learner's name, in creation order.
    pub fn learners(&self) -> Result<Vec<(i64, String)>, CliError> {
        let err = self.err();
        let mut stmt = self
            .conn
            .prepare("SELECT id, name FROM learners ORDER BY id")
            .map_err(&err)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(&err)
    }

    /// Exports every learner (or one) with their logs.
    pub fn export(&self, only: Option<&str>) -> Result<ProfileExport, CliError> {
        let mut out = Vec::new();
        for (id, name) in self
            .learners()?
            .into_iter()
            .filter(|(_, n)| only.is_none_or(|o| o == n))
        {
            let log = self.log(id)?;
            out.push(LearnerExport { name, log });
        }
        Ok(ProfileExport { learners: out })
    }

    /// Imports learners in one transaction: all or nothing. A learner that already exists
    /// must have no reviews yet (to never mix two devices' logs silently), unless `replace`.
    /// The export was checked entry by entry when it was read ([`ProfileExport::from_json`]).
    pub fn import(
        &mut self,
        data: &ProfileExport,
        replace: bool,
        now_secs: i64,
    ) -> Result<usize, CliError> {
        self.write(|tx, err| {
            let mut imported = 0;
            for l in &data.learners {
                tx.execute(
                    "INSERT OR IGNORE INTO learners (name, created_at) VALUES (?1, ?2)",
                    params![l.name, now_secs],
                )
                .map_err(err)?;
                let id: i64 = tx
                    .query_row("SELECT id FROM learners WHERE name = ?1", [&l.name], |r| {
                        r.get(0)
                    })
                    .map_err(err)?;
                let existing: i64 = tx
                    .query_row(
                        "SELECT COUNT(*) FROM log WHERE learner_id = ?1",
                        [id],
                        |r| r.get(0),
                    )
                    .map_err(err)?;
                if existing > 0 && !replace {
                    return Err(CliError::Input(format!(
                        "学员“{}”在本档案中已有 {existing} 条学习记录；如需用导入的数据替换，请加 --replace",
                        l.name
                    )));
                }
                tx.execute("DELETE FROM log WHERE learner_id = ?1", [id])
                    .map_err(err)?;
                for e in &l.log {
                    tx.execute(
                        "INSERT INTO log (learner_id, at, entry) VALUES (?1, ?2, ?3)",
                        params![id, e.at().0, e.to_json()],
                    )
                    .map_err(err)?;
                }
                imported += 1;
            }
            Ok(imported)
        })
    }

    /// Stores a contest's results (participant, result as JSON), replacing earlier ones, in one
    /// transaction; each result is serialised as it is written.
    pub fn save_contest<'a, T: Serialize + 'a>(
        &mut self,
        contest: &str,
        results: impl IntoIterator<Item = (&'a str, &'a T)>,
    ) -> Result<(), CliError> {
        self.write(|tx, err| {
            tx.execute("DELETE FROM contest_results WHERE contest = ?1", [contest])
                .map_err(err)?;
            {
                let mut stmt = tx
                    .prepare(
                        "INSERT INTO contest_results (contest, participant, result) VALUES (?1, ?2, ?3)",
                    )
                    .map_err(err)?;
                for (participant, result) in results {
                    let json = serde_json::to_string(result)?;
                    stmt.execute(params![contest, participant, json])
                        .map_err(err)?;
                }
            }
            Ok(())
        })
    }

    /// `PRAGMA integrity_check`: the problems SQLite finds (none when the profile is sound).
    pub fn integrity_check(&self) -> Result<Vec<String>, CliError> {
        let err = self.err();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check").map_err(&err)?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(&err)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(&err)?;
        Ok(rows.into_iter().filter(|r| r != "ok").collect())
    }
}

/// Learner `learner`'s entries after row `after`, and the last row id read.
fn read_log(
    conn: &Connection,
    path: &Path,
    learner: i64,
    after: i64,
) -> Result<(Vec<Entry>, i64), CliError> {
    let err = sql(path);
    let mut stmt = conn
        .prepare("SELECT id, entry FROM log WHERE learner_id = ?1 AND id > ?2 ORDER BY id")
        .map_err(&err)?;
    let rows = stmt
        .query_map(params![learner, after], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })
        .map_err(&err)?;
    let mut out = Vec::new();
    let mut last = after;
    for row in rows {
        let (id, json) = row.map_err(&err)?;
        out.push(Entry::from_json(&json).map_err(|e| CliError::Profile {
            path: path.display().to_string(),
            message: format!("第 {id} 条学习记录无法读取：{e}"),
        })?);
        last = id;
    }
    Ok((out, last))
}
