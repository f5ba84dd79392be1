/*
 * os_win.c: the os interface (see os.h) on Windows, with the Win32 API and
 * the C runtime MinGW-w64 links (msvcrt.dll). Compiles to nothing on
 * other systems (os_posix.c).
 *
 * Owns: the UTF-8 argv that os_init makes (kept until exit), the console
 * state to restore at exit, and the owner-only security descriptor built
 * once for temporary files. Every path crosses into the system as UTF-16
 * (the W functions, _wfopen), so the ANSI code page never matters.
 */
#include "base/os.h"

#ifdef _WIN32

#include <windows.h>
#include <bcrypt.h>

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* ---- UTF-8 <-> UTF-16, Win32 errors -> errno ---- */

/* s as UTF-16; NULL with errno EINVAL when s is not valid UTF-8. */
static wchar_t *
to_wide(const char *s)
{
	int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1,
	    NULL, 0);
	wchar_t *w;

	if (n <= 0) {
		errno = EINVAL;
		return NULL;
	}
	w = xmalloc((size_t)n * sizeof(*w));
	MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
	return w;
}

/* w as UTF-8 (an unpaired surrogate becomes U+FFFD). */
static char *
to_utf8(const wchar_t *w)
{
	int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
	char *s = xmalloc(n > 0 ? (size_t)n : 1);

	if (n <= 0 || WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL,
	    NULL) <= 0)
		s[0] = '\0';
	return s;
}

static int
errno_of(DWORD e)
{
	switch (e) {
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
	case ERROR_INVALID_DRIVE:
	case ERROR_BAD_NETPATH:
	case ERROR_BAD_NET_NAME:
	case ERROR_BAD_PATHNAME:
		return ENOENT;
	case ERROR_ACCESS_DENIED:
	case ERROR_SHARING_VIOLATION:
	case ERROR_LOCK_VIOLATION:
	case ERROR_WRITE_PROTECT:
	case ERROR_DELETE_PENDING:
	case ERROR_PRIVILEGE_NOT_HELD:
	case ERROR_INVALID_OWNER:
		return EACCES;
	case ERROR_FILE_EXISTS:
	case ERROR_ALREADY_EXISTS:
		return EEXIST;
	case ERROR_DISK_FULL:
	case ERROR_HANDLE_DISK_FULL:
		return ENOSPC;
	case ERROR_NOT_SAME_DEVICE:
		return EXDEV;
	case ERROR_DIRECTORY:
		return ENOTDIR;
	case ERROR_NOT_ENOUGH_MEMORY:
	case ERROR_OUTOFMEMORY:
		return ENOMEM;
	case ERROR_FILENAME_EXCED_RANGE:
	case ERROR_BUFFER_OVERFLOW:
		return ENAMETOOLONG;
	case ERROR_BROKEN_PIPE:
	case ERROR_NO_DATA:
		return EPIPE;
	case ERROR_INVALID_NAME:
	case ERROR_INVALID_PARAMETER:
		return EINVAL;
	default:
		return EIO;
	}
}

static void
set_errno_win(void)
{
	errno = errno_of(GetLastError());
}

static HANDLE
handle_of(FILE *fp)
{
	return (HANDLE)_get_osfhandle(_fileno(fp));
}

/* ---- start-up: arguments, binary streams, the console ---- */

/* msvcrt's own command-line parser, wide form (documented with
 * __getmainargs); the struct is its _startupinfo. */
struct crt_startupinfo {
	int newmode;
};
extern int __wgetmainargs(int *argc, wchar_t ***argv, wchar_t ***envp,
    int expand_wildcards, struct crt_startupinfo *si);

static UINT saved_output_cp;
static HANDLE vt_handle = INVALID_HANDLE_VALUE;
static DWORD vt_saved_mode;

static void
console_restore(void)
{
	if (saved_output_cp != 0)
		SetConsoleOutputCP(saved_output_cp);
	if (vt_handle != INVALID_HANDLE_VALUE)
		SetConsoleMode(vt_handle, vt_saved_mode);
}

/* Ctrl+C, Ctrl+Break, closing the window: put the console back, then let
 * the default handler end the process. Temporary files need nothing: they
 * are delete-on-close until committed. */
