# ldfix 0.1.0 PowerShell plan: Exchange cmdlets for the changes below
# input: samples/contoso-ldapsearch.ldif
# input sha256: 32020f841be7e591bd42566dc7826bcc97b08093ac43633a2f6dd4701bb8a6d6
# rules: (built-in) rules/linked-to-user.yaml, rules/fill-upn.yaml
# rules sha256: 1bca082ffb2660768fce5bf91052ba5562eec5ef827343723918b92370e66438
# mode: one Set-User per entry, after a check that the entry still is as exported; a dry run (-WhatIf) unless the script runs with -Apply
# options: --format ps1 --var upn_suffix=contoso.com
#
# Run it in the Exchange Management Shell (convert.ps1 stands for this
# script's name):
#   .\convert.ps1          dry run: re-reads every entry below and shows
#                          what its command would do (-WhatIf); changes
#                          nothing
#   .\convert.ps1 -Apply   re-reads every entry and, when it still matches
#                          the export, runs its command
# An entry is skipped, with the reason, when the directory no longer holds
# what the export held: not a linked mailbox any more, another master
# account, another userPrincipalName. An entry that fails does not stop the
# others. A transcript is written next to the script, named after it:
# NAME-yyyyMMdd-HHmmss-WhatIf.log or NAME-yyyyMMdd-HHmmss-Apply.log.
#   .\convert.ps1 -RemoveLeftover [-Apply]
#                          also, after each entry it converts, removes the
#                          permissions its old master account keeps (the
#                          Remove-* lines of the entry's comment)
# Exit status: 0 when no entry failed, 1 when one did, 2 when the script
# could not start (nothing was changed).

#Requires -Version 2.0
[CmdletBinding()]
param(
    # Make the changes; without it the script only checks and reports.
    [switch]$Apply,
    # After converting an entry, also remove the permissions its old
    # master account keeps.
    [switch]$RemoveLeftover
)
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$script:LdfixCounts = @{ 'Converted' = 0; 'Skipped' = 0; 'Failed' = 0; 'Removed' = 0 }
$script:LdfixLast = ''
$script:LdfixLog = $null
$ldfixScript = $MyInvocation.MyCommand.Path

# The master account's SID as Get-User shows it: the SID itself when
# Exchange cannot resolve it, else DOMAIN\name, translated here ($null
# when that fails).
function Get-LdfixMasterSid {
    param($User)
    $name = [string]$User.LinkedMasterAccount
    if ($name -eq '') {
        return ''
    }
    if ($name -match '^S-1-[0-9]+(-[0-9]+)+$') {
        return $name
    }
    try {
        $account = New-Object -TypeName System.Security.Principal.NTAccount -ArgumentList $name
        return $account.Translate([System.Security.Principal.SecurityIdentifier]).Value
    } catch {
        return $null
    }
}

# Why the object no longer matches the export ('' when it does).
function Test-LdfixEntry {
    param($User, [bool]$Unlink, [string]$MasterSid, [bool]$SetUpn, [string]$OldUpn)
    if ($Unlink) {
        $type = [string]$User.RecipientTypeDetails
        if ($type -ne 'LinkedMailbox') {
            return ('recipient type is {0}, not LinkedMailbox as exported' -f $type)
        }
        $master = [string]$User.LinkedMasterAccount
        $sid = Get-LdfixMasterSid -User $User
        if ($null -eq $sid) {
            return ('master account {0} cannot be resolved to a SID here: compare it with {1} by hand' -f $master, $MasterSid)
        }
        if ($sid -ne $MasterSid) {
            return ('master account is ''{0}'' ({1}), not ''{2}'' as exported' -f $sid, $master, $MasterSid)
        }
    }
    $upn = [string]$User.UserPrincipalName
    if ($SetUpn -and $upn -ne $OldUpn) {
        return ('userPrincipalName is ''{0}'', not ''{1}'' as exported' -f $upn, $OldUpn)
    }
    return ''
}

