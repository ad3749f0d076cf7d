// e2e/ts/client.mjs: the official MCP TypeScript SDK's client, the library of Node.js MCP
// clients, against the built server, started as README's configurations start it. Run by scripts/ts-client.sh, which installs this directory's
// package-lock.json with `npm ci`; see there.
//
//   node client.mjs <server binary> <README.md>
//
// Over stdio: README's Claude Desktop entries, read from README itself with the binary in place of
// its example path: "spice-sandbox" (its args, no env: the SDK gives the child only its default
// variables, as desktop apps do), and "spice-cloud" with its token placeholder left in place.
// Over streamable HTTP: `--http 127.0.0.1:0 --sandbox` with the `Authorization` header of README's
// `claude mcp add --transport http` line left as written, then with the sandbox's own token.
// Every check prints one line; the last is "ts-client: N passed, N failed".
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, LATEST_PROTOCOL_VERSION, LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";

const [binary, readmePath] = process.argv.slice(2);
if (!binary || !readmePath) {
	console.error("usage: node client.mjs <server binary> <README.md>");
	process.exit(2);
}

// README's Claude Desktop configuration (the JSON block after "**Claude Desktop, by hand**"), its
// example path replaced by the binary, and the header of its `claude mcp add --transport http`.
const readme = readFileSync(readmePath, "utf8");
const desktop = JSON.parse(/\*\*Claude Desktop, by hand\*\*[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)[1]).mcpServers;
const examplePath = "/Users/you/go/bin/spice-cloud-mcp";
const entry = (name) => {
	const { command, args, env } = desktop[name];
	if (command !== examplePath) throw new Error(`README's Claude Desktop ${name} runs ${command}, not ${examplePath}`);
	return { command: binary, args, env };
};
const [, headerName, headerValue] = /claude mcp add --transport http spice-cloud-http \S+ --header "([^:]+): ([^"]+)"/.exec(readme);

// The --http server is stopped however this ends (timeout sends SIGTERM); stdio servers end
// with their input.
const children = [];
process.on("exit", () => children.forEach((c) => c.kill("SIGTERM")));
process.on("SIGTERM", () => process.exit(143));
process.on("SIGINT", () => process.exit(130));

