// Generated from the core's Rust types by crates/kaotang-wasm/tests/types.rs
// (`KAOTANG_BLESS=1 cargo test -p kaotang-wasm --test types`). Do not edit.

/** The forms assembled from a blueprint. */
export type Assembly = {
  /** Parallel forms, labelled A, B, …. */
  forms: Form[];
  /** The seed the forms were drawn with. */
  seed: number;
  /** Total time allowed, in minutes. */
  time_limit_minutes: number;
  /** The paper's title. */
  title: string;
};

/** A bank's header. */
export type BankInfo = {
  /** Unique bank id. */
  id: string;
  /** The sources its items cite. */
  sources: Source[];
  /** Title. */
  title: string;
  /** Version of the bank's content. */
  version: number;
};

/** 一个空的答案：一个字符串，或可接受答案的列表 */
export type Blank = string | string[];

/** What a paper must contain: sections, a difficulty target, required and banned questions,
 * groups that must not appear together, parallel forms and the questions used in earlier rounds.
 * 
 * Read from YAML ([`Blueprint::from_yaml`]) or JSON ([`Blueprint::from_json`]); see
 * `question-banks/blueprints/chusai.yaml` for an annotated example. */
export type Blueprint = {
  /** The mean difficulty each form must reach, if any. */
  difficulty?: DifficultyTarget | null;
  /** Questions that must not appear. */
  exclude: QuestionId[];
  /** Groups of questions of which at most one may appear in a form (one gives another away). */
  exclusive: QuestionId[][];
  /** Number of parallel forms (A, B, …), at least 1. */
  forms: number;
  /** Questions that must appear (in every form, in the first section whose filter they pass). */
  include: QuestionId[];
  /** Sections in paper order. */
  sections: Section[];
  /** Whether parallel forms may share questions (required questions are always shared). */
  sharing: Sharing;
  /** Total time allowed, in minutes. */
  time_limit_minutes: number;
  /** The paper's title (e.g. 党史知识竞赛初赛). */
  title: string;
  /** Questions used in earlier rounds: chosen only when a section has too few others. */
  used_before: QuestionId[];
};

/** One question as a learner knows it. */
export type Card = {
  /** Answers in any mode. */
  answers: number;
  /** Correct answers in any mode. */
  correct: number;
  /** When first answered. */
  first_seen: Timestamp | null;
  /** When last answered. */
  last_seen: Timestamp | null;
  /** When last answered wrong. */
  last_wrong: Timestamp | null;
  /** The spaced-repetition schedule (memory state, due date, reps, lapses, last review). */
  schedule: CardSchedule;
  /** Correct answers in a row, in any mode. */
  streak: number;
  /** In the wrong book (错题本). */
  wrong_book: boolean;
  /** The last day counted in `wrong_book_days`. */
  wrong_book_counted?: Date | null;
  /** While in the wrong book: days with a correct answer after the day it was last answered wrong. */
  wrong_book_days: number;
};

/** Questions by stage. */
export type CardCounts = {
  /** In the learning or relearning steps. */
  learning: number;
  /** Graduated with an interval of 21 days or more. */
  mature: number;
  /** Never scheduled. */
  new: number;
  /** Graduated with an interval under 21 days. */
  young: number;
};

/** The scheduling state of one question for one learner. `Default` is a new question.
 * 
 * FSRS keeps [`memory`](Self::memory) and SM-2 keeps [`ease`](Self::ease); each scheduler
 * clears the other's field when it reviews, so a card switched between algorithms is
 * converted once (SM-2 → FSRS uses [`Fsrs::memory_state_from_sm2`]) rather than left with a
 * stale value. */
