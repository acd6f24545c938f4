package components_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/sim"
)

func network(args components.NetworkBaseArgs) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := components.NewNetworkBase(ctx, "net", &args)
		return err
	}
}

func twoAZ(nat components.NATMode) components.NetworkBaseArgs {
	return components.NetworkBaseArgs{
		CIDR: "10.20.0.0/16", AvailabilityZones: seoul, NAT: nat,
		PublicSubnets:  []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}},
		PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}},
		Tags:           map[string]string{"Project": "unit"},
	}
}

func TestCarvedSubnetsFollowTierOrder(t *testing.T) {
	g := mustRun(t, network(twoAZ(components.NATNone)))
	for name, want := range map[string][3]string{
		"net-public-0":  {"10.20.0.0/24", "ap-northeast-2a", "net-public-ap-northeast-2a"},
		"net-public-1":  {"10.20.1.0/24", "ap-northeast-2b", "net-public-ap-northeast-2b"},
		"net-private-0": {"10.20.2.0/24", "ap-northeast-2a", "net-private-ap-northeast-2a"},
		"net-private-1": {"10.20.3.0/24", "ap-northeast-2b", "net-private-ap-northeast-2b"},
	} {
		sn := find(t, g, tSubnet, name)
		if got := [3]string{sn.Str("cidrBlock"), sn.Str("availabilityZone"), sn.Tag("Name")}; got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

func TestExplicitCIDRsAreKeptAndCarvingSkipsThem(t *testing.T) {
	args := twoAZ(components.NATNone)
	args.PublicSubnets[1].CIDR = "10.20.0.0/24" // the block carving would pick first
	g := mustRun(t, network(args))
	if got := find(t, g, tSubnet, "net-public-1").Str("cidrBlock"); got != "10.20.0.0/24" {
		t.Errorf("explicit CIDR became %s", got)
	}
	if got := find(t, g, tSubnet, "net-public-0").Str("cidrBlock"); got != "10.20.1.0/24" {
		t.Errorf("carved CIDR %s, want the first free block 10.20.1.0/24", got)
	}
}

// Per-AZ NAT: each private subnet's default route goes to the NAT gateway in
// its own AZ, which sits in that AZ's public subnet.
func TestPerAZNatKeepsTrafficInItsAZ(t *testing.T) {
	g := mustRun(t, network(twoAZ(components.NATPerAZ)))
	if n := len(g.OfType(tNAT)); n != 2 {
		t.Fatalf("%d NAT gateways, want 2", n)
	}
	for _, i := range []string{"0", "1"} {
		private := find(t, g, tSubnet, "net-private-"+i)
		route := find(t, g, tRoute, "net-private-"+i+"-default-route")
		if rt := g.Source(route, "routeTableId"); rt == nil || rt.Name != "net-private-"+i+"-rt" {
			t.Errorf("route %s is in %v", route.Name, rt)
		}
		nat := g.Source(route, "natGatewayId")
		if nat == nil || nat.ID != route.Str("natGatewayId") {
			t.Fatalf("route %s does not target a NAT gateway of this network", route.Name)
		}
		host := g.Source(nat, "subnetId")
		if host == nil || !strings.HasPrefix(host.Name, "net-public-") || host.Str("availabilityZone") != private.Str("availabilityZone") {
			t.Errorf("private subnet %s (%s) routes to a NAT in %v", private.Name, private.Str("availabilityZone"), host)
		}
	}
}

func TestSingleNatIsSharedByEveryPrivateSubnet(t *testing.T) {
	g := mustRun(t, network(twoAZ(components.NATSingle)))
	nats := g.OfType(tNAT)
	if len(nats) != 1 || g.Source(nats[0], "subnetId").Name != "net-public-0" {
		t.Fatalf("want one NAT gateway in net-public-0")
	}
	for _, i := range []string{"0", "1"} {
		if g.Source(find(t, g, tRoute, "net-private-"+i+"-default-route"), "natGatewayId") != nats[0] {
			t.Errorf("private subnet %s does not route to the single NAT", i)
		}
	}
}

func TestPrivateOnlyNetworkHasNoInternetPath(t *testing.T) {
	g := mustRun(t, network(components.NetworkBaseArgs{
		CIDR: "10.10.0.0/23", AvailabilityZones: seoul,
		PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}},
	}))
	if len(g.OfType(tIGW))+len(g.OfType(tNAT))+len(g.OfType(tRoute)) != 0 {
		t.Error("an isolated network got an IGW, a NAT gateway or a route")
	}
	// A /23 carves /25s by default: two bits smaller than the VPC.
	if got := find(t, g, tSubnet, "net-private-1").Str("cidrBlock"); got != "10.10.0.128/25" {
		t.Errorf("second carved subnet %s, want 10.10.0.128/25", got)
	}
}

