# bash completion for pfmulti(1) (installed by `cmake --install` as
# share/bash-completion/completions/pfmulti). Completes the subcommands, every option of the
# iterator and life-cycle modes (docs/pfmulti.1; the tables in
# model/postmulti/postmulti_command.h and impl/cli/cli_options.h), the -e actions, the profiles,
# and instance names and groups for -i and -g (from `pfmulti -l`, read-only).
_pfmulti() {
  local cur prev words cword
  if declare -F _init_completion >/dev/null; then
    _init_completion || return
  else
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    cword=$COMP_CWORD
    words=("${COMP_WORDS[@]}")
  fi
  local subcommands="conf oracle lint status apply start-fg conform systemd-units systemd-generator"
  local options="-l -p -x -e -a -g -i -I -G -R -v -n -j -c -h --dry-run --json --help --version
    --profile --timeout --kill-grace --parallel --postfix-release --tag --no-tag"
  if [ "$cword" -ge 2 ]; then
    case ${words[1]} in
      status)
        case $prev in
          -c) COMPREPLY=($(compgen -d -- "$cur")); return ;;
          --prometheus-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
          -i) COMPREPLY=($(compgen -W "$(pfmulti -l 2>/dev/null | awk '{print $1}')" -- "$cur")); return ;;
          -g) COMPREPLY=($(compgen -W "$(pfmulti -l 2>/dev/null | awk '$2 != "-" {print $2}' | sort -u)" -- "$cur")); return ;;
        esac
        COMPREPLY=($(compgen -W "-c -a -g -i --json --prometheus --prometheus-file --help" -- "$cur"))
        return
        ;;
      apply)
        [ "$prev" = -c ] && { COMPREPLY=($(compgen -d -- "$cur")); return; }
        COMPREPLY=($(compgen -W "-c -n --dry-run --diff --json --prune --export -v --help" -- "$cur"))
        [[ $cur == -* ]] || COMPREPLY+=($(compgen -f -- "$cur"))
        return
        ;;
      lint) COMPREPLY=($(compgen -W "-c --json" -- "$cur")); [ "$prev" = -c ] && COMPREPLY=($(compgen -d -- "$cur")); return ;;
      conf) COMPREPLY=($(compgen -W "-c -h -x -n" -- "$cur")); [ "$prev" = -c ] && COMPREPLY=($(compgen -d -- "$cur")); return ;;
      start-fg)
        case $prev in
          -c) COMPREPLY=($(compgen -d -- "$cur")); return ;;
          -i) COMPREPLY=($(compgen -W "$(pfmulti -l 2>/dev/null | awk '{print $1}')" -- "$cur")); return ;;
        esac
        COMPREPLY=($(compgen -W "-n -c -a -g -i -v --kill-grace --help" -- "$cur"))
        return
        ;;
      oracle) COMPREPLY=($(compgen -W "--explain" -- "$cur")); return ;;
      systemd-units) COMPREPLY=($(compgen -W "-c --json" -- "$cur")); [ "$prev" = -c ] && COMPREPLY=($(compgen -d -- "$cur")); return ;;
      conform) COMPREPLY=($(compgen -W "--profile --cases --seed --jobs --postmulti --postfix-root --postconf --vectors --save --markdown --timeout --max-differences --shrink-budget --stub --keep --" -- "$cur")); return ;;
    esac
  fi
  case $prev in
    -e) COMPREPLY=($(compgen -W "init create import deport destroy enable disable assign" -- "$cur")); return ;;
    --profile) COMPREPLY=($(compgen -W "seed postfix-wrapper postmulti postmulti-strict postfix-wrapper-strict" -- "$cur")); return ;;
    --postfix-release) COMPREPLY=($(compgen -W "3.7 3.8 3.9 3.10 3.11" -- "$cur")); return ;;
    -c) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -i) COMPREPLY=($(compgen -W "$(pfmulti -l 2>/dev/null | awk '{print $1}')" -- "$cur")); return ;;
    -g) COMPREPLY=($(compgen -W "$(pfmulti -l 2>/dev/null | awk '$2 != "-" {print $2}' | sort -u)" -- "$cur")); return ;;
    -I | -G | --timeout | --kill-grace | --parallel) return ;;
  esac
  if [ "$cword" = 1 ]; then
    COMPREPLY=($(compgen -W "$subcommands $options" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  fi
}
complete -F _pfmulti pfmulti