# One entry: re-read it, skip it when it changed since the export, else
# run its Set-User (with -WhatIf unless the script runs with -Apply).
# -Show is the DN as the review comments show it, when that differs.
function Invoke-LdfixEntry {
    param(
        [string]$Dn,
        [string]$Show = '',
        [switch]$Unlink,
        [string]$MasterSid = '',
        [string]$NewUpn = '',
        [string]$OldUpn = ''
    )
    if ($Show -eq '') {
        $Show = $Dn
    }
    $script:LdfixLast = ''
    try {
        $users = @(Get-User -Identity $Dn -ErrorAction Stop)
        if ($users.Count -ne 1) {
            throw ('the identity names {0} objects' -f $users.Count)
        }
        $reason = Test-LdfixEntry -User $users[0] -Unlink $Unlink.IsPresent -MasterSid $MasterSid -SetUpn ($NewUpn -ne '') -OldUpn $OldUpn
        if ($reason -ne '') {
            $script:LdfixCounts['Skipped']++
            Write-Host ('skipped: {0}: {1}' -f $Show, $reason)
            return
        }
        $params = @{ 'Identity' = $Dn; 'Confirm' = $false; 'ErrorAction' = 'Stop' }
        if ($Unlink) {
            $params['LinkedMasterAccount'] = $null
        }
        if ($NewUpn -ne '') {
            $params['UserPrincipalName'] = $NewUpn
        }
        if (-not $Apply) {
            $params['WhatIf'] = $true
        }
        Set-User @params
        $script:LdfixCounts['Converted']++
        $script:LdfixLast = $Dn
        if ($Apply) {
            Write-Host ('converted: {0}' -f $Show)
        } else {
            Write-Host ('would convert: {0}' -f $Show)
        }
    } catch {
        $script:LdfixCounts['Failed']++
        Write-Host ('failed: {0}: {1}' -f $Show, $_.Exception.Message)
    }
}

# With -RemoveLeftover, after an entry this script converted: remove one
# permission its old master account keeps, with the cmdlet named (with
# -WhatIf unless the script runs with -Apply).
function Invoke-LdfixCleanup {
    param(
        [string]$Dn,
        [string]$Show = '',
        [string]$Cmdlet,
        [string]$User,
        [string]$AccessRights = '',
        [string]$ExtendedRights = '',
        [string]$Properties = '',
        [string]$InheritanceType = ''
    )
    if (-not $RemoveLeftover) {
        return
    }
    if ($Show -eq '') {
        $Show = $Dn
    }
    if ($script:LdfixLast -ne $Dn) {
        Write-Host ('not removed: {0}: {1} {2} (the entry was not converted)' -f $Show, $Cmdlet, $User)
        return
    }
    try {
        if ($Cmdlet -ne 'Remove-MailboxPermission' -and $Cmdlet -ne 'Remove-ADPermission') {
            throw ('not a cmdlet this script runs: {0}' -f $Cmdlet)
        }
        $params = @{ 'Identity' = $Dn; 'User' = $User; 'Confirm' = $false; 'ErrorAction' = 'Stop' }
        if ($AccessRights -ne '') {
            $params['AccessRights'] = $AccessRights.Split(',')
        }
        if ($ExtendedRights -ne '') {
            $params['ExtendedRights'] = $ExtendedRights
        }
        if ($Properties -ne '') {
            $params['Properties'] = $Properties
        }
        if ($InheritanceType -ne '') {
            $params['InheritanceType'] = $InheritanceType
        }
        if (-not $Apply) {
            $params['WhatIf'] = $true
        }
        & $Cmdlet @params
        $script:LdfixCounts['Removed']++
        if ($Apply) {
            Write-Host ('removed: {0}: {1} {2}' -f $Show, $Cmdlet, $User)
        } else {
            Write-Host ('would remove: {0}: {1} {2}' -f $Show, $Cmdlet, $User)
        }
    } catch {
        $script:LdfixCounts['Failed']++
        Write-Host ('failed: {0}: {1} {2}: {3}' -f $Show, $Cmdlet, $User, $_.Exception.Message)
    }
}

