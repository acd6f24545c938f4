package tests

import (
	"encoding/json"
	"github.com/vpclab/vpclab/internal/cli"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The steps, diff and labs outputs are golden files under testdata/cli;
// `go test ./tests -run TestGoldenOutputs -update` rewrites them. Each case also asserts what
// its output must say, so a regenerated file cannot hide a regression.
func TestGoldenOutputs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file string
		args []string
		want []string // fragments the output must contain
		not  []string
	}{
		{"steps-gateway-vs-interface.txt", []string{"steps", "gateway-vs-interface"}, []string{
			"The stack builds step 3 interface-endpoint.",
			"1. before-endpoints: Before any endpoint\n   기본 환경 검증",
			"   sets: dnsHostnames=false interfaceEndpoints=[] s3GatewayEndpoint=false\n",
			"     fail  S3-LAB-BUCKET ",
			"2. gateway-endpoint: S3 gateway endpoint on both route tables",
			"   from step 1: 4 to create, 1 to update in place, 0 to replace, 0 to delete",
			"+  ec2:VpcEndpoint s3-endpoint  [CloudNeta-S3-Endpoint] Gateway com.amazonaws.ap-northeast-2.s3 in\n          network-vpc on network-public-rt",
			"     pass  S3-LAB-BUCKET ",
			"3. interface-endpoint: CloudFormation interface endpoint with private DNS",
			"   sets: dnsHostnames=true interfaceEndpoints=[\"cloudformation\"]\n",
			"~  ec2:Vpc network-vpc  enableDnsHostnames",
			"     pass  CFN-DNS-PRIVATE ",
		}, []string{"to replace, 1 to delete", "1 to replace"}},
		{"steps-privatelink.txt", []string{"steps", "privatelink"}, []string{
			"1. internet-nlb:", "2. endpoint-service:", "3. consumer-endpoint:", "4. accepted:",
			"+  ec2:VpcEndpointConnectionAccepter custom-accepter",
			"     pass  EPS-CONNECTION-PENDING ",
		}, []string{"1 to replace"}},
		{"diff-gateway-vs-interface-1-2.txt", []string{"diff", "gateway-vs-interface", "1", "gateway-endpoint"}, []string{
			"step 1 before-endpoints → step 2 gateway-endpoint",
			"~  s3:BucketPolicy vpclab-policy  (update in place)\n     policy:\n",
			"+           \"aws:SourceVpce\": [",
			"4 to create, 1 to update in place, 0 to replace, 0 to delete",
		}, []string{"REPLACE"}},
		{"diff-s3-gateway-2-3.txt", []string{"diff", "s3-gateway", "gateway-endpoint", "endpoint-policies"}, []string{
			"-       \"Sid\": \"FullAccessOptIn\",",
			"+       \"Sid\": \"LabResourcesOnly\",",
			"tags.vpclab:exception:LAB-VPCE-01: \"vpclab:step gateway-endpoint keeps the console default Full access\n         policy of the guide\" → (none)",
			"0 to create, 2 to update in place, 0 to replace, 0 to delete",
		}, nil},
		// Moving the private subnet to another AZ replaces it, and with it what
		// takes its ID in a replace-forcing input.
		{"diff-gateway-vs-interface-subnet-az.txt", []string{"diff", "gateway-vs-interface", "3", "3", "--to-config", "privateSubnetAzs=[0]"}, []string{
			"+- ec2:Subnet network-private-0  (REPLACE)\n     availabilityZone: \"ap-northeast-2c\" → \"ap-northeast-2a\"  forces replacement\n" +
				"         source: https://github.com/hashicorp/terraform-provider-aws/blob/5f2286d6d836/internal/service/ec2/vpc_subnet.go",
			"+- ec2:Instance access-private  (REPLACE)\n     subnetId: \"subnet-",
			"→ (known once network-private-0 is replaced)  forces replacement",
			"0 to create, 1 to update in place, 3 to replace, 0 to delete",
		}, nil},
		{"labs.txt", []string{"labs"}, []string{
			"gateway-vs-interface  (lab gateway-vs-interface, seed 004 (CloudNeta lab 9-1))\n    Gateway and interface endpoints side by side / 게이트웨이/인터페이스 엔드포인트 비교\n",
			"  * 3 interface-endpoint   USD 0.0590 per hour\n",
			"  * 2 nat-gateway          USD 0.0970 per hour\n",
		}, []string{"**", "|"}},
		// Korean: the guides' own titles, the checks and the cost in Korean.
		{"labs.ko.txt", []string{"labs", "--lang", "ko"}, []string{
			"nat-bastion  (실습 nat-bastion, 원본 노트 001)\n    VPC 생성, Bastion host로서 접속, NAT Gateway 생성 및 테스트\n",
			"gateway-vs-interface  (실습 gateway-vs-interface, 원본 노트 004 (CloudNeta 실습 9-1))\n",
			"  * 2 nat-gateway          시간당 USD 0.0970\n",
		}, []string{"**", "|", "per hour"}},
		{"steps-gateway-vs-interface.ko.txt", []string{"steps", "gateway-vs-interface", "--lang", "ko"}, []string{
			"이 스택이 만드는 단계: 3단계 interface-endpoint.",
			"1. before-endpoints: 기본 환경 검증\n   (실습 9-1 기본 환경 적용, 기본 환경 검증)\n",
			"   리소스 34개, 시간당 USD 0.0330\n   가이드의 확인 항목 (기대 결과):\n     안 됨 S3-ROUTE-PRIVATE  프라이빗 라우팅 테이블에 pl-... → vpce 경로\n",
			"   1단계에서: 생성 4, 변경(교체 없음) 1, 교체 0, 삭제 0",
		}, []string{"the guide's checks", "per hour", "Before any endpoint", "실패", "제자리 수정", "가이드 ("}},
		{"diff-gateway-vs-interface-1-2.ko.txt", []string{"diff", "gateway-vs-interface", "1", "2", "--lang", "ko"}, []string{
			"vpclab diff gateway-vs-interface: 1단계 before-endpoints → 2단계 gateway-endpoint",
			"~  s3:BucketPolicy vpclab-policy  (변경(교체 없음))\n",
			"생성 4, 변경(교체 없음) 1, 교체 0, 삭제 0\n",
		}, []string{"to create"}},
		// A price the table lacks leaves every total visibly incomplete.
		{"steps-nat-bastion-unpriced.txt", []string{"steps", "nat-bastion", "--config", "instanceType=r5.large"}, []string{
			"builds 27 resources, ≥ USD ", "33 resources, ≥ USD 0.0710 per",
		}, []string{"resources, USD"}},
		{"plan-nat-bastion.txt", []string{"plan", "nat-bastion"}, []string{
			"stack nat-bastion: 33 resources in ap-northeast-2 (simulated)",
			"ingress icmp echo-request on access-bastion-sg",
			"diagram (Mermaid): paste the lines below into https://mermaid.live",
			"  total: USD 0.0970 per hour, USD 70.81 per month (730 hours)\n",
		}, []string{"8--1", "443-443", "map[", "**"}},
		{"plan-nat-bastion.ko.txt", []string{"plan", "nat-bastion", "--lang", "ko"}, []string{
			"다이어그램 (Mermaid): 아래 줄을 https://mermaid.live 에 붙여 넣으면",
			"비용:\n\n",
			"  합계: 시간당 USD 0.0970, 한 달(730시간) USD 70.81\n",
			"스택 nat-bastion: 리소스 33개, 리전 ap-northeast-2 (모의 AWS)\n",
			"├─ ec2:Route network-public-default-route  0.0.0.0/0 → network-igw (라우팅 테이블 network-public-rt)\n",
			"가드레일: 규칙 33개, 예외 없는 위반 0건, 예외로 인정한 위반 8건\n",
		}, []string{"total:", "simulated", "warning:", "guardrails:", "IAM decisions", " ingress "}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			code, out, errs := runCLI(append(tc.args, "--dir", projectDir)...)
			if code != cli.ExitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q\n%s", w, out)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q\n%s", n, out)
				}
			}
			golden := filepath.Join("testdata", "cli", tc.file)
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./tests -run TestGoldenOutputs -update)", err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s; run go test ./tests -run TestGoldenOutputs -update and review the diff", golden)
			}
		})
	}
}

