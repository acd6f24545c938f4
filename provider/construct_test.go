package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-go-provider/integration"
	pschema "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/urn"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/sim"
)

// The same lab written twice: by a Go program calling the constructors, and
// by a consumer of the plugin sending what its SDK would (plain values and
// other resources' outputs with their dependencies). Every component, and
// most of their arguments, are used.

const (
	tagProject = "plugin-test"
	bucketARN  = "arn:aws:s3:::plugin-test-bucket"
	adminARN   = "arn:aws:iam::123456789012:role/Admin"
)

var (
	goTags     = map[string]string{"Project": tagProject}
	exceptions = map[string]string{"LAB-VPC-02": "a test fixture: flow logs are reviewed elsewhere"}
	stsPolicy  = &components.PolicyDocument{Statement: []components.Statement{{
		Sid: "OnlyThisAccount", Effect: "Allow", Principal: &components.Principal{AWS: []string{"arn:aws:iam::123456789012:root"}},
		Action: []string{"sts:AssumeRole", "sts:GetCallerIdentity"}, Resource: []string{"*"},
		Condition: map[string]map[string][]string{"StringEquals": {"aws:PrincipalAccount": {"123456789012"}}},
	}}}
)

// goLab is the lab as a Go program.
func goLab(ctx *pulumi.Context) error {
	core, err := components.NewNetworkBase(ctx, "core", &components.NetworkBaseArgs{
		CIDR: "10.20.0.0/16", AvailabilityZones: seoul[:2],
		PublicSubnets:  []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}},
		PrivateSubnets: []components.SubnetSpec{{AZIndex: 0, Name: "Core-App-A"}, {AZIndex: 1, CIDR: "10.20.9.0/24", Tags: map[string]string{"Tier": "app"}}},
		NAT:            components.NATSingle, FlowLogs: true, FlowLogRetentionDays: 30,
		PublicTags: components.TierTags{Subnets: map[string]string{"kubernetes.io/role/elb": "1"}},
		Tags:       goTags, Exceptions: exceptions,
	})
	if err != nil {
		return err
	}
	priv := core.PrivateSubnets
	s3, err := components.NewGatewayEndpoint(ctx, "s3", &components.GatewayEndpointArgs{
		VpcID: core.VPCID, Service: "s3", RouteTableIDs: []pulumi.StringInput{priv[0].RouteTableID, priv[1].RouteTableID},
		Resources: []pulumi.StringInput{pulumi.String(bucketARN)}, AllowAmazonLinuxRepos: true, Tags: goTags,
	})
	if err != nil {
		return err
	}
	subnets := []components.EndpointSubnet{{ID: priv[0].ID, AZ: priv[0].AZ}, {ID: priv[1].ID, AZ: priv[1].AZ}}
	if _, err := components.NewInterfaceEndpoints(ctx, "ssm", &components.InterfaceEndpointsArgs{
		Services: components.SSMServices,
		Endpoint: components.InterfaceEndpointArgs{VpcID: core.VPCID, VpcCIDR: core.CIDR, VpcDNSHostnames: true, VpcDNSSupport: true,
			Subnets: subnets, NameTag: "SSM", Tags: goTags},
	}); err != nil {
		return err
	}
	if _, err := components.NewInterfaceEndpoint(ctx, "sts", &components.InterfaceEndpointArgs{
		VpcID: core.VPCID, VpcCIDR: core.CIDR, VpcDNSHostnames: true, VpcDNSSupport: true, Service: "sts",
		Subnets: subnets[:1], AllowedCIDRs: []string{"10.20.0.0/17"}, Policy: stsPolicy, NameTag: "STS-Endpoint",
	}); err != nil {
		return err
	}
	data, err := components.NewPrivateBucket(ctx, "data", &components.PrivateBucketArgs{
		EndpointIDs: []pulumi.StringInput{s3.EndpointID}, AdminARNs: []string{adminARN}, ForceDestroy: true, NameTag: "Lab-Bucket", Tags: goTags,
	})
	if err != nil {
		return err
	}
	if _, err := components.NewBastionPair(ctx, "app", &components.BastionPairArgs{
		VpcID: core.VPCID, VpcCIDR: core.CIDR, PublicSubnetID: core.PublicSubnets[0].ID, PrivateSubnetID: priv[0].ID,
		PublicSubnetAZ: seoul[0], PrivateSubnetAZ: seoul[0], Access: components.AccessBoth, AdminCIDRs: []string{"198.51.100.7/32"},
		KeyName: "lab-key", PlacementStrategy: "spread", InternetEgress: true, VpcEgressPorts: []int{443, 8080},
		EgressPrefixListIDs: []pulumi.StringInput{s3.PrefixListID}, PingPrefixLists: true, BucketARNs: []pulumi.StringInput{data.BucketARN},
		AllowListAllBuckets: true, BastionName: "Jump", Tags: goTags,
	}); err != nil {
		return err
	}
	web, err := components.NewWebServers(ctx, "web", &components.WebServersArgs{
		VpcID: core.VPCID, Servers: []components.WebServer{
			{SubnetID: priv[0].ID, AZ: priv[0].AZ, Page: "Web Server 1"},
			{SubnetID: priv[1].ID, AZ: priv[1].AZ, Page: "Web Server 2", NameTag: "WEB-B"},
		},
		EgressPrefixListIDs: []pulumi.StringInput{s3.PrefixListID}, InstanceType: "t3.small", Tags: goTags,
	})
	if err != nil {
		return err
	}
	client, err := components.NewNetworkBase(ctx, "client", &components.NetworkBaseArgs{
		CIDR: "10.30.0.0/16", AvailabilityZones: seoul[:2], PrivateSubnets: []components.SubnetSpec{{}, {AZIndex: 1}}, FlowLogs: true,
		NAT: components.NATRegional, NATAddressing: components.NATAddressManual,
	})
	if err != nil {
		return err
	}
	if _, err := components.NewBastionPair(ctx, "ops", &components.BastionPairArgs{VpcID: client.VPCID, PrivateSubnetID: client.PrivateSubnets[0].ID}); err != nil {
		return err
	}
	_, err = components.NewPrivateLinkService(ctx, "svc", &components.PrivateLinkServiceArgs{
		VpcID: core.VPCID, Subnets: subnets, Targets: web.Instances, TargetSecurityGroupID: web.SecurityGroupID,
		Consumer: &components.PrivateLinkConsumer{VpcID: client.VPCID, VpcCIDR: client.CIDR, Accept: true,
			Subnets: []components.EndpointSubnet{{ID: client.PrivateSubnets[0].ID, AZ: seoul[0]}, {ID: client.PrivateSubnets[1].ID, AZ: seoul[1]}}},
		ServiceName: "Custom-EPS", Tags: goTags,
	})
	return err
}

