#!/usr/bin/env bash
# scripts/mcpb.sh: validate manifest.json and pack the MCP Bundle (.mcpb) for Claude Desktop.
#
#   scripts/mcpb.sh validate         check manifest.json with the official mcpb CLI
#   scripts/mcpb.sh pack [OUTDIR]    build the bundle into OUTDIR (default dist/)
#   scripts/mcpb.sh server-json BUNDLE [OUTDIR]   write server.json for a release's bundle
#
# Each prints one line on success and exits 0; on failure it prints what went wrong (the CLI's
# or the build's output) and exits 1.
#
# validate: runs `mcpb validate manifest.json` (the strict schema of the manifest_version the
# file declares, plus the icon check) with @anthropic-ai/mcpb, pinned below.
#
# pack:
#   1. Cross-builds the server with CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X ...Version"
#      for linux/amd64, linux/arm64, darwin/amd64, darwin/arm64 and windows/amd64. VERSION is
#      $SPICE_MCP_VERSION, else `git describe --tags --always --dirty`, else "dev".
#   2. Stages the bundle as manifest.json expects:
#        manifest.json               the repository's, with "version" set from VERSION (semver)
#        README.md, assets/icon.png
#        server/spice-cloud-mcp      POSIX launcher for macOS and Linux (see below)
#        server/spice-cloud-mcp-<os>-<arch>[.exe]
#      A manifest can pick a command per operating system (platform_overrides keys are
#      process.platform values) but not per CPU, so on macOS and Linux the command is a small
#      sh launcher that execs the binary for `uname -m`; Windows runs the amd64 .exe directly
#      (Windows on Arm runs it under emulation).
#   3. Runs `mcpb pack` into OUTDIR/spice-cloud-mcp-<VERSION>.mcpb.
#   4. Smoke-tests the bundle the way Claude Desktop starts it: `mcpb unpack`, resolve
#      mcp_config with mcpb's own getMcpConfigForManifest (user_config: sandbox on, the rest
#      defaults), start it, and speak MCP over stdio: initialize, tools/list, prompts/list.
#      Every tool served must be declared in the manifest and the prompts must match. Skipped
#      (with a note) on hosts none of the binaries runs on.
#   5. For a release (VERSION vX.Y.Z, or X.Y.Z, with at most a pre-release suffix such as -rc.1;
#      not git describe's -N-gHASH past a tag nor -dirty), writes OUTDIR/server.json as
#      server-json does. A dev build writes none and removes one an earlier pack left in OUTDIR:
#      its URL would name a release download that does not exist, and its OCI tag an image
#      never pushed. Its last line says so.
#
# server-json: writes OUTDIR (default: the bundle's folder)/server.json, the repository's
# server.json with the version, the OCI tag, the release download URL and the fileSha256 of
# BUNDLE filled in; the version is the one in the bundle's name, spice-cloud-mcp-VERSION.mcpb
# (the release's tag, as pack names it). A dev build's bundle is refused (exit 1).
#
# Tools: @anthropic-ai/mcpb is installed with plain `npm install --prefix` (never -g) into
#   ${SPICE_MCP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/spice-cloud-mcp}/mcpb-<version>
# through a staging directory renamed into place once complete; skipped when present. It runs on
# the machine's Node (>= 18; the CLI declares no engines and its dependencies need 18).
#
# Environment overrides:
#   SPICE_MCP_CACHE     cache root (default $XDG_CACHE_HOME/spice-cloud-mcp or ~/.cache/spice-cloud-mcp)
#   SPICE_MCP_VERSION   version to stamp instead of `git describe` (e.g. v1.2.3 in a release job)
set -Eeuo pipefail
prog=mcpb
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MCPB_VERSION=2.1.2 # @anthropic-ai/mcpb
MIN_NODE_MAJOR=18
TARGETS="linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64"
MODULE=github.com/spice-cloud-mcp/spice-cloud-mcp
SMOKE_TIMEOUT=60 # seconds