export type CardSchedule = {
  /** When the question is next due. In the learning phases this is an exact instant; in the review phase it is the start (midnight) of the due day, so the question is due all day. A new question is due at once (the epoch). */
  due: Timestamp;
  /** SM-2 ease factor (2.5 = 250%), once graduated under SM-2. */
  ease?: number | null;
  /** Number of times it was forgotten after graduating. */
  lapses: number;
  /** When it was last answered. */
  last_review?: Timestamp | null;
  /** FSRS memory state, once answered under FSRS. */
  memory?: MemoryState | null;
  /** Number of answers so far. */
  reps: number;
  /** The last interval scheduled in whole days (0 until the first graduation). While relearning, the interval the question returns to under SM-2. */
  scheduled_days: number;
} & ({
  phase: "new";
} | {
  phase: "learning";
  /** Index into the learning steps of the step the question is waiting on. */
  step: number;
} | {
  phase: "review";
} | {
  phase: "relearning";
  /** Index into the relearning steps of the step the question is waiting on. */
  step: number;
});

/** An ordered queue of questions for one day. */
export type DailyPlan = {
  /** The day. */
  date: Date;
  /** Questions due in scope before the cap (reviews and wrong book). */
  due: number;
  /** The queue, in order. */
  items: PlanItem[];
  /** The mode the answers are logged under. */
  mode: Mode;
  /** New questions in scope never scheduled. */
  new_available: number;
  /** Whether answers move the schedule. */
  scheduled: boolean;
};

/** 日期 YYYY-MM-DD */
export type Date = string;

/** A target for the mean difficulty (1–5) of each form. */
export type DifficultyTarget = {
  /** The mean to reach. */
  mean: number;
  /** The largest allowed distance from `mean`. */
  tolerance: number;
};

/** One entry of a learner's append-only log. */
export type Entry = ({
  entry: "review";
} & ReviewRecord) | ({
  entry: "read";
} & ReadRecord);

/** The result of a micro-exam. */
export type ExamReport = {
  /** Questions answered. */
  answered: number;
  /** Fully right answers. */
  correct: number;
  /** Seconds from the start to the submission (at most the time limit when time ran out). */
  elapsed_secs: number;
  /** Score out of 100 (credit share over every question of the paper, to one decimal). */
  score: number;
  /** Submitted because time was up. */
  timed_out: boolean;
  /** Questions of the paper. */
  total: number;
  /** Every question not fully right, answered or not, in paper order, with its explanation. */
  wrong: WrongItem[];
};

/** What the learner is told after an answer, with the record to persist. */
export type Feedback = {
  /** The key written out, e.g. `B. 嘉兴南湖` ([`crate::grade::display_key`]). */
  answer_text: string;
  /** Fully right. */
  correct: boolean;
  /** 解析. */
  explanation: string;
  /** The session has ended with this answer. */
  finished: boolean;
  /** Credit and correctness. */
  grade: Grade;
  /** When the question comes back, for an answer that moved the schedule (`None` in practice, cram, learn-ahead, challenge and exam by default). */
  next_review: NextReview | null;
  /** Points earned by this answer (including a study-day bonus). An answer after a hint earns none (`record.hint_used`). */
  points: number;
  /** The question answered. */
  question: QuestionId;
  /** The record of this answer: persist it (it is already applied to the state). */
  record: ReviewRecord;
  /** In 挑战答题: this wrong answer used a revive and the run goes on. */
  revive_used: boolean;
  /** What the answer did to the wrong book (错题本). */
  wrong_book: WrongBookMark;
};

/** One parallel form: the same sections, possibly different questions. */
export type Form = {
  /** The label (A, B, …). */
  label: string;
  /** The mean difficulty of the form's questions. */
  mean_difficulty: number;
  /** Sections in paper order. */
  sections: FormSection[];
};

/** One section of a form. */
export type FormSection = {
  /** Partial credit for multiple-choice questions. */
  multi: MultiPolicy;
  /** The section's name. */
  name: string;
  /** Points per question. */
  points: number;
  /** The questions, in bank order. */
  questions: QuestionId[];
};

/** The outcome of grading one response. */
export type Grade = {
  /** Full credit. */
  correct: boolean;
  /** Credit in `[0, 1]`. */
  credit: number;
};

