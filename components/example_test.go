package components_test

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/sim"
)

// simulate runs a program against vpclab's simulated AWS in Seoul; a real
// program passes the same function to pulumi.Run.
func simulate(program pulumi.RunFunc) *sim.Graph {
	res, err := sim.Run(&sim.Stack{Project: "example", Name: "dev", Config: map[string]string{"aws:region": "ap-northeast-2"}}, program)
	if err != nil {
		panic(err)
	}
	return res.Graph
}

// A VPC with a public and a private subnet in each of two AZs and one NAT
// gateway per AZ.
func ExampleNewNetworkBase() {
	g := simulate(func(ctx *pulumi.Context) error {
		azs, err := components.AvailableZones(ctx)
		if err != nil {
			return err
		}
		_, err = components.NewNetworkBase(ctx, "core", &components.NetworkBaseArgs{
			CIDR: "10.20.0.0/16", AvailabilityZones: azs, NAT: components.NATPerAZ,
			PublicSubnets:  []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}},
			PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}},
		})
		return err
	})
	for _, r := range g.OfType("aws:ec2/route:Route") {
		target := g.Source(r, "gatewayId")
		if target == nil {
			target = g.Source(r, "natGatewayId")
		}
		fmt.Printf("%s: %s → %s\n", g.Source(r, "routeTableId").Name, r.Str("destinationCidrBlock"), target.Name)
	}
	// Output:
	// core-private-0-rt: 0.0.0.0/0 → core-public-0-nat
	// core-private-1-rt: 0.0.0.0/0 → core-public-1-nat
	// core-public-rt: 0.0.0.0/0 → core-igw
}

// Private subnets in two AZs behind one regional NAT gateway with an Elastic
// IP per AZ (manual addresses): no public subnet is needed.
func ExampleNewNetworkBase_regionalNat() {
	g := simulate(func(ctx *pulumi.Context) error {
		azs, err := components.AvailableZones(ctx)
		if err != nil {
			return err
		}
		_, err = components.NewNetworkBase(ctx, "core", &components.NetworkBaseArgs{
			CIDR: "10.20.0.0/16", AvailabilityZones: azs,
			NAT: components.NATRegional, NATAddressing: components.NATAddressManual,
			PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}},
		})
		return err
	})
	for _, r := range g.OfType("aws:ec2/route:Route") {
		fmt.Printf("%s: %s → %s\n", g.Source(r, "routeTableId").Name, r.Str("destinationCidrBlock"), g.Source(r, "natGatewayId").Name)
	}
	for _, nat := range g.OfType("aws:ec2/natGateway:NatGateway") {
		fmt.Println(nat.Name, nat.Str("availabilityMode"), len(nat.List("availabilityZoneAddresses")), "AZs with their own EIP")
	}
	// Output:
	// core-private-0-rt: 0.0.0.0/0 → core-nat
	// core-private-1-rt: 0.0.0.0/0 → core-nat
	// core-nat regional 2 AZs with their own EIP
}

// An invalid argument is an *ArgError and nothing is registered.
func ExampleNetworkBaseArgs_Validate() {
	err := components.NetworkBaseArgs{CIDR: "10.0.0.0/8", AvailabilityZones: []string{"ap-northeast-2a"},
		PrivateSubnets: []components.SubnetSpec{{}}}.Validate("core")
	fmt.Println(err)
	// Output: NetworkBase: CIDR = "10.0.0.0/8": AWS accepts /16 to /28 blocks, this is /8
}

