package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

const (
	tNLB        = "aws:lb/loadBalancer:LoadBalancer"
	tTG         = "aws:lb/targetGroup:TargetGroup"
	tTGA        = "aws:lb/targetGroupAttachment:TargetGroupAttachment"
	tListener   = "aws:lb/listener:Listener"
	tEPS        = "aws:ec2/vpcEndpointService:VpcEndpointService"
	tAccepter   = "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter"
	guidePage1  = "Endpoint Service Lab - CloudNeta Web Server 1"
	guidePage2  = "Endpoint Service Lab - CloudNeta Web Server 2"
	consumerNet = "10.0.0.0/16"
)

// The complete lab with the hardened NLB: internal, in the provider's private
// subnets (the guide's internet-facing NLB is the default; see TestPrivateLinkToggles).
func TestPrivateLinkWiring(t *testing.T) {
	res := plan(t, "privatelink", map[string]string{"nlbInternetFacing": "false"})
	g := res.Graph
	myVPC, customVPC := find(t, g, tVpc, "network-vpc"), find(t, g, tVpc, "provider-vpc")
	if myVPC.Tag("Name") != "MyVPC" || myVPC.Str("cidrBlock") != consumerNet || customVPC.Tag("Name") != "CustomVPC" || customVPC.Str("cidrBlock") != "20.0.0.0/16" {
		t.Errorf("VPCs %s %s / %s %s", myVPC.Tag("Name"), myVPC.Str("cidrBlock"), customVPC.Tag("Name"), customVPC.Str("cidrBlock"))
	}
	nlb, tg := find(t, g, tNLB, "custom-nlb"), find(t, g, tTG, "custom-tg")
	web1, web2 := find(t, g, tInstance, "web-1"), find(t, g, tInstance, "web-2")

	// The listener forwards to the target group, which holds exactly both web servers.
	l := find(t, g, tListener, "custom-listener")
	wiredTo(t, g, l, "loadBalancerArn", nlb)
	if l.Str("protocol") != "TCP" || l.Str("port") != "80" || !slices.Contains(g.Sources(l, "defaultActions"), tg) ||
		sim.Str(l.List("defaultActions")[0].ObjectValue()["targetGroupArn"]) != tg.ID {
		t.Errorf("listener %s:%s does not forward to %s", l.Str("protocol"), l.Str("port"), tg.Name)
	}
	var targets []*sim.Resource
	for _, a := range g.OfType(tTGA) {
		wiredTo(t, g, a, "targetGroupArn", tg)
		targets = append(targets, g.Source(a, "targetId"))
		if g.Source(a, "targetId") == nil || a.Str("targetId") != g.Source(a, "targetId").ID || a.Str("port") != "80" {
			t.Errorf("attachment %s targets %s", a.Name, a.Str("targetId"))
		}
	}
	if len(targets) != 2 || !slices.Contains(targets, web1) || !slices.Contains(targets, web2) {
		t.Errorf("target group holds %v, want both web servers", targets)
	}
	wiredTo(t, g, tg, "vpcId", customVPC)
	if hc := tg.Object("healthCheck"); sim.Str(hc["protocol"]) != "TCP" || sim.Str(hc["healthyThreshold"]) != "3" || tg.Str("protocol") != "TCP" {
		t.Errorf("target group %s health check %v", tg.Str("protocol"), hc)
	}
	if nlb.Str("loadBalancerType") != "network" || nlb.Str("internal") != "true" || nlb.Str("enableCrossZoneLoadBalancing") != "true" || len(nlb.Strs("securityGroups")) != 1 {
		t.Errorf("NLB type %s internal %s crossZone %s SGs %v", nlb.Str("loadBalancerType"), nlb.Str("internal"), nlb.Str("enableCrossZoneLoadBalancing"), nlb.Strs("securityGroups"))
	}
	for _, sn := range g.Sources(nlb, "subnets") {
		if g.Source(sn, "vpcId") != customVPC || !strings.HasPrefix(sn.Name, "provider-private-") {
			t.Errorf("internal NLB in %s", sn.Name)
		}
	}

	// The endpoint service publishes the NLB and requires acceptance.
	eps := find(t, g, tEPS, "custom-service")
	if got := g.Sources(eps, "networkLoadBalancerArns"); len(got) != 1 || got[0] != nlb || eps.Strs("networkLoadBalancerArns")[0] != nlb.ID {
		t.Errorf("endpoint service fronts %v", got)
	}
	if eps.Str("acceptanceRequired") != "true" || !slices.Equal(eps.Strs("allowedPrincipals"), []string{"arn:aws:iam::" + sim.Account + ":root"}) || eps.Tag("Name") != "Custom-EPS" {
		t.Errorf("endpoint service acceptance %s principals %v name %s", eps.Str("acceptanceRequired"), eps.Strs("allowedPrincipals"), eps.Tag("Name"))
	}

	// The consumer endpoint connects to that service, from MyVPC, and is accepted.
	ep := find(t, g, tEndpoint, "custom-consumer-endpoint")
	if ep.Str("serviceName") != eps.Out("serviceName") || !slices.Contains(g.Sources(ep, "serviceName"), eps) {
		t.Errorf("consumer endpoint service %s (from %v), want %s", ep.Str("serviceName"), g.Sources(ep, "serviceName"), eps.Out("serviceName"))
	}
	wiredTo(t, g, ep, "vpcId", myVPC)
	if ep.Str("privateDnsEnabled") != "false" {
		t.Error("private DNS on a service without a verified name")
	}
	checkInterfaceEndpointPort(t, g, ep, consumerNet, "80", "network-public-0")
	acc := find(t, g, tAccepter, "custom-accepter")
	wiredTo(t, g, acc, "vpcEndpointId", ep)
	wiredTo(t, g, acc, "vpcEndpointServiceId", eps)

	// Security groups: web servers take 80 only from the NLB's SG; the NLB takes
	// 80 only from MyVPC; no SSH to the web servers from anywhere.
	webSG := g.Source(web1, "vpcSecurityGroupIds")
	nlbSG := g.Sources(nlb, "securityGroups")[0]
	if in := rulesOn(g, tIngress, webSG); len(in) != 1 || g.Source(in[0], "referencedSecurityGroupId") != nlbSG || in[0].Str("fromPort") != "80" {
		t.Errorf("web SG ingress: want only 80 from the NLB SG")
	}
	if in := rulesOn(g, tIngress, nlbSG); len(in) != 1 || in[0].Str("cidrIpv4") != consumerNet || in[0].Str("fromPort") != "80" {
		t.Errorf("NLB SG ingress: want only 80 from %s", consumerNet)
	}
	if out := rulesOn(g, tEgress, nlbSG); len(out) != 1 || g.Source(out[0], "referencedSecurityGroupId") != webSG {
		t.Errorf("NLB SG egress: want only to the web SG")
	}
	for _, w := range []*sim.Resource{web1, web2} {
		ud := w.Str("userData")
		page := map[string]string{"web-1": guidePage1, "web-2": guidePage2}[w.Name]
		if !strings.Contains(ud, "dnf install -y httpd") || !strings.Contains(ud, "<html><h1>"+page+"</h1></html>") ||
			strings.Contains(ud, "passwd") || strings.Contains(ud, "PermitRootLogin") || strings.Contains(ud, "qwe123") {
			t.Errorf("%s user data:\n%s", w.Name, ud)
		}
		if w.Str("associatePublicIpAddress") != "false" || w.Str("keyName") != "" {
			t.Errorf("%s has a public IP or a key", w.Name)
		}
	}
	client := find(t, g, tInstance, "access-private")
	if client.Tag("Name") != "My-EC2" {
		t.Errorf("the client is %q, want the guide's My-EC2", client.Tag("Name"))
	}
	var port80 bool
	for _, r := range rulesOn(g, tEgress, g.Source(client, "vpcSecurityGroupIds")) {
		port80 = port80 || (r.Str("fromPort") == "80" && r.Str("cidrIpv4") == consumerNet)
	}
	if !port80 {
		t.Error("My-EC2 may not reach the endpoint on 80")
	}
	checks, _ := res.Exports["privateLinkChecks"].([]string)
	if len(checks) != 2 || !strings.HasPrefix(checks[1], "curl -s http://vpce-") || !strings.Contains(checks[1], guidePage1) {
		t.Errorf("privateLinkChecks %q", checks)
	}
	if dns := res.Exports["consumerEndpointDns"]; dns == nil || !strings.Contains(checks[1], dns.(string)) || !strings.Contains(dns.(string), eps.ID) {
		t.Errorf("consumerEndpointDns %v", dns)
	}
}

