//! Contests: papers from a blueprint and seed, each participant's paper, scoring answer
//! sheets, ranking, unit reports, item analysis, the lottery and the on-stage contest.

use std::sync::Arc;

use kaotang::bank::{QuestionId, QuestionView};
use kaotang::contest::{
    AnalysisOptions, Blueprint, DEFAULT_UTC_OFFSET_SECS, Paper, RankOptions, RosterEntry,
    ScoreRules, ScoredSheets, Scorer, SharedSheetStream, SheetError, StageConfig, UnitCriterion,
    UnitOptions, UnitStats, aggregate_units, assemble, draw, parse_log, rank, rank_units,
    recover_log, score_sheets,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::banks::Banks;
use crate::error::{Code, Failure, Result};
use crate::json::{config_from_js, from_js, options_from_js, to_js};
use kaotang::error::Coded;

/// The parallel forms of a contest, assembled from a blueprint and a seed. Save it with
/// `toJSON()` and restore it with `Assembly.fromJSON` to score later against the same papers.
#[wasm_bindgen]
pub struct Assembly {
    // Shared with the sheet streams that score against it.
    inner: Arc<kaotang::contest::Assembly>,
}

impl Assembly {
    fn paper(&self, banks: &Banks, seed: u64, participant: &str) -> Result<Paper> {
        Ok(Paper::for_participant(
            banks.set(),
            &self.inner,
            seed,
            participant,
        )?)
    }
}

#[wasm_bindgen]
impl Assembly {
    /// Assembles the papers of `blueprint` from `banks` with `seed`; throws `CONTEST` when a
    /// section cannot be filled (the message says which and how many questions it lacks).
    pub fn assemble(
        banks: &Banks,
        #[wasm_bindgen(unchecked_param_type = "Blueprint | BlueprintData")] blueprint: JsValue,
        seed: u64,
    ) -> Result<Assembly> {
        let blueprint: Blueprint = config_from_js("blueprint", &blueprint)?;
        Ok(Assembly {
            inner: Arc::new(assemble(banks.set(), &blueprint, seed)?),
        })
    }

    /// An assembly saved with `toJSON()`.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "AssemblyData")] value: JsValue,
    ) -> Result<Assembly> {
        Ok(Assembly {
            inner: Arc::new(from_js("assembly", &value)?),
        })
    }

    /// The assembly as plain data (what `JSON.stringify` saves).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "AssemblyData")]
    pub fn to_json(&self) -> Result<JsValue> {
        to_js(&*self.inner)
    }

    /// What `participant` sees: their form, questions and choices in their shuffled order,
    /// never a key, hint or explanation.
    #[wasm_bindgen(js_name = participantView, unchecked_return_type = "ParticipantView")]
    pub fn participant_view(&self, banks: &Banks, seed: u64, participant: &str) -> Result<JsValue> {
        let paper = self.paper(banks, seed, participant)?;
        to_js(&paper.participant_view(banks.set(), &self.inner)?)
    }

    /// The key of `participant`'s paper in their shown order (for the organizer).
    #[wasm_bindgen(js_name = answerKey, unchecked_return_type = "KeyItem[]")]
    pub fn answer_key(&self, banks: &Banks, seed: u64, participant: &str) -> Result<JsValue> {
        let paper = self.paper(banks, seed, participant)?;
        to_js(&paper.key_view(banks.set())?)
    }

    /// Scores answer sheets (CSV bytes, UTF-8 or the GBK that Excel writes) under
    /// `options.rules`. Rows that cannot be scored are reported by number in `errors()` and
    /// skipped; set `options.analysis` to keep what item analysis needs.
    #[wasm_bindgen(js_name = scoreSheets)]
    pub fn score_sheets(
        &self,
        banks: &Banks,
        csv: &[u8],
        #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions")] options: Option<JsValue>,
    ) -> Result<Scoring> {
        let options: ScoreOptions = options_from_js("options", &options)?;
        let mut scorer = Scorer::new(banks.set(), &self.inner, options.rules)?;
        if options.analysis {
            scorer = scorer.with_analysis();
        }
        let scored = score_sheets(scorer, csv, DEFAULT_UTC_OFFSET_SECS)
            .map_err(|e| Failure::new(e.code(), format!("答题卡无法读取：{e}")))?;
        Ok(Scoring::from(scored))
    }

    /// A stream that scores a sheet file arriving in pieces (an upload, a `fetch` body):
    /// `push` each `Uint8Array` as it comes, in any split, then `finish()` for the same
    /// `Scoring` as `scoreSheets` on the whole file. Whole rows are scored as they arrive.
    #[wasm_bindgen(js_name = scoreStream)]
    pub fn score_stream(
        &self,
        banks: &Banks,
        #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions")] options: Option<JsValue>,
    ) -> Result<SheetStream> {
        let options: ScoreOptions = options_from_js("options", &options)?;
        Ok(SheetStream {
            inner: SharedSheetStream::start(
                banks.shared(),
                Arc::clone(&self.inner),
                options.rules,
                options.analysis,
                DEFAULT_UTC_OFFSET_SECS,
            )?,
        })
    }
}