# The summary, the end of the transcript, and the exit status.
function Complete-LdfixPlan {
    $counts = $script:LdfixCounts
    if ($Apply) {
        $line = '{0} converted, {1} skipped, {2} failed'
    } else {
        $line = 'dry run, nothing changed: {0} to convert, {1} skipped, {2} failed; -Apply converts'
    }
    if ($RemoveLeftover -and $Apply) {
        $line += '; {3} leftover permissions removed'
    } elseif ($RemoveLeftover) {
        $line += '; {3} leftover permissions to remove'
    }
    Write-Host ('ldfix: ' + ($line -f $counts['Converted'], $counts['Skipped'], $counts['Failed'], $counts['Removed']))
    if ($null -ne $script:LdfixLog) {
        Stop-Transcript | Out-Null
    }
    if ($counts['Failed'] -gt 0) {
        return 1
    }
    return 0
}

$ldfixNeeded = @('Get-User', 'Set-User')
if ($RemoveLeftover) {
    $ldfixNeeded += @('Remove-MailboxPermission', 'Remove-ADPermission')
}
foreach ($ldfixCommand in $ldfixNeeded) {
    if ($null -eq (Get-Command -Name $ldfixCommand -ErrorAction SilentlyContinue)) {
        Write-Host ('ldfix: {0} is missing: run this script in the Exchange Management Shell (nothing changed)' -f $ldfixCommand)
        exit 2
    }
}
$ldfixMode = 'WhatIf'
if ($Apply) {
    $ldfixMode = 'Apply'
}
$ldfixName = '{0}-{1}-{2}.log' -f [System.IO.Path]::GetFileNameWithoutExtension($ldfixScript), (Get-Date -Format 'yyyyMMdd-HHmmss'), $ldfixMode
$ldfixPath = Join-Path -Path (Split-Path -Parent $ldfixScript) -ChildPath $ldfixName
try {
    Start-Transcript -Path $ldfixPath -NoClobber | Out-Null
    $script:LdfixLog = $ldfixPath
} catch {
    if ($Apply) {
        Write-Host ('ldfix: cannot start the transcript {0}: {1} (nothing changed)' -f $ldfixPath, $_.Exception.Message)
        exit 2
    }
    Write-Host ('ldfix: no transcript ({0}); the dry run goes on' -f $_.Exception.Message)
}
if ($Apply) {
    Write-Host 'ldfix: -Apply: every entry is re-read, then changed'
} else {
    Write-Host 'ldfix: dry run (-WhatIf): nothing is changed; run with -Apply to make the changes'
}
if ($null -ne $script:LdfixLog) {
    Write-Host ('ldfix: transcript {0}' -f $script:LdfixLog)
}

# The entries, in the order of the export.

# entry CN=Jane Doe,OU=Linked,DC=res,DC=contoso,DC=com (jdoe)
# rule linked-mailbox-to-user-mailbox (foreign-domain)
# msExchMasterAccountSid: S-1-5-21-3623811015-3361044348-30300820-1013 -> (absent)
# msExchRecipientDisplayType: 1073741824 -> 0
# msExchRecipientTypeDetails: 2 -> 1
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1013 is in another domain: if that is a live account forest (account-resource forest), converting breaks the owner's logon and Entra Connect's account/resource join; convert only if that forest is gone or will not be synced
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1013 keeps FullAccess or ExternalAccount on the mailbox (msExchMailboxSecurityDescriptor): neither Set-User nor ldfix removes it; run the plan's Remove-MailboxPermission line after the conversion, or that account keeps full access to a mailbox it no longer owns
# leftover permission: msExchMailboxSecurityDescriptor: S-1-5-21-3623811015-3361044348-30300820-1013 FullAccess, ExternalAccount (mask 0x5)
# after the conversion run: Remove-MailboxPermission -Identity 'CN=Jane Doe,OU=Linked,DC=res,DC=contoso,DC=com' -User 'S-1-5-21-3623811015-3361044348-30300820-1013' -AccessRights FullAccess,ExternalAccount -InheritanceType All
# leftover permissions not checked: nTSecurityDescriptor: not in the export
Invoke-LdfixEntry -Dn 'CN=Jane Doe,OU=Linked,DC=res,DC=contoso,DC=com' -Unlink -MasterSid 'S-1-5-21-3623811015-3361044348-30300820-1013'
Invoke-LdfixCleanup -Dn 'CN=Jane Doe,OU=Linked,DC=res,DC=contoso,DC=com' -Cmdlet 'Remove-MailboxPermission' -User 'S-1-5-21-3623811015-3361044348-30300820-1013' -AccessRights 'FullAccess,ExternalAccount' -InheritanceType 'All'

