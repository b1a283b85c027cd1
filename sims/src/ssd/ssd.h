/* The flash SSD model: erase blocks of pages, each page invalid (never
 * erased), erased or valid; a flash translation layer that is direct
 * (logical page = physical page, read-erase-program of the whole block on
 * every write), log-structured (append at a cursor, clean old blocks when
 * too many are in use) or ideal (program in place, no erase); and the
 * per-block erase/program/read counts that show wear.
 *
 * Every step follows the book's simulator, quirks included: the garbage
 * collector copies live pages through the ordinary logical write (so they
 * count as logical writes and may fail when the device is full), and it
 * runs in every mode once enough blocks are in use. Where the original
 * would raise an exception (a page or block outside the device, a zero
 * page count) an operation stops and sets ssd.error. */
#ifndef SSD_H
#define SSD_H

#include <stdbool.h>

typedef enum { SSD_DIRECT = 1, SSD_LOG = 2, SSD_IDEAL = 3 } ssd_kind;

typedef enum { PAGE_INVALID = 1, PAGE_ERASED = 2, PAGE_VALID = 3 } ssd_page_state;

/* Limits of ours (the original builds a dictionary entry per page). */
#define SSD_MAX_PAGES (1LL << 24)

typedef struct ssd ssd;

/* What the garbage collector does, for its trace (-J). */
typedef struct {
  void *ctx;
  /* About to copy live physical page `page` elsewhere. */
  void (*move)(void *ctx, const ssd *s, long long page);
  /* Erased `block`, after moving its live pages. */
  void (*erase)(void *ctx, const ssd *s, long long block);
} ssd_observer;

struct ssd {
  ssd_kind kind;
  long long nlogical; /* may be <= 0: then every address is illegal */
  long long nblocks, ppb, npages;
  double erase_time, program_time, read_time;
  long long high_water, low_water;

  unsigned char *state; /* per physical page */
  const char **data;    /* per physical page: its contents (" " when not valid) */
  long long *reverse;   /* per physical page: logical page written there, or -1 */
  long long *forward;   /* per logical page: physical page, or -1 */

  /* the log's write cursor */
  long long current_page, current_block;
  /* the cleaner */
  long long gc_count, gc_current_block;
  unsigned char *in_use; /* per block: opened for logging, not erased since */
  long long in_use_count;

  long long *erases, *writes, *reads; /* per block */
  long long erase_sum, write_sum, read_sum;
  long long trim_sum, trim_fail, lwrite_sum, lwrite_fail, lread_sum, lread_fail;

  /* scratch space of ppb entries each */
  long long *old_pages, *live_pages;
  const char **old_data;

  ssd_observer obs;
  /* Set when the original would have crashed; the run must stop. */
  const char *error;
  char error_text[160];
};

/* Sets up a device with every page invalid. Sizes must be >= 0 (nlogical
 * may be anything) and at most SSD_MAX_PAGES pages, blocks and logical
 * pages. Returns false when out of memory. */
bool ssd_init(ssd *s, ssd_kind kind, long long nlogical, long long nblocks, long long ppb,
              double erase_time, double program_time, double read_time, long long high_water,
              long long low_water);
void ssd_free(ssd *s);

/* The logical interface. Each returns the original's answer text: the data
 * read, "success", or a failure such as "fail: uninitialized read".
 * Returns NULL, with s->error set, where the original would crash. */
const char *ssd_read(ssd *s, long long address);
const char *ssd_write(ssd *s, long long address, const char *data);
const char *ssd_trim(ssd *s, long long address);

/* After each command: runs the garbage collector when at least high_water
 * blocks are in use. Returns false with s->error set on a crash. */
bool ssd_upkeep(ssd *s);

/* Is physical page p valid and the current home of its logical page? */
bool ssd_page_live(const ssd *s, long long p);

#endif
