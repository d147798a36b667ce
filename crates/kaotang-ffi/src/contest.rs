//! Contests: papers from a blueprint and seed, participants' papers, scoring a stream of
//! sheets, ranking, unit reports, item analysis, the lottery and the on-stage board.

use std::cell::OnceCell;
use std::ffi::{CString, c_char, c_void};
use std::io::Read;

use engine::bank::BankSet;
use engine::contest::{
    AnalysisOptions, Assembly, Blueprint, ItemAnalyzer, Paper, ParticipantResult, RankOptions,
    RosterEntry, ScoreRules, Scorer, SheetError, SheetReader, Stage, StageConfig, UnitCriterion,
    UnitOptions, UnitStats, aggregate_units, draw, parse_log, rank, rank_units, sheets_from_json,
};
use engine::error::Coded;
use serde::Serialize;

use crate::banks::KtBanks;
use crate::status::{
    Failure, Handle, KtStatus, Out, Result, bytes, free_handle, guard, handle, into_handle, json,
    json_or_default, put_json, text,
};

/// An assembled contest (its parallel forms): immutable, shareable across threads. Made by
/// [`kt_contest_assemble`] or [`kt_assembly_from_json`], freed by [`kt_assembly_free`].
pub struct KtAssembly {
    assembly: Assembly,
}

impl Handle for KtAssembly {
    const TAG: u64 = 0x6b74_0005_6173_6d62;
    const NAME: &'static str = "KtAssembly";
}

fn contest_error(e: engine::contest::ContestError) -> Failure {
    e.into()
}

/// Assembles the papers of a blueprint (the core's `Blueprint` as JSON, e.g.
/// `{"title":"初赛","time_limit_minutes":20,"sections":[{"name":"判断题","filter":{"types":["judge"]},"count":10,"points":2}]}`)
/// from the banks with `seed`. `KT_STATUS_CONTEST` when it cannot be filled (the last error
/// says which section lacks what). Free with [`kt_assembly_free`].
///
/// # Safety
///
/// `banks` is a live handle; `blueprint_json` is NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_contest_assemble(
    banks: *const KtBanks,
    blueprint_json: *const c_char,
    seed: u64,
    out: *mut *mut KtAssembly,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let bp =
            Blueprint::from_json(text(blueprint_json, "blueprint_json")?).map_err(contest_error)?;
        let assembly = engine::contest::assemble(set, &bp, seed).map_err(contest_error)?;
        out.put(into_handle(KtAssembly { assembly }));
        Ok(())
    })
}

/// An assembly saved with [`kt_assembly_json`]. Free with [`kt_assembly_free`].
///
/// # Safety
///
/// `json` is NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_assembly_from_json(
    assembly_json: *const c_char,
    out: *mut *mut KtAssembly,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let assembly: Assembly = json(assembly_json, "assembly_json")?;
        out.put(into_handle(KtAssembly { assembly }));
        Ok(())
    })
}

/// The assembly as the core's `Assembly` JSON (forms, sections, question ids, points), to
/// keep with the contest. `*out` is freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `assembly` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_assembly_json(
    assembly: *const KtAssembly,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        put_json(out, &handle(assembly, "assembly")?.assembly)
    })
}

/// Frees an assembly. NULL is ignored.
///
/// # Safety
///
/// `assembly` is NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_assembly_free(assembly: *mut KtAssembly) {
    free_handle(assembly);
}

fn paper(set: &BankSet, assembly: &Assembly, seed: u64, participant: &str) -> Result<Paper> {
    Paper::for_participant(set, assembly, seed, participant).map_err(contest_error)
}

/// A participant's paper as they see it: the core's `ParticipantView` JSON (their form, the
/// questions and choices in their seeded order; never a key, hint or explanation). `*out` is
/// freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `banks` and `assembly` are live handles; `participant` is NUL-terminated; `out` is
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_contest_paper(
    banks: *const KtBanks,
    assembly: *const KtAssembly,
    seed: u64,
    participant: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let assembly = &handle(assembly, "assembly")?.assembly;
        let p = paper(set, assembly, seed, text(participant, "participant")?)?;
        put_json(
            out,
            &p.participant_view(set, assembly).map_err(contest_error)?,
        )
    })
}

/// The key of a participant's paper in the letters they were shown, with explanations: the
/// core's `KeyItem` list as JSON, for markers and review after the round. `*out` is freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// As [`kt_contest_paper`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_contest_paper_key(
    banks: *const KtBanks,
    assembly: *const KtAssembly,
    seed: u64,
    participant: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let assembly = &handle(assembly, "assembly")?.assembly;
        let p = paper(set, assembly, seed, text(participant, "participant")?)?;
        put_json(out, &p.key_view(set).map_err(contest_error)?)
    })
}

