/* C tests of libkaotang: every export, its error paths, and the shared vectors of
 * tests/vectors/ byte for byte. Built with -std=c11 -Wall -Wextra -Werror and run under
 * AddressSanitizer + UBSan and under valgrind by scripts/test-ffi.sh.
 *
 * Usage: test_kaotang VECTORS_DIR */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_scan.h"
#include "kaotang.h"

static int failures = 0;
static int checks = 0;
static const char *vectors_dir = ".";

#define CHECK(cond)                                                      \
  do {                                                                   \
    checks++;                                                            \
    if (!(cond)) {                                                       \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                        \
    }                                                                    \
  } while (0)

/* A call must return `want`; on a mismatch the last error is printed. */
#define EXPECT(want, call)                                                         \
  do {                                                                             \
    checks++;                                                                      \
    KtStatus got_ = (call);                                                        \
    if (got_ != (want)) {                                                          \
      const char *e_ = kt_last_error();                                            \
      fprintf(stderr, "%s:%d: %s gave %d, want %d (%s)\n", __FILE__, __LINE__,     \
              #call, (int)got_, (int)(want), e_ ? e_ : "no error");                \
      failures++;                                                                  \
    }                                                                              \
  } while (0)

/* The last error must start with the status name. */
static void expect_error_prefix(const char *prefix, int line) {
  const char *e = kt_last_error();
  checks++;
  if (!e || strncmp(e, prefix, strlen(prefix)) != 0) {
    fprintf(stderr, "test_kaotang.c:%d: last error %s does not start with %s\n", line,
            e ? e : "(null)", prefix);
    failures++;
  }
}
#define EXPECT_ERROR(prefix) expect_error_prefix(prefix, __LINE__)

static char *read_file(const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", vectors_dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) exit(2);
  s[n] = '\0';
  fclose(f);
  return s;
}

static KtBanks *vector_banks(void) {
  char *text = read_file("bank.yaml");
  KtBankFile file = {"bank.yaml", text};
  KtBanks *banks = NULL;
  EXPECT(KT_STATUS_OK, kt_banks_load(&file, 1, &banks, NULL));
  free(text);
  return banks;
}

/* The double written at v must have exactly the bits of `got`. */
static int same_double(const char *v, double got) {
  double want = strtod(v, NULL);
  return memcmp(&want, &got, sizeof want) == 0;
}

/* A JSON value of the vectors (compact, one line) equals `got` byte for byte. */
static int same_text(const char *v, size_t n, const char *got) {
  return got && strlen(got) == n && memcmp(v, got, n) == 0;
}

static void test_conventions(void) {
  CHECK(strlen(kt_version()) > 0);
  CHECK(strcmp(kt_status_text(KT_STATUS_OK), "成功") == 0);
  CHECK(strcmp(kt_status_text(KT_STATUS_NOT_FOUND), "找不到指定的对象") == 0);
  for (int s = KT_STATUS_OK; s <= KT_STATUS_INTERNAL; s++) CHECK(strcmp(kt_status_text(s), "未知的状态码") != 0);
  CHECK(strcmp(kt_status_text(-1), "未知的状态码") == 0);
  CHECK(strcmp(kt_status_text(99), "未知的状态码") == 0);
  /* Every free function accepts NULL. */
  kt_string_free(NULL);
  kt_banks_free(NULL);
  kt_diagnostics_free(NULL);
  kt_fsrs_free(NULL);
  kt_scheduler_free(NULL);
  kt_assembly_free(NULL);
  kt_scoring_free(NULL);
  kt_study_free(NULL);
  kt_learner_free(NULL);
  kt_session_free(NULL);
}

static const char *BAD_BANK =
    "bank: { id: bad, title: 坏题库, sources: [{ id: s, title: 简史 }] }\n"
    "questions:\n"
    "  - id: bad-1\n"
    "    type: single\n"
    "    stem: 缺少答案的题目？\n"
    "    options: [甲, 乙, 丙]\n"
    "    explanation: 说明。\n"
    "    period: 新民主主义革命时期\n"
    "    difficulty: 1\n"
    "    source: { ref: s }\n";

static void test_banks(void) {
  KtBanks *banks = vector_banks();
  KtBankCounts counts;
  EXPECT(KT_STATUS_OK, kt_banks_counts(banks, &counts));
  CHECK(counts.banks == 1 && counts.questions == 12 && counts.events > 0 && counts.readings == 2);

  char *json = NULL;
  EXPECT(KT_STATUS_OK, kt_banks_question(banks, "st-003", KT_QUESTION_VIEW_PARTICIPANT, &json));
  CHECK(json && strstr(json, "\"stem\":\"中共一大先后在哪些地方举行？\""));
  CHECK(json && !strstr(json, "\"answer\"") && !strstr(json, "explanation") && !strstr(json, "会议在上海开幕"));
  CHECK(json && strstr(json, "\"has_hint\":true"));
  kt_string_free(json);
  EXPECT(KT_STATUS_OK, kt_banks_question(banks, "st-003", KT_QUESTION_VIEW_FULL, &json));
  CHECK(json && strstr(json, "\"answer\":\"AB\"") && strstr(json, "explanation"));
  kt_string_free(json);
  EXPECT(KT_STATUS_OK, kt_banks_question_at(banks, 11, KT_QUESTION_VIEW_PARTICIPANT, &json));
  CHECK(json && strstr(json, "\"id\":\"st-012\"") && strstr(json, "\"right\":[\"1936年\""));
  kt_string_free(json);
  EXPECT(KT_STATUS_OK, kt_banks_stats_json(banks, &json));
  CHECK(json && strstr(json, "\"questions\":12"));
  kt_string_free(json);

  /* Errors: unknown id, index past the end, a view that does not exist, NULLs, bad UTF-8. */
  json = (char *)1;
  EXPECT(KT_STATUS_NOT_FOUND, kt_banks_question(banks, "nope", KT_QUESTION_VIEW_FULL, &json));
  CHECK(json == NULL);
  EXPECT_ERROR("KT_STATUS_NOT_FOUND: 题库中没有题目“nope”");
  EXPECT(KT_STATUS_OUT_OF_RANGE, kt_banks_question_at(banks, 12, KT_QUESTION_VIEW_FULL, &json));
  EXPECT_ERROR("KT_STATUS_OUT_OF_RANGE: 题目序号 12 超出范围");
  EXPECT(KT_STATUS_OUT_OF_RANGE, kt_banks_question(banks, "st-001", 7, &json));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_banks_question(banks, NULL, KT_QUESTION_VIEW_FULL, &json));
  EXPECT_ERROR("KT_STATUS_NULL_ARGUMENT: 参数 id 为空指针");
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_banks_question(NULL, "st-001", KT_QUESTION_VIEW_FULL, &json));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_banks_question(banks, "st-001", KT_QUESTION_VIEW_FULL, NULL));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_banks_counts(banks, NULL));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_banks_counts(NULL, &counts));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_banks_stats_json(NULL, &json));
  EXPECT(KT_STATUS_INVALID_UTF8, kt_banks_question(banks, "st-\xff", KT_QUESTION_VIEW_FULL, &json));
  EXPECT_ERROR("KT_STATUS_INVALID_UTF8: 参数 id 不是有效的 UTF-8（第 4 个字节起）");

  /* A handle of another type is refused, not misread. */
  KtFsrs *fsrs = NULL;
  EXPECT(KT_STATUS_OK, kt_fsrs_new(NULL, 0, &fsrs));
  EXPECT(KT_STATUS_WRONG_HANDLE, kt_banks_counts((const KtBanks *)(const void *)fsrs, &counts));
  EXPECT_ERROR("KT_STATUS_WRONG_HANDLE: 参数 banks 不是有效的 KtBanks");
  kt_fsrs_free(fsrs);
  kt_banks_free(banks);

  /* The shipped banks. */
  EXPECT(KT_STATUS_OK, kt_banks_shipped(&banks));
  EXPECT(KT_STATUS_OK, kt_banks_counts(banks, &counts));
  CHECK(counts.banks == 4 && counts.questions > 700 && counts.events > 300 && counts.readings > 100);
  kt_banks_free(banks);

  /* A bad bank: no set, every diagnostic as data and as JSON. */
  KtBankFile bad = {"坏题库.yaml", BAD_BANK};
  KtDiagnostics *diags = NULL;
  banks = (KtBanks *)1;
  EXPECT(KT_STATUS_INVALID_BANK, kt_banks_load(&bad, 1, &banks, &diags));
  CHECK(banks == NULL && diags != NULL);
  EXPECT_ERROR("KT_STATUS_INVALID_BANK: 题库有 1 个错误，首个：坏题库.yaml:3:");
  size_t n = 0;
  EXPECT(KT_STATUS_OK, kt_diagnostics_count(diags, &n));
  CHECK(n >= 1);
  KtDiagnostic d;
  EXPECT(KT_STATUS_OK, kt_diagnostics_get(diags, 0, &d));
  CHECK(strcmp(d.origin, "坏题库.yaml") == 0 && d.line == 3 && d.column > 0);
  CHECK(d.severity == KT_SEVERITY_ERROR && d.code[0] == 'E' && strstr(d.message, "answer"));
  EXPECT(KT_STATUS_OUT_OF_RANGE, kt_diagnostics_get(diags, n, &d));
  EXPECT(KT_STATUS_OK, kt_diagnostics_json(diags, &json));
  CHECK(json && strstr(json, "\"origin\":\"坏题库.yaml\",\"line\":3,"));
  kt_string_free(json);
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_diagnostics_count(NULL, &n));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_diagnostics_get(diags, 0, NULL));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_diagnostics_json(NULL, &json));
  kt_diagnostics_free(diags);

  /* Load errors before any parsing: NULL files, NULL texts, invalid UTF-8, malformed YAML. */
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_banks_load(NULL, 1, &banks, NULL));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_banks_load(&bad, 1, NULL, NULL));
  KtBankFile null_text = {"x.yaml", NULL};
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_banks_load(&null_text, 1, &banks, NULL));
  EXPECT_ERROR("KT_STATUS_NULL_ARGUMENT: 参数 files[0].text 为空指针");
  KtBankFile bad_utf8 = {"x.yaml", "bank: \xc3\x28"};
  EXPECT(KT_STATUS_INVALID_UTF8, kt_banks_load(&bad_utf8, 1, &banks, NULL));
  KtBankFile garbage = {"乱码.yaml", "bank: [unclosed\n  questions: {"};
  EXPECT(KT_STATUS_INVALID_BANK, kt_banks_load(&garbage, 1, &banks, &diags));
  EXPECT(KT_STATUS_OK, kt_diagnostics_count(diags, &n));
  CHECK(n >= 1);
  kt_diagnostics_free(diags);
  /* No files: an empty, valid set. */
  EXPECT(KT_STATUS_OK, kt_banks_load(NULL, 0, &banks, NULL));
  EXPECT(KT_STATUS_OK, kt_banks_counts(banks, &counts));
  CHECK(counts.questions == 0);
  kt_banks_free(banks);
}

