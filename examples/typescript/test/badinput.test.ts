// Bad arguments from TypeScript: each fails the up with the plugin's
// message, naming the property as the TypeScript program spells it
// (camelCase, nested paths), and nothing is created in the simulated AWS.
import * as assert from "node:assert/strict";
import { test } from "node:test";
import * as vpclab from "@pulumi/vpclab";
import { expectFailedUps, Lab } from "./harness";

// The simulated account's region and its AZs (as aws.getAvailabilityZones
// would return them): plain values, so the programs below need no invoke.
const azs = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"];
const vpcId = "vpc-0123456789abcdef0";
const subnet = (i: number) => `subnet-0123456789abcdef${i}`;

const cases: { name: string; program: () => Promise<void>; message: string; todo?: string }[] = [
    {
        name: "a /8 admin CIDR",
        program: async () => {
            new vpclab.BastionPair("app", {
                vpcId, privateSubnetId: subnet(0), publicSubnetId: subnet(1),
                access: vpclab.AccessMode.Ssh,
                adminCidrs: ["10.0.0.0/8"],
            });
        },
        message: `BastionPair: adminCidrs[0] = "10.0.0.0/8": wider than /24; set allowBroadAdminCidrs to accept it`,
    },
    {
        name: "an exception reason too short",
        program: async () => {
            new vpclab.NetworkBase("core", {
                cidr: "10.20.0.0/16", availabilityZones: azs.slice(0, 2),
                privateSubnets: [{ azIndex: 0 }],
                exceptions: { "LAB-VPC-02": "too short" },
            });
        },
        message: `NetworkBase: exceptions[LAB-VPC-02] = "too short": a reason is 10–200 characters (it is 9)`,
    },
    {
        name: "an AZ index past the AZs given",
        program: async () => {
            new vpclab.NetworkBase("core", {
                cidr: "10.20.0.0/16", availabilityZones: azs.slice(0, 2),
                privateSubnets: [{ azIndex: 0 }, { azIndex: 5 }],
            });
        },
        message: `NetworkBase: privateSubnets[1].azIndex = 5: the region has 2 availability zones (["ap-northeast-2a" "ap-northeast-2b"]), so the index must be 0 to 1`,
    },
    {
        name: "overlapping subnets",
        program: async () => {
            new vpclab.NetworkBase("core", {
                cidr: "10.20.0.0/16", availabilityZones: azs.slice(0, 2),
                privateSubnets: [{ azIndex: 0, cidr: "10.20.0.0/24" }, { azIndex: 1, cidr: "10.20.0.128/25" }],
            });
        },
        message: `NetworkBase: privateSubnets[1].cidr = "10.20.0.128/25": overlaps privateSubnets[0].cidr (10.20.0.0/24)`,
    },
    {
        name: "an unknown endpoint service",
        program: async () => {
            new vpclab.InterfaceEndpoint("ecr", {
                vpcId, vpcCidr: "10.20.0.0/16", vpcDnsHostnames: true, vpcDnsSupport: true,
                service: "ecr.apii",
                subnets: [{ id: subnet(0), az: azs[0] }, { id: subnet(1), az: azs[1] }],
            });
        },
        message: `InterfaceEndpoint: service = "ecr.apii": ecr.apii is not an AWS service with interface endpoints that vpclab knows; did you mean ecr.api?`,
    },
    {
        name: "a nested path: the consumer's subnet outside the service's AZs",
        program: async () => {
            new vpclab.PrivateLinkService("svc", {
                vpcId, subnets: [{ id: subnet(0), az: azs[0] }, { id: subnet(1), az: azs[1] }],
                targets: [{ instanceId: "i-0123456789abcdef0", az: azs[0] }],
                targetSecurityGroupId: "sg-0123456789abcdef0",
                clientCidrs: ["10.0.0.0/16"],
                consumer: { vpcId: "vpc-0123456789abcdef1", vpcCidr: "10.0.0.0/16", subnets: [{ id: subnet(2), az: azs[2] }] },
            });
        },
        message: `PrivateLinkService: consumer.subnets[0].az = "ap-northeast-2c": the service is offered only in the load balancer's AZs [ap-northeast-2a ap-northeast-2b]`,
    },
    {
        name: "a plain value where the schema wants a list",
        program: async () => {
            // What a JavaScript program (or a TypeScript one through any)
            // can pass: tsc refuses it, the plugin must too.
            const privateSubnets = { azIndex: 0 } as unknown as vpclab.NetworkBaseArgs["privateSubnets"];
            new vpclab.NetworkBase("core", { cidr: "10.20.0.0/16", availabilityZones: azs.slice(0, 2), privateSubnets });
        },
        message: `NetworkBase: privateSubnets = {"azIndex":0}: must be a list, not an object`,
    },
    {
        name: "a plain string where the schema wants a list of IDs",
        program: async () => {
            const routeTableIds = "rtb-0123456789abcdef0" as unknown as string[];
            new vpclab.GatewayEndpoint("s3", { vpcId, service: "s3", routeTableIds });
        },
        message: `GatewayEndpoint: routeTableIds = "rtb-0123456789abcdef0": must be a list, not a string`,
    },
];

test("bad arguments fail the up with the plugin's message in TypeScript's spelling, and create nothing", async (t) => {
    expectFailedUps(); // here: node's test runner listens from the first test on
    // One stack for the table: every up fails, and each case must add
    // nothing to the account.
    const lab = await Lab.create("vpclab-typescript-bad-input", async () => {});
    try {
        for (const c of cases) {
            await t.test(c.name, { todo: c.todo }, async () => {
                const before = new Set((await lab.held()).resources.map((r) => r.urn));
                let failure: Error | undefined;
                try {
                    await lab.up(c.program);
                } catch (err) {
                    failure = err as Error;
                }
                const created = (await lab.held()).resources.filter((r) => !before.has(r.urn)).map((r) => `${r.type} ${r.name}`);
                assert.ok(failure, "the up succeeded");
                assert.ok(failure.message.includes(c.message), `the up failed, but not with\n  ${c.message}\nIt said:\n${failure.message}`);
                assert.deepEqual(created, [], "the bad argument created resources in the simulated AWS");
            });
        }
    } finally {
        lab.close();
    }
});
