/*
 * ps1_impl.h: private to the ps1 module (ps1.c writes, ps1_map.c decides
 * what each entry's command is, ps1_script.c holds the fixed PowerShell).
 */
#ifndef LDFIX_PS1_IMPL_H
#define LDFIX_PS1_IMPL_H

#include "tasks/ps1.h"

/* What one entry's Invoke-LdfixEntry line says. Slices borrow from the
 * entries; master_sid is owned (reset per entry). */
struct ps1_call {
	bool unlink;            /* Set-User -LinkedMasterAccount $null */
	struct buf master_sid;  /* the export's master SID, S-1-...; empty:
				 * the export has none */
	bool set_upn;           /* Set-User -UserPrincipalName new_upn */
	struct slice old_upn;   /* the export's value; empty: absent */
	struct slice new_upn;
	/* The export has no userAccountControl: Set-User decides from the
	 * live account whether to clear msExchRecipientDisplayType's ACLable
	 * bit, whatever the comment above the command says. */
	bool display_type_live;
};

/*
 * ps1_map_entry: what the diff of before -> after is in cmdlets. 0 with
 * call filled, or -1 with why (reset first) saying what has no cmdlet
 * equivalent, as part of a sentence ("msExchRecipientTypeDetails is 16,
 * not 2 (LinkedMailbox)").
 */
int ps1_map_entry(const struct entry *before, const struct entry *after,
    const struct diff *diff, struct ps1_call *call, struct buf *why);

/* The fixed PowerShell text, one line each, without line ends: the usage
 * comment and the functions (after the header), and the last line. */
extern const char *const ps1_preamble[];
extern const char *const ps1_trailer[];

#endif