usage() { sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

cmd=${1:-}
case $cmd in
validate) (($# == 1)) || { usage >&2; exit 2; } ;;
pack) (($# <= 2)) || { usage >&2; exit 2; } ;;
server-json) (($# == 2 || $# == 3)) || { usage >&2; exit 2; } ;;
-h | --help | help) usage; exit 0 ;;
*) usage >&2; exit 2 ;;
esac

# sha256_of FILE: FILE's SHA-256 in hex. macOS has shasum but not always GNU's sha256sum.
sha256_of() {
	if command -v sha256sum >/dev/null; then
		sha256sum "$1" | cut -d' ' -f1
	else
		shasum -a 256 "$1" | cut -d' ' -f1
	fi
}

# release_version VERSION: VERSION names a release (a tag vX.Y.Z or X.Y.Z, a pre-release suffix
# allowed), not a dev build (git describe past a tag, -dirty, a bare commit, "dev").
release_version() {
	[[ $1 =~ ^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || return 1
	[[ ! $1 =~ -[0-9]+-g[0-9a-f]+(-dirty)?$ && ! $1 =~ -dirty$ ]]
}

# not_a_release VERSION: why a dev build's server.json is not written.
not_a_release() {
	echo "server.json not written: '$1' is a dev build, not a release (vX.Y.Z), and its download URL would name a release that does not exist; a release job tags the commit or sets SPICE_MCP_VERSION=vX.Y.Z"
}

# write_server_json BUNDLE OUTDIR: the registry's server.json for a release's bundle.
write_server_json() {
	local bundle=$1 out=$2 name version sha256
	name=$(basename "$bundle")
	version=${name#spice-cloud-mcp-}
	version=${version%.mcpb}
	[[ $name == "spice-cloud-mcp-$version.mcpb" && -n $version ]] || die "$name is not named spice-cloud-mcp-VERSION.mcpb, as pack names bundles"
	release_version "$version" || die "$(not_a_release "$version")"
	sha256=$(sha256_of "$bundle")
	# shellcheck disable=SC2016 # the single-quoted text is JavaScript
	node -e '
		const fs = require("fs"), [src, dst, version, tag, file, sha] = process.argv.slice(1);
		const s = JSON.parse(fs.readFileSync(src, "utf8"));
		s.version = version;
		for (const p of s.packages ?? []) {
			if (p.registryType === "oci") p.identifier = p.identifier.replace(/:[^:/@]+$/, ":" + version);
			if (p.registryType === "mcpb") {
				p.identifier = `${s.repository.url}/releases/download/${tag}/${file}`;
				p.fileSha256 = sha;
				if ("version" in p) p.version = version;
			}
		}
		fs.writeFileSync(dst, JSON.stringify(s, null, 2) + "\n");' \
		"$repo_root/server.json" "$out/server.json" "${version#v}" "$version" "$name" "$sha256"
}

if [[ $cmd == server-json ]]; then
	command -v node >/dev/null || die "node not found on PATH (it writes server.json)"
	[[ -f $2 ]] || die "no bundle $2"
	out=${3:-$(dirname "$2")}
	[[ -d $out ]] || die "no folder $out"
	write_server_json "$2" "$out"
	echo "mcpb: wrote $out/server.json for $(basename "$2")"
	exit 0
fi

tool_dir=$cache_root/mcpb-$MCPB_VERSION
lib_make_tmp spice-mcpb

# ---- the mcpb CLI in the cache -----------------------------------------------------------------
command -v node >/dev/null || die "node not found on PATH (Node >= $MIN_NODE_MAJOR runs the mcpb CLI)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= MIN_NODE_MAJOR)) || die "node $(node --version) is too old for @anthropic-ai/mcpb (need >= $MIN_NODE_MAJOR)"

mcpb_pkg() { echo "$1/node_modules/@anthropic-ai/mcpb"; }

# tools_ok DIR: DIR holds the pinned CLI and it runs.
tools_ok() {
	local pkg got
	pkg=$(mcpb_pkg "$1")
	[[ -f $pkg/dist/cli/cli.js && -f $pkg/dist/index.js ]] || return 1
	got=$(node "$pkg/dist/cli/cli.js" --version 2>/dev/null) || return 1
	[[ $got == "$MCPB_VERSION" ]]
}

lib_npm_tools "$tool_dir" tools_ok "@anthropic-ai/mcpb" "@anthropic-ai/mcpb@$MCPB_VERSION"
MCPB_PKG=$(mcpb_pkg "$tool_dir")

# validate_manifest FILE: mcpb validate, quiet on success.
validate_manifest() {
	if ! run_in "$repo_root" node "$MCPB_PKG/dist/cli/cli.js" validate "$1" </dev/null >"$tmp/validate.log" 2>&1; then
		show_file "mcpb validate $1" "$tmp/validate.log"
		die "$1 is not a valid MCP Bundle manifest"
	fi
}

manifest_version=$(node -p 'require(process.argv[1]).manifest_version' "$repo_root/manifest.json")

if [[ $cmd == validate ]]; then
	validate_manifest "$repo_root/manifest.json"
	echo "mcpb: manifest.json is valid (manifest_version $manifest_version, @anthropic-ai/mcpb $MCPB_VERSION)"
	exit 0
fi

# ---- pack --------------------------------------------------------------------------------------
command -v go >/dev/null || die "go not found on PATH"
outdir=${2:-$repo_root/dist}
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

version=${SPICE_MCP_VERSION:-}
if [[ -z $version ]]; then
	version=$(git -C "$repo_root" describe --tags --always --dirty 2>/dev/null) || version=dev
fi
[[ $version =~ ^[0-9A-Za-z][0-9A-Za-z._+-]*$ ]] || die "unusable version '$version' (set SPICE_MCP_VERSION)"

# The manifest wants semver: v1.2.3[-N-gHASH][-dirty] -> 1.2.3[...]; anything else (an untagged
# commit, "dev") -> 0.0.0-dev.g<describe>.
if [[ $version =~ ^v?([0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]*)?)$ ]]; then
	bundle_version=${BASH_REMATCH[1]}
elif [[ $version == dev ]]; then
	bundle_version=0.0.0-dev
else
	bundle_version=0.0.0-dev.g${version//[^0-9A-Za-z-]/-}
fi

stage=$tmp/bundle
mkdir -p "$stage/server"
ldflags="-s -w -X $MODULE/internal/cli.Version=$version"
for target in $TARGETS; do
	goos=${target%/*} goarch=${target#*/}
	exe=spice-cloud-mcp-$goos-$goarch
	[[ $goos == windows ]] && exe+=.exe
	if ! run_in "$repo_root" env CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" \
		go build -trimpath -ldflags "$ldflags" -o "$stage/server/$exe" . </dev/null >"$tmp/go-build.log" 2>&1; then
		show_file "go build ($target)" "$tmp/go-build.log"
		die "go build failed for $target"
	fi
done

cat >"$stage/server/spice-cloud-mcp" <<'EOF'
#!/bin/sh
# spice-cloud-mcp launcher for macOS and Linux: runs the binary built for this machine's CPU.
# (An MCP Bundle manifest can choose a command per operating system, not per CPU.)
dir=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd) || exit 1
case $(uname -s) in
Darwin) os=darwin ;;
Linux) os=linux ;;
*) echo "spice-cloud-mcp: no binary for this operating system: $(uname -s)" >&2; exit 1 ;;
esac
case $(uname -m) in
x86_64 | amd64) arch=amd64 ;;
arm64 | aarch64) arch=arm64 ;;
*) echo "spice-cloud-mcp: no binary for this CPU: $(uname -m)" >&2; exit 1 ;;
esac
exec "$dir/spice-cloud-mcp-$os-$arch" "$@"
EOF
chmod 755 "$stage/server/"*

