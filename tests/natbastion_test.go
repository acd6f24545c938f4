package tests

import (
	"sort"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/sim"
)

// Seed 001's topology, asserted through values and property dependencies.
func TestNatBastionNetworkWiring(t *testing.T) {
	g := plan(t, "nat-bastion", nil).Graph

	vpc := find(t, g, tVpc, "network-vpc")
	if vpc.Str("cidrBlock") != "10.0.0.0/16" || vpc.Str("enableDnsHostnames") != "true" || vpc.Str("enableDnsSupport") != "true" {
		t.Errorf("vpc cidr=%s dnsHostnames=%s dnsSupport=%s", vpc.Str("cidrBlock"), vpc.Str("enableDnsHostnames"), vpc.Str("enableDnsSupport"))
	}
	public := find(t, g, tSubnet, "network-public-0")
	private := find(t, g, tSubnet, "network-private-0")
	for sn, cidr := range map[*sim.Resource]string{public: "10.0.0.0/24", private: "10.0.1.0/24"} {
		if sn.Str("cidrBlock") != cidr {
			t.Errorf("%s cidr = %s, want %s", sn.Name, sn.Str("cidrBlock"), cidr)
		}
		if sn.Str("mapPublicIpOnLaunch") != "false" {
			t.Errorf("%s maps public IPs on launch", sn.Name)
		}
	}
	if n := len(g.OfType(tSubnet)); n != 2 {
		t.Errorf("%d subnets, want 2", n)
	}
	for _, sn := range g.OfType(tSubnet) {
		wiredTo(t, g, sn, "vpcId", vpc)
	}

	igw := find(t, g, tIGW, "network-igw")
	wiredTo(t, g, igw, "vpcId", vpc)

	// Public route table: 0.0.0.0/0 → IGW, associated with the public subnet.
	publicRT := routeTableOf(t, g, public)
	wiredTo(t, g, publicRT, "vpcId", vpc)
	if routes := routesOf(g, publicRT); len(routes) != 1 {
		t.Fatalf("public route table has %d routes, want 1", len(routes))
	} else {
		r := routes[0]
		if r.Str("destinationCidrBlock") != "0.0.0.0/0" || r.Str("natGatewayId") != "" {
			t.Errorf("public route %s: dest %s nat %q", r.Name, r.Str("destinationCidrBlock"), r.Str("natGatewayId"))
		}
		wiredTo(t, g, r, "gatewayId", igw)
	}

	// NAT gateway in the public subnet with the EIP.
	nats := g.OfType(tNAT)
	if len(nats) != 1 {
		t.Fatalf("%d NAT gateways, want 1", len(nats))
	}
	nat := nats[0]
	wiredTo(t, g, nat, "subnetId", public)
	eip := g.Source(nat, "allocationId")
	if eip == nil || eip.Type != tEIP || eip.Str("domain") != "vpc" {
		t.Fatalf("NAT allocationId comes from %v, want a VPC EIP", eip)
	}
	wiredTo(t, g, nat, "allocationId", eip)
	if nat.Out("publicIp") != eip.Out("publicIp") {
		t.Errorf("NAT public IP %s, EIP %s", nat.Out("publicIp"), eip.Out("publicIp"))
	}
	if !dependsOn(nat, igw) {
		t.Error("the NAT gateway does not depend on the internet gateway")
	}

	// Private route table: 0.0.0.0/0 → NAT, associated with the private subnet.
	privateRT := routeTableOf(t, g, private)
	if privateRT == publicRT {
		t.Fatal("the private subnet uses the public route table")
	}
	if routes := routesOf(g, privateRT); len(routes) != 1 {
		t.Fatalf("private route table has %d routes, want 1", len(routes))
	} else {
		r := routes[0]
		if r.Str("destinationCidrBlock") != "0.0.0.0/0" || r.Str("gatewayId") != "" {
			t.Errorf("private route %s: dest %s gateway %q", r.Name, r.Str("destinationCidrBlock"), r.Str("gatewayId"))
		}
		wiredTo(t, g, r, "natGatewayId", nat)
	}

	// The default security group is adopted with no rules.
	dsg := find(t, g, tDefaultSG, "network-default-sg")
	wiredTo(t, g, dsg, "vpcId", vpc)
	if len(dsg.List("ingress"))+len(dsg.List("egress")) != 0 {
		t.Error("the default security group keeps rules")
	}
}

func dependsOn(r, on *sim.Resource) bool {
	for _, d := range r.Dependencies {
		if d == on.URN {
			return true
		}
	}
	return false
}