let passed = 0;
const failures = [];
const check = (ok, what, detail) => {
	if (ok) {
		passed++;
		console.log(`ok   ${what}`);
		return;
	}
	failures.push(what);
	console.log(`FAIL ${what}${detail === undefined ? "" : `: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`}`);
};
const text = (res) => (res.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n");

// A person at the client: answers a form question by typing the name it asks for, or declines;
// declines every URL-mode question.
function person(client, answer) {
	const asked = [];
	answer.params = [];
	client.setRequestHandler(ElicitRequestSchema, async (req) => {
		answer.params.push(req.params);
		asked.push(req.params.message);
		const m = /Type (\S+) to confirm\./.exec(req.params.message);
		if (answer.decline || !m) return { action: "decline" };
		const field = Object.keys(req.params.requestedSchema?.properties ?? {})[0];
		return { action: "accept", content: { [field]: m[1] } };
	});
	return asked;
}

// session runs the checks every transport shares, on a connected client; label names it.
async function session(label, client, { elicitation, outputSchemas, progress }) {
	const listed = await client.listTools(); // parsed by the SDK's zod schemas, or it throws
	const tools = listed.tools;
	check(tools.length > 30, `${label}: tools/list parses (${tools.length} tools)`);
	const ajv = new AjvJsonSchemaValidator();
	const bad = [];
	for (const t of tools) {
		// README: readOnlyHint sent when true, destructiveHint on every tool that writes.
		const a = t.annotations ?? {};
		if (a.readOnlyHint !== true && typeof a.destructiveHint !== "boolean") bad.push(`${t.name}: annotations ${JSON.stringify(t.annotations)}`);
		if (outputSchemas && !t.outputSchema) bad.push(`${t.name}: no outputSchema with --output-schemas`);
		if (t.inputSchema.type !== "object") bad.push(`${t.name}: inputSchema.type ${t.inputSchema.type}`);
		try {
			ajv.getValidator(t.inputSchema);
		} catch (e) {
			bad.push(`${t.name}: inputSchema does not compile: ${e.message}`);
		}
	}
	check(bad.length === 0, `${label}: every tool is read-only or says whether it is destructive, and has an object inputSchema the SDK's JSON Schema validator compiles${outputSchemas ? " and an outputSchema (listTools compiled them all)" : ""}`, bad.join("; "));
	const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
	check(byName.list_apps?.annotations.readOnlyHint === true && byName.delete_secret?.annotations.destructiveHint === true,
		`${label}: list_apps is read-only, delete_secret destructive`, { list_apps: byName.list_apps?.annotations, delete_secret: byName.delete_secret?.annotations });

	const apps = await client.callTool({ name: "list_apps", arguments: {} });
	check(!apps.isError && text(apps).includes("analytics-app"), `${label}: list_apps names the sandbox's analytics-app`, text(apps));
	// With --output-schemas the SDK validated structuredContent against the outputSchema.
	if (outputSchemas) check(apps.structuredContent !== undefined, `${label}: list_apps' structuredContent passed the SDK's outputSchema validation`);

	const secrets = async () => text(await client.callTool({ name: "list_secrets", arguments: { app: "analytics-app" } }));
	check((await secrets()).includes("PG_PASS"), `${label}: list_secrets shows PG_PASS before delete_secret`);
	const del = { name: "delete_secret", arguments: { app: "analytics-app", name: "PG_PASS" } };
	if (elicitation) {
		elicitation.decline = true;
		const declined = await client.callTool(del);
		check(declined.isError && elicitation.asked.length === 1 && elicitation.asked[0].includes("Type PG_PASS to confirm."),
			`${label}: delete_secret asks the person (elicitation/create), and declined changes nothing`, { asked: elicitation.asked, result: text(declined) });
		check((await secrets()).includes("PG_PASS"), `${label}: PG_PASS still there after the declined delete_secret`);
		elicitation.decline = false;
		const done = await client.callTool(del);
		check(!done.isError && elicitation.asked.length === 2, `${label}: delete_secret, confirmed by typing PG_PASS, deletes`, text(done));
		check(!(await secrets()).includes("PG_PASS"), `${label}: PG_PASS gone after the confirmed delete_secret`);
		// set_secret without a value: a URL-mode question opening the secret-entry page; the
		// person declines in the client, and nothing is stored.
		const unset = await client.callTool({ name: "set_secret", arguments: { app: "analytics-app", name: "TS_URL_SECRET" } });
		const url = elicitation.params.at(-1);
		check(unset.isError && elicitation.params.length === 3 && url.mode === "url" && /^http:\/\/127\.0\.0\.1:\d+\/human\//.test(url.url) && typeof url.elicitationId === "string",
			`${label}: set_secret without a value asks a URL-mode question (the secret-entry page), declined stores nothing`, { asked: url, result: text(unset) });
		check(!(await secrets()).includes("TS_URL_SECRET"), `${label}: TS_URL_SECRET not stored`);
	} else {
		const held = await client.callTool(del);
		check(held.isError && text(held).includes("Approval needed") && text(held).includes("Nothing was changed yet"),
			`${label}: delete_secret without elicitation asks for approval and changes nothing`, text(held));
		check((await secrets()).includes("PG_PASS"), `${label}: PG_PASS still there after the unapproved delete_secret`);
	}

	const resources = await client.listResources();
	const templates = await client.listResourceTemplates();
	check(resources.resources.length > 0 && templates.resourceTemplates.length > 0,
		`${label}: resources/list and resources/templates/list parse (${resources.resources.length} and ${templates.resourceTemplates.length})`);
	const first = resources.resources[0];
	const read = await client.readResource({ uri: first.uri });
	check(read.contents.length > 0 && read.contents.every((c) => typeof c.text === "string" && c.text.length > 0),
		`${label}: resources/read ${first.uri} returns text`, read);

	const prompts = await client.listPrompts();
	check(prompts.prompts.length > 0, `${label}: prompts/list parses (${prompts.prompts.length} prompts)`);
	const prompt = prompts.prompts.find((p) => !(p.arguments ?? []).some((a) => a.required)) ?? prompts.prompts[0];
	const args = Object.fromEntries((prompt.arguments ?? []).filter((a) => a.required).map((a) => [a.name, "analytics-app"]));
	const got = await client.getPrompt({ name: prompt.name, arguments: args });
	check(got.messages.length > 0 && got.messages.every((m) => m.content.type === "text" && m.content.text.length > 0),
		`${label}: prompts/get ${prompt.name} returns text messages`, got);

	const completed = await client.complete({ ref: { type: "ref/prompt", name: "rotate_keys" }, argument: { name: "app", value: "ana" } });
	check(completed.completion.values.includes("analytics-app") && !completed.completion.values.includes("docs-search"),
		`${label}: completion/complete of rotate_keys' app "ana" gives analytics-app`, completed.completion);
	const app = await client.readResource({ uri: "spice://apps/analytics-app" });
	check(app.contents.some((c) => (c.text ?? "").includes("analytics-app")), `${label}: resources/read of the template spice://apps/{app} for analytics-app`, app);

	if (progress) await deployment(label, client);

	await client.ping();
	check(true, `${label}: ping answered`);
}

// deployment: wait_for_deployment reports progress to the SDK's onprogress; a wait cancelled
// through an AbortSignal (notifications/cancelled) rejects at once and the server goes on serving;
// waited for again, the deployment succeeds with progress to its end.
async function deployment(label, client) {
	const created = await client.callTool({ name: "create_deployment", arguments: { app: "analytics-app" } });
	const m = /wait_for_deployment \{"app":"analytics-app","deployment_id":(\d+)\}/.exec(text(created));
	check(!created.isError && m, `${label}: create_deployment names its wait_for_deployment call`, text(created));
	if (!m) return;
	const wait = { name: "wait_for_deployment", arguments: { app: "analytics-app", deployment_id: Number(m[1]), timeout_seconds: 30 } };
	const abort = new AbortController();
	let cancelled;
	try {
		await client.callTool(wait, undefined, { signal: abort.signal, onprogress: () => abort.abort("the person stopped it") });
	} catch (e) {
		cancelled = e;
	}
	check(abort.signal.aborted && cancelled !== undefined, `${label}: wait_for_deployment cancelled at its first progress notification rejects`, String(cancelled));
	const apps = await client.callTool({ name: "list_apps", arguments: {} });
	check(!apps.isError, `${label}: the server serves after the cancellation`, text(apps));
	const seen = [];
	const waited = await client.callTool(wait, undefined, { onprogress: (p) => seen.push(p), resetTimeoutOnProgress: true });
	check(!waited.isError && text(waited).includes("succeeded") && seen.length > 0 && seen.every((p, i) => i === 0 || p.progress > seen[i - 1].progress),
		`${label}: wait_for_deployment succeeds with ${seen.length} progress notifications, increasing`, { result: text(waited), seen });
}

// newClient is a client as a desktop app's: elicitation (form and URL) declared or not. wire is every
// message it received, in order (record, once connected).
function newClient(withElicitation) {
	const client = new Client({ name: "spice-cloud-mcp-ts-e2e", version: "1.0.0" }, { capabilities: withElicitation ? { elicitation: { form: {}, url: {} } } : {} });
	const errors = [], wire = [], logs = [];
	client.onerror = (e) => errors.push(String(e?.message ?? e));
	client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params));
	const record = (transport) => {
		const deliver = transport.onmessage;
		transport.onmessage = (m, extra) => {
			wire.push(m);
			deliver(m, extra);
		};
	};
	// unexplained: the client's errors but two the server's wire explains. README: a cancelled
	// call is answered (with what a half-done run changed), and the SDK drops that answer saying
	// so. And SDK 1.32.2 handles a notification a microtask after a response read with it, so a
	// call's last progress notification, written before its result, can find its token retired
	// (typescript-sdk#2580): allowed only where the wire shows it before the result.
	const unexplained = () => errors.filter((msg) => {
		if (/^Received a response for an unknown message ID: .*was cancelled/.test(msg)) return false;
		const late = /^Received a progress notification for an unknown token: (.*)$/.exec(msg);
		if (!late) return true;
		const { progressToken: token, progress } = JSON.parse(late[1]).params;
		const at = wire.findIndex((m) => m.method === "notifications/progress" && m.params.progressToken === token && m.params.progress === progress);
		const answered = wire.findIndex((m) => m.id === token && !m.method);
		return at < 0 || answered < at;
	});
	return { client, errors, unexplained, wire, record, logs, elicitation: withElicitation ? { decline: false } : null };
}