# entry CN=Jürgen Müller,OU=Linked,DC=res,DC=contoso,DC=com (jmueller)
# rule linked-mailbox-to-user-mailbox (foreign-domain)
# msExchMasterAccountSid: S-1-5-21-3623811015-3361044348-30300820-1021 -> (absent)
# msExchRecipientDisplayType: 1073741824 -> 0
# msExchRecipientTypeDetails: 2 -> 1
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1021 is in another domain: if that is a live account forest (account-resource forest), converting breaks the owner's logon and Entra Connect's account/resource join; convert only if that forest is gone or will not be synced
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1021 keeps FullAccess or ExternalAccount on the mailbox (msExchMailboxSecurityDescriptor): neither Set-User nor ldfix removes it; run the plan's Remove-MailboxPermission line after the conversion, or that account keeps full access to a mailbox it no longer owns
# leftover permission: msExchMailboxSecurityDescriptor: S-1-5-21-3623811015-3361044348-30300820-1021 FullAccess (mask 0x1)
# after the conversion run: Remove-MailboxPermission -Identity 'CN=Jürgen Müller,OU=Linked,DC=res,DC=contoso,DC=com' -User 'S-1-5-21-3623811015-3361044348-30300820-1021' -AccessRights FullAccess -InheritanceType All
# leftover permission: msExchMailboxSecurityDescriptor: S-1-5-21-3623811015-3361044348-30300820-1021 ExternalAccount (mask 0x4)
# after the conversion run: Remove-MailboxPermission -Identity 'CN=Jürgen Müller,OU=Linked,DC=res,DC=contoso,DC=com' -User 'S-1-5-21-3623811015-3361044348-30300820-1021' -AccessRights ExternalAccount -InheritanceType All
# leftover permissions not checked: nTSecurityDescriptor: not in the export
Invoke-LdfixEntry -Dn 'CN=Jürgen Müller,OU=Linked,DC=res,DC=contoso,DC=com' -Unlink -MasterSid 'S-1-5-21-3623811015-3361044348-30300820-1021'
Invoke-LdfixCleanup -Dn 'CN=Jürgen Müller,OU=Linked,DC=res,DC=contoso,DC=com' -Cmdlet 'Remove-MailboxPermission' -User 'S-1-5-21-3623811015-3361044348-30300820-1021' -AccessRights 'FullAccess' -InheritanceType 'All'
Invoke-LdfixCleanup -Dn 'CN=Jürgen Müller,OU=Linked,DC=res,DC=contoso,DC=com' -Cmdlet 'Remove-MailboxPermission' -User 'S-1-5-21-3623811015-3361044348-30300820-1021' -AccessRights 'ExternalAccount' -InheritanceType 'All'