cp "$repo_root/README.md" "$stage/"
icon=$(node -p 'require(process.argv[1]).icon || ""' "$repo_root/manifest.json")
if [[ -n $icon ]]; then
	mkdir -p "$(dirname "$stage/$icon")"
	cp "$repo_root/$icon" "$stage/$icon"
fi
[[ -f $repo_root/LICENSE ]] && cp "$repo_root/LICENSE" "$stage/"
node -e '
	const fs = require("fs"), [src, dst, version] = process.argv.slice(1);
	const m = JSON.parse(fs.readFileSync(src, "utf8"));
	m.version = version;
	fs.writeFileSync(dst, JSON.stringify(m, null, 2) + "\n");' \
	"$repo_root/manifest.json" "$stage/manifest.json" "$bundle_version"
validate_manifest "$stage/manifest.json"

bundle=$outdir/spice-cloud-mcp-$version.mcpb
rm -f "$bundle"
if ! run_in "$tmp" node "$MCPB_PKG/dist/cli/cli.js" pack "$stage" "$bundle" </dev/null >"$tmp/pack.log" 2>&1; then
	show_file "mcpb pack" "$tmp/pack.log"
	die "mcpb pack failed"
fi
[[ -s $bundle ]] || { show_file "mcpb pack" "$tmp/pack.log"; die "mcpb pack wrote no $bundle"; }