static void test_grading(void) {
  KtBanks *banks = vector_banks();
  char *file = read_file("grading.json");
  const char *cases, *c;
  CHECK(js_get(file, "cases", &cases));
  size_t ran = 0;
  for (size_t i = 0; js_at(cases, i, &c); i++, ran++) {
    const char *v, *expected, *options = NULL;
    size_t n;
    js_get(c, "question", &v);
    char *id = js_str(v);
    js_get(c, "typed", &v);
    char *typed = js_str(v);
    char *options_json = NULL;
    if ((n = js_get(c, "options", &options))) options_json = js_dup(options, n);
    js_get(c, "expected", &expected);
    KtGrade g = {-1, false};
    KtStatus s = kt_grade(banks, id, typed, options_json, &g);
    const char *err;
    if (js_get(expected, "error", &err)) {
      char *kind = js_str(err);
      js_get(expected, "message", &v);
      char *message = js_str(v);
      KtStatus want = strcmp(kind, "not_found") == 0 ? KT_STATUS_NOT_FOUND : KT_STATUS_INVALID_ANSWER;
      const char *e = kt_last_error();
      CHECK(s == want && e && strstr(e, message) && strlen(strstr(e, message)) == strlen(message));
      if (s != want) fprintf(stderr, "  grading case %zu: %s %s\n", i, id, typed);
      free(kind);
      free(message);
    } else {
      js_get(expected, "credit", &v);
      int ok = s == KT_STATUS_OK && same_double(v, g.credit);
      js_get(expected, "correct", &v);
      ok = ok && (strncmp(v, "true", 4) == 0) == g.correct;
      CHECK(ok);
      if (!ok) fprintf(stderr, "  grading case %zu: %s %s gave %d %.17g\n", i, id, typed, s, g.credit);
    }
    free(id);
    free(typed);
    free(options_json);
  }
  CHECK(ran >= 30);
  free(file);

  /* Responses as JSON, typed answers read into JSON, and the error paths. */
  KtGrade g;
  EXPECT(KT_STATUS_OK, kt_grade_response(banks, "st-003", "{\"type\":\"choices\",\"value\":[0,1]}", NULL, &g));
  CHECK(g.correct && g.credit == 1.0);
  EXPECT(KT_STATUS_OK, kt_grade_response(banks, "st-011", "{\"type\":\"match\",\"value\":[1,0,null]}", NULL, &g));
  CHECK(!g.correct && fabs(g.credit - 2.0 / 3.0) < 1e-12);
  EXPECT(KT_STATUS_INVALID_ANSWER, kt_grade_response(banks, "st-003", "{\"type\":\"judge\",\"value\":true}", NULL, &g));
  EXPECT(KT_STATUS_INVALID_JSON, kt_grade_response(banks, "st-003", "{\"type\":", NULL, &g));
  EXPECT_ERROR("KT_STATUS_INVALID_JSON: 参数 response_json 的 JSON 无法读取（第 1 行第 8 列）");
  EXPECT(KT_STATUS_INVALID_JSON, kt_grade(banks, "st-003", "A", "{\"multi\":{\"policy\":\"lenient\"}}", &g));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_grade(banks, "st-003", NULL, NULL, &g));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_grade(banks, "st-003", "A", NULL, NULL));
  EXPECT(KT_STATUS_INVALID_UTF8, kt_grade(banks, "st-007", "\xe5\x8d", NULL, &g));
  char *json = NULL;
  EXPECT(KT_STATUS_OK, kt_parse_response(banks, "st-008", "１９７８", &json));
  CHECK(json && strcmp(json, "{\"type\":\"fill\",\"value\":[\"１９７８\"]}") == 0);
  kt_string_free(json);
  EXPECT(KT_STATUS_INVALID_ANSWER, kt_parse_response(banks, "st-005", "也许", &json));
  CHECK(json == NULL);
  EXPECT_ERROR("KT_STATUS_INVALID_ANSWER: 无法识别的答案“也许”");
  kt_banks_free(banks);
}