// Flags may come before or after the arguments, with the same result.
func TestFlagsInAnyPosition(t *testing.T) {
	t.Parallel()
	for _, pair := range [][2][]string{
		{{"plan", "--format", "json", "--dir", projectDir, "privatelink"}, {"plan", "privatelink", "--format", "json", "--dir", projectDir}},
		{{"plan", "--dir=" + projectDir, "--config", "step=1", "nat-bastion"}, {"plan", "nat-bastion", "--config", "step=1", "--dir=" + projectDir}},
		{{"steps", "--format", "json", "--dir", projectDir, "ssm"}, {"steps", "ssm", "--dir", projectDir, "--format", "json"}},
		{{"diff", "--dir", projectDir, "--format", "json", "nat-bastion", "1", "2"}, {"diff", "nat-bastion", "1", "--format", "json", "2", "--dir", projectDir}},
		{{"labs", "--format", "json", "--dir", projectDir}, {"labs", "--dir", projectDir, "--format", "json"}},
	} {
		c1, o1, e1 := runCLI(pair[0]...)
		c2, o2, e2 := runCLI(pair[1]...)
		if c1 != cli.ExitOK || c2 != cli.ExitOK || o1 != o2 || o1 == "" {
			t.Errorf("%v → exit %d %s\n%v → exit %d %s\noutputs equal: %v", pair[0], c1, e1, pair[1], c2, e2, o1 == o2)
		}
		if strings.HasPrefix(pair[0][1], "--format") && !json.Valid([]byte(o1)) {
			t.Errorf("%v: not JSON", pair[0])
		}
	}
	// "--" ends the flags: what follows is an argument even if it starts with "-".
	code, _, errs := runCLI("plan", "--dir", projectDir, "--", "-nat-bastion")
	if code != cli.ExitUsage || !strings.Contains(errs, `no stack "-nat-bastion"`) {
		t.Errorf("after --: exit %d, %s", code, errs)
	}
}

