package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/vpclab/vpclab/internal/cli"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/awsrules"
)

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := cli.Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestPlanPrintsTheLabWithItsWiring(t *testing.T) {
	code, out, errs := runCLI("plan", "--dir", projectDir, "nat-bastion")
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
	code, out, _ := runCLI("plan", "--dir", projectDir, "--config", "natMode=none", "nat-bastion")
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
		{[]string{"plan", "--dir", projectDir, "--config", "natMode=dual", "nat-bastion"}, 1,
			`vpclab plan nat-bastion: config vpclab:natMode = "dual": must be one of none, single, per-az`},
		{[]string{"plan", "--dir", projectDir, "nope"}, 2, "stacks: dev, gateway-vs-interface, nat-bastion, privatelink, s3-gateway, ssm"},
		{[]string{"plan", "--dir", projectDir, "nat-bastoin"}, 2, `no stack "nat-bastoin": Pulumi.nat-bastoin.yaml is not in ..; did you mean nat-bastion?`},
		{[]string{"plan", "--dir", projectDir}, 2, "usage: vpclab plan"},
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
	code, out, errs := runCLI("plan", "--dir", projectDir, "s3-gateway")
	want := fmt.Sprintf("\nAWS input rules: %d rules, ", len(awsrules.Rules()))
	if code != 0 || !strings.Contains(out, want) || !strings.HasSuffix(out, " values checked, 0 refusals\n") {
		t.Fatalf("exit %d (%s); output lacks %q … 0 refusals:\n%s", code, errs, want, out)
	}
	code, out, errs = runCLI("plan", "--dir", projectDir, "--format", "json", "s3-gateway")
	var doc cli.PlanJSON
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if r := doc.AWSInputRules; r.Rules != len(awsrules.Rules()) || r.Checked < 100 || r.Refusals != 0 || r.Skipped != 0 {
		t.Errorf("awsInputRules %+v", r)
	}
	if !strings.Contains(out, `"awsInputRules": {`) {
		t.Error("JSON lacks the awsInputRules field")
	}
}

// What a learner types wrong gets a sentence saying what is wrong and what
// would be right, in Korean with --lang ko.
func TestLearnersMistakes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"diff", "gateway-vs-interface", "1"}, cli.ExitUsage, []string{
			"vpclab diff: takes a stack and two steps, such as `vpclab diff gateway-vs-interface 1 2`", "got 2 arguments: gateway-vs-interface 1"}},
		{[]string{"plan", "nat-bastion", "ssm"}, cli.ExitUsage, []string{"vpclab plan: takes one stack, such as `vpclab plan nat-bastion`; got 2 arguments: nat-bastion ssm"}},
		{[]string{"plan", "nat-bastoin"}, cli.ExitUsage, []string{`no stack "nat-bastoin"`, "; did you mean nat-bastion?"}},
		{[]string{"plna", "nat-bastion"}, cli.ExitUsage, []string{`vpclab: unknown command "plna"; did you mean plan?`}},
		{[]string{"diff", "nat-bastion", "1", "nat-gatewy"}, cli.ExitUsage, []string{`step "nat-gatewy"`, "; did you mean nat-gateway?"}},
		{[]string{"plan", "--config", "natmode=single", "nat-bastion"}, cli.ExitFailed, []string{"vpclab:natmode which is not defined by the project configuration; did you mean vpclab:natMode?"}},
		{[]string{"plan", "--config", "rootVolumeSize=100000000000000000000", "nat-bastion"}, cli.ExitFailed, []string{`config vpclab:rootVolumeSize = "100000000000000000000": is far too large`}},
		{[]string{"plan", "--config", "interfaceEndpoints=cloudformation", "gateway-vs-interface"}, cli.ExitFailed, []string{
			`config vpclab:interfaceEndpoints = "cloudformation": is not valid JSON at character 1 (put it in brackets, each text in double quotes)`}},
		{[]string{"plan", "--config", `adminCidrs=["10.0.0.0/8"]`, "nat-bastion"}, cli.ExitFailed, []string{"set vpclab:allowBroadAdminCidrs true to accept it"}},
		{[]string{"plan", "--lang", "ko", "--config", `adminCidrs=["10.0.0.0/8"]`, "nat-bastion"}, cli.ExitFailed, []string{
			"스택을 만들 수 없습니다: 설정 vpclab:adminCidrs[0] = \"10.0.0.0/8\": /24보다 넓은 범위입니다. 받아들이려면 vpclab:allowBroadAdminCidrs 값을 true로 설정하세요"}},
		{[]string{"plan", "--lang", "ko", "nat-bastoin"}, cli.ExitUsage, []string{`"nat-bastoin" 스택이 없습니다`, "혹시 nat-bastion인가요?"}},
		{[]string{"steps", "--lang", "ko", "nat-bastion", "2"}, cli.ExitUsage, []string{"vpclab steps: 스택 하나를 받습니다"}},
	} {
		code, out, errs := runCLI(append(tc.args, "--dir", projectDir)...)
		if code != tc.code || out != "" {
			t.Errorf("%v: exit %d (want %d), stdout %q, stderr %q", tc.args, code, tc.code, out, errs)
		}
		for _, w := range tc.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", tc.args, w, errs)
			}
		}
		for _, raw := range []string{"invalid character", "cannot unmarshal", "AllowBroadAdminCIDRs"} {
			if strings.Contains(errs, raw) {
				t.Errorf("%v: stderr passes on %q:\n%s", tc.args, raw, errs)
			}
		}
	}
}

// A stack may be named by its file; --help lists the flags as the usage line
// writes them.
func TestStackFileAndHelpFlags(t *testing.T) {
	_, byName, _ := runCLI("plan", "--dir", projectDir, "nat-bastion")
	code, byFile, errs := runCLI("plan", "--dir", projectDir, "Pulumi.nat-bastion.yaml")
	if code != cli.ExitOK || byFile != byName {
		t.Errorf("plan Pulumi.nat-bastion.yaml: exit %d %s; same output as plan nat-bastion: %v", code, errs, byFile == byName)
	}
	code, byPath, errs := runCLI("plan", projectDir+"/Pulumi.nat-bastion.yaml")
	if code != cli.ExitOK || byPath != byName {
		t.Errorf("plan ../Pulumi.nat-bastion.yaml: exit %d %s; same output: %v", code, errs, byPath == byName)
	}
	for _, c := range []string{"plan", "steps", "diff", "labs"} {
		_, out, _ := runCLI(c, "--help")
		if regexp.MustCompile(`\n  -[a-z]`).MatchString(out) || !strings.Contains(out, "\n  --dir DIR") {
			t.Errorf("%s --help does not list its flags as --name:\n%s", c, out)
		}
		if c != "labs" && !strings.Contains(out, "\n  --config key=value\n") {
			t.Errorf("%s --help does not show --config:\n%s", c, out)
		}
	}
}

// One stack file that does not build leaves labs listing the others.
func TestLabsSurvivesABrokenStackFile(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"Pulumi.yaml", "Pulumi.nat-bastion.yaml", "Pulumi.ssm.yaml"} {
		b, err := os.ReadFile(filepath.Join(projectDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.broken.yaml"), []byte("config:\n  vpclab:natMode: [oops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI("labs", "--dir", dir)
	if code != cli.ExitFailed || !strings.Contains(errs, "vpclab labs: broken: Pulumi.broken.yaml is not valid YAML (line 1") || !strings.Contains(out, "nat-bastion  (lab nat-bastion") || !strings.Contains(out, "ssm  (lab ssm") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}