/** Accuracy and predicted retention of a group of questions (a period or a tag). */
export type GroupStats = {
  /** Correct answers / answers (0 without answers). */
  accuracy: number;
  /** Answers. */
  answers: number;
  /** Correct answers. */
  correct: number;
  /** Questions in the banks. */
  questions: number;
  /** Mean predicted recall now over the scheduled questions (0 when none). */
  retention: number;
  /** Questions answered at least once. */
  seen: number;
};

/** Why an item should be reviewed. */
export type ItemFlag = "negative_discrimination" | "low_discrimination" | "too_easy" | "too_hard";

/** Why a question is in the plan. */
export type ItemKind = "review" | "wrong_book" | "new" | "extra";

/** The result of item analysis. */
export type ItemReport = {
  /** Per item, in form order. */
  items: ItemStats[];
  /** The paper. */
  paper: PaperStats;
};

/** Statistics of one item. */
export type ItemStats = {
  /** Corrected item–total correlation (none when an item or the rest does not vary). */
  discrimination: number | null;
  /** Mean credit, 0–1. */
  facility: number;
  /** Review flags. */
  flags: ItemFlag[];
  /** How often each option was chosen (authored order); empty for questions without options to choose (true/false, fill-in, order, match). */
  options: number[];
  /** The question. */
  question: QuestionId;
  /** Difficulty 1–5 suggested by the facility. */
  suggested_difficulty: number;
  /** How often it was left unanswered. */
  unanswered: number;
};

/** The key to one paper, in shown letters. */
export type KeyItem = {
  /** The key as the participant would write it (shown letters, 对/错, blanks). */
  answer: string;
  /** 解析. */
  explanation: string;
  /** Number on the paper, from 1. */
  number: number;
  /** The question. */
  question: QuestionId;
};

/** One learner's progress. */
export type LearnerReport = {
  /** Best challenge run. */
  best_challenge: number;
  /** Longest study-day streak. */
  best_streak: number;
  /** Per period. */
  by_period: Record<string, GroupStats>;
  /** Per tag. */
  by_tag: Record<string, GroupStats>;
  /** Questions by stage. */
  cards: CardCounts;
  /** The day of the report. */
  date: Date;
  /** Scheduled questions due on each of the next 14 days (today includes overdue ones). */
  forecast: ([Date, number])[];
  /** All answers, correct answers and their share. */
  overall: GroupStats;
  /** Points today, this week, in all. */
  points: PointsTotals;
  /** 积分明细: today's points per mode that earns any, against its daily cap, in the order of [`Mode::ALL`]; then the study-day and streak bonus (mode `None`) against the most it can be. (All points of a day are also capped by the policy's `daily_cap`.) */
  points_today: ModePoints[];
  /** Current study-day streak. */
  streak: number;
  /** Questions in the wrong book. */
  wrong_book: number;
};

/** 选项字母，A 为第一项（如 B 或 ACD） */
export type Letters = string;

/** The outcome of a draw, for publication. */
export type Lottery = {
  /** Distinct qualifying participants. */
  pool: number;
  /** The public seed. */
  public_seed: string;
  /** Winners in draw order. */
  winners: string[];
};

/** The FSRS memory state of a question. */
export type MemoryState = {
  /** How hard the question is for this learner, in [[`DIFFICULTY_MIN`], [`DIFFICULTY_MAX`]]. */
  difficulty: number;
  /** Days until the probability of recall falls to 90%, in [[`STABILITY_MIN`], [`STABILITY_MAX`]]. */
  stability: number;
};

/** A study mode: where an answer was given. Serialised in snake case (`daily`, `challenge` …). */
export type Mode = "daily" | "learn_ahead" | "cram" | "today" | "challenge" | "exam" | "practice" | "wrong_book" | "reading";

/** Points earned today in one mode against its daily cap. */
export type ModePoints = {
  /** At most this many a day. */
  cap: number;
  /** The mode; `None` for the study-day and streak bonus. */
  mode: Mode | null;
  /** Points earned today. */
  points: number;
};

/** How multiple-choice questions earn partial credit. */
export type MultiPolicy = {
  policy: "all_or_nothing";
} | {
  policy: "partial";
} | {
  /** Credit taken off per wrong choice (e.g. 0.5). */
  per_wrong: number;
  policy: "deduct";
};

