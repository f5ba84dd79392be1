/*
 * ldif_writer.c: canonical LDIF output (see ldif_writer.h).
 *
 * Every logical line is built in w->line ("attr: value", "dn:: base64",
 * ...) and then folded into the output buffer. Only the intersection of
 * what OpenLDAP, python-ldap and ldifde read is written: values that are
 * not SAFE-STRING (and every ";binary" value) in base64, "attr:" for an
 * empty value, a "-" after every mod-spec, no trailing space on any
 * physical line, continuation lines starting with exactly one space.
 *
 * The writer owns its output buffer and two scratch buffers, all reused, so
 * writing a value allocates nothing once the buffers have grown. Errors are
 * sticky: the first failed fwrite (or a name that would break the LDIF
 * structure) is remembered, later output is dropped, and
 * ldif_writer_flush() reports it.
 */
#include "ldif/ldif_writer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/buf.h"
#include "ldif/ldif_names.h"

#define OUT_CAP ((size_t)64 << 10)      /* bytes gathered per fwrite */
#define NO_RECORD ((size_t)-1)

struct ldif_writer {
	FILE *fp;
	char *name;             /* for diagnostics: "standard output" for "-" */
	unsigned wrap;          /* 0 = never fold; else >= 2 */
	bool crlf;

	unsigned char *out;     /* pending output, outcap bytes */
	size_t outn, outcap;
	/* Where the record being written starts in out[], or NO_RECORD:
	 * records reach the stream whole, so output that stops early (a
	 * refusal) never ends inside one. */
	size_t rec_start;

	int err;                /* errno of the first failed write, or 0 */
	bool at_first;          /* the next line is a record's first after dn */
	char refused[160];      /* non-empty: why output was refused */

	struct buf line;        /* the logical line being built */
	struct buf text;        /* formatted comment text */
	void (*on_flush)(void *ctx);    /* ldif_writer_on_flush */
	void *on_flush_ctx;

	/* Descriptions already found writable, and whether they have
	 * ;binary: an export uses a few dozen names millions of times. */
	struct name_cache names;
	/* The same by id (ldif_names.h), for records from the reader: 0
	 * not checked yet, else ID_WRITABLE and what else is true of it. */
	unsigned char by_id[LDIF_NAMES_MAX + 1];
};

#define ID_WRITABLE 1
#define ID_BINARY 2     /* it has a ;binary option */
#define ID_KEYWORD 4    /* a record word (ldif_desc_keyword) */

struct ldif_writer *
ldif_writer_new(FILE *fp, const char *name, const struct ldif_write_opts *opts)
{
	struct ldif_writer *w = xcalloc(1, sizeof(*w));

	w->fp = fp;
	if (name == NULL || strcmp(name, "-") == 0)
		name = "standard output";
	w->name = xstrdup(name);
	w->wrap = opts ? opts->wrap : LDIF_DEFAULT_WRAP;
	/* A continuation line needs room for its space and one byte. */
	if (w->wrap == 1)
		w->wrap = 2;
	w->crlf = opts ? opts->crlf : false;
	w->out = xmalloc(OUT_CAP);
	w->outcap = OUT_CAP;
	w->rec_start = NO_RECORD;
	buf_init(&w->line);
	buf_init(&w->text);
	return w;
}

static bool
failed(const struct ldif_writer *w)
{
	return w->err != 0 || w->refused[0] != '\0';
}

/* Hand the pending output to stdio. */
static void
drain(struct ldif_writer *w)
{
	if (w->outn == 0 || failed(w)) {
		w->outn = 0;
		return;
	}
	errno = 0;
	if (fwrite(w->out, 1, w->outn, w->fp) != w->outn)
		w->err = errno ? errno : EIO;
	w->outn = 0;
}

/*
 * Room for n more bytes. Between records all pending output is handed
 * over; inside one only what precedes it, and the buffer grows to hold
 * the record (records are bounded by the reader's --max-record).
 */
static void
make_room(struct ldif_writer *w, size_t n)
{
	size_t keep, cap;

	if (w->rec_start == NO_RECORD || w->rec_start > w->outn) {
		drain(w);
		return;
	}
	keep = w->outn - w->rec_start;
	w->outn = w->rec_start;
	drain(w);
	if (failed(w))
		return;
	memmove(w->out, w->out + w->rec_start, keep);
	w->outn = keep;
	w->rec_start = 0;
	if (n > w->outcap - w->outn) {
		for (cap = w->outcap; n > cap - w->outn; cap *= 2)
			if (cap > SIZE_MAX / 2)
				xmalloc(SIZE_MAX);      /* aborts */
		w->out = xrealloc(w->out, cap);
		w->outcap = cap;
	}
}