# entry CN=Doe\, John,OU=Linked,DC=res,DC=contoso,DC=com (johndoe)
# rule linked-mailbox-to-user-mailbox (foreign-domain)
# msExchMasterAccountSid: S-1-5-21-3623811015-3361044348-30300820-1022 -> (absent)
# msExchRecipientDisplayType: 1073741824 -> 0
# msExchRecipientTypeDetails: 2 -> 1
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1022 is in another domain: if that is a live account forest (account-resource forest), converting breaks the owner's logon and Entra Connect's account/resource join; convert only if that forest is gone or will not be synced
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1022 keeps FullAccess or ExternalAccount on the mailbox (msExchMailboxSecurityDescriptor): neither Set-User nor ldfix removes it; run the plan's Remove-MailboxPermission line after the conversion, or that account keeps full access to a mailbox it no longer owns
# leftover permission: msExchMailboxSecurityDescriptor: S-1-5-21-3623811015-3361044348-30300820-1022 FullAccess, ExternalAccount (mask 0x5)
# after the conversion run: Remove-MailboxPermission -Identity 'CN=Doe\, John,OU=Linked,DC=res,DC=contoso,DC=com' -User 'S-1-5-21-3623811015-3361044348-30300820-1022' -AccessRights FullAccess,ExternalAccount -InheritanceType All
# leftover permissions not checked: nTSecurityDescriptor: not in the export
Invoke-LdfixEntry -Dn 'CN=Doe\, John,OU=Linked,DC=res,DC=contoso,DC=com' -Unlink -MasterSid 'S-1-5-21-3623811015-3361044348-30300820-1022'
Invoke-LdfixCleanup -Dn 'CN=Doe\, John,OU=Linked,DC=res,DC=contoso,DC=com' -Cmdlet 'Remove-MailboxPermission' -User 'S-1-5-21-3623811015-3361044348-30300820-1022' -AccessRights 'FullAccess,ExternalAccount' -InheritanceType 'All'

# entry CN=Kim Lee,OU=Linked,DC=res,DC=contoso,DC=com (klee)
# rule linked-mailbox-to-user-mailbox (foreign-domain)
# rule fill-upn
# msExchMasterAccountSid: S-1-5-21-3623811015-3361044348-30300820-1023 -> (absent)
# msExchRecipientDisplayType: 1073741824 -> 0
# msExchRecipientTypeDetails: 2 -> 1
# userPrincipalName: (absent) -> klee@contoso.com
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1023 is in another domain: if that is a live account forest (account-resource forest), converting breaks the owner's logon and Entra Connect's account/resource join; convert only if that forest is gone or will not be synced
# warning: no userPrincipalName: Entra Connect will derive one from sAMAccountName
# leftover permissions not checked: nTSecurityDescriptor: not in the export
Invoke-LdfixEntry -Dn 'CN=Kim Lee,OU=Linked,DC=res,DC=contoso,DC=com' -Unlink -MasterSid 'S-1-5-21-3623811015-3361044348-30300820-1023' -NewUpn 'klee@contoso.com' -OldUpn ''

# entry CN=Erin Walsh,OU=Linked,DC=res,DC=contoso,DC=com (ewalsh)
# rule linked-mailbox-to-user-mailbox (foreign-domain)
# msExchMasterAccountSid: S-1-5-21-3623811015-3361044348-30300820-1024 -> (absent)
# msExchRecipientTypeDetails: 2 -> 1
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1024 is in another domain: if that is a live account forest (account-resource forest), converting breaks the owner's logon and Entra Connect's account/resource join; convert only if that forest is gone or will not be synced
# warning: no userAccountControl in the export: cannot tell whether the account is disabled, so msExchRecipientDisplayType is left as it is (Set-User clears its ACLable flag 0x40000000 for a disabled account)
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1024 keeps FullAccess or ExternalAccount on the mailbox (msExchMailboxSecurityDescriptor): neither Set-User nor ldfix removes it; run the plan's Remove-MailboxPermission line after the conversion, or that account keeps full access to a mailbox it no longer owns
# leftover permission: msExchMailboxSecurityDescriptor: S-1-5-21-3623811015-3361044348-30300820-1024 FullAccess, ExternalAccount (mask 0x5)
# after the conversion run: Remove-MailboxPermission -Identity 'CN=Erin Walsh,OU=Linked,DC=res,DC=contoso,DC=com' -User 'S-1-5-21-3623811015-3361044348-30300820-1024' -AccessRights FullAccess,ExternalAccount -InheritanceType All
# leftover permissions not checked: nTSecurityDescriptor: not in the export
# note: the export has no userAccountControl: Set-User clears the ACLable bit 0x40000000 of msExchRecipientDisplayType if the account is disabled, and only then
Invoke-LdfixEntry -Dn 'CN=Erin Walsh,OU=Linked,DC=res,DC=contoso,DC=com' -Unlink -MasterSid 'S-1-5-21-3623811015-3361044348-30300820-1024'
Invoke-LdfixCleanup -Dn 'CN=Erin Walsh,OU=Linked,DC=res,DC=contoso,DC=com' -Cmdlet 'Remove-MailboxPermission' -User 'S-1-5-21-3623811015-3361044348-30300820-1024' -AccessRights 'FullAccess,ExternalAccount' -InheritanceType 'All'