// progressBeforeResults: every progress notification on the wire comes before its call's result.
function progressBeforeResults(wire) {
	const late = [];
	wire.forEach((m, i) => {
		if (m.method !== "notifications/progress") return;
		const answered = wire.findIndex((r) => r.id === m.params.progressToken && !r.method);
		if (answered >= 0 && answered < i) late.push(m);
	});
	return late;
}

// stdio: README's Claude Desktop entries.
async function stdio(withElicitation, outputSchemas) {
	const label = `stdio${withElicitation ? ", elicitation" : ""}${outputSchemas ? ", --output-schemas" : ""}`;
	const { client, errors, unexplained, wire, record, logs, elicitation } = newClient(withElicitation);
	if (elicitation) elicitation.asked = person(client, elicitation);
	const { command, args, env } = entry("spice-sandbox");
	const transport = new StdioClientTransport({ command, args: outputSchemas ? [...(args ?? []), "--output-schemas"] : args, env, stderr: "pipe" });
	let stderr = "", negotiated;
	transport.stderr.on("data", (c) => (stderr += c));
	transport.setProtocolVersion = (v) => (negotiated = v); // the client hands it to a transport that takes it
	await client.connect(transport);
	record(transport);
	check(client.getServerVersion()?.name === "spice-cloud-mcp", `${label}: initialize names the server`, client.getServerVersion());
	check(negotiated === LATEST_PROTOCOL_VERSION, `${label}: protocol version ${LATEST_PROTOCOL_VERSION} negotiated`, negotiated);
	await session(label, client, { elicitation, outputSchemas, progress: withElicitation });
	await client.close();
	// Any line on stdout that is not JSON-RPC reaches onerror; so does a message the SDK's zod
	// schemas refuse.
	check(unexplained().length === 0, `${label}: no stdout pollution or unparsable message (client errors the wire explains: ${errors.length})`, unexplained());
	check(progressBeforeResults(wire).length === 0, `${label}: every progress notification before its call's result`, progressBeforeResults(wire));
	check(!/"level":"ERROR"|\bERR\b/.test(stderr), `${label}: stderr holds no error`, stderr.slice(-2000));
	check(logs.length === 0, `${label}: no notifications/message (README: logs go to stderr)`, logs);
}

