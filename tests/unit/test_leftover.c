/*
 * test_leftover.c: src/tasks/leftover.c, what a hit's leftover-permissions
 * say to people and scripts: rights by name, the line per ACE, and the
 * exact Remove-MailboxPermission / Remove-ADPermission line (or why there
 * is none), with DN and SID quoted as PowerShell single-quoted literals.
 * ACEs are built by hand as the engine records them (struct engine_ace).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/buf.h"
#include "base/sd.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"
#include "tasks/leftover.h"

#include "ast_build.h"
#include "sd_build.h"

#define DN "CN=Jane Doe,OU=Linked,DC=res,DC=contoso,DC=com"
#define TARGET "-Identity '" DN "' -User '" MASTER "'"

static unsigned char guids[3][16];

static struct engine_ace
ace(const char *attr, uint32_t mask, unsigned flags, const char *object)
{
	struct engine_ace a;
	int i = object == NULL ? 0 : object[0] == 'a' ? 1 : object[0] == '7' ?
	    2 : 0;

	memset(&a, 0, sizeof(a));
	a.attr = slice_of(attr);
	a.sid = ast_sid_bin(MASTER);
	a.mask = mask;
	a.type = object ? SD_ACE_ALLOWED_OBJECT : SD_ACE_ALLOWED;
	a.flags = flags;
	if (object != NULL) {
		sdb_guid_bytes(object, guids[i]);
		a.object_type = slice_mem(guids[i], 16);
	}
	return a;
}

/* The rights, the line and the command (or "why: ...") of a. */
static void
says(const struct engine_ace *a, const char *dn, const char *rights,
    const char *line, const char *command)
{
	struct buf out = BUF_INIT;
	struct entry e;
	const char *why;

	entry_init(&e);
	e.dn = slice_of(dn);
	leftover_put_rights(&out, a, ", ");
	assert_string_equal((const char *)out.p, rights);
	buf_reset(&out);
	leftover_put_line(&out, a);
	assert_string_equal((const char *)out.p, line);
	buf_reset(&out);
	buf_puts(&out, "> ");
	if (leftover_put_command(&out, &e, a, &why)) {
		assert_null(why);
	} else {
		assert_non_null(why);
		assert_string_equal((const char *)out.p, "> ");
		buf_printf(&out, "why: %s", why);
	}
	assert_string_equal((const char *)out.p + 2, command);
	buf_release(&out);
	entry_free(&e);
}

static void
test_mailbox(void **state)
{
	struct engine_ace a;

	(void)state;
	a = ace("msExchMailboxSecurityDescriptor", 0x5,
	    SD_ACE_CONTAINER_INHERIT, NULL);
	says(&a, DN, "FullAccess, ExternalAccount",
	    "msExchMailboxSecurityDescriptor: " MASTER " FullAccess, "
	    "ExternalAccount (mask 0x5)",
	    "Remove-MailboxPermission " TARGET " -AccessRights "
	    "FullAccess,ExternalAccount -InheritanceType All");
	a = ace("msExchMailboxSecurityDescriptor", 0x20001, 0, NULL);
	says(&a, DN, "FullAccess, ReadPermission",
	    "msExchMailboxSecurityDescriptor: " MASTER " FullAccess, "
	    "ReadPermission (mask 0x20001)",
	    "Remove-MailboxPermission " TARGET " -AccessRights "
	    "FullAccess,ReadPermission -InheritanceType None");
	a = ace("msExchMailboxSecurityDescriptor", 0x9, 0, NULL);
	says(&a, DN, "FullAccess, 0x8",
	    "msExchMailboxSecurityDescriptor: " MASTER " FullAccess, 0x8 "
	    "(mask 0x9)",
	    "why: rights -AccessRights has no name for: remove it by hand "
	    "(Get-MailboxPermission shows it)");
	a = ace("msExchMailboxSecurityDescriptor", 0x5,
	    SD_ACE_CONTAINER_INHERIT | SD_ACE_INHERITED, NULL);
	says(&a, DN, "FullAccess, ExternalAccount",
	    "msExchMailboxSecurityDescriptor: " MASTER " FullAccess, "
	    "ExternalAccount (mask 0x5, inherited)",
	    "why: inherited: remove it where it is set (the parent container "
	    "or the mailbox database)");
}

