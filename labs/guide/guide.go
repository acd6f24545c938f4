// Package guide holds the guides' labs as data: each lab's stages in the
// guide's order, what each stage sets, and the guide's checks with the
// result each stage expects. Package labs turns a stage into
// configuration; package verify runs the checks on a deployed stack. It
// imports neither the components nor pulumi-aws, so verify (and its tests)
// do not link them.
package guide

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vpclab/vpclab/suggest"
)

// The guides teach by changing one thing at a time. Each lab below lists its
// guide's stages in the guide's order; `vpclab:step` picks one (by name, or by
// number from 1; empty: the last). This file is the one place that maps a
// stage to configuration.
//
// How a step and the stack's own configuration compose: the keys a step sets
// (StepKeys) are declared in Pulumi.yaml with the default "step". The program
// sees the merged configuration only (the CLI fills in project defaults before
// it runs), so "step" is the one value that means "not set by the stack": a key
// whose value is "step" takes the selected step's value; any other value, from
// the stack file, `pulumi config set` or `--config`, wins over every step. To
// hand a key back to the steps, set it to "step" or remove it from the stack.

// StepDefault is the project default of every key a step sets.
const StepDefault = "step"

// stepKeys are the keys steps set, each with the value it takes in a lab whose
// steps leave it alone. Values are as `pulumi config set` takes them; the
// two policy fallbacks are components.PolicyLeastPrivilege and
// components.SourceVpce (tests/steps_test.go holds them equal).
var stepKeys = []struct{ key, fallback string }{
	{"natMode", "none"},
	{"s3GatewayEndpoint", "false"},
	{"endpointPolicy", "least-privilege"},
	{"bucketPolicyCondition", "sourceVpce"},
	{"dnsHostnames", "true"},
	{"interfaceEndpoints", "[]"},
	{"nlbInternetFacing", "false"},
	{"endpointService", "true"},
	{"consumerEndpoint", "true"},
	{"acceptConnection", "true"},
}

// StepKeys lists the config keys (without namespace) that steps set.
func StepKeys() []string {
	out := make([]string, len(stepKeys))
	for i, k := range stepKeys {
		out[i] = k.key
	}
	return out
}

// Outcome is the result a guide check shows.
type Outcome string

const (
	Pass Outcome = "pass"
	Fail Outcome = "fail"
)

// Expect is one guide check with the result the guide expects at a step.
type Expect struct {
	Check string  `json:"check"` // a Check ID
	Want  Outcome `json:"want"`
}

// Check is one check a guide runs, by a stable ID.
type Check struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	TitleKo string `json:"titleKo"`
	// Guide is what the guide runs or looks at.
	Guide string `json:"guide"`
}

// Step is one stage of a guide.
type Step struct {
	// Name is the value of vpclab:step that selects it.
	Name    string `json:"name"`
	Title   string `json:"title"`
	TitleKo string `json:"titleKo"` // the guide's own heading
	// Guide says where in the seed the stage is; GuideKo says it in Korean.
	Guide   string `json:"guide"`
	GuideKo string `json:"guideKo"`
	// Sets gives the step keys the values of this stage (as `pulumi config
	// set` takes them); keys it leaves out take their StepKeys fallback.
	Sets map[string]string `json:"sets"`
	// Expect are the guide's checks with the result it expects here.
	Expect []Expect `json:"expect"`
	// Accept are guardrail findings the stage has on purpose (rule ID → reason),
	// recorded as exceptions (components.Exceptions) where the lab makes the choice.
	Accept map[string]string `json:"accept,omitempty"`
}

// Lab is one guide with its stages in the guide's order.
type Lab struct {
	Name    string `json:"name"` // the value of vpclab:lab
	Seed    string `json:"seed"` // the Korean guide it reproduces
	Title   string `json:"title"`
	TitleKo string `json:"titleKo"`
	Steps   []Step `json:"steps"`
}

// Value is the value step (0-based) gives a step key.
func (l Lab) Value(step int, key string) string {
	if v, ok := l.Steps[step].Sets[key]; ok {
		return v
	}
	for _, k := range stepKeys {
		if k.key == key {
			return k.fallback
		}
	}
	return ""
}