// README's "spice-cloud" entry copied with <your token> in place: refused at start-up, naming
// the variable, and the SDK's connect fails rather than hangs.
async function placeholder() {
	const client = new Client({ name: "spice-cloud-mcp-ts-e2e", version: "1.0.0" });
	const { command, args, env } = entry("spice-cloud");
	check(env?.SPICE_API_TOKEN === "<your token>", "README's Claude Desktop spice-cloud entry holds the placeholder", env);
	const transport = new StdioClientTransport({ command, args, env, stderr: "pipe" });
	let stderr = "";
	transport.stderr.on("data", (c) => (stderr += c));
	let err;
	try {
		await client.connect(transport);
	} catch (e) {
		err = e;
	}
	await client.close().catch(() => {});
	check(err !== undefined && stderr.includes("SPICE_API_TOKEN"), "stdio, token placeholder: connect fails and stderr names SPICE_API_TOKEN", { err: String(err), stderr });
}

// README's "If the first run fails": a Node.js client given the name, not the path, with a PATH
// that does not hold it (a desktop app's), fails with the message README quotes.
async function byName() {
	const said = /- `(spawn spice-cloud-mcp ENOENT)`/.exec(readme)?.[1];
	const client = new Client({ name: "spice-cloud-mcp-ts-e2e", version: "1.0.0" });
	let err;
	try {
		await client.connect(new StdioClientTransport({ command: "spice-cloud-mcp", args: entry("spice-sandbox").args, env: { PATH: "/usr/bin:/bin" }, stderr: "pipe" }));
	} catch (e) {
		err = e;
	}
	await client.close().catch(() => {});
	check(said !== undefined && String(err?.message).includes(said), `stdio, command by name off PATH: connect fails with README's "${said}"`, String(err));
}