// checkInterfaceEndpointPort is checkInterfaceEndpoint for a service port.
func checkInterfaceEndpointPort(t *testing.T, g *sim.Graph, ep *sim.Resource, cidr, port string, subnets ...string) {
	t.Helper()
	sg := g.Source(ep, "securityGroupIds")
	in := rulesOn(g, tIngress, sg)
	if len(in) != 1 || in[0].Str("cidrIpv4") != cidr || in[0].Str("fromPort") != port {
		t.Errorf("%s SG ingress: want only %s from %s", ep.Name, port, cidr)
	}
	var got []string
	for _, id := range ep.Strs("subnetIds") {
		got = append(got, g.ByID(id).Name)
	}
	if !slices.Equal(got, subnets) {
		t.Errorf("%s in %v, want %v", ep.Name, got, subnets)
	}
}

func TestPrivateLinkToggles(t *testing.T) {
	t.Run("the guide's internet-facing NLB, at every step", func(t *testing.T) {
		res := plan(t, "privatelink", map[string]string{"adminCidrs": `["198.18.7.9/32"]`})
		g := res.Graph
		nlb := find(t, g, tNLB, "custom-nlb")
		if nlb.Str("internal") != "false" {
			t.Error("NLB still internal")
		}
		for _, sn := range g.Sources(nlb, "subnets") {
			if !strings.HasPrefix(sn.Name, "provider-public-") {
				t.Errorf("internet-facing NLB in %s", sn.Name)
			}
		}
		var sources []string
		for _, r := range rulesOn(g, tIngress, g.Sources(nlb, "securityGroups")[0]) {
			sources = append(sources, r.Str("cidrIpv4"))
		}
		if !slices.Equal(sources, []string{consumerNet, "198.18.7.9/32"}) && !slices.Equal(sources, []string{"198.18.7.9/32", consumerNet}) {
			t.Errorf("NLB SG sources %v", sources)
		}
		if c, _ := res.Exports["internetCheck"].(string); !strings.Contains(c, nlb.Out("dnsName")) {
			t.Errorf("internetCheck %q", c)
		}
	})
	t.Run("pending acceptance", func(t *testing.T) {
		g := plan(t, "privatelink", map[string]string{"acceptConnection": "false"}).Graph
		if len(g.OfType(tAccepter)) != 0 {
			t.Error("the connection is still accepted")
		}
		if ep := find(t, g, tEndpoint, "custom-consumer-endpoint"); ep.Out("state") != "pendingAcceptance" {
			t.Errorf("endpoint state %s, want pendingAcceptance", ep.Out("state"))
		}
	})
	t.Run("Session Manager for My-EC2", func(t *testing.T) {
		g := plan(t, "privatelink", map[string]string{"access": "both", "interfaceEndpoints": `["ssm","ssmmessages","ec2messages"]`}).Graph
		myVPC := find(t, g, tVpc, "network-vpc")
		for _, svc := range []string{"ssm", "ssmmessages", "ec2messages"} {
			ep := find(t, g, tEndpoint, "vpce-"+svc+"-endpoint")
			wiredTo(t, g, ep, "vpcId", myVPC)
		}
		if _, err := sim.LoadAndRun(projectDir, "privatelink", map[string]string{"access": "both"}, labs.Program); err == nil ||
			!strings.Contains(err.Error(), "vpclab:interfaceEndpoints") {
			t.Errorf("Session Manager without NAT or endpoints in MyVPC: %v", err)
		}
	})
	t.Run("private provider range", func(t *testing.T) {
		g := plan(t, "privatelink", map[string]string{"providerVpcCidr": "10.0.0.0/16", "allowPublicAddressSpace": "false",
			"providerPublicSubnetCidrs": "[]", "providerPrivateSubnetCidrs": "[]"}).Graph
		// PrivateLink does not route between the VPCs: the provider may overlap the consumer.
		if find(t, g, tVpc, "provider-vpc").Str("cidrBlock") != consumerNet {
			t.Error("overlapping provider CIDR refused")
		}
	})
}
