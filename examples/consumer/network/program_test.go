package network

import (
	"strings"
	"testing"

	"github.com/vpclab/vpclab/guard"
	"github.com/vpclab/vpclab/sim"
)

// The consumer's program, run against vpclab's simulated AWS.
func TestProgramWiring(t *testing.T) {
	res, err := sim.LoadAndRun("..", "dev", nil, Program)
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	s3 := g.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "s3-endpoint")
	if s3 == nil || len(g.Sources(s3, "routeTableIds")) != 2 || !strings.Contains(s3.Str("policy"), "al2023-repos-ap-northeast-2") {
		t.Fatalf("S3 endpoint %v not on both private route tables with the repository policy", s3)
	}
	for _, svc := range []string{"ssm", "ssmmessages", "ec2messages"} {
		ep := g.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "ssm-"+svc+"-endpoint")
		if ep == nil || len(ep.Strs("subnetIds")) != 2 || ep.Str("privateDnsEnabled") != "true" {
			t.Errorf("%s endpoint %v not in both AZs with private DNS", svc, ep)
		}
	}
	inst := g.Find("aws:ec2/instance:Instance", "app-private")
	if inst == nil || res.Exports["instanceId"] != inst.ID || inst.Str("associatePublicIpAddress") != "false" {
		t.Fatalf("instance %v, export %v", inst, res.Exports["instanceId"])
	}
	if g.Find("aws:ec2/internetGateway:InternetGateway", "core-igw") != nil {
		t.Error("a private-only network got an internet gateway")
	}
	for _, f := range guard.Check(res).Unexplained() {
		t.Errorf("guardrail: %s", f)
	}
}
