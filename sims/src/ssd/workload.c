/* ssd's command streams; see workload.h. */
#include "workload.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pynum.h"

/* ---- the ordered address list ---------------------------------------- */

static uint64_t hash_addr(long long a) {
  uint64_t x = (uint64_t)a * 0x9E3779B97F4A7C15ULL;
  return x ^ (x >> 29);
}

static bool hash_grow(addr_list *l);

static bool hash_has(const addr_list *l, long long addr) {
  uint64_t mask = (uint64_t)l->hcap - 1;
  for (uint64_t i = hash_addr(addr) & mask;; i = (i + 1) & mask) {
    if (!l->used[i])
      return false;
    if (l->keys[i] == addr)
      return true;
  }
}

static bool hash_put(addr_list *l, long long addr) {
  if (2 * (l->hcount + 1) > l->hcap && !hash_grow(l))
    return false;
  uint64_t mask = (uint64_t)l->hcap - 1;
  uint64_t i = hash_addr(addr) & mask;
  while (l->used[i] && l->keys[i] != addr)
    i = (i + 1) & mask;
  if (!l->used[i])
    l->hcount++;
  l->used[i] = 1;
  l->keys[i] = addr;
  return true;
}

/* Removal with backward shifting, so that lookups need no tombstones. */
static void hash_delete(addr_list *l, long long addr) {
  uint64_t mask = (uint64_t)l->hcap - 1;
  uint64_t i = hash_addr(addr) & mask;
  while (l->used[i] && l->keys[i] != addr)
    i = (i + 1) & mask;
  if (!l->used[i])
    return;
  l->used[i] = 0;
  l->hcount--;
  for (uint64_t j = (i + 1) & mask; l->used[j]; j = (j + 1) & mask) {
    uint64_t home = hash_addr(l->keys[j]) & mask;
    /* move j back to the hole at i unless its home lies in (i, j] */
    bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
    if (!stays) {
      l->keys[i] = l->keys[j];
      l->used[i] = 1;
      l->used[j] = 0;
      i = j;
    }
  }
}

static bool hash_grow(addr_list *l) {
  long long oldcap = l->hcap;
  long long *ok = l->keys;
  unsigned char *ou = l->used;
  long long cap = oldcap ? 2 * oldcap : 64;
  l->keys = malloc((size_t)cap * sizeof *l->keys);
  l->used = calloc((size_t)cap, 1);
  if (!l->keys || !l->used) {
    free(l->keys);
    free(l->used);
    l->keys = ok;
    l->used = ou;
    return false;
  }
  l->hcap = cap;
  l->hcount = 0;
  for (long long i = 0; i < oldcap; i++)
    if (ou[i])
      hash_put(l, ok[i]);
  free(ok);
  free(ou);
  return true;
}

bool addr_list_init(addr_list *l) {
  memset(l, 0, sizeof *l);
  seqlist_init(&l->items);
  return hash_grow(l);
}

void addr_list_free(addr_list *l) {
  seqlist_free(&l->items);
  free(l->keys);
  free(l->used);
  memset(l, 0, sizeof *l);
}

bool addr_list_contains(const addr_list *l, long long addr) {
  return hash_has(l, addr);
}

bool addr_list_append(addr_list *l, long long addr) {
  return hash_put(l, addr) && seqlist_append(&l->items, addr);
}

long long addr_list_get(const addr_list *l, long long index) {
  return seqlist_get(&l->items, index);
}

void addr_list_remove_at(addr_list *l, long long index) {
  hash_delete(l, seqlist_get(&l->items, index));
  seqlist_remove_at(&l->items, index);
}

/* ---- random commands -------------------------------------------------- */

static const char *const PRINTABLE[62] = {
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f",
    "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
    "w", "x", "y", "z", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L",
    "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"};

/* The original's own randint: int(low + random() * (hi - low + 1)). */
static long long own_randint(pyrandom *r, long long low, long long hi) {
  return (long long)((double)low + pyrandom_random(r) * (double)(hi - low + 1));
}

bool workload_init_random(ssd_workload *w, pyrandom *rng, long long n, long long percent_reads,
                          long long percent_writes, long long read_fail, long long max_addr,
                          bool hot_cold, double hot_percent, double hot_target,
                          long long skew_start) {
  memset(w, 0, sizeof *w);
  w->rng = rng;
  w->remaining = n;
  w->percent_reads = percent_reads;
  w->percent_writes = percent_writes;
  w->read_fail = read_fail;
  w->max_addr = max_addr;
  w->hot_cold = hot_cold;
  w->hot_percent = hot_percent;
  w->hot_target = hot_target;
  w->skew_start = skew_start;
  if (!addr_list_init(&w->valid))
    return false;
  if (n <= 0)
    return true;
  /* The draw picks 0..99: a read below percent_reads, a write below
   * percent_reads + percent_writes, a trim above. Trims and reads of known
   * addresses need a write first; only reads of any address (read_fail)
   * need none. */
  __int128 write_end = (__int128)percent_reads + percent_writes;
  long long write_lo = percent_reads > 0 ? percent_reads : 0;
  bool writes = write_lo < 100 && write_lo < write_end;
  bool reads = percent_reads > 0 && read_fail > 0;
  return writes || reads;
}