# ---- smoke test: start the bundle as Claude Desktop would -------------------------------------
host_os=$(uname -s) host_arch=$(uname -m)
smoke="skipped: no bundled binary runs on $host_os/$host_arch"
case "$host_os/$host_arch" in
Linux/x86_64 | Linux/aarch64 | Darwin/x86_64 | Darwin/arm64)
	if ! run_in "$tmp" node "$MCPB_PKG/dist/cli/cli.js" unpack "$bundle" "$tmp/unpacked" </dev/null >"$tmp/unpack.log" 2>&1; then
		show_file "mcpb unpack" "$tmp/unpack.log"
		die "mcpb unpack failed"
	fi
	cat >"$tmp/smoke.mjs" <<'EOF'
// Resolve mcp_config exactly as Claude Desktop does (mcpb's getMcpConfigForManifest), start the
// server and check it over stdio.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { sep } from "node:path";
import { pathToFileURL } from "node:url";

const [mcpbIndex, dir, timeoutSec] = process.argv.slice(2);
const fail = (msg) => { console.error(`smoke: ${msg}`); process.exit(1); };
const { getMcpConfigForManifest } = await import(pathToFileURL(mcpbIndex).href);
const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, "utf8"));
const cfg = await getMcpConfigForManifest({
  manifest, extensionPath: dir, systemDirs: { HOME: homedir() }, pathSeparator: sep,
  userConfig: { sandbox: true },
});
if (!cfg) fail("getMcpConfigForManifest returned nothing (required user_config missing?)");
const unresolved = JSON.stringify([cfg.command, cfg.args, cfg.env]).match(/\$\{[^}]*\}/g);
if (unresolved) fail(`unresolved variables in mcp_config: ${unresolved.join(", ")}`);
console.error(`smoke: ${cfg.command} ${cfg.args.join(" ")}`);

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SPICE_")));
const child = spawn(cfg.command, cfg.args, { env: { ...env, ...cfg.env }, stdio: ["pipe", "pipe", "pipe"] });
let stderr = "";
child.stderr.on("data", (d) => { stderr += d; });
child.on("error", (e) => fail(`cannot start ${cfg.command}: ${e.message}`));
child.on("exit", (code, sig) => { if (!done) fail(`server exited early (${code ?? sig})\n${stderr}`); });
const timer = setTimeout(() => fail(`no answer within ${timeoutSec}s\n${stderr}`), timeoutSec * 1000);
let done = false;

