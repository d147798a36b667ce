// Generated from the core's Rust types by crates/kaotang-wasm/tests/types.rs
// (`KAOTANG_BLESS=1 cargo test -p kaotang-wasm --test types`). Do not edit.

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

/** 日期 YYYY-MM-DD */
export type Date = string;

/** Why an item should be reviewed. */
export type ItemFlag = "negative_discrimination" | "low_discrimination" | "too_easy" | "too_hard";

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

/** 选项字母，A 为第一项（如 B 或 ACD） */
export type Letters = string;

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

/** A question. */
export type Question = {
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
