//! A learner's data for an app that keeps it itself (the web app's IndexedDB): the stored
//! record of each log entry and reading them back (damaged records reported, never dropped),
//! whether 每日一题 was answered, and the study days for a calendar; and, in the organizer's module `kaotang/contest` only,
//! the profile export of `kaotang profile export` (the core's `study::transfer`) and the
//! study plan to a deadline. Those two cost about 10 KB gzipped, which the learner's `.wasm`
//! (gated at 400 KB) has no room for; an app loads `kaotang/contest` when they are used.

use kaotang::study::{Entry, read_log as core_read_log};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::banks::Banks;
use crate::error::Result;
use crate::json::{from_js, to_js};
use crate::study::{Learner, date};

#[wasm_bindgen(typescript_custom_section)]
const PROFILE_TYPES: &'static str = r#"
/** One learner of a profile export (`kaotang profile export`). */
export interface LearnerData {
  name: string;
  log: LogEntry[];
}

/** Stored records read back: the readable entries, and the damaged ones by position. */
export interface LogRead {
  entries: LogEntry[];
  damaged: { index: number; message: string }[];
}

/** What happened on one study day (for a streak calendar). */
export interface StudyDay {
  date: DateString;
  answers: number;
  correct: number;
  new: number;
  reviews: number;
  reads: number;
  points: number;
}

/** Settings of a study plan to a deadline (every field optional). */
export interface DeadlineSettings {
  filter?: QuestionFilter;
  deadline?: DateString;
  dailyMinutes?: number;
  newSecs?: number;
  reviewSecs?: number;
  bufferDays?: number;
  retentionFar?: number;
  retentionNear?: number;
  rampDays?: number;
}

/** Today's part of a study plan to a deadline. */
export interface DeadlineDay {
  days_left: number;
  in_scope: number;
  unseen: number;
  new_today: number;
  review_cap: number;
  due_reviews: number;
  over_budget_minutes: number;
  desired_retention: number;
  on_track: boolean;
  predicted_recall: number;
  recall_if_stopped: number;
  plan: DailyPlan;
}
"#;

/// The record to store for a log entry: its versioned JSON, the same text as a CLI profile's
/// log row. Throws `INVALID_JSON` for something that is not an entry.
#[wasm_bindgen(js_name = logRecord)]
pub fn log_record(
    #[wasm_bindgen(unchecked_param_type = "LogEntry")] entry: JsValue,
) -> Result<String> {
    let entry: Entry = from_js("entry", &entry)?;
    Ok(entry.to_json())
}

/// Reads stored records (`logRecord` texts) in order: damaged ones are reported by position
/// and left out, so the rest of the log still counts. Keep the damaged records stored and
/// tell the learner.
#[wasm_bindgen(js_name = readLog, unchecked_return_type = "LogRead")]
pub fn read_log(records: Vec<String>) -> Result<JsValue> {
    to_js(&core_read_log(records.iter().map(String::as_str)))
}

#[derive(Serialize)]
struct StudyDay {
    date: kaotang::time::Date,
    answers: u32,
    correct: u32,
    new: u32,
    reviews: u32,
    reads: u32,
    points: u32,
}

#[wasm_bindgen]
impl Learner {
    /// Whether the learner already answered 每日一题 of `date` (`YYYY-MM-DD`) on that day, in
    /// any mode: it is then not asked again (and would earn nothing twice).
    #[wasm_bindgen(js_name = answeredQuestionOfTheDay)]
    pub fn answered_question_of_the_day(&self, banks: &Banks, date_: &str) -> Result<bool> {
        Ok(kaotang::study::today(banks.set(), date(date_)?).answered(&self.state))
    }

    /// The days with any study from `from` to `to` (`YYYY-MM-DD`, inclusive), oldest first.
    #[wasm_bindgen(unchecked_return_type = "StudyDay[]")]
    pub fn days(&self, from: &str, to: &str) -> Result<JsValue> {
        let (from, to) = (date(from)?, date(to)?);
        let days: Vec<StudyDay> = self
            .state
            .days
            .range(from..=to)
            .map(|(d, l)| StudyDay {
                date: *d,
                answers: l.answers,
                correct: l.correct,
                new: l.new,
                reviews: l.reviews,
                reads: l.reads,
                points: l.total_points(),
            })
            .collect();
        to_js(&days)
    }
}

/// The profile export and the deadline plan (see the module docs for why only here).
#[cfg(feature = "contest")]
mod organizer {
    use kaotang::study::{DeadlineSettings, Entry, LearnerExport, ProfileExport, deadline_plan};
    use serde::{Deserialize, Serialize};
    use wasm_bindgen::prelude::*;

    use crate::banks::Banks;
    use crate::error::{Code, Failure, Result};
    use crate::json::{from_js, options_from_js, to_js};
    use crate::study::{Learner, Study, timestamp};

    /// Reads a profile export (the JSON of `kaotang profile export`), checking the format,
    /// the version and every entry. Throws `INVALID_JSON` with a Chinese message that says
    /// what is wrong and where (another program's file, a newer version, a bad entry).
    #[wasm_bindgen(js_name = readProfile, unchecked_return_type = "LearnerData[]")]
    pub fn read_profile(text: &str) -> Result<JsValue> {
        let export = ProfileExport::from_json(text)
            .map_err(|e| Failure::new(Code::InvalidJson, e.to_string()))?;
        let learners: Vec<Data> = export
            .learners
            .into_iter()
            .map(|l| Data {
                name: l.name,
                log: l.log,
            })
            .collect();
        to_js(&learners)
    }

    /// A profile export of `learners`, the JSON text `kaotang profile import` reads.
    #[wasm_bindgen(js_name = writeProfile)]
    pub fn write_profile(
        #[wasm_bindgen(unchecked_param_type = "readonly LearnerData[]")] learners: JsValue,
    ) -> Result<String> {
        let learners: Vec<Data> = from_js("learners", &learners)?;
        Ok(ProfileExport {
            learners: learners
                .into_iter()
                .map(|d| LearnerExport {
                    name: d.name,
                    log: d.log,
                })
                .collect(),
        }
        .to_json())
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Data {
        name: String,
        log: Vec<Entry>,
    }

    #[wasm_bindgen]
    impl Learner {
        /// Today's part of a study plan to a deadline (default 2027-06-30, 20 minutes a day):
        /// new questions spread over the days left, every due review kept, the predicted
        /// recall on the day. Throws `INVALID_SETTINGS` for settings out of range.
        #[wasm_bindgen(js_name = deadlinePlan, unchecked_return_type = "DeadlineDay")]
        pub fn deadline_plan(
            &self,
            study: &Study,
            banks: &Banks,
            now: f64,
            #[wasm_bindgen(unchecked_optional_param_type = "DeadlineSettings")] settings: Option<
                JsValue,
            >,
        ) -> Result<JsValue> {
            let settings: DeadlineSettings = options_from_js("settings", &settings)?;
            let day = deadline_plan(
                &study.inner,
                banks.set(),
                &self.state,
                timestamp("now", now)?,
                &settings,
            )?;
            to_js(&day)
        }
    }
}