// consumerLab is the same lab sent through the plugin, one Construct per
// component, each wired to the outputs of the ones before.
// fill, when given, may change each component's inputs before it is built.
func consumerLab(t *testing.T, s integration.Server, mon *sim.Monitor, fill func(typ string, inputs map[string]any)) {
	t.Helper()
	build := func(typ, name string, inputs map[string]any) property.Map {
		t.Helper()
		if fill != nil {
			fill(typ, inputs)
		}
		state, err := construct(s, mon, typ, name, props(inputs))
		if err != nil {
			t.Fatalf("%s %s: %v", typ, name, err)
		}
		return state
	}
	// out is a component output as the consumer's SDK sends it on: the value,
	// depending on the child resource it came from.
	out := func(v property.Value, childType, child string) property.Value {
		t.Helper()
		r := mon.Graph().Find(childType, child)
		if r == nil {
			t.Fatalf("no %s %s", childType, child)
		}
		return v.WithDependencies([]urn.URN{urn.URN(r.URN)})
	}
	const (
		tSubnet   = "aws:ec2/subnet:Subnet"
		tRT       = "aws:ec2/routeTable:RouteTable"
		tVpc      = "aws:ec2/vpc:Vpc"
		tEndpoint = "aws:ec2/vpcEndpoint:VpcEndpoint"
	)
	tags := map[string]any{"Project": tagProject}
	core := build("NetworkBase", "core", map[string]any{
		"cidr": "10.20.0.0/16", "availabilityZones": seoul[:2],
		"publicSubnets":  []any{map[string]any{"azIndex": 0}, map[string]any{"azIndex": 1}},
		"privateSubnets": []any{map[string]any{"azIndex": 0, "name": "Core-App-A"}, map[string]any{"azIndex": 1, "cidr": "10.20.9.0/24", "tags": map[string]any{"Tier": "app"}}},
		"nat":            "single", "flowLogs": true, "flowLogRetentionDays": 30,
		"publicTags": map[string]any{"subnets": map[string]any{"kubernetes.io/role/elb": "1"}}, "tags": tags,
		"exceptions": map[string]any{"LAB-VPC-02": exceptions["LAB-VPC-02"]},
	})
	vpcID := out(core.Get("vpcId"), tVpc, "core-vpc")
	priv := core.Get("privateSubnetIds").AsArray()
	privRT := core.Get("privateRouteTableIds").AsArray()
	subnet := func(i int) property.Value { return out(priv.Get(i), tSubnet, fmt.Sprintf("core-private-%d", i)) }
	subnets := []any{
		map[string]any{"id": subnet(0), "az": seoul[0]},
		map[string]any{"id": subnet(1), "az": seoul[1]},
	}
	s3 := build("GatewayEndpoint", "s3", map[string]any{
		"vpcId": vpcID, "service": "s3",
		"routeTableIds": []any{out(privRT.Get(0), tRT, "core-private-0-rt"), out(privRT.Get(1), tRT, "core-private-1-rt")},
		"resources":     []any{bucketARN}, "allowAmazonLinuxRepos": true, "tags": tags,
	})
	build("InterfaceEndpoints", "ssm", map[string]any{
		"services": components.SSMServices, "vpcId": vpcID, "vpcCidr": "10.20.0.0/16", "vpcDnsHostnames": true, "vpcDnsSupport": true,
		"subnets": subnets, "nameTag": "SSM", "tags": tags,
	})
	build("InterfaceEndpoint", "sts", map[string]any{
		"vpcId": vpcID, "vpcCidr": "10.20.0.0/16", "vpcDnsHostnames": true, "vpcDnsSupport": true, "service": "sts",
		"subnets": subnets[:1], "allowedCidrs": []string{"10.20.0.0/17"}, "nameTag": "STS-Endpoint",
		"policy": map[string]any{"statement": []any{map[string]any{
			"sid": "OnlyThisAccount", "effect": "Allow", "principal": map[string]any{"aws": []string{"arn:aws:iam::123456789012:root"}},
			"action": []string{"sts:AssumeRole", "sts:GetCallerIdentity"}, "resource": []string{"*"},
			"condition": map[string]any{"StringEquals": map[string]any{"aws:PrincipalAccount": []string{"123456789012"}}},
		}}},
	})
	prefixList := out(s3.Get("prefixListId"), tEndpoint, "s3-endpoint")
	data := build("PrivateBucket", "data", map[string]any{
		"endpointIds": []any{out(s3.Get("endpointId"), tEndpoint, "s3-endpoint")},
		"adminArns":   []string{adminARN}, "forceDestroy": true, "nameTag": "Lab-Bucket", "tags": tags,
	})
	build("BastionPair", "app", map[string]any{
		"vpcId": vpcID, "vpcCidr": "10.20.0.0/16",
		"publicSubnetId":  out(core.Get("publicSubnetIds").AsArray().Get(0), tSubnet, "core-public-0"),
		"privateSubnetId": subnet(0), "publicSubnetAz": seoul[0], "privateSubnetAz": seoul[0],
		"access": "both", "adminCidrs": []string{"198.51.100.7/32"}, "keyName": "lab-key", "placementStrategy": "spread",
		"internetEgress": true, "vpcEgressPorts": []any{443, 8080}, "egressPrefixListIds": []any{prefixList}, "pingPrefixLists": true,
		"bucketArns":          []any{out(data.Get("bucketArn"), "aws:s3/bucket:Bucket", "data-bucket")},
		"allowListAllBuckets": true, "bastionName": "Jump", "tags": tags,
	})
	web := build("WebServers", "web", map[string]any{
		"vpcId": vpcID, "servers": []any{
			map[string]any{"subnetId": subnet(0), "az": seoul[0], "page": "Web Server 1"},
			map[string]any{"subnetId": subnet(1), "az": seoul[1], "page": "Web Server 2", "nameTag": "WEB-B"},
		},
		"egressPrefixListIds": []any{prefixList}, "instanceType": "t3.small", "tags": tags,
	})
	client := build("NetworkBase", "client", map[string]any{
		"cidr": "10.30.0.0/16", "availabilityZones": seoul[:2],
		"privateSubnets": []any{map[string]any{}, map[string]any{"azIndex": 1}}, "flowLogs": true,
		"nat": "regional", "natAddressing": "manual",
	})
	clientVpc := out(client.Get("vpcId"), tVpc, "client-vpc")
	clientSubnets := client.Get("privateSubnetIds").AsArray()
	build("BastionPair", "ops", map[string]any{"vpcId": clientVpc, "privateSubnetId": out(clientSubnets.Get(0), tSubnet, "client-private-0")})
	instances := web.Get("instanceIds").AsArray()
	build("PrivateLinkService", "svc", map[string]any{
		"vpcId": vpcID, "subnets": subnets,
		"targets": []any{
			map[string]any{"instanceId": out(instances.Get(0), "aws:ec2/instance:Instance", "web-1"), "az": seoul[0]},
			map[string]any{"instanceId": out(instances.Get(1), "aws:ec2/instance:Instance", "web-2"), "az": seoul[1]},
		},
		"targetSecurityGroupId": out(web.Get("securityGroupId"), "aws:ec2/securityGroup:SecurityGroup", "web-sg"),
		"consumer": map[string]any{
			"vpcId": clientVpc, "vpcCidr": "10.30.0.0/16", "accept": true,
			"subnets": []any{
				map[string]any{"id": out(clientSubnets.Get(0), tSubnet, "client-private-0"), "az": seoul[0]},
				map[string]any{"id": out(clientSubnets.Get(1), tSubnet, "client-private-1"), "az": seoul[1]},
			},
		},
		"serviceNameTag": "Custom-EPS", "tags": tags,
	})
}

