/* kaotang-demo: a terminal 微考堂 (10 questions, 5 minutes, submitted automatically when time
 * is up) and 挑战答题 on the shipped banks, through libkaotang.
 *
 * Every answer's log entry is appended to LOG (default kaotang-demo.log) before its feedback
 * is shown; at start the learner is rebuilt from that log, and a session left unfinished
 * (saved beside it as LOG.session after every answer) resumes. Closed input ends cleanly:
 * the session is saved for the next run.
 *
 * Build (after `bash scripts/install-ffi.sh PREFIX`, with PKG_CONFIG_PATH=PREFIX/lib/pkgconfig):
 *   cc -std=c11 examples/c/kaotang-demo.c $(pkg-config --cflags --libs kaotang) \
 *      -Wl,-rpath,PREFIX/lib -o kaotang-demo
 * Run: ./kaotang-demo [LOG] */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <kaotang.h>

#include "json_scan.h" /* a few lines to pick fields out of JSON; apps use their JSON library */

/* The learner's local time: China Standard Time (UTC+8), as the core expects. */
static long long local_now(void) { return (long long)time(NULL) + 8 * 3600; }

static void die(const char *what) {
  fprintf(stderr, "%s：%s\n", what, kt_last_error());
  exit(1);
}

/* ---- input: whole lines from fd 0, with a timeout, without stdio buffering ---- */

static char in_buf[8192];
static size_t in_len = 0;
static int in_eof = 0;

/* Reads one line into `line` (without the newline). Returns 1, 0 at the end of input, or -1
 * when `timeout_s` (if >= 0) passes first. */
static int read_line(char *line, size_t cap, long long timeout_s) {
  for (;;) {
    char *nl = memchr(in_buf, '\n', in_len);
    if (nl || (in_eof && in_len > 0) || in_len == sizeof in_buf) {
      size_t n = nl ? (size_t)(nl - in_buf) : in_len;
      size_t copy = n < cap - 1 ? n : cap - 1;
      memcpy(line, in_buf, copy);
      line[copy] = '\0';
      if (copy && line[copy - 1] == '\r') line[copy - 1] = '\0';
      size_t used = nl ? n + 1 : n;
      memmove(in_buf, in_buf + used, in_len - used);
      in_len -= used;
      return 1;
    }
    if (in_eof) return 0;
    if (timeout_s >= 0) {
      fd_set fds;
      FD_ZERO(&fds);
      FD_SET(0, &fds);
      struct timeval tv = {(time_t)timeout_s, 0};
      int r = select(1, &fds, NULL, NULL, &tv);
      if (r == 0) return -1;
      if (r < 0 && errno != EINTR) return 0;
      if (r < 0) continue;
    }
    ssize_t got = read(0, in_buf + in_len, sizeof in_buf - in_len);
    if (got <= 0) {
      if (got < 0 && errno == EINTR) continue;
      in_eof = 1;
    } else {
      in_len += (size_t)got;
    }
  }
}

/* ---- files ---- */

