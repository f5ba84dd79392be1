/*
 * os_win_thread.c: the os interface's threads, locks and case mapping
 * (see os.h) on Windows: Win32 threads, slim reader/writer locks with a
 * condition variable, and LCMapStringEx for the invariant lower case.
 * Compiles to nothing on other systems (os_posix.c). Apart from os_win.c,
 * which holds files, paths and the console.
 */
#include "base/os.h"

#ifdef _WIN32

#include <windows.h>

#include <errno.h>
#include <stdlib.h>

#include "base/buf.h"

/* ---- threads ---- */

struct os_thread {
	HANDLE h;
	void (*fn)(void *);
	void *arg;
};

struct os_lock {
	SRWLOCK mu;
	CONDITION_VARIABLE cond;
};

static DWORD WINAPI
thread_main(LPVOID p)
{
	struct os_thread *t = p;

	t->fn(t->arg);
	return 0;
}

struct os_thread *
os_thread_start(void (*fn)(void *), void *arg)
{
	struct os_thread *t = xmalloc(sizeof(*t));

	t->fn = fn;
	t->arg = arg;
	t->h = CreateThread(NULL, 0, thread_main, t, 0, NULL);
	if (t->h == NULL) {
		errno = EAGAIN;
		free(t);
		return NULL;
	}
	return t;
}

void
os_thread_join(struct os_thread *t)
{
	if (t == NULL)
		return;
	WaitForSingleObject(t->h, INFINITE);
	CloseHandle(t->h);
	free(t);
}

struct os_lock *
os_lock_new(void)
{
	struct os_lock *l = xmalloc(sizeof(*l));

	InitializeSRWLock(&l->mu);
	InitializeConditionVariable(&l->cond);
	return l;
}

void
os_lock_free(struct os_lock *l)
{
	free(l);
}

void
os_lock(struct os_lock *l)
{
	AcquireSRWLockExclusive(&l->mu);
}

void
os_unlock(struct os_lock *l)
{
	ReleaseSRWLockExclusive(&l->mu);
}

void
os_wait(struct os_lock *l)
{
	SleepConditionVariableSRW(&l->cond, &l->mu, INFINITE, 0);
}

void
os_wake(struct os_lock *l)
{
	WakeAllConditionVariable(&l->cond);
}

unsigned long
os_char_lower(unsigned long cp)
{
	wchar_t in[2], out[4];
	int n, m;

	if (cp >= 0x110000 || (cp >= 0xd800 && cp <= 0xdfff))
		return cp;
	if (cp < 0x10000) {
		in[0] = (wchar_t)cp;
		n = 1;
	} else {
		in[0] = (wchar_t)(0xd800 + ((cp - 0x10000) >> 10));
		in[1] = (wchar_t)(0xdc00 + ((cp - 0x10000) & 0x3ff));
		n = 2;
	}
	m = LCMapStringEx(LOCALE_NAME_INVARIANT, LCMAP_LOWERCASE, in, n, out,
	    4, NULL, NULL, 0);
	if (m == 1 && (out[0] < 0xd800 || out[0] > 0xdfff))
		return out[0];
	if (m == 2 && out[0] >= 0xd800 && out[0] <= 0xdbff &&
	    out[1] >= 0xdc00 && out[1] <= 0xdfff)
		return 0x10000 + (((unsigned long)out[0] - 0xd800) << 10) +
		    ((unsigned long)out[1] - 0xdc00);
	return cp;
}

#endif /* _WIN32 */