/// The scores of a round: one result per participant, the rows that could not be scored, and
/// the item analysis when asked for. Made by the `kt_contest_score…` functions, freed by
/// [`kt_scoring_free`]; not to be used from two threads at once.
pub struct KtScoring {
    results: Vec<ParticipantResult>,
    sheets: u64,
    ignored: u64,
    errors: Vec<RowError>,
    analysis: Vec<(String, ItemAnalyzer)>,
    /// Participant ids and names as C strings, made on the first [`kt_scoring_result`].
    c_strings: OnceCell<Vec<[CString; 2]>>,
}

impl Handle for KtScoring {
    const TAG: u64 = 0x6b74_0006_7363_6f72;
    const NAME: &'static str = "KtScoring";
}

/// A sheet that could not be scored: its row (CSV line, header = 1, or JSON element from 1)
/// and why, in Chinese.
#[derive(Serialize)]
struct RowError {
    row: u64,
    message: String,
}

impl From<SheetError> for RowError {
    fn from(e: SheetError) -> Self {
        Self {
            row: e.row,
            message: e.message,
        }
    }
}

/// Counts of a round.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KtScoringCounts {
    /// Participants (results).
    pub participants: usize,
    /// Sheets scored.
    pub sheets: u64,
    /// Sheets ignored by the attempt policy.
    pub ignored: u64,
    /// Rows that could not be scored.
    pub bad_rows: usize,
}

/// One participant's result. The strings belong to the [`KtScoring`] and live until it is
/// freed.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct KtResult {
    /// Participant id.
    pub participant: *const c_char,
    /// Name (may be empty).
    pub name: *const c_char,
    /// Score (the best attempt, or the sum), to 0.01.
    pub score: f64,
    /// Speed points included in the score.
    pub speed: f64,
    /// Questions answered fully right.
    pub correct: u32,
    /// The counted attempt's number.
    pub attempt: u32,
    /// Sheets received, counted or not.
    pub sheets: u32,
    /// Seconds used; -1 when unknown.
    pub time_used: i64,
}

/// Reads up to `capacity` bytes into `buffer`; returns how many (0 at the end), or a negative
/// number on a read error. Called by [`kt_contest_score_stream`] with the caller's `context`.
pub type KtReadFn =
    Option<unsafe extern "C" fn(context: *mut c_void, buffer: *mut u8, capacity: usize) -> isize>;

/// The caller's read function as a `Read`.
struct CallbackReader {
    read: unsafe extern "C" fn(*mut c_void, *mut u8, usize) -> isize,
    context: *mut c_void,
}

impl Read for CallbackReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // SAFETY: the caller's function writes at most `capacity` bytes into the buffer it is
        // given, as its contract in `KtReadFn` says.
        let n = unsafe { (self.read)(self.context, buf.as_mut_ptr(), buf.len()) };
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= buf.len())
            .ok_or_else(|| std::io::Error::other(format!("读取函数返回了无效的长度 {n}")))
    }
}

fn scorer<'a>(
    set: &'a BankSet,
    assembly: &'a Assembly,
    rules_json: *const c_char,
    analysis: bool,
) -> Result<Scorer<'a>> {
    let rules: ScoreRules = json_or_default(rules_json, "rules_json")?;
    let scorer = Scorer::new(set, assembly, rules).map_err(contest_error)?;
    Ok(if analysis {
        scorer.with_analysis()
    } else {
        scorer
    })
}

fn finish(scorer: Scorer<'_>, errors: Vec<RowError>) -> KtScoring {
    let scoring = scorer.finish();
    KtScoring {
        results: scoring.results,
        sheets: scoring.sheets,
        ignored: scoring.ignored,
        errors,
        analysis: scoring.analysis,
        c_strings: OnceCell::new(),
    }
}

fn score_csv(mut scorer: Scorer<'_>, input: impl Read) -> Result<KtScoring> {
    let mut reader = SheetReader::new(input)
        .map_err(|e| Failure::new(e.code().into(), format!("答题卡无法读取：{e}")))?;
    let mut errors = Vec::new();
    while let Some(row) = reader.read_view() {
        if let Err(e) = row.and_then(|sheet| scorer.add_view(&sheet)) {
            errors.push(e.into());
        }
    }
    Ok(finish(scorer, errors))
}

