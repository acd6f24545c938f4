package tests

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// natBastionRegional is the nat-bastion lab with private subnets in two AZs.
func natBastionRegional(extra map[string]string) map[string]string {
	over := map[string]string{"natMode": "regional", "privateSubnetAzs": "[0,1]", "privateSubnetCidrs": `["10.0.1.0/24","10.0.2.0/24"]`}
	for k, v := range extra {
		over[k] = v
	}
	return over
}

// exportedStrings reads a list export, whichever slice type the SDK resolved it to.
func exportedStrings(res *sim.Result, key string) ([]string, bool) {
	switch v := res.Exports[key].(type) {
	case []string:
		return v, true
	case []any:
		out := make([]string, len(v))
		for i, e := range v {
			out[i] = fmt.Sprint(e)
		}
		return out, true
	}
	return nil, false
}

// vpclab:natMode=regional: one regional NAT gateway for the VPC, no gateway
// per AZ, and every private route table's default route goes to it.
func TestRegionalNatInTheNatBastionLab(t *testing.T) {
	res := plan(t, "nat-bastion", natBastionRegional(nil))
	g := res.Graph
	nats := g.OfType(tNAT)
	if len(nats) != 1 || nats[0].Name != "network-nat" || nats[0].Str("availabilityMode") != "regional" {
		t.Fatalf("NAT gateways %v, want the one regional network-nat", nats)
	}
	nat := nats[0]
	if g.Source(nat, "vpcId") != find(t, g, tVpc, "network-vpc") || nat.Tag("Name") != "NAT-Lab-NAT" {
		t.Errorf("regional NAT in %v named %q", g.Source(nat, "vpcId"), nat.Tag("Name"))
	}
	privateRTs := 0
	for _, rt := range g.OfType(tRouteTable) {
		if !strings.HasPrefix(rt.Name, "network-private-") {
			continue
		}
		privateRTs++
		var def *sim.Resource
		for _, r := range routesOf(g, rt) {
			if r.Str("destinationCidrBlock") == "0.0.0.0/0" {
				def = r
			}
		}
		if def == nil || g.Source(def, "natGatewayId") != nat {
			t.Errorf("%s has no default route to the regional NAT gateway", rt.Name)
		}
	}
	if privateRTs != 2 {
		t.Errorf("%d private route tables, want 2", privateRTs)
	}
	if len(g.OfType(tEIP)) != 0 {
		t.Error("auto mode: vpclab allocated an EIP that AWS allocates itself")
	}
	if ips, ok := exportedStrings(res, "natPublicIps"); !ok || len(ips) != 0 {
		t.Errorf("natPublicIps %v: auto mode knows no address until AWS expands the gateway", res.Exports["natPublicIps"])
	}
	// The private instance gets its internet egress rules, as with any NAT.
	internet := false
	for _, r := range rulesOn(g, tEgress, find(t, g, tSG, "access-private-sg")) {
		internet = internet || r.Str("cidrIpv4") == "0.0.0.0/0"
	}
	if !internet {
		t.Error("the private instance gets no internet egress behind the regional NAT gateway")
	}
	// Its first boot (dnf, the SSM agent) goes out through the gateway.
	if inst := find(t, g, tInstance, "access-private"); !slices.Contains(inst.Dependencies, nat.URN) {
		t.Errorf("access-private boots before the regional NAT gateway exists (dependencies %v)", inst.Dependencies)
	}
}

// Manual addresses: one Elastic IP per AZ with private subnets, and the stack
// exports them as the addresses the internet will see.
func TestRegionalNatManualAddressesInTheLab(t *testing.T) {
	res := plan(t, "nat-bastion", natBastionRegional(map[string]string{"natAddressMode": "manual"}))
	g := res.Graph
	nat := find(t, g, tNAT, "network-nat")
	var want []string
	for _, name := range []string{"network-nat-az0-eip", "network-nat-az1-eip"} {
		want = append(want, find(t, g, tEIP, name).Out("publicIp"))
	}
	if len(nat.List("availabilityZoneAddresses")) != 2 || len(g.OfType(tEIP)) != 2 {
		t.Errorf("%d address blocks, %d EIPs: want one of each per AZ", len(nat.List("availabilityZoneAddresses")), len(g.OfType(tEIP)))
	}
	ips, _ := exportedStrings(res, "natPublicIps")
	if !slices.Equal(ips, want) {
		t.Errorf("natPublicIps %v, want the EIPs' %v", ips, want)
	}
}