func TestNatBastionInstances(t *testing.T) {
	g := plan(t, "nat-bastion", nil).Graph
	public := find(t, g, tSubnet, "network-public-0")
	private := find(t, g, tSubnet, "network-private-0")
	bastion := find(t, g, tInstance, "access-bastion")
	target := find(t, g, tInstance, "access-private")

	wiredTo(t, g, bastion, "subnetId", public)
	wiredTo(t, g, target, "subnetId", private)
	if bastion.Str("associatePublicIpAddress") != "true" || bastion.Out("publicIp") == "" {
		t.Errorf("bastion: associatePublicIpAddress=%s publicIp=%q", bastion.Str("associatePublicIpAddress"), bastion.Out("publicIp"))
	}
	if target.Str("associatePublicIpAddress") != "false" || target.Out("publicIp") != "" {
		t.Errorf("private instance: associatePublicIpAddress=%s publicIp=%q", target.Str("associatePublicIpAddress"), target.Out("publicIp"))
	}
	for _, in := range []*sim.Resource{bastion, target} {
		md, rb := in.Object("metadataOptions"), in.Object("rootBlockDevice")
		if sim.Str(md["httpTokens"]) != "required" || sim.Str(md["httpPutResponseHopLimit"]) != "1" || sim.Str(md["httpEndpoint"]) != "enabled" {
			t.Errorf("%s metadata options %v, want IMDSv2 only with hop limit 1", in.Name, md)
		}
		if sim.Str(rb["encrypted"]) != "true" || sim.Str(rb["volumeType"]) != "gp3" || sim.Str(rb["deleteOnTermination"]) != "true" {
			t.Errorf("%s root volume %v, want encrypted gp3 deleted on termination", in.Name, rb)
		}
		if in.Str("instanceType") != "t3.micro" {
			t.Errorf("%s instance type %s", in.Name, in.Str("instanceType"))
		}
		if in.Str("userData") != "" || in.Str("userDataBase64") != "" {
			t.Errorf("%s has user data; the guide's root-password script must never come back", in.Name)
		}
		profile := g.Source(in, "iamInstanceProfile")
		if profile == nil || profile.Type != tProfile {
			t.Fatalf("%s has no instance profile from this program", in.Name)
		}
		role := g.Source(profile, "role")
		if role == nil || role.Type != tRole {
			t.Fatalf("%s's profile has no role", in.Name)
		}
		var policies []string
		for _, a := range g.OfType(tAttachment) {
			if g.Source(a, "role") == role {
				policies = append(policies, a.Str("policyArn"))
			}
		}
		if len(policies) != 0 {
			t.Errorf("%s's role has policies %v; with access ssh it needs none", in.Name, policies)
		}
	}
	// With Session Manager, each role gets AmazonSSMManagedInstanceCore and nothing else.
	g = plan(t, "nat-bastion", map[string]string{"access": "both"}).Graph
	for _, name := range []string{"access-bastion", "access-private"} {
		role := g.Source(g.Source(find(t, g, tInstance, name), "iamInstanceProfile"), "role")
		var policies []string
		for _, a := range g.OfType(tAttachment) {
			if g.Source(a, "role") == role {
				policies = append(policies, a.Str("policyArn"))
			}
		}
		if len(policies) != 1 || policies[0] != "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" {
			t.Errorf("%s's role has policies %v, want only AmazonSSMManagedInstanceCore", name, policies)
		}
	}
}

