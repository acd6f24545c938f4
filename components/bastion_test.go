package components_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/sim"
)

// pair builds a two-AZ network and a BastionPair on it; mutate edits the pair's args.
func pair(mutate func(*components.BastionPairArgs)) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		nb, err := components.NewNetworkBase(ctx, "net", &components.NetworkBaseArgs{
			CIDR: "10.0.0.0/16", AvailabilityZones: seoul,
			PublicSubnets:  []components.SubnetSpec{{AZIndex: 0}},
			PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}},
		})
		if err != nil {
			return err
		}
		args := &components.BastionPairArgs{
			VpcID: nb.VPCID, VpcCIDR: nb.CIDR,
			PublicSubnetID: nb.PublicSubnets[0].ID, PublicSubnetAZ: nb.PublicSubnets[0].AZ,
			PrivateSubnetID: nb.PrivateSubnets[0].ID, PrivateSubnetAZ: nb.PrivateSubnets[0].AZ,
		}
		if mutate != nil {
			mutate(args)
		}
		_, err = components.NewBastionPair(ctx, "bp", args)
		return err
	}
}

func TestSSMAccessIsTheDefaultAndOpensNoPort(t *testing.T) {
	g := mustRun(t, pair(nil))
	if g.Find(tInstance, "bp-bastion") != nil {
		t.Error("access ssm built a bastion")
	}
	if n := len(g.OfType(tIngress)); n != 0 {
		t.Errorf("access ssm opened %d inbound rules", n)
	}
	private := find(t, g, tInstance, "bp-private")
	if private.Str("keyName") != "" || private.Str("associatePublicIpAddress") != "false" {
		t.Errorf("private instance key %q public %s", private.Str("keyName"), private.Str("associatePublicIpAddress"))
	}
	// Only the VPC is reachable without NAT: 443 to the VPC CIDR for interface endpoints.
	egress := g.OfType(tEgress)
	if len(egress) != 1 || egress[0].Str("cidrIpv4") != "10.0.0.0/16" || egress[0].Str("fromPort") != "443" {
		t.Errorf("egress rules %d, want only 443 to the VPC", len(egress))
	}
}

func TestAMIComesFromTheSSMPublicParameter(t *testing.T) {
	res, err := run(t, pair(nil))
	if err != nil {
		t.Fatal(err)
	}
	var asked string
	for _, inv := range res.Invokes {
		if inv.Token == "aws:ssm/getParameter:getParameter" {
			asked = inv.Args["name"].StringValue()
		}
	}
	if asked != components.DefaultAMIParameter {
		t.Errorf("AMI looked up from %q, want %q", asked, components.DefaultAMIParameter)
	}
	private := find(t, res.Graph, tInstance, "bp-private")
	if !strings.HasPrefix(private.Str("ami"), "ami-") {
		t.Errorf("ami = %q", private.Str("ami"))
	}
}

// A new Amazon Linux release between two `pulumi up` must not replace the
// instances: every instance the components create ignores later AMI changes,
// and the recorded option is what the engine would apply.
func TestInstancesKeepTheirAMI(t *testing.T) {
	for name, g := range map[string]*sim.Graph{
		"bastion pair": mustRun(t, pair(func(a *components.BastionPairArgs) {
			a.Access, a.AdminCIDRs = components.AccessBoth, []string{"198.51.100.7/32"}
		})),
		"web servers": mustRun(t, linkLab("svc", nil)),
	} {
		instances := g.OfType(tInstance)
		if len(instances) < 2 {
			t.Fatalf("%s: %d instances", name, len(instances))
		}
		for _, in := range instances {
			if !slices.Contains(in.IgnoreChanges, "ami") {
				t.Errorf("%s: %s ignores %v, want ami: a new image would replace it", name, in.Name, in.IgnoreChanges)
			}
		}
	}
}