/** When a question is next due after an answer that moved the schedule. */
export type NextReview = {
  /** Calendar days from the answer's day to the due day (0: again today, in learning). */
  days: number;
  /** The due instant (midnight of the due day once graduated). */
  due: Timestamp;
};

/** Statistics of the paper as a whole. */
export type PaperStats = {
  /** Cronbach's alpha (none with fewer than 2 items or no variance). */
  alpha: number | null;
  /** Mean total (questions only, without base or speed points). */
  mean: number;
  /** Standard deviation of the total. */
  sd: number;
  /** Standard error of measurement. */
  sem: number | null;
  /** Sheets analysed. */
  sheets: number;
};

/** A participant's result after combining attempts. */
export type ParticipantResult = {
  /** The counted attempt's number (attempts counted under `Sum`). */
  attempt: number;
  /** Questions right. */
  correct: number;
  /** Form label, shared by everyone on the form. */
  form: string;
  /** Name (from the counted attempt). */
  name: string;
  /** Participant id (stored inline up to 24 bytes, as ids and names nearly always are: a round of a million participants allocates nothing for them). */
  participant: string;
  /** Score (the best attempt, or the sum). */
  score: number;
  /** Sheets received, counted or not. */
  sheets: number;
  /** Speed points included. */
  speed: number;
  /** When the counted attempt was submitted (the last one under `Sum`). */
  submitted: Timestamp | null;
  /** Seconds used (summed under [`AttemptPolicy::Sum`]). */
  time_used: number | null;
  /** Unit path (from the counted attempt), shared by everyone in the unit. */
  unit: string[];
};

/** What a participant sees: no key, hint or explanation. */
export type ParticipantView = {
  /** The form's label. */
  form: string;
  /** The participant id. */
  participant: string;
  /** Sections with their questions. */
  sections: ViewSection[];
  /** Total time allowed, in minutes. */
  time_limit_minutes: number;
  /** The paper's title. */
  title: string;
};

/** The four periods of Party history, as 《中国共产党简史》 (2021) divides them.
 * 
 * Ordered chronologically; the curriculum order of new questions follows it. */
export type Period = "新民主主义革命时期" | "社会主义革命和建设时期" | "改革开放和社会主义现代化建设新时期" | "中国特色社会主义新时代";

/** One question of a plan. */
export type PlanItem = {
  /** Why it is in the plan. */
  kind: ItemKind;
  /** The question. */
  question: QuestionId;
  /** Predicted recall now (0 for a new question). */
  retrievability: number;
};

/** A learner's points. */
export type PointsTotals = {
  /** Today. */
  today: number;
  /** All time. */
  total: number;
  /** This week, Monday to today. */
  week: number;
};

/** A question. */
export type Question = {
  /** 1 (everyone knows) to 5 (specialist). */
  difficulty: number;
  /** The date of the calendar event the question asks about. */
  event_date?: Date | null;
  /** 解析: context that teaches, shown after answering. */
  explanation: string;
  /** 提示: a passage that contains the answer. */
  hint?: string | null;
  /** Stable id, unique across all banks. */
  id: QuestionId;
  /** Period of Party history. */
  period: Period;
  /** Where the fact is treated. */
  source: SourceRef;
  /** The question text. Fill-in blanks are written `____`. */
  stem: string;
  /** Topical tags. */
  tags: string[];
} & ({
  /** The correct option's letter. */
  answer: Letters;
  /** The options, 3 to 8. */
  options: string[];
  type: "single";
} | {
  /** The correct options' letters, ascending. */
  answer: Letters;
  /** The options, 3 to 8. */
  options: string[];
  type: "multiple";
} | {
  /** Whether the statement is true. */
  answer: boolean;
  type: "judge";
} | {
  /** One entry per blank, in order. */
  answer: Blank[];
  type: "fill";
} | {
  /** The correct sequence as letters of `items`. */
  answer: Letters;
  /** The items as shown, 3 to 8. */
  items: string[];
  type: "order";
} | {
  /** For each left item, the letter of its right item. */
  answer: Letters;
  /** Left items, 2 to 8. */
  left: string[];
  /** Right items, at least as many as `left` (extras are distractors). */
  right: string[];
  type: "match";
});

