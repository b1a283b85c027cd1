/* The SSD model; see ssd.h. */
#include "ssd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const BLANK = " ";

static void *alloc_array(long long n, size_t size) {
  return calloc(n > 0 ? (size_t)n : 1, size);
}

bool ssd_init(ssd *s, ssd_kind kind, long long nlogical, long long nblocks, long long ppb,
              double erase_time, double program_time, double read_time, long long high_water,
              long long low_water) {
  memset(s, 0, sizeof *s);
  s->kind = kind;
  s->nlogical = nlogical;
  s->nblocks = nblocks;
  s->ppb = ppb;
  s->npages = nblocks * ppb;
  s->erase_time = erase_time;
  s->program_time = program_time;
  s->read_time = read_time;
  s->high_water = high_water;
  s->low_water = low_water;
  s->current_page = -1;
  long long nl = nlogical > 0 ? nlogical : 0;
  s->state = alloc_array(s->npages, 1);
  s->data = alloc_array(s->npages, sizeof *s->data);
  s->reverse = alloc_array(s->npages, sizeof *s->reverse);
  s->forward = alloc_array(nl, sizeof *s->forward);
  s->in_use = alloc_array(nblocks, 1);
  s->erases = alloc_array(nblocks, sizeof *s->erases);
  s->writes = alloc_array(nblocks, sizeof *s->writes);
  s->reads = alloc_array(nblocks, sizeof *s->reads);
  s->old_pages = alloc_array(ppb, sizeof *s->old_pages);
  s->live_pages = alloc_array(ppb, sizeof *s->live_pages);
  s->old_data = alloc_array(ppb, sizeof *s->old_data);
  if (!s->state || !s->data || !s->reverse || !s->forward || !s->in_use || !s->erases ||
      !s->writes || !s->reads || !s->old_pages || !s->live_pages || !s->old_data) {
    ssd_free(s);
    return false;
  }
  for (long long p = 0; p < s->npages; p++) {
    s->state[p] = PAGE_INVALID;
    s->data[p] = BLANK;
    s->reverse[p] = -1;
  }
  for (long long l = 0; l < nl; l++)
    s->forward[l] = -1;
  return true;
}

void ssd_free(ssd *s) {
  free(s->state);
  free(s->data);
  free(s->reverse);
  free(s->forward);
  free(s->in_use);
  free(s->erases);
  free(s->writes);
  free(s->reads);
  free(s->old_pages);
  free(s->live_pages);
  free(s->old_data);
  memset(s, 0, sizeof *s);
}

__attribute__((format(printf, 2, 3))) static bool crash(ssd *s, const char *fmt, ...) {
  if (!s->error) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error_text, sizeof s->error_text, fmt, ap);
    va_end(ap);
    s->error = s->error_text;
  }
  return false;
}

/* The block of a physical page, as the original computes it (division by
 * the pages per block, which fails when that is 0). */
static bool block_of(ssd *s, long long page, long long *block) {
  if (s->ppb == 0)
    return crash(s, "division by zero: the device has 0 pages per block");
  /* int(page / ppb): truncation toward zero */
  *block = page / s->ppb;
  if (*block < 0 || *block >= s->nblocks)
    return crash(s, "page %lld is in block %lld, beyond the %lld blocks of the device", page,
                 *block, s->nblocks);
  return true;
}

static bool page_ok(ssd *s, long long page) {
  if (page < 0 || page >= s->npages)
    return crash(s, "page %lld is beyond the %lld pages of the device", page, s->npages);
  return true;
}

static bool physical_erase(ssd *s, long long block) {
  if (block < 0 || block >= s->nblocks)
    return crash(s, "block %lld is beyond the %lld blocks of the device", block, s->nblocks);
  long long first = block * s->ppb;
  for (long long p = first; p < first + s->ppb; p++) {
    s->data[p] = BLANK;
    s->state[p] = PAGE_ERASED;
  }
  if (s->in_use[block]) {
    s->in_use[block] = 0;
    s->in_use_count--;
  }
  s->erases[block]++;
  s->erase_sum++;
  return true;
}

static bool physical_program(ssd *s, long long page, const char *data) {
  long long block = 0;
  if (!block_of(s, page, &block))
    return false;
  s->data[page] = data;
  s->state[page] = PAGE_VALID;
  s->writes[block]++;
  s->write_sum++;
  return true;
}

static const char *physical_read(ssd *s, long long page) {
  long long block = 0;
  if (!block_of(s, page, &block) || !page_ok(s, page))
    return NULL;
  s->reads[block]++;
  s->read_sum++;
  return s->data[page];
}

/* Direct mapping: read every valid page of the block, erase it, program
 * the old pages back and the new one. */
static const char *write_direct(ssd *s, long long page, const char *data) {
  long long block = 0;
  if (s->ppb == 0)
    return crash(s, "division by zero: the device has 0 pages per block"), NULL;
  block = page / s->ppb;
  long long first = block * s->ppb;
  /* The old valid pages (the cleaner never calls this while it uses the
   * buffers: a direct write cleans nothing). */
  long long nold = 0;
  for (long long p = first; p < first + s->ppb; p++) {
    if (!page_ok(s, p))
      return NULL;
    if (s->state[p] == PAGE_VALID) {
      const char *d = physical_read(s, p);
      if (!d)
        return NULL;
      s->old_pages[nold] = p;
      s->old_data[nold++] = d;
    }
  }
  if (!physical_erase(s, block))
    return NULL;
  for (long long i = 0; i < nold; i++)
    if (s->old_pages[i] != page && !physical_program(s, s->old_pages[i], s->old_data[i]))
      return NULL;
  if (!physical_program(s, page, data))
    return NULL;
  s->forward[page] = page;
  s->reverse[page] = page;
  return "success";
}