static void
test_directory(void **state)
{
	struct engine_ace a;

	(void)state;
	a = ace("nTSecurityDescriptor", 0x100, 0, SEND_AS);
	says(&a, DN, "Send-As",
	    "nTSecurityDescriptor: " MASTER " Send-As (mask 0x100)",
	    "Remove-ADPermission " TARGET " -ExtendedRights Send-As");
	a = ace("nTSecurityDescriptor", 0x100, SD_ACE_CONTAINER_INHERIT,
	    SEND_AS);
	says(&a, DN, "Send-As",
	    "nTSecurityDescriptor: " MASTER " Send-As (mask 0x100)",
	    "Remove-ADPermission " TARGET " -ExtendedRights Send-As "
	    "-InheritanceType All");
	a = ace("nTSecurityDescriptor", 0x130, 0, SEND_AS);
	says(&a, DN, "Send-As, ReadProperty, WriteProperty",
	    "nTSecurityDescriptor: " MASTER " Send-As, ReadProperty, "
	    "WriteProperty (mask 0x130)",
	    "why: a Send-As ACE with other rights as well: remove it by hand "
	    "(Get-ADPermission shows it)");
	a = ace("nTSecurityDescriptor", 0x30, 0, PERSONAL_INFO);
	says(&a, DN, "Personal-Information",
	    "nTSecurityDescriptor: " MASTER " Personal-Information (mask 0x30)",
	    "Remove-ADPermission " TARGET " -AccessRights "
	    "ReadProperty,WriteProperty -Properties Personal-Information");
	a = ace("nTSecurityDescriptor", 0x10, 0, PERSONAL_INFO);
	says(&a, DN, "ReadProperty",
	    "nTSecurityDescriptor: " MASTER " ReadProperty (mask 0x10)",
	    "Remove-ADPermission " TARGET " -AccessRights ReadProperty "
	    "-Properties Personal-Information");
	a = ace("nTSecurityDescriptor", 0x30, 0, USER_CLASS);
	says(&a, DN, "ReadProperty, WriteProperty",
	    "nTSecurityDescriptor: " MASTER " ReadProperty, WriteProperty "
	    "(mask 0x30, on " USER_CLASS ")",
	    "why: an object ACE limited to a GUID ldfix has no name for: "
	    "remove it by hand (Get-ADPermission shows it)");
}

/* The command as parts, as the PowerShell plan takes it. */
static void
test_command_parts(void **state)
{
	struct leftover_command c;
	struct engine_ace a;
	const char *why;

	(void)state;
	a = ace("nTSecurityDescriptor", 0x30, SD_ACE_CONTAINER_INHERIT,
	    PERSONAL_INFO);
	assert_true(leftover_command(&a, &c, &why));
	assert_string_equal(c.cmdlet, "Remove-ADPermission");
	assert_int_equal(c.naccess, 2);
	assert_string_equal(c.access[0], "ReadProperty");
	assert_string_equal(c.access[1], "WriteProperty");
	assert_null(c.extended_rights);
	assert_string_equal(c.properties, "Personal-Information");
	assert_string_equal(c.inheritance, "All");
	a = ace("nTSecurityDescriptor", 0x100, 0, SEND_AS);
	assert_true(leftover_command(&a, &c, &why));
	assert_int_equal(c.naccess, 0);
	assert_string_equal(c.extended_rights, "Send-As");
	assert_null(c.inheritance);
	a = ace("msExchMailboxSecurityDescriptor", 0x5, SD_ACE_INHERITED, NULL);
	assert_false(leftover_command(&a, &c, &why));
	assert_non_null(why);
}

/* An ACE for the whole object grants Send-As and Personal-Information
 * too, and is removed by its rights. */
static void
test_directory_generic(void **state)
{
	struct engine_ace a;

	(void)state;
	a = ace("nTSecurityDescriptor", 0xf01ff, 0, NULL);
	says(&a, DN, "Send-As, Personal-Information, CreateChild, "
	    "DeleteChild, ListChildren, Self, ReadProperty, WriteProperty, "
	    "DeleteTree, ListObject, ExtendedRight, Delete, ReadControl, "
	    "WriteDacl, WriteOwner",
	    "nTSecurityDescriptor: " MASTER " Send-As, Personal-Information, "
	    "CreateChild, DeleteChild, ListChildren, Self, ReadProperty, "
	    "WriteProperty, DeleteTree, ListObject, ExtendedRight, Delete, "
	    "ReadControl, WriteDacl, WriteOwner (mask 0xf01ff)",
	    "Remove-ADPermission " TARGET " -AccessRights CreateChild,"
	    "DeleteChild,ListChildren,Self,ReadProperty,WriteProperty,"
	    "DeleteTree,ListObject,ExtendedRight,Delete,ReadControl,WriteDacl,"
	    "WriteOwner");
	a = ace("nTSecurityDescriptor", 0x10000000, 0, NULL);
	says(&a, DN, "0x10000000",
	    "nTSecurityDescriptor: " MASTER " 0x10000000 (mask 0x10000000)",
	    "why: rights -AccessRights has no name for: remove it by hand "
	    "(Get-ADPermission shows it)");
	a = ace("msDS-AllowedToActOnBehalfOfOtherIdentity", 0x100, 0, NULL);
	says(&a, DN, "Send-As, ExtendedRight",
	    "msDS-AllowedToActOnBehalfOfOtherIdentity: " MASTER " Send-As, "
	    "ExtendedRight (mask 0x100)",
	    "why: no cmdlet removes ACEs of this attribute");
	a = ace("nTSecurityDescriptor", 0x100, 0, SEND_AS);
	a.inherited_object_type = a.object_type;
	says(&a, DN, "Send-As",
	    "nTSecurityDescriptor: " MASTER " Send-As (mask 0x100)",
	    "why: limited to an inherited object type: remove it by hand");
}

