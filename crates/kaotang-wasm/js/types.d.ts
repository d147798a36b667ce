// ---- JSON shapes (the core's serde types; snake_case fields as in the Rust API, the CLI's
// JSON and the C library). Options objects take camelCase keys (snake_case also works).

// Generated from the core's Rust types (js/generated.d.ts, kept current by
// crates/kaotang-wasm/tests/types.rs); everything below is hand-written.
import type { BankInfo, ItemReport, KeyItem, ParticipantView, QuestionView, ViewItem, ViewSection } from '../../js/generated.js';
export type { BankInfo, ItemReport, KeyItem, ParticipantView, QuestionView, ViewItem, ViewSection };
import type { Assembly as AssemblyData, Blueprint as BlueprintData, StageConfig as StageConfigData } from '../../js/generated.js';
/** A blueprint as `parseBlueprint` reads it (snake_case, every default filled in); an
 *  assembled contest as saved data (`Assembly#toJSON`); a stage configuration as
 *  `parseStageConfig` reads it and `Stage#config` gives it back. */
export type { AssemblyData, BlueprintData, StageConfigData };
import type {
  Card,
  CardCounts,
  DailyPlan,
  GroupStats,
  ItemKind,
  LearnerReport as CoreLearnerReport,
  ModePoints,
  PlanItem,
  PointsTotals,
  WrongBook as CoreWrongBook,
  WrongEntry,
  CardSchedule,
  Entry,
  ExamReport,
  Feedback,
  Grade,
  Lottery,
  MemoryState,
  Mode,
  NextReview,
  ParticipantResult,
  Ranked,
  Rating,
  ReadRecord,
  Response,
  ReviewRecord,
  Step as CoreStep,
  Summary,
  TeamStanding,
  UnitStats,
  WrongBookMark,
  WrongItem,
} from '../../js/generated.js';
export type {
  Card,
  CardCounts,
  DailyPlan,
  GroupStats,
  ItemKind,
  ModePoints,
  PlanItem,
  PointsTotals,
  WrongEntry,
  CardSchedule,
  ExamReport,
  Feedback,
  Grade,
  Lottery,
  MemoryState,
  Mode,
  NextReview,
  ParticipantResult,
  Ranked,
  Rating,
  ReadRecord,
  Response,
  ReviewRecord,
  Summary,
  TeamStanding,
  UnitStats,
  WrongBookMark,
  WrongItem,
};
/** One entry of a learner's append-only log: persist each as the sessions hand it out. */
export type LogEntry = Entry;
/** What one answer led to. Persist `entry` (when present) before showing `feedback`.
 *  The core's `Step` plus the log entry the binding adds (`Step::entry`, computed there). */
export type Step = CoreStep & { entry: LogEntry | null };
// The reports' per-period maps are keyed by `Period`; the schema only says "string keys",
// so those two fields are narrowed here.
/** A learner's progress report. */
export type LearnerReport = Omit<CoreLearnerReport, 'by_period'> & {
  by_period: Partial<Record<Period, GroupStats>>;
};
/** The wrong book (错题本). */
export type WrongBook = Omit<CoreWrongBook, 'by_period'> & {
  by_period: Partial<Record<Period, number[]>>;
};

/** A date, `YYYY-MM-DD`. */
export type DateString = string;

/** One bank file: its name (used in diagnostics) and its YAML or JSON text. */
export interface BankFile {
  origin: string;
  text: string;
}

// Hand-written: the binding's own shape (`JsDiagnostic` in src/error.rs: `file` for the
// core's `origin`, `code` as its `E001` string), not the core's serialized `Diagnostic`.
/** One problem in a bank file. `code` is stable (`E001`…); see question-banks/README.md. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

/** The outcome of `checkBanks`: every diagnostic, and the counts of what loaded. */
export interface BankCheck {
  hasErrors: boolean;
  diagnostics: Diagnostic[];
  stats: BankStats;
}

export type QuestionType = 'single' | 'multiple' | 'judge' | 'fill' | 'order' | 'match';

export type Period =
  | '新民主主义革命时期'
  | '社会主义革命和建设时期'
  | '改革开放和社会主义现代化建设新时期'
  | '中国特色社会主义新时代';

export interface BankStats {
  banks: number;
  questions: number;
  by_type: Partial<Record<QuestionType, number>>;
  by_period: Record<string, number>;
  by_difficulty: Record<string, number>;
  with_hint: Partial<Record<QuestionType, number>>;
  single_answer_letters: Record<string, number>;
  tags: number;
  events: number;
  event_days: number;
  readings: number;
}

export interface Source {
  id: string;
  title: string;
  publisher?: string;
  year?: number;
}