// TestConstructMatchesGo: every resource the plugin registers, with its
// type, name, parent, inputs and dependencies, is what the Go constructors
// register for the same lab, and nothing else is.
func TestConstructMatchesGo(t *testing.T) {
	want, err := goRun(goLab)
	if err != nil {
		t.Fatal(err)
	}
	s, mon := simServer(t)
	consumerLab(t, s, mon, nil)
	got := mon.Graph()
	sameGraph(t, want.Graph, got)
}

// sameGraph compares two recorded graphs resource by resource.
func sameGraph(t *testing.T, want, got *sim.Graph) {
	t.Helper()

	wantURNs, gotURNs := urns(want), urns(got)
	if !slices.Equal(wantURNs, gotURNs) {
		t.Fatalf("the plugin registered a different set of resources\nonly from Go:     %v\nonly from plugin: %v",
			missing(wantURNs, gotURNs), missing(gotURNs, wantURNs))
	}
	if len(gotURNs) < 100 {
		t.Fatalf("only %d resources: the lab did not build", len(gotURNs))
	}
	for _, w := range want.Resources {
		g := got.ByURN(w.URN)
		if g.Type != w.Type || g.Name != w.Name || g.Parent != w.Parent || g.Custom != w.Custom || g.Provider != w.Provider {
			t.Errorf("%s: plugin registered %s %s parent %s custom %v provider %q, Go %s %s parent %s custom %v provider %q",
				w.URN, g.Type, g.Name, g.Parent, g.Custom, g.Provider, w.Type, w.Name, w.Parent, w.Custom, w.Provider)
		}
		if !g.Inputs.DeepEquals(w.Inputs) {
			t.Errorf("%s inputs differ\nplugin: %v\nGo:     %v", w.URN, g.Inputs, w.Inputs)
		}
		if d := diffDeps(g.PropertyDependencies, w.PropertyDependencies); d != "" {
			t.Errorf("%s property dependencies differ: %s", w.URN, d)
		}
	}
}

