/* The commands an ssd run executes: drawn at random as the original draws
 * them, or read from a -L list ("r10,w20:a,t3"). */
#ifndef SSD_WORKLOAD_H
#define SSD_WORKLOAD_H

#include <stdbool.h>

#include "pyrandom.h"
#include "seqlist.h"

typedef enum {
  CMD_READ,
  CMD_WRITE,
  CMD_TRIM,
  CMD_OTHER, /* a -L word of another letter: executes nothing */
  CMD_END,   /* no more commands */
  CMD_BAD,   /* a -L word the original crashes on; see workload.error */
} ssd_cmd_kind;

typedef struct {
  ssd_cmd_kind kind;
  long long address;        /* saturated to the long long range */
  const char *address_text; /* its decimal text, when it did not fit */
  const char *data;         /* for writes */
} ssd_cmd;

/* An ordered list of distinct addresses with positional access and
 * removal in logarithmic time: the original's valid_addresses list. */
typedef struct {
  seqlist items;
  long long *keys; /* hash set of the addresses in the list */
  unsigned char *used;
  long long hcap, hcount;
} addr_list;

typedef struct {
  /* random mode */
  pyrandom *rng;
  long long remaining;
  long long percent_reads, percent_writes;
  long long read_fail, max_addr;
  bool hot_cold;
  double hot_percent, hot_target;
  long long skew_start;
  addr_list valid;
  /* list mode */
  char *list, *next; /* a copy of the -L text, split in place */
  bool from_list;
  char *big_number; /* the last address too large for a long long */
  const char *error;
} ssd_workload;

/* Random commands: n of them with the given read/write percentages (the
 * trim share is what is left), reads to any address with probability
 * read_fail percent, writes skewed when hot_cold (after skew_start writes).
 * Returns false when the draws could never produce a command: the original
 * would loop forever. */
bool workload_init_random(ssd_workload *w, pyrandom *rng, long long n, long long percent_reads,
                          long long percent_writes, long long read_fail, long long max_addr,
                          bool hot_cold, double hot_percent, double hot_target,
                          long long skew_start);
/* Commands from a -L list. */
bool workload_init_list(ssd_workload *w, const char *list);
/* The next command; CMD_END at the end, CMD_BAD (with w->error) where the
 * original crashes. A command's strings live until workload_free. */
ssd_cmd workload_next(ssd_workload *w);
void workload_free(ssd_workload *w);

/* The list, for the unit tests. */
bool addr_list_init(addr_list *l);
void addr_list_free(addr_list *l);
bool addr_list_contains(const addr_list *l, long long addr);
bool addr_list_append(addr_list *l, long long addr);
long long addr_list_get(const addr_list *l, long long index);
void addr_list_remove_at(addr_list *l, long long index);

#endif
