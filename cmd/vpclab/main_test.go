package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/sim"
)

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestPlanPrintsTheLabWithItsWiring(t *testing.T) {
	code, out, errs := runCLI("plan", "--dir", "../..", "nat-bastion")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"stack nat-bastion: 33 resources in ap-northeast-2 (simulated)",
		"guardrails: 33 rules, 0 findings without an exception, 8 accepted by an exception",
		"  ok   LAB-EC2-03 high     aws:ec2/instance:Instance access-bastion: asks for a public IP",
		"vpclab:index:NetworkBase network\n├─ ec2:Vpc network-vpc  [NAT-Lab-VPC] 10.0.0.0/16",
		"ec2:Route network-public-default-route  0.0.0.0/0 → network-igw in network-public-rt",
		"ec2:Route network-private-0-default-route  0.0.0.0/0 → network-public-0-nat in network-private-0-rt",
		"ec2:NatGateway network-public-0-nat  [NAT-Lab-NAT] in network-public-0 with network-public-0-nat-eip",
		"ec2:RouteTableAssociation network-private-0-rta  network-private-0 ↔ network-private-0-rt",
		"ec2:Instance access-bastion  [NAT-Lab-Public-EC2] t3.micro in network-public-0 sg=access-bastion-sg\n│         publicIp=true imds=required hop=1",
		"ingress tcp 22 on access-private-sg from sg\n│         access-bastion-sg",
		"ingress icmp echo-request on access-bastion-sg",   // ICMP by name, not 8--1
		"egress tcp 443 on access-bastion-sg to 0.0.0.0/0", // one port, not 443-443
		"  privateSubnetIds     [\"subnet-",                // lists as JSON
		"diagram (Mermaid): paste the lines below into https://mermaid.live",
		"total: USD 0.0970 per hour, USD 70.81 per month (730 hours)",
		"warning: vpclab:adminCidrs[0] = 203.0.113.10/32 is a documentation placeholder",
		"  sshCommand           ssh -J ec2-user@",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q\n%s", want, out)
		}
	}
}

func TestPlanConfigOverride(t *testing.T) {
	code, out, _ := runCLI("plan", "--dir", "../..", "--config", "natMode=none", "nat-bastion")
	if code != 0 || strings.Contains(out, "NatGateway") || strings.Contains(out, "natCheckCommand") {
		t.Errorf("natMode=none override: exit %d, NAT still shown:\n%s", code, out)
	}
}

func TestPlanFailsOnBadConfig(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"plan", "--dir", "../..", "--config", "natMode=dual", "nat-bastion"}, 1,
			`vpclab plan nat-bastion: config vpclab:natMode = "dual": must be one of none, single, per-az`},
		{[]string{"plan", "--dir", "../..", "nope"}, 2, "stacks: dev, gateway-vs-interface, nat-bastion, privatelink, s3-gateway, ssm"},
		{[]string{"plan", "--dir", "../..", "nat-bastoin"}, 2, `no stack "nat-bastoin": Pulumi.nat-bastoin.yaml is not in ../..; did you mean nat-bastion?`},
		{[]string{"plan", "--dir", "../.."}, 2, "usage: vpclab plan"},
		{[]string{"deploy"}, 2, `unknown command "deploy"`},
		{[]string{"plan", "--config", "novalue", "dev"}, 2, "want key=value"},
	} {
		code, out, errs := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("%v: exit %d (want %d), stderr %q (want %q), stdout %q", tc.args, code, tc.code, errs, tc.want, out)
		}
	}
}

// The plan says how many AWS input rules judged how many values, in text
// and JSON, and a shipped stack has no refusal.
func TestPlanReportsTheAWSInputRules(t *testing.T) {
	code, out, errs := runCLI("plan", "--dir", "../..", "s3-gateway")
	want := fmt.Sprintf("\nAWS input rules: %d rules, ", len(sim.Rules()))
	if code != 0 || !strings.Contains(out, want) || !strings.HasSuffix(out, " values checked, 0 refusals\n") {
		t.Fatalf("exit %d (%s); output lacks %q … 0 refusals:\n%s", code, errs, want, out)
	}
	code, out, errs = runCLI("plan", "--dir", "../..", "--format", "json", "s3-gateway")
	var doc PlanJSON
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if r := doc.AWSInputRules; r.Rules != len(sim.Rules()) || r.Checked < 100 || r.Refusals != 0 || r.Skipped != 0 {
		t.Errorf("awsInputRules %+v", r)
	}
	if !strings.Contains(out, `"awsInputRules": {`) {
		t.Error("JSON lacks the awsInputRules field")
	}
}