// Usage errors exit 2 naming what is wrong; a stack that does not build exits 1.
func TestUsageErrorsNameTheProblem(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"plan", "privatelink", "--formt", "json"}, cli.ExitUsage, "flag provided but not defined: -formt"},
		{[]string{"steps", "--verbose", "ssm"}, cli.ExitUsage, "flag provided but not defined: -verbose"},
		{[]string{"diff", "gateway-vs-interface", "1", "ferry", "--dir", projectDir}, cli.ExitUsage,
			`vpclab diff gateway-vs-interface: step "ferry": the gateway-vs-interface lab's steps are 1 before-endpoints, 2 gateway-endpoint, 3 interface-endpoint`},
		{[]string{"diff", "nat-bastion", "0", "2", "--dir", projectDir}, cli.ExitUsage, `step "0": the nat-bastion lab's steps are 1 vpc-and-bastion, 2 nat-gateway`},
		{[]string{"diff", "nat-bastion", "1", "--dir", projectDir}, cli.ExitUsage, "usage: vpclab diff"},
		{[]string{"plan", "nat-bastion", "--config", "step=ferry", "--dir", projectDir}, cli.ExitFailed,
			`vpclab plan nat-bastion: config vpclab:step = "ferry": the nat-bastion lab's steps are 1 vpc-and-bastion, 2 nat-gateway`},
		{[]string{"steps", "nat-bastion", "--config", "step=9", "--dir", projectDir}, cli.ExitFailed, `config vpclab:step = "9"`},
		{[]string{"plan", "--format", "yaml", "ssm"}, cli.ExitUsage, `--format "yaml": use text, json, mermaid`},
		{[]string{"labs", "extra"}, cli.ExitUsage, "usage: vpclab labs"},
		{[]string{"deploy"}, cli.ExitUsage, `vpclab: unknown command "deploy"`},
		{nil, cli.ExitUsage, "commands:"},
	} {
		code, out, errs := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("%v: exit %d (want %d), stderr %q (want %q), stdout %q", tc.args, code, tc.code, errs, tc.want, out)
		}
	}
}