// http: `--http 127.0.0.1:0 --sandbox`, its URL read from the JSON log.
async function http() {
	const child = spawn(binary, ["--http", "127.0.0.1:0", "--sandbox", "--log-format", "json"], { stdio: ["ignore", "pipe", "pipe"] });
	children.push(child);
	let stdout = "", log = "";
	child.stdout.on("data", (c) => (stdout += c));
	try {
		const url = await new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no URL logged in 30 s:\n${log}`)), 30_000);
			child.stderr.on("data", (c) => {
				log += c;
				for (const line of log.split("\n")) {
					try {
						const rec = JSON.parse(line);
						if (typeof rec.url === "string" && rec.url.endsWith("/mcp")) {
							clearTimeout(timer);
							resolve(new URL(rec.url));
						}
					} catch {}
				}
			});
			child.on("exit", (code) => reject(new Error(`--http exited with ${code}:\n${log}`)));
		});

		// README's Claude Code line, <your token> left as written.
		check(headerName === "Authorization" && headerValue === "Bearer <your token>", "README's claude mcp add --transport http sends Authorization: Bearer <your token>", [headerName, headerValue]);
		{
			const client = new Client({ name: "spice-cloud-mcp-ts-e2e", version: "1.0.0" });
			let err;
			try {
				await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { [headerName]: headerValue } } }));
			} catch (e) {
				err = e;
			}
			await client.close().catch(() => {});
			check(err !== undefined && /401|Unauthorized/i.test(String(err)), `http, ${headerName}: ${headerValue}: connect refused (401)`, String(err));
		}

		for (const withElicitation of [false, true]) {
			const label = `http${withElicitation ? ", elicitation" : ""}`;
			const { client, errors, unexplained, wire, record, logs, elicitation } = newClient(withElicitation);
			if (elicitation) elicitation.asked = person(client, elicitation);
			const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: "Bearer sandbox" } } });
			await client.connect(transport);
			record(transport);
			check(transport.protocolVersion === LATEST_PROTOCOL_VERSION, `${label}: protocol version ${LATEST_PROTOCOL_VERSION} negotiated`, transport.protocolVersion);
			await session(label, client, { elicitation, progress: !withElicitation });
			await transport.terminateSession().catch((e) => errors.push(`terminateSession: ${e.message}`));
			await client.close();
			check(unexplained().length === 0, `${label}: no client error (client errors the wire explains: ${errors.length})`, unexplained());
			check(progressBeforeResults(wire).length === 0, `${label}: every progress notification before its call's result`, progressBeforeResults(wire));
			check(logs.length === 0, `${label}: no notifications/message`, logs);
		}
		check(stdout === "", "http: nothing on stdout", stdout);
	} finally {
		child.kill("SIGTERM");
	}
}

try {
	await stdio(false, false);
	await stdio(true, true);
	await placeholder();
	await byName();
	await http();
} catch (e) {
	check(false, "no exception", e?.stack ?? String(e));
}
console.log(`ts-client: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