/// Scores answer sheets given as a CSV file in memory (UTF-8 with or without BOM, or GBK as
/// Excel saves it; header `编号,姓名,单位,用时,…` then one column per question) under `rules_json`
/// (NULL or the core's `ScoreRules`). Bad rows are skipped and listed (see
/// [`kt_scoring_errors_json`]). With `analysis` the item analysis is kept too. Free the result
/// with [`kt_scoring_free`].
///
/// # Safety
///
/// `banks` and `assembly` are live handles; `csv` points at `length` bytes; `rules_json` is
/// NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_contest_score(
    banks: *const KtBanks,
    assembly: *const KtAssembly,
    rules_json: *const c_char,
    csv: *const u8,
    length: usize,
    analysis: bool,
    out: *mut *mut KtScoring,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let assembly = &handle(assembly, "assembly")?.assembly;
        let input = bytes(csv, length, "csv")?;
        let scoring = score_csv(scorer(set, assembly, rules_json, analysis)?, input)?;
        out.put(into_handle(scoring));
        Ok(())
    })
}

/// As [`kt_contest_score`], reading the CSV through `read` (a file, a socket, a decompressor)
/// so memory does not grow with the number of sheets.
///
/// # Safety
///
/// As [`kt_contest_score`]; `read` follows [`KtReadFn`]'s contract with `context`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_contest_score_stream(
    banks: *const KtBanks,
    assembly: *const KtAssembly,
    rules_json: *const c_char,
    read: KtReadFn,
    context: *mut c_void,
    analysis: bool,
    out: *mut *mut KtScoring,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let assembly = &handle(assembly, "assembly")?.assembly;
        let read = read.ok_or_else(|| crate::status::null("read"))?;
        let input = CallbackReader { read, context };
        let scoring = score_csv(scorer(set, assembly, rules_json, analysis)?, input)?;
        out.put(into_handle(scoring));
        Ok(())
    })
}

/// As [`kt_contest_score`], for sheets given as a JSON array of the core's `Sheet`
/// (`{"participant":"p1","name":"张三","unit":["东城区"],"answers":["B","对"],"attempt":1}`).
///
/// # Safety
///
/// As [`kt_contest_score`]; `sheets_json` is NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_contest_score_json(
    banks: *const KtBanks,
    assembly: *const KtAssembly,
    rules_json: *const c_char,
    sheets_json: *const c_char,
    analysis: bool,
    out: *mut *mut KtScoring,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let assembly = &handle(assembly, "assembly")?.assembly;
        let mut scorer = scorer(set, assembly, rules_json, analysis)?;
        let sheets = sheets_from_json(text(sheets_json, "sheets_json")?).map_err(Failure::from)?;
        let mut errors = Vec::new();
        for sheet in sheets {
            if let Err(e) = sheet.and_then(|s| scorer.add(&s)) {
                errors.push(e.into());
            }
        }
        out.put(into_handle(finish(scorer, errors)));
        Ok(())
    })
}

/// Frees a round's scores. NULL is ignored.
///
/// # Safety
///
/// `scoring` is NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_scoring_free(scoring: *mut KtScoring) {
    free_handle(scoring);
}

/// Counts of the round.
///
/// # Safety
///
/// `scoring` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_scoring_counts(
    scoring: *const KtScoring,
    out: *mut KtScoringCounts,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let s = handle(scoring, "scoring")?;
        out.put(KtScoringCounts {
            participants: s.results.len(),
            sheets: s.sheets,
            ignored: s.ignored,
            bad_rows: s.errors.len(),
        });
        Ok(())
    })
}

/// Result `index` (0 ≤ index < participants, by participant id). `KT_STATUS_OUT_OF_RANGE`
/// past the end.
///
/// # Safety
///
/// `scoring` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_scoring_result(
    scoring: *const KtScoring,
    index: usize,
    out: *mut KtResult,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let s = handle(scoring, "scoring")?;
        let r = s.results.get(index).ok_or_else(|| {
            Failure::new(
                KtStatus::OutOfRange,
                format!("成绩序号 {index} 超出范围（共 {} 人）", s.results.len()),
            )
        })?;
        let strings = s.c_strings.get_or_init(|| {
            let c = |t: &str| CString::new(t.replace('\0', "\u{FFFD}")).unwrap_or_default();
            s.results
                .iter()
                .map(|r| [c(&r.participant), c(&r.name)])
                .collect()
        });
        let [id, name] = strings
            .get(index)
            .ok_or_else(|| Failure::new(KtStatus::Internal, "成绩与其字符串数目不符".to_owned()))?;
        out.put(KtResult {
            participant: id.as_ptr(),
            name: name.as_ptr(),
            score: r.score,
            speed: r.speed,
            correct: r.correct,
            attempt: r.attempt,
            sheets: r.sheets,
            time_used: r.time_used.map_or(-1, i64::from),
        });
        Ok(())
    })
}

/// Every result as JSON: the core's `ParticipantResult` list, by participant id. `*out` is
/// freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `scoring` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_scoring_results_json(
    scoring: *const KtScoring,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        put_json(out, &handle(scoring, "scoring")?.results)
    })
}

