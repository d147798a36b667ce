/* The README's ten-line example: load the shipped banks, show a question, grade an answer. */
#include <kaotang.h>
#include <stdio.h>

int main(void) {
  KtBanks *banks = NULL;
  char *question = NULL;
  KtGrade grade;
  if (kt_banks_shipped(&banks) != KT_STATUS_OK ||
      kt_banks_question(banks, "xmz-001", KT_QUESTION_VIEW_PARTICIPANT, &question) != KT_STATUS_OK ||
      kt_grade(banks, "xmz-001", "A", NULL, &grade) != KT_STATUS_OK) {
    fprintf(stderr, "%s\n", kt_last_error());
    return 1;
  }
  printf("%s\n答 A：得分 %.0f%%，%s\n", question, grade.credit * 100, grade.correct ? "正确" : "错误");
  kt_string_free(question);
  kt_banks_free(banks);
  return 0;
}