/// A sheet file being scored as it arrives (from `Assembly.scoreStream`).
#[wasm_bindgen]
pub struct SheetStream {
    inner: SharedSheetStream,
}

#[wasm_bindgen]
impl SheetStream {
    /// The next piece of the file. Throws `INVALID_JSON` when the header cannot be read
    /// (no id column), and again on every later call.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.inner
            .push(chunk)
            .map_err(|e| Failure::new(e.code(), format!("答题卡无法读取：{e}")))
    }

    /// The rows skipped so far, in file order.
    #[wasm_bindgen(unchecked_return_type = "SheetRowError[]")]
    pub fn errors(&self) -> Result<JsValue> {
        to_js(&row_errors(self.inner.errors()))
    }

    /// Scores the rest (a last line without a line break included) and gives the result;
    /// the stream is used up.
    pub fn finish(mut self) -> Result<Scoring> {
        match self.inner.finish() {
            Some(Ok(scored)) => Ok(Scoring::from(scored)),
            Some(Err(e)) => Err(Failure::new(e.code(), format!("答题卡无法读取：{e}"))),
            None => Err(Failure::new(Code::Finished, "答题卡已评完")),
        }
    }
}

fn row_errors(errors: &[SheetError]) -> Vec<RowError> {
    errors
        .iter()
        .map(|e| RowError {
            row: e.row,
            message: e.message.clone(),
        })
        .collect()
}

impl From<ScoredSheets> for Scoring {
    fn from(scored: ScoredSheets) -> Self {
        Scoring {
            errors: row_errors(&scored.errors),
            inner: scored.scoring,
        }
    }
}

/// How to score sheets: the rules, and whether to keep what item analysis needs.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct ScoreOptions {
    rules: ScoreRules,
    analysis: bool,
}

/// A row of the sheets that could not be scored.
#[derive(Serialize)]
struct RowError {
    row: u64,
    message: String,
}

/// The outcome of scoring: one result per participant, the rows skipped, and what item
/// analysis needs.
#[wasm_bindgen]
pub struct Scoring {
    inner: kaotang::contest::Scoring,
    errors: Vec<RowError>,
}

#[wasm_bindgen]
impl Scoring {
    /// One result per participant, by id.
    #[wasm_bindgen(unchecked_return_type = "ParticipantResult[]")]
    pub fn results(&self) -> Result<JsValue> {
        to_js(&self.inner.results)
    }

    /// The rows that could not be scored, in file order.
    #[wasm_bindgen(unchecked_return_type = "SheetRowError[]")]
    pub fn errors(&self) -> Result<JsValue> {
        to_js(&self.errors)
    }

    /// Sheets scored (rows in `errors()` not counted).
    #[wasm_bindgen(getter)]
    pub fn sheets(&self) -> f64 {
        self.inner.sheets as f64
    }

    /// Sheets ignored by the attempts policy.
    #[wasm_bindgen(getter)]
    pub fn ignored(&self) -> f64 {
        self.inner.ignored as f64
    }

    /// The ranking under `options` (tie-break chain, top N, certificates).
    #[wasm_bindgen(unchecked_return_type = "Ranked[]")]
    pub fn rank(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RankOptions")] options: Option<JsValue>,
    ) -> Result<JsValue> {
        let options: RankOptions = options_from_js("options", &options)?;
        to_js(&rank(&self.inner.results, &options))
    }