/* Single quotes (ASCII and the four PowerShell also reads as such) are
 * doubled; a DN that is not plain text gets no command. */
static void
test_quoting(void **state)
{
	struct engine_ace a;

	(void)state;
	a = ace("msExchMailboxSecurityDescriptor", 0x1, 0, NULL);
	says(&a, "CN=\xe2\x80\x98x\xe2\x80\x9a\xe2\x80\x9b \xe2\x80\x9c $a `b",
	    "FullAccess",
	    "msExchMailboxSecurityDescriptor: " MASTER " FullAccess (mask 0x1)",
	    "Remove-MailboxPermission -Identity 'CN=\xe2\x80\x98\xe2\x80\x98x"
	    "\xe2\x80\x9a\xe2\x80\x9a\xe2\x80\x9b\xe2\x80\x9b \xe2\x80\x9c $a "
	    "`b' -User '" MASTER "' -AccessRights FullAccess -InheritanceType "
	    "None");
	says(&a, "CN=O'Brien\xe2\x80\x99s,DC=x", "FullAccess",
	    "msExchMailboxSecurityDescriptor: " MASTER " FullAccess (mask 0x1)",
	    "Remove-MailboxPermission -Identity 'CN=O''Brien\xe2\x80\x99"
	    "\xe2\x80\x99s,DC=x' -User '" MASTER "' -AccessRights FullAccess "
	    "-InheritanceType None");
	/* at both ends, side by side, and next to one of the four */
	says(&a, "'CN=''x\xe2\x80\x98'", "FullAccess",
	    "msExchMailboxSecurityDescriptor: " MASTER " FullAccess (mask 0x1)",
	    "Remove-MailboxPermission -Identity '''CN=''''x\xe2\x80\x98"
	    "\xe2\x80\x98''' -User '" MASTER "' -AccessRights FullAccess "
	    "-InheritanceType None");
	says(&a, "CN=a\nb,DC=x", "FullAccess",
	    "msExchMailboxSecurityDescriptor: " MASTER " FullAccess (mask 0x1)",
	    "why: the DN is not plain text: remove it by hand");
}

/* The plan comment and the CSV cells of a result with two hits, one of a
 * rule without leftover-permissions. */