func TestNatBastionSecurityGroups(t *testing.T) {
	g := plan(t, "nat-bastion", map[string]string{"adminCidrs": `["198.18.7.9/32","2001:db8:1::/48"]`}).Graph
	vpc := find(t, g, tVpc, "network-vpc")
	bastion := find(t, g, tInstance, "access-bastion")
	target := find(t, g, tInstance, "access-private")
	bastionSG := g.Source(bastion, "vpcSecurityGroupIds")
	privateSG := g.Source(target, "vpcSecurityGroupIds")
	if bastionSG == nil || privateSG == nil || bastionSG == privateSG {
		t.Fatalf("instances must each have their own SG: bastion %v, private %v", bastionSG, privateSG)
	}
	for _, sg := range []*sim.Resource{bastionSG, privateSG} {
		wiredTo(t, g, sg, "vpcId", vpc)
		if sg.Str("description") == "" || len(sg.List("ingress"))+len(sg.List("egress")) != 0 {
			t.Errorf("%s: description %q, %d inline rules (want a description and standalone rules only)", sg.Name, sg.Str("description"), len(sg.List("ingress"))+len(sg.List("egress")))
		}
	}

	type rule struct{ proto, from, to, peer string }
	describe := func(r *sim.Resource) rule {
		peer := r.Str("cidrIpv4") + r.Str("cidrIpv6")
		if src := g.Source(r, "referencedSecurityGroupId"); src != nil {
			peer = "sg:" + src.Name
		}
		return rule{r.Str("ipProtocol"), r.Str("fromPort"), r.Str("toPort"), peer}
	}
	got := map[rule]bool{}
	for _, r := range rulesOn(g, tIngress, bastionSG) {
		got[describe(r)] = true
		if r.Str("description") == "" {
			t.Errorf("rule %s has no description", r.Name)
		}
	}
	want := map[rule]bool{
		{"tcp", "22", "22", "198.18.7.9/32"}: true, {"icmp", "8", "-1", "198.18.7.9/32"}: true,
		{"tcp", "22", "22", "2001:db8:1::/48"}: true, {"icmpv6", "128", "-1", "2001:db8:1::/48"}: true,
	}
	if len(got) != len(want) {
		t.Errorf("bastion ingress = %v, want %v", got, want)
	}
	for w := range want {
		if !got[w] {
			t.Errorf("bastion ingress lacks %v (have %v)", w, got)
		}
	}
	privIn := rulesOn(g, tIngress, privateSG)
	if len(privIn) != 1 || describe(privIn[0]) != (rule{"tcp", "22", "22", "sg:" + bastionSG.Name}) {
		t.Errorf("private ingress: want only tcp 22 from the bastion SG")
	} else {
		wiredTo(t, g, privIn[0], "referencedSecurityGroupId", bastionSG)
	}
	// The bastion may only SSH onward to the private SG.
	for _, r := range rulesOn(g, tEgress, bastionSG) {
		if d := describe(r); d.from == "22" && d.peer != "sg:"+privateSG.Name {
			t.Errorf("bastion SSH egress to %s, want only the private SG", d.peer)
		}
	}
	// Nothing anywhere accepts traffic from the whole internet.
	for _, r := range g.OfType(tIngress) {
		if c := r.Str("cidrIpv4") + r.Str("cidrIpv6"); c == "0.0.0.0/0" || c == "::/0" {
			t.Errorf("%s accepts %s", r.Name, c)
		}
	}
}

// With NAT off, the private instance gets no internet egress rules.
func TestPrivateEgressFollowsNat(t *testing.T) {
	for _, tc := range []struct {
		nat      string
		internet bool
	}{{"single", true}, {"none", false}} {
		g := plan(t, "nat-bastion", map[string]string{"natMode": tc.nat}).Graph
		privateSG := find(t, g, tSG, "access-private-sg")
		internet := false
		for _, r := range rulesOn(g, tEgress, privateSG) {
			if r.Str("cidrIpv4") == "0.0.0.0/0" {
				internet = true
			}
		}
		if internet != tc.internet {
			t.Errorf("natMode %s: private internet egress %v, want %v", tc.nat, internet, tc.internet)
		}
		if tc.nat == "none" && len(g.OfType(tNAT))+len(g.OfType(tEIP)) != 0 {
			t.Errorf("natMode none still builds a NAT gateway or EIP")
		}
	}
}

// The README promises that turning NAT off changes only the NAT gateway, its
// EIP, the private default route and the private instance's internet egress.
func TestNatToggleChangesOnlyTheNatPath(t *testing.T) {
	urns := func(nat string) map[string]bool {
		out := map[string]bool{}
		for _, r := range plan(t, "nat-bastion", map[string]string{"natMode": nat}).Graph.Resources {
			out[r.URN] = true
		}
		return out
	}
	on, off := urns("single"), urns("none")
	for u := range off {
		if !on[u] {
			t.Errorf("%s exists only without NAT", u)
		}
	}
	var extra []string
	for u := range on {
		if !off[u] {
			extra = append(extra, u[strings.LastIndex(u, "::")+2:])
		}
	}
	sort.Strings(extra)
	want := []string{"access-private-http-out", "access-private-https-out", "access-private-icmp-out",
		"network-private-0-default-route", "network-public-0-nat", "network-public-0-nat-eip"}
	if strings.Join(extra, ",") != strings.Join(want, ",") {
		t.Errorf("NAT adds %v, want %v", extra, want)
	}
}
