package network

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// Program is the consumer project's Pulumi program; main runs it, and vpclab's
// engine suite runs it as an inline program under the real Pulumi engine.
func Program(ctx *pulumi.Context) error {
	tags := map[string]string{"Project": "vpclab-consumer"}
	azs, err := components.AvailableZones(ctx)
	if err != nil {
		return err
	}
	net, err := components.NewNetworkBase(ctx, "core", &components.NetworkBaseArgs{
		CIDR:              "10.20.0.0/16",
		AvailabilityZones: azs,
		PrivateSubnets:    []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}},
		Tags:              tags,
		Exceptions:        components.Exceptions{"LAB-VPC-02": "example project: flow logs are left to the real deployment"},
	})
	if err != nil {
		return err
	}
	var routeTables []pulumi.StringInput
	var subnets []components.EndpointSubnet
	for _, s := range net.PrivateSubnets {
		routeTables = append(routeTables, s.RouteTableID)
		subnets = append(subnets, components.EndpointSubnet{ID: s.ID, AZ: s.AZ})
	}
	s3, err := components.NewGatewayEndpoint(ctx, "s3", &components.GatewayEndpointArgs{
		VpcID: net.VPCID, Service: "s3", RouteTableIDs: routeTables, AllowAmazonLinuxRepos: true, Tags: tags,
		// This project runs vpclab's guard: the findings the components accept
		// by design are tagged as accepted (vpclab:exception:<ID>).
		GuardrailTags: true,
	})
	if err != nil {
		return err
	}
	if _, err := components.NewInterfaceEndpoints(ctx, "ssm", &components.InterfaceEndpointsArgs{
		Services: components.SSMServices,
		Endpoint: components.InterfaceEndpointArgs{VpcID: net.VPCID, VpcCIDR: net.CIDR, VpcDNSHostnames: net.DNSHostnames, VpcDNSSupport: true, Subnets: subnets, Tags: tags, GuardrailTags: true},
	}); err != nil {
		return err
	}
	app, err := components.NewBastionPair(ctx, "app", &components.BastionPairArgs{
		VpcID: net.VPCID, VpcCIDR: net.CIDR,
		PrivateSubnetID: net.PrivateSubnets[0].ID, PrivateSubnetAZ: net.PrivateSubnets[0].AZ,
		EgressPrefixListIDs: []pulumi.StringInput{s3.PrefixListID},
		Tags:                tags,
		GuardrailTags:       true,
	})
	if err != nil {
		return err
	}
	ctx.Export("instanceId", app.PrivateInstanceID)
	ctx.Export("vpcId", net.VPCID)
	return nil
}