    /// Statistics per unit at every level of the unit paths (区 → 单位 → 支部); `roster`
    /// gives headcounts for participation rates.
    #[wasm_bindgen(unchecked_return_type = "UnitStats[]")]
    pub fn units(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "readonly RosterEntry[]")] roster: Option<
            JsValue,
        >,
        #[wasm_bindgen(unchecked_optional_param_type = "UnitOptions")] options: Option<JsValue>,
    ) -> Result<JsValue> {
        let roster: Vec<RosterEntry> = options_from_js("roster", &roster)?;
        let options: UnitOptions = options_from_js("options", &options)?;
        to_js(&aggregate_units(&self.inner.results, &roster, &options))
    }

    /// Item analysis per form: pass rates, discrimination, reliability. Throws `NOT_FOUND`
    /// when the sheets were scored without `analysis`.
    #[wasm_bindgen(js_name = itemAnalysis, unchecked_return_type = "[string, ItemReport][]")]
    pub fn item_analysis(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AnalysisOptions")] options: Option<JsValue>,
    ) -> Result<JsValue> {
        let options: AnalysisOptions = options_from_js("options", &options)?;
        if self.inner.analysis.is_empty() && self.inner.sheets > 0 {
            return Err(Failure::new(
                Code::NotFound,
                "评分时未要求试题分析（analysis 为 false）",
            ));
        }
        let reports: Vec<_> = self
            .inner
            .analysis
            .iter()
            .map(|(form, a)| (form, a.report(&options)))
            .collect();
        to_js(&reports)
    }
}

/// Ranks the units at `depth` (1 = top level) by `criteria` in turn: `[rank, index into
/// units]` pairs, best first.
#[wasm_bindgen(js_name = rankUnits, unchecked_return_type = "[number, number][]")]
pub fn rank_units_js(
    #[wasm_bindgen(unchecked_param_type = "readonly UnitStats[]")] units: JsValue,
    depth: usize,
    #[wasm_bindgen(unchecked_param_type = "readonly UnitCriterion[]")] criteria: JsValue,
) -> Result<JsValue> {
    let units: Vec<UnitStats> = from_js("units", &units)?;
    let criteria: Vec<UnitCriterion> = from_js("criteria", &criteria)?;
    to_js(&rank_units(&units, depth, &criteria))
}

/// A verifiable prize draw: `count` winners from `eligible`, derived from a seed published
/// in advance (e.g. a lottery number), so anyone can repeat it.
#[wasm_bindgen(unchecked_return_type = "Lottery")]
pub fn lottery(
    #[wasm_bindgen(unchecked_param_type = "readonly string[]")] eligible: JsValue,
    count: usize,
    public_seed: &str,
) -> Result<JsValue> {
    let eligible: Vec<String> = from_js("eligible", &eligible)?;
    to_js(&draw(&eligible, count, public_seed))
}

fn stage_config(config: &JsValue) -> Result<StageConfig> {
    let config: serde_json::Value = config_from_js("config", config)?;
    Ok(StageConfig::from_json(&config.to_string())?)
}

/// An on-stage contest (现场赛): the state is the fold of its event log, and every event is
/// checked against the rules before it is applied.
#[wasm_bindgen]
pub struct Stage {
    inner: kaotang::contest::Stage,
}

#[wasm_bindgen]
impl Stage {
    /// A new stage from its configuration: the fields of
    /// `question-banks/blueprints/stage.yaml` as an object, or what `parseStageConfig` reads
    /// from that file.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "StageConfig | StageConfigData")] config: JsValue,
    ) -> Result<Stage> {
        Ok(Stage {
            inner: kaotang::contest::Stage::new(stage_config(&config)?),
        })
    }

    /// A stage replayed from its log (one JSON event per line, as `toLog()` writes it).
    pub fn replay(
        #[wasm_bindgen(unchecked_param_type = "StageConfig | StageConfigData")] config: JsValue,
        log: &str,
    ) -> Result<Stage> {
        let config = stage_config(&config)?;
        let events = parse_log(log)?;
        let inner = kaotang::contest::Stage::replay(config, events)
            .map_err(|(i, e)| Failure::new(e.code(), format!("第 {} 个事件：{e}", i + 1)))?;
        Ok(Stage { inner })
    }

    /// Applies one event; throws `CONTEST` (and changes nothing) when the rules forbid it now.
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "StageEvent")] event: JsValue,
    ) -> Result<()> {
        Ok(self.inner.apply(from_js("event", &event)?)?)
    }

    /// Teams by score, best first.
    #[wasm_bindgen(unchecked_return_type = "TeamStanding[]")]
    pub fn scoreboard(&self) -> Result<JsValue> {
        to_js(&self.inner.scoreboard())
    }

    /// The current round's label (e.g. 必答题), empty before the first round.
    #[wasm_bindgen(getter, js_name = roundLabel)]
    pub fn round_label(&self) -> String {
        self.inner.round_label()
    }

    /// The log to persist: one JSON event per line.
    #[wasm_bindgen(js_name = toLog)]
    pub fn to_log(&self) -> String {
        self.inner.to_log()
    }

    /// Where the contest stands besides the scores: the round, the question's phase, whose
    /// turn it is, who may still buzz, the questions named so far.
    #[wasm_bindgen(unchecked_return_type = "StageStatus")]
    pub fn status(&self) -> Result<JsValue> {
        to_js(&self.inner.status())
    }

    /// The accepted events, in order (an undo is an event too).
    #[wasm_bindgen(unchecked_return_type = "StageEvent[]")]
    pub fn events(&self) -> Result<JsValue> {
        to_js(self.inner.events())
    }

    /// The configuration as the stage runs it, every default filled in.
    #[wasm_bindgen(unchecked_return_type = "StageConfigData")]
    pub fn config(&self) -> Result<JsValue> {
        to_js(self.inner.config())
    }
}