/** Where in a source an item is treated. */
export interface SourceRef {
  ref: string;
  chapter?: string;
  page?: string;
}

interface QuestionCommon {
  id: string;
  stem: string;
  explanation: string;
  hint?: string;
  period: Period;
  tags: string[];
  difficulty: 1 | 2 | 3 | 4 | 5;
  source: SourceRef;
  event_date?: DateString;
}

/** A question with its key. Option letters: `A` is the first option. */
export type Question = QuestionCommon &
  (
    | { type: 'single'; options: string[]; answer: string }
    | { type: 'multiple'; options: string[]; answer: string }
    | { type: 'judge'; answer: boolean }
    | { type: 'fill'; answer: string[][] }
    | { type: 'order'; items: string[]; answer: string }
    | { type: 'match'; left: string[]; right: string[]; answer: string }
  );

/** Which questions to use (empty lists: all). */
export interface QuestionFilter {
  types?: QuestionType[];
  periods?: Period[];
  tags?: string[];
  banks?: string[];
  minDifficulty?: number;
  maxDifficulty?: number;
}

/** A dated event (党史上的今天). */
export interface BankEvent {
  date: DateString;
  title: string;
  summary: string;
  tags: string[];
  source: SourceRef;
}

/** A short reading (天天读). */
export interface Reading {
  id: string;
  order: number;
  title: string;
  text: string;
  period: Period;
  tags: string[];
  source: SourceRef;
}



/** How multiple-choice questions earn partial credit. */
export type MultiPolicy =
  | { policy: 'all_or_nothing' }
  | { policy: 'partial' }
  | { policy: 'deduct'; perWrong: number };

export interface GradeOptions {
  multi?: MultiPolicy;
}



/** A memory state with the interval (days, unrounded) it gives. */
export interface ItemState {
  memory: MemoryState;
  interval: number;
}

/** The outcome of each of the four possible answers. */
export interface NextStates {
  again: ItemState;
  hard: ItemState;
  good: ItemState;
  easy: ItemState;
}

/** One answer in a review history: whole days since the previous answer (0 the first time). */
export interface Review {
  rating: Rating;
  delta_t: number;
}

/** Optimizer settings; the defaults are the reference's. */
export interface OptimizeOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  regularization?: number;
  seed?: number;
  minReviews?: number;
}

/** The fitted parameters (the defaults when `fitted` is false). */
export interface Optimized {
  parameters: number[];
  fitted: boolean;
  reviews: number;
}

/** How well a parameter set predicts a review log (lower is better). */
export interface Evaluation {
  log_loss: number;
  rmse_bins: number;
  reviews: number;
}

// ---- Contests

/** One part of a paper: how many questions matching `filter`, at how many points each. */
export interface BlueprintSection {
  name: string;
  filter?: QuestionFilter;
  count: number;
  points: number;
  multi?: MultiPolicy;
}

/** How to assemble a contest's papers (`question-banks/blueprints/*.yaml` as an object). */
export interface Blueprint {
  title: string;
  timeLimitMinutes: number;
  sections: BlueprintSection[];
  difficulty?: { mean: number; tolerance?: number };
  include?: string[];
  exclude?: string[];
  exclusive?: string[][];
  forms?: number;
  sharing?: 'disjoint' | 'allowed';
  usedBefore?: string[];
}

/** How sheets are scored. */
export interface ScoreRules {
  base?: number;
  wrong?: number;
  unanswered?: number;
  sections?: { section: string; points?: number; multi?: MultiPolicy; wrong?: number }[];
  speed?: { max: number; limitSecs?: number } | null;
  attempts?: { policy: 'best'; limit?: number | null } | { policy: 'sum'; limit: number };
  allowNegative?: boolean;
  answers?: { order: 'form' } | { order: 'presented'; seed: number };
}

/** `Assembly#scoreSheets` options. */
export interface ScoreOptions {
  rules?: ScoreRules;
  /** Keep what `Scoring#itemAnalysis` needs. */
  analysis?: boolean;
}


/** A row of the sheets that could not be scored. */
export interface SheetRowError {
  row: number;
  message: string;
}

export type TieBreak = 'score' | 'time_used' | 'submitted' | 'correct';

export interface RankOptions {
  tieBreak?: TieBreak[];
  top?: number | null;
  certificates?: { name: string; minScore: number }[];
}


/** Headcount of a unit, for participation rates. */
export interface RosterEntry {
  unit: string[];
  headcount: number;
}

export interface UnitOptions {
  /** Names listed as a unit's best participants. */
  top?: number;
  fullMarks?: number;
}


export type UnitCriterion = 'participation' | 'mean' | 'median' | 'participants' | 'perfect';