// single → regional replaces the zonal gateway and its EIP by the regional
// gateway; everything else, the private default route included, keeps its URN.
func TestSingleToRegionalChangesOnlyTheGateway(t *testing.T) {
	urns := func(nat string) map[string]bool {
		out := map[string]bool{}
		for _, r := range plan(t, "nat-bastion", map[string]string{"natMode": nat}).Graph.Resources {
			out[r.URN] = true
		}
		return out
	}
	single, regional := urns("single"), urns("regional")
	diff := func(a, b map[string]bool) []string {
		var out []string
		for u := range a {
			if !b[u] {
				out = append(out, u[strings.LastIndex(u, "::")+2:])
			}
		}
		sort.Strings(out)
		return out
	}
	if got := diff(single, regional); !slices.Equal(got, []string{"network-public-0-nat", "network-public-0-nat-eip"}) {
		t.Errorf("regional removes %v, want the zonal NAT gateway and its EIP", got)
	}
	if got := diff(regional, single); !slices.Equal(got, []string{"network-nat"}) {
		t.Errorf("regional adds %v, want network-nat", got)
	}
}

// What regional NAT rules out is refused with the config key, before
// anything is registered.
func TestRegionalNatConfigIsValidated(t *testing.T) {
	cases := []struct {
		name      string
		overrides map[string]string
		key, rule string
	}{
		{"manual addresses on a single NAT gateway", map[string]string{"natAddressMode": "manual"}, "vpclab:natAddressMode",
			"applies only to vpclab:natMode regional; a zonal NAT gateway (vpclab:natMode single) always gets one Elastic IP of its own"},
		{"auto addresses without NAT", map[string]string{"natMode": "none", "natAddressMode": "auto"}, "vpclab:natAddressMode", "applies only to vpclab:natMode regional, and vpclab:natMode is none"},
		{"unknown address mode", map[string]string{"natMode": "regional", "natAddressMode": "byoip"}, "vpclab:natAddressMode", "must be auto or manual"},
		{"regional NAT without a private subnet", map[string]string{"natMode": "regional", "privateSubnetAzs": "[]", "privateSubnetCidrs": "[]"},
			"vpclab:natMode", "no private subnets to route through a NAT gateway"},
		{"misspelt mode", map[string]string{"natMode": "Regional"}, "vpclab:natMode", "must be one of none, single, per-az, regional"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sim.LoadAndRun(projectDir, "nat-bastion", tc.overrides, labs.Program)
			var ce *labs.ConfigError
			if !errors.As(err, &ce) || ce.Key != tc.key || !strings.HasPrefix(err.Error(), "config "+tc.key) || !strings.Contains(err.Error(), tc.rule) {
				t.Fatalf("error %v, want config %s … %q", err, tc.key, tc.rule)
			}
			if n := res.Graph.Len(); n != 0 {
				t.Errorf("%d resources registered before the error:\n%s", n, inventory(res.Graph))
			}
		})
	}
}

// A regional NAT gateway needs no public subnet, but its VPC needs the IGW:
// the ssm lab (isolated, no public tier) gets one with natMode regional.
func TestRegionalNatInAVPCWithoutPublicSubnets(t *testing.T) {
	g := plan(t, "ssm", map[string]string{"natMode": "regional"}).Graph
	nat := find(t, g, tNAT, "network-nat")
	igw := find(t, g, tIGW, "network-igw")
	if g.Source(igw, "vpcId") != g.Source(nat, "vpcId") || len(g.OfType(tSubnet)) != 2 {
		t.Errorf("IGW in %v, NAT in %v", g.Source(igw, "vpcId"), g.Source(nat, "vpcId"))
	}
	for _, rt := range g.OfType(tRouteTable) {
		for _, r := range routesOf(g, rt) {
			if g.Source(r, "gatewayId") == igw {
				t.Errorf("%s routes to the IGW: without public subnets nothing may", rt.Name)
			}
		}
	}
	// The privatelink lab's provider VPC keeps no NAT whatever the consumer's mode.
	pl := plan(t, "privatelink", map[string]string{"natMode": "regional", "natAddressMode": "manual"}).Graph
	if nats := pl.OfType(tNAT); len(nats) != 1 || nats[0].Name != "network-nat" || pl.Source(nats[0], "vpcId") != pl.Find(tVpc, "network-vpc") {
		t.Errorf("privatelink NAT gateways %v, want only the consumer's regional one", nats)
	}
}