static void
put(struct ldif_writer *w, const unsigned char *p, size_t n)
{
	if (failed(w))
		return;
	if (n > w->outcap - w->outn) {
		make_room(w, n);
		if (failed(w))
			return;
		if (n > w->outcap - w->outn) {  /* between records only */
			errno = 0;
			if (fwrite(p, 1, n, w->fp) != n)
				w->err = errno ? errno : EIO;
			return;
		}
	}
	memcpy(w->out + w->outn, p, n);
	w->outn += n;
}

static void
put_eol(struct ldif_writer *w)
{
	static const unsigned char crlf[2] = { '\r', '\n' };

	if (w->crlf)
		put(w, crlf, 2);
	else
		put(w, crlf + 1, 1);
}

/* Remember the first reason to refuse output; later output is dropped. */
static void
refuse(struct ldif_writer *w, const char *what, struct slice s)
{
	char shown[48];
	size_t i, k = 0;

	if (failed(w))
		return;
	for (i = 0; i < s.n && k + 4 < sizeof(shown); i++)
		shown[k++] = s.p[i] > 0x20 && s.p[i] < 0x7f ?
		    (char)s.p[i] : '?';
	if (i < s.n) {
		memcpy(shown + k, "...", 3);
		k += 3;
	}
	shown[k] = '\0';
	snprintf(w->refused, sizeof(w->refused),
	    "refusing to write %s \"%s\": it would break the LDIF",
	    what, shown);
}

/*
 * A break may go before L[b] when the line would not end in a space and b
 * does not split a UTF-8 sequence.
 */
static bool
can_break(const unsigned char *L, size_t b)
{
	return L[b - 1] != ' ' && (L[b] & 0xc0) != 0x80;
}

/* One physical line of emit_line: p[0..n), the line end and, when more
 * follows (fold), the space that starts the next line. One room check
 * for the three; put() when the buffer must be made room in. */
static void
emit_piece(struct ldif_writer *w, const unsigned char *p, size_t n,
    bool fold)
{
	unsigned char *o;

	if (failed(w) || n + 3 > w->outcap - w->outn) {
		put(w, p, n);
		put_eol(w);
		if (fold)
			put(w, (const unsigned char *)" ", 1);
		return;
	}
	o = w->out + w->outn;
	memcpy(o, p, n);
	o += n;
	if (w->crlf)
		*o++ = '\r';
	*o++ = '\n';
	if (fold)
		*o++ = ' ';
	w->outn = (size_t)(o - w->out);
}

/*
 * Write one logical line, folded so that no physical line is longer than
 * wrap bytes (the first line's "attr: " included, a continuation's leading
 * space included), with two exceptions where the line gets longer instead:
 * a run of spaces longer than a line (no line may end in a space), and the
 * first keep bytes, which stay on the first line. OpenLDAP splits
 * "attr:: value" into type and value before it unfolds, so a fold inside
 * "attr::" (or inside "changetype: modify") makes it misread the line;
 * callers pass keep = the prefix plus one value byte, or n for lines that
 * must not be folded at all.
 */
static void
emit_line(struct ldif_writer *w, const unsigned char *L, size_t n, size_t keep)
{
	size_t pos = 0, room, b, lo;

	if (w->wrap != 0) {
		room = w->wrap;
		lo = keep > 1 ? keep : 1;
		while (n - pos > room && lo < n) {
			for (b = pos + room; b >= lo; b--)
				if (can_break(L, b))
					break;
			if (b < lo) {
				b = pos + room + 1 > lo ? pos + room + 1 : lo;
				for (; b < n; b++)
					if (can_break(L, b))
						break;
				if (b >= n)
					break;
			}
			emit_piece(w, L + pos, b - pos, true);
			pos = b;
			lo = pos + 1;
			room = w->wrap - 1;
		}
	}
	emit_piece(w, L + pos, n - pos, false);
}

/* A "name: value" line: the name, the colons and a first value byte stay
 * on the first physical line. */
static void
emit_value_line(struct ldif_writer *w, size_t prefix)
{
	emit_line(w, w->line.p, w->line.n, prefix + 1);
}

/* A keyword line ("changetype: modify", "add: mail", "control: ..."). */
static void
emit_unfolded(struct ldif_writer *w)
{
	emit_line(w, w->line.p, w->line.n, w->line.n);
}

/*
 * The name is an attribute description as servers export them (what the
 * reader accepts) and none no record can hold ("dn", "changetype",
 * "control": see ldif.h). Where a record word may stand is checked apart
 * (the first line of a content record: ldif_write_attr).
 */
