/*
 * ps1.h: the PowerShell plan ("ldfix plan --format ps1"): the change of
 * every entry as Exchange cmdlets, for shops that change recipients only
 * through the Exchange Management Shell.
 *
 * The script holds the same header and per-entry review comments as the
 * LDIF plan (changefile.h), a fixed preamble (ps1_script.c) and, per
 * entry, one line
 *
 *   Invoke-LdfixEntry -Dn '<DN>' -Unlink -MasterSid 'S-1-5-...'
 *
 * which re-reads the object (Get-User), skips it with a logged reason when
 * it no longer matches the export, and else runs Set-User (with -WhatIf
 * unless the script runs with -Apply). Then one line per permission the
 * old master account keeps that a cmdlet removes exactly (leftover.h):
 *
 *   Invoke-LdfixCleanup -Dn '<DN>' -Cmdlet 'Remove-MailboxPermission'
 *       -User 'S-1-5-...' -AccessRights 'FullAccess,ExternalAccount'
 *       -InheritanceType 'All'
 *
 * which does nothing unless the script runs with -RemoveLeftover, and
 * then only when it converted that entry in this run. What maps to a
 * cmdlet, and what is refused, is decided in ps1_map.c:
 *
 *   msExchRecipientTypeDetails 2 -> 1, msExchMasterAccountSid deleted,
 *   msExchRecipientDisplayType's ACLable bit cleared for a disabled
 *   account (all three exactly as the cmdlet does them, or none)
 *                                  Set-User -LinkedMasterAccount $null
 *   userPrincipalName set to one value      Set-User -UserPrincipalName
 *   anything else                           refused, naming the rule
 *
 * Safety of the text: UTF-8 with a BOM (Windows PowerShell 5.1 reads a
 * BOM-less script in the ANSI code page), CRLF line ends, only line
 * comments ("# ..."; no <# #> block anywhere), no double-quoted string.
 * Every value from the export is a single-quoted literal with each of the
 * five single-quote characters (' and U+2018-U+201B) doubled; a control
 * character (C0, DEL, C1), a line or paragraph separator or a bidi control
 * is never written raw: the value becomes ('text' + [char]0x000A + ...),
 * which PowerShell evaluates to exactly the value. Comments show values
 * only as display.h does, and any other byte a comment would carry (a
 * file name in the header) as \xNN. A DN or userPrincipalName that is not
 * UTF-8 cannot be a PowerShell string: the entry is refused.
 *
 * Nothing depends on time: the output is deterministic.
 */
#ifndef LDFIX_PS1_H
#define LDFIX_PS1_H

#include <stdbool.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/diag.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"
#include "tasks/changefile.h"
#include "tasks/diff.h"

struct ps1_writer;

/* ps1_new: a writer of the script's body (the entries and the closing
 * lines) onto fp (not closed by it); name is used in messages, input_name
 * is what refusals name. */
struct ps1_writer *ps1_new(FILE *fp, const char *name,
    const char *input_name);

/*
 * ps1_check_rules: 0 when every change of every rule has a cmdlet
 * equivalent (see above); else -1 with d at the first change that has
 * none, naming its rule.
 */
int ps1_check_rules(const struct ruleset *rs, struct diag *d);

/*
 * ps1_write_head: the script's head onto head, which comes before the
 * body: the byte order mark, the header comments (when comments is set)
 * and the preamble. Written apart from the body, once the input's digest
 * is known. 0, or -1 with errno set on a write error.
 */
int ps1_write_head(FILE *head, const struct changefile_header *h,
    bool comments);

/*
 * ps1_write_entry: the command (and, with comments, its review comments)
 * for one entry with changes: before as exported, after as the rules left
 * it, diff between them, res the hits, owner the joined master account
 * (--accounts; NULL: none). When the changes have no cmdlet
 * equivalent the writer fails: nothing more is written and ps1_status()
 * says why. Returns 0 or -1.
 */
int ps1_write_entry(struct ps1_writer *w, const struct entry *before,
    const struct entry *after, const struct diff *diff,
    const struct engine_result *res, const struct engine_owner *owner,
    bool comments);

/* ps1_status: 0, or -1 with d set when an entry was refused. */
int ps1_status(const struct ps1_writer *w, struct diag *d);

/* ps1_close: the closing lines (summary and exit status), flush, free.
 * -1 with d set (when not NULL) on a refusal or a write error. */
int ps1_close(struct ps1_writer *w, struct diag *d);

/*
 * ps1_put_literal: append the PowerShell expression that evaluates to
 * exactly v (see above). -1 (nothing appended) when v is not UTF-8.
 */
int ps1_put_literal(struct buf *out, struct slice v);

#endif
