/*
 * os_posix.c: the os interface (see os.h) on POSIX systems: Linux with
 * glibc or musl. Compiles to nothing on Windows (os_win.c).
 *
 * Owns a small table of the temporary files in flight, which the signal
 * handler removes before the signal takes its default course.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE     /* sync_file_range, for os_write_behind */
#endif
#include "base/os.h"

#ifndef _WIN32

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wctype.h>

#include "base/buf.h"

/* ---- temporary files in flight, for the signal handler ---- */

#define TEMP_SLOTS 8            /* plan writes three outputs at most */

static char *volatile temp_slot[TEMP_SLOTS];

static void
temp_register(const char *path)
{
	size_t i;

	for (i = 0; i < TEMP_SLOTS; i++)
		if (temp_slot[i] == NULL) {
			temp_slot[i] = xstrdup(path);
			return;
		}
	/* More outputs than slots: still removed on every ordinary path,
	 * only an interrupt would leave this one. */
}

static void
temp_unregister(const char *path)
{
	size_t i;

	for (i = 0; i < TEMP_SLOTS; i++) {
		char *p = temp_slot[i];

		if (p != NULL && strcmp(p, path) == 0) {
			temp_slot[i] = NULL;    /* before free: see on_signal */
			free(p);
			return;
		}
	}
}

