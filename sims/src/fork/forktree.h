/* The fork model: a process tree that grows by fork and shrinks by exit, as
 * in the chapter "Interlude: Process API". Processes are named by strings;
 * orphans go to the root process (or, with local reparenting, to the exiting
 * process's parent). The model keeps the original's bookkeeping exactly,
 * including what happens when an action list forks a name that already
 * exists, so that every output, and every failure, comes at the same point. */
#ifndef FORKTREE_H
#define FORKTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "linebuf.h"
#include "pyrandom.h"

/* The original recurses once per tree level, and Python stops it at a
 * thousand frames: printing a process at this level of the tree fails, and
 * so does an exit (to the root) with a process this deep below it. */
#define FK_PRINT_DEPTH_LIMIT   995
#define FK_COLLECT_DEPTH_LIMIT 996

typedef enum { FK_BASIC, FK_LINE1, FK_LINE2, FK_FANCY, FK_BAD_STYLE } fk_style;

/* Where the text goes. Held in memory first: a run whose text stays under
 * `hold` bytes is printed when it ends; past that the text is only counted
 * (`spilled`), up to `cap` bytes (`over`), and the caller runs again with
 * hold = 0, which prints as it goes. */
typedef struct {
  unsigned long long bytes, hold, cap;
  bool spilled, over;
  linebuf buf;
} fk_out;

void fk_out_init(fk_out *o, unsigned long long hold, unsigned long long cap);
void fk_out_str(fk_out *o, const char *s, size_t len);
void fk_out_flush(fk_out *o);
void fk_out_free(fk_out *o);

typedef struct fk_tree fk_tree;

typedef enum {
  FK_OK,
  FK_EXIT1, /* the original's own message was printed; it exits 1 */
  FK_CRASH, /* the original crashes here; *why says how */
  FK_TOO_BIG,
} fk_status;

fk_tree *fk_tree_new(bool leaf_only, bool local_reparent);
void fk_tree_free(fk_tree *t);

/* Applies one action of the list ('a+b' or 'b-'). On FK_OK, *text gets what
 * the original prints after 'Action: ' (a static buffer, valid until the
 * next call); on FK_EXIT1, *text is the message. */
fk_status fk_apply(fk_tree *t, const char *action, const char **text, const char **why);

/* Prints the tree from the root, as the original does (31 spaces, then the
 * branches). */
fk_status fk_print(const fk_tree *t, fk_style style, const char *style_text, fk_out *out,
                   const char **why);

/* Number of processes alive. */
size_t fk_alive(const fk_tree *t);

/* Calls fn for each process of the tree from the root, depth first, as the
 * tree would be printed. Returns false where the printing would fail. */
typedef void (*fk_visit_fn)(void *ctx, const char *name, const char *parent, int depth,
                            const char *const *children, size_t nchildren);
bool fk_visit(const fk_tree *t, fk_visit_fn fn, void *ctx);

/* The random action list of the original: *n actions (fork with chance
 * fork_chance, else a random process other than the root exits), with names
 * b, c, ..., Z, aa, ab, ... Returns malloc'd strings. */
char **fk_generate(pyrandom *rng, double fork_chance, long long n);

/* The name of the k-th process (k = 0 is the root, 'a'). */
void fk_name(unsigned long long k, char out[16]);

#endif
