package components_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/sim"
)

const (
	tVpc      = "aws:ec2/vpc:Vpc"
	tSubnet   = "aws:ec2/subnet:Subnet"
	tIGW      = "aws:ec2/internetGateway:InternetGateway"
	tRT       = "aws:ec2/routeTable:RouteTable"
	tRoute    = "aws:ec2/route:Route"
	tNAT      = "aws:ec2/natGateway:NatGateway"
	tEIP      = "aws:ec2/eip:Eip"
	tInstance = "aws:ec2/instance:Instance"
	tIngress  = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tEgress   = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
)

var seoul = []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"}

// run executes a program against simulated AWS in Seoul.
func run(t *testing.T, program pulumi.RunFunc) (*sim.Result, error) {
	t.Helper()
	return sim.Run(&sim.Stack{Project: "vpclab", Name: "unit", Config: map[string]string{"aws:region": "ap-northeast-2"}}, program)
}

func mustRun(t *testing.T, program pulumi.RunFunc) *sim.Graph {
	t.Helper()
	res, err := run(t, program)
	if err != nil {
		t.Fatal(err)
	}
	return res.Graph
}

func find(t *testing.T, g *sim.Graph, typ, name string) *sim.Resource {
	t.Helper()
	r := g.Find(typ, name)
	if r == nil {
		t.Fatalf("no %s %s", typ, name)
	}
	return r
}
