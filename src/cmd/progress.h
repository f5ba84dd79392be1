/*
 * progress.h: a progress line on standard error for long runs: bytes read,
 * records per second and time left, at most four updates a second, only
 * when stderr is a terminal and the input is large.
 */
#ifndef LDFIX_PROGRESS_H
#define LDFIX_PROGRESS_H

#include <stdbool.h>
#include <time.h>

/* Inputs at least this large get a progress line. */
#define PROGRESS_MIN_BYTES (8ULL << 20)

struct progress {
	unsigned long long total;
	struct timespec start;
	double last;            /* seconds since start at the last update */
	bool on, shown;
};

/* progress_start: on when total >= PROGRESS_MIN_BYTES, stderr is a
 * terminal and quiet is false. */
void progress_start(struct progress *pg, unsigned long long total,
    bool quiet);
/* progress_show: a plan_progress_fn; ctx is the struct progress. */
void progress_show(void *ctx, unsigned long long bytes,
    unsigned long long records);
/* progress_end: erase the line if one was shown. */
void progress_end(struct progress *pg);

#endif
