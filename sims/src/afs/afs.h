/* The AFS model of OSTEP's dist-afs homework: clients that open, read, write
 * and close whole files, caching them; a server that hands out callbacks and
 * breaks them when another client writes a file back.
 *
 * afs_run() plays the whole simulation and writes the original's text to
 * 'out' (NULL: no text, for a dry run that only looks for errors). Hooks see
 * every step, for the JSON document and the picture. */
#ifndef AFS_AFS_H
#define AFS_AFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "pyrandom.h"

#define AFS_MAX_FD 1024 /* descriptors per client, never freed */

enum { AFS_OPEN = 1, AFS_READ = 2, AFS_WRITE = 3, AFS_CLOSE = 4 };

typedef struct {
  int op;     /* AFS_OPEN .. AFS_CLOSE */
  char fname; /* AFS_OPEN only */
  int fd;
} afs_act;

typedef struct {
  char name; /* one ASCII character */
  long long data, refcnt;
  bool dirty, valid;
} afs_entry;

typedef struct {
  afs_act *acts;
  size_t nacts, acnt;
  bool done;
  char fd[AFS_MAX_FD];  /* file per descriptor, 0 = free */
  afs_entry cache[128]; /* in the order the original's dict keeps them */
  int ncache;
  long long reads, writes, hits, misses, invalidates;
} afs_client;

typedef struct {
  /* options */
  long long nclients_opt, nsteps, nfiles, detail;
  double readratio;
  const char *actions, *schedule;
  bool solve, printstats;
  /* state */
  afs_client *clients;
  long long nclients;
  long long server_value[128];
  bool on_server[128];
  long long next_value;
  long long gets, puts;
  long long global_i;      /* the original's stray global 'i', see afs.c */
  long long *holders[128]; /* per file: clients with a callback, ascending */
  long long nholders[128], capholders[128];
  unsigned long long out_bytes;  /* output so far, counted also in a dry run */
  unsigned long long byte_limit; /* AFS_TOO_BIG beyond it (0: none) */
} afs_sim;

/* What one micro-operation did, for the hooks. */
typedef struct {
  long long client;
  afs_act act;
  char fname;
  long long value, old_value; /* read: value; write: old -> value */
  bool fetched;               /* open went to the server */
  bool stored;                /* close wrote the file back */
  long long ncallbacks;       /* clients whose callback broke, in callbacks[] */
  long long *callbacks;
} afs_step;

typedef struct {
  void *ctx;
  void (*on_start)(void *ctx, const afs_sim *s); /* after the clients exist */
  void (*on_step)(void *ctx, const afs_sim *s, const afs_step *st);
} afs_hooks;

typedef enum {
  AFS_DONE,    /* ran to the end */
  AFS_ABORT,   /* the original's own message on stdout, exit status 1 */
  AFS_CRASH,   /* the original would stop with a traceback: message in 'error' */
  AFS_TOO_BIG, /* the output would pass byte_limit */
} afs_status;

/* Sets up the simulation from options already in s. */
void afs_init(afs_sim *s);
/* Runs it, seeded with the decimal text 'seed'. */
afs_status afs_run(afs_sim *s, const char *seed, FILE *out, const afs_hooks *hooks, char *error,
                   size_t errlen);
void afs_free(afs_sim *s);

/* Python's repr() of a one-character string: 'a', "'", '\\', '\t', '\x01'. */
const char *afs_char_repr(char c, char buf[8]);

#endif