static BOOL WINAPI
on_console_event(DWORD type)
{
	(void)type;
	console_restore();
	return FALSE;
}

static bool
is_console_output(HANDLE h)
{
	CONSOLE_SCREEN_BUFFER_INFO info;

	return h != INVALID_HANDLE_VALUE && h != NULL &&
	    GetConsoleScreenBufferInfo(h, &info);
}

/* Messages are UTF-8: a console shows them as such while ldfix runs, and
 * stderr's console learns the VT escapes of the progress line. */
static void
console_setup(void)
{
	HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
	HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
	DWORD mode;

	if (!is_console_output(out) && !is_console_output(err))
		return;
	saved_output_cp = GetConsoleOutputCP();
	if (saved_output_cp == CP_UTF8 || !SetConsoleOutputCP(CP_UTF8))
		saved_output_cp = 0;
	if (is_console_output(err) && GetConsoleMode(err, &mode)) {
		vt_saved_mode = mode;
		if ((mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) == 0 &&
		    SetConsoleMode(err, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING))
			vt_handle = err;
	}
	atexit(console_restore);
	SetConsoleCtrlHandler(on_console_event, TRUE);
}

void
os_init(int *argc, char ***argv)
{
	struct crt_startupinfo si = { 0 };
	wchar_t **wargv = NULL, **wenv = NULL;
	int wargc = 0, i;
	char **u8;

	_fmode = _O_BINARY;
	_setmode(_fileno(stdin), _O_BINARY);
	_setmode(_fileno(stdout), _O_BINARY);
	_setmode(_fileno(stderr), _O_BINARY);
	console_setup();
	/* The same parser as main's argv (quotes, backslashes), without
	 * wildcard expansion: cmd and PowerShell pass wildcards as typed. */
	if (__wgetmainargs(&wargc, &wargv, &wenv, 0, &si) < 0 ||
	    wargv == NULL)
		return;         /* keep the ANSI argv the runtime gave */
	u8 = xmalloc(((size_t)wargc + 1) * sizeof(*u8));
	for (i = 0; i < wargc; i++)
		u8[i] = to_utf8(wargv[i]);
	u8[wargc] = NULL;
	*argc = wargc;
	*argv = u8;
}

/* ---- opening and looking at files ---- */

FILE *
os_fopen(const char *path, const char *mode)
{
	wchar_t *wpath = to_wide(path), wmode[8];
	size_t i, n = 0;
	FILE *fp;

	if (wpath == NULL)
		return NULL;
	for (i = 0; mode[i] != '\0' && n < 6; i++)
		if (mode[i] != 'b' && mode[i] != 't')
			wmode[n++] = (wchar_t)mode[i];
	wmode[n++] = L'b';
	wmode[n] = L'\0';
	fp = _wfopen(wpath, wmode);
	free(wpath);
	return fp;
}

/* A handle for looking at what path names (no read or write access,
 * directories too); INVALID_HANDLE_VALUE with GetLastError set. */
static HANDLE
open_meta(const wchar_t *w)
{
	return CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE |
	    FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS,
	    NULL);
}

enum os_kind
os_path_kind(const char *path)
{
	wchar_t *w = to_wide(path);
	BY_HANDLE_FILE_INFORMATION info;
	enum os_kind kind = OS_MISSING;
	DWORD attr;
	HANDLE h;

	if (w == NULL)
		return OS_MISSING;
	h = open_meta(w);
	if (h == INVALID_HANDLE_VALUE)  /* CON opens only with an access */
		h = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ |
		    FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
	if (h != INVALID_HANDLE_VALUE) {
		if (GetFileType(h) != FILE_TYPE_DISK)
			kind = OS_OTHER;        /* NUL, CON, COM1, a pipe */
		else if (GetFileInformationByHandle(h, &info))
			kind = info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY ?
			    OS_DIRECTORY : OS_REGULAR;
		CloseHandle(h);
	} else if ((attr = GetFileAttributesW(w)) != INVALID_FILE_ATTRIBUTES) {
		/* exists, but cannot be opened even to look at it */
		kind = attr & FILE_ATTRIBUTE_DIRECTORY ? OS_DIRECTORY :
		    OS_REGULAR;
	}
	free(w);
	return kind;
}

