package components_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/awsrules"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/sim"
)

// Every mode of every component registers only what AWS accepts: the
// simulated AWS judges each registration against its input rules, so every
// built-in description, Name tag and exception reason a mode produces is
// checked, not just the ones the shipped stacks use.
func TestEveryComponentModePassesTheAWSInputRules(t *testing.T) {
	azs := seoul[:2]
	net := func(ctx *pulumi.Context, name, cidr string, args components.NetworkBaseArgs) (*components.NetworkBase, error) {
		args.CIDR, args.AvailabilityZones = cidr, azs
		if args.PrivateSubnets == nil {
			args.PrivateSubnets = []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}}
		}
		return components.NewNetworkBase(ctx, name, &args)
	}
	endpointSubnets := func(ss []*components.Subnet) []components.EndpointSubnet {
		var out []components.EndpointSubnet
		for _, s := range ss {
			out = append(out, components.EndpointSubnet{ID: s.ID, AZ: s.AZ})
		}
		return out
	}
	public := []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}}
	modes := map[string]pulumi.RunFunc{}

	for _, nat := range components.NATModes {
		for _, flow := range []bool{false, true} {
			nat, flow := nat, flow
			modes[fmt.Sprintf("network nat=%s flowLogs=%v", nat, flow)] = func(ctx *pulumi.Context) error {
				_, err := net(ctx, "net", "10.0.0.0/16", components.NetworkBaseArgs{PublicSubnets: public, NAT: nat, FlowLogs: flow,
					Exceptions: components.Exceptions{"LAB-VPC-05": "a unit test accepts this finding"}})
				return err
			}
		}
	}
	modes["network without DNS hostnames, caller's names and tier tags"] = func(ctx *pulumi.Context) error {
		_, err := net(ctx, "net", "20.0.0.0/16", components.NetworkBaseArgs{PublicSubnets: public, DisableDNSHostnames: true, AllowPublicAddressSpace: true,
			NameTag:    func(c components.NetworkChild) string { return "CloudNeta-" + string(c.Kind) },
			PublicTags: components.TierTags{Subnets: map[string]string{"kubernetes.io/role/elb": "1"}}})
		return err
	}
	for _, access := range components.AccessModes {
		for _, placement := range components.PlacementStrategies {
			for _, internet := range []bool{false, true} {
				access, placement, internet := access, placement, internet
				modes[fmt.Sprintf("bastion access=%s placement=%q internetEgress=%v", access, placement, internet)] = func(ctx *pulumi.Context) error {
					nb, err := net(ctx, "net", "10.0.0.0/16", components.NetworkBaseArgs{PublicSubnets: []components.SubnetSpec{{AZIndex: 0}},
						PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}}, NAT: components.NATSingle})
					if err != nil {
						return err
					}
					args := &components.BastionPairArgs{VpcID: nb.VPCID, VpcCIDR: nb.CIDR, Access: access, PlacementStrategy: placement,
						PublicSubnetID: nb.PublicSubnets[0].ID, PrivateSubnetID: nb.PrivateSubnets[0].ID, PublicSubnetAZ: azs[0], PrivateSubnetAZ: azs[0],
						InternetEgress: internet, VpcEgressPorts: []int{443, 8080}, AllowListAllBuckets: true, NamePrefix: "Lab",
						EgressPrefixListIDs: []pulumi.StringInput{pulumi.String("pl-78a54011")},
						BucketARNs:          []pulumi.StringInput{pulumi.String("arn:aws:s3:::lab-bucket")},
						Tags:                map[string]string{"Project": "vpclab", "Owner": "team@example.com"}}
					if access.HasBastion() {
						args.AdminCIDRs, args.KeyName = []string{"198.51.100.7/32", "2001:db8::/48"}, "lab-key"
					}
					if placement == "cluster" {
						args.InstanceType = "c5.large"
					}
					_, err = components.NewBastionPair(ctx, "access", args)
					return err
				}
			}
		}
	}
	for name, gw := range map[string]components.GatewayEndpointArgs{
		"s3 least privilege":  {Service: "s3", AllowListAllBuckets: true, AllowAmazonLinuxRepos: true, Resources: []pulumi.StringInput{pulumi.String("arn:aws:s3:::lab-bucket")}},
		"s3 full access":      {Service: "s3", Policy: components.PolicyFullAccess, Exceptions: components.Exceptions{"LAB-VPCE-01": "a unit test chose full access"}},
		"dynamodb":            {Service: "dynamodb", Resources: []pulumi.StringInput{pulumi.String("arn:aws:dynamodb:ap-northeast-2:123456789012:table/*")}},
		"dynamodb own action": {Service: "dynamodb", Actions: []string{"dynamodb:GetItem"}, Resources: []pulumi.StringInput{pulumi.String("arn:aws:dynamodb:ap-northeast-2:123456789012:table/t")}},
	} {
		gw := gw
		modes["gateway "+name] = func(ctx *pulumi.Context) error {
			nb, err := net(ctx, "net", "10.0.0.0/16", components.NetworkBaseArgs{})
			if err != nil {
				return err
			}
			gw.VpcID, gw.RouteTableIDs = nb.VPCID, []pulumi.StringInput{nb.PrivateSubnets[0].RouteTableID, nb.PrivateSubnets[1].RouteTableID}
			_, err = components.NewGatewayEndpoint(ctx, gw.Service, &gw)
			return err
		}
	}
	var services []string
	for _, s := range sim.Catalogue {
		if s.Interface {
			services = append(services, s.Name)
		}
	}
	sort.Strings(services)
	for _, svc := range services {
		svc := svc
		modes["interface "+svc] = func(ctx *pulumi.Context) error {
			nb, err := net(ctx, "net", "10.0.0.0/16", components.NetworkBaseArgs{})
			if err != nil {
				return err
			}
			args := &components.InterfaceEndpointArgs{VpcID: nb.VPCID, VpcCIDR: nb.CIDR,
				VpcDNSHostnames: true, VpcDNSSupport: true, Service: svc, Subnets: endpointSubnets(nb.PrivateSubnets), NameTag: "Lab-Endpoint-" + svc}
			if slices.Contains(components.GatewayServices, svc) {
				// Private DNS only for inbound resolvers (AWS's default) needs the gateway endpoint.
				gw, err := components.NewGatewayEndpoint(ctx, svc+"-gateway", &components.GatewayEndpointArgs{VpcID: nb.VPCID, Service: svc,
					RouteTableIDs: []pulumi.StringInput{nb.PrivateSubnets[0].RouteTableID}, Policy: components.PolicyFullAccess,
					Exceptions: components.Exceptions{"LAB-VPCE-01": "a unit test chose full access"}})
				if err != nil {
					return err
				}
				args.GatewayEndpoints = map[string]pulumi.Resource{svc: gw}
			}
			_, err = components.NewInterfaceEndpoint(ctx, "vpce", args)
			return err
		}
	}
	for _, internetFacing := range []bool{false, true} {
		for _, accept := range []bool{false, true} {
			internetFacing, accept := internetFacing, accept
			modes[fmt.Sprintf("privatelink internetFacing=%v accept=%v", internetFacing, accept)] = func(ctx *pulumi.Context) error {
				prov, err := net(ctx, "prov", "10.1.0.0/16", components.NetworkBaseArgs{PublicSubnets: public, NAT: components.NATSingle})
				if err != nil {
					return err
				}
				cons, err := net(ctx, "cons", "10.0.0.0/16", components.NetworkBaseArgs{})
				if err != nil {
					return err
				}
				var servers []components.WebServer
				for i, s := range prov.PrivateSubnets {
					servers = append(servers, components.WebServer{SubnetID: s.ID, AZ: s.AZ, Page: fmt.Sprintf("Endpoint Service Lab - CloudNeta Web Server %d", i+1)})
				}
				web, err := components.NewWebServers(ctx, "web", &components.WebServersArgs{VpcID: prov.VPCID, Servers: servers, Port: 8080, InternetEgress: true,
					EgressPrefixListIDs: []pulumi.StringInput{pulumi.String("pl-78a54011")}, NamePrefix: "Provider"})
				if err != nil {
					return err
				}
				nlbSubnets, clients := endpointSubnets(prov.PrivateSubnets), []string(nil)
				if internetFacing {
					nlbSubnets, clients = endpointSubnets(prov.PublicSubnets), []string{"10.0.0.0/16", "198.51.100.7/32"}
				}
				acceptance := accept
				_, err = components.NewPrivateLinkService(ctx, "svc", &components.PrivateLinkServiceArgs{VpcID: prov.VPCID, Subnets: nlbSubnets,
					Targets: web.Instances, TargetSecurityGroupID: web.SecurityGroupID, Port: 8080, InternetFacing: internetFacing, ClientCIDRs: clients,
					AcceptanceRequired: &acceptance, NLBName: "Custom-NLB", TargetGroupName: "Custom-NLB-TG", ServiceName: "Custom-EPS",
					Consumer:   &components.PrivateLinkConsumer{VpcID: cons.VPCID, VpcCIDR: cons.CIDR, Accept: accept, Subnets: endpointSubnets(cons.PrivateSubnets)},
					Exceptions: components.Exceptions{"LAB-LB-02": "a unit test tears the load balancer down"}})
				return err
			}
		}
	}
	for _, cond := range []components.SourceCondition{components.SourceVpce, components.SourceVpc} {
		cond := cond
		modes["bucket "+string(cond)] = func(ctx *pulumi.Context) error {
			args := &components.PrivateBucketArgs{Condition: cond, ForceDestroy: true, NameTag: "lab-bucket", AdminARNs: []string{"arn:aws:iam::123456789012:role/Admin"}}
			if cond == components.SourceVpc {
				args.VpcIDs = []pulumi.StringInput{pulumi.String("vpc-0123456789abcdef0")}
			} else {
				args.EndpointIDs = []pulumi.StringInput{pulumi.String("vpce-0123456789abcdef0")}
			}
			_, err := components.NewPrivateBucket(ctx, "vpclab", args)
			return err
		}
	}

	names := make([]string, 0, len(modes))
	for n := range modes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		res, err := run(t, modes[name])
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if res.Rules.Refusals != 0 || res.Rules.Checked == 0 {
			t.Errorf("%s: %s", name, res.Rules)
		}
	}
}