// Exceptions given to the pair land on the private instance, where the guard
// rules look for them.
func TestBastionPairExceptionsTagThePrivateInstance(t *testing.T) {
	g := mustRun(t, pair(func(a *components.BastionPairArgs) {
		a.Exceptions = components.Exceptions{"LAB-VPCE-03": "a lab step leaves the instance unreachable on purpose"}
	}))
	if got := find(t, g, tInstance, "bp-private").Tag("vpclab:exception:LAB-VPCE-03"); got != "a lab step leaves the instance unreachable on purpose" {
		t.Errorf("exception tag %q", got)
	}
	_, err := run(t, pair(func(a *components.BastionPairArgs) {
		a.Exceptions = components.Exceptions{"VPCE-03": "a reason long enough"}
	}))
	if ae, ok := components.AsArgError(err); !ok || ae.Arg != "Exceptions" {
		t.Errorf("bad rule ID: %v", err)
	}
}

func TestPlacementGroupHoldsBothInstances(t *testing.T) {
	g := mustRun(t, pair(func(a *components.BastionPairArgs) {
		a.Access, a.AdminCIDRs, a.PlacementStrategy = components.AccessBoth, []string{"198.18.0.1/32"}, "partition"
	}))
	pg := find(t, g, "aws:ec2/placementGroup:PlacementGroup", "bp-pg")
	if pg.Str("strategy") != "partition" || pg.Str("partitionCount") != "2" {
		t.Errorf("placement group %s/%s, want partition/2", pg.Str("strategy"), pg.Str("partitionCount"))
	}
	for _, n := range []string{"bp-bastion", "bp-private"} {
		if g.Source(find(t, g, tInstance, n), "placementGroup") != pg {
			t.Errorf("%s is not in the placement group", n)
		}
	}
}

func TestBastionPairRejectsBadArgs(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*components.BastionPairArgs)
		arg    string
		rule   string
	}{
		{"no vpc", func(a *components.BastionPairArgs) { a.VpcID = nil }, "VpcID", "is required"},
		{"no private subnet", func(a *components.BastionPairArgs) { a.PrivateSubnetID = nil }, "PrivateSubnetID", "is required"},
		{"ssh without public subnet", func(a *components.BastionPairArgs) {
			a.Access, a.AdminCIDRs, a.PublicSubnetID = components.AccessSSH, []string{"198.18.0.1/32"}, nil
		}, "PublicSubnetID", "the bastion lives in a public subnet"},
		{"broad ipv6 admin", func(a *components.BastionPairArgs) {
			a.Access, a.AdminCIDRs = components.AccessSSH, []string{"2001:db8::/32"}
		}, "AdminCIDRs[0]", "wider than /48"},
		{"not a cidr", func(a *components.BastionPairArgs) {
			a.Access, a.AdminCIDRs = components.AccessSSH, []string{"my laptop"}
		}, "AdminCIDRs[0]", "not a CIDR block"},
		{"bad key name", func(a *components.BastionPairArgs) {
			a.Access, a.AdminCIDRs, a.KeyName = components.AccessSSH, []string{"198.18.0.1/32"}, "ключ"
		}, "KeyName", "printable ASCII"},
		{"arm ami on x86 type", func(a *components.BastionPairArgs) {
			a.AMIParameter = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
		}, "InstanceType", "is x86_64 but AMIParameter"},
		{"bad vpc cidr", func(a *components.BastionPairArgs) { a.VpcCIDR = "ten" }, "VpcCIDR", "not a CIDR"},
		{"ping without prefix lists", func(a *components.BastionPairArgs) { a.PingPrefixLists = true }, "PingPrefixLists", "there are none"},
		{"nil prefix list", func(a *components.BastionPairArgs) { a.EgressPrefixListIDs = []pulumi.StringInput{nil} }, "EgressPrefixListIDs[0]", "is nil"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := run(t, pair(tc.mutate))
			ae, ok := components.AsArgError(err)
			if !ok {
				t.Fatalf("error %v is not an *ArgError", err)
			}
			if ae.Component != "BastionPair" || ae.Arg != tc.arg || !strings.Contains(ae.Rule, tc.rule) {
				t.Errorf("got %s, want arg %s and rule containing %q", ae, tc.arg, tc.rule)
			}
			// The network registered first; the pair must add nothing.
			for _, r := range res.Graph.Resources {
				if strings.HasPrefix(r.Name, "bp") {
					t.Errorf("%s registered despite the bad argument", r)
				}
			}
		})
	}
}