/// The rows that could not be scored, as a JSON array of `{"row":N,"message":"…"}` in file
/// order (row = CSV line with the header as 1, or JSON element from 1). `*out` is freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `scoring` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_scoring_errors_json(
    scoring: *const KtScoring,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        put_json(out, &handle(scoring, "scoring")?.errors)
    })
}

/// The ranking under `options_json` (NULL or the core's `RankOptions`: tie-break chain, top,
/// certificates): the core's `Ranked` list as JSON, best first. `*out` is freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `scoring` is a live handle; `options_json` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_scoring_rank(
    scoring: *const KtScoring,
    options_json: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let s = handle(scoring, "scoring")?;
        let options: RankOptions = json_or_default(options_json, "options_json")?;
        put_json(out, &rank(&s.results, &options))
    })
}

/// Statistics per unit at every level of the unit paths (区 → 单位 → 支部): the core's
/// `UnitStats` list as JSON. `roster_json` is NULL or a list of the core's `RosterEntry`
/// (`{"unit":["东城区","一支部"],"headcount":40}`) for participation rates; `options_json` NULL
/// or `UnitOptions`. `*out` is freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `scoring` is a live handle; the strings are NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_scoring_units(
    scoring: *const KtScoring,
    roster_json: *const c_char,
    options_json: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let s = handle(scoring, "scoring")?;
        let roster: Vec<RosterEntry> = json_or_default(roster_json, "roster_json")?;
        let options: UnitOptions = json_or_default(options_json, "options_json")?;
        put_json(out, &aggregate_units(&s.results, &roster, &options))
    })
}

/// Ranks the units of [`kt_scoring_units`]'s output at `depth` (1 = top level) by
/// `criteria_json` in turn (a list of `"participation"`, `"mean"`, `"median"`,
/// `"participants"`, `"perfect"`): JSON `[[rank, index into units], …]`, best first. `*out` is
/// freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// The strings are NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_units_rank(
    units_json: *const c_char,
    depth: usize,
    criteria_json: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let units: Vec<UnitStats> = json(units_json, "units_json")?;
        let criteria: Vec<UnitCriterion> = json(criteria_json, "criteria_json")?;
        put_json(out, &rank_units(&units, depth, &criteria))
    })
}

/// The item analysis of each form (first attempts only) when the round was scored with
/// `analysis`: JSON `[["A", ItemReport], …]` with the core's `ItemReport` (facility,
/// discrimination, options chosen, flags; the paper's reliability). `options_json` is NULL or
/// `AnalysisOptions`. `KT_STATUS_NOT_FOUND` when scored without analysis. `*out` is freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `scoring` is a live handle; `options_json` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_scoring_item_analysis(
    scoring: *const KtScoring,
    options_json: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let s = handle(scoring, "scoring")?;
        let options: AnalysisOptions = json_or_default(options_json, "options_json")?;
        if s.analysis.is_empty() && s.sheets > 0 {
            return Err(Failure::new(
                KtStatus::NotFound,
                "评分时未要求试题分析（analysis 为 false）",
            ));
        }
        let reports: Vec<_> = s
            .analysis
            .iter()
            .map(|(form, a)| (form, a.report(&options)))
            .collect();
        put_json(out, &reports)
    })
}

/// A verifiable prize draw: `count` winners from `eligible_json` (a JSON list of participant
/// ids; duplicates count once) with a public seed (e.g. a lottery number announced after the
/// round). The core's `Lottery` as JSON. `*out` is freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// The strings are NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_contest_lottery(
    eligible_json: *const c_char,
    count: usize,
    public_seed: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let eligible: Vec<String> = json(eligible_json, "eligible_json")?;
        put_json(
            out,
            &draw(&eligible, count, text(public_seed, "public_seed")?),
        )
    })
}

/// The scoreboard of an on-stage contest: the stage configuration (the core's `StageConfig`,
/// as YAML like `question-banks/blueprints/stage.yaml` or as JSON) and its event log (JSON lines, as the host saved them) folded into the core's
/// `TeamStanding` list as JSON. An event the rules refuse is `KT_STATUS_CONTEST` naming the
/// line. `*out` is freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// The strings are NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_stage_board(
    config: *const c_char,
    log: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let config = StageConfig::from_yaml(text(config, "config")?).map_err(Failure::from)?;
        let events = parse_log(text(log, "log")?).map_err(Failure::from)?;
        let stage = Stage::replay(config, events)
            .map_err(|(i, e)| Failure::new(e.code().into(), format!("第 {} 个事件：{e}", i + 1)))?;
        put_json(out, &stage.scoreboard())
    })
}
