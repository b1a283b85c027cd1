#include "jobs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lists.h"
#include "opts.h"
#include "pynum.h"

job_parse multi_parse_job(const char *entry, multi_job *job) {
  memset(job, 0, sizeof *job);
  str_list parts = list_split(entry, ':');
  if (parts.count != 3) {
    list_free(&parts);
    return JOB_NOT_TRIPLE;
  }
  job_parse result = JOB_OK;
  long long *fields[2] = {&job->run_time, &job->wset};
  for (int i = 0; i < 2 && result == JOB_OK; i++) {
    pynum_status st = pyint_parse(parts.items[i + 1], PYINT_PLAIN, fields[i]);
    if (st == PYNUM_INVALID)
      result = JOB_BAD_NUMBER;
    else if (st == PYNUM_RANGE || *fields[i] > INT32_MAX)
      result = JOB_RANGE;
  }
  if (result == JOB_OK && (job->run_time < 0 || job->wset < 0))
    result = JOB_NEGATIVE;
  job->name = parts.items[0];
  parts.items[0] = NULL;
  list_free(&parts);
  return result;
}

/* ---- names ---- */

static size_t name_hash(const char *s) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return (size_t)h;
}

int name_table_init(name_table *t, size_t expected) {
  t->cap = 16;
  while (t->cap < 2 * expected + 2)
    t->cap *= 2;
  t->slots = malloc(t->cap * sizeof *t->slots);
  if (!t->slots)
    return -1;
  for (size_t i = 0; i < t->cap; i++)
    t->slots[i] = -1;
  return 0;
}

int name_table_find(const name_table *t, const multi_job *jobs, const char *name) {
  for (size_t h = name_hash(name) & (t->cap - 1);; h = (h + 1) & (t->cap - 1))
    if (t->slots[h] < 0 || strcmp(jobs[t->slots[h]].name, name) == 0)
      return t->slots[h];
}

void name_table_add(name_table *t, const multi_job *jobs, int index) {
  size_t h = name_hash(jobs[index].name) & (t->cap - 1);
  while (t->slots[h] >= 0)
    h = (h + 1) & (t->cap - 1);
  t->slots[h] = index;
}

void name_table_free(name_table *t) {
  free(t->slots);
  t->slots = NULL;
}

/* ---- affinity ---- */

static int add_cpu(multi_job *job, int cpu) {
  int *grown = realloc(job->affinity, (job->naffinity + 1) * sizeof *grown);
  if (!grown)
    return -1;
  job->affinity = grown;
  job->affinity[job->naffinity++] = cpu;
  return 0;
}

affinity_parse multi_parse_affinity(const char *spec, multi_job *jobs, const name_table *names,
                                    int num_cpus, char *msg, size_t msg_size) {
  affinity_parse result = AFFINITY_OK;
  str_list entries = list_split(spec, ',');
  for (size_t i = 0; i < entries.count && result == AFFINITY_OK; i++) {
    str_list parts = list_split(entries.items[i], ':');
    int j = parts.count == 2 ? name_table_find(names, jobs, parts.items[0]) : -1;
    if (parts.count != 2) {
      snprintf(msg, msg_size, "bad affinity spec %s", spec);
      result = AFFINITY_REFUSED;
    } else if (j < 0) {
      snprintf(msg, msg_size, "job name %s in affinity list does not exist", parts.items[0]);
      result = AFFINITY_REFUSED;
    }
    str_list cpus = list_split(result == AFFINITY_OK ? parts.items[1] : "", '.');
    for (size_t k = 0; k < cpus.count && result == AFFINITY_OK; k++) {
      char *decimal;
      if (pyint_parse_decimal(cpus.items[k], PYINT_PLAIN, &decimal) != PYNUM_OK) {
        snprintf(msg, msg_size, "option -A/--affinity: job %s: CPU %s is not an integer",
                 opts_repr(parts.items[0]), opts_repr(cpus.items[k]));
        result = AFFINITY_INVALID;
        break;
      }
      long long cpu;
      if (pyint_parse(decimal, PYINT_PLAIN, &cpu) != PYNUM_OK || cpu < 0 || cpu >= num_cpus) {
        snprintf(msg, msg_size, "bad cpu %s specified in affinity %s", decimal, spec);
        result = AFFINITY_REFUSED;
      } else if (add_cpu(&jobs[j], (int)cpu) < 0) {
        snprintf(msg, msg_size, "out of memory");
        result = AFFINITY_INVALID;
      }
      free(decimal);
    }
    list_free(&cpus);
    list_free(&parts);
  }
  list_free(&entries);
  return result;
}