# entry CN=Frank Ortiz,OU=Linked,DC=res,DC=contoso,DC=com (fortiz)
# rule linked-mailbox-to-user-mailbox (foreign-domain)
# msExchMasterAccountSid: S-1-5-21-3623811015-3361044348-30300820-1025 -> (absent)
# msExchRecipientDisplayType: -1073741818 -> -2147483642
# msExchRecipientTypeDetails: 2 -> 1
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1025 is in another domain: if that is a live account forest (account-resource forest), converting breaks the owner's logon and Entra Connect's account/resource join; convert only if that forest is gone or will not be synced
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1025 keeps FullAccess or ExternalAccount on the mailbox (msExchMailboxSecurityDescriptor): neither Set-User nor ldfix removes it; run the plan's Remove-MailboxPermission line after the conversion, or that account keeps full access to a mailbox it no longer owns
# leftover permission: msExchMailboxSecurityDescriptor: S-1-5-21-3623811015-3361044348-30300820-1025 FullAccess, ExternalAccount (mask 0x5)
# after the conversion run: Remove-MailboxPermission -Identity 'CN=Frank Ortiz,OU=Linked,DC=res,DC=contoso,DC=com' -User 'S-1-5-21-3623811015-3361044348-30300820-1025' -AccessRights FullAccess,ExternalAccount -InheritanceType All
# leftover permissions not checked: nTSecurityDescriptor: not in the export
Invoke-LdfixEntry -Dn 'CN=Frank Ortiz,OU=Linked,DC=res,DC=contoso,DC=com' -Unlink -MasterSid 'S-1-5-21-3623811015-3361044348-30300820-1025'
Invoke-LdfixCleanup -Dn 'CN=Frank Ortiz,OU=Linked,DC=res,DC=contoso,DC=com' -Cmdlet 'Remove-MailboxPermission' -User 'S-1-5-21-3623811015-3361044348-30300820-1025' -AccessRights 'FullAccess,ExternalAccount' -InheritanceType 'All'

# entry CN=David Kerr,OU=Linked,DC=res,DC=contoso,DC=com (dkerr)
# rule linked-mailbox-to-user-mailbox (foreign-domain)
# msExchMasterAccountSid: S-1-5-21-3623811015-3361044348-30300820-1026 -> (absent)
# msExchRecipientTypeDetails: 2 -> 1
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1026 is in another domain: if that is a live account forest (account-resource forest), converting breaks the owner's logon and Entra Connect's account/resource join; convert only if that forest is gone or will not be synced
# warning: master account S-1-5-21-3623811015-3361044348-30300820-1026 keeps FullAccess or ExternalAccount on the mailbox (msExchMailboxSecurityDescriptor): neither Set-User nor ldfix removes it; run the plan's Remove-MailboxPermission line after the conversion, or that account keeps full access to a mailbox it no longer owns
# leftover permission: msExchMailboxSecurityDescriptor: S-1-5-21-3623811015-3361044348-30300820-1026 FullAccess, ExternalAccount (mask 0x5)
# after the conversion run: Remove-MailboxPermission -Identity 'CN=David Kerr,OU=Linked,DC=res,DC=contoso,DC=com' -User 'S-1-5-21-3623811015-3361044348-30300820-1026' -AccessRights FullAccess,ExternalAccount -InheritanceType All
# leftover permissions not checked: nTSecurityDescriptor: not in the export
Invoke-LdfixEntry -Dn 'CN=David Kerr,OU=Linked,DC=res,DC=contoso,DC=com' -Unlink -MasterSid 'S-1-5-21-3623811015-3361044348-30300820-1026'
Invoke-LdfixCleanup -Dn 'CN=David Kerr,OU=Linked,DC=res,DC=contoso,DC=com' -Cmdlet 'Remove-MailboxPermission' -User 'S-1-5-21-3623811015-3361044348-30300820-1026' -AccessRights 'FullAccess,ExternalAccount' -InheritanceType 'All'