// A bastion reachable over SSH from one address, and a private instance
// reachable only from the bastion.
func ExampleNewBastionPair() {
	g := simulate(func(ctx *pulumi.Context) error {
		net, err := components.NewNetworkBase(ctx, "core", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: []string{"ap-northeast-2a"},
			PublicSubnets: []components.SubnetSpec{{}}, PrivateSubnets: []components.SubnetSpec{{}}})
		if err != nil {
			return err
		}
		_, err = components.NewBastionPair(ctx, "ops", &components.BastionPairArgs{
			VpcID: net.VPCID, VpcCIDR: net.CIDR, Access: components.AccessSSH, AdminCIDRs: []string{"198.51.100.7/32"},
			PublicSubnetID: net.PublicSubnets[0].ID, PrivateSubnetID: net.PrivateSubnets[0].ID,
		})
		return err
	})
	for _, r := range g.OfType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		from := r.Str("cidrIpv4")
		if sg := g.Source(r, "referencedSecurityGroupId"); sg != nil {
			from = sg.Name
		}
		fmt.Printf("%s: %s %s from %s\n", g.Source(r, "securityGroupId").Name, r.Str("ipProtocol"), r.Str("fromPort"), from)
	}
	// Output:
	// ops-bastion-sg: icmp 8 from 198.51.100.7/32
	// ops-bastion-sg: tcp 22 from 198.51.100.7/32
	// ops-private-sg: tcp 22 from ops-bastion-sg
}

// An S3 gateway endpoint on a private route table that allows only one bucket.
func ExampleNewGatewayEndpoint() {
	g := simulate(func(ctx *pulumi.Context) error {
		net, err := components.NewNetworkBase(ctx, "core", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: []string{"ap-northeast-2a"},
			PrivateSubnets: []components.SubnetSpec{{}}})
		if err != nil {
			return err
		}
		_, err = components.NewGatewayEndpoint(ctx, "s3", &components.GatewayEndpointArgs{
			VpcID: net.VPCID, Service: "s3", RouteTableIDs: []pulumi.StringInput{net.PrivateSubnets[0].RouteTableID},
			Resources: []pulumi.StringInput{pulumi.String("arn:aws:s3:::my-team-bucket")},
		})
		return err
	})
	ep := g.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "s3-endpoint")
	fmt.Println(ep.Str("serviceName"), "on", g.Source(ep, "routeTableIds").Name, "via", ep.Out("prefixListId"))
	// Output: com.amazonaws.ap-northeast-2.s3 on core-private-0-rt via pl-78a54011
}

// The Session Manager endpoints in two AZs as one bundle resource, each
// endpoint with its own security group; each endpoint is a child of the
// bundle, which is how Pulumi YAML and TypeScript users get them too.
func ExampleNewInterfaceEndpoints() {
	g := simulate(func(ctx *pulumi.Context) error {
		net, err := components.NewNetworkBase(ctx, "core", &components.NetworkBaseArgs{CIDR: "10.10.0.0/23",
			AvailabilityZones: []string{"ap-northeast-2a", "ap-northeast-2b"}, PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}}})
		if err != nil {
			return err
		}
		var subnets []components.EndpointSubnet
		for _, s := range net.PrivateSubnets {
			subnets = append(subnets, components.EndpointSubnet{ID: s.ID, AZ: s.AZ})
		}
		_, err = components.NewInterfaceEndpoints(ctx, "ssm", &components.InterfaceEndpointsArgs{
			Services: components.SSMServices,
			Endpoint: components.InterfaceEndpointArgs{VpcID: net.VPCID, VpcCIDR: net.CIDR, VpcDNSHostnames: net.DNSHostnames, VpcDNSSupport: true, Subnets: subnets},
		})
		return err
	})
	for _, ep := range g.OfType("aws:ec2/vpcEndpoint:VpcEndpoint") {
		fmt.Println(ep.Str("serviceName"), len(ep.Strs("subnetIds")), "AZs, private DNS", ep.Str("privateDnsEnabled"))
	}
	for _, ep := range g.OfType("vpclab:index:InterfaceEndpoint") {
		fmt.Println(ep.Name, "under", g.ByURN(ep.Parent).Type)
	}
	// Output:
	// com.amazonaws.ap-northeast-2.ec2messages 2 AZs, private DNS true
	// com.amazonaws.ap-northeast-2.ssm 2 AZs, private DNS true
	// com.amazonaws.ap-northeast-2.ssmmessages 2 AZs, private DNS true
	// ssm-ec2messages under vpclab:index:InterfaceEndpoints
	// ssm-ssm under vpclab:index:InterfaceEndpoints
	// ssm-ssmmessages under vpclab:index:InterfaceEndpoints
}