// StepIndex resolves a vpclab:step value: a step name, a number from 1, or ""
// for the last step. It returns the 0-based index.
func (l Lab) StepIndex(sel string) (int, error) {
	if sel == "" {
		return len(l.Steps) - 1, nil
	}
	for i, s := range l.Steps {
		if s.Name == sel {
			return i, nil
		}
	}
	if n, err := strconv.Atoi(sel); err == nil && n >= 1 && n <= len(l.Steps) {
		return n - 1, nil
	}
	names := make([]string, len(l.Steps))
	for i, s := range l.Steps {
		names[i] = s.Name
	}
	return 0, fmt.Errorf("the %s lab's steps are %s%s", l.Name, l.StepList(), suggest.DidYouMean(sel, names))
}

// StepList renders the steps as "1 name, 2 name, ...".
func (l Lab) StepList() string {
	var parts []string
	for i, s := range l.Steps {
		parts = append(parts, fmt.Sprintf("%d %s", i+1, s.Name))
	}
	return strings.Join(parts, ", ")
}

// LabByName returns the lab vpclab:lab names.
func LabByName(name string) (Lab, bool) {
	i := slices.IndexFunc(guideLabs, func(l Lab) bool { return l.Name == name })
	if i < 0 {
		return Lab{}, false
	}
	return guideLabs[i], true
}

// Labs returns every lab in the guides' order.
func Labs() []Lab { return slices.Clone(guideLabs) }

// Checks returns every guide check.
func Checks() []Check { return slices.Clone(guideChecks) }

// CheckByID returns a guide check.
func CheckByID(id string) (Check, bool) {
	i := slices.IndexFunc(guideChecks, func(c Check) bool { return c.ID == id })
	if i < 0 {
		return Check{}, false
	}
	return guideChecks[i], true
}

func expect(pairs ...string) []Expect {
	out := make([]Expect, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, Expect{Check: pairs[i], Want: Outcome(pairs[i+1])})
	}
	return out
}

const (
	pass = string(Pass)
	fail = string(Fail)
)

