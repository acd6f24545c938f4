// The harness of the TypeScript suite: a program of the examples as a
// Node.js Automation API inline program, under the real Pulumi CLI, with
// the simulated AWS attached as the aws provider and the vpclab plugin as
// the vpclab provider. engine/typescript_test.go launches it and says
// where everything is (VPCLAB_* variables).
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EngineEvent, LocalWorkspace, OpType, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";

function setting(name: string): string {
    const v = process.env[name];
    if (!v) {
        throw new Error(`${name} is not set: the suite runs through engine/typescript_test.go (go test -run TestTypeScriptExamples in engine/)`);
    }
    return v;
}

/** A simulated AWS account, served by the launcher as a provider of its own. */
export interface Account {
    id: number;
    port: number;
}

/** What a simulated account holds. */
export interface Held {
    resources: { type: string; name: string; urn: string; id: string; outputs: Record<string, unknown> }[];
    refusedDeletes: string[];
}

/** freshAccount is a new, empty simulated AWS account. */
export async function freshAccount(): Promise<Account> {
    const res = await fetch(`${setting("VPCLAB_ACCOUNTS")}/accounts`, { method: "POST" });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as Account;
}

/** held is what the account holds in a region. */
export async function held(account: Account, region: string): Promise<Held> {
    const res = await fetch(`${setting("VPCLAB_ACCOUNTS")}/accounts/${account.id}?region=${encodeURIComponent(region)}`);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as Held;
}

/** A running vpclab plugin. */
interface Plugin {
    port: number;
    stop(): void;
}

// startPlugin starts the vpclab plugin on a port of its choosing. A
// pulumi-go-provider plugin the engine attaches to serves one deployment
// (the engine cancels it when the deployment ends), so every operation
// gets a fresh one, as the engine would start a plugin per run.
function startPlugin(): Promise<Plugin> {
    const proc = spawn(setting("VPCLAB_PLUGIN"), [], { stdio: ["ignore", "pipe", "inherit"] });
    const stop = () => {
        proc.kill();
    };
    return new Promise((resolve, reject) => {
        let first = "";
        proc.once("error", reject);
        proc.once("exit", (code) => reject(new Error(`the vpclab plugin exited (${code}) before it printed its port`)));
        proc.stdout.on("data", (chunk: Buffer) => {
            first += chunk.toString();
            const nl = first.indexOf("\n");
            if (nl >= 0) {
                const port = Number(first.slice(0, nl).trim());
                if (!Number.isInteger(port)) {
                    stop();
                    reject(new Error(`the vpclab plugin printed ${JSON.stringify(first)}, not its port`));
                    return;
                }
                resolve({ port, stop });
            }
        });
    });
}

/** change is what the engine did to one resource in one operation. */
export type Change = "create" | "update" | "replace" | "delete" | "same";

/** Changes are an operation's steps by URN, without Pulumi's own resources. */
export type Changes = Map<string, Change>;

// of reduces a resource's steps to one change, as engine/harness_test.go
// does: a replacement shows as create-replacement, replace and delete-replaced.
function of(ops: OpType[]): Change {
    const has = (...o: OpType[]) => ops.some((x) => o.includes(x));
    if (has("replace", "create-replacement", "delete-replaced", "discard-replaced")) {
        return "replace";
    }
    if (has("create")) {
        return "create";
    }
    if (has("update")) {
        return "update";
    }
    if (has("delete")) {
        return "delete";
    }
    return "same";
}

// recorder collects the engine's resource steps from the event stream.
function recorder(): { onEvent: (e: EngineEvent) => void; changes: () => Changes } {
    const steps = new Map<string, OpType[]>();
    return {
        onEvent: (e: EngineEvent) => {
            const md = e.resourcePreEvent?.metadata ?? e.resOutputsEvent?.metadata;
            if (!md || md.type.startsWith("pulumi:")) {
                return;
            }
            steps.set(md.urn, [...(steps.get(md.urn) ?? []), md.op]);
        },
        changes: () => new Map([...steps].map(([urn, ops]) => [urn, of(ops)])),
    };
}

/** creates lists the URNs an operation created, sorted. */
export function creates(c: Changes): string[] {
    return [...c].filter(([, op]) => op === "create").map(([urn]) => urn).sort();
}

/** notSame lists the resources an operation changed, by type and name. */
export function notSame(c: Changes): string[] {
    return [...c].filter(([, op]) => op !== "same").map(([urn, op]) => `${op} ${short(urn)}`).sort();
}

/** short is a URN's type and name. */
export function short(urn: string): string {
    const parts = urn.split("::");
    if (parts.length < 4) {
        return urn;
    }
    const typ = parts[2];
    return `${typ.slice(typ.lastIndexOf("$") + 1)} ${parts[3]}`;
}

/**
 * A Lab is one program of the examples as a stack of its own: a temporary
 * file backend and work directory, a fresh simulated account, the CLI that
 * scripts/engine-tools.sh built.
 */
export class Lab {
    private constructor(
        readonly stack: Stack,
        private readonly workspace: LocalWorkspace,
        readonly account: Account,
        readonly region: string,
        private readonly dirs: string[],
    ) {}