export interface AnalysisOptions {
  lowDiscrimination?: number;
  tooEasy?: number;
  tooHard?: number;
}


/** Something that happened on stage (one line of the stage log). */
export type StageEvent =
  | { event: 'start_round'; round: number }
  | { event: 'question'; question?: string }
  | { event: 'go' }
  | { event: 'buzz'; team: string }
  | { event: 'pick'; team: string; tier: number; question?: string }
  | { event: 'pass'; team: string }
  | { event: 'answer'; team: string; correct: boolean }
  | { event: 'audience' }
  | { event: 'adjust'; team: string; points: number; reason: string }
  | { event: 'undo' };


// ---- Study

/** Seconds since 1970 in the learner's local time (China: UTC+8), as the core counts time. */
export type Seconds = number;


// Hand-written: an input read with camelCase keys (converted to the core's snake_case), so
// the core's serialized shapes do not fit; `algorithm`, `rating` and `points` stay open.
/** The study rules (every field optional; see the core's `StudyConfig`). */
export interface StudyConfig {
  scheduler?: {
    algorithm?: { kind: 'fsrs'; parameters?: number[]; desiredRetention?: number } | { kind: 'sm2' } | Record<string, unknown>;
    learningStepsSecs?: number[];
    relearningStepsSecs?: number[];
    maximumInterval?: number;
    fuzz?: boolean;
  };
  rating?: Record<string, unknown>;
  grading?: GradeOptions;
  expectedMs?: number;
  wrongBookExit?: number;
  points?: Record<string, unknown>;
}



/** 天天读 on a day: the learner's reading and their progress (`Learner#readingDay`). */
export interface ReadingDay {
  /** The reading read that day, else the first unread in reading order; null when all are read. */
  reading: Reading | null;
  /** Readings read. */
  read: number;
  /** The place of this reading in the plan (1-based), the same before and after marking it read. */
  number: number;
  /** Readings in the plan. */
  total: number;
  /** Questions linked to the reading (at most five), asked by `Session.reading`. */
  questions: string[];
}







export interface DailyPlanSettings {
  newPerDay?: number;
  reviewCap?: number;
  desiredRetention?: number | null;
  filter?: QuestionFilter;
  kind?: { kind: 'due' } | { kind: 'learn_ahead'; days: number } | { kind: 'cram' };
}


export interface ChallengeSettings {
  filter?: QuestionFilter;
  revives?: number;
  maxQuestions?: number;
  scheduled?: boolean;
}

export interface ExamSettings {
  filter?: QuestionFilter;
  count?: number;
  timeLimitSecs?: number;
  scheduled?: boolean;
}

export interface PracticeSettings {
  filter?: QuestionFilter;
  count?: number;
  order?: { order: 'curriculum' } | { order: 'shuffled'; seed: number } | { order: 'weak_first' };
  scheduled?: boolean;
}

/** An answer to the current question: `response: null` for 不会 / skipped. */
export interface AnswerInput {
  response: Response | null;
  answerMs: number;
  hintUsed?: boolean;
  at: Seconds;
}





/** An on-stage contest's configuration: `question-banks/blueprints/stage.yaml` as an object. */
export interface StageConfig {
  title?: string;
  teams: { id: string; name: string }[];
  baseScore?: number;
  rounds: ({ name: string } & (
    | { kind: 'required'; right?: number; wrong?: number }
    | { kind: 'buzz'; right?: number; wrong?: number; early?: number; audience?: boolean }
    | { kind: 'risk'; tiers?: number[] }
    | { kind: 'sudden_death'; right?: number; wrong?: number }
  ))[];
}

/** Where the current question stands (`StageStatus#phase` and its team). */
export type StagePhase =
  | { phase: 'idle' }
  | { phase: 'turn'; team: string }
  | { phase: 'reading' }
  | { phase: 'open' }
  | { phase: 'answering'; team: string }
  | { phase: 'stake'; team: string; tier: number };

/** `Stage#status`: the round, the question's phase, whose turn it is, who may still buzz. */
export type StageStatus = StagePhase & {
  round: number | null;
  round_label: string;
  turn: string | null;
  locked: string[];
  tied: string[];
  question: string | null;
  asked: number;
  used: string[];
  can_undo: boolean;
};

/** `stageQuestion`: what the teams see, the key as typed and the explanation. */
export interface StageQuestion {
  view: QuestionView;
  answer: string;
  explanation: string;
}

/** `recoverStageLog`: the complete events as a clean log, and what was repaired. */
export interface RecoveredStageLog {
  log: string;
  events: number;
  gluedLines: number[];
  torn: { line: number; text: string } | null;
  needsRewrite: boolean;
}
