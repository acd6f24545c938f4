package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/sim"
)

// interfaceEndpoints returns the interface endpoints of a run by service short name.
func interfaceEndpoints(g *sim.Graph) map[string]*sim.Resource {
	out := map[string]*sim.Resource{}
	for _, ep := range g.OfType(tEndpoint) {
		if ep.Str("vpcEndpointType") == "Interface" {
			name := ep.Str("serviceName")
			out[name[strings.LastIndex(name, ".")+1:]] = ep
		}
	}
	return out
}

// checkInterfaceEndpoint asserts the placement and security-group rules of
// one interface endpoint: one subnet per AZ, exactly wantSubnets, its own SG
// allowing only 443 from the VPC CIDR.
func checkInterfaceEndpoint(t *testing.T, g *sim.Graph, ep *sim.Resource, vpcCIDR string, wantSubnets ...string) {
	t.Helper()
	azs := map[string]bool{}
	var got []string
	for _, id := range ep.Strs("subnetIds") {
		sn := g.ByID(id)
		if sn == nil || sn.Type != tSubnet {
			t.Fatalf("%s: subnet %s is not a subnet of the lab", ep.Name, id)
		}
		if azs[sn.Str("availabilityZone")] {
			t.Errorf("%s has two subnets in %s", ep.Name, sn.Str("availabilityZone"))
		}
		azs[sn.Str("availabilityZone")] = true
		got = append(got, sn.Name)
	}
	slices.Sort(got)
	slices.Sort(wantSubnets)
	if !slices.Equal(got, wantSubnets) {
		t.Errorf("%s is in %v, want %v", ep.Name, got, wantSubnets)
	}
	sgs := ep.Strs("securityGroupIds")
	if len(sgs) != 1 {
		t.Fatalf("%s has %d security groups, want its own one", ep.Name, len(sgs))
	}
	sg := g.ByID(sgs[0])
	if sg == nil || sg.Type != tSG || g.Source(ep, "securityGroupIds") != sg {
		t.Fatalf("%s's security group %s is not a dedicated SG of the lab (never the VPC default SG)", ep.Name, sgs[0])
	}
	in := rulesOn(g, tIngress, sg)
	if len(in) != 1 || in[0].Str("cidrIpv4") != vpcCIDR || in[0].Str("fromPort") != "443" || in[0].Str("toPort") != "443" || in[0].Str("ipProtocol") != "tcp" {
		t.Errorf("%s's SG ingress: want only tcp 443 from %s", ep.Name, vpcCIDR)
	}
	if out := rulesOn(g, tEgress, sg); len(out) != 0 {
		t.Errorf("%s's SG has %d egress rules; endpoint ENIs only answer", ep.Name, len(out))
	}
	for _, other := range g.OfType(tEndpoint) {
		if other != ep && slices.Contains(other.Strs("securityGroupIds"), sgs[0]) {
			t.Errorf("%s shares its SG with %s", ep.Name, other.Name)
		}
	}
}