static bool
attr_is_writable(struct slice s)
{
	return ldif_desc_bad_at(s, LDIF_DESC_EXPORT) < 0 &&
	    !ldif_desc_reserved(s);
}

/* Any option of the description is "binary" (case-insensitive). */
static bool
has_binary_option(struct slice name)
{
	size_t i = 0, start;

	while (i < name.n && name.p[i] != ';')
		i++;
	while (i < name.n) {
		start = ++i;
		while (i < name.n && name.p[i] != ';')
			i++;
		if (slice_eq_cstr_ci(slice_mem(name.p + start, i - start),
		    "binary"))
			return true;
	}
	return false;
}

/* attr_is_writable with a cache of names already checked; *binary: the
 * name has a ;binary option. */
static bool
name_checked(struct ldif_writer *w, struct slice name, bool *binary)
{
	int flags = name_cache_get(&w->names, name);

	if (flags >= 0) {
		*binary = flags != 0;
		return true;
	}
	if (!attr_is_writable(name))
		return false;
	*binary = has_binary_option(name);
	name_cache_put(&w->names, name, *binary);
	return true;
}

/*
 * Append ": value", ":: base64" or ":" for an empty value to w->line.
 * Returns the length of the line up to the first value byte.
 */
static size_t
append_value(struct ldif_writer *w, struct slice value, bool force_b64)
{
	size_t prefix;

	if (value.n == 0) {
		buf_putc(&w->line, ':');
		return w->line.n;
	}
	if (!force_b64 && ldif_value_is_safe(value)) {
		buf_put(&w->line, ": ", 2);
		prefix = w->line.n;
		buf_putslice(&w->line, value);
	} else {
		buf_put(&w->line, ":: ", 3);
		prefix = w->line.n;
		base64_encode(&w->line, value);
	}
	return prefix;
}

/* "name: value" with a fixed, known-good name. */
static void
write_fixed(struct ldif_writer *w, const char *name, struct slice value)
{
	buf_reset(&w->line);
	buf_puts(&w->line, name);
	emit_value_line(w, append_value(w, value, false));
}

/* A keyword line with a fixed name: never folded. */
static void
write_keyword(struct ldif_writer *w, const char *name, const char *value)
{
	buf_reset(&w->line);
	buf_puts(&w->line, name);
	buf_put(&w->line, ": ", 2);
	buf_puts(&w->line, value);
	emit_unfolded(w);
}

void
ldif_write_version(struct ldif_writer *w)
{
	write_keyword(w, "version", "1");
	put_eol(w);
}

/* Write w->line as one comment line: no trailing spaces, "#" if empty. */
static void
end_comment_line(struct ldif_writer *w)
{
	while (w->line.n > 1 && w->line.p[w->line.n - 1] == ' ')
		w->line.n--;
	w->line.p[w->line.n] = 0;
	put(w, w->line.p, w->line.n);
	put_eol(w);
}

void
ldif_write_comment(struct ldif_writer *w, struct slice text)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, len, start;
	unsigned long cp;
	unsigned char c;

	buf_reset(&w->line);
	buf_puts(&w->line, "# ");
	while (i < text.n) {
		c = text.p[i];
		if (c == '\r' || c == '\n') {
			i++;
			if (c == '\r' && i < text.n && text.p[i] == '\n')
				i++;
			end_comment_line(w);
			buf_reset(&w->line);
			buf_puts(&w->line, "# ");
			/* A final line break adds no line. */
			if (i == text.n)
				return;
			continue;
		}
		if (c >= 0x20 && c < 0x7f) {
			start = i;
			i += printable_span(text.p + i, text.n - i);
			buf_put(&w->line, text.p + start, i - start);
			continue;
		}
		len = c >= 0x80 ? utf8_decode(text.p + i, text.n - i, &cp) : 0;
		if (len > 0 &&
		    utf8_screen_control_len(text.p + i, text.n - i) == 0) {
			buf_put(&w->line, text.p + i, len);
			i += len;
			continue;
		}
		/* Not text, or text a terminal or editor would obey (NEL,
		 * CSI, U+2028, bidi overrides): every byte as \xNN. */
		if (len == 0)
			len = 1;
		for (; len > 0; len--, i++) {
			c = text.p[i];
			buf_putc(&w->line, '\\');
			buf_putc(&w->line, 'x');
			buf_putc(&w->line, hex[c >> 4]);
			buf_putc(&w->line, hex[c & 15]);
		}
	}
	end_comment_line(w);
}