static const char *write_ideal(ssd *s, long long page, const char *data) {
  if (!physical_program(s, page, data))
    return NULL;
  s->forward[page] = page;
  s->reverse[page] = page;
  return "success";
}

/* Can the log open `block`? Yes when its first page is not valid (erasing
 * it first if it was never erased). 1 yes, 0 no, -1 crash. */
static int open_block(ssd *s, long long block) {
  long long first = block * s->ppb;
  if (!page_ok(s, first))
    return -1;
  if (s->state[first] == PAGE_VALID)
    return 0;
  if (s->state[first] == PAGE_INVALID && !physical_erase(s, block))
    return -1;
  s->current_block = block;
  s->current_page = first;
  if (!s->in_use[block]) {
    s->in_use[block] = 1;
    s->in_use_count++;
  }
  return 1;
}

/* Makes sure the cursor is on an erased page: 0 yes, -1 device full, -2
 * crash. */
static int get_cursor(ssd *s) {
  if (s->current_page != -1)
    return 0;
  long long start = s->current_block;
  for (long long b = start; b < s->nblocks; b++) {
    int r = open_block(s, b);
    if (r != 0)
      return r > 0 ? 0 : -2;
  }
  for (long long b = 0; b < start; b++) {
    int r = open_block(s, b);
    if (r != 0)
      return r > 0 ? 0 : -2;
  }
  return -1;
}

static const char *write_logging(ssd *s, long long address, const char *data) {
  int r = get_cursor(s);
  if (r == -2)
    return NULL;
  if (r == -1) {
    s->lwrite_fail++;
    return "failure: device full";
  }
  long long page = s->current_page;
  if (s->state[page] != PAGE_ERASED)
    return crash(s, "the log's cursor is on a page that is not erased"), NULL;
  if (!physical_program(s, page, data))
    return NULL;
  s->forward[address] = page;
  s->reverse[page] = address;
  s->current_page++;
  if (s->current_page % s->ppb == 0)
    s->current_page = -1;
  return "success";
}

const char *ssd_write(ssd *s, long long address, const char *data) {
  s->lwrite_sum++;
  if (address < 0 || address >= s->nlogical) {
    s->lwrite_fail++;
    return "fail: illegal write address";
  }
  switch (s->kind) {
  case SSD_DIRECT: return write_direct(s, address, data);
  case SSD_IDEAL: return write_ideal(s, address, data);
  default: return write_logging(s, address, data);
  }
}

const char *ssd_read(ssd *s, long long address) {
  s->lread_sum++;
  if (address < 0 || address >= s->nlogical) {
    s->lread_fail++;
    return "fail: illegal read address";
  }
  if (s->forward[address] == -1) {
    s->lread_fail++;
    return "fail: uninitialized read";
  }
  return physical_read(s, s->forward[address]);
}

const char *ssd_trim(ssd *s, long long address) {
  s->trim_sum++;
  if (address < 0 || address >= s->nlogical) {
    s->trim_fail++;
    return "fail: illegal trim address";
  }
  if (s->forward[address] == -1) {
    s->trim_fail++;
    return "fail: uninitialized trim";
  }
  s->forward[address] = -1;
  return "success";
}

bool ssd_page_live(const ssd *s, long long p) {
  if (s->state[p] != PAGE_VALID)
    return false;
  long long l = s->reverse[p];
  return l >= 0 && l < s->nlogical && s->forward[l] == p;
}

/* Cleans one block: copies its live pages to the log, then erases it.
 * Returns 1 when cleaned, 0 when skipped, -1 on a crash. */
static int clean_block(ssd *s, long long block) {
  if (block == s->current_block)
    return 0;
  long long first = block * s->ppb;
  if (!page_ok(s, first))
    return -1;
  if (s->state[first] == PAGE_ERASED)
    return 0;
  long long nlive = 0;
  for (long long p = first; p < first + s->ppb; p++) {
    long long l = s->reverse[p];
    if (l != -1 && s->forward[l] == p)
      nlive++;
  }
  if (nlive == s->ppb)
    return 0;
  /* The original lists the live pages first, then copies them: a copy may
   * land in this very block (direct mode), so the list is taken now. */
  long long *live = s->live_pages;
  long long n = 0;
  for (long long p = first; p < first + s->ppb; p++) {
    long long l = s->reverse[p];
    if (l != -1 && s->forward[l] == p)
      live[n++] = p;
  }
  for (long long i = 0; i < n; i++) {
    long long p = live[i];
    if (s->obs.move)
      s->obs.move(s->obs.ctx, s, p);
    const char *d = physical_read(s, p);
    if (!d || !ssd_write(s, s->reverse[p], d))
      return -1;
  }
  if (!physical_erase(s, block))
    return -1;
  if (s->obs.erase)
    s->obs.erase(s->obs.ctx, s, block);
  return 1;
}

static bool garbage_collect(ssd *s) {
  long long start = s->gc_current_block;
  for (long long i = 0; i < s->nblocks; i++) {
    /* blocks start..nblocks-1, then 0..start-1 */
    long long block = start + i;
    if (block >= s->nblocks)
      block -= s->nblocks;
    int r = clean_block(s, block);
    if (r < 0)
      return false;
    if (r == 1 && s->in_use_count <= s->low_water) {
      s->gc_current_block = block;
      s->gc_count++;
      return true;
    }
  }
  return true;
}

bool ssd_upkeep(ssd *s) {
  if (s->in_use_count >= s->high_water)
    return garbage_collect(s);
  return true;
}