func TestFlowLogsGoToTheirOwnLogGroup(t *testing.T) {
	args := twoAZ(components.NATNone)
	args.FlowLogs = true
	g := mustRun(t, network(args))
	fl := find(t, g, "aws:ec2/flowLog:FlowLog", "net-flow-log")
	vpc := find(t, g, tVpc, "net-vpc")
	group := find(t, g, "aws:cloudwatch/logGroup:LogGroup", "net-flow-logs")
	role := find(t, g, "aws:iam/role:Role", "net-flow-logs-role")
	if g.Source(fl, "vpcId") != vpc || g.Source(fl, "logDestination") != group || g.Source(fl, "iamRoleArn") != role {
		t.Error("flow log is not wired to this VPC, log group and role")
	}
	if fl.Str("logDestination") != group.Out("arn") || fl.Str("trafficType") != "ALL" {
		t.Errorf("flow log destination %s, traffic %s", fl.Str("logDestination"), fl.Str("trafficType"))
	}
	if group.Str("retentionInDays") != "365" {
		t.Errorf("retention %s, want the 365-day default", group.Str("retentionInDays"))
	}
	var trust components.PolicyDocument
	if err := json.Unmarshal([]byte(role.Str("assumeRolePolicy")), &trust); err != nil {
		t.Fatal(err)
	}
	if trust.Statement[0].Condition["StringEquals"]["aws:SourceAccount"][0] != sim.Account {
		t.Errorf("flow-log trust policy lacks the aws:SourceAccount guard: %s", role.Str("assumeRolePolicy"))
	}
	policy := find(t, g, "aws:iam/rolePolicy:RolePolicy", "net-flow-logs-policy")
	if g.Source(policy, "role") != role || !strings.Contains(policy.Str("policy"), `"`+group.Out("arn")+`:*"`) || strings.Contains(policy.Str("policy"), `"*"`) {
		t.Errorf("flow-log role policy is not scoped to the log group: %s", policy.Str("policy"))
	}
}

func TestEveryChildIsParentedNamedAndTagged(t *testing.T) {
	args := twoAZ(components.NATSingle)
	args.FlowLogs = true
	g := mustRun(t, network(args))
	comp := find(t, g, "vpclab:index:NetworkBase", "net")
	for _, r := range g.Resources {
		if r == comp {
			continue
		}
		if r.Parent != comp.URN {
			t.Errorf("%s is not parented to the component", r)
		}
		if !strings.HasPrefix(r.Name, "net-") {
			t.Errorf("%s is not named <component>-<role>", r)
		}
		if _, taggable := r.Inputs["tags"]; taggable || r.Type == tVpc {
			if r.Tag("Project") != "unit" || r.Tag("Name") == "" {
				t.Errorf("%s tags %v lack the component's tags or a Name", r, r.Inputs["tags"])
			}
		}
	}
}

// Switching NAT on or off must not change the URN of anything that exists in both.
func TestNatModeChangesKeepURNs(t *testing.T) {
	urns := map[components.NATMode]map[string]bool{}
	for _, m := range components.NATModes {
		urns[m] = map[string]bool{}
		for _, r := range mustRun(t, network(twoAZ(m))).Resources {
			urns[m][r.Type+" "+r.Name] = true
			if !strings.HasPrefix(r.URN, "urn:pulumi:unit::vpclab::") {
				t.Fatalf("unexpected URN %s", r.URN)
			}
		}
	}
	// Everything built without NAT is still there, under the same name, with NAT.
	for k := range urns[components.NATNone] {
		if !urns[components.NATSingle][k] || !urns[components.NATPerAZ][k] {
			t.Errorf("%s disappears when NAT is turned on", k)
		}
	}
	if !urns[components.NATPerAZ]["aws:ec2/natGateway:NatGateway net-public-0-nat"] || !urns[components.NATSingle]["aws:ec2/natGateway:NatGateway net-public-0-nat"] {
		t.Error("the first NAT gateway is renamed between single and per-az")
	}
}