    static async create(project: string, program: PulumiFn, region = "ap-northeast-2"): Promise<Lab> {
        const tmp = (what: string) => fs.mkdtempSync(path.join(os.tmpdir(), `vpclab-ts-${what}-`));
        const state = tmp("state");
        const work = tmp("work");
        const account = await freshAccount();
        const pulumi = await PulumiCommand.get({ root: setting("VPCLAB_TOOLS") });
        const workspace = await LocalWorkspace.create({
            workDir: work,
            pulumiCommand: pulumi,
            program,
            projectSettings: { name: project, runtime: "nodejs", backend: { url: `file://${state}` } },
            envVars: {
                PULUMI_CONFIG_PASSPHRASE: "typescript-suite",
                PULUMI_SKIP_UPDATE_CHECK: "true",
                // Nothing is downloaded: both providers are attached.
                PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            },
        });
        const stack = await Stack.create("dev", workspace);
        await stack.setConfig("aws:region", { value: region });
        return new Lab(stack, workspace, account, region, [state, work]);
    }

    // attached runs one operation with a fresh vpclab plugin attached.
    private async attached<T>(op: () => Promise<T>): Promise<T> {
        const plugin = await startPlugin();
        this.workspace.envVars["PULUMI_DEBUG_PROVIDERS"] = `aws:${this.account.port},vpclab:${plugin.port}`;
        try {
            return await op();
        } finally {
            plugin.stop();
        }
    }

    /** preview returns what pulumi preview plans per resource. */
    async preview(): Promise<Changes> {
        const r = recorder();
        await this.attached(() => this.stack.preview({ onEvent: r.onEvent }));
        return r.changes();
    }

    /**
     * up returns what pulumi up did per resource, and the stack outputs;
     * program, when given, replaces the lab's for this up.
     */
    async up(program?: PulumiFn): Promise<{ changes: Changes; outputs: Record<string, unknown> }> {
        const r = recorder();
        const res = await this.attached(() => this.stack.up({ onEvent: r.onEvent, program }));
        const outputs: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(res.outputs)) {
            outputs[k] = v.value;
        }
        return { changes: r.changes(), outputs };
    }

    /** refresh returns pulumi refresh's summary: count by change. */
    async refresh(): Promise<Record<string, number>> {
        const res = await this.attached(() => this.stack.refresh());
        return { ...res.summary.resourceChanges };
    }

    /** destroy returns what pulumi destroy deleted. */
    async destroy(): Promise<Changes> {
        const r = recorder();
        await this.attached(() => this.stack.destroy({ onEvent: r.onEvent }));
        return r.changes();
    }

    /** held is what the lab's simulated account holds in its region. */
    held(): Promise<Held> {
        return held(this.account, this.region);
    }

    /** close removes the temporary state and work directories. */
    close(): void {
        for (const d of this.dirs) {
            fs.rmSync(d, { recursive: true, force: true });
        }
    }
}

/**
 * lifecycle runs a program the way a user would, and holds the engine to
 * it: preview plans exactly what up creates (by URN); a second up changes
 * nothing; refresh finds no drift; destroy leaves the simulated account
 * empty, with no delete AWS refused. It returns the first up's outputs and
 * what the account held after it, for the example's own checks.
 */
export async function lifecycle(
    lab: Lab,
    check: (outputs: Record<string, unknown>, after: Held) => void,
): Promise<{ created: number }> {
    const planned = await lab.preview();
    const first = await lab.up();
    const created = creates(first.changes);
    assert.ok(created.length > 0, "up created nothing");
    assert.deepEqual(creates(planned), created, "preview planned other creates than up made");
    check(first.outputs, await lab.held());

    const again = await lab.up();
    assert.deepEqual(notSame(again.changes), [], "a second up changed resources");
    assert.deepEqual(again.outputs, first.outputs, "a second up changed the outputs");

    const drift = await lab.refresh();
    assert.equal((drift.update ?? 0) + (drift.delete ?? 0), 0, `refresh found drift: ${JSON.stringify(drift)}`);

    await lab.destroy();
    const left = await lab.held();
    assert.deepEqual(left.resources.map((r) => `${r.type} ${r.name}`), [], "destroy left resources in the simulated account");
    assert.deepEqual(left.refusedDeletes, [], "AWS refused deletes on the way");
    return { created: created.length };
}

/** matches asserts a string output against a pattern, naming it. */
export function matches(outputs: Record<string, unknown>, name: string, pattern: RegExp): string {
    const v = outputs[name];
    assert.equal(typeof v, "string", `output ${name} is ${JSON.stringify(v)}, not a string`);
    assert.match(v as string, pattern, `output ${name}`);
    return v as string;
}

/**
 * expectFailedUps lets a file run ups that fail. When an inline program's
 * up fails (a component's Construct refused its inputs), the engine shuts
 * its resource monitor down while the program's other registrations are
 * still in flight; they reject after the up returned, when the Automation
 * API's language server has stopped listening for them, and reach the
 * process as unhandled rejections ("resource monitor shut down") — the
 * failed up's echo, which node's test runner would count as a failure of
 * the file. Those, and only those, are dropped.
 */
export function expectFailedUps(): void {
    const others = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", (reason, promise) => {
        if (reason instanceof Error && reason.message.includes("resource monitor shut down")) {
            return;
        }
        for (const l of others) {
            l(reason, promise);
        }
    });
}
