#!/usr/bin/env bash
# scripts/ts-client.sh: run the official MCP TypeScript SDK's client (e2e/ts/client.mjs) against
# the built server over stdio, started as README's client configurations start it, and over
# streamable HTTP.
#
#   scripts/ts-client.sh
#
# Prints one "ok" line per check and "ts-client: N passed, N failed" at the end; exits 0 when
# every check passes, 1 otherwise.
#
# What it does:
#   1. Installs e2e/ts/package-lock.json (the pinned @modelcontextprotocol/sdk and what it needs)
#      with `npm ci` into ${SPICE_MCP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/spice-cloud-mcp}/ts-client-<lock hash>,
#      through a staging directory renamed into place once complete; skipped when present. npm's
#      own cache is kept beside it (npm-cache) and preferred to the registry, so a machine that
#      installed it once installs it again offline.
#   2. Builds the server (`go build`), unless SPICE_MCP_SERVER_CMD names a binary.
#   3. Runs e2e/ts/client.mjs with the machine's node (18 or newer, as the SDK asks), which reads
#      README.md for the Claude Desktop entries and the HTTP header it starts the server with.
#   4. A trap stops every process it started and removes its temporary files.
#
# Environment overrides:
#   SPICE_MCP_CACHE       cache root (default $XDG_CACHE_HOME/spice-cloud-mcp or ~/.cache/spice-cloud-mcp)
#   SPICE_MCP_SERVER_CMD  the server binary to check instead of building one
set -Eeuo pipefail
prog=ts-client
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUN_TIMEOUT=180 # seconds for the whole check

case ${1:-} in
-h | --help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
"") ;;
*) die "unexpected argument: $1 (see --help)" ;;
esac

command -v node >/dev/null || die "node not found on PATH (Node.js 18 or newer runs the TypeScript SDK's client)"
major=$(node -p 'process.versions.node.split(".")[0]')
((major >= 18)) || die "node $(node --version) is too old: the TypeScript SDK needs Node.js 18 or newer"

src=$repo_root/e2e/ts
lock_sum=$(sha256sum "$src/package-lock.json" | cut -c1-12)
tool_dir=$cache_root/ts-client-$lock_sum
lib_make_tmp spice-mcp-ts-client

# installed DIR: DIR holds the lock's install (npm ci writes node_modules/.package-lock.json).
installed() {
	[[ -f $1/node_modules/.package-lock.json && -f $1/node_modules/@modelcontextprotocol/sdk/package.json ]] &&
		cmp -s "$1/package-lock.json" "$src/package-lock.json"
}

if ! installed "$tool_dir"; then
	command -v npm >/dev/null || die "npm not found on PATH (needed once to install e2e/ts/package-lock.json into $tool_dir)"
	mkdir -p "$cache_root"
	_lib_dirs+=("$(mktemp -d "$cache_root/.ts-client.staging.XXXXXX")")
	staging=${_lib_dirs[${#_lib_dirs[@]} - 1]}
	chmod 755 "$staging"
	cp "$src/package.json" "$src/package-lock.json" "$staging/"
	log "installing e2e/ts/package-lock.json into $tool_dir"
	if ! run_in "$staging" npm ci --cache "$cache_root/npm-cache" --prefer-offline --no-audit --no-fund \
		--no-update-notifier --ignore-scripts --loglevel=error </dev/null >"$tmp/npm-ci.log" 2>&1; then
		show_file "npm ci output" "$tmp/npm-ci.log"
		die "npm ci failed"
	fi
	installed "$staging" || die "npm ci finished but $staging does not hold e2e/ts/package-lock.json's install"
	if [[ -e $tool_dir ]] && ! installed "$tool_dir"; then rm -rf "$tool_dir"; fi
	mv -T "$staging" "$tool_dir" 2>/dev/null || rm -rf "$staging" # a concurrent run's copy is as good
	_lib_forget_dir "$staging"
	installed "$tool_dir" || die "could not install e2e/ts/package-lock.json into $tool_dir"
fi

lib_server_binary

# The client imports the SDK by package name: it runs beside a node_modules link to the cache.
cp "$src/client.mjs" "$tmp/"
ln -s "$tool_dir/node_modules" "$tmp/node_modules"
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
run_in "$tmp" timeout -k 5 "$RUN_TIMEOUT" node client.mjs "$server" "$repo_root/README.md" </dev/null ||
	die "the TypeScript SDK's client found a problem (see above)"