static uint8_t rating_number(const char *v) {
  char *r = js_str(v);
  uint8_t n = strcmp(r, "again") == 0 ? 1 : strcmp(r, "hard") == 0 ? 2 : strcmp(r, "good") == 0 ? 3 : 4;
  free(r);
  return n;
}

static int same_memory(const char *v, KtMemoryState m) {
  const char *s, *d;
  return js_get(v, "stability", &s) && js_get(v, "difficulty", &d) && same_double(s, m.stability) &&
         same_double(d, m.difficulty);
}

static int same_item(const char *v, KtItemState it) {
  const char *m, *i;
  return js_get(v, "memory", &m) && js_get(v, "interval", &i) && same_memory(m, it.memory) &&
         same_double(i, it.interval);
}

static void test_fsrs(void) {
  char *file = read_file("fsrs.json");
  const char *cases, *c;
  CHECK(js_get(file, "cases", &cases));
  size_t ran = 0;
  for (size_t i = 0; js_at(cases, i, &c); i++, ran++) {
    const char *v, *params, *expected, *state_v;
    double w[21];
    size_t count = 0;
    js_get(c, "parameters", &params);
    for (const char *p; count < 21 && js_at(params, count, &p); count++) w[count] = strtod(p, NULL);
    KtFsrs *fsrs = NULL;
    EXPECT(KT_STATUS_OK, kt_fsrs_new(w, count, &fsrs));
    js_get(c, "expected", &expected);
    KtMemoryState state = {0, 0};
    int has_state = js_get(c, "state", &state_v) && !js_is_null(state_v);
    if (has_state) {
      js_get(state_v, "stability", &v);
      state.stability = strtod(v, NULL);
      js_get(state_v, "difficulty", &v);
      state.difficulty = strtod(v, NULL);
    }
    js_get(c, "op", &v);
    char *op = js_str(v);
    int ok = 0;
    if (strcmp(op, "next_states") == 0) {
      js_get(c, "desired_retention", &v);
      double r = strtod(v, NULL);
      js_get(c, "days_elapsed", &v);
      KtNextStates next;
      ok = kt_fsrs_next_states(fsrs, has_state ? &state : NULL, r, (uint32_t)strtod(v, NULL), &next) == KT_STATUS_OK;
      const char *a, *h, *g, *e;
      ok = ok && js_get(expected, "again", &a) && js_get(expected, "hard", &h) && js_get(expected, "good", &g) &&
           js_get(expected, "easy", &e) && same_item(a, next.again) && same_item(h, next.hard) &&
           same_item(g, next.good) && same_item(e, next.easy);
    } else if (strcmp(op, "memory_state") == 0) {
      const char *hist, *r;
      KtReview reviews[32];
      size_t n = 0;
      js_get(c, "history", &hist);
      for (; n < 32 && js_at(hist, n, &r); n++) {
        js_get(r, "rating", &v);
        reviews[n].rating = rating_number(v);
        js_get(r, "delta_t", &v);
        reviews[n].delta_t = (uint32_t)strtoul(v, NULL, 10);
      }
      KtMemoryState out;
      ok = kt_fsrs_memory_state(fsrs, reviews, n, has_state ? &state : NULL, &out) == KT_STATUS_OK &&
           same_memory(expected, out);
    } else if (strcmp(op, "retrievability") == 0) {
      js_get(c, "days_elapsed", &v);
      double out;
      ok = kt_fsrs_retrievability(fsrs, state, strtod(v, NULL), &out) == KT_STATUS_OK && same_double(expected, out);
    } else if (strcmp(op, "interval") == 0) {
      js_get(c, "stability", &v);
      double s = strtod(v, NULL);
      js_get(c, "desired_retention", &v);
      double out;
      ok = kt_fsrs_interval(fsrs, s, strtod(v, NULL), &out) == KT_STATUS_OK && same_double(expected, out);
    }
    CHECK(ok);
    if (!ok) fprintf(stderr, "  fsrs case %zu (%s) differs\n", i, op);
    free(op);
    kt_fsrs_free(fsrs);
  }
  CHECK(ran >= 15);
  free(file);

  /* Parameters, and the error paths. */
  KtFsrs *fsrs = NULL;
  EXPECT(KT_STATUS_OK, kt_fsrs_new(NULL, 0, &fsrs));
  KtParameters p;
  EXPECT(KT_STATUS_OK, kt_fsrs_parameters(fsrs, &p));
  CHECK(p.w[0] > 0.2 && p.w[20] > 0.1);
  double five[5] = {1, 2, 3, 4, 5};
  KtFsrs *bad = (KtFsrs *)1;
  EXPECT(KT_STATUS_INVALID_SETTINGS, kt_fsrs_new(five, 5, &bad));
  CHECK(bad == NULL);
  EXPECT_ERROR("KT_STATUS_INVALID_SETTINGS: FSRS 参数个数应为 21");
  double with_nan[21];
  memcpy(with_nan, p.w, sizeof with_nan);
  with_nan[3] = NAN;
  EXPECT(KT_STATUS_INVALID_SETTINGS, kt_fsrs_new(with_nan, 21, &bad));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_fsrs_new(NULL, 21, &bad));
  KtNextStates next;
  EXPECT(KT_STATUS_INVALID_SETTINGS, kt_fsrs_next_states(fsrs, NULL, 1.5, 0, &next));
  EXPECT_ERROR("KT_STATUS_INVALID_SETTINGS: 期望记忆保持率应在 0 与 1 之间（不含），实际为 1.5");
  KtMemoryState nan_state = {NAN, 5};
  EXPECT(KT_STATUS_INVALID_SETTINGS, kt_fsrs_next_states(fsrs, &nan_state, 0.9, 3, &next));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_fsrs_next_states(fsrs, NULL, 0.9, 0, NULL));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_fsrs_next_states(NULL, NULL, 0.9, 0, &next));
  KtReview reviews[2] = {{3, 0}, {5, 3}};
  KtMemoryState m;
  EXPECT(KT_STATUS_OUT_OF_RANGE, kt_fsrs_memory_state(fsrs, reviews, 2, NULL, &m));
  EXPECT_ERROR("KT_STATUS_OUT_OF_RANGE: reviews[1] 的评分 5 无效");
  EXPECT(KT_STATUS_INVALID_SETTINGS, kt_fsrs_memory_state(fsrs, reviews, 0, NULL, &m));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_fsrs_memory_state(fsrs, NULL, 2, NULL, &m));
  double d;
  EXPECT(KT_STATUS_OUT_OF_RANGE, kt_fsrs_interval(fsrs, 10, 0, &d));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_fsrs_retrievability(fsrs, m, 1, NULL));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_fsrs_parameters(NULL, &p));
  kt_fsrs_free(fsrs);

  /* The full scheduler: a card through its learning steps, JSON in and out. */
  KtScheduler *sched = NULL;
  EXPECT(KT_STATUS_OK, kt_scheduler_new(NULL, &sched));
  char *card = NULL, *card2 = NULL;
  EXPECT(KT_STATUS_OK, kt_scheduler_review(sched, NULL, 3, 1780000000, 42, &card));
  CHECK(card && strstr(card, "\"phase\":\"learning\",\"step\":1") && strstr(card, "\"due\":1780000600"));
  EXPECT(KT_STATUS_OK, kt_scheduler_review(sched, card, 3, 1780000600, 42, &card2));
  CHECK(card2 && strstr(card2, "\"phase\":\"review\""));
  kt_string_free(card);
  double r = 0;
  EXPECT(KT_STATUS_OK, kt_scheduler_retrievability(sched, card2, 1780000600, &r));
  CHECK(r > 0.99);
  EXPECT(KT_STATUS_OUT_OF_RANGE, kt_scheduler_review(sched, card2, 0, 1780000600, 42, &card));
  CHECK(card == NULL);
  EXPECT(KT_STATUS_INVALID_JSON, kt_scheduler_review(sched, "{\"phase\":", 3, 1780000600, 42, &card));
  EXPECT(KT_STATUS_INVALID_JSON, kt_scheduler_retrievability(sched, "[]", 1780000600, &r));
  kt_string_free(card2);
  kt_scheduler_free(sched);
  EXPECT(KT_STATUS_INVALID_SETTINGS, kt_scheduler_new("{\"maximum_interval\":0}", &sched));
  CHECK(sched == NULL);
  EXPECT(KT_STATUS_INVALID_JSON, kt_scheduler_new("{\"fuzz\":\"yes\"}", &sched));

  /* The optimizer: too few reviews gives the defaults unfitted; bad options are refused. */
  char *fit = NULL;
  EXPECT(KT_STATUS_OK, kt_fsrs_optimize("[[{\"rating\":\"good\",\"delta_t\":0},{\"rating\":\"good\",\"delta_t\":3}]]", NULL, &fit));
  CHECK(fit && strstr(fit, "\"fitted\":false") && strstr(fit, "\"reviews\":1"));
  kt_string_free(fit);
  EXPECT(KT_STATUS_INVALID_SETTINGS, kt_fsrs_optimize("[]", "{\"epochs\":0}", &fit));
  EXPECT(KT_STATUS_INVALID_JSON, kt_fsrs_optimize("[[{\"rating\":\"great\",\"delta_t\":0}]]", NULL, &fit));
}