const pending = new Map();
let buf = "", nextId = 1;
child.stdout.on("data", (d) => {
  buf += d;
  let nl;
  while ((nl = buf.indexOf("\n")) >= 0) {
    const line = buf.slice(0, nl).trim();
    buf = buf.slice(nl + 1);
    if (!line) continue;
    let msg;
    try { msg = JSON.parse(line); } catch { fail(`stdout carried a non-JSON line: ${line.slice(0, 200)}`); }
    if (msg.id !== undefined && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); }
  }
});
const send = (msg) => child.stdin.write(JSON.stringify(msg) + "\n");
const call = (method, params = {}) => new Promise((resolve) => {
  const id = nextId++;
  pending.set(id, (msg) => msg.error ? fail(`${method}: ${JSON.stringify(msg.error)}\n${stderr}`) : resolve(msg.result));
  send({ jsonrpc: "2.0", id, method, params });
});
const listAll = async (method, key) => {
  const out = [];
  let cursor;
  do {
    const r = await call(method, cursor ? { cursor } : {});
    out.push(...r[key].map((x) => x.name));
    cursor = r.nextCursor;
  } while (cursor);
  return out;
};

const init = await call("initialize", {
  protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "mcpb-smoke", version: "1" },
});
send({ jsonrpc: "2.0", method: "notifications/initialized" });
const tools = await listAll("tools/list", "tools");
const prompts = await listAll("prompts/list", "prompts");
done = true;
clearTimeout(timer);
child.stdin.end();
setTimeout(() => child.kill("SIGKILL"), 5000).unref();

const declaredTools = new Set(manifest.tools.map((t) => t.name));
const declaredPrompts = (manifest.prompts ?? []).map((p) => p.name).sort();
const undeclared = tools.filter((t) => !declaredTools.has(t));
if (undeclared.length) fail(`tools served but missing from manifest.json: ${undeclared.join(", ")}`);
if (JSON.stringify([...prompts].sort()) !== JSON.stringify(declaredPrompts))
  fail(`prompts served [${prompts}] differ from manifest.json [${declaredPrompts}]`);
const notServed = [...declaredTools].filter((t) => !tools.includes(t));
const note = notServed.length ? `; declared but not served: ${notServed.join(", ")}` : "";
console.log(`${init.serverInfo.name} ${init.serverInfo.version}: ${tools.length} tools, ${prompts.length} prompts${note}`);
EOF
	# GNU timeout bounds a node that hangs; macOS has none, and smoke.mjs stops itself after
	# SMOKE_TIMEOUT anyway.
	bound=()
	command -v timeout >/dev/null && bound=(timeout -k 5 $((SMOKE_TIMEOUT + 10)))
	if ! run_in "$tmp" ${bound[@]+"${bound[@]}"} node "$tmp/smoke.mjs" "$MCPB_PKG/dist/index.js" "$tmp/unpacked" "$SMOKE_TIMEOUT" \
		</dev/null >"$tmp/smoke.out" 2>"$tmp/smoke.log"; then
		show_file "smoke test" "$tmp/smoke.log"
		die "the packed bundle did not start and answer as Claude Desktop would run it"
	fi
	smoke=$(cat "$tmp/smoke.out")
	;;
esac

# ---- server.json for the MCP registry, filled in for this bundle (a release's only) ------------
sha256=$(sha256_of "$bundle")
if release_version "$version"; then
	write_server_json "$bundle" "$outdir"
	registry=${outdir#"$repo_root"/}/server.json
else
	rm -f "$outdir/server.json"
	registry=$(not_a_release "$version")
fi

size=$(du -h "$bundle" | cut -f1)
echo "mcpb: packed ${bundle#"$repo_root"/} ($size, version $bundle_version, sha256 $sha256); smoke: $smoke; $registry"
