import * as aws from "@pulumi/aws";
import * as vpclab from "@pulumi/vpclab";

// CloudNeta lab 9-2 (vpclab's privatelink stack) from TypeScript: the
// provider VPC runs two web servers behind an internal NLB published as an
// endpoint service that requires acceptance; the consumer VPC reaches it
// through an interface endpoint, and the program accepts the connection.
export = async () => {
    const tags = { Project: "vpclab-typescript-privatelink" };
    const port = 80;
    const providerCidr = "10.30.0.0/16"; // the guide's 20.0.0.0/16 is public address space
    const consumerCidr = "10.0.0.0/16";
    // Subnet layout and AZ picks are plain values: awaited, not Outputs.
    const azs = (await aws.getAvailabilityZones({ state: "available" })).names.slice(0, 2);
    const pick = (ids: vpclab.NetworkBase["privateSubnetIds"], i: number) => ids.apply((all) => all[i]);

    // The provider: CustomVPC, private subnets only, S3 for dnf at first boot.
    const provider = new vpclab.NetworkBase("provider", {
        cidr: providerCidr,
        availabilityZones: azs,
        // The guide's Name tags (the network's other children keep the component's names).
        privateSubnets: azs.map((_, i) => ({ azIndex: i, name: `Custom-Private-SN-${i + 1}` })),
        tags,
        exceptions: { "LAB-VPC-02": "example project: flow logs are left to the real deployment" },
    });
    const repos = new vpclab.GatewayEndpoint("provider-s3", {
        vpcId: provider.vpcId,
        service: "s3",
        routeTableIds: azs.map((_, i) => pick(provider.privateRouteTableIds, i)),
        allowAmazonLinuxRepos: true,
        tags,
    });
    const web = new vpclab.WebServers("web", {
        vpcId: provider.vpcId,
        port,
        egressPrefixListIds: [repos.prefixListId],
        namePrefix: "Custom",
        servers: azs.map((az, i) => ({ subnetId: pick(provider.privateSubnetIds, i), az, page: `Web ${i + 1}` })),
        tags,
    }, { dependsOn: [repos] }); // dnf at first boot needs the endpoint and its routes

    // The consumer: MyVPC, one private subnet per AZ for the endpoint.
    const consumer = new vpclab.NetworkBase("consumer", {
        cidr: consumerCidr,
        availabilityZones: azs,
        privateSubnets: azs.map((_, i) => ({ azIndex: i, name: `My-Private-SN-${i + 1}` })),
        tags,
        exceptions: { "LAB-VPC-02": "example project: flow logs are left to the real deployment" },
    });

    const service = new vpclab.PrivateLinkService("custom", {
        vpcId: provider.vpcId,
        subnets: azs.map((az, i) => ({ id: pick(provider.privateSubnetIds, i), az })),
        port,
        targets: azs.map((az, i) => ({ instanceId: web.instanceIds.apply((ids) => ids[i]), az })),
        targetSecurityGroupId: web.securityGroupId,
        clientCidrs: [consumerCidr],
        acceptanceRequired: true,
        consumer: {
            vpcId: consumer.vpcId,
            vpcCidr: consumerCidr,
            subnets: azs.map((az, i) => ({ id: pick(consumer.privateSubnetIds, i), az })),
            accept: true,
        },
        tags,
        exceptions: {
            "LAB-LB-02": "example project: pulumi destroy must be able to delete the load balancer",
            "LAB-LB-03": "example project: no log bucket for access logs",
            "LAB-LB-04": "plain TCP inside PrivateLink as in the guide: an example has no certificate",
        },
    });

    return {
        serviceName: service.serviceName,
        nlbDnsName: service.nlbDnsName,
        consumerEndpointId: service.consumerEndpointId,
        consumerDnsName: service.consumerDnsName,
        webServerIds: web.instanceIds,
    };
};