/* The raw text of `key` in obj, as a NUL-terminated copy (free it); NULL when absent. */
static char *raw(const char *obj, const char *key) {
  const char *v;
  size_t n = js_get(obj, key, &v);
  return n ? js_dup(v, n) : NULL;
}

static void test_contest_paper(void) {
  KtBanks *banks = vector_banks();
  char *file = read_file("contest_paper.json");
  const char *cases, *c;
  CHECK(js_get(file, "cases", &cases));
  size_t ran = 0;
  for (size_t i = 0; js_at(cases, i, &c); i++, ran++) {
    char *blueprint = raw(c, "blueprint");
    const char *v, *expected, *want, *people, *person;
    js_get(c, "seed", &v);
    uint64_t seed = strtoull(v, NULL, 10);
    js_get(c, "expected", &expected);
    KtAssembly *assembly = NULL;
    EXPECT(KT_STATUS_OK, kt_contest_assemble(banks, blueprint, seed, &assembly));
    char *json = NULL;
    size_t n = js_get(expected, "assembly", &want);
    EXPECT(KT_STATUS_OK, kt_assembly_json(assembly, &json));
    CHECK(same_text(want, n, json));
    /* A saved assembly reads back to the same bytes. */
    KtAssembly *again = NULL;
    EXPECT(KT_STATUS_OK, kt_assembly_from_json(json, &again));
    char *json2 = NULL;
    EXPECT(KT_STATUS_OK, kt_assembly_json(again, &json2));
    CHECK(json && json2 && strcmp(json, json2) == 0);
    kt_string_free(json);
    kt_string_free(json2);
    kt_assembly_free(again);
    js_get(c, "participants", &people);
    js_get(expected, "papers", &want);
    for (size_t k = 0; js_at(people, k, &person); k++) {
      char *id = js_str(person);
      const char *paper;
      size_t len = js_at(want, k, &paper);
      EXPECT(KT_STATUS_OK, kt_contest_paper(banks, assembly, seed, id, &json));
      CHECK(same_text(paper, len, json));
      CHECK(json && !strstr(json, "explanation") && !strstr(json, "\"answer\""));
      kt_string_free(json);
      EXPECT(KT_STATUS_OK, kt_contest_paper_key(banks, assembly, seed, id, &json));
      CHECK(json && strstr(json, "explanation"));
      kt_string_free(json);
      free(id);
    }
    kt_assembly_free(assembly);
    free(blueprint);
  }
  CHECK(ran >= 1);
  free(file);

  /* Errors: a blueprint that cannot be filled, malformed JSON, a wrong handle, NULLs. */
  KtAssembly *assembly = (KtAssembly *)1;
  EXPECT(KT_STATUS_CONTEST, kt_contest_assemble(banks, "{\"title\":\"卷\",\"time_limit_minutes\":10,\"sections\":[{\"name\":\"判断题\",\"filter\":{\"types\":[\"judge\"]},\"count\":50,\"points\":2}]}", 1, &assembly));
  CHECK(assembly == NULL);
  EXPECT_ERROR("KT_STATUS_CONTEST: 第 A 套试卷的“判断题”部分还缺 48 道题（需要 50 道）");
  EXPECT(KT_STATUS_INVALID_JSON, kt_contest_assemble(banks, "{\"title\":", 1, &assembly));
  EXPECT(KT_STATUS_INVALID_JSON, kt_assembly_from_json("{}", &assembly));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_contest_assemble(banks, NULL, 1, &assembly));
  char *json = NULL;
  EXPECT(KT_STATUS_WRONG_HANDLE, kt_contest_paper(banks, (const KtAssembly *)(const void *)banks, 1, "p1", &json));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_assembly_json(NULL, &json));
  kt_banks_free(banks);
}

/* Reads a CSV in pieces of at most 7 bytes (so rows and characters straddle reads). */
typedef struct {
  const char *text;
  size_t at;
} Chunks;

static ptrdiff_t read_chunks(void *context, uint8_t *buffer, size_t capacity) {
  Chunks *c = context;
  size_t left = strlen(c->text) - c->at;
  size_t n = left < 7 ? left : 7;
  if (n > capacity) n = capacity;
  memcpy(buffer, c->text + c->at, n);
  c->at += n;
  return (ptrdiff_t)n;
}