func TestNetworkBaseRejectsBadArgs(t *testing.T) {
	ok := func() components.NetworkBaseArgs { return twoAZ(components.NATNone) }
	cases := []struct {
		name   string
		mutate func(*components.NetworkBaseArgs)
		arg    string
		rule   string
	}{
		{"no azs", func(a *components.NetworkBaseArgs) { a.AvailabilityZones = nil }, "AvailabilityZones", "at least one availability zone"},
		{"no subnets", func(a *components.NetworkBaseArgs) { a.PublicSubnets, a.PrivateSubnets = nil, nil }, "PrivateSubnets", "at least one public or private subnet"},
		{"ipv6 cidr", func(a *components.NetworkBaseArgs) { a.CIDR = "2001:db8::/56" }, "CIDR", "not an IPv4 CIDR"},
		{"public space allowed", func(a *components.NetworkBaseArgs) {
			a.CIDR, a.AllowPublicAddressSpace = "20.0.0.0/15", true
		}, "CIDR", "this is /15"},
		{"NAT without private subnets", func(a *components.NetworkBaseArgs) { a.NAT, a.PrivateSubnets = components.NATSingle, nil }, "NAT", "no private subnets"},
		{"tags too many", func(a *components.NetworkBaseArgs) {
			a.Tags = map[string]string{}
			for i := range 50 {
				a.Tags[string(rune('a'+i%26))+strings.Repeat("x", i)] = "v"
			}
		}, "Tags", "at most 49 tags"},
		{"aws: tag", func(a *components.NetworkBaseArgs) { a.Tags = map[string]string{"aws:owner": "me"} }, "Tags[aws:owner]", "begins with aws:"},
		{"Name tag", func(a *components.NetworkBaseArgs) { a.Tags = map[string]string{"Name": "x"} }, "Tags[Name]", "with NameTag"},
		{"long tag value", func(a *components.NetworkBaseArgs) { a.Tags = map[string]string{"k": strings.Repeat("v", 257)} }, "Tags[k]", "EC2 refuses the tag value"},
		{"long name from NameTag", func(a *components.NetworkBaseArgs) {
			a.NameTag = func(c components.NetworkChild) string { return c.Default + strings.Repeat("n", 260) }
		}, "NameTag(vpc)", "is 263 characters, more than 256"},
		{"subnet az past list", func(a *components.NetworkBaseArgs) { a.AvailabilityZones = seoul[:1] }, "PublicSubnets[1].AZIndex", "the region has 1 availability zone"},
		{"negative az index", func(a *components.NetworkBaseArgs) { a.PrivateSubnets[0].AZIndex = -1 }, "PrivateSubnets[0].AZIndex", "the index must be 0 to 3"},
		{"blank az name", func(a *components.NetworkBaseArgs) { a.AvailabilityZones = []string{"ap-northeast-2a", " "} }, "AvailabilityZones[1]", "must not be empty or blank"},
		{"repeated az", func(a *components.NetworkBaseArgs) {
			a.AvailabilityZones = []string{"ap-northeast-2a", "ap-northeast-2a"}
		}, "AvailabilityZones[1]", "repeats AvailabilityZones[0]"},
		{"bad subnet cidr", func(a *components.NetworkBaseArgs) { a.PrivateSubnets[1].CIDR = "10.20.1.1/24" }, "PrivateSubnets[1].CIDR", "host bits are set; the block is 10.20.1.0/24"},
		{"subnet outside the vpc", func(a *components.NetworkBaseArgs) { a.PublicSubnets[0].CIDR = "10.21.0.0/24" }, "PublicSubnets[0].CIDR", "not inside the VPC block 10.20.0.0/16"},
		{"overlapping subnets", func(a *components.NetworkBaseArgs) {
			a.PublicSubnets[0].CIDR, a.PrivateSubnets[0].CIDR = "10.20.0.0/23", "10.20.1.0/24"
		}, "PrivateSubnets[0].CIDR", "overlaps PublicSubnets[0].CIDR (10.20.0.0/23)"},
		{"blank subnet name", func(a *components.NetworkBaseArgs) { a.PrivateSubnets[1].Name = "  " }, "PrivateSubnets[1].Name", "must not be blank"},
		{"blank name from NameTag", func(a *components.NetworkBaseArgs) {
			a.NameTag = func(c components.NetworkChild) string { return " " }
		}, "NameTag(vpc)", "must not be blank"},
		{"Name in tier tags", func(a *components.NetworkBaseArgs) { a.PublicTags.Subnets = map[string]string{"Name": "x"} }, "PublicTags.Subnets[Name]", "Name is set per resource"},
		{"bad subnet tag", func(a *components.NetworkBaseArgs) { a.PrivateSubnets[0].Tags = map[string]string{"aws:x": "y"} }, "PrivateSubnets[0].Tags[aws:x]", "begins with aws:"},
		{"bad route table tag", func(a *components.NetworkBaseArgs) { a.PrivateTags.RouteTables = map[string]string{"k": "*"} }, "PrivateTags.RouteTables[k]", `character "*" is not allowed`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := ok()
			tc.mutate(&args)
			if err := args.Validate("net"); err == nil {
				t.Fatal("Validate accepted it")
			}
			res, err := run(t, network(args))
			ae, isArg := components.AsArgError(err)
			if !isArg {
				t.Fatalf("error %v is not an *ArgError", err)
			}
			if ae.Component != "NetworkBase" || ae.Arg != tc.arg || !strings.Contains(ae.Rule, tc.rule) {
				t.Errorf("got %s, want arg %s and rule containing %q", ae, tc.arg, tc.rule)
			}
			if !strings.Contains(err.Error(), "NetworkBase: "+tc.arg+" = ") {
				t.Errorf("message %q does not name the argument", err)
			}
			if res.Graph.Len() != 0 {
				t.Errorf("%d resources registered", res.Graph.Len())
			}
		})
	}
}