struct file_id {
	DWORD volume, high, low;
};

static bool
file_id_of(const wchar_t *w, struct file_id *id)
{
	BY_HANDLE_FILE_INFORMATION info;
	HANDLE h = open_meta(w);
	bool ok;

	if (h == INVALID_HANDLE_VALUE)
		return false;
	ok = GetFileType(h) == FILE_TYPE_DISK &&
	    GetFileInformationByHandle(h, &info);
	CloseHandle(h);
	if (ok) {
		id->volume = info.dwVolumeSerialNumber;
		id->high = info.nFileIndexHigh;
		id->low = info.nFileIndexLow;
	}
	return ok;
}

static bool
same_id(const struct file_id *a, const struct file_id *b)
{
	return a->volume == b->volume && a->high == b->high &&
	    a->low == b->low;
}

/* The full path (GetFullPathNameW: ".", ".." and separators resolved,
 * trailing dots and spaces dropped as Win32 does); NULL on failure. */
static wchar_t *
full_path(const wchar_t *w)
{
	DWORD n = GetFullPathNameW(w, 0, NULL, NULL), got;
	wchar_t *full;

	if (n == 0)
		return NULL;
	full = xmalloc((size_t)n * sizeof(*full));
	got = GetFullPathNameW(w, n, full, NULL);
	if (got == 0 || got >= n) {
		free(full);
		return NULL;
	}
	return full;
}

static bool
names_equal(const wchar_t *a, const wchar_t *b)
{
	/* NTFS and FAT compare names by upper-casing code units. */
	return CompareStringOrdinal(a, -1, b, -1, TRUE) == CSTR_EQUAL;
}

/* Two full paths of files that need not exist: the same folder (by
 * identity when both folders exist) and the same name, ignoring case. */
static bool
same_new_file(wchar_t *fa, wchar_t *fb)
{
	wchar_t *sa = wcsrchr(fa, L'\\'), *sb = wcsrchr(fb, L'\\');
	struct file_id da, db;
	wchar_t ca, cb;
	bool same;

	if (sa == NULL || sb == NULL)
		return names_equal(fa, fb);
	if (!names_equal(sa + 1, sb + 1))
		return false;
	ca = sa[1];
	cb = sb[1];
	sa[1] = L'\0';          /* keep the separator: "C:\" is a folder */
	sb[1] = L'\0';
	if (file_id_of(fa, &da) && file_id_of(fb, &db))
		same = same_id(&da, &db);
	else
		same = names_equal(fa, fb);
	sa[1] = ca;
	sb[1] = cb;
	return same;
}

bool
os_same_file(const char *a, const char *b)
{
	struct file_id ia, ib;
	wchar_t *wa, *wb, *fa = NULL, *fb = NULL;
	bool same;

	if (a == NULL || b == NULL || strcmp(a, "-") == 0 ||
	    strcmp(b, "-") == 0)
		return false;
	if (strcmp(a, b) == 0)
		return true;
	wa = to_wide(a);
	wb = to_wide(b);
	if (wa == NULL || wb == NULL)
		same = false;
	else if (file_id_of(wa, &ia) && file_id_of(wb, &ib))
		same = same_id(&ia, &ib);
	else if ((fa = full_path(wa)) != NULL && (fb = full_path(wb)) != NULL)
		same = same_new_file(fa, fb);
	else
		same = names_equal(wa, wb);
	free(wa);
	free(wb);
	free(fa);
	free(fb);
	return same;
}

int
os_same_stream_file(const char *path, FILE *fp)
{
	BY_HANDLE_FILE_INFORMATION info;
	struct file_id a, b;
	wchar_t *w;
	HANDLE h = handle_of(fp);
	bool exists;

	if (h == INVALID_HANDLE_VALUE || GetFileType(h) != FILE_TYPE_DISK)
		return 0;
	if ((w = to_wide(path)) == NULL)
		return 0;
	exists = file_id_of(w, &a);
	free(w);
	if (!exists)
		return 0;
	if (!GetFileInformationByHandle(h, &info))
		return -1;
	b.volume = info.dwVolumeSerialNumber;
	b.high = info.nFileIndexHigh;
	b.low = info.nFileIndexLow;
	return same_id(&a, &b);
}