static ptrdiff_t read_fails(void *context, uint8_t *buffer, size_t capacity) {
  (void)context;
  (void)buffer;
  (void)capacity;
  return -1;
}

static void test_contest_scoring(void) {
  KtBanks *banks = vector_banks();
  char *file = read_file("contest_scoring.json");
  const char *cases, *c;
  CHECK(js_get(file, "cases", &cases));
  size_t ran = 0;
  for (size_t i = 0; js_at(cases, i, &c); i++, ran++) {
    char *blueprint = raw(c, "blueprint"), *rules = raw(c, "rules"), *rank = raw(c, "rank");
    const char *v, *expected, *want;
    js_get(c, "seed", &v);
    uint64_t seed = strtoull(v, NULL, 10);
    js_get(c, "sheets_csv", &v);
    char *csv = js_str(v);
    js_get(c, "expected", &expected);
    KtAssembly *assembly = NULL;
    EXPECT(KT_STATUS_OK, kt_contest_assemble(banks, blueprint, seed, &assembly));
    KtScoring *scoring = NULL, *streamed = NULL;
    EXPECT(KT_STATUS_OK, kt_contest_score(banks, assembly, rules, (const uint8_t *)csv, strlen(csv), true, &scoring));
    Chunks chunks = {csv, 0};
    EXPECT(KT_STATUS_OK, kt_contest_score_stream(banks, assembly, rules, read_chunks, &chunks, false, &streamed));
    char *json = NULL, *json2 = NULL;
    size_t n = js_get(expected, "results", &want);
    EXPECT(KT_STATUS_OK, kt_scoring_results_json(scoring, &json));
    CHECK(same_text(want, n, json));
    EXPECT(KT_STATUS_OK, kt_scoring_results_json(streamed, &json2));
    CHECK(json && json2 && strcmp(json, json2) == 0);
    kt_string_free(json);
    kt_string_free(json2);
    n = js_get(expected, "errors", &want);
    EXPECT(KT_STATUS_OK, kt_scoring_errors_json(scoring, &json));
    CHECK(same_text(want, n, json));
    kt_string_free(json);
    n = js_get(expected, "ranking", &want);
    EXPECT(KT_STATUS_OK, kt_scoring_rank(scoring, rank, &json));
    CHECK(same_text(want, n, json));
    if (!same_text(want, n, json)) fprintf(stderr, "  scoring case %zu ranking: %s\n", i, json);
    kt_string_free(json);

    /* Plain structs agree with the JSON. */
    KtScoringCounts counts;
    EXPECT(KT_STATUS_OK, kt_scoring_counts(scoring, &counts));
    CHECK(counts.participants >= 5 && counts.bad_rows == 2 && counts.sheets >= 6);
    KtResult r;
    EXPECT(KT_STATUS_OK, kt_scoring_result(scoring, 0, &r));
    CHECK(strcmp(r.participant, "p001") == 0 && strcmp(r.name, "张三") == 0 && r.time_used == 600);
    EXPECT(KT_STATUS_OUT_OF_RANGE, kt_scoring_result(scoring, counts.participants, &r));
    EXPECT(KT_STATUS_OK, kt_scoring_units(scoring, "[{\"unit\":[\"东城区\"],\"headcount\":10}]", NULL, &json));
    CHECK(json && strstr(json, "\"path\":[\"东城区\"]") && strstr(json, "\"headcount\":10"));
    EXPECT(KT_STATUS_OK, kt_units_rank(json, 1, "[\"mean\",\"participants\"]", &json2));
    CHECK(json2 && json2[0] == '[' && json2[1] == '[');
    kt_string_free(json);
    kt_string_free(json2);
    EXPECT(KT_STATUS_OK, kt_scoring_item_analysis(scoring, NULL, &json));
    CHECK(json && strncmp(json, "[[\"A\",{", 7) == 0);
    kt_string_free(json);
    EXPECT(KT_STATUS_NOT_FOUND, kt_scoring_item_analysis(streamed, NULL, &json));
    kt_scoring_free(scoring);
    kt_scoring_free(streamed);
    kt_assembly_free(assembly);
    free(blueprint);
    free(rules);
    free(rank);
    free(csv);
  }
  CHECK(ran >= 3);
  free(file);

  /* Sheets as JSON score like CSV; errors: bad rules, a failing reader, NULLs. */
  KtAssembly *assembly = NULL;
  EXPECT(KT_STATUS_OK, kt_contest_assemble(banks, "{\"title\":\"判断\",\"time_limit_minutes\":5,\"sections\":[{\"name\":\"判断题\",\"filter\":{\"types\":[\"judge\"]},\"count\":2,\"points\":50}]}", 1, &assembly));
  KtScoring *scoring = NULL;
  EXPECT(KT_STATUS_OK, kt_contest_score_json(banks, assembly, NULL, "[{\"participant\":\"p1\",\"answers\":[\"对\",\"错\"]},{\"participant\":\"\",\"answers\":[]}]", false, &scoring));
  KtScoringCounts counts;
  EXPECT(KT_STATUS_OK, kt_scoring_counts(scoring, &counts));
  CHECK(counts.participants == 1 && counts.bad_rows == 1);
  KtResult r;
  EXPECT(KT_STATUS_OK, kt_scoring_result(scoring, 0, &r));
  CHECK(r.score == 100.0 && r.correct == 2 && r.time_used == -1);
  kt_scoring_free(scoring);
  EXPECT(KT_STATUS_NOT_FOUND, kt_contest_score(banks, assembly, "{\"sections\":[{\"section\":\"没有这部分\",\"points\":1}]}", (const uint8_t *)"编号\\n", 5, false, &scoring));
  CHECK(scoring == NULL);
  EXPECT(KT_STATUS_INVALID_JSON, kt_contest_score(banks, assembly, "{\"base\":\"十\"}", (const uint8_t *)"x", 1, false, &scoring));
  EXPECT(KT_STATUS_INVALID_JSON, kt_contest_score_stream(banks, assembly, NULL, read_fails, NULL, false, &scoring));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_contest_score_stream(banks, assembly, NULL, NULL, NULL, false, &scoring));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_contest_score(banks, assembly, NULL, NULL, 10, false, &scoring));
  EXPECT(KT_STATUS_INVALID_JSON, kt_contest_score_json(banks, assembly, NULL, "{", false, &scoring));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_scoring_counts(NULL, &counts));
  char *json = NULL;
  EXPECT(KT_STATUS_INVALID_JSON, kt_units_rank("[]", 1, "[\"fastest\"]", &json));
  kt_assembly_free(assembly);

  /* The lottery is reproducible; the stage board folds its log. */
  char *a = NULL, *b = NULL;
  EXPECT(KT_STATUS_OK, kt_contest_lottery("[\"p3\",\"p1\",\"p2\",\"p1\"]", 2, "2025-07-01 福彩3D 123", &a));
  EXPECT(KT_STATUS_OK, kt_contest_lottery("[\"p1\",\"p2\",\"p3\"]", 2, "2025-07-01 福彩3D 123", &b));
  CHECK(a && b && strcmp(a, b) == 0 && strstr(a, "\"pool\":3"));
  kt_string_free(a);
  kt_string_free(b);
  EXPECT(KT_STATUS_INVALID_JSON, kt_contest_lottery("[1,2]", 1, "x", &a));
  const char *stage =
      "title: 决赛\nteams:\n  - { id: t1, name: 一队 }\n  - { id: t2, name: 二队 }\n"
      "rounds:\n  - { name: 必答题, kind: required, points: 10, questions_per_team: 1 }\n";
  EXPECT(KT_STATUS_OK, kt_stage_board(stage, "{\"event\":\"start_round\",\"round\":0}\n\n", &json));
  CHECK(json && strstr(json, "\"team\":\"t1\"") && strstr(json, "\"score\":100"));
  if (json && !strstr(json, "\"score\":100")) fprintf(stderr, "  stage: %s\n", json);
  kt_string_free(json);
  EXPECT(KT_STATUS_INVALID_JSON, kt_stage_board(stage, "{\"event\":\"nonsense\"}\n", &json));
  EXPECT(KT_STATUS_CONTEST, kt_stage_board("teams: []\nrounds: []\n", "", &json));
  kt_banks_free(banks);
}