func TestArgErrorUnwraps(t *testing.T) {
	err := components.NetworkBaseArgs{CIDR: "x"}.Validate("net")
	var ae *components.ArgError
	if !errors.As(err, &ae) || ae.Arg != "CIDR" || ae.Value != "x" {
		t.Errorf("got %#v", err)
	}
}

// Regional NAT: one gateway for the VPC, created in the VPC rather than a
// subnet, and every private route table's default route goes to it.
func TestRegionalNatServesEveryPrivateSubnet(t *testing.T) {
	g := mustRun(t, network(twoAZ(components.NATRegional)))
	nats := g.OfType(tNAT)
	if len(nats) != 1 {
		t.Fatalf("%d NAT gateways, want one regional gateway and none per AZ", len(nats))
	}
	nat := nats[0]
	vpc, igw := find(t, g, tVpc, "net-vpc"), find(t, g, tIGW, "net-igw")
	if nat.Name != "net-nat" || nat.Str("availabilityMode") != "regional" || nat.Str("connectivityType") != "public" || nat.Tag("Name") != "net-nat" {
		t.Errorf("NAT %s mode %q connectivity %q Name %q", nat.Name, nat.Str("availabilityMode"), nat.Str("connectivityType"), nat.Tag("Name"))
	}
	if g.Source(nat, "vpcId") != vpc || nat.Str("subnetId") != "" || nat.Str("allocationId") != "" {
		t.Errorf("regional NAT is wired to vpc %v, subnet %q, allocation %q", g.Source(nat, "vpcId"), nat.Str("subnetId"), nat.Str("allocationId"))
	}
	if !slices.Contains(nat.Dependencies, igw.URN) {
		t.Error("the regional NAT gateway does not wait for the internet gateway")
	}
	// Auto mode: AWS allocates the addresses, so NetworkBase creates no EIP.
	if n := len(g.OfType(tEIP)); n != 0 || len(nat.List("availabilityZoneAddresses")) != 0 {
		t.Errorf("auto mode created %d EIPs and %d address blocks", n, len(nat.List("availabilityZoneAddresses")))
	}
	for _, i := range []string{"0", "1"} {
		rt := find(t, g, tRT, "net-private-"+i+"-rt")
		route := find(t, g, tRoute, "net-private-"+i+"-default-route")
		if g.Source(route, "routeTableId") != rt || route.Str("destinationCidrBlock") != "0.0.0.0/0" {
			t.Errorf("route %s is not the default route of %s", route.Name, rt.Name)
		}
		if g.Source(route, "natGatewayId") != nat || route.Str("natGatewayId") != nat.ID {
			t.Errorf("private route table %s does not send 0.0.0.0/0 to the regional NAT gateway", rt.Name)
		}
	}
}