bool
os_regular_size(FILE *fp, uint64_t *size)
{
	HANDLE h = handle_of(fp);
	LARGE_INTEGER n;

	if (h == INVALID_HANDLE_VALUE || GetFileType(h) != FILE_TYPE_DISK ||
	    !GetFileSizeEx(h, &n))
		return false;
	*size = (uint64_t)n.QuadPart;
	return true;
}

bool
os_is_terminal(FILE *fp)
{
	HANDLE h = handle_of(fp);
	DWORD mode;

	if (h == INVALID_HANDLE_VALUE || !GetConsoleMode(h, &mode))
		return false;           /* a file, a pipe, or NUL */
	if (!is_console_output(h))
		return true;            /* console input */
	return (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
}

int64_t
os_tell(FILE *fp)
{
	return _ftelli64(fp);
}

int
os_seek(FILE *fp, int64_t offset)
{
	return _fseeki64(fp, offset, SEEK_SET);
}

/* ---- temporary files ---- */

/*
 * The security descriptor of every temporary file (and so of every output
 * file, which is a renamed temporary file): owner = the user running
 * ldfix, and a protected DACL (nothing inherited from the folder) with one
 * ACE granting that user full control. NULL when it cannot be built.
 */
static SECURITY_ATTRIBUTES *
owner_only(bool with_owner)
{
	static SECURITY_ATTRIBUTES sa;
	static SECURITY_DESCRIPTOR sd;
	static union {
		TOKEN_USER user;
		unsigned char bytes[256];
	} tok;
	static union {
		ACL acl;
		unsigned char bytes[256];
	} dacl;
	static int state;               /* 0 not tried, 1 built, -1 failed */
	HANDLE token;
	DWORD len;
	PSID sid;

	if (state == 0) {
		state = -1;
		if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
			return NULL;
		if (!GetTokenInformation(token, TokenUser, &tok, sizeof(tok),
		    &len)) {
			CloseHandle(token);
			return NULL;
		}
		CloseHandle(token);
		sid = tok.user.User.Sid;
		if (!InitializeAcl(&dacl.acl, sizeof(dacl), ACL_REVISION) ||
		    !AddAccessAllowedAce(&dacl.acl, ACL_REVISION,
		    FILE_ALL_ACCESS, sid) ||
		    !InitializeSecurityDescriptor(&sd,
		    SECURITY_DESCRIPTOR_REVISION) ||
		    !SetSecurityDescriptorDacl(&sd, TRUE, &dacl.acl, FALSE) ||
		    !SetSecurityDescriptorControl(&sd, SE_DACL_PROTECTED,
		    SE_DACL_PROTECTED))
			return NULL;
		sa.nLength = sizeof(sa);
		sa.lpSecurityDescriptor = &sd;
		sa.bInheritHandle = FALSE;
		state = 1;
	}
	if (state < 0)
		return NULL;
	SetSecurityDescriptorOwner(&sd, with_owner ? tok.user.User.Sid :
	    NULL, FALSE);
	return &sa;
}

/* n random characters [a-z0-9] at p. */
static void
random_name(wchar_t *p, size_t n)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	static unsigned long counter;
	unsigned char r[16];
	size_t i;

	if (n > sizeof(r))
		n = sizeof(r);
	if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, r, (ULONG)n,
	    BCRYPT_USE_SYSTEM_PREFERRED_RNG))) {
		/* CREATE_NEW still makes the name ours; it is only guessable */
		unsigned long long x = GetTickCount64() ^
		    ((unsigned long long)GetCurrentProcessId() << 20) ^ ++counter;

		for (i = 0; i < n; i++, x >>= 5)
			r[i] = (unsigned char)(x * 2654435761u >> 7);
	}
	for (i = 0; i < n; i++)
		p[i] = (wchar_t)set[r[i] % (sizeof(set) - 1)];
}

/*
 * A new file dir + prefix + 6 random characters + suffix (CREATE_NEW:
 * never an existing one), owner only, with the given access and flags.
 * The name is stored in *wname (the caller frees it).
 */