# entry CN=Anna Berg,OU=Staff,DC=res,DC=contoso,DC=com (aberg)
# rule linked-mailbox-to-user-mailbox (self-linked)
# msExchMasterAccountSid: S-1-5-21-1004336348-1177238915-682003330-1170 -> (absent)
# msExchRecipientDisplayType: 1073741824 -> 0
# msExchRecipientTypeDetails: 2 -> 1
# leftover permission: msExchMailboxSecurityDescriptor: S-1-5-21-1004336348-1177238915-682003330-1170 FullAccess, ExternalAccount (mask 0x5)
# after the conversion run: Remove-MailboxPermission -Identity 'CN=Anna Berg,OU=Staff,DC=res,DC=contoso,DC=com' -User 'S-1-5-21-1004336348-1177238915-682003330-1170' -AccessRights FullAccess,ExternalAccount -InheritanceType All
# leftover permissions not checked: nTSecurityDescriptor: not in the export
Invoke-LdfixEntry -Dn 'CN=Anna Berg,OU=Staff,DC=res,DC=contoso,DC=com' -Unlink -MasterSid 'S-1-5-21-1004336348-1177238915-682003330-1170'
Invoke-LdfixCleanup -Dn 'CN=Anna Berg,OU=Staff,DC=res,DC=contoso,DC=com' -Cmdlet 'Remove-MailboxPermission' -User 'S-1-5-21-1004336348-1177238915-682003330-1170' -AccessRights 'FullAccess,ExternalAccount' -InheritanceType 'All'

# entry CN=Robert Hale,OU=Staff,DC=res,DC=contoso,DC=com (rhale)
# rule linked-mailbox-to-user-mailbox (same-domain)
# msExchMasterAccountSid: S-1-5-21-1004336348-1177238915-682003330-1150 -> (absent)
# msExchRecipientDisplayType: 1073741824 -> 0
# msExchRecipientTypeDetails: 2 -> 1
# warning: master account S-1-5-21-1004336348-1177238915-682003330-1150 keeps FullAccess or ExternalAccount on the mailbox (msExchMailboxSecurityDescriptor): neither Set-User nor ldfix removes it; run the plan's Remove-MailboxPermission line after the conversion, or that account keeps full access to a mailbox it no longer owns
# leftover permission: msExchMailboxSecurityDescriptor: S-1-5-21-1004336348-1177238915-682003330-1150 FullAccess, ExternalAccount (mask 0x5)
# after the conversion run: Remove-MailboxPermission -Identity 'CN=Robert Hale,OU=Staff,DC=res,DC=contoso,DC=com' -User 'S-1-5-21-1004336348-1177238915-682003330-1150' -AccessRights FullAccess,ExternalAccount -InheritanceType All
# leftover permissions not checked: nTSecurityDescriptor: not in the export
Invoke-LdfixEntry -Dn 'CN=Robert Hale,OU=Staff,DC=res,DC=contoso,DC=com' -Unlink -MasterSid 'S-1-5-21-1004336348-1177238915-682003330-1150'
Invoke-LdfixCleanup -Dn 'CN=Robert Hale,OU=Staff,DC=res,DC=contoso,DC=com' -Cmdlet 'Remove-MailboxPermission' -User 'S-1-5-21-1004336348-1177238915-682003330-1150' -AccessRights 'FullAccess,ExternalAccount' -InheritanceType 'All'

exit (Complete-LdfixPlan)