func TestSSMLab(t *testing.T) {
	res := plan(t, "ssm", nil)
	g := res.Graph
	vpc := find(t, g, tVpc, "network-vpc")
	if vpc.Str("cidrBlock") != "10.10.0.0/23" || vpc.Str("enableDnsHostnames") != "true" || vpc.Str("enableDnsSupport") != "true" {
		t.Errorf("vpc %s hostnames %s support %s", vpc.Str("cidrBlock"), vpc.Str("enableDnsHostnames"), vpc.Str("enableDnsSupport"))
	}
	if n := len(g.OfType(tIGW)) + len(g.OfType(tNAT)) + len(g.OfType(tEIP)) + len(g.OfType(tRoute)); n != 0 {
		t.Errorf("the isolated network has %d IGW/NAT/EIP/route resources", n)
	}
	s0, s1 := find(t, g, tSubnet, "network-private-0"), find(t, g, tSubnet, "network-private-1")
	if s0.Str("cidrBlock") != "10.10.0.0/24" || s1.Str("cidrBlock") != "10.10.1.0/24" || s0.Str("availabilityZone") == s1.Str("availabilityZone") {
		t.Errorf("subnets %s %s / %s %s", s0.Str("cidrBlock"), s0.Str("availabilityZone"), s1.Str("cidrBlock"), s1.Str("availabilityZone"))
	}
	eps := interfaceEndpoints(g)
	if len(eps) != 3 {
		t.Fatalf("interface endpoints %v, want the SSM trio", eps)
	}
	for _, svc := range []string{"ssm", "ssmmessages", "ec2messages"} {
		ep := eps[svc]
		if ep == nil {
			t.Fatalf("no %s endpoint", svc)
		}
		if ep.Str("serviceName") != "com.amazonaws.ap-northeast-2."+svc || ep.Str("privateDnsEnabled") != "true" {
			t.Errorf("%s: %s privateDns %s", ep.Name, ep.Str("serviceName"), ep.Str("privateDnsEnabled"))
		}
		wiredTo(t, g, ep, "vpcId", vpc)
		checkInterfaceEndpoint(t, g, ep, "10.10.0.0/23", "network-private-0", "network-private-1")
	}

	inst := find(t, g, tInstance, "access-private")
	if inst.Str("keyName") != "" || inst.Str("associatePublicIpAddress") != "false" || sim.Str(inst.Object("metadataOptions")["httpPutResponseHopLimit"]) != "1" {
		t.Errorf("instance key %q public %s hop %v", inst.Str("keyName"), inst.Str("associatePublicIpAddress"), inst.Object("metadataOptions"))
	}
	if len(rulesOn(g, tIngress, g.Source(inst, "vpcSecurityGroupIds"))) != 0 {
		t.Error("the instance has inbound rules")
	}
	role := g.Source(g.Source(inst, "iamInstanceProfile"), "role")
	var policies []string
	for _, a := range g.OfType(tAttachment) {
		if g.Source(a, "role") == role {
			policies = append(policies, a.Str("policyArn"))
		}
	}
	for _, p := range g.OfType(tRolePolicy) {
		if g.Source(p, "role") == role {
			policies = append(policies, "inline:"+p.Name)
		}
	}
	if !slices.Equal(policies, []string{"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}) {
		t.Errorf("instance role policies %v, want only AmazonSSMManagedInstanceCore", policies)
	}
	if res.Exports["ssmCommand"] != "aws ssm start-session --region ap-northeast-2 --target "+inst.ID {
		t.Errorf("ssmCommand = %v", res.Exports["ssmCommand"])
	}
}

func TestGatewayVsInterfaceLab(t *testing.T) {
	res := plan(t, "gateway-vs-interface", nil)
	g := res.Graph
	public, private := find(t, g, tSubnet, "network-public-0"), find(t, g, tSubnet, "network-private-0")
	for r, want := range map[*sim.Resource]string{
		find(t, g, tVpc, "network-vpc"): "CloudNeta-VPC", find(t, g, tIGW, "network-igw"): "CloudNeta-IGW",
		public: "CloudNeta-Public-SN", private: "CloudNeta-Private-SN",
		find(t, g, tRouteTable, "network-public-rt"): "CloudNeta-Public-RT", find(t, g, tRouteTable, "network-private-0-rt"): "CloudNeta-Private-RT",
		find(t, g, tInstance, "access-bastion"): "CloudNeta-Public-EC2", find(t, g, tInstance, "access-private"): "CloudNeta-Private-EC2",
	} {
		if r.Tag("Name") != want {
			t.Errorf("%s Name %q, want the guide's %q", r.Name, r.Tag("Name"), want)
		}
	}
	if public.Str("availabilityZone") != "ap-northeast-2a" || private.Str("availabilityZone") != "ap-northeast-2c" {
		t.Errorf("public in %s, private in %s; the guide uses AZ index 0 and 2", public.Str("availabilityZone"), private.Str("availabilityZone"))
	}
	publicRT, privateRT := routeTableOf(t, g, public), routeTableOf(t, g, private)
	s3 := find(t, g, tEndpoint, "s3-endpoint")
	rts := g.Sources(s3, "routeTableIds")
	if len(rts) != 2 || !slices.Contains(rts, publicRT) || !slices.Contains(rts, privateRT) {
		t.Errorf("S3 gateway endpoint on %v, want both route tables", rts)
	}
	cfn := interfaceEndpoints(g)["cloudformation"]
	if cfn == nil || cfn.Str("privateDnsEnabled") != "true" {
		t.Fatalf("CloudFormation endpoint %v without private DNS", cfn)
	}
	checkInterfaceEndpoint(t, g, cfn, "10.0.0.0/16", "network-public-0", "network-private-0")
	checks, _ := res.Exports["dnsChecks"].([]string)
	if len(checks) != 2 || !strings.HasPrefix(checks[0], "getent ahostsv4 cloudformation.ap-northeast-2.amazonaws.com   # expect addresses inside 10.0.0.0/16") ||
		!strings.Contains(checks[1], ".cloudformation.ap-northeast-2.vpce.amazonaws.com") {
		t.Errorf("dnsChecks %q", checks)
	}
}

// Lab 9-1 checks the gateway endpoint with `ping s3.ap-northeast-2.amazonaws.com`
// from the private instance: its security group must let ICMP echo out to the
// S3 prefix list the endpoint routes (replies return: security groups are
// stateful), and nothing wider.
func TestGatewayVsInterfacePrivateInstancePingsS3(t *testing.T) {
	g := plan(t, "gateway-vs-interface", nil).Graph
	s3 := find(t, g, tEndpoint, "s3-endpoint")
	privateSG := g.Source(find(t, g, tInstance, "access-private"), "vpcSecurityGroupIds")
	var pings []*sim.Resource
	for _, r := range rulesOn(g, tEgress, privateSG) {
		if r.Str("ipProtocol") == "icmp" {
			pings = append(pings, r)
		}
	}
	if len(pings) != 1 {
		t.Fatalf("the private instance has %d ICMP egress rules, want exactly one to the S3 prefix list", len(pings))
	}
	ping := pings[0]
	if ping.Str("fromPort") != "8" || ping.Str("toPort") != "-1" || ping.Str("cidrIpv4") != "" || ping.Str("cidrIpv6") != "" {
		t.Errorf("ICMP rule type %s code %s to %q%q; want echo request (8, any code) to the prefix list only",
			ping.Str("fromPort"), ping.Str("toPort"), ping.Str("cidrIpv4"), ping.Str("cidrIpv6"))
	}
	if ping.Str("prefixListId") != "pl-78a54011" || g.Source(ping, "prefixListId") != s3 {
		t.Errorf("ICMP rule to %q (from %v), want the S3 endpoint's prefix list pl-78a54011", ping.Str("prefixListId"), g.Source(ping, "prefixListId"))
	}
	// The other labs do not ping S3: no ICMP to a prefix list there.
	for _, stack := range []string{"s3-gateway", "dev"} {
		for _, r := range plan(t, stack, nil).Graph.OfType(tEgress) {
			if r.Str("ipProtocol") == "icmp" && r.Str("prefixListId") != "" {
				t.Errorf("%s: %s pings a prefix list", stack, r.Name)
			}
		}
	}
}

// The guide's steps, as toggles: each step adds exactly what the guide adds,
// and never replaces what exists.
func TestGatewayVsInterfaceSteps(t *testing.T) {
	before := map[string]string{"s3GatewayEndpoint": "false", "interfaceEndpoints": "[]", "dnsHostnames": "false"}
	afterGateway := map[string]string{"interfaceEndpoints": "[]", "dnsHostnames": "false"}
	afterInterface := map[string]string{}
	urns := func(overrides map[string]string) (map[string]*sim.Resource, *sim.Result) {
		res := plan(t, "gateway-vs-interface", overrides)
		out := map[string]*sim.Resource{}
		for _, r := range res.Graph.Resources {
			out[r.URN] = r
		}
		return out, res
	}
	added := func(from, to map[string]*sim.Resource) []string {
		for u := range from {
			if to[u] == nil {
				t.Errorf("%s is gone after the step", u)
			}
		}
		var names []string
		for u, r := range to {
			if from[u] == nil {
				names = append(names, r.Name)
			}
		}
		slices.Sort(names)
		return names
	}
	s0, _ := urns(before)
	s1, _ := urns(afterGateway)
	s2, res2 := urns(afterInterface)
	if got, want := added(s0, s1), []string{"access-private-https-prefix-list-0", "access-private-icmp-prefix-list-0", "s3", "s3-endpoint"}; !slices.Equal(got, want) {
		t.Errorf("the gateway endpoint step adds %v, want %v", got, want)
	}
	if got, want := added(s1, s2), []string{"vpce-cloudformation", "vpce-cloudformation-endpoint", "vpce-cloudformation-ingress-0", "vpce-cloudformation-sg"}; !slices.Equal(got, want) {
		t.Errorf("the interface endpoint step adds %v, want %v", got, want)
	}
	vpcBefore, vpcAfter := res2.Graph.Find(tVpc, "network-vpc"), (*sim.Resource)(nil)
	for _, r := range s1 {
		if r.Type == tVpc {
			vpcAfter = r
		}
	}
	if vpcAfter.Str("enableDnsHostnames") != "false" || vpcBefore.Str("enableDnsHostnames") != "true" || vpcAfter.URN != vpcBefore.URN {
		t.Error("the interface step must turn the VPC's DNS hostnames on in place")
	}
	// Private DNS off: the same resources, the endpoint no longer answers the public name.
	noDNS, res3 := urns(map[string]string{"interfaceEndpointPrivateDns": "false"})
	if got := added(s2, noDNS); len(got) != 0 {
		t.Errorf("turning private DNS off adds %v", got)
	}
	if ep := interfaceEndpoints(res3.Graph)["cloudformation"]; ep.Str("privateDnsEnabled") != "false" {
		t.Error("private DNS is still on")
	}
	if checks, _ := res3.Exports["dnsChecks"].([]string); !strings.Contains(checks[0], "expect public addresses") {
		t.Errorf("dnsChecks with private DNS off: %q", checks)
	}
}

// interfaceEndpointSubnets picks tiers, one subnet per AZ, private preferred.
func TestInterfaceEndpointSubnetChoice(t *testing.T) {
	for _, tc := range []struct {
		tiers string
		want  []string
	}{
		{"private", []string{"network-private-0"}},
		{"public", []string{"network-public-0"}},
		{"both", []string{"network-private-0", "network-public-0"}},
	} {
		g := plan(t, "s3-gateway", map[string]string{"interfaceEndpoints": `["cloudformation"]`, "publicSubnetAzs": "[1]", "interfaceEndpointSubnets": tc.tiers}).Graph
		checkInterfaceEndpoint(t, g, interfaceEndpoints(g)["cloudformation"], "10.0.0.0/16", tc.want...)
	}
	// Tiers sharing an AZ give that AZ one ENI, in the private subnet.
	g := plan(t, "s3-gateway", map[string]string{"interfaceEndpoints": `["cloudformation"]`, "interfaceEndpointSubnets": "both"}).Graph
	checkInterfaceEndpoint(t, g, interfaceEndpoints(g)["cloudformation"], "10.0.0.0/16", "network-private-0")
}