/// Reads a blueprint from the YAML (or JSON) text the CLI reads, e.g.
/// `question-banks/blueprints/stage-paper.yaml`, as the object `Assembly.assemble` takes;
/// throws `CONTEST` with what is wrong.
#[wasm_bindgen(js_name = parseBlueprint, unchecked_return_type = "BlueprintData")]
pub fn parse_blueprint(text: &str) -> Result<JsValue> {
    let blueprint = Blueprint::from_json(&yaml_json(text)?).map_err(|e| no_json_position(&e))?;
    to_js(&blueprint)
}

/// A configuration error without serde_json's position, which counts in the JSON text made
/// from the YAML, not in the file the organizer wrote.
fn no_json_position(e: &impl std::fmt::Display) -> Failure {
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head);
    Failure::new(Code::Contest, message)
}

/// YAML text as JSON text, for the core's `from_json` readers (see Cargo.toml).
fn yaml_json(text: &str) -> Result<String> {
    let value: serde_json::Value = serde_saphyr::from_str(text)
        .map_err(|e| Failure::new(Code::Contest, format!("YAML 无法读取：{e}")))?;
    Ok(value.to_string())
}

/// A question as an on-stage console shows it: what the teams see (choices in authored
/// order, as the CLI's form and key files print them), the key as typed (letters, 对/错, the
/// blanks' first answers) and the explanation. Throws `NOT_FOUND` for an unknown id.
#[wasm_bindgen(js_name = stageQuestion, unchecked_return_type = "StageQuestion")]
pub fn stage_question(banks: &Banks, id: &str) -> Result<JsValue> {
    #[derive(Serialize)]
    struct StageQuestion<'a> {
        view: QuestionView,
        answer: String,
        explanation: &'a str,
    }
    let q = banks
        .set()
        .question(&QuestionId(id.to_owned()))
        .ok_or_else(|| Failure::new(Code::NotFound, format!("题库中没有题目“{id}”")))?;
    to_js(&StageQuestion {
        view: q.participant_view(),
        answer: q.answer_text(),
        explanation: &q.explanation,
    })
}

/// Reads a stage configuration from the YAML (or JSON) text the CLI reads, e.g.
/// `question-banks/blueprints/stage.yaml`; throws `CONTEST` naming the line and column.
#[wasm_bindgen(js_name = parseStageConfig, unchecked_return_type = "StageConfigData")]
pub fn parse_stage_config(text: &str) -> Result<JsValue> {
    let config = StageConfig::from_json(&yaml_json(text)?).map_err(|e| no_json_position(&e))?;
    to_js(&config)
}

/// A stage log read back as the CLI reads it after a crash: events glued on one line are
/// split, a torn last line is set aside and reported. Throws `INVALID_JSON` naming the line
/// when another line is not an event (as `Stage.replay` and the C library do).
#[wasm_bindgen(js_name = recoverStageLog, unchecked_return_type = "RecoveredStageLog")]
pub fn recover_stage_log(text: &str) -> Result<JsValue> {
    #[derive(Serialize)]
    struct Torn {
        line: usize,
        text: String,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Recovered {
        log: String,
        events: usize,
        glued_lines: Vec<usize>,
        torn: Option<Torn>,
        needs_rewrite: bool,
    }
    let r = recover_log(text)?;
    to_js(&Recovered {
        log: r.text(),
        events: r.events.len(),
        torn: r.torn.clone().map(|(line, text)| Torn { line, text }),
        glued_lines: r.glued_lines,
        needs_rewrite: r.needs_rewrite,
    })
}