/** Which questions to use: every non-empty list must match (types, periods, banks); `tags`
 * matches a question with any of the tags; difficulty is an inclusive range. */
export type QuestionFilter = {
  /** Bank ids (empty: all). */
  banks: string[];
  /** Highest difficulty (default 5). */
  max_difficulty: number | null;
  /** Lowest difficulty (default 1). */
  min_difficulty: number | null;
  /** Periods (empty: all). */
  periods: Period[];
  /** Tags, any of which must be present (empty: all). */
  tags: string[];
  /** Question types (empty: all). */
  types: QuestionType[];
};

/** A question id, stable and unique across all loaded banks (e.g. `xmz-001`). */
export type QuestionId = string;

/** The type of a question, without its data. */
export type QuestionType = "single" | "multiple" | "judge" | "fill" | "order" | "match";

/** What a learner is shown before answering: a question without its key, hint or explanation.
 * Front ends (C, WASM) show this; the full [`Question`] is for review after answering. */
export type QuestionView = {
  /** Number of blanks of a fill-in question (0 otherwise). */
  blanks: number;
  /** Options (single, multiple), items (order) or the left column (match), lettered A, B, … */
  choices: string[];
  /** 1 (everyone knows) to 5 (specialist). */
  difficulty: number;
  /** Whether a hint (提示) can be asked for. */
  has_hint: boolean;
  /** The question's id. */
  id: QuestionId;
  /** Period of Party history. */
  period: Period;
  /** The right column of a match question, lettered A, B, … (empty otherwise). */
  right: string[];
  /** The question text (fill-in blanks written `____`). */
  stem: string;
  /** Topical tags. */
  tags: string[];
  /** Its type. */
  type: QuestionType;
};

/** A participant's place. */
export type Ranked = {
  /** The certificate earned, if any. */
  certificate: string | null;
  /** Dense rank (1, 2, 2, 3). */
  dense_rank: number;
  /** Index into the results. */
  index: number;
  /** Standard competition rank (1, 2, 2, 4). */
  rank: number;
};

/** How well a question was remembered: the four answer grades of FSRS and Anki. */
export type Rating = "again" | "hard" | "good" | "easy";

/** A reading marked read (天天读). */
export type ReadRecord = {
  /** When it was read. */
  at: Timestamp;
  /** Points earned for studying today and the study-day streak (after the cap). */
  bonus: number;
  /** Points earned for reading (after the caps). */
  points: number;
  /** The reading's id. */
  reading: string;
};

/** A short reading for 天天读 / 知识卡片. */
export type Reading = {
  /** Stable id, unique across all banks. */
  id: string;
  /** Position in the reading plan (unique across all banks; ascending through the century). */
  order: number;
  /** Period of Party history. */
  period: Period;
  /** Where it is treated. */
  source: SourceRef;
  /** Topical tags; questions with the same tags are linked to the reading. */
  tags: string[];
  /** The text, 200–500 Han characters. */
  text: string;
  /** Title. */
  title: string;
};

/** A learner's answer, against the authored order of options, items and columns. */
export type Response = {
  type: "choices";
  value: number[];
} | {
  type: "judge";
  value: boolean;
} | {
  type: "fill";
  value: string[];
} | {
  type: "order";
  value: number[];
} | {
  type: "match";
  value: (number | null)[];
};

