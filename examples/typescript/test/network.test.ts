// examples/typescript (index.ts) under the real engine, as a user's
// `pulumi up` would run it: NetworkBase, GatewayEndpoint,
// InterfaceEndpoints and BastionPair from TypeScript.
import * as assert from "node:assert/strict";
import { test } from "node:test";
import program = require("../index");
import { Lab, lifecycle, matches } from "./harness";

test("examples/typescript: preview = up, outputs, no-op second up, no drift, destroy empties the account", async () => {
    const lab = await Lab.create("vpclab-typescript", program);
    try {
        await lifecycle(lab, (outputs, after) => {
            const byId = new Map(after.resources.map((r) => [r.id, r]));
            const vpc = byId.get(matches(outputs, "vpcId", /^vpc-0[0-9a-f]{16}$/));
            assert.equal(vpc?.type, "aws:ec2/vpc:Vpc", "vpcId is not the ID of a VPC in the account");
            assert.equal(vpc?.outputs.cidrBlock, "10.20.0.0/16");

            const instance = byId.get(matches(outputs, "instanceId", /^i-0[0-9a-f]{16}$/));
            assert.equal(instance?.type, "aws:ec2/instance:Instance", "instanceId is not an instance in the account");
            const subnet = byId.get(instance?.outputs.subnetId as string);
            assert.equal(subnet?.outputs.vpcId, vpc?.id, "the instance is not in the example's VPC");
            assert.equal(subnet?.outputs.mapPublicIpOnLaunch, false, "the instance's subnet is public");

            // ssmEndpointIds maps each service to its endpoint in the VPC.
            const ids = outputs.ssmEndpointIds as Record<string, string>;
            assert.deepEqual(Object.keys(ids ?? {}).sort(), ["ec2messages", "ssm", "ssmmessages"], `ssmEndpointIds is ${JSON.stringify(ids)}`);
            for (const [service, id] of Object.entries(ids)) {
                const ep = byId.get(id);
                assert.equal(ep?.type, "aws:ec2/vpcEndpoint:VpcEndpoint", `${id} is not an endpoint in the account`);
                assert.equal(ep?.outputs.serviceName, `com.amazonaws.ap-northeast-2.${service}`);
                assert.equal(ep?.outputs.vpcEndpointType, "Interface");
                assert.equal(ep?.outputs.privateDnsEnabled, true);
                assert.equal(ep?.outputs.vpcId, vpc?.id, `the ${service} endpoint is not in the example's VPC`);
            }
        });
    } finally {
        lab.close();
    }
});
