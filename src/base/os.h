/*
 * os.h: what ldfix needs from the operating system, behind one interface.
 *
 * os_posix.c implements it with POSIX calls, os_win.c and os_win_thread.c
 * (threads, locks, case mapping) with the Win32 API
 * (each file compiles to nothing on the other system), so no other module
 * calls fopen, stat, isatty, mkstemp, rename, tmpfile, read or a thread
 * function directly.
 *
 * Conventions on both systems:
 * - Paths and arguments are UTF-8. On Windows os_init() replaces argv by
 *   the UTF-8 form of the wide command line, and every path is converted
 *   to UTF-16 before it reaches the system, whatever the code pages are.
 * - Files are binary: no CR/LF translation anywhere, standard streams
 *   included (LF or CRLF output is the LDIF writer's choice, --crlf).
 * - A failing call returns NULL or -1 and sets errno (Win32 errors are
 *   mapped to the nearest errno value), so callers report strerror(errno)
 *   and the messages read the same on every system.
 * - Temporary files hold directory data: they are readable by their owner
 *   only (POSIX mode 0600; on Windows a protected DACL with one ACE that
 *   grants the current user full control, the user as owner) and they do
 *   not outlive an interrupted run (POSIX: removed on SIGINT, SIGTERM,
 *   SIGHUP, SIGPIPE; Windows: marked delete-on-close until committed, so
 *   even a killed process leaves nothing behind).
 * Strings returned through char ** are the caller's to free().
 */
#ifndef LDFIX_OS_H
#define LDFIX_OS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * os_init: call first thing in main(). Windows: argv in UTF-8 (from the
 * wide command line; the strings live until exit), standard streams in
 * binary mode, console output in UTF-8 while ldfix runs. POSIX: installs
 * the signal handlers that remove temporary files.
 */
void os_init(int *argc, char ***argv);

/* os_fopen: fopen for a UTF-8 path; the stream is always binary. */
FILE *os_fopen(const char *path, const char *mode);

enum os_kind {
	OS_MISSING,             /* does not exist (or cannot be looked at) */
	OS_REGULAR,             /* a regular file */
	OS_DIRECTORY,
	OS_OTHER                /* a device (/dev/null, NUL, CON), FIFO, pipe */
};

/* os_path_kind: what path names, following links. */
enum os_kind os_path_kind(const char *path);

/*
 * os_same_file: a and b name the same file. Existing files are compared
 * by identity (POSIX st_dev/st_ino; Windows volume serial number and file
 * index), so links and other spellings are caught; for a file that does
 * not exist yet, the directories are compared by identity and the last
 * components as the file system would (Windows: case-insensitively).
 * NULL or "-" names no file.
 */
bool os_same_file(const char *a, const char *b);

/*
 * os_same_stream_file: does path name the existing file that stream fp
 * reads or writes (standard input redirected from it, say)? 1 yes, 0 no,
 * -1 when fp is a file whose identity the system will not tell (Wine's
 * redirected standard input): a caller that must not replace it refuses.
 */
int os_same_stream_file(const char *path, FILE *fp);

/* os_regular_size: fp is a regular file (not a pipe, console or device);
 * its size in *size. */
bool os_regular_size(FILE *fp, uint64_t *size);

/*
 * os_is_terminal: fp is an interactive terminal. Windows: a console (not
 * NUL, which _isatty also calls a character device); for an output stream
 * it must also understand the VT escapes the progress line uses.
 */
bool os_is_terminal(FILE *fp);

/* os_tell, os_seek: 64-bit ftell and fseek (SEEK_SET). */
int64_t os_tell(FILE *fp);
int os_seek(FILE *fp, int64_t offset);

/*
 * os_read: one read of fp's file, bypassing stdio's buffer: what is there
 * now, up to n bytes (at least one, unless at the end): a pipe's first
 * line is handed over without waiting for n bytes. Returns the count, 0 at
 * the end, -1 with errno set. Read a stream through os_read only.
 */
long os_read(FILE *fp, void *buf, size_t n);

/*
 * os_spool: an anonymous temporary file opened "w+b", for output that is
 * complete only at the end (the body of a change file whose header names
 * the input's digest). Gone when closed or when the process ends: nothing
 * is left behind, even by a killed run. POSIX: tmpfile(); Windows: a
 * delete-on-close file in the user's temporary folder (GetTempPathW),
 * owner only.
 */
FILE *os_spool(void);

/*
 * os_temp_create: a new empty file, owner only, in the folder of dest,
 * named .ldfix-XXXXXX, open for writing; its path in *tmp. It is removed
 * by os_temp_discard, by an interrupted run, and replaces dest only
 * through os_temp_commit.
 */
FILE *os_temp_create(const char *dest, char **tmp);

/*
 * os_temp_commit: flush fp, push it to the disk (fsync; FlushFileBuffers),
 * close it and rename tmp over dest atomically (rename; MoveFileExW with
 * MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH). fp is closed
 * whatever happens; on failure tmp is removed, dest is as it was, and
 * errno says why.
 */
int os_temp_commit(FILE *fp, const char *tmp, const char *dest);

/*
 * os_write_behind: start writing what fp's file holds in memory to the
 * disk, without waiting for it (Linux: sync_file_range); the sync at
 * commit then has less to wait for. Elsewhere nothing.
 */
void os_write_behind(FILE *fp);

/* os_temp_discard: close fp (if not NULL) and remove tmp. */
void os_temp_discard(FILE *fp, const char *tmp);

/*
 * Threads: a worker beside the main thread (plan_run's reading half, see
 * tasks/plan.c), and a lock with one condition to hand work over. POSIX:
 * pthreads; Windows: CreateThread, SRWLOCK, CONDITION_VARIABLE.
 * os_thread_start returns NULL with errno set when no thread can be made
 * (the caller then does the work itself).
 */
struct os_thread;
struct os_lock;

struct os_thread *os_thread_start(void (*fn)(void *), void *arg);
void os_thread_join(struct os_thread *t);
struct os_lock *os_lock_new(void);
void os_lock_free(struct os_lock *l);
void os_lock(struct os_lock *l);
void os_unlock(struct os_lock *l);
/* os_wait: (locked) release the lock until os_wake, then hold it again;
 * may also return without a wake: callers wait in a loop on their state. */
void os_wait(struct os_lock *l);
/* os_wake: (locked) wake every thread in os_wait. */
void os_wake(struct os_lock *l);

/*
 * os_char_lower: the simple lower-case mapping of Unicode code point cp
 * (cp itself when it has none): glibc's C.UTF-8 tables on POSIX (none
 * when that locale is missing), the invariant locale's (LCMapStringEx) on
 * Windows.
 */
unsigned long os_char_lower(unsigned long cp);

/*
 * os_rules_dir: where the shipped rule files are found by name (-r NAME):
 * $LDFIX_RULES_DIR when set; else POSIX: installed, the directory given
 * (the build's share/ldfix/rules); Windows: the "rules" folder beside
 * ldfix.exe (the zip's layout). Returns a malloc'd path.
 */
char *os_rules_dir(const char *installed);

#endif