// Manual addresses: one Elastic IP per AZ that has private subnets, pinned in
// the gateway's address blocks, and no public subnet is needed at all.
func TestRegionalNatManualAddressesOnePerAZ(t *testing.T) {
	g := mustRun(t, network(components.NetworkBaseArgs{
		CIDR: "10.30.0.0/16", AvailabilityZones: seoul, NAT: components.NATRegional, NATAddressing: components.NATAddressManual,
		PrivateSubnets: []components.SubnetSpec{{AZIndex: 2}, {AZIndex: 0}, {AZIndex: 2}},
	}))
	nat := find(t, g, tNAT, "net-nat")
	igw := find(t, g, tIGW, "net-igw")
	if g.Find(tRT, "net-public-rt") != nil || g.Source(igw, "vpcId") != find(t, g, tVpc, "net-vpc") {
		t.Error("a private-only network with regional NAT needs its IGW and no public route table")
	}
	var blocks []string
	for _, b := range nat.List("availabilityZoneAddresses") {
		o := b.ObjectValue()
		ids := o["allocationIds"].ArrayValue()
		if len(ids) != 1 {
			t.Fatalf("block %v: want one Elastic IP", o)
		}
		eip := g.ByID(sim.Str(ids[0]))
		if eip == nil || eip.Str("domain") != "vpc" {
			t.Fatalf("block %v names no EIP of this network", o)
		}
		blocks = append(blocks, sim.Str(o["availabilityZone"])+"←"+eip.Name+"["+eip.Tag("Name")+"]")
	}
	want := "ap-northeast-2a←net-nat-az0-eip[net-nat-ap-northeast-2a] ap-northeast-2c←net-nat-az2-eip[net-nat-ap-northeast-2c]"
	if strings.Join(blocks, " ") != want {
		t.Errorf("address blocks %v, want %s", blocks, want)
	}
	if n := len(g.OfType(tEIP)); n != 2 {
		t.Errorf("%d EIPs, want one per AZ with private subnets (2)", n)
	}
	for i := range 3 {
		route := find(t, g, tRoute, fmt.Sprintf("net-private-%d-default-route", i))
		if g.Source(route, "natGatewayId") != nat {
			t.Errorf("%s does not go to the regional NAT gateway", route.Name)
		}
	}
	if a := nat.Outputs["regionalNatGatewayAddresses"]; !a.IsArray() || len(a.ArrayValue()) != 2 {
		t.Errorf("AWS reports addresses %v, want one per pinned AZ", a)
	}
}

// Moving a network to regional NAT keeps everything it had without NAT.
func TestRegionalNatKeepsTheNetworksURNs(t *testing.T) {
	without := map[string]bool{}
	for _, r := range mustRun(t, network(twoAZ(components.NATNone))).Resources {
		without[r.URN] = true
	}
	with := map[string]bool{}
	for _, r := range mustRun(t, network(twoAZ(components.NATRegional))).Resources {
		with[r.URN] = true
	}
	for u := range without {
		if !with[u] {
			t.Errorf("%s disappears with regional NAT", u)
		}
	}
}

