// examples/typescript/privatelink (CloudNeta lab 9-2) under the real engine:
// WebServers, PrivateLinkService with its consumer endpoint and the
// acceptance, from TypeScript.
import * as assert from "node:assert/strict";
import { test } from "node:test";
import program = require("../privatelink/index");
import { Lab, lifecycle, matches } from "./harness";

test("examples/typescript/privatelink: preview = up, the connection accepted, no-op second up, no drift, destroy empties the account", async () => {
    const lab = await Lab.create("vpclab-typescript-privatelink", program);
    try {
        await lifecycle(lab, (outputs, after) => {
            const byId = new Map(after.resources.map((r) => [r.id, r]));
            const ofType = (t: string) => after.resources.filter((r) => r.type === t);

            const serviceName = matches(outputs, "serviceName", /^com\.amazonaws\.vpce\.ap-northeast-2\.vpce-svc-0[0-9a-f]{16}$/);
            const [service] = ofType("aws:ec2/vpcEndpointService:VpcEndpointService");
            assert.equal(service?.outputs.serviceName, serviceName, "serviceName is not the endpoint service's");
            assert.equal(service?.outputs.acceptanceRequired, true);

            const [nlb] = ofType("aws:lb/loadBalancer:LoadBalancer");
            assert.equal(matches(outputs, "nlbDnsName", /\.elb\.ap-northeast-2\.amazonaws\.com$/), nlb?.outputs.dnsName);
            assert.equal(nlb?.outputs.internal, true, "the NLB is on the internet");

            // The web servers are the target group's targets.
            const ids = outputs.webServerIds;
            assert.ok(Array.isArray(ids) && ids.length === 2, `webServerIds is ${JSON.stringify(ids)}`);
            for (const id of ids) {
                assert.equal(byId.get(id as string)?.type, "aws:ec2/instance:Instance", `${id} is not an instance in the account`);
            }
            const targets = ofType("aws:lb/targetGroupAttachment:TargetGroupAttachment").map((a) => a.outputs.targetId);
            assert.deepEqual(targets.sort(), [...ids].sort(), "the target group's targets are not the web servers");

            // The consumer's endpoint connects to the service, in the
            // consumer VPC, and its connection was accepted.
            const endpoint = byId.get(matches(outputs, "consumerEndpointId", /^vpce-0[0-9a-f]{16}$/));
            assert.equal(endpoint?.outputs.serviceName, serviceName, "the consumer endpoint connects elsewhere");
            assert.equal(endpoint?.outputs.state, "available", "the connection was not accepted");
            const consumerVpc = after.resources.find((r) => r.type === "aws:ec2/vpc:Vpc" && r.outputs.cidrBlock === "10.0.0.0/16");
            assert.equal(endpoint?.outputs.vpcId, consumerVpc?.id, "the endpoint is not in the consumer VPC");
            const accepters = ofType("aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter");
            assert.deepEqual(accepters.map((a) => a.outputs.vpcEndpointId), [endpoint?.id]);
            const dns = matches(outputs, "consumerDnsName", /^vpce-0[0-9a-f]{16}-[0-9a-f]{8}\.vpce-svc-0[0-9a-f]{16}\.ap-northeast-2\.vpce\.amazonaws\.com$/);
            const entries = endpoint?.outputs.dnsEntries as { dnsName: string }[] | undefined;
            assert.equal(dns, entries?.[0]?.dnsName, "consumerDnsName is not the endpoint's regional name");
        });
    } finally {
        lab.close();
    }
});
