import * as aws from "@pulumi/aws";
import * as vpclab from "@pulumi/vpclab";

// The same program as examples/yaml and the Go examples/consumer: a private
// two-AZ network without NAT, the S3 gateway endpoint for dnf, the Session
// Manager endpoints, and an instance reached only through them.
export = async () => {
    const tags = { Project: "vpclab-typescript" };
    const vpcCidr = "10.20.0.0/16";
    // Subnet layout and AZ picks are plain values (they decide what is built),
    // so the AZ names are awaited here rather than passed as an Output.
    const azs = (await aws.getAvailabilityZones({ state: "available" })).names;

    const core = new vpclab.NetworkBase("core", {
        cidr: vpcCidr,
        availabilityZones: azs,
        privateSubnets: [{ azIndex: 0 }, { azIndex: 1 }],
        tags: tags,
        exceptions: { "LAB-VPC-02": "example project: flow logs are left to the real deployment" },
    });
    const privateRouteTable = (i: number) => core.privateRouteTableIds.apply(ids => ids[i]);
    const privateSubnet = (i: number) => core.privateSubnetIds.apply(ids => ids[i]);

    const s3 = new vpclab.GatewayEndpoint("s3", {
        vpcId: core.vpcId,
        service: "s3",
        routeTableIds: [privateRouteTable(0), privateRouteTable(1)],
        allowAmazonLinuxRepos: true,
        tags: tags,
    });

    const ssm = new vpclab.InterfaceEndpoints("ssm", {
        services: ["ssm", "ssmmessages", "ec2messages"],
        vpcId: core.vpcId,
        vpcCidr: vpcCidr,
        vpcDnsHostnames: true,
        vpcDnsSupport: true,
        subnets: [
            { id: privateSubnet(0), az: azs[0] },
            { id: privateSubnet(1), az: azs[1] },
        ],
        tags: tags,
    });

    const app = new vpclab.BastionPair("app", {
        vpcId: core.vpcId,
        vpcCidr: vpcCidr,
        privateSubnetId: privateSubnet(0),
        privateSubnetAz: azs[0],
        egressPrefixListIds: [s3.prefixListId],
        tags: tags,
    }, { dependsOn: [s3, ssm] }); // boot after the endpoints the instance's agent and dnf need

    return {
        vpcId: core.vpcId,
        instanceId: app.privateInstanceId,
        ssmEndpointIds: ssm.endpointIds,
    };
};