static void test_learner(void) {
  KtBanks *banks = vector_banks();
  KtStudy *study = NULL;
  EXPECT(KT_STATUS_OK, kt_study_new(NULL, &study));
  KtLearner *learner = NULL;
  EXPECT(KT_STATUS_OK, kt_learner_new(&learner));

  /* The records of the 微考堂 vector, as log entries. */
  char *file = read_file("exam.json");
  const char *cases, *c, *expected, *records, *rec;
  js_get(file, "cases", &cases);
  js_at(cases, 0, &c);
  js_get(c, "expected", &expected);
  js_get(expected, "records", &records);
  char log[65536] = "";
  size_t entries = 0;
  for (size_t i = 0; js_at(records, i, &rec); i++, entries++) {
    size_t n = js_skip(rec) - rec;
    char line[8192];
    snprintf(line, sizeof line, "{\"v\":1,\"entry\":\"review\",%.*s", (int)(n - 1), rec + 1);
    EXPECT(KT_STATUS_OK, kt_learner_apply(learner, study, line));
    strncat(log, line, sizeof log - strlen(log) - 2);
    strcat(log, "\n");
  }
  CHECK(entries == 8);
  free(file);
  char *json = NULL, *json2 = NULL;
  EXPECT(KT_STATUS_OK, kt_learner_to_json(learner, &json));
  CHECK(json && strncmp(json, "{\"v\":1,", 7) == 0 && strstr(json, "\"st-007\""));
  KtLearner *rebuilt = NULL, *restored = NULL;
  EXPECT(KT_STATUS_OK, kt_learner_rebuild(study, log, &rebuilt));
  EXPECT(KT_STATUS_OK, kt_learner_to_json(rebuilt, &json2));
  CHECK(json && json2 && strcmp(json, json2) == 0);
  kt_string_free(json2);
  EXPECT(KT_STATUS_OK, kt_learner_from_json(json, &restored));
  EXPECT(KT_STATUS_OK, kt_learner_to_json(restored, &json2));
  CHECK(json && json2 && strcmp(json, json2) == 0);
  kt_string_free(json);
  kt_string_free(json2);

  /* The optimizer on the learner's own log: exam answers do not move the schedule. */
  EXPECT(KT_STATUS_OK, kt_learner_optimize(log, NULL, &json));
  CHECK(json && strstr(json, "\"fitted\":false") && strstr(json, "\"reviews\":0"));
  kt_string_free(json);
  EXPECT(KT_STATUS_INVALID_SETTINGS, kt_learner_optimize(log, "{\"epochs\":0}", &json));
  EXPECT(KT_STATUS_INVALID_JSON, kt_learner_optimize("{\"v\":1}\n", NULL, &json));
  EXPECT_ERROR("KT_STATUS_INVALID_JSON: 第 1 行：");
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_learner_optimize(NULL, NULL, &json));
  EXPECT(KT_STATUS_OK, kt_learner_card(learner, "st-006", &json));
  CHECK(json && strstr(json, "\"wrong_book\":true"));
  kt_string_free(json);
  EXPECT(KT_STATUS_NOT_FOUND, kt_learner_card(learner, "st-009", &json));
  EXPECT(KT_STATUS_OK, kt_learner_points(learner, "2026-05-28", &json));
  CHECK(json && strstr(json, "\"today\":"));
  kt_string_free(json);
  EXPECT(KT_STATUS_OUT_OF_RANGE, kt_learner_points(learner, "2026-02-30", &json));
  EXPECT(KT_STATUS_OK, kt_learner_progress(study, banks, learner, 1780000000 + 3600, &json));
  CHECK(json && strstr(json, "\"wrong_book\":") && strstr(json, "\"forecast\":"));
  kt_string_free(json);

  /* Errors: another schema version, a bad log line named, a bad config, NULLs. */
  kt_learner_free(restored);
  EXPECT(KT_STATUS_INVALID_JSON, kt_learner_from_json("{\"v\":2}", &restored));
  CHECK(restored == NULL);
  EXPECT_ERROR("KT_STATUS_INVALID_JSON: 学习记录的格式版本为 2");
  KtLearner *none = NULL;
  EXPECT(KT_STATUS_INVALID_JSON, kt_learner_rebuild(study, "\n{\"v\":1,\"entry\":\"nap\"}\n", &none));
  EXPECT_ERROR("KT_STATUS_INVALID_JSON: 第 2 行：");
  EXPECT(KT_STATUS_INVALID_JSON, kt_learner_apply(learner, study, "not json"));
  KtStudy *bad_study = (KtStudy *)1;
  EXPECT(KT_STATUS_INVALID_SETTINGS, kt_study_new("{\"scheduler\":{\"maximum_interval\":0}}", &bad_study));
  CHECK(bad_study == NULL);
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_learner_apply(learner, NULL, "{}"));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_learner_new(NULL));
  EXPECT(KT_STATUS_WRONG_HANDLE, kt_learner_to_json((const KtLearner *)(const void *)banks, &json));
  /* An organisation's report over two members. */
  KtOrgMember members[2] = {{"{\"learner\":\"张三\",\"unit\":[\"东城区\",\"一支部\"]}", learner},
                            {"{\"learner\":\"李四\",\"unit\":[\"东城区\",\"二支部\"]}", rebuilt}};
  EXPECT(KT_STATUS_OK, kt_org_report(members, 2, "2026-05-01", "2026-05-31", &json));
  CHECK(json && strstr(json, "\"from\":\"2026-05-01\"") && strstr(json, "二支部"));
  kt_string_free(json);
  members[1].member_json = "{\"learner\":1}";
  EXPECT(KT_STATUS_INVALID_JSON, kt_org_report(members, 2, "2026-05-01", "2026-05-31", &json));
  EXPECT_ERROR("KT_STATUS_INVALID_JSON: 参数 members[1].member_json");
  EXPECT(KT_STATUS_OUT_OF_RANGE, kt_org_report(members, 1, "2026-05-01", "5月31日", &json));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_org_report(NULL, 1, "2026-05-01", "2026-05-31", &json));
  kt_learner_free(learner);
  kt_learner_free(rebuilt);
  kt_study_free(study);
  kt_banks_free(banks);
}