/* Async-signal-safe: unlink, signal and raise only. */
static void
on_signal(int sig)
{
	size_t i;

	for (i = 0; i < TEMP_SLOTS; i++) {
		char *p = temp_slot[i];

		if (p != NULL)
			unlink(p);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void
os_init(int *argc, char ***argv)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa, old;
	size_t i;

	(void)argc;
	(void)argv;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		/* A signal the caller ignores (nohup) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

FILE *
os_fopen(const char *path, const char *mode)
{
	return fopen(path, mode);
}

enum os_kind
os_path_kind(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return OS_MISSING;
	if (S_ISREG(st.st_mode))
		return OS_REGULAR;
	return S_ISDIR(st.st_mode) ? OS_DIRECTORY : OS_OTHER;
}

/* The directory part resolved, then the last component: two spellings of
 * one path that need not exist yet ("out.ldf", "./out.ldf") come out equal. */
static char *
resolved(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real, *out;
	size_t n;

	dir = slash ? xmemdup(path, slash == path ? 1 : (size_t)(slash - path))
	    : xstrdup(".");
	real = realpath(dir, NULL);
	free(dir);
	if (real == NULL)
		return xstrdup(path);
	n = strlen(real);
	out = xmalloc(n + strlen(path) + 2);
	memcpy(out, real, n);
	out[n] = '/';
	strcpy(out + n + 1, slash ? slash + 1 : path);
	free(real);
	return out;
}

bool
os_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	char *ra, *rb;
	bool same;

	if (a == NULL || b == NULL || strcmp(a, "-") == 0 ||
	    strcmp(b, "-") == 0)
		return false;
	if (strcmp(a, b) == 0)
		return true;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	ra = resolved(a);
	rb = resolved(b);
	same = strcmp(ra, rb) == 0;
	free(ra);
	free(rb);
	return same;
}

int
os_same_stream_file(const char *path, FILE *fp)
{
	struct stat sp, sf;

	return stat(path, &sp) == 0 && fstat(fileno(fp), &sf) == 0 &&
	    sp.st_dev == sf.st_dev && sp.st_ino == sf.st_ino;
}

bool
os_regular_size(FILE *fp, uint64_t *size)
{
	struct stat st;

	if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	*size = (uint64_t)st.st_size;
	return true;
}

bool
os_is_terminal(FILE *fp)
{
	return isatty(fileno(fp)) == 1;
}

int64_t
os_tell(FILE *fp)
{
	return (int64_t)ftello(fp);
}

int
os_seek(FILE *fp, int64_t offset)
{
	return fseeko(fp, (off_t)offset, SEEK_SET);
}

long
os_read(FILE *fp, void *buf, size_t n)
{
	ssize_t got;

	if (n > (size_t)1 << 30)
		n = (size_t)1 << 30;
	do
		got = read(fileno(fp), buf, n);
	while (got < 0 && errno == EINTR);
	return (long)got;
}

FILE *
os_spool(void)
{
	return tmpfile();
}

FILE *
os_temp_create(const char *dest, char **tmp)
{
	static const char name[] = ".ldfix-XXXXXX";
	const char *slash = strrchr(dest, '/');
	size_t dirlen = slash ? (size_t)(slash - dest) + 1 : 0;
	char *path = xmalloc(dirlen + sizeof(name));
	FILE *fp;
	int fd, e;

	memcpy(path, dest, dirlen);
	memcpy(path + dirlen, name, sizeof(name));
	fd = mkstemp(path);             /* O_EXCL, mode 0600 */
	if (fd < 0) {
		e = errno;
		free(path);
		errno = e;
		return NULL;
	}
	temp_register(path);
	fp = fdopen(fd, "wb");
	if (fp == NULL) {
		e = errno;
		close(fd);
		unlink(path);
		temp_unregister(path);
		free(path);
		errno = e;
		return NULL;
	}
	*tmp = path;
	return fp;
}

/* The rename is durable once the directory holding it is synced; a file
 * system that cannot sync a directory still did the rename. */
static void
sync_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xmemdup(path, slash == path ? 1 :
	    (size_t)(slash - path)) : xstrdup(".");
	int fd = open(dir, O_RDONLY);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int
os_temp_commit(FILE *fp, const char *tmp, const char *dest)
{
	bool failed;
	int e = 0;

	failed = fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0;
	if (failed)
		e = errno ? errno : EIO;
	if (fclose(fp) != 0 && !failed) {
		failed = true;
		e = errno;
	}
	if (!failed && rename(tmp, dest) != 0) {
		failed = true;
		e = errno;
	}
	if (failed) {
		unlink(tmp);
		temp_unregister(tmp);
		errno = e;
		return -1;
	}
	temp_unregister(tmp);
	sync_dir_of(dest);
	return 0;
}

void
os_write_behind(FILE *fp)
{
#ifdef __linux__
	(void)sync_file_range(fileno(fp), 0, 0, SYNC_FILE_RANGE_WRITE);
#else
	(void)fp;
#endif
}

void
os_temp_discard(FILE *fp, const char *tmp)
{
	if (fp != NULL)
		fclose(fp);
	if (tmp != NULL) {
		unlink(tmp);
		temp_unregister(tmp);
	}
}

/* ---- threads ---- */

struct os_thread {
	pthread_t id;
	void (*fn)(void *);
	void *arg;
};

struct os_lock {
	pthread_mutex_t mu;
	pthread_cond_t cond;
};

static void *
thread_main(void *p)
{
	struct os_thread *t = p;

	t->fn(t->arg);
	return NULL;
}

struct os_thread *
os_thread_start(void (*fn)(void *), void *arg)
{
	struct os_thread *t = xmalloc(sizeof(*t));
	sigset_t all, old;
	int e;

	t->fn = fn;
	t->arg = arg;
	/* Signals go to the main thread, whose handler removes the
	 * temporary files: the worker blocks them all. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	e = pthread_create(&t->id, NULL, thread_main, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		free(t);
		errno = e;
		return NULL;
	}
	return t;
}

void
os_thread_join(struct os_thread *t)
{
	if (t == NULL)
		return;
	pthread_join(t->id, NULL);
	free(t);
}

struct os_lock *
os_lock_new(void)
{
	struct os_lock *l = xmalloc(sizeof(*l));

	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->cond, NULL);
	return l;
}

void
os_lock_free(struct os_lock *l)
{
	if (l == NULL)
		return;
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->cond);
	free(l);
}

void
os_lock(struct os_lock *l)
{
	pthread_mutex_lock(&l->mu);
}

void
os_unlock(struct os_lock *l)
{
	pthread_mutex_unlock(&l->mu);
}

void
os_wait(struct os_lock *l)
{
	pthread_cond_wait(&l->cond, &l->mu);
}

void
os_wake(struct os_lock *l)
{
	pthread_cond_broadcast(&l->cond);
}

/* The C.UTF-8 locale, looked up once; (locale_t)0 when it is missing. */
static locale_t
utf8_locale(void)
{
	static locale_t loc;
	static bool tried;

	if (!tried) {
		tried = true;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return loc;
}

unsigned long
os_char_lower(unsigned long cp)
{
	locale_t loc = utf8_locale();

	if (loc == (locale_t)0)
		return cp;
	return (unsigned long)towlower_l((wint_t)cp, loc);
}

char *
os_rules_dir(const char *installed)
{
	const char *env = getenv("LDFIX_RULES_DIR");

	return xstrdup(env != NULL && env[0] != '\0' ? env : installed);
}

#endif /* !_WIN32 */