// One interface endpoint, for CloudFormation.
func ExampleNewInterfaceEndpoint() {
	g := simulate(func(ctx *pulumi.Context) error {
		net, err := components.NewNetworkBase(ctx, "core", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16",
			AvailabilityZones: []string{"ap-northeast-2a"}, PrivateSubnets: []components.SubnetSpec{{}}})
		if err != nil {
			return err
		}
		_, err = components.NewInterfaceEndpoint(ctx, "cfn", &components.InterfaceEndpointArgs{
			VpcID: net.VPCID, VpcCIDR: net.CIDR, VpcDNSHostnames: true, VpcDNSSupport: true, Service: "cloudformation",
			Subnets: []components.EndpointSubnet{{ID: net.PrivateSubnets[0].ID, AZ: net.PrivateSubnets[0].AZ}},
		})
		return err
	})
	in := g.Find("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "cfn-ingress-0")
	fmt.Println(g.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "cfn-endpoint").Str("serviceName"), "allows tcp", in.Str("fromPort"), "from", in.Str("cidrIpv4"))
	// Output: com.amazonaws.ap-northeast-2.cloudformation allows tcp 443 from 10.0.0.0/16
}

// A bucket whose objects answer only through one endpoint (and the deployer).
func ExampleNewPrivateBucket() {
	g := simulate(func(ctx *pulumi.Context) error {
		_, err := components.NewPrivateBucket(ctx, "reports", &components.PrivateBucketArgs{
			EndpointIDs: []pulumi.StringInput{pulumi.String("vpce-0123456789abcdef0")}, ForceDestroy: true,
		})
		return err
	})
	for _, r := range g.OfType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock") {
		fmt.Println("public access blocked:", r.Str("blockPublicPolicy"), r.Str("restrictPublicBuckets"))
	}
	// Output: public access blocked: true true
}

// The bucket policy a PrivateBucket applies, as a typed document.
func ExampleEndpointOnlyBucketPolicy() {
	doc, _ := components.EndpointOnlyBucketPolicy(components.BucketPolicyArgs{
		BucketARN: "arn:aws:s3:::reports", Condition: components.SourceVpce, Sources: []string{"vpce-1a2b3c4d"},
		ExemptPrincipalARNs: []string{"arn:aws:iam::123456789012:role/Deployer"},
	})
	for _, s := range doc.Statement {
		fmt.Println(s.Sid, s.Effect, s.Condition)
	}
	// Output:
	// DenyDataAccessOutsideTheEndpoint Deny map[ArnNotLike:map[aws:PrincipalArn:[arn:aws:iam::123456789012:role/Deployer]] StringNotEquals:map[aws:SourceVpce:[vpce-1a2b3c4d]]]
	// DenyInsecureTransport Deny map[Bool:map[aws:SecureTransport:[false]]]
}

