/* ssd's text output; see report.h. */
#include "report.h"

#include <string.h>

#include "linebuf.h"

/* A space after every tenth page, as the original groups them. */
static void group_gap(linebuf *b, long long i) {
  if (i > 0 && (i + 1) % 10 == 0)
    lb_char(b, ' ');
}

bool ssd_print_dump(const ssd *s, FILE *out) {
  linebuf b;
  lb_init(&b);
  lb_str(&b, "FTL   ");
  long long count = 0, columns = s->npages / 7;
  for (long long l = 0; l < s->nlogical; l++) {
    if (s->forward[l] == -1)
      continue;
    count++;
    lb_int(&b, l, 3);
    lb_char(&b, ':');
    lb_int(&b, s->forward[l], 3);
    lb_char(&b, ' ');
    if (columns == 0) {
      lb_flush(&b, out);
      lb_free(&b);
      return false;
    }
    if (count % columns == 0)
      lb_str(&b, "\n      ");
    if (b.len > 1 << 16)
      lb_flush(&b, out);
  }
  if (count == 0)
    lb_str(&b, "(empty)");
  lb_char(&b, '\n');

  lb_str(&b, "Block ");
  for (long long i = 0; i < s->nblocks; i++) {
    char num[24];
    int len = snprintf(num, sizeof num, "%lld", i);
    lb_str(&b, num);
    for (long long k = 0; k < s->ppb - len + 1; k++)
      lb_char(&b, ' ');
    if (b.len > 1 << 16)
      lb_flush(&b, out);
  }
  lb_char(&b, '\n');

  char total[24];
  int max_len = snprintf(total, sizeof total, "%lld", s->npages);
  for (int n = max_len; n > 0; n--) {
    lb_str(&b, n == max_len ? "Page  " : "      ");
    long long div = 1;
    for (int k = 1; k < n; k++)
      div *= 10;
    for (long long i = 0; i < s->npages; i++) {
      lb_char(&b, (char)('0' + (i / div) % 10));
      group_gap(&b, i);
      if (b.len > 1 << 16)
        lb_flush(&b, out);
    }
    lb_char(&b, '\n');
  }

  lb_str(&b, "State ");
  for (long long i = 0; i < s->npages; i++) {
    lb_char(&b, s->state[i] == PAGE_INVALID ? 'i' : s->state[i] == PAGE_ERASED ? 'E' : 'v');
    group_gap(&b, i);
    if (b.len > 1 << 16)
      lb_flush(&b, out);
  }
  lb_char(&b, '\n');

  lb_str(&b, "Data  ");
  for (long long i = 0; i < s->npages; i++) {
    if (s->state[i] == PAGE_VALID)
      lb_str(&b, s->data[i]);
    else
      lb_char(&b, ' ');
    group_gap(&b, i);
    if (b.len > 1 << 16)
      lb_flush(&b, out);
  }
  lb_char(&b, '\n');

  lb_str(&b, "Live  ");
  for (long long i = 0; i < s->npages; i++) {
    lb_char(&b, ssd_page_live(s, i) ? '+' : ' ');
    group_gap(&b, i);
    if (b.len > 1 << 16)
      lb_flush(&b, out);
  }
  lb_char(&b, '\n');
  lb_flush(&b, out);
  lb_free(&b);
  return true;
}

static void print_counts(FILE *out, const char *label, const long long *counts, long long n,
                         long long sum) {
  fputs(label, out);
  for (long long i = 0; i < n; i++)
    fprintf(out, "%3lld        ", counts[i]);
  fprintf(out, "  Sum: %lld\n", sum);
}

void ssd_print_stats(const ssd *s, FILE *out) {
  fputs("Physical Operations Per Block\n", out);
  print_counts(out, "Erases ", s->erases, s->nblocks, s->erase_sum);
  print_counts(out, "Writes ", s->writes, s->nblocks, s->write_sum);
  print_counts(out, "Reads  ", s->reads, s->nblocks, s->read_sum);
  fprintf(out, "\nLogical Operation Sums\n");
  fprintf(out, "  Write count %lld (%lld failed)\n", s->lwrite_sum, s->lwrite_fail);
  fprintf(out, "  Read count  %lld (%lld failed)\n", s->lread_sum, s->lread_fail);
  fprintf(out, "  Trim count  %lld (%lld failed)\n", s->trim_sum, s->trim_fail);
  double erase = (double)s->erase_sum * s->erase_time;
  double write = (double)s->write_sum * s->program_time;
  double read = (double)s->read_sum * s->read_time;
  fprintf(out, "\nTimes\n");
  fprintf(out, "  Erase time %.2f\n", erase);
  fprintf(out, "  Write time %.2f\n", write);
  fprintf(out, "  Read time  %.2f\n", read);
  fprintf(out, "  Total time %.2f\n", erase + write + read);
}

#define PICTURE_BLOCKS 64
#define PICTURE_PAGES  64
#define WEAR_BAR       20

static char page_mark(const ssd *s, long long p) {
  if (s->state[p] == PAGE_INVALID)
    return 'i';
  if (s->state[p] == PAGE_ERASED)
    return 'E';
  return ssd_page_live(s, p) ? 'V' : 'v';
}

void ssd_print_picture(const ssd *s, FILE *out) {
  long long most = 0, least = -1, live = 0, stale = 0, erased = 0, invalid = 0;
  for (long long b = 0; b < s->nblocks; b++) {
    if (s->erases[b] > most)
      most = s->erases[b];
    if (least < 0 || s->erases[b] < least)
      least = s->erases[b];
  }
  for (long long p = 0; p < s->npages; p++) {
    char m = page_mark(s, p);
    live += m == 'V';
    stale += m == 'v';
    erased += m == 'E';
    invalid += m == 'i';
  }
  fprintf(out, "Flash blocks (V live page, v stale page, E erased, i never erased;"
               " wear = erases)\n");
  long long width = s->ppb < PICTURE_PAGES ? s->ppb : PICTURE_PAGES;
  fprintf(out, "block  erases  writes   reads  %-*s wear\n",
          (int)(width + (s->ppb > width ? 5 : 2)), "pages");
  long long shown = s->nblocks < PICTURE_BLOCKS ? s->nblocks : PICTURE_BLOCKS;
  for (long long b = 0; b < shown; b++) {
    fprintf(out, "%5lld  %6lld  %6lld  %6lld  |", b, s->erases[b], s->writes[b], s->reads[b]);
    for (long long k = 0; k < width; k++)
      fputc(page_mark(s, b * s->ppb + k), out);
    fputs(s->ppb > width ? "...|" : "|", out);
    long long bar = most > 0 ? (s->erases[b] * WEAR_BAR + most - 1) / most : 0;
    fputc(' ', out);
    for (long long k = 0; k < bar; k++)
      fputc('#', out);
    fputc('\n', out);
  }
  if (s->nblocks > shown)
    fprintf(out, "  ... %lld more blocks\n", s->nblocks - shown);
  fprintf(out, "pages: %lld live, %lld stale, %lld erased, %lld never erased\n", live, stale,
          erased, invalid);
  if (s->nblocks > 0)
    fprintf(out, "wear: erases per block from %lld to %lld (%.2f on average)\n", least, most,
            (double)s->erase_sum / (double)s->nblocks);
}
