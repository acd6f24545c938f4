package tests

import (
	"strings"
	"testing"

	"github.com/vpclab/vpclab/sim"
)

// Resource types the tests look at.
const (
	tVpc        = "aws:ec2/vpc:Vpc"
	tSubnet     = "aws:ec2/subnet:Subnet"
	tIGW        = "aws:ec2/internetGateway:InternetGateway"
	tRouteTable = "aws:ec2/routeTable:RouteTable"
	tRoute      = "aws:ec2/route:Route"
	tRTA        = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	tEIP        = "aws:ec2/eip:Eip"
	tNAT        = "aws:ec2/natGateway:NatGateway"
	tSG         = "aws:ec2/securityGroup:SecurityGroup"
	tDefaultSG  = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	tIngress    = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tEgress     = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	tInstance   = "aws:ec2/instance:Instance"
	tRole       = "aws:iam/role:Role"
	tAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	tProfile    = "aws:iam/instanceProfile:InstanceProfile"
)

// projectDir holds Pulumi.yaml and the stack files.
const projectDir = ".."

// plan runs a shipped stack offline (a shared run: read it, do not change
// it) and fails the test on error.
func plan(t *testing.T, stack string, overrides map[string]string) *sim.Result {
	t.Helper()
	res, err := shared.run(projectDir, stack, overrides)
	if err != nil {
		t.Fatalf("stack %s: %v", stack, err)
	}
	return res
}

func find(t *testing.T, g *sim.Graph, typ, name string) *sim.Resource {
	t.Helper()
	r := g.Find(typ, name)
	if r == nil {
		t.Fatalf("no %s named %s; have:\n%s", typ, name, inventory(g))
	}
	return r
}

func inventory(g *sim.Graph) string {
	var b strings.Builder
	for _, r := range g.Resources {
		b.WriteString("  " + r.Type + " " + r.Name + "\n")
	}
	return b.String()
}

// wiredTo asserts that input key of r came from want, both through the
// recorded property dependency and by value (the input equals want's ID).
func wiredTo(t *testing.T, g *sim.Graph, r *sim.Resource, key string, want *sim.Resource) {
	t.Helper()
	src := g.Source(r, key)
	if src != want {
		t.Errorf("%s.%s depends on %v, want %s", r.Name, key, src, want.Name)
	}
	if got := r.Str(key); got != want.ID && got != want.Out("name") && got != want.Out("allocationId") {
		t.Errorf("%s.%s = %q, want %s's ID %q", r.Name, key, got, want.Name, want.ID)
	}
}

// routesOf returns the routes whose routeTableId came from rt.
func routesOf(g *sim.Graph, rt *sim.Resource) []*sim.Resource {
	var out []*sim.Resource
	for _, r := range g.OfType(tRoute) {
		if g.Source(r, "routeTableId") == rt {
			out = append(out, r)
		}
	}
	return out
}

// routeTableOf returns the route table associated with a subnet.
func routeTableOf(t *testing.T, g *sim.Graph, subnet *sim.Resource) *sim.Resource {
	t.Helper()
	var found []*sim.Resource
	for _, a := range g.OfType(tRTA) {
		if g.Source(a, "subnetId") == subnet {
			found = append(found, g.Source(a, "routeTableId"))
		}
	}
	if len(found) != 1 || found[0] == nil {
		t.Fatalf("subnet %s has %d route table associations, want 1", subnet.Name, len(found))
	}
	return found[0]
}

// rulesOn returns the standalone rules of a type whose securityGroupId came from sg.
func rulesOn(g *sim.Graph, typ string, sg *sim.Resource) []*sim.Resource {
	var out []*sim.Resource
	for _, r := range g.OfType(typ) {
		if g.Source(r, "securityGroupId") == sg {
			out = append(out, r)
		}
	}
	return out
}