/** One answer: the unit of the review log. */
export type ReviewRecord = {
  /** Time taken, in milliseconds. */
  answer_ms: number;
  /** When it was answered. */
  at: Timestamp;
  /** Points earned for studying today and the study-day streak (after the cap). */
  bonus: number;
  /** Full credit. */
  correct: boolean;
  /** Credit in [0, 1]. */
  credit: number;
  /** Whole days since the question was last answered (0 the first time). */
  elapsed_days: number;
  /** A hint was shown. */
  hint_used: boolean;
  /** Where it was answered. */
  mode: Mode;
  /** Points earned for the mode (after the caps). */
  points: number;
  /** The question. */
  question: QuestionId;
  /** The rating given to the scheduler; `None` when the answer does not move the schedule (practice, cram, learn-ahead, challenge, exam by default). */
  rating: Rating | null;
  /** The response; `None` when skipped or timed out. */
  response: Response | null;
  /** In a challenge, the run's streak of correct answers after this answer. */
  streak?: number | null;
};

/** One round and its scoring. */
export type RoundConfig = {
  /** The round's name (e.g. 必答题). */
  name: string;
} & ({
  kind: "required";
  /** Points for a right answer (default 10). */
  right: number;
  /** Points off for a wrong answer (default 0). */
  wrong: number;
} | {
  /** Whether an unanswered question may pass to the audience (default yes). */
  audience: boolean;
  /** Points off for buzzing before the start signal (default 5). */
  early: number;
  kind: "buzz";
  /** Points for a right answer (default 10). */
  right: number;
  /** Points off for a wrong answer (default 10). */
  wrong: number;
} | {
  kind: "risk";
  /** The tiers a team may pick (default 10, 20, 30). */
  tiers: number[];
} | {
  kind: "sudden_death";
  /** Points for a right answer (default 10). */
  right: number;
  /** Points off for a wrong answer (default 0). */
  wrong: number;
});

/** One section of a paper: which questions, how many, and what each is worth. */
export type Section = {
  /** Exactly this many questions. */
  count: number;
  /** Which questions qualify. */
  filter: QuestionFilter;
  /** Partial credit for multiple-choice questions. */
  multi: MultiPolicy;
  /** The section's name (e.g. 单选题). */
  name: string;
  /** Points per question. */
  points: number;
};

/** Whether parallel forms may share questions. */
export type Sharing = "disjoint" | "allowed";

/** A book or document that questions cite. */
export type Source = {
  /** Short id used by `source.ref` (e.g. `jianshi`). */
  id: string;
  /** Publisher. */
  publisher?: string | null;
  /** Title without book marks (e.g. 中国共产党简史). */
  title: string;
  /** Year of publication. */
  year?: number | null;
};

/** Where in a source an item is treated. */
export type SourceRef = {
  /** Chapter or part (e.g. 第三章). */
  chapter?: string | null;
  /** Page or page range. */
  page?: string | null;
  /** The id of a [`Source`] of the bank. */
  ref: string;
};

/** The stage: teams, base score, rounds. */
export type StageConfig = {
  /** The score every team starts with (default 100). */
  base_score: number;
  /** Rounds. */
  rounds: RoundConfig[];
  /** Teams in rotation order. */
  teams: TeamConfig[];
  /** The contest's title. */
  title: string;
};

/** What one answer led to. */
export type Step = {
  /** The feedback with the record to persist; `None` when a 微考堂's time was up before the answer (the answer is not counted and the exam is submitted). */
  feedback: Feedback | null;
  /** The session ended with this step. */
  finished: boolean;
  /** The 微考堂's report when this step submitted it. */
  report: ExamReport | null;
};

/** How a session went so far (or in all, once `finished`). */
export type Summary = {
  /** Answers given (including 不会). */
  answered: number;
  /** Fully right answers. */
  correct: number;
  /** The report of a 微考堂, once submitted. */
  exam: ExamReport | null;
  /** The session is over. */
  finished: boolean;
  /** Answers given after a hint. */
  hinted: number;
  /** The mode answers are logged under. */
  mode: Mode;
  /** Points earned (including study-day bonuses). */
  points: number;
  /** Whether answers move the schedule (false for practice, cram, learn-ahead and, by default, 挑战答题 and 微考堂). */
  scheduled: boolean;
  /** Questions of the session (`None` for 挑战答题, which runs until a wrong answer). */
  total: number | null;
};

/** A team on stage. */
export type TeamConfig = {
  /** Short id used in events (e.g. `t1`). */
  id: string;
  /** Name shown on the big screen. */
  name: string;
};

