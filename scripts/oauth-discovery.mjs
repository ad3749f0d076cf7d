// scripts/oauth-discovery.mjs: the official MCP TypeScript SDK's client discovers how to sign
// in to our --http server (MCP authorization, RFC 9728) and then signs in. Run by
// scripts/oauth-discovery.sh, which installs the pinned SDK and builds the server; see there.
//
//   node oauth-discovery.mjs <server binary>
//
// Everything runs on 127.0.0.1: the server, `<binary> sandbox-api` as its Management API, and a
// stand-in authorization server (the real one, https://spice.ai, is never contacted: the server
// is started with --oauth-authorization-server pointing at the stand-in, and every fetch of the
// SDK goes through a guard that refuses any other host).
import { spawn } from "node:child_process";
import http from "node:http";
import {
	auth,
	discoverOAuthProtectedResourceMetadata,
	discoverOAuthServerInfo,
	extractWWWAuthenticateParams,
	UnauthorizedError,
} from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const binary = process.argv[2];
if (!binary) {
	console.error("usage: node oauth-discovery.mjs <server binary>");
	process.exit(2);
}

const children = [];
const cleanup = () => {
	for (const c of children) c.kill("SIGTERM");
};
process.on("exit", cleanup);
const failures = [];
const check = (ok, what, detail) => {
	if (ok) console.log(`ok   ${what}`);
	else {
		console.log(`FAIL ${what}${detail === undefined ? "" : `: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`}`);
		failures.push(what);
	}
};

// Only loopback traffic, whatever the metadata says.
const loopbackFetch = (url, init) => {
	const u = new URL(url instanceof Request ? url.url : url);
	if (u.hostname !== "127.0.0.1") throw new Error(`refusing to fetch ${u.href}: only 127.0.0.1 is allowed here`);
	return fetch(url, init);
};

// start runs the binary with args and resolves with the "url" of the first JSON log line whose
// url ends with suffix.
function start(args, env, suffix) {
	return new Promise((resolve, reject) => {
		const child = spawn(binary, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ["ignore", "ignore", "pipe"] });
		children.push(child);
		let log = "";
		const timer = setTimeout(() => reject(new Error(`${args[0]}: no URL logged in 30 s:\n${log}`)), 30_000);
		child.stderr.on("data", (chunk) => {
			log += chunk;
			for (const line of log.split("\n")) {
				try {
					const rec = JSON.parse(line);
					if (typeof rec.url === "string" && rec.url.endsWith(suffix)) {
						clearTimeout(timer);
						resolve(rec.url);
						return;
					}
				} catch {}
			}
		});
		child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}:\n${log}`)));
	});
}

// The stand-in authorization server: RFC 8414 metadata, an authorize endpoint that approves at
// once (redirecting with a code), and a token endpoint that issues the sandbox API's token.
const asRequests = [];
const as = http.createServer((req, res) => {
	const url = new URL(req.url, `http://${req.headers.host}`);
	asRequests.push(`${req.method} ${url.pathname}`);
	const issuer = `http://${req.headers.host}`;
	if (url.pathname === "/.well-known/oauth-authorization-server") {
		res.setHeader("Content-Type", "application/json");
		res.end(JSON.stringify({
			issuer,
			authorization_endpoint: `${issuer}/authorize`,
			token_endpoint: `${issuer}/token`,
			response_types_supported: ["code"],
			grant_types_supported: ["authorization_code", "refresh_token"],
			code_challenge_methods_supported: ["S256"],
			token_endpoint_auth_methods_supported: ["none"],
		}));
	} else if (url.pathname === "/authorize") {
		const back = new URL(url.searchParams.get("redirect_uri"));
		back.searchParams.set("code", "code-123");
		if (url.searchParams.get("state")) back.searchParams.set("state", url.searchParams.get("state"));
		res.writeHead(302, { Location: back.href });
		res.end();
	} else if (url.pathname === "/token" && req.method === "POST") {
		let body = "";
		req.on("data", (c) => (body += c));
		req.on("end", () => {
			const form = new URLSearchParams(body);
			asRequests.push(`token grant=${form.get("grant_type")} code=${form.get("code")} resource=${form.get("resource")}`);
			res.setHeader("Content-Type", "application/json");
			res.end(JSON.stringify({ access_token: "sandbox", token_type: "Bearer", expires_in: 3600 }));
		});
	} else {
		res.writeHead(404);
		res.end();
	}
});
await new Promise((r) => as.listen(0, "127.0.0.1", r));
const issuer = `http://127.0.0.1:${as.address().port}`;

