/*
 * display.c: the one way ldfix shows a value to a person (see display.h).
 */
#include "ldif/display.h"

#include <stdint.h>
#include <string.h>

#include "base/base64.h"
#include "base/num.h"
#include "base/sd.h"
#include "base/sid.h"
#include "ldif/ldif.h"

/* Types that hold SIDs, GUIDs or descriptors without saying so in their
 * name (a name that ends in "sid" or "guid" says so), with their lengths:
 * most names are none of these, and a length differs at once. */
static const struct {
	const char *name;
	unsigned char n;
	unsigned char kind;     /* enum display_attr */
} listed_types[] = {
	{ "sIDHistory", 10, DISPLAY_ATTR_SID },
	{ "securityIdentifier", 18, DISPLAY_ATTR_SID },
	{ "tokenGroups", 11, DISPLAY_ATTR_SID },
	{ "tokenGroupsGlobalAndUniversal", 29, DISPLAY_ATTR_SID },
	{ "tokenGroupsNoGCAcceptable", 25, DISPLAY_ATTR_SID },
	{ "invocationId", 12, DISPLAY_ATTR_GUID },
	{ "nTSecurityDescriptor", 20, DISPLAY_ATTR_SD },
	{ "msExchMailboxSecurityDescriptor", 31, DISPLAY_ATTR_SD },
};

/* s ends in suffix (lower case), ASCII case-insensitively. */
static bool
ends_with_ci(struct slice s, const char *suffix, size_t n)
{
	size_t i;

	if (s.n < n)
		return false;
	for (i = 0; i < n; i++)
		if ((s.p[s.n - n + i] | 0x20) != (unsigned char)suffix[i])
			return false;
	return true;
}

enum display_attr
display_attr_kind(struct slice attr)
{
	struct slice type = ldif_attr_type(attr);
	size_t i;

	if (ends_with_ci(type, "sid", 3))
		return DISPLAY_ATTR_SID;
	if (ends_with_ci(type, "guid", 4))
		return DISPLAY_ATTR_GUID;
	for (i = 0; i < sizeof(listed_types) / sizeof(listed_types[0]); i++)
		if (type.n == listed_types[i].n &&
		    slice_eq_ci(type, slice_mem(listed_types[i].name,
		    listed_types[i].n)))
			return (enum display_attr)listed_types[i].kind;
	return DISPLAY_ATTR_PLAIN;
}

bool
display_is_text(struct slice v)
{
	size_t i = 0;

	if (v.n >= 7 && memcmp(v.p, "base64:", 7) == 0)
		return false;
	while (i < v.n) {
		unsigned long cp;
		size_t len;

		i += printable_span(v.p + i, v.n - i);
		if (i == v.n)
			break;
		if (v.p[i] < 0x80)
			return false;   /* a control character, or DEL */
		len = utf8_decode(v.p + i, v.n - i, &cp);
		if (len == 0 || utf8_screen_control_len(v.p + i, len) != 0)
			return false;
		i += len;
	}
	return true;
}

/* Cut what was appended since start to max bytes, at a character
 * boundary, and say how long the value was. */
static void
cut(struct buf *out, size_t start, size_t max, size_t value_len)
{
	size_t end = start + max;

	if (max == 0 || out->n - start <= max)
		return;
	while (end > start && (out->p[end] & 0xC0) == 0x80)
		end--;
	out->n = end;
	out->p[end] = '\0';
	buf_printf(out, " ... (%zu bytes)", value_len);
}

enum display_form
display_value(struct buf *out, struct slice attr, struct slice v, size_t max)
{
	size_t start = out->n;
	enum display_form form;

	switch (display_attr_kind(attr)) {
	case DISPLAY_ATTR_SID:
		if (sid_format(v, out) == 0)
			return DISPLAY_SID;
		break;
	case DISPLAY_ATTR_GUID:
		if (guid_format(v, out) == 0)
			return DISPLAY_GUID;
		break;
	case DISPLAY_ATTR_SD:
	case DISPLAY_ATTR_PLAIN:
		break;
	}
	if (display_is_text(v)) {
		buf_putslice(out, v);
		form = DISPLAY_TEXT;
	} else {
		buf_puts(out, "base64:");
		base64_encode(out, v);
		form = DISPLAY_BASE64;
	}
	cut(out, start, max, v.n);
	return form;
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void
civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

bool
display_filetime(struct buf *out, struct slice v)
{
	/* seconds from 1601-01-01 to 1970-01-01 */
	static const long long epoch_gap = 11644473600LL;
	struct num n;
	int64_t t;
	long long secs, days, rem, y;
	unsigned m, d;

	if (num_parse(v, 0, &n) != NUM_OK || !num_to_int64(n, &t) || t < 0)
		return false;
	if (t == 0 || t == INT64_MAX) {
		buf_puts(out, "never");
		return true;
	}
	secs = t / 10000000 - epoch_gap;
	days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
	rem = secs - days * 86400;
	civil_from_days(days, &y, &m, &d);
	buf_printf(out, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", y, m, d,
	    rem / 3600, rem / 60 % 60, rem % 60);
	return true;
}

enum display_form
display_text(struct buf *out, struct slice v, size_t max)
{
	return display_value(out, slice_mem("", 0), v, max);
}

int
display_sd(struct buf *out, struct slice v)
{
	size_t start = out->n;
	struct sd_error err;
	struct sd sd;

	if (sd_parse(v, &sd, &err) < 0) {
		buf_printf(out, "not a valid security descriptor: %s (at byte "
		    "%zu)", err.reason, err.offset);
		return -1;
	}
	if (sd_sddl(&sd, out, &err) == 0)
		return 0;
	out->n = start;
	out->p[start] = 0;
	buf_printf(out, "no SDDL for it: %s (at byte %zu)", err.reason,
	    err.offset);
	return -1;
}