// Two web servers behind an internal NLB published as an endpoint service,
// with a consumer endpoint in another VPC, accepted in code.
func ExampleNewPrivateLinkService() {
	g := simulate(func(ctx *pulumi.Context) error {
		azs := []string{"ap-northeast-2a", "ap-northeast-2b"}
		prov, err := components.NewNetworkBase(ctx, "prov", &components.NetworkBaseArgs{CIDR: "10.1.0.0/16", AvailabilityZones: azs,
			PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}}})
		if err != nil {
			return err
		}
		cons, err := components.NewNetworkBase(ctx, "cons", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: azs,
			PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}}})
		if err != nil {
			return err
		}
		var servers []components.WebServer
		var nlbSubnets []components.EndpointSubnet
		for i, s := range prov.PrivateSubnets {
			servers = append(servers, components.WebServer{SubnetID: s.ID, AZ: s.AZ, Page: fmt.Sprintf("server %d", i+1)})
			nlbSubnets = append(nlbSubnets, components.EndpointSubnet{ID: s.ID, AZ: s.AZ})
		}
		web, err := components.NewWebServers(ctx, "web", &components.WebServersArgs{VpcID: prov.VPCID, Servers: servers})
		if err != nil {
			return err
		}
		_, err = components.NewPrivateLinkService(ctx, "svc", &components.PrivateLinkServiceArgs{
			VpcID: prov.VPCID, Subnets: nlbSubnets, Targets: web.Instances, TargetSecurityGroupID: web.SecurityGroupID,
			Consumer: &components.PrivateLinkConsumer{VpcID: cons.VPCID, VpcCIDR: cons.CIDR, Accept: true,
				Subnets: []components.EndpointSubnet{{ID: cons.PrivateSubnets[0].ID, AZ: cons.PrivateSubnets[0].AZ}}},
		})
		return err
	})
	for _, a := range g.OfType("aws:lb/targetGroupAttachment:TargetGroupAttachment") {
		fmt.Println(g.Source(a, "targetId").Name, "→", g.Source(a, "targetGroupArn").Name)
	}
	acc := g.Find("aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter", "svc-accepter")
	fmt.Println(g.Source(acc, "vpcEndpointId").Name, "accepted by", g.Source(acc, "vpcEndpointServiceId").Name)
	// Output:
	// web-1 → svc-tg
	// web-2 → svc-tg
	// svc-consumer-endpoint accepted by svc-service
}

// WebServers alone: httpd with one page each, no SSH, no public IP.
func ExampleNewWebServers() {
	g := simulate(func(ctx *pulumi.Context) error {
		net, err := components.NewNetworkBase(ctx, "prov", &components.NetworkBaseArgs{CIDR: "10.1.0.0/16",
			AvailabilityZones: []string{"ap-northeast-2a"}, PrivateSubnets: []components.SubnetSpec{{}}})
		if err != nil {
			return err
		}
		_, err = components.NewWebServers(ctx, "web", &components.WebServersArgs{VpcID: net.VPCID,
			Servers: []components.WebServer{{SubnetID: net.PrivateSubnets[0].ID, AZ: net.PrivateSubnets[0].AZ, Page: "hello"}}})
		return err
	})
	w := g.Find("aws:ec2/instance:Instance", "web-1")
	fmt.Println(w.Tag("Name"), "public IP:", w.Str("associatePublicIpAddress"))
	// Output: web-WEB-1 public IP: false
}

// An instance that waits for everything the network built: DependsOn
// expands a vpclab component to every resource registered under it, where
// pulumi.DependsOn(net) would list only those whose registration had begun.
func ExampleDependsOn() {
	g := simulate(func(ctx *pulumi.Context) error {
		net, err := components.NewNetworkBase(ctx, "core", &components.NetworkBaseArgs{
			CIDR: "10.20.0.0/16", AvailabilityZones: []string{"ap-northeast-2a", "ap-northeast-2c"}, NAT: components.NATPerAZ,
			PublicSubnets:  []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}},
			PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}},
		})
		if err != nil {
			return err
		}
		_, err = ec2.NewInstance(ctx, "app", &ec2.InstanceArgs{
			Ami: pulumi.String("ami-0123456789abcdef0"), InstanceType: pulumi.String("t3.micro"), SubnetId: net.PrivateSubnets[0].ID,
		}, components.DependsOn(net))
		return err
	})
	app := g.Find("aws:ec2/instance:Instance", "app")
	var network, waited int
	var walk func(*sim.Resource)
	walk = func(r *sim.Resource) {
		for _, c := range g.Children(r) {
			if c.Custom {
				network++
				if slices.Contains(app.Dependencies, c.URN) {
					waited++
				}
			}
			walk(c)
		}
	}
	walk(g.Find("vpclab:index:NetworkBase", "core"))
	fmt.Printf("app waits for %d of the network's %d resources\n", waited, network)
	// Output:
	// app waits for 21 of the network's 21 resources
}