try {
	const apiURL = await start(["sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json"], {}, "");
	const serverURL = await start(["--http", "127.0.0.1:0", "--log-format", "json", "--oauth-authorization-server", issuer], { SPICE_API_URL: apiURL }, "/mcp");
	const base = new URL(serverURL).origin;
	console.log(`server ${serverURL} (API ${apiURL}), authorization server ${issuer}`);

	// 1. An MCP request without credentials: 401 and the challenge, as the SDK parses it.
	const res = await loopbackFetch(serverURL, {
		method: "POST",
		headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
		body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "probe", version: "0" } } }),
	});
	const challenge = extractWWWAuthenticateParams(res);
	check(res.status === 401, "401 without a token", res.status);
	check(challenge.resourceMetadataUrl?.href === `${base}/.well-known/oauth-protected-resource/mcp`, "WWW-Authenticate names the metadata", res.headers.get("www-authenticate"));
	check(!!challenge.scope && challenge.scope.split(" ").includes("apps:delete"), "WWW-Authenticate names the scopes", challenge.scope);

	// 2. The metadata, from the challenge's URL and by the well-known fallback the SDK builds.
	for (const [what, opts] of [["from the challenge", { resourceMetadataUrl: challenge.resourceMetadataUrl }], ["by well-known URI", {}]]) {
		const meta = await discoverOAuthProtectedResourceMetadata(serverURL, opts, loopbackFetch);
		check(meta.resource === serverURL && meta.authorization_servers?.[0] === issuer, `discoverOAuthProtectedResourceMetadata ${what}`, meta);
	}
	const info = await discoverOAuthServerInfo(serverURL, { resourceMetadataUrl: challenge.resourceMetadataUrl, fetchFn: loopbackFetch });
	check(info.authorizationServerUrl === issuer && info.authorizationServerMetadata?.token_endpoint === `${issuer}/token`, "discoverOAuthServerInfo finds the authorization server", info);

	// 3. The whole sign-in, as an application using the SDK does it: connect, get redirected to
	// the authorization server, come back with a code, connect again with the token.
	let authorizationURL, verifier, tokens;
	const provider = {
		get redirectUrl() { return "http://127.0.0.1/callback"; },
		get clientMetadata() { return { client_name: "oauth-discovery check", redirect_uris: ["http://127.0.0.1/callback"], grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "none" }; },
		clientInformation: () => ({ client_id: "spice-cloud-mcp-ci" }),
		tokens: () => tokens,
		saveTokens: (t) => { tokens = t; },
		redirectToAuthorization: (url) => { authorizationURL = url; },
		saveCodeVerifier: (v) => { verifier = v; },
		codeVerifier: () => verifier,
	};
	const transport = new StreamableHTTPClientTransport(new URL(serverURL), { authProvider: provider, fetch: loopbackFetch });
	let refused;
	try {
		await new Client({ name: "oauth-discovery", version: "0" }).connect(transport);
	} catch (e) {
		refused = e;
	}
	check(refused instanceof UnauthorizedError && !!authorizationURL, "connect without a token ends at the authorization server", String(refused));
	if (authorizationURL) {
		const p = authorizationURL.searchParams;
		check(authorizationURL.origin === issuer && authorizationURL.pathname === "/authorize", "the authorization URL is the stand-in's", authorizationURL.href);
		check(p.get("resource") === serverURL && p.get("scope") === challenge.scope && p.get("code_challenge_method") === "S256",
			"it asks for this server (resource) with the challenge's scopes, PKCE", Object.fromEntries(p));
		const approved = await loopbackFetch(authorizationURL, { redirect: "manual" });
		const code = new URL(approved.headers.get("location")).searchParams.get("code");
		await transport.finishAuth(code);
		check(tokens?.access_token === "sandbox", "the code is exchanged for a token", tokens);
		const signedIn = new Client({ name: "oauth-discovery", version: "0" });
		await signedIn.connect(new StreamableHTTPClientTransport(new URL(serverURL), { authProvider: provider, fetch: loopbackFetch }));
		const result = await signedIn.callTool({ name: "list_apps", arguments: {} });
		check(!result.isError && JSON.stringify(result.content).includes("analytics-app"), "signed in, list_apps answers with the token", result);
		await signedIn.close();
	}
	// auth() on its own, the entry point the SDK documents for applications.
	tokens = undefined;
	authorizationURL = undefined;
	const outcome = await auth(provider, { serverUrl: serverURL, resourceMetadataUrl: challenge.resourceMetadataUrl, scope: challenge.scope, fetchFn: loopbackFetch });
	check(outcome === "REDIRECT" && authorizationURL?.origin === issuer, "auth() redirects to the discovered authorization server", outcome);
} catch (e) {
	check(false, "the run", e.stack || String(e));
}
as.close();
cleanup();
if (failures.length) {
	console.log(`oauth-discovery: ${failures.length} check(s) failed`);
	process.exit(1);
}
console.log("oauth-discovery: the TypeScript SDK discovered and used the authorization metadata");
process.exit(0);
