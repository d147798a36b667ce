// ---- JSON shapes (the core's serde types; snake_case fields as in the Rust API, the CLI's
// JSON and the C library). Options objects take camelCase keys (snake_case also works).

/** A date, `YYYY-MM-DD`. */
export type DateString = string;

/** One bank file: its name (used in diagnostics) and its YAML or JSON text. */
export interface BankFile {
  origin: string;
  text: string;
}

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

export interface BankInfo {
  id: string;
  title: string;
  version: number;
  sources: Source[];
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

/** A learner's answer, against the authored order of options (indexes from 0). */
export type Response =
  | { type: 'choices'; value: number[] }
  | { type: 'judge'; value: boolean }
  | { type: 'fill'; value: string[] }
  | { type: 'order'; value: number[] }
  | { type: 'match'; value: (number | null)[] };

/** The outcome of grading: credit in [0, 1]; correct only with full credit. */
export interface Grade {
  credit: number;
  correct: boolean;
}

/** How multiple-choice questions earn partial credit. */
export type MultiPolicy =
  | { policy: 'all_or_nothing' }
  | { policy: 'partial' }
  | { policy: 'deduct'; perWrong: number };

export interface GradeOptions {
  multi?: MultiPolicy;
}

export type Rating = 'again' | 'hard' | 'good' | 'easy';

/** The FSRS memory state of a question. */
export interface MemoryState {
  stability: number;
  difficulty: number;
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

/** What a learner answers from: a question without its key, hint or explanation. */
export interface QuestionView {
  id: string;
  type: QuestionType;
  stem: string;
  /** Options, order items or the left column of a match, lettered A, B, … */
  choices: string[];
  /** The right column of a match question (empty otherwise). */
  right: string[];
  /** Blanks of a fill-in question (0 otherwise). */
  blanks: number;
  has_hint: boolean;
  period: Period;
  tags: string[];
  difficulty: number;
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

/** An assembled contest as saved data (`Assembly#toJSON`). */
export interface AssemblyData {
  title: string;
  time_limit_minutes: number;
  seed: number;
  forms: {
    label: string;
    sections: { name: string; points: number; multi: MultiPolicy; questions: string[] }[];
    mean_difficulty: number;
  }[];
}

/** A question as a participant sees it on their paper, choices in their shuffled order. */
export interface ViewItem {
  number: number;
  type: QuestionType;
  stem: string;
  choices?: string[];
  right?: string[];
  blanks?: number;
}

/** A participant's paper: no key, hint or explanation. */
export interface ParticipantView {
  title: string;
  participant: string;
  form: string;
  time_limit_minutes: number;
  sections: { name: string; points: string; items: ViewItem[] }[];
}

/** The key of one item of a participant's paper, in their shown order. */
export interface KeyItem {
  number: number;
  question: string;
  answer: string;
  explanation: string;
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

/** One participant's result. `time_used` in seconds, `submitted` seconds since 1970. */
export interface ParticipantResult {
  participant: string;
  name: string;
  unit: string[];
  form: string;
  score: number;
  speed: number;
  correct: number;
  time_used: number | null;
  submitted: number | null;
  attempt: number;
  sheets: number;
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

/** A place in the ranking: `index` into the results. */
export interface Ranked {
  index: number;
  rank: number;
  dense_rank: number;
  certificate: string | null;
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

/** Statistics of one unit (区, 单位 or 支部, by its path). */
export interface UnitStats {
  path: string[];
  participants: number;
  headcount: number | null;
  participation: number | null;
  mean: number;
  median: number;
  perfect: number;
  top: string[];
}

export type UnitCriterion = 'participation' | 'mean' | 'median' | 'participants' | 'perfect';

export interface AnalysisOptions {
  lowDiscrimination?: number;
  tooEasy?: number;
  tooHard?: number;
}

/** Item analysis of one form. */
export interface ItemReport {
  items: {
    question: string;
    facility: number;
    discrimination: number | null;
    options: number[];
    unanswered: number;
    flags: ('negative_discrimination' | 'low_discrimination' | 'too_easy' | 'too_hard')[];
    suggested_difficulty: number;
  }[];
  paper: { sheets: number; mean: number; sd: number; alpha: number | null; sem: number | null };
}

/** The outcome of a prize draw, for publication. */
export interface Lottery {
  public_seed: string;
  pool: number;
  winners: string[];
}

/** Something that happened on stage (one line of the stage log). */
export type StageEvent =
  | { event: 'start_round'; round: number }
  | { event: 'question'; question?: string }
  | { event: 'go' }
  | { event: 'buzz'; team: string }
  | { event: 'pick'; team: string; tier: number }
  | { event: 'pass'; team: string }
  | { event: 'answer'; team: string; correct: boolean }
  | { event: 'audience' }
  | { event: 'adjust'; team: string; points: number; reason: string }
  | { event: 'undo' };

export interface TeamStanding {
  team: string;
  name: string;
  score: number;
  rank: number;
}