func urns(g *sim.Graph) []string {
	var out []string
	for _, r := range g.Resources {
		out = append(out, r.URN)
	}
	return out
}

func missing(a, b []string) []string {
	var out []string
	for _, u := range a {
		if !slices.Contains(b, u) {
			out = append(out, u)
		}
	}
	return out
}

// diffDeps compares property dependencies as sets of URNs per property.
func diffDeps(got, want map[string][]string) string {
	var diffs []string
	for _, k := range keys(got, want) {
		g, w := slices.Sorted(slices.Values(got[k])), slices.Sorted(slices.Values(want[k]))
		if !slices.Equal(slices.Compact(g), slices.Compact(w)) {
			diffs = append(diffs, fmt.Sprintf("%s: plugin %v, Go %v", k, g, w))
		}
	}
	return strings.Join(diffs, "; ")
}

func keys(ms ...map[string][]string) []string {
	var out []string
	for _, m := range ms {
		for k := range m {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestDefaultsAreTheComponents: every default the schema states is what the
// component does when the input is left out. The lab is built twice through
// the plugin: as written, and with every stated default spelled out.
func TestDefaultsAreTheComponents(t *testing.T) {
	spec, _ := boundSchema(t)
	s, mon := simServer(t)
	consumerLab(t, s, mon, nil)
	asWritten := mon.Graph()

	filled := 0
	var fillObject func(inputs map[string]any, props map[string]pschema.PropertySpec)
	fillObject = func(inputs map[string]any, props map[string]pschema.PropertySpec) {
		for name, p := range props {
			v, given := inputs[name]
			switch {
			case !given && p.Default != nil:
				inputs[name] = p.Default
				filled++
			case given && p.Ref != "":
				if obj, ok := v.(map[string]any); ok {
					fillObject(obj, spec.Types[strings.TrimPrefix(p.Ref, "#/types/")].Properties)
				}
			case given && p.Items != nil && p.Items.Ref != "":
				if list, ok := v.([]any); ok {
					for _, e := range list {
						if obj, ok := e.(map[string]any); ok {
							fillObject(obj, spec.Types[strings.TrimPrefix(p.Items.Ref, "#/types/")].Properties)
						}
					}
				}
			}
		}
	}
	s2, mon2 := simServer(t)
	consumerLab(t, s2, mon2, func(typ string, inputs map[string]any) {
		fillObject(inputs, spec.Resources["vpclab:index:"+typ].InputProperties)
	})
	if filled < 15 {
		t.Fatalf("only %d defaults spelled out", filled)
	}
	sameGraph(t, asWritten, mon2.Graph())
}