func TestRegionalNatRejectsWhatTheModeRulesOut(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*components.NetworkBaseArgs)
		arg    string
		rule   string
	}{
		{"manual addresses on a zonal gateway", func(a *components.NetworkBaseArgs) {
			a.NAT, a.NATAddressing = components.NATSingle, components.NATAddressManual
		}, "NATAddressing", "applies only to NAT regional; a zonal NAT gateway (NAT single) always gets one Elastic IP"},
		{"address mode without NAT", func(a *components.NetworkBaseArgs) {
			a.NAT, a.NATAddressing = components.NATNone, components.NATAddressAuto
		}, "NATAddressing", "applies only to NAT regional"},
		{"per-az with an address mode", func(a *components.NetworkBaseArgs) {
			a.NAT, a.NATAddressing = components.NATPerAZ, components.NATAddressAuto
		}, "NATAddressing", "(NAT per-az)"},
		{"unknown address mode", func(a *components.NetworkBaseArgs) {
			a.NAT, a.NATAddressing = components.NATRegional, "static"
		}, "NATAddressing", "must be auto or manual"},
		{"regional without private subnets", func(a *components.NetworkBaseArgs) {
			a.NAT, a.PrivateSubnets = components.NATRegional, nil
		}, "NAT", "no private subnets to route through a NAT gateway"},
		{"misspelt mode", func(a *components.NetworkBaseArgs) { a.NAT = "regionl" }, "NAT", "must be one of none, single, per-az, regional"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := twoAZ(components.NATNone)
			tc.mutate(&args)
			if err := args.Validate("net"); err == nil {
				t.Fatal("Validate accepted it")
			}
			res, err := run(t, network(args))
			ae, ok := components.AsArgError(err)
			if !ok || ae.Component != "NetworkBase" || ae.Arg != tc.arg || !strings.Contains(ae.Rule, tc.rule) {
				t.Fatalf("error %v, want NetworkBase %s with rule containing %q", err, tc.arg, tc.rule)
			}
			if res.Graph.Len() != 0 {
				t.Errorf("%d resources registered", res.Graph.Len())
			}
		})
	}
}

// An empty or blank component name is refused before anything is registered.
func TestNetworkBaseRefusesABlankName(t *testing.T) {
	for _, name := range []string{"", "  "} {
		res, err := run(t, func(ctx *pulumi.Context) error {
			args := twoAZ(components.NATNone)
			_, err := components.NewNetworkBase(ctx, name, &args)
			return err
		})
		ae, ok := components.AsArgError(err)
		if !ok || ae.Arg != "name" || !strings.Contains(ae.Rule, "must not be empty or blank") {
			t.Errorf("name %q: error %v", name, err)
		}
		if res.Graph.Len() != 0 {
			t.Errorf("name %q: %d resources registered", name, res.Graph.Len())
		}
	}
}