// guideChecks are the checks the guides run, by ID. The IDs S3-LAB-BUCKET,
// S3-NOT-THROUGH-ENDPOINT and SSM-ONLINE are those of the request catalogue
// of issue 11 (checks.Check), which decides them as AWS requests; the others
// are checks of routes, DNS and reachability that no request decides. For a
// request check, Want says whether the request gets the decision the
// catalogue expects of the finished lab.
var guideChecks = []Check{
	{"SSH-THROUGH-BASTION", "SSH reaches the private instance through the bastion", "배스천 호스트를 거쳐 프라이빗 인스턴스에 SSH 접속",
		"seed 001: ssh ec2-user@<private IP> from the bastion (vpclab: from your machine, ssh-add <key>.pem, then ssh -J ec2-user@<bastion> ec2-user@<private IP>: -i would give the key to the last hop only)"},
	{"NAT-EGRESS", "the private instance reaches the internet (through the NAT gateway)", "프라이빗 인스턴스에서 외부 인터넷 접속 (NAT Gateway 경유)",
		"seed 001: 외부와 잘 연결된 것을 볼 수 있다 (vpclab: curl https://checkip.amazonaws.com prints a NAT address)"},
	{"NO-INTERNET", "the private instance has no way to the internet", "프라이빗 인스턴스는 인터넷으로 나갈 수 없음",
		"seed 000: 반면에 다른 서비스는 이용이 불가능하다"},
	{"S3-LAB-BUCKET", "the private instance lists, writes and reads the lab bucket through the S3 endpoint", "프라이빗 인스턴스에서 S3 엔드포인트로 실습 버킷 조회·업로드·다운로드",
		"seeds 000/002: aws s3 ls on the private instance; lab 9-1: ping s3.ap-northeast-2.amazonaws.com from the private instance (vpclab: an S3 request to the lab bucket)"},
	{"S3-ENDPOINT-POLICY-LAB-ONLY", "the endpoint policy allows the lab bucket only", "엔드포인트 정책이 실습 버킷만 허용",
		"seed 002: VPC Endpoint Policy (특정 S3 버킷에 대한 접근을 제한)"},
	{"S3-NOT-THROUGH-ENDPOINT", "the lab bucket refuses data requests that do not come through the endpoint", "엔드포인트를 거치지 않은 요청은 버킷이 거부",
		"seed 002: S3 bucket policy with aws:sourceVpce"},
	{"SSM-ONLINE", "the instance is registered with Systems Manager (Session Manager can connect)", "인스턴스가 Systems Manager에 등록됨 (Session Manager 접속 가능)",
		"seed 003: aws ssm describe-instance-information, then aws ssm start-session"},
	{"S3-ROUTE-PRIVATE", "the private route table sends the S3 prefix list (pl-...) to the gateway endpoint", "프라이빗 라우팅 테이블에 pl-... → vpce 경로",
		"lab 9-1: 프라이빗 라우팅 테이블의 경로 확인"},
	{"S3-ROUTE-PUBLIC", "the public route table sends the S3 prefix list (pl-...) to the gateway endpoint", "퍼블릭 라우팅 테이블에 pl-... → vpce 경로",
		"lab 9-1: 퍼블릭 라우팅 테이블의 경로 확인"},
	{"CFN-DNS-PRIVATE", "cloudformation.<region>.amazonaws.com resolves to addresses inside the VPC", "cloudformation DNS가 VPC 내부 주소로 응답",
		"lab 9-1: dig +short cloudformation.ap-northeast-2.amazonaws.com (vpclab: getent ahostsv4 cloudformation.ap-northeast-2.amazonaws.com; Amazon Linux 2023 has no dig, and bind-utils cannot be installed without a way to the repositories)"},
	{"NLB-PAGE-OVER-INTERNET", "the NLB serves the web page over the internet (from adminCidrs)", "인터넷을 거쳐 NLB로 웹 페이지 접속",
		"lab 9-2: curl <NLB DNS name> (vpclab: from your machine, the NLB answers adminCidrs only)"},
	{"EPS-PUBLISHED", "the NLB is published as the endpoint service Custom-EPS", "엔드포인트 서비스(Custom-EPS) 생성 확인",
		"lab 9-2: 엔드포인트 서비스 생성 확인"},
	{"EPS-CONNECTION-PENDING", "the consumer endpoint waits for acceptance (pendingAcceptance)", "인터페이스 엔드포인트가 수락 대기 중",
		"lab 9-2: 엔드포인트 생성 확인 (수락 대기 중 상태)"},
	{"PRIVATELINK-PAGE", "My-EC2 gets the web page through the endpoint", "My-EC2에서 엔드포인트를 거쳐 웹 페이지 접속",
		"lab 9-2: dig +short / curl vpce-...vpce-svc-....vpce.amazonaws.com (vpclab: getent ahostsv4 in place of dig, which Amazon Linux 2023 lacks)"},
}