static void
test_comment_and_cells(void **state)
{
	struct rule plain, conv;
	struct cond *leftover[1];
	struct engine_hit hits[2];
	struct engine_ace aces[2];
	struct engine_unchecked unchecked[2];
	struct engine_result res;
	struct buf list = BUF_INIT, cmds = BUF_INIT;
	struct entry e;

	(void)state;
	memset(&plain, 0, sizeof(plain));
	memset(&conv, 0, sizeof(conv));
	memset(hits, 0, sizeof(hits));
	memset(&res, 0, sizeof(res));
	conv.leftover = leftover;
	conv.nleftover = 1;
	hits[0].rule = &plain;
	hits[1].rule = &conv;
	hits[1].naces = 2;
	hits[1].nunchecked = 2;
	aces[0] = ace("msExchMailboxSecurityDescriptor", 0x5,
	    SD_ACE_CONTAINER_INHERIT, NULL);
	aces[1] = ace("nTSecurityDescriptor", 0x100, SD_ACE_INHERITED,
	    SEND_AS);
	unchecked[0].attr = slice_of("nTSecurityDescriptor");
	unchecked[0].reason = NULL;
	unchecked[1].attr = slice_of("msExchMailboxSecurityDescriptor");
	unchecked[1].reason = "DACL revision is not 2 or 4";
	unchecked[1].offset = 32;
	res.hits = hits;
	res.nhits = 2;
	res.aces = aces;
	res.unchecked = unchecked;
	entry_init(&e);
	e.dn = slice_of(DN);
	leftover_put_comment(&list, &e, &res);
	assert_string_equal((const char *)list.p,
	    "leftover permission: msExchMailboxSecurityDescriptor: " MASTER
	    " FullAccess, ExternalAccount (mask 0x5)\n"
	    "after the conversion run: Remove-MailboxPermission " TARGET
	    " -AccessRights FullAccess,ExternalAccount -InheritanceType All\n"
	    "leftover permission: nTSecurityDescriptor: " MASTER " Send-As "
	    "(mask 0x100, inherited)\n"
	    "remove by hand: inherited: remove it where it is set (the parent "
	    "container or the mailbox database)\n"
	    "leftover permissions not checked: nTSecurityDescriptor: not in "
	    "the export\n"
	    "leftover permissions not checked: "
	    "msExchMailboxSecurityDescriptor: not a valid security descriptor "
	    "(DACL revision is not 2 or 4, at byte 32)\n");
	buf_reset(&list);
	leftover_put_cells(&list, &cmds, &e, &res);
	assert_string_equal((const char *)list.p,
	    "msExchMailboxSecurityDescriptor: " MASTER " FullAccess, "
	    "ExternalAccount (mask 0x5)\n"
	    "nTSecurityDescriptor: " MASTER " Send-As (mask 0x100, inherited)\n"
	    "nTSecurityDescriptor: not checked: not in the export\n"
	    "msExchMailboxSecurityDescriptor: not checked: not a valid "
	    "security descriptor (DACL revision is not 2 or 4, at byte 32)");
	assert_string_equal((const char *)cmds.p,
	    "Remove-MailboxPermission " TARGET " -AccessRights "
	    "FullAccess,ExternalAccount -InheritanceType All\n"
	    "(remove by hand: inherited: remove it where it is set (the parent "
	    "container or the mailbox database))");
	buf_release(&list);
	buf_release(&cmds);
	entry_free(&e);
}

/* The commands of one entry name its DN each; a DN that is not plain text
 * gets none, for every ACE (the DN is shown once per entry). */
static void
test_commands_share_the_dn(void **state)
{
	struct rule conv;
	struct cond *leftover[1];
	struct engine_hit hit;
	struct engine_ace aces[2];
	struct engine_result res;
	struct buf list = BUF_INIT, cmds = BUF_INIT;
	struct entry e;

	(void)state;
	memset(&conv, 0, sizeof(conv));
	memset(&hit, 0, sizeof(hit));
	memset(&res, 0, sizeof(res));
	conv.leftover = leftover;
	conv.nleftover = 1;
	hit.rule = &conv;
	hit.naces = 2;
	aces[0] = ace("msExchMailboxSecurityDescriptor", 0x1, 0, NULL);
	aces[1] = ace("nTSecurityDescriptor", 0x100, 0, SEND_AS);
	res.hits = &hit;
	res.nhits = 1;
	res.aces = aces;
	entry_init(&e);
	e.dn = slice_of(DN);
	leftover_put_cells(&list, &cmds, &e, &res);
	assert_string_equal((const char *)cmds.p,
	    "Remove-MailboxPermission " TARGET " -AccessRights FullAccess "
	    "-InheritanceType None\n"
	    "Remove-ADPermission " TARGET " -ExtendedRights Send-As");
	buf_reset(&list);
	buf_reset(&cmds);
	e.dn = slice_of("CN=a\tb,DC=x");
	leftover_put_cells(&list, &cmds, &e, &res);
	assert_string_equal((const char *)cmds.p,
	    "(remove by hand: the DN is not plain text: remove it by hand)\n"
	    "(remove by hand: the DN is not plain text: remove it by hand)");
	buf_reset(&list);
	leftover_put_comment(&list, &e, &res);
	assert_string_equal((const char *)list.p,
	    "leftover permission: msExchMailboxSecurityDescriptor: " MASTER
	    " FullAccess (mask 0x1)\n"
	    "remove by hand: the DN is not plain text: remove it by hand\n"
	    "leftover permission: nTSecurityDescriptor: " MASTER " Send-As "
	    "(mask 0x100)\n"
	    "remove by hand: the DN is not plain text: remove it by hand\n");
	buf_release(&list);
	buf_release(&cmds);
	entry_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_mailbox, ast_teardown),
		cmocka_unit_test_teardown(test_directory, ast_teardown),
		cmocka_unit_test_teardown(test_directory_generic, ast_teardown),
		cmocka_unit_test_teardown(test_command_parts, ast_teardown),
		cmocka_unit_test_teardown(test_quoting, ast_teardown),
		cmocka_unit_test_teardown(test_commands_share_the_dn,
		    ast_teardown),
		cmocka_unit_test_teardown(test_comment_and_cells, ast_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