// The component hands over the resources themselves, per tier and per AZ:
// each field is the resource the graph holds under the expected name, and
// the default Name tags are the component name, tier and AZ.
func TestNetworkBaseExposesItsResources(t *testing.T) {
	got := map[string]string{} // role → URN
	var mu sync.Mutex
	record := func(role string, u pulumi.URNOutput) {
		u.ApplyT(func(s pulumi.URN) string {
			mu.Lock()
			defer mu.Unlock()
			got[role] = string(s)
			return ""
		})
	}
	args := twoAZ(components.NATPerAZ)
	args.FlowLogs = true
	args.PublicTags.Subnets = map[string]string{"kubernetes.io/role/elb": "1"}
	args.PrivateSubnets[1].Tags = map[string]string{"Team": "data"}
	g := mustRun(t, func(ctx *pulumi.Context) error {
		nb, err := components.NewNetworkBase(ctx, "net", &args)
		if err != nil {
			return err
		}
		record("vpc", nb.VPC.URN())
		record("igw", nb.InternetGateway.URN())
		record("public-rt", nb.PublicRouteTable.URN())
		record("default-sg", nb.DefaultSecurityGroup.URN())
		record("flow-log", nb.FlowLog.FlowLog.URN())
		for _, az := range seoul[:2] {
			pub, priv, nat := nb.PublicSubnetsByAZ[az][0], nb.PrivateSubnetsByAZ[az][0], nb.NATGatewaysByAZ[az]
			record("public "+az, pub.Subnet.URN())
			record("public rt "+az, pub.RouteTable.URN())
			record("private "+az, priv.Subnet.URN())
			record("private rt "+az, priv.RouteTable.URN())
			record("nat "+az, nat.Gateway.URN())
			record("nat host "+az, nat.Subnet.Subnet.URN())
			record("nat eip "+az, nat.EIPs[0].URN())
			record("route nat "+az, priv.NATGateway.Gateway.URN())
		}
		return nil
	})
	urn := func(typ, name string) string { return find(t, g, typ, name).URN }
	want := map[string]string{
		"vpc": urn(tVpc, "net-vpc"), "igw": urn(tIGW, "net-igw"), "public-rt": urn(tRT, "net-public-rt"),
		"default-sg": urn("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "net-default-sg"), "flow-log": urn("aws:ec2/flowLog:FlowLog", "net-flow-log"),
	}
	for i, az := range seoul[:2] {
		n := fmt.Sprint(i)
		want["public "+az], want["public rt "+az] = urn(tSubnet, "net-public-"+n), urn(tRT, "net-public-rt")
		want["private "+az], want["private rt "+az] = urn(tSubnet, "net-private-"+n), urn(tRT, "net-private-"+n+"-rt")
		want["nat "+az], want["nat host "+az] = urn(tNAT, "net-public-"+n+"-nat"), urn(tSubnet, "net-public-"+n)
		want["nat eip "+az], want["route nat "+az] = urn(tEIP, "net-public-"+n+"-nat-eip"), urn(tNAT, "net-public-"+n+"-nat")
	}
	for role, u := range want {
		if got[role] != u {
			t.Errorf("%s is %s, want %s", role, got[role], u)
		}
	}
	names := map[string]string{}
	for _, r := range g.Resources {
		if r.Tag("Name") != "" {
			names[r.Name] = r.Tag("Name")
		}
	}
	for res, name := range map[string]string{"net-vpc": "net", "net-igw": "net-igw", "net-public-rt": "net-public",
		"net-private-1": "net-private-ap-northeast-2b", "net-private-1-rt": "net-private-ap-northeast-2b",
		"net-public-0-nat": "net-nat-ap-northeast-2a", "net-public-0-nat-eip": "net-nat-ap-northeast-2a", "net-default-sg": "net-default"} {
		if names[res] != name {
			t.Errorf("%s Name tag %q, want %q", res, names[res], name)
		}
	}
	if pub := find(t, g, tSubnet, "net-public-1"); pub.Tag("kubernetes.io/role/elb") != "1" || pub.Tag("Project") != "unit" {
		t.Errorf("public subnet tags %v lack the tier's tag or the component's", pub.Inputs["tags"])
	}
	if priv := find(t, g, tSubnet, "net-private-1"); priv.Tag("Team") != "data" || priv.Tag("kubernetes.io/role/elb") != "" {
		t.Errorf("private subnet tags %v: want its own tag and not the public tier's", priv.Inputs["tags"])
	}
	for _, r := range g.Resources {
		if !r.Inputs["tags"].IsObject() {
			continue
		}
		for k := range r.Inputs["tags"].ObjectValue() {
			if strings.HasPrefix(string(k), "vpclab:") {
				t.Errorf("%s carries %s by default", r.Name, k)
			}
		}
	}
}

// GuardrailTags opts in to the exception tag on the public route table; by
// default the network carries no vpclab: tag.
func TestNetworkGuardrailTagsAreOptIn(t *testing.T) {
	for _, on := range []bool{false, true} {
		args := twoAZ(components.NATNone)
		args.GuardrailTags = on
		rt := find(t, mustRun(t, network(args)), tRT, "net-public-rt")
		if got := rt.Tag(components.ExceptionTagPrefix + "LAB-VPC-04"); (got != "") != on {
			t.Errorf("GuardrailTags %v: the public route table's LAB-VPC-04 tag is %q", on, got)
		}
	}
}