static char *read_all(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, len = 0;
  char *s = malloc(cap);
  size_t n;
  while (s && (n = fread(s + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 2) s = realloc(s, cap *= 2);
  }
  fclose(f);
  if (s) s[len] = '\0';
  return s;
}

static void write_all(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (!f || fputs(text, f) < 0 || fclose(f) != 0) perror(path);
}

/* The log is the truth: each entry is appended and flushed before its feedback is shown. */
static void append_entry(const char *path, const char *entry) {
  FILE *f = fopen(path, "ab");
  if (!f || fprintf(f, "%s\n", entry) < 0 || fflush(f) != 0 || fsync(fileno(f)) != 0) {
    perror(path);
    exit(1);
  }
  fclose(f);
}

/* ---- showing JSON fields ---- */

static void print_field(const char *json, const char *key, const char *before, const char *after) {
  const char *v;
  if (!js_get(json, key, &v) || js_is_null(v)) return;
  char *s = js_str(v);
  if (s) printf("%s%s%s", before, s, after);
  free(s);
}

static void print_list(const char *json, const char *key, const char *title) {
  const char *list, *item;
  if (!js_get(json, key, &list) || !js_at(list, 0, &item)) return;
  if (title) printf("%s\n", title);
  for (size_t i = 0; js_at(list, i, &item); i++) {
    char *s = js_str(item);
    printf("  %c. %s\n", (char)('A' + i), s ? s : "");
    free(s);
  }
}

static void show_question(const char *view, const KtSessionStatus *st, long long now) {
  printf("\n第 %u 题", st->number);
  if (st->total) printf(" / 共 %u 题", st->total);
  if (st->deadline) printf("（剩余 %lld 秒）", st->deadline > now ? st->deadline - now : 0);
  printf("\n");
  print_field(view, "stem", "", "\n");
  const char *right;
  int matching = js_get(view, "right", &right) && js_at(right, 0, &right);
  print_list(view, "choices", matching ? "左列：" : NULL);
  if (matching) print_list(view, "right", "右列：");
  const char *t;
  js_get(view, "type", &t);
  if (strncmp(t, "\"judge\"", 7) == 0) printf("（对 / 错）\n");
  if (strncmp(t, "\"fill\"", 6) == 0) printf("（多个空用；分隔）\n");
}

static void show_feedback(const char *step) {
  const char *fb, *v;
  if (!js_get(step, "feedback", &fb) || js_is_null(fb)) {
    printf("时间到，本题不计。\n");
    return;
  }
  js_get(fb, "correct", &v);
  if (strncmp(v, "true", 4) == 0) {
    printf("✓ 回答正确");
  } else {
    printf("✗ 回答错误");
    print_field(fb, "answer_text", "，正确答案：", "");
  }
  js_get(fb, "points", &v);
  if (strtol(v, NULL, 10) > 0) printf("（+%ld 积分）", strtol(v, NULL, 10));
  printf("\n");
  print_field(fb, "explanation", "解析：", "\n");
}

static void show_summary(const char *summary) {
  const char *v, *exam;
  if (js_get(summary, "exam", &exam) && !js_is_null(exam)) {
    js_get(exam, "score", &v);
    printf("\n交卷：得分 %.1f / 100", strtod(v, NULL));
    js_get(exam, "correct", &v);
    printf("，答对 %ld", strtol(v, NULL, 10));
    js_get(exam, "total", &v);
    printf(" / %ld 题", strtol(v, NULL, 10));
    js_get(exam, "timed_out", &v);
    if (strncmp(v, "true", 4) == 0) printf("（时间到，自动交卷）");
    printf("\n");
    return;
  }
  js_get(summary, "answered", &v);
  printf("\n本次答题 %ld 道", strtol(v, NULL, 10));
  js_get(summary, "correct", &v);
  printf("，答对 %ld 道", strtol(v, NULL, 10));
  js_get(summary, "points", &v);
  printf("，获得积分 %ld\n", strtol(v, NULL, 10));
}

/* ---- the session loop ---- */

typedef struct {
  KtBanks *banks;
  KtStudy *study;
  KtLearner *learner;
  const char *log_path;
  char session_path[4096];
} Demo;

/* Runs a session to its end; returns 0 when input ended first (the session is saved). */
static int run(Demo *d, KtSession *session) {
  char line[1024];
  for (;;) {
    long long now = local_now();
    char *view = NULL;
    KtStatus s = kt_session_next(session, d->banks, now, &view);
    if (s == KT_STATUS_FINISHED) break;
    if (s != KT_STATUS_OK) die("取题失败");
    KtSessionStatus st;
    if (kt_session_status(session, &st) != KT_STATUS_OK) die("读取进度失败");
    show_question(view, &st, now);
    kt_string_free(view);
    long long started = local_now();
    for (;;) {
      printf(st.hints_allowed ? "答案（? 提示，回车表示不会）：" : "答案（回车表示不会）：");
      fflush(stdout);
      int r = read_line(line, sizeof line, st.deadline ? st.deadline - local_now() : -1);
      if (r == 0) {
        /* Input ended: keep the session to resume on the next run. */
        char *saved = NULL;
        if (kt_session_to_json(session, &saved) == KT_STATUS_OK) write_all(d->session_path, saved);
        kt_string_free(saved);
        printf("\n已保存，下次运行时继续。\n");
        return 0;
      }
      if (r < 0) {
        printf("\n时间到，自动交卷。\n");
        goto finished;
      }
      if (strcmp(line, "?") == 0 || strcmp(line, "？") == 0) {
        char *hint = NULL;
        if (kt_session_hint(session, d->banks, &hint) != KT_STATUS_OK) {
          printf("%s\n", strstr(kt_last_error(), ": ") + 2);
        } else {
          printf("提示：%s\n", hint ? hint : "本题没有提示。");
        }
        kt_string_free(hint);
        continue;
      }
      char *step = NULL, *entry = NULL;
      now = local_now();
      unsigned ms = (unsigned)((now - started) * 1000);
      s = kt_session_answer(session, d->study, d->banks, d->learner, line[0] ? line : NULL, ms, now,
                            &step, &entry);
      if (s == KT_STATUS_INVALID_ANSWER) {
        printf("%s\n", strstr(kt_last_error(), ": ") + 2);
        continue;
      }
      if (s != KT_STATUS_OK) die("作答失败");
      if (entry) append_entry(d->log_path, entry);
      show_feedback(step);
      kt_string_free(step);
      kt_string_free(entry);
      char *saved = NULL;
      if (kt_session_to_json(session, &saved) == KT_STATUS_OK) write_all(d->session_path, saved);
      kt_string_free(saved);
      break;
    }
  }
finished:;
  char *summary = NULL;
  if (kt_session_finish(session, d->banks, local_now(), &summary) != KT_STATUS_OK) die("结束失败");
  show_summary(summary);
  kt_string_free(summary);
  remove(d->session_path);
  return 1;
}

int main(int argc, char **argv) {
  Demo d = {NULL, NULL, NULL, argc > 1 ? argv[1] : "kaotang-demo.log", ""};
  snprintf(d.session_path, sizeof d.session_path, "%s.session", d.log_path);
  if (kt_banks_shipped(&d.banks) != KT_STATUS_OK) die("载入题库失败");
  if (kt_study_new(NULL, &d.study) != KT_STATUS_OK) die("学习设置无效");
  char *log = read_all(d.log_path);
  if (kt_learner_rebuild(d.study, log ? log : "", &d.learner) != KT_STATUS_OK) die("学习记录无法读取");
  size_t entries = 0;
  for (const char *p = log; p && (p = strchr(p, '\n')); p++) entries++;
  free(log);
  KtBankCounts counts;
  kt_banks_counts(d.banks, &counts);
  printf("考堂 %s：%zu 道题；学习记录 %zu 条（%s）\n", kt_version(), counts.questions, entries, d.log_path);

  KtSession *session = NULL;
  char *saved = read_all(d.session_path);
  if (saved && kt_session_from_json(saved, &session) == KT_STATUS_OK) printf("继续上次未完成的练习。\n");
  free(saved);
  int open = 1;
  while (open) {
    if (!session) {
      char line[64];
      printf("\n1 微考堂（10 题，限时 5 分钟）  2 挑战答题  q 退出\n请选择：");
      fflush(stdout);
      if (read_line(line, sizeof line, -1) <= 0 || strcmp(line, "q") == 0) break;
      KtStatus s = KT_STATUS_OK;
      if (strcmp(line, "1") == 0) {
        s = kt_session_exam(d.banks, (uint64_t)time(NULL), local_now(),
                            "{\"count\":10,\"time_limit_secs\":300}", &session);
      } else if (strcmp(line, "2") == 0) {
        s = kt_session_challenge(d.banks, d.learner, (uint64_t)time(NULL), NULL, &session);
      } else {
        continue;
      }
      if (s != KT_STATUS_OK) die("无法开始");
    }
    open = run(&d, session);
    kt_session_free(session);
    session = NULL;
  }
  printf("\n再见。\n");
  kt_learner_free(d.learner);
  kt_study_free(d.study);
  kt_banks_free(d.banks);
  return 0;
}