static HANDLE
create_unique(const wchar_t *dir, size_t dirlen, const wchar_t *prefix,
    const wchar_t *suffix, DWORD access, DWORD flags, wchar_t **wname)
{
	size_t plen = wcslen(prefix), slen = wcslen(suffix);
	wchar_t *w = xmalloc((dirlen + plen + 6 + slen + 1) * sizeof(*w));
	SECURITY_ATTRIBUTES *sa;
	HANDLE h = INVALID_HANDLE_VALUE;
	bool with_owner = true;
	int tries;

	memcpy(w, dir, dirlen * sizeof(*w));
	memcpy(w + dirlen, prefix, plen * sizeof(*w));
	memcpy(w + dirlen + plen + 6, suffix, (slen + 1) * sizeof(*w));
	for (tries = 0; tries < 100; tries++) {
		sa = owner_only(with_owner);
		if (sa == NULL) {
			SetLastError(ERROR_ACCESS_DENIED);  /* fail closed */
			break;
		}
		random_name(w + dirlen + plen, 6);
		h = CreateFileW(w, access, FILE_SHARE_READ, sa, CREATE_NEW,
		    flags, NULL);
		if (h != INVALID_HANDLE_VALUE)
			break;
		if (GetLastError() == ERROR_INVALID_OWNER && with_owner) {
			with_owner = false;     /* the token's default owner */
			continue;
		}
		if (GetLastError() != ERROR_FILE_EXISTS &&
		    GetLastError() != ERROR_ALREADY_EXISTS)
			break;
	}
	if (h == INVALID_HANDLE_VALUE) {
		set_errno_win();
		free(w);
		return h;
	}
	*wname = w;
	return h;
}

/* A FILE on handle h (closing the FILE closes h); NULL after closing h. */
static FILE *
file_of(HANDLE h, int flags, const char *mode)
{
	int fd = _open_osfhandle((intptr_t)h, flags | _O_BINARY);
	FILE *fp;

	if (fd < 0) {
		CloseHandle(h);
		errno = EMFILE;
		return NULL;
	}
	fp = _fdopen(fd, mode);
	if (fp == NULL) {
		int e = errno;

		_close(fd);
		errno = e;
	}
	return fp;
}

long
os_read(FILE *fp, void *buf, size_t n)
{
	HANDLE h = handle_of(fp);
	DWORD got;

	if (n > (size_t)1 << 30)
		n = (size_t)1 << 30;
	if (!ReadFile(h, buf, (DWORD)n, &got, NULL)) {
		/* The writer of a pipe closed it: the end of the input. */
		if (GetLastError() == ERROR_BROKEN_PIPE)
			return 0;
		set_errno_win();
		return -1;
	}
	return (long)got;
}

FILE *
os_spool(void)
{
	wchar_t dir[MAX_PATH + 1], *name = NULL;
	DWORD n = GetTempPathW(MAX_PATH + 1, dir);
	HANDLE h;

	if (n == 0 || n > MAX_PATH) {
		set_errno_win();
		return NULL;
	}
	h = create_unique(dir, n, L"ldfix-spool-", L".tmp",
	    GENERIC_READ | GENERIC_WRITE,
	    FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, &name);
	free(name);
	if (h == INVALID_HANDLE_VALUE)
		return NULL;
	return file_of(h, _O_RDWR, "w+b");
}

/* Mark h's file for deletion when its last handle closes (on) or not. */
static bool
set_delete_on_close(HANDLE h, bool on)
{
	FILE_DISPOSITION_INFO di;

	di.DeleteFile = on;
	return SetFileInformationByHandle(h, FileDispositionInfo, &di,
	    sizeof(di)) != 0;
}