// guideLabs are the labs with their guides' stages.
var guideLabs = []Lab{
	{
		Name: "nat-bastion", Seed: "001", Title: "VPC, bastion host and NAT gateway", TitleKo: "VPC 생성, Bastion host로서 접속, NAT Gateway 생성 및 테스트",
		Steps: []Step{
			{Name: "vpc-and-bastion", Title: "VPC, subnets and a bastion host", TitleKo: "Bastion host로서 접속",
				Guide: "seed 001 steps 1 to 5 (VPC 생성 ... Bastion host로서 접속)", GuideKo: "원본 노트 001 1~5단계 (VPC 생성 ... Bastion host로서 접속)",
				Sets:   map[string]string{"natMode": "none"},
				Expect: expect("SSH-THROUGH-BASTION", pass, "NAT-EGRESS", fail)},
			{Name: "nat-gateway", Title: "NAT gateway for the private subnet", TitleKo: "NAT Gateway 생성 및 테스트",
				Guide: "seed 001 step 6", GuideKo: "원본 노트 001 6단계",
				Sets:   map[string]string{"natMode": "single"},
				Expect: expect("SSH-THROUGH-BASTION", pass, "NAT-EGRESS", pass)},
		},
	},
	{
		Name: "s3-gateway", Seed: "000, 002", Title: "S3 gateway endpoint, endpoint policy and bucket policy",
		TitleKo: "End point 생성하기 / VPC Gateway endpoint and S3 policies",
		Steps: []Step{
			{Name: "no-endpoint", Title: "Private instance without an endpoint", TitleKo: "VPC Endpoint 없이 AWS 서비스에 연결",
				Guide: "seed 000 Private EC2 생성; seed 002 introduction", GuideKo: "원본 노트 000 \"Private EC2 생성\"; 원본 노트 002 도입부",
				Sets:   map[string]string{"s3GatewayEndpoint": "false", "endpointPolicy": "full-access", "bucketPolicyCondition": "none"},
				Expect: expect("S3-LAB-BUCKET", fail, "NO-INTERNET", pass)},
			{Name: "gateway-endpoint", Title: "S3 gateway endpoint on the private route table", TitleKo: "VPC 엔드포인트 생성",
				Guide: "seed 000 VPC 엔드포인트 생성; seed 002 VPC Gateway Endpoint - Demo", GuideKo: "원본 노트 000 VPC 엔드포인트 생성; 원본 노트 002 \"VPC Gateway Endpoint - Demo\"",
				Sets: map[string]string{"s3GatewayEndpoint": "true", "endpointPolicy": "full-access", "bucketPolicyCondition": "none"},
				Expect: expect("S3-LAB-BUCKET", pass, "NO-INTERNET", pass,
					"S3-ENDPOINT-POLICY-LAB-ONLY", fail, "S3-NOT-THROUGH-ENDPOINT", fail)},
			{Name: "endpoint-policies", Title: "Endpoint policy and bucket policy", TitleKo: "VPC Endpoint Policy & S3 bucket policy",
				Guide: "seed 002 VPC Gateway endpoint and S3 policies", GuideKo: "원본 노트 002 \"VPC Gateway endpoint and S3 policies\"",
				Sets: map[string]string{"s3GatewayEndpoint": "true", "endpointPolicy": "least-privilege", "bucketPolicyCondition": "sourceVpce"},
				Expect: expect("S3-LAB-BUCKET", pass, "NO-INTERNET", pass,
					"S3-ENDPOINT-POLICY-LAB-ONLY", pass, "S3-NOT-THROUGH-ENDPOINT", pass)},
		},
	},
	{
		Name: "ssm", Seed: "003", Title: "Session Manager to an instance in isolated subnets (AWS Cookbook recipe 106)",
		TitleKo: "AWS SSM Session Manager를 사용해 EC2 인스턴스에 연결",
		Steps: []Step{
			{Name: "isolated-instance", Title: "Isolated instance without SSM endpoints", TitleKo: "Private Subnet에 배포된 EC2 인스턴스",
				Guide: "seed 003 문제 설명 and 해결 방법", GuideKo: "원본 노트 003 문제 설명, 해결 방법",
				Sets:   map[string]string{"interfaceEndpoints": "[]"},
				Expect: expect("SSM-ONLINE", fail, "NO-INTERNET", pass),
				Accept: map[string]string{"LAB-VPCE-03": "step isolated-instance: no SSM endpoints yet so Session Manager cannot reach the instance until step ssm-endpoints"}},
			{Name: "ssm-endpoints", Title: "ssm, ssmmessages and ec2messages interface endpoints", TitleKo: "AWS System Manager에 필요한 VPC 엔드포인트",
				Guide: "seed 003 준비 사항 and VPC Endpoint", GuideKo: "원본 노트 003 준비 사항, VPC Endpoint",
				Sets:   map[string]string{"interfaceEndpoints": `["ssm","ssmmessages","ec2messages"]`},
				Expect: expect("SSM-ONLINE", pass, "NO-INTERNET", pass)},
		},
	},
	{
		Name: "gateway-vs-interface", Seed: "004 (CloudNeta lab 9-1)", Title: "Gateway and interface endpoints side by side",
		TitleKo: "게이트웨이/인터페이스 엔드포인트 비교",
		Steps: []Step{
			{Name: "before-endpoints", Title: "Before any endpoint", TitleKo: "기본 환경 검증",
				Guide: "lab 9-1 기본 환경 적용 and 기본 환경 검증", GuideKo: "실습 9-1 기본 환경 적용, 기본 환경 검증",
				Sets:   map[string]string{"s3GatewayEndpoint": "false", "dnsHostnames": "false", "interfaceEndpoints": "[]"},
				Expect: expect("S3-ROUTE-PRIVATE", fail, "S3-ROUTE-PUBLIC", fail, "S3-LAB-BUCKET", fail, "CFN-DNS-PRIVATE", fail)},
			{Name: "gateway-endpoint", Title: "S3 gateway endpoint on both route tables", TitleKo: "게이트웨이 엔드포인트 생성 및 검증",
				Guide: "lab 9-1 게이트웨이 엔드포인트 생성 및 검증", GuideKo: "실습 9-1 게이트웨이 엔드포인트 생성 및 검증",
				Sets:   map[string]string{"s3GatewayEndpoint": "true", "dnsHostnames": "false", "interfaceEndpoints": "[]"},
				Expect: expect("S3-ROUTE-PRIVATE", pass, "S3-ROUTE-PUBLIC", pass, "S3-LAB-BUCKET", pass, "CFN-DNS-PRIVATE", fail)},
			{Name: "interface-endpoint", Title: "CloudFormation interface endpoint with private DNS", TitleKo: "인터페이스 엔드포인트 생성 및 검증",
				Guide: "lab 9-1 인터페이스 엔드포인트 생성 및 검증 (DNS 호스트 이름 편집, then the endpoint)", GuideKo: "실습 9-1 인터페이스 엔드포인트 생성 및 검증 (DNS 호스트 이름 편집 후 엔드포인트)",
				Sets:   map[string]string{"s3GatewayEndpoint": "true", "dnsHostnames": "true", "interfaceEndpoints": `["cloudformation"]`},
				Expect: expect("S3-ROUTE-PRIVATE", pass, "S3-ROUTE-PUBLIC", pass, "S3-LAB-BUCKET", pass, "CFN-DNS-PRIVATE", pass)},
		},
	},
	{
		Name: "privatelink", Seed: "004 (CloudNeta lab 9-2)", Title: "PrivateLink: an endpoint service behind a network load balancer",
		TitleKo: "엔드포인트 서비스로 프라이빗 링크 구성",
		Steps: []Step{
			{Name: "internet-nlb", Title: "Baseline: the NLB reached over the internet", TitleKo: "기본 환경 검증",
				Guide: "lab 9-2 기본 환경 구성 and 기본 환경 검증", GuideKo: "실습 9-2 기본 환경 구성, 기본 환경 검증",
				Sets:   map[string]string{"nlbInternetFacing": "true", "endpointService": "false", "consumerEndpoint": "false", "acceptConnection": "false"},
				Expect: expect("NLB-PAGE-OVER-INTERNET", pass, "EPS-PUBLISHED", fail, "EPS-CONNECTION-PENDING", fail, "PRIVATELINK-PAGE", fail)},
			{Name: "endpoint-service", Title: "Endpoint service with acceptance required", TitleKo: "엔드포인트 서비스 생성",
				Guide: "lab 9-2 엔드포인트 서비스 생성", GuideKo: "실습 9-2 엔드포인트 서비스 생성",
				Sets:   map[string]string{"nlbInternetFacing": "true", "endpointService": "true", "consumerEndpoint": "false", "acceptConnection": "false"},
				Expect: expect("NLB-PAGE-OVER-INTERNET", pass, "EPS-PUBLISHED", pass, "EPS-CONNECTION-PENDING", fail, "PRIVATELINK-PAGE", fail)},
			{Name: "consumer-endpoint", Title: "Consumer interface endpoint, pending acceptance", TitleKo: "인터페이스 엔드포인트 생성 및 연결 (수락 대기 중)",
				Guide: "lab 9-2 인터페이스 엔드포인트 생성 및 연결", GuideKo: "실습 9-2 인터페이스 엔드포인트 생성 및 연결",
				Sets:   map[string]string{"nlbInternetFacing": "true", "endpointService": "true", "consumerEndpoint": "true", "acceptConnection": "false"},
				Expect: expect("NLB-PAGE-OVER-INTERNET", pass, "EPS-PUBLISHED", pass, "EPS-CONNECTION-PENDING", pass, "PRIVATELINK-PAGE", fail)},
			{Name: "accepted", Title: "Connection accepted", TitleKo: "엔드포인트 연결 요청 수락",
				Guide: "lab 9-2 엔드포인트 연결 요청 수락 and 엔드포인트 서비스 검증", GuideKo: "실습 9-2 엔드포인트 연결 요청 수락, 엔드포인트 서비스 검증",
				Sets:   map[string]string{"nlbInternetFacing": "true", "endpointService": "true", "consumerEndpoint": "true", "acceptConnection": "true"},
				Expect: expect("NLB-PAGE-OVER-INTERNET", pass, "EPS-PUBLISHED", pass, "EPS-CONNECTION-PENDING", fail, "PRIVATELINK-PAGE", pass)},
		},
	},
}