static ssd_cmd next_random(ssd_workload *w) {
  ssd_cmd c = {CMD_END, 0, NULL, NULL};
  pyrandom *r = w->rng;
  addr_list *valid = &w->valid;
  while (w->remaining > 0) {
    long long which = (long long)(pyrandom_random(r) * 100.0);
    if (which < w->percent_reads) {
      if (own_randint(r, 0, 99) < w->read_fail) {
        c.address = own_randint(r, 0, w->max_addr - 1);
      } else {
        if (valid->items.count < 2)
          continue;
        c.address = addr_list_get(valid, own_randint(r, 0, valid->items.count - 1));
      }
      c.kind = CMD_READ;
    } else if ((__int128)which < (__int128)w->percent_reads + w->percent_writes) {
      if (w->skew_start == 0 && w->hot_cold && pyrandom_random(r) < w->hot_percent)
        c.address = own_randint(r, 0, (long long)(w->hot_target * (double)(w->max_addr - 1)));
      else
        c.address = own_randint(r, 0, w->max_addr - 1);
      if (!addr_list_contains(valid, c.address) && !addr_list_append(valid, c.address)) {
        c.kind = CMD_BAD;
        w->error = "out of memory";
        return c;
      }
      c.data = PRINTABLE[own_randint(r, 0, 61)];
      if (w->skew_start > 0)
        w->skew_start--;
      c.kind = CMD_WRITE;
    } else {
      if (valid->items.count < 1)
        continue;
      long long index = own_randint(r, 0, valid->items.count - 1);
      c.address = addr_list_get(valid, index);
      addr_list_remove_at(valid, index); /* the original removes it by value */
      c.kind = CMD_TRIM;
    }
    w->remaining--;
    return c;
  }
  return c;
}

/* ---- commands from a list --------------------------------------------- */

bool workload_init_list(ssd_workload *w, const char *list) {
  memset(w, 0, sizeof *w);
  w->from_list = true;
  w->list = strdup(list);
  w->next = w->list;
  return w->list != NULL;
}

/* int() of text, into a long long (saturated; the decimal text kept when
 * it does not fit). False when int() would raise. */
static bool parse_address(ssd_workload *w, const char *text, ssd_cmd *c) {
  char *decimal;
  if (pyint_parse_decimal(text, PYINT_PLAIN, &decimal) != PYNUM_OK)
    return false;
  errno = 0;
  c->address = strtoll(decimal, NULL, 10);
  if (errno == ERANGE) {
    free(w->big_number);
    w->big_number = decimal; /* printed as the original prints it */
    c->address_text = decimal;
  } else {
    free(decimal);
  }
  return true;
}

static ssd_cmd next_listed(ssd_workload *w) {
  ssd_cmd c = {CMD_END, 0, NULL, NULL};
  if (!w->next)
    return c;
  char *cmd = w->next;
  char *comma = strchr(cmd, ',');
  if (comma) {
    *comma = '\0';
    w->next = comma + 1;
  } else {
    w->next = NULL;
  }
  if (cmd[0] == '\0') {
    w->next = NULL; /* the original stops at an empty word */
    return c;
  }
  char letter = cmd[0];
  if (letter != 'r' && letter != 'w' && letter != 't') {
    c.kind = CMD_OTHER;
    return c;
  }
  char *number = cmd + 1;
  if (letter == 'w') {
    /* w<address>:<data>; the address part ends at the first ':' */
    char *colon = strchr(cmd, ':');
    if (colon) {
      *colon = '\0';
      c.data = colon + 1;
      char *colon2 = strchr(colon + 1, ':');
      if (colon2)
        *colon2 = '\0';
    }
  }
  /* cmd.split(letter)[1]: up to the next occurrence of the letter */
  char *again = strchr(number, letter);
  if (again)
    *again = '\0';
  if (!parse_address(w, number, &c)) {
    c.kind = CMD_BAD;
    w->error = "a command's address is not an integer";
    return c;
  }
  if (letter == 'w' && !c.data) {
    c.kind = CMD_BAD;
    w->error = "a write command has no ':data' part";
    return c;
  }
  c.kind = letter == 'r' ? CMD_READ : letter == 'w' ? CMD_WRITE : CMD_TRIM;
  return c;
}

ssd_cmd workload_next(ssd_workload *w) {
  return w->from_list ? next_listed(w) : next_random(w);
}

void workload_free(ssd_workload *w) {
  addr_list_free(&w->valid);
  free(w->list);
  free(w->big_number);
  memset(w, 0, sizeof *w);
}
