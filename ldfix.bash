# bash completion for ldfix
_ldfix()
{
	local cur prev cmd
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
	-o|--output|--undo|--report|--max-value|--max-record|--wrap|--var|--only|--exclude|--under|--not-under)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--format)
		COMPREPLY=($(compgen -W "table csv json html" -- "$cur"))
		return ;;
	esac
	local sel="--only --exclude --under --not-under"
	local common="-r --rules --var -q --quiet -v --verbose --max-value --max-record --help"
	local opts
	case $cmd in
	plan) opts="$common $sel -o --output --undo --report --bom --replace --no-comments --wrap --crlf" ;;
	find) opts="$common $sel --format -o --output --bom" ;;
	check) opts="$common $sel" ;;
	apply) opts="-o --output --continue --wrap --crlf --max-value --max-record -q --quiet --help" ;;
	cat) opts="-d --decode -o --output --wrap --crlf --max-value --max-record --help" ;;
	rules)
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "check show" -- "$cur"))
			return
		fi
		opts="-r --rules --var --help" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -F _ldfix ldfix
