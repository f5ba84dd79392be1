# bash completion for ldfix. The option lists per command must be the
# options of the table in src/cmd/options.c (tests/t_options.sh checks).
_ldfix()
{
	local cur prev cmd opts
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=${COMP_WORDS[1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "plan find check apply cat rules --help --version" -- "$cur"))
		return
	fi
	case $prev in
	-r|--rules)
		COMPREPLY=($(compgen -f -X '!*.y*ml' -- "$cur") $(compgen -d -- "$cur"))
		return ;;
	-o|--output|--undo|--report|--max-value|--max-record|--wrap|--var|--only|--exclude|--under|--not-under|--allow-missing|--accounts)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--format)
		if [ "$cmd" = plan ]; then
			COMPREPLY=($(compgen -W "ldif ps1" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "table csv csv-changes json html" -- "$cur"))
		fi
		return ;;
	--report-format)
		COMPREPLY=($(compgen -W "csv csv-changes json html" -- "$cur"))
		return ;;
	esac
	case $cmd in
	plan) opts="-o --output --format --undo --report --report-format --bom --replace --no-comments --wrap --crlf -r --rules --var --accounts --only --exclude --under --not-under --allow-unmatched --allow-missing --allow-truncated --max-value --max-record -q --quiet -v --verbose --help" ;;
	find) opts="-o --output --format --bom -r --rules --var --accounts --only --exclude --under --not-under --allow-unmatched --allow-missing --allow-truncated --max-value --max-record -q --quiet -v --verbose --help" ;;
	check) opts="-r --rules --var --accounts --only --exclude --under --not-under --allow-unmatched --allow-missing --allow-truncated --max-value --max-record -q --quiet -v --verbose --help" ;;
	apply) opts="-o --output --continue --wrap --crlf --allow-truncated --max-value --max-record -q --quiet --help" ;;
	cat) opts="-o --output -d --decode --content --wrap --crlf --allow-truncated --max-value --max-record -q --quiet --help" ;;
	rules)
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "check show" -- "$cur"))
			return
		fi
		opts="-r --rules --var --help" ;;
	*) return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -F _ldfix ldfix