/** A team's line on the scoreboard. */
export type TeamStanding = {
  /** Team name. */
  name: string;
  /** Rank (1, 2, 2, 4). */
  rank: number;
  /** Score. */
  score: number;
  /** Team id. */
  team: string;
};

/** Seconds since 1970-01-01T00:00:00, learner's local time. */
export type Timestamp = number;

/** Statistics of one unit, over everyone in it and below it. */
export type UnitStats = {
  /** Headcount from the roster: the unit's own line, else the sum of its sub-units' lines. */
  headcount: number | null;
  /** Mean score. */
  mean: number;
  /** Median score. */
  median: number;
  /** Participants. */
  participants: number;
  /** Participants over headcount. */
  participation: number | null;
  /** Unit path (empty for the whole contest). */
  path: string[];
  /** Participants whose score without speed points reaches full marks. */
  perfect: number;
  /** The best participants' ids (score, then time used, then id). */
  top: string[];
};

/** A question as shown. */
export type ViewItem = {
  /** Number of blanks of 填空. */
  blanks?: number;
  /** Choices in shown order (the left column for 配对). */
  choices?: string[];
  /** Number on the paper, from 1. */
  number: number;
  /** The right column of 配对 in shown order. */
  right?: string[];
  /** The stem. */
  stem: string;
  /** Type. */
  type: QuestionType;
};

/** A section as shown. */
export type ViewSection = {
  /** Its questions. */
  items: ViewItem[];
  /** The section's name. */
  name: string;
  /** Points per question, as text (e.g. `2` or `1.5`). */
  points: string;
};

/** The wrong book of a learner, grouped by period and by tag. */
export type WrongBook = {
  /** Indexes into `entries` per period. */
  by_period: Record<string, number[]>;
  /** Indexes into `entries` per tag. */
  by_tag: Record<string, number[]>;
  /** Every entry, in curriculum order. */
  entries: WrongEntry[];
};

/** What one answer did to the wrong book (错题本). A question leaves the book after
 * [`StudyConfig::wrong_book_exit`] correct answers on as many different days. */
export type WrongBookMark = {
  mark: "not_in";
} | {
  mark: "added";
} | {
  mark: "again";
} | {
  /** This answer added a day. */
  counted: boolean;
  /** Days with a correct answer since the last wrong one. */
  done: number;
  mark: "progress";
  /** Days needed to leave the book. */
  needed: number;
} | {
  mark: "removed";
};

/** One question of the wrong book. */
export type WrongEntry = {
  /** The key written out, e.g. `B. 嘉兴南湖` ([`crate::grade::display_key`]). */
  answer_text: string;
  /** Days with a correct answer since the last wrong one (it leaves the book at [`StudyConfig::wrong_book_exit`](super::StudyConfig::wrong_book_exit)). */
  days_right: number;
  /** 解析. */
  explanation: string;
  /** When last answered wrong. */
  last_wrong: Timestamp | null;
  /** Period. */
  period: Period;
  /** Its type (单选题 …). */
  qtype: string;
  /** The question. */
  question: QuestionId;
  /** The stem. */
  stem: string;
  /** Tags. */
  tags: string[];
  /** Wrong answers so far. */
  wrong: number;
};

/** A question not fully right, with what the learner should have answered. */
export type WrongItem = {
  /** The key written out, e.g. `B. 嘉兴南湖` ([`crate::grade::display_key`]). */
  answer_text: string;
  /** Whether the learner answered it (`false`: 未作答, it was never answered before the exam ended; it scores 0 but is not recorded, so it neither enters the wrong book nor moves the schedule). */
  answered: boolean;
  /** Credit earned. */
  credit: number;
  /** 解析. */
  explanation: string;
  /** The question. */
  question: QuestionId;
  /** The learner's response (`None`: not answered, or answered 不会). */
  response: Response | null;
  /** The response written out (`A. 上海`), 未作答 when not answered, 不会 when answered without a response. */
  response_text: string;
  /** The stem. */
  stem: string;
};