void
ldif_write_commentf(struct ldif_writer *w, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&w->text);
	va_start(ap, fmt);
	buf_vprintf(&w->text, fmt, ap);
	va_end(ap);
	ldif_write_comment(w, buf_slice(&w->text));
}

void
ldif_write_dn(struct ldif_writer *w, struct slice dn)
{
	w->rec_start = w->outn;
	write_fixed(w, "dn", dn);
	w->at_first = true;
}

/*
 * What the writer needs to know of name: false when it may not be written
 * (nothing stored); else *flags is ID_WRITABLE with ID_BINARY when it
 * holds, and ID_KEYWORD when it holds and id is not 0. id is name's id,
 * or 0 when the caller has none: ids skip the byte cache for the names
 * of records read.
 */
static bool
name_flags(struct ldif_writer *w, uint32_t id, struct slice name,
    unsigned *flags)
{
	bool binary;

	if (id != 0 && id <= LDIF_NAMES_MAX && w->by_id[id] != 0) {
		*flags = w->by_id[id];
		return true;
	}
	if (!name_checked(w, name, &binary))
		return false;
	*flags = ID_WRITABLE | (binary ? ID_BINARY : 0);
	if (id != 0 && id <= LDIF_NAMES_MAX) {
		if (ldif_desc_keyword(name))
			*flags |= ID_KEYWORD;
		w->by_id[id] = (unsigned char)*flags;
	}
	return true;
}

static void
write_attr(struct ldif_writer *w, uint32_t id, struct slice name,
    struct slice value)
{
	unsigned flags;
	bool binary;

	if (!name_flags(w, id, name, &flags)) {
		refuse(w, "the attribute description", name);
		return;
	}
	binary = (flags & ID_BINARY) != 0;
	/* A record word as the first line would make readers take a
	 * content record for another kind of record. */
	if (w->at_first) {
		w->at_first = false;
		if (id != 0 ? (flags & ID_KEYWORD) != 0 :
		    ldif_desc_keyword(name)) {
			refuse(w, "as the first line of a content record the "
			    "attribute description", name);
			return;
		}
	}
	/* Most lines are short: straight to the output buffer, with one
	 * room check for the whole line, plain or (a SID, a GUID) base64.
	 * A value too long for one line even plain is folded. */
	if (value.n > 0 && (w->wrap == 0 || name.n + 2 + value.n <= w->wrap)) {
		bool b64 = binary || !ldif_value_is_safe(value);
		size_t text = b64 ? base64_encoded_len(value.n) : value.n;
		size_t head = name.n + 2 + b64;
		size_t need = head + text + 2;
		unsigned char *o;

		if (w->wrap != 0 && head + text > w->wrap)
			goto folded;
		if (failed(w))
			return;
		if (need > w->outcap - w->outn)
			make_room(w, need);
		if (failed(w))
			return;
		if (need > w->outcap - w->outn)
			goto folded;    /* longer than the buffer: emit_line */
		o = w->out + w->outn;
		memcpy(o, name.p, name.n);
		o += name.n;
		*o++ = ':';
		if (b64)
			*o++ = ':';
		*o++ = ' ';
		if (b64) {
			o += base64_encode_to(o, value.p, value.n);
		} else {
			memcpy(o, value.p, value.n);
			o += value.n;
		}
		if (w->crlf)
			*o++ = '\r';
		*o++ = '\n';
		w->outn = (size_t)(o - w->out);
		return;
	}
folded:
	buf_reset(&w->line);
	buf_putslice(&w->line, name);
	emit_value_line(w, append_value(w, value, binary));
}

void
ldif_write_attr(struct ldif_writer *w, struct slice name, struct slice value)
{
	write_attr(w, 0, name, value);
}

void
ldif_write_changetype(struct ldif_writer *w, enum ldif_kind kind)
{
	w->at_first = false;
	write_keyword(w, "changetype", ldif_kind_name(kind));
}

void
ldif_write_modop(struct ldif_writer *w, enum ldif_mod_op op, struct slice attr)
{
	bool binary;

	if (!name_checked(w, attr, &binary)) {
		refuse(w, "the attribute description", attr);
		return;
	}
	buf_reset(&w->line);
	buf_puts(&w->line, ldif_mod_op_name(op));
	buf_put(&w->line, ": ", 2);
	buf_putslice(&w->line, attr);
	emit_unfolded(w);
}

void
ldif_write_modend(struct ldif_writer *w)
{
	static const unsigned char dash = '-';

	put(w, &dash, 1);
	put_eol(w);
}

void
ldif_write_end_record(struct ldif_writer *w)
{
	w->at_first = false;
	put_eol(w);
	w->rec_start = NO_RECORD;
}

