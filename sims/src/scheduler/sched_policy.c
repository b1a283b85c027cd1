#include "sched_policy.h"

#include <math.h>
#include <stdlib.h>

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return p;
}

static int by_length_then_position(const void *a, const void *b)
{
    const sched_job *x = a, *y = b;
    if (x->length != y->length)
        return x->length < y->length ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

void sched_sjf_order(sched_job *jobs, size_t n)
{
    /* Python's sort is stable; ids are the original positions, so breaking
     * ties on them gives the same order. */
    qsort(jobs, n, sizeof *jobs, by_length_then_position);
}

static void average(sched_result *r)
{
    double response = 0.0, turnaround = 0.0, wait = 0.0;
    for (size_t i = 0; i < r->njobs; i++) {
        response += r->jobs[i].response;
        turnaround += r->jobs[i].turnaround;
        wait += r->jobs[i].wait;
    }
    r->avg_response = response / (double)r->njobs;
    r->avg_turnaround = turnaround / (double)r->njobs;
    r->avg_wait = wait / (double)r->njobs;
}

sched_result sched_fifo(const sched_job *jobs, size_t n, sched_slice_fn on_slice, void *ctx)
{
    sched_result r = {xcalloc(n, sizeof(sched_job_stats)), n, 0, 0, 0};
    /* The original keeps two clocks that add the same lengths in the same
     * order (one starts as an int, the other as 0.0): one suffices. */
    double now = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (on_slice)
            on_slice(ctx, jobs[i].id, now, jobs[i].length, true);
        r.jobs[i] = (sched_job_stats){jobs[i].id, now, now + jobs[i].length, now};
        now += jobs[i].length;
    }
    average(&r);
    return r;
}

double sched_rr_slices(const sched_job *jobs, size_t n, double quantum)
{
    double slices = 0;
    for (size_t i = 0; i < n; i++)
        slices += jobs[i].length > quantum ? ceil(jobs[i].length / quantum) : 1;
    return slices;
}

sched_result sched_rr(const sched_job *jobs, size_t n, double quantum, sched_slice_fn on_slice, void *ctx)
{
    sched_result r = {xcalloc(n, sizeof(sched_job_stats)), n, 0, 0, 0};
    double *left = xcalloc(n, sizeof *left);
    double *last_ran = xcalloc(n, sizeof *last_ran);
    bool *started = xcalloc(n, sizeof *started);
    /* Circular run queue: every job is in it at most once, so n slots do. */
    size_t *queue = xcalloc(n, sizeof *queue);
    size_t head = 0, count = n;
    for (size_t i = 0; i < n; i++) {
        queue[i] = i;
        left[i] = jobs[i].length;
        r.jobs[i].id = jobs[i].id;
    }

    double now = 0.0;
    while (count > 0) {
        size_t j = queue[head];
        head = (head + 1) % n;
        count--;
        if (!started[j]) {
            started[j] = true;
            r.jobs[j].response = now;
        }
        r.jobs[j].wait += now - last_ran[j];
        double ran;
        if (left[j] > quantum) {
            left[j] -= quantum;
            ran = quantum;
            if (on_slice)
                on_slice(ctx, jobs[j].id, now, ran, false);
            queue[(head + count) % n] = j;
            count++;
        } else {
            ran = left[j];
            if (on_slice)
                on_slice(ctx, jobs[j].id, now, ran, true);
            r.jobs[j].turnaround = now + ran;
        }
        now += ran;
        last_ran[j] = now;
    }
    free(left);
    free(last_ran);
    free(started);
    free(queue);
    average(&r);
    return r;
}

void sched_result_free(sched_result *r)
{
    free(r->jobs);
    r->jobs = NULL;
    r->njobs = 0;
}