func TestArmInstancesTakeArmImages(t *testing.T) {
	args := components.BastionPairArgs{InstanceType: "t4g.small", AMIParameter: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"}
	if err := args.Validate("bp"); err != nil {
		t.Errorf("a Graviton type with an arm64 image is refused: %v", err)
	}
	args = components.BastionPairArgs{InstanceType: "c7gn.large"}
	if err := args.Validate("bp"); err == nil || !strings.Contains(err.Error(), "is arm64") {
		t.Errorf("c7gn with an x86 image: %v", err)
	}
}

// Pulumi autonames roles <name>-private-role-xxxxxxx; IAM allows 64 characters.
func TestRoleNamesFitIAM(t *testing.T) {
	if err := (components.BastionPairArgs{}).Validate(strings.Repeat("b", 44)); err == nil || !strings.Contains(err.Error(), "at most 64 characters") {
		t.Errorf("a 44-character BastionPair name: %v", err)
	}
	if err := (components.BastionPairArgs{}).Validate(strings.Repeat("b", 43)); err != nil {
		t.Errorf("a 43-character BastionPair name (64 with the suffixes): %v", err)
	}
	args := twoAZ(components.NATNone)
	args.FlowLogs = true
	if err := args.Validate(strings.Repeat("n", 50)); err == nil || !strings.Contains(err.Error(), "-flow-logs-role-xxxxxxx") {
		t.Errorf("a long NetworkBase name with flow logs: %v", err)
	}
	if err := (components.WebServersArgs{}).Validate("web server"); err == nil || !strings.Contains(err.Error(), "IAM role") {
		t.Errorf("a WebServers name with a space: %v", err)
	}
}

// PingPrefixLists adds ICMP echo request to each prefix list the private
// instance already reaches on 443, and only with the option.
func TestPingPrefixLists(t *testing.T) {
	lists := []pulumi.StringInput{pulumi.String("pl-78a54011"), pulumi.String("pl-0a1b2c3d")}
	for _, ping := range []bool{false, true} {
		g := mustRun(t, pair(func(a *components.BastionPairArgs) { a.EgressPrefixListIDs, a.PingPrefixLists = lists, ping }))
		sg := find(t, g, "aws:ec2/securityGroup:SecurityGroup", "bp-private-sg")
		var icmp []string
		for _, r := range g.OfType(tEgress) {
			if r.Str("ipProtocol") != "icmp" {
				continue
			}
			if g.Source(r, "securityGroupId") != sg || r.Str("fromPort") != "8" || r.Str("toPort") != "-1" || r.Str("cidrIpv4") != "" {
				t.Errorf("%s: icmp %s/%s to %q on %v; want echo request on the private SG to a prefix list", r.Name, r.Str("fromPort"), r.Str("toPort"), r.Str("cidrIpv4"), g.Source(r, "securityGroupId"))
			}
			icmp = append(icmp, r.Name+"→"+r.Str("prefixListId"))
		}
		want := []string(nil)
		if ping {
			want = []string{"bp-private-icmp-prefix-list-0→pl-78a54011", "bp-private-icmp-prefix-list-1→pl-0a1b2c3d"}
		}
		if strings.Join(icmp, " ") != strings.Join(want, " ") {
			t.Errorf("PingPrefixLists=%v: ICMP egress %v, want %v", ping, icmp, want)
		}
	}
}