/* "control: oid [true|false][: value]" (RFC 2849 "control" production). */
static void
write_control(struct ldif_writer *w, const struct ldif_control *c)
{
	w->at_first = false;
	/* A numeric OID, as the reader accepts one. */
	if (c->oid.n == 0 || !ascii_isdigit(c->oid.p[0]) ||
	    ldif_desc_bad_at(c->oid, LDIF_DESC_RFC) >= 0 ||
	    ldif_attr_type(c->oid).n != c->oid.n) {
		refuse(w, "the control OID", c->oid);
		return;
	}
	buf_reset(&w->line);
	buf_puts(&w->line, "control: ");
	buf_putslice(&w->line, c->oid);
	if (c->critical)
		buf_puts(&w->line, " true");
	else if (c->has_value)
		buf_puts(&w->line, " false");
	if (c->has_value)
		append_value(w, c->value, false);
	emit_unfolded(w);
}

static void
write_modify_body(struct ldif_writer *w, const struct ldif_record *rec)
{
	const struct ldif_mod *m;
	size_t i, k;

	for (i = 0; i < rec->nmods; i++) {
		m = &rec->mods[i];
		if (m->first > rec->nattrs ||
		    m->count > rec->nattrs - m->first) {
			refuse(w, "a mod-spec whose values are out of range",
			    m->attr);
			return;
		}
		ldif_write_modop(w, m->op, m->attr);
		/* Value lines name the attribute exactly as the mod-spec does:
		 * python-ldap drops lines that differ even in case. */
		for (k = 0; k < m->count; k++)
			ldif_write_attr(w, m->attr,
			    rec->attrs[m->first + k].value);
		ldif_write_modend(w);
	}
}

void
ldif_write_record(struct ldif_writer *w, const struct ldif_record *rec)
{
	size_t i;

	ldif_write_dn(w, rec->dn);
	for (i = 0; i < rec->ncontrols; i++)
		write_control(w, &rec->controls[i]);
	switch (rec->kind) {
	case LDIF_ENTRY:
		/* An add record stays one: RFC 2849 does not let content and
		 * change records share a file, and content records cannot
		 * carry controls. */
		if (rec->changetype_add || rec->ncontrols > 0)
			ldif_write_changetype(w, LDIF_ENTRY);
		for (i = 0; i < rec->nattrs; i++)
			write_attr(w, rec->ids != NULL ? rec->ids[i] : 0,
			    rec->attrs[i].name, rec->attrs[i].value);
		break;
	case LDIF_MODIFY:
		ldif_write_changetype(w, LDIF_MODIFY);
		write_modify_body(w, rec);
		break;
	case LDIF_DELETE:
		ldif_write_changetype(w, LDIF_DELETE);
		break;
	case LDIF_MODDN:
		w->at_first = false;
		write_keyword(w, "changetype",
		    rec->moddn_word ? "moddn" : "modrdn");
		write_fixed(w, "newrdn", rec->newrdn);
		write_keyword(w, "deleteoldrdn", rec->deleteoldrdn ? "1" : "0");
		if (rec->has_newsuperior)
			write_fixed(w, "newsuperior", rec->newsuperior);
		break;
	}
	ldif_write_end_record(w);
}

int
ldif_writer_flush(struct ldif_writer *w, struct diag *d)
{
	drain(w);
	errno = 0;
	if (!failed(w) && fflush(w->fp) != 0)
		w->err = errno ? errno : EIO;
	if (w->refused[0] != '\0')
		return diag_set(d, w->name, 0, 0, "%s", w->refused);
	if (w->err != 0)
		return diag_set(d, w->name, 0, 0, "cannot write: %s",
		    strerror(w->err));
	if (w->on_flush != NULL)
		w->on_flush(w->on_flush_ctx);
	return 0;
}

int
ldif_writer_flush_every(struct ldif_writer *w, unsigned long long n,
    struct diag *d)
{
	return n % LDIF_WRITER_FLUSH_EVERY == 0 ? ldif_writer_flush(w, d) : 0;
}

void
ldif_writer_on_flush(struct ldif_writer *w, void (*fn)(void *ctx), void *ctx)
{
	w->on_flush = fn;
	w->on_flush_ctx = ctx;
}

int
ldif_writer_close(struct ldif_writer *w, struct diag *d)
{
	int rc;

	if (w == NULL)
		return 0;
	rc = ldif_writer_flush(w, d);
	buf_release(&w->line);
	buf_release(&w->text);
	free(w->out);
	free(w->name);
	free(w);
	return rc;
}