// Every command answers --help on stdout with exit 0; the overview lists
// every command and the exit codes.
func TestHelp(t *testing.T) {
	code, out, _ := runCLI("--help")
	if code != cli.ExitOK {
		t.Fatalf("--help exit %d", code)
	}
	for _, c := range cli.Commands() {
		if !regexp.MustCompile(`(?m)^  ` + c.Name + ` +\S`).MatchString(out) {
			t.Errorf("overview does not list %s:\n%s", c.Name, out)
		}
		for _, args := range [][]string{{c.Name, "--help"}, {c.Name, "-h"}, {"help", c.Name}} {
			code, out, errs := runCLI(args...)
			if code != cli.ExitOK || !strings.HasPrefix(out, "usage: vpclab "+c.Name) || errs != "" {
				t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
			}
		}
	}
	if !strings.Contains(out, "exit codes: 0 done") || !strings.Contains(out, "2 unknown command, flag or step argument") {
		t.Errorf("overview lacks the exit codes:\n%s", out)
	}
}

// The JSON of steps carries what the text shows: the lab, each step's
// changes and the guide's expectations.
func TestStepsJSON(t *testing.T) {
	code, out, errs := runCLI("steps", "ssm", "--format", "json", "--dir", projectDir)
	if code != cli.ExitOK {
		t.Fatal(errs)
	}
	var doc cli.StepsJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Lab != "ssm" || doc.Current != 2 || len(doc.Steps) != 2 || len(doc.Steps[0].Changes) != 0 {
		t.Fatalf("doc %+v", doc)
	}
	second := doc.Steps[1]
	creates := 0
	for _, c := range second.Changes {
		if c.Op == "create" {
			creates++
		}
	}
	if creates != 12 || second.Expect[0] != (cli.ExpectJSON{Check: "SSM-ONLINE", Want: "pass", Title: second.Expect[0].Title, TitleKo: second.Expect[0].TitleKo, Guide: second.Expect[0].Guide}) {
		t.Errorf("step 2: %d creates, expect %+v", creates, second.Expect)
	}
}

// cliBlock is a README block holding the output of `vpclab <args>`.
var cliBlock = regexp.MustCompile("(?s)<!-- vpclab:([^>]+) -->\n.*?<!-- /vpclab -->")

// The documents' steps, diff and labs blocks are what the commands print;
// `go test ./tests -run TestREADMECommandBlocks -update` rewrites them.
func TestREADMECommandBlocks(t *testing.T) {
	parallelUnlessUpdating(t)
	seen := map[string]bool{}
	rewriteBlocks(t, cliBlock, func(b string) string {
		args := strings.Fields(cliBlock.FindStringSubmatch(b)[1])
		seen[args[0]] = true
		code, out, errs := runCLI(append(args, "--dir", projectDir)...)
		if code != cli.ExitOK {
			t.Errorf("vpclab %v: exit %d %s", args, code, errs)
		}
		return "<!-- vpclab:" + strings.Join(args, " ") + " -->\n```\n" + out + "```\n<!-- /vpclab -->"
	}, "go test ./tests -run TestREADMECommandBlocks -update")
	for _, cmd := range []string{"labs", "steps", "diff"} {
		if !seen[cmd] {
			t.Errorf("no document has a %s block", cmd)
		}
	}
}