/* The 微考堂 vector through the session API: the questions, every record, the report. */
static void test_exam_vector(void) {
  KtBanks *banks = vector_banks();
  KtStudy *study = NULL;
  EXPECT(KT_STATUS_OK, kt_study_new(NULL, &study));
  char *file = read_file("exam.json");
  const char *cases, *c;
  CHECK(js_get(file, "cases", &cases));
  size_t ran = 0;
  for (size_t i = 0; js_at(cases, i, &c); i++, ran++) {
    const char *v, *expected, *questions, *records, *report, *answers, *a;
    char *settings = raw(c, "settings");
    js_get(c, "seed", &v);
    uint64_t seed = strtoull(v, NULL, 10);
    js_get(c, "started", &v);
    int64_t started = strtoll(v, NULL, 10);
    int64_t end = started;
    if (js_get(c, "submit_at", &v)) end = strtoll(v, NULL, 10);
    js_get(c, "expected", &expected);
    js_get(expected, "questions", &questions);
    js_get(expected, "records", &records);
    size_t report_len = js_get(expected, "report", &report);
    KtLearner *learner = NULL;
    EXPECT(KT_STATUS_OK, kt_learner_new(&learner));
    KtSession *session = NULL;
    EXPECT(KT_STATUS_OK, kt_session_exam(banks, seed, started, settings, &session));
    js_get(c, "answers", &answers);
    size_t recorded = 0;
    int ok = 1;
    for (size_t k = 0; js_at(answers, k, &a); k++) {
      js_get(a, "at", &v);
      int64_t at = strtoll(v, NULL, 10);
      js_get(a, "answer_ms", &v);
      uint32_t ms = (uint32_t)strtoul(v, NULL, 10);
      js_get(a, "typed", &v);
      char *typed = js_is_null(v) ? NULL : js_str(v);
      /* The question shown is the one drawn in this place. */
      char *view = NULL;
      if (kt_session_next(session, banks, at, &view) == KT_STATUS_OK) {
        const char *want_id, *got_id;
        size_t n = js_at(questions, k, &want_id);
        ok &= js_get(view, "id", &got_id) == n && strncmp(want_id, got_id, n) == 0;
      }
      kt_string_free(view);
      char *step = NULL, *entry = NULL;
      EXPECT(KT_STATUS_OK, kt_session_answer(session, study, banks, learner, typed, ms, at, &step, &entry));
      const char *fb, *rec, *want;
      if (step && js_get(step, "feedback", &fb) && !js_is_null(fb)) {
        size_t got_n = js_get(fb, "record", &rec);
        size_t want_n = js_at(records, recorded++, &want);
        ok &= got_n == want_n && strncmp(rec, want, want_n) == 0;
        /* The entry to persist is the record with its schema version. */
        ok &= entry && strncmp(entry, "{\"v\":1,\"entry\":\"review\",", 24) == 0 &&
              strncmp(entry + 24, want + 1, want_n - 1) == 0;
      } else {
        ok &= entry == NULL;
      }
      int finished = step && strstr(step, "\"finished\":true,\"report\"") != NULL;
      kt_string_free(step);
      kt_string_free(entry);
      free(typed);
      if (finished) break;
    }
    const char *none;
    ok &= !js_at(records, recorded, &none);
    char *summary = NULL;
    EXPECT(KT_STATUS_OK, kt_session_finish(session, banks, end, &summary));
    const char *exam;
    size_t n = summary ? js_get(summary, "exam", &exam) : 0;
    ok &= n == report_len && strncmp(exam, report, n) == 0;
    CHECK(ok);
    if (!ok) fprintf(stderr, "  exam case %zu differs: %s\n", i, summary);
    kt_string_free(summary);
    kt_session_free(session);
    kt_learner_free(learner);
    free(settings);
  }
  CHECK(ran >= 3);
  free(file);
  kt_study_free(study);
  kt_banks_free(banks);
}