FILE *
os_temp_create(const char *dest, char **tmp)
{
	wchar_t *wdest = to_wide(dest), *wname = NULL, *cut;
	HANDLE h;
	FILE *fp;

	if (wdest == NULL)
		return NULL;
	cut = wcsrchr(wdest, L'\\');
	if (wcsrchr(wdest, L'/') > cut)
		cut = wcsrchr(wdest, L'/');
	if (cut == NULL && wdest[0] != L'\0' && wdest[1] == L':')
		cut = wdest + 1;        /* "C:out.ldf": C:'s current folder */
	h = create_unique(wdest, cut ? (size_t)(cut - wdest) + 1 : 0,
	    L".ldfix-", L"", GENERIC_WRITE | DELETE | FILE_READ_ATTRIBUTES,
	    FILE_ATTRIBUTE_NORMAL,
	    &wname);
	free(wdest);
	if (h == INVALID_HANDLE_VALUE)
		return NULL;
	/* Until os_temp_commit: gone when the handle closes, however the
	 * process ends. Without it (a file system that refuses) the file is
	 * still removed on every path but a killed process. */
	(void)set_delete_on_close(h, true);
	fp = file_of(h, _O_WRONLY, "wb");
	if (fp == NULL) {
		int e = errno;

		DeleteFileW(wname);
		free(wname);
		errno = e;
		return NULL;
	}
	*tmp = to_utf8(wname);
	free(wname);
	return fp;
}

/* Still marked for deletion on close? */
static bool
delete_pending(HANDLE h)
{
	FILE_STANDARD_INFO si;

	return GetFileInformationByHandleEx(h, FileStandardInfo, &si,
	    sizeof(si)) && si.DeletePending;
}

/* MoveFileExW, retried briefly while another process (a virus scanner,
 * an indexer) holds one of the files open. */
static bool
replace_file(const wchar_t *from, const wchar_t *to)
{
	DWORD e;
	int i;

	for (i = 0; i < 5; i++) {
		if (MoveFileExW(from, to, MOVEFILE_REPLACE_EXISTING |
		    MOVEFILE_WRITE_THROUGH))
			return true;
		e = GetLastError();
		if (e != ERROR_SHARING_VIOLATION && e != ERROR_LOCK_VIOLATION &&
		    e != ERROR_ACCESS_DENIED)
			return false;
		Sleep(20u << i);
	}
	return false;
}

int
os_temp_commit(FILE *fp, const char *tmp, const char *dest)
{
	wchar_t *wtmp = to_wide(tmp), *wdest = to_wide(dest);
	HANDLE h = handle_of(fp);
	bool failed;
	int e = 0;

	failed = fflush(fp) != 0 || ferror(fp);
	if (failed)
		e = errno ? errno : EIO;
	if (!failed && !FlushFileBuffers(h)) {
		failed = true;
		e = errno_of(GetLastError());
	}
	if (!failed && !set_delete_on_close(h, false) && delete_pending(h)) {
		failed = true;
		e = errno_of(GetLastError());
	}
	if (fclose(fp) != 0 && !failed) {
		failed = true;
		e = errno;
	}
	if (!failed && (wtmp == NULL || wdest == NULL)) {
		failed = true;
		e = EINVAL;
	}
	if (!failed && !replace_file(wtmp, wdest)) {
		failed = true;
		e = errno_of(GetLastError());
	}
	if (failed && wtmp != NULL)
		DeleteFileW(wtmp);
	free(wtmp);
	free(wdest);
	if (failed) {
		errno = e;
		return -1;
	}
	return 0;
}

void
os_write_behind(FILE *fp)
{
	(void)fp;       /* Windows writes behind on its own (lazy writer) */
}

void
os_temp_discard(FILE *fp, const char *tmp)
{
	wchar_t *w;

	if (fp != NULL)
		fclose(fp);             /* delete-on-close removes it */
	if (tmp != NULL && (w = to_wide(tmp)) != NULL) {
		DeleteFileW(w);         /* in case the mark was refused */
		free(w);
	}
}

char *
os_rules_dir(const char *installed)
{
	const char *env = getenv("LDFIX_RULES_DIR");
	wchar_t exe[MAX_PATH + 8], *slash;
	DWORD n;

	(void)installed;
	if (env != NULL && env[0] != '\0')
		return xstrdup(env);
	n = GetModuleFileNameW(NULL, exe, MAX_PATH);
	if (n == 0 || n >= MAX_PATH)
		return xstrdup("rules");
	slash = wcsrchr(exe, L'\\');
	if (slash == NULL)
		return xstrdup("rules");
	wcscpy(slash + 1, L"rules");
	return to_utf8(exe);
}

#endif /* _WIN32 */
