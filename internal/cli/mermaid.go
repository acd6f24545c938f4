package cli

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/vpclab/vpclab/sim"
)

var nonID = regexp.MustCompile(`[^A-Za-z0-9_]`)

// shapes are Mermaid's node brackets: boxes for instances, stadiums for
// gateways and load balancers, hexagons for route tables and services,
// cylinders for endpoints.
var shapes = map[string][2]string{"box": {`["`, `"]`}, "round": {`(["`, `"])`}, "hex": {`{{"`, `"}}`}, "cyl": {`[("`, `")]`}}

// NodeID makes a Mermaid node ID from a resource's logical name.
func NodeID(r *sim.Resource) string { return "n_" + nonID.ReplaceAllString(r.Name, "_") }

// RenderMermaid draws the network: VPCs as subgraphs, subnets (with their
// AZ) inside, instances and endpoint ENIs in their subnets, route tables with
// their routes to gateways and endpoints, NLBs to their targets, and the
// PrivateLink path from a consumer endpoint to its service.
func RenderMermaid(g *sim.Graph) string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	node := func(r *sim.Resource, shape string) string {
		label := r.Name
		if n := r.Tag("Name"); n != "" && n != r.Name {
			label = n + "<br/>" + r.Name
		}
		b := shapes[shape]
		return NodeID(r) + b[0] + label + b[1]
	}
	inVPC := func(r *sim.Resource, vpc *sim.Resource) bool {
		s := g.Source(r, "vpcId")
		return s == vpc || r.Str("vpcId") == vpc.ID
	}
	subnetOf := func(r *sim.Resource, key string) []*sim.Resource {
		var out []*sim.Resource
		for _, id := range r.Strs(key) {
			if s := g.ByID(id); s != nil {
				out = append(out, s)
			}
		}
		if id := r.Str(key); id != "" {
			if s := g.ByID(id); s != nil {
				out = append(out, s)
			}
		}
		return out
	}
	for _, vpc := range g.OfType("aws:ec2/vpc:Vpc") {
		fmt.Fprintf(&b, "  subgraph %s[\"%s %s\"]\n", NodeID(vpc), labelOf(vpc), vpc.Str("cidrBlock"))
		for _, sn := range g.OfType("aws:ec2/subnet:Subnet") {
			if !inVPC(sn, vpc) {
				continue
			}
			fmt.Fprintf(&b, "    subgraph %s[\"%s %s %s\"]\n", NodeID(sn), labelOf(sn), sn.Str("cidrBlock"), sn.Str("availabilityZone"))
			for _, in := range g.OfType("aws:ec2/instance:Instance") {
				if g.Source(in, "subnetId") == sn {
					fmt.Fprintf(&b, "      %s\n", node(in, "box"))
				}
			}
			b.WriteString("    end\n")
		}
		for _, typ := range []string{"aws:ec2/routeTable:RouteTable", "aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway"} {
			for _, r := range g.OfType(typ) {
				regional := typ == "aws:ec2/natGateway:NatGateway" && r.Str("availabilityMode") == "regional"
				if typ == "aws:ec2/natGateway:NatGateway" && !regional {
					if sn := g.Source(r, "subnetId"); sn == nil || !inVPC(sn, vpc) {
						continue
					}
				} else if !inVPC(r, vpc) {
					continue
				}
				shape := map[string]string{"aws:ec2/routeTable:RouteTable": "hex", "aws:ec2/internetGateway:InternetGateway": "round", "aws:ec2/natGateway:NatGateway": "round"}[typ]
				n := node(r, shape)
				if regional {
					mode := "auto"
					if len(r.List("availabilityZoneAddresses")) > 0 {
						mode = "manual"
					}
					n = strings.TrimSuffix(n, `"])`) + "<br/>regional NAT, " + mode + " addresses" + `"])`
				}
				fmt.Fprintf(&b, "    %s\n", n)
			}
		}
		for _, ep := range g.OfType("aws:ec2/vpcEndpoint:VpcEndpoint") {
			if inVPC(ep, vpc) {
				fmt.Fprintf(&b, "    %s\n", strings.TrimSuffix(node(ep, "cyl"), `")]`)+"<br/>"+shortService(ep.Str("serviceName"))+`")]`)
			}
		}
		for _, lb := range g.OfType("aws:lb/loadBalancer:LoadBalancer") {
			if subs := subnetOf(lb, "subnets"); len(subs) > 0 && inVPC(subs[0], vpc) {
				fmt.Fprintf(&b, "    %s\n", node(lb, "round"))
			}
		}
		b.WriteString("  end\n")
	}
	for _, s := range g.OfType("aws:ec2/vpcEndpointService:VpcEndpointService") {
		fmt.Fprintf(&b, "  %s\n", node(s, "hex"))
	}

	var edges []string
	edge := func(from, to *sim.Resource, label, style string) {
		arrow := map[string]string{"solid": "-->", "dotted": "-.->", "line": "---"}[style]
		if label != "" {
			arrow = map[string]string{"solid": `-- "%s" -->`, "dotted": `-. "%s" .->`, "line": `-- "%s" ---`}[style]
			arrow = fmt.Sprintf(arrow, label)
		}
		edges = append(edges, "  "+NodeID(from)+" "+arrow+" "+NodeID(to))
	}
	for _, a := range g.OfType("aws:ec2/routeTableAssociation:RouteTableAssociation") {
		if sn, rt := g.Source(a, "subnetId"), g.Source(a, "routeTableId"); sn != nil && rt != nil {
			edge(sn, rt, "", "line")
		}
	}
	for _, r := range g.OfType("aws:ec2/route:Route") {
		rt := g.Source(r, "routeTableId")
		for _, k := range []string{"gatewayId", "natGatewayId", "vpcEndpointId", "networkInterfaceId"} {
			if to := g.Source(r, k); to != nil && rt != nil {
				edge(rt, to, r.Str("destinationCidrBlock"), "solid")
			}
		}
	}
	for _, nat := range g.OfType("aws:ec2/natGateway:NatGateway") {
		if sn := g.Source(nat, "subnetId"); sn != nil {
			edge(nat, sn, "in", "line")
		}
		// A regional NAT gateway has no subnet: its own route table (made by
		// AWS) sends it to the VPC's internet gateway.
		if nat.Str("availabilityMode") == "regional" {
			for _, igw := range g.OfType("aws:ec2/internetGateway:InternetGateway") {
				if igw.Str("vpcId") == nat.Str("vpcId") {
					edge(nat, igw, "0.0.0.0/0", "solid")
				}
			}
		}
	}
	for _, ep := range g.OfType("aws:ec2/vpcEndpoint:VpcEndpoint") {
		for _, id := range ep.Strs("routeTableIds") {
			if rt := g.ByID(id); rt != nil {
				edge(rt, ep, ep.Out("prefixListId"), "solid")
			}
		}
		for _, sn := range subnetOf(ep, "subnetIds") {
			edge(sn, ep, "ENI", "dotted")
		}
		for _, svc := range g.OfType("aws:ec2/vpcEndpointService:VpcEndpointService") {
			if ep.Str("serviceName") == svc.Out("serviceName") {
				edge(ep, svc, "PrivateLink", "dotted")
			}
		}
	}
	for _, svc := range g.OfType("aws:ec2/vpcEndpointService:VpcEndpointService") {
		for _, lb := range g.Sources(svc, "networkLoadBalancerArns") {
			edge(svc, lb, "", "dotted")
		}
	}
	for _, a := range g.OfType("aws:lb/targetGroupAttachment:TargetGroupAttachment") {
		tg := g.Source(a, "targetGroupArn")
		target := g.Source(a, "targetId")
		for _, l := range g.OfType("aws:lb/listener:Listener") {
			if lb := g.Source(l, "loadBalancerArn"); lb != nil && target != nil && contains(g.Sources(l, "defaultActions"), tg) {
				edge(lb, target, l.Str("protocol")+":"+a.Str("port"), "solid")
			}
		}
	}
	sort.Strings(edges)
	b.WriteString(strings.Join(edges, "\n"))
	b.WriteString("\n")
	return b.String()
}

func contains(list []*sim.Resource, r *sim.Resource) bool {
	for _, e := range list {
		if e == r {
			return true
		}
	}
	return false
}

func labelOf(r *sim.Resource) string {
	if n := r.Tag("Name"); n != "" {
		return n
	}
	return r.Name
}

func shortService(s string) string { return s[strings.LastIndex(s, ".")+1:] }