// Finding 1: the rule to a gateway endpoint's prefix list had an
// apostrophe in its description, which EC2 refuses in a rule that
// references a prefix list.
func TestPrefixListEgressDescriptionIsAcceptedByEC2(t *testing.T) {
	g := mustRun(t, func(ctx *pulumi.Context) error {
		nb, err := components.NewNetworkBase(ctx, "net", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: seoul, PrivateSubnets: []components.SubnetSpec{{}}})
		if err != nil {
			return err
		}
		_, err = components.NewBastionPair(ctx, "access", &components.BastionPairArgs{VpcID: nb.VPCID, VpcCIDR: nb.CIDR, PrivateSubnetID: nb.PrivateSubnets[0].ID,
			EgressPrefixListIDs: []pulumi.StringInput{pulumi.String("pl-78a54011")}})
		return err
	})
	r := find(t, g, tEgress, "access-private-https-prefix-list-0")
	if err := awsrules.CheckText("ec2.sg-rule.description.prefix-list", r.Str("description")); err != nil || r.Str("prefixListId") != "pl-78a54011" {
		t.Errorf("rule to %s: %v", r.Str("prefixListId"), err)
	}
}

// Finding 2: the private role's LAB-IAM-02 reason had a "*", which IAM
// refuses in a tag value; the role now registers and its reason passes
// every service's tag rules.
func TestListAllBucketsExceptionIsAValidIAMTag(t *testing.T) {
	g := mustRun(t, func(ctx *pulumi.Context) error {
		nb, err := components.NewNetworkBase(ctx, "net", &components.NetworkBaseArgs{CIDR: "10.0.0.0/16", AvailabilityZones: seoul, PrivateSubnets: []components.SubnetSpec{{}}})
		if err != nil {
			return err
		}
		_, err = components.NewBastionPair(ctx, "access", &components.BastionPairArgs{VpcID: nb.VPCID, VpcCIDR: nb.CIDR, PrivateSubnetID: nb.PrivateSubnets[0].ID,
			AllowListAllBuckets: true, GuardrailTags: true})
		return err
	})
	role := find(t, g, "aws:iam/role:Role", "access-private-role")
	key := components.ExceptionTagPrefix + "LAB-IAM-02"
	reason := role.Tag(key)
	if !strings.Contains(reason, "s3:ListAllMyBuckets") {
		t.Fatalf("role tag %s = %q", key, reason)
	}
	if err := awsrules.CheckTag(key, reason); err != nil {
		t.Error(err)
	}
}
