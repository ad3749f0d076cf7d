# shellcheck shell=bash
# scripts/lib.sh: machinery the scripts (conformance, mcpb, oauth-discovery, ts-client) share. Not run on its
# own; a script sources it right after its `set -Eeuo pipefail` (the lib changes no options):
#
#   prog=NAME   # prefix of log/die lines (default: the script's file name without .sh)
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Sourcing it sets repo_root and cache_root, and installs the EXIT/INT/TERM/HUP traps. On any
# exit the EXIT trap (lib_cleanup) stops the child run_in is waiting for, then runs the cleanup
# hooks the script registered (lib_on_cleanup), in the order registered, then removes the
# temporary directories (lib_make_tmp, lib_npm_tools' staging), newest first, and exits with the
# original status.

: "${prog:=$(basename "$0" .sh)}"

# The repository root (this file lives in scripts/).
# shellcheck disable=SC2034 # used by the sourcing script
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Tools the scripts install (Node packages) live in this cache, outside the repository, so they
# survive `git clean` and are shared between checkouts. One subdirectory per tool and version.
# shellcheck disable=SC2034 # used by the sourcing script
cache_root=${SPICE_MCP_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/spice-cloud-mcp}

# ---- messages ----------------------------------------------------------------------------------
log() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { printf '%s: FAIL: %s\n' "$prog" "$*" >&2; exit 1; }

# show_file TITLE FILE: print FILE (a tool's captured output) to stderr between markers, so a
# failure shows why. A script may set show_filter to a command that cleans it up first.
show_file() {
	printf '\n----- %s -----\n' "$1" >&2
	if [[ -s $2 ]]; then "${show_filter:-cat}" <"$2" >&2; else echo '(empty)' >&2; fi
	printf -- '----- end of %s -----\n' "$1" >&2
}

# ---- cleanup and signals -----------------------------------------------------------------------
_lib_child_pid=""
_lib_dirs=()  # temporary directories to remove on exit
_lib_hooks=() # functions to call on exit, before the directories go

# lib_on_cleanup FUNC: call FUNC on exit (e.g. to stop a server the script started). It runs
# after run_in's child is stopped and before the temporary directories are removed.
lib_on_cleanup() { _lib_hooks+=("$1"); }

# lib_make_tmp NAME: create the script's scratch directory, $tmp, removed on exit. The new name
# goes on the cleanup list in the same statement that creates it, so no signal can slip between.
lib_make_tmp() {
	_lib_dirs+=("$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")")
	tmp=${_lib_dirs[${#_lib_dirs[@]} - 1]}
}

# _lib_forget_dir DIR: take DIR off the cleanup list (it has been moved into place).
_lib_forget_dir() {
	local d kept=()
	for d in ${_lib_dirs[@]+"${_lib_dirs[@]}"}; do [[ $d == "$1" ]] || kept+=("$d"); done
	_lib_dirs=(${kept[@]+"${kept[@]}"})
}

# lib_cleanup: the EXIT trap. Signals only `exit` with 128+N (below), so every path ends here
# exactly once, with $? holding the status to exit with.
lib_cleanup() {
	local rc=$? h i
	trap - EXIT INT TERM HUP
	if [[ -n $_lib_child_pid ]]; then
		kill -TERM "$_lib_child_pid" 2>/dev/null || true
		wait "$_lib_child_pid" 2>/dev/null || true
	fi
	for h in ${_lib_hooks[@]+"${_lib_hooks[@]}"}; do "$h" || true; done
	for ((i = ${#_lib_dirs[@]} - 1; i >= 0; i--)); do rm -rf "${_lib_dirs[i]}" || true; done
	exit "$rc"
}
trap lib_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# run_in DIR CMD...: run CMD in DIR as a background child and wait for it. bash runs a trap only
# once the foreground command finishes, but `wait` is interrupted by signals, so a TERM or INT
# reaches the traps at once instead of after a long npm install, go build or test run.
# lib_cleanup stops the child.
run_in() {
	local dir=$1 rc=0
	shift
	(cd "$dir" && exec "$@") &
	_lib_child_pid=$!
	wait "$_lib_child_pid" || rc=$?
	_lib_child_pid=""
	return "$rc"
}

# lib_server_binary: set $server to the binary SPICE_MCP_SERVER_CMD names, or else to one
# `go build` makes in $tmp (lib_make_tmp) from the repository.
lib_server_binary() {
	if [[ -n ${SPICE_MCP_SERVER_CMD:-} ]]; then
		server=$SPICE_MCP_SERVER_CMD
		return
	fi
	command -v go >/dev/null || die "go not found on PATH"
	if ! run_in "$repo_root" go build -o "$tmp/spice-cloud-mcp" . </dev/null >"$tmp/go-build.log" 2>&1; then
		show_file "go build output" "$tmp/go-build.log"
		die "go build failed"
	fi
	server=$tmp/spice-cloud-mcp
}

# ---- pinned Node packages in the cache ---------------------------------------------------------
# lib_npm_tools DIR CHECK WHAT PKG@VERSION...: make DIR hold the pinned PKGs. `CHECK D` must
# succeed only if D holds exactly the pinned versions and they run; if it already does for DIR,
# nothing is installed. Otherwise plain `npm install --prefix` (never -g: no root, and nothing else
# on the machine moves the pins) fills a staging directory next to DIR, which is renamed into
# place only once CHECK passes, so an interrupted or failed install never leaves a half-filled DIR.
# A stale or broken DIR is replaced; if a concurrent run won the race, its copy is kept. WHAT
# names the tools in messages. Needs $tmp (lib_make_tmp) for npm's log.
lib_npm_tools() {
	local dir=$1 check=$2 what=$3 staging
	shift 3
	"$check" "$dir" && return 0
	command -v npm >/dev/null || die "npm not found on PATH (needed once to install $what into $dir)"
	mkdir -p "$(dirname "$dir")"
	_lib_dirs+=("$(mktemp -d "$(dirname "$dir")/.$(basename "$dir").staging.XXXXXX")")
	staging=${_lib_dirs[${#_lib_dirs[@]} - 1]}
	chmod 755 "$staging"
	log "installing $* into $dir"
	if ! run_in "$tmp" npm install --prefix "$staging" --no-save --no-audit --no-fund --no-update-notifier \
		--ignore-scripts --loglevel=error "$@" </dev/null >"$tmp/npm-install.log" 2>&1; then
		show_file "npm install output" "$tmp/npm-install.log"
		die "npm install failed"
	fi
	if ! "$check" "$staging"; then
		show_file "npm install output" "$tmp/npm-install.log"
		die "npm install finished but $staging does not hold a working $what at the pinned versions"
	fi
	if [[ -e $dir ]] && ! "$check" "$dir"; then rm -rf "$dir"; fi
	mv -T "$staging" "$dir" 2>/dev/null || rm -rf "$staging"
	_lib_forget_dir "$staging"
	"$check" "$dir" || die "could not install $what into $dir"
}