static void test_sessions(void) {
  KtBanks *banks = vector_banks();
  KtStudy *study = NULL;
  EXPECT(KT_STATUS_OK, kt_study_new(NULL, &study));
  KtLearner *learner = NULL;
  EXPECT(KT_STATUS_OK, kt_learner_new(&learner));
  const int64_t now = 1780000000;

  /* 每日答题: every question new; a typed answer that is not one keeps the session on it. */
  KtSession *s = NULL;
  EXPECT(KT_STATUS_OK, kt_session_daily(study, banks, learner, now, "{\"new_per_day\":3}", &s));
  KtSessionStatus st;
  EXPECT(KT_STATUS_OK, kt_session_status(s, &st));
  CHECK(st.number == 1 && st.total == 3 && st.hints_allowed && !st.finished && st.deadline == 0);
  char *view = NULL, *step = NULL, *entry = NULL, *json = NULL;
  EXPECT(KT_STATUS_OK, kt_session_next(s, banks, now, &view));
  CHECK(view && !strstr(view, "explanation") && !strstr(view, "\"answer\""));
  const char *v;
  js_get(view, "id", &v);
  char *first = js_str(v);
  kt_string_free(view);
  EXPECT(KT_STATUS_INVALID_ANSWER, kt_session_answer(s, study, banks, learner, "没有这个选项", 1000, now, &step, &entry));
  CHECK(step == NULL && entry == NULL);
  EXPECT(KT_STATUS_OK, kt_session_next(s, banks, now, &view));
  CHECK(view && strstr(view, first));
  kt_string_free(view);
  char *hint = (char *)1;
  EXPECT(KT_STATUS_OK, kt_session_hint(s, banks, &hint));
  kt_string_free(hint);
  /* 不会 (NULL) is graded wrong and recorded; the entry goes into the log. */
  EXPECT(KT_STATUS_OK, kt_session_answer(s, study, banks, learner, NULL, 5000, now + 5, &step, &entry));
  CHECK(step && strstr(step, "\"correct\":false") && entry && strstr(entry, "\"entry\":\"review\""));
  char *saved_entry = entry;
  kt_string_free(step);
  /* Saved and resumed mid-way, it goes on from the same place. */
  EXPECT(KT_STATUS_OK, kt_session_to_json(s, &json));
  KtSession *resumed = NULL;
  EXPECT(KT_STATUS_OK, kt_session_from_json(json, &resumed));
  kt_string_free(json);
  EXPECT(KT_STATUS_OK, kt_session_status(resumed, &st));
  CHECK(st.number == 2 && st.answered == 1);
  kt_session_free(s);
  while (kt_session_next(resumed, banks, now + 10, &view) == KT_STATUS_OK) {
    kt_string_free(view);
    EXPECT(KT_STATUS_OK, kt_session_answer(resumed, study, banks, learner, "A", 3000, now + 10, &step, NULL));
    kt_string_free(step);
  }
  CHECK(view == NULL);
  EXPECT_ERROR("KT_STATUS_FINISHED: 本次练习已结束");
  EXPECT(KT_STATUS_FINISHED, kt_session_answer(resumed, study, banks, learner, "A", 1, now + 20, &step, &entry));
  EXPECT(KT_STATUS_OK, kt_session_summary(resumed, &json));
  CHECK(json && strstr(json, "\"mode\":\"daily\"") && strstr(json, "\"answered\":3") && strstr(json, "\"finished\":true"));
  kt_string_free(json);
  kt_session_free(resumed);
  /* The entry persisted replays into the same card. */
  KtLearner *replayed = NULL;
  EXPECT(KT_STATUS_OK, kt_learner_rebuild(study, saved_entry, &replayed));
  EXPECT(KT_STATUS_OK, kt_learner_card(replayed, first, &json));
  CHECK(json && strstr(json, "\"wrong_book\":true"));
  kt_string_free(json);
  kt_learner_free(replayed);
  kt_string_free(saved_entry);

  /* 错题本 holds the question answered wrong; its drill is a session over it. */
  EXPECT(KT_STATUS_OK, kt_wrong_book_json(banks, learner, &json));
  CHECK(json && strstr(json, first));
  kt_string_free(json);
  EXPECT(KT_STATUS_OK, kt_session_wrong_book(banks, learner, &s));
  EXPECT(KT_STATUS_OK, kt_session_next(s, banks, now, &view));
  CHECK(view && strstr(view, first));
  kt_string_free(view);
  kt_session_free(s);
  free(first);

  /* 挑战答题: no hints; a wrong answer with no revive left ends the run. */
  EXPECT(KT_STATUS_OK, kt_session_challenge(banks, learner, 7, "{\"revives\":0}", &s));
  EXPECT(KT_STATUS_OK, kt_session_status(s, &st));
  CHECK(st.total == 0 && !st.hints_allowed);
  EXPECT(KT_STATUS_OK, kt_session_next(s, banks, now, &view));
  kt_string_free(view);
  EXPECT(KT_STATUS_INVALID_SETTINGS, kt_session_hint(s, banks, &hint));
  CHECK(hint == NULL);
  EXPECT(KT_STATUS_OK, kt_session_answer(s, study, banks, learner, NULL, 1000, now, &step, &entry));
  CHECK(step && strstr(step, "\"finished\":true"));
  kt_string_free(step);
  kt_string_free(entry);
  kt_session_free(s);

  /* 微考堂: an answer after the time limit is not counted and submits the exam. */
  EXPECT(KT_STATUS_OK, kt_session_exam(banks, 3, now, "{\"count\":3,\"time_limit_secs\":60}", &s));
  EXPECT(KT_STATUS_OK, kt_session_status(s, &st));
  CHECK(st.total == 3 && st.deadline == now + 60 && !st.hints_allowed);
  EXPECT(KT_STATUS_OK, kt_session_answer(s, study, banks, learner, NULL, 61000, now + 61, &step, &entry));
  CHECK(step && strstr(step, "\"feedback\":null") && strstr(step, "\"timed_out\":true") && entry == NULL);
  kt_string_free(step);
  EXPECT(KT_STATUS_FINISHED, kt_session_next(s, banks, now + 61, &view));
  kt_session_free(s);

  /* 专项答题, 每日一题, 天天读 and its reading marked read. */
  EXPECT(KT_STATUS_OK, kt_session_practice(banks, learner, "{\"filter\":{\"types\":[\"order\"]},\"count\":5}", &s));
  EXPECT(KT_STATUS_OK, kt_session_status(s, &st));
  CHECK(st.total == 2);
  EXPECT(KT_STATUS_OK, kt_session_next(s, banks, now, &view));
  CHECK(view && strstr(view, "\"type\":\"order\""));
  kt_string_free(view);
  kt_session_free(s);
  EXPECT(KT_STATUS_OK, kt_today_json(banks, "2026-07-23", &json));
  CHECK(json && strstr(json, "中国共产党第一次全国代表大会在上海开幕"));
  kt_string_free(json);
  EXPECT(KT_STATUS_OK, kt_session_today(banks, "2026-07-23", &s));
  EXPECT(KT_STATUS_OK, kt_session_next(s, banks, now, &view));
  CHECK(view && strstr(view, "\"id\":\"st-001\""));
  kt_string_free(view);
  kt_session_free(s);
  EXPECT(KT_STATUS_OK, kt_reading_json(banks, learner, "2026-05-29", &json));
  CHECK(json && strstr(json, "\"st-r01\""));
  kt_string_free(json);
  EXPECT(KT_STATUS_OK, kt_session_reading(banks, learner, "2026-05-29", &s));
  kt_session_free(s);
  EXPECT(KT_STATUS_OK, kt_mark_read(study, banks, learner, "st-r01", now, &entry));
  CHECK(entry && strncmp(entry, "{\"v\":1,\"entry\":\"read\",\"reading\":\"st-r01\"", 40) == 0);
  EXPECT(KT_STATUS_OK, kt_learner_apply(learner, study, entry));
  kt_string_free(entry);
  EXPECT(KT_STATUS_NOT_FOUND, kt_mark_read(study, banks, learner, "no-such-reading", now, &entry));

  /* Errors: bad settings JSON, a bad date, a session of another version, wrong handles. */
  EXPECT(KT_STATUS_INVALID_JSON, kt_session_daily(study, banks, learner, now, "{\"new_per_day\":-1}", &s));
  CHECK(s == NULL);
  EXPECT(KT_STATUS_INVALID_JSON, kt_session_exam(banks, 1, now, "[", &s));
  EXPECT(KT_STATUS_INVALID_JSON, kt_session_challenge(banks, learner, 1, "{\"revives\":\"一\"}", &s));
  EXPECT(KT_STATUS_INVALID_JSON, kt_session_practice(banks, learner, "{\"order\":5}", &s));
  EXPECT(KT_STATUS_OUT_OF_RANGE, kt_session_today(banks, "2026-13-01", &s));
  EXPECT(KT_STATUS_OUT_OF_RANGE, kt_reading_json(banks, learner, "昨天", &json));
  EXPECT(KT_STATUS_INVALID_JSON, kt_session_from_json("{\"v\":9}", &s));
  EXPECT(KT_STATUS_INVALID_JSON, kt_session_from_json("{\"v\":1,\"run\":{}}", &s));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_session_next(NULL, banks, now, &view));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_session_answer(NULL, study, banks, learner, "A", 1, now, &step, NULL));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_session_status(NULL, &st));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_session_finish(NULL, banks, now, &json));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_session_summary(NULL, &json));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_session_to_json(NULL, &json));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_session_wrong_book(banks, NULL, &s));
  EXPECT(KT_STATUS_NULL_ARGUMENT, kt_wrong_book_json(NULL, learner, &json));
  EXPECT(KT_STATUS_WRONG_HANDLE, kt_session_status((const KtSession *)(const void *)learner, &st));
  EXPECT(KT_STATUS_WRONG_HANDLE, kt_session_daily(study, banks, (const KtLearner *)(const void *)study, now, NULL, &s));
  kt_learner_free(learner);
  kt_study_free(study);
  kt_banks_free(banks);
}

int main(int argc, char **argv) {
  if (argc > 1) vectors_dir = argv[1];
  test_conventions();
  test_banks();
  test_grading();
  test_fsrs();
  test_contest_paper();
  test_contest_scoring();
  test_learner();
  test_exam_vector();
  test_sessions();
  printf("%d checks, %d failures\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
