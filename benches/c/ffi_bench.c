/* The C side of scripts/bench-ffi.sh: the same two jobs as examples/ffi_baseline.rs, through
 * libkaotang — FSRS next_states with plain structs, and scoring 100,000 answer sheets from a
 * CSV in memory. Prints the fastest of ROUNDS rounds.
 *
 * Usage: ffi_bench DIR [ROUNDS]   (DIR holds the files the Rust side wrote) */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kaotang.h"

#define FSRS_CALLS 1000000u

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static char *slurp(const char *dir, const char *name, size_t *len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
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
  if (len) *len = (size_t)n;
  return s;
}

static void ok(KtStatus s, const char *what) {
  if (s != KT_STATUS_OK) {
    fprintf(stderr, "%s: %s\n", what, kt_last_error());
    exit(1);
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: ffi_bench DIR [ROUNDS]\n");
    return 2;
  }
  int rounds = argc > 2 ? atoi(argv[2]) : 7;
  if (rounds < 1) rounds = 1;
  char *bank = slurp(argv[1], "bank.json", NULL);
  char *assembly_json = slurp(argv[1], "assembly.json", NULL);
  char *rules = slurp(argv[1], "rules.json", NULL);
  size_t csv_len = 0;
  char *csv = slurp(argv[1], "sheets.csv", &csv_len);

  KtBankFile file = {"bank.json", bank};
  KtBanks *banks = NULL;
  ok(kt_banks_load(&file, 1, &banks, NULL), "banks");
  KtAssembly *assembly = NULL;
  ok(kt_assembly_from_json(assembly_json, &assembly), "assembly");
  KtFsrs *fsrs = NULL;
  ok(kt_fsrs_new(NULL, 0, &fsrs), "fsrs");

  double fsrs_ns = 1e300, score_ms = 1e300;
  for (int r = 0; r < rounds; r++) {
    double start = now_s();
    volatile double sum = 0;
    for (unsigned i = 0; i < FSRS_CALLS; i++) {
      KtMemoryState state = {0.5 + (double)(i % 1000) * 0.37, 1.0 + (double)(i % 90) * 0.1};
      KtNextStates next;
      ok(kt_fsrs_next_states(fsrs, &state, 0.9, i % 60, &next), "next_states");
      sum += next.good.interval;
    }
    double t = (now_s() - start) * 1e9 / FSRS_CALLS;
    if (t < fsrs_ns) fsrs_ns = t;

    start = now_s();
    KtScoring *scoring = NULL;
    ok(kt_contest_score(banks, assembly, rules, (const uint8_t *)csv, csv_len, false, &scoring), "score");
    t = (now_s() - start) * 1e3;
    if (t < score_ms) score_ms = t;
    kt_scoring_free(scoring);
  }
  printf("c fsrs_next_states_ns %.1f\n", fsrs_ns);
  printf("c score_100k_ms %.2f\n", score_ms);
  kt_fsrs_free(fsrs);
  kt_assembly_free(assembly);
  kt_banks_free(banks);
  free(bank);
  free(assembly_json);
  free(rules);
  free(csv);
  return 0;
}
