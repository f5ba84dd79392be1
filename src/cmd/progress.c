/*
 * progress.c: the progress line (see progress.h).
 */
#include "cmd/progress.h"

#include <stdio.h>
#include <string.h>

#include "base/os.h"

void
progress_start(struct progress *pg, unsigned long long total, bool quiet)
{
	memset(pg, 0, sizeof(*pg));
	if (quiet || total < PROGRESS_MIN_BYTES || !os_is_terminal(stderr))
		return;
	pg->total = total;
	pg->on = true;
	clock_gettime(CLOCK_MONOTONIC, &pg->start);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) +
	    (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

void
progress_show(void *ctx, unsigned long long bytes, unsigned long long records)
{
	struct progress *pg = ctx;
	double secs = seconds_since(&pg->start);
	double rate = secs > 0 ? (double)records / secs : 0;
	double left = bytes > 0 && pg->total > bytes ?
	    secs * (double)(pg->total - bytes) / (double)bytes : 0;

	if (pg->shown && secs - pg->last < 0.25)     /* 4 updates a second */
		return;
	pg->last = secs;
	fprintf(stderr, "\rldfix: %llu/%llu MB, %llu records, %.0f/s, %.0fs left ",
	    bytes >> 20, pg->total >> 20, records, rate, left);
	pg->shown = true;
}

void
progress_end(struct progress *pg)
{
	if (pg->shown)
		fputs("\r\033[K", stderr);
}
