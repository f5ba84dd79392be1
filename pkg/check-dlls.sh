#!/bin/sh
# check-dlls.sh OBJDUMP EXE: EXE imports nothing but Windows system DLLs
# (a static build must not need a MinGW runtime DLL next to it).
set -eu
objdump=$1
exe=$2
dlls=$("$objdump" -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
bad=""
for d in $dlls; do
	case $d in
	kernel32.dll|advapi32.dll|bcrypt.dll|msvcrt.dll|user32.dll|shell32.dll|ntdll.dll) ;;
	api-ms-win-*) ;;
	*) bad="$bad $d" ;;
	esac
done
if [ -n "$bad" ]; then
	echo "check-dlls: $exe needs non-system DLLs:$bad" >&2
	exit 1
fi
echo "$exe: imports only" $dlls
