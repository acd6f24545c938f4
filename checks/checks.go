// Package checks writes each lab's checks down as the AWS requests they make
// (who asks, for what action on which resource, and over which path) and
// decides them offline with the simulated IAM of package sim/iam, against the
// identity, endpoint and bucket policies a simulated run recorded.
//
// The catalogue holds the checks the guides show and the ones `vpclab verify`
// runs, each with the answer AWS must give: every guide check allowed, every
// negative check (the bucket refuses what does not come through the
// endpoint…) denied. Check IDs are stable, so steps and verify can refer to
// them.
package checks

import (
	"fmt"

	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/sim/iam"
)

// Expectation is the answer a check expects for every one of its requests.
type Expectation string

const (
	Allow Expectation = "allow"
	Deny  Expectation = "deny"
)

// Check is one guide check as AWS requests.
type Check struct {
	ID     string
	Title  string
	Source string // where the check comes from: a seed, vpclab verify, or vpclab's own hardening
	// TitleKo and SourceKo are Title and Source in Korean, for --lang ko.
	TitleKo, SourceKo string
	// Labs are the labs (vpclab:lab) whose checks these are; nil is every lab.
	Labs   []string
	Expect Expectation
	// StepCheck names the guide check (labs.GuideCheck) whose per-step result
	// this check follows; "" is the check's own ID. At a step where the guide
	// expects that check to fail, the check expects the opposite answer.
	StepCheck string
	// build returns the check's requests for a stack, or why the stack has
	// nothing to check ("" when it applies).
	build func(e *env) ([]Request, string, error)
}

// s3Labs are the labs with a lab bucket behind an S3 gateway endpoint.
var s3Labs = []string{"s3-gateway", "gateway-vs-interface"}

// otherBucket is a bucket of another account that negative checks point at
// (the AWS documentation's example name and account).
const (
	otherBucket  = "amzn-s3-demo-bucket"
	otherAccount = "111122223333"
	// otherAdmin is an administrator of the lab's account who is not the
	// deployer: the bucket policy's exemption must not cover them.
	otherAdminRole = "role/OtherAdmin"
	// hello is the object the guides upload and download.
	hello = "hello.txt"
	// repoObject is what dnf fetches first from the AL2023 repository.
	repoObject = "core/mirrors/latest/x86_64/mirror.list"
)

// Catalogue is every check, in the order plan prints them.
var Catalogue = []Check{
	{
		ID: "S3-LAB-BUCKET", Title: "the private instance lists, uploads and downloads the lab bucket through the S3 gateway endpoint",
		Source:   "seeds 000 and 002 (aws s3 ls, aws s3 cp); vpclab verify: lab bucket through the endpoint",
		TitleKo:  "프라이빗 인스턴스가 S3 게이트웨이 엔드포인트를 거쳐 실습 버킷을 조회·업로드·다운로드한다",
		SourceKo: "원본 노트 000, 002 (aws s3 ls, aws s3 cp); vpclab verify: 엔드포인트를 거친 실습 버킷", Labs: s3Labs, Expect: Allow,
		build: func(e *env) ([]Request, string, error) {
			in, skip := e.privateViaS3Endpoint()
			if skip != "" {
				return nil, skip, nil
			}
			return e.all(
				e.fromInstance(in, "s3:ListBucket", e.bucketARN, true),
				e.fromInstance(in, "s3:PutObject", e.bucketARN+"/"+hello, true),
				e.fromInstance(in, "s3:GetObject", e.bucketARN+"/"+hello, true),
			)
		},
	},
	{
		ID: "S3-LIST-ALL-BUCKETS", Title: "the guide's bare aws s3 ls lists the account's buckets through the endpoint",
		Source:   "seed 000 (aws s3 ls); vpclab:allowListAllBuckets",
		TitleKo:  "가이드의 인수 없는 aws s3 ls가 엔드포인트를 거쳐 계정의 버킷 목록을 보여 준다",
		SourceKo: "원본 노트 000 (aws s3 ls); vpclab:allowListAllBuckets", Labs: s3Labs, Expect: Allow,
		build: func(e *env) ([]Request, string, error) {
			if e.cfg("allowListAllBuckets") != "true" {
				return nil, "allowListAllBuckets is off", nil
			}
			in, skip := e.privateViaS3Endpoint()
			if skip != "" {
				return nil, skip, nil
			}
			return e.all(e.fromInstance(in, "s3:ListAllMyBuckets", "*", true))
		},
	},
	{
		ID: "S3-OTHER-BUCKET", Title: "another account's bucket is out of reach through the endpoint",
		Source:   "seed 002 (the endpoint policy limits the buckets); docs/labs/s3-gateway.md",
		TitleKo:  "엔드포인트를 거쳐서는 다른 계정의 버킷에 닿지 않는다",
		SourceKo: "원본 노트 002 (엔드포인트 정책이 버킷을 제한); docs/labs/s3-gateway.ko.md", Labs: s3Labs, Expect: Deny,
		build: func(e *env) ([]Request, string, error) {
			in, skip := e.privateViaS3Endpoint()
			if skip != "" {
				return nil, skip, nil
			}
			arn := "arn:aws:s3:::" + otherBucket
			return e.all(
				e.fromInstance(in, "s3:ListBucket", arn, true),
				e.fromInstance(in, "s3:PutObject", arn+"/"+hello, true),
			)
		},
	},
	{
		ID: "S3-NOT-THROUGH-ENDPOINT", Title: "the bucket refuses data access that does not come through the endpoint",
		Source:   "seed 002 (bucket policy with aws:sourceVpce); docs/labs/s3-gateway.md",
		TitleKo:  "엔드포인트를 거치지 않은 데이터 접근은 버킷이 거부한다",
		SourceKo: "원본 노트 002 (aws:sourceVpce 조건의 버킷 정책); docs/labs/s3-gateway.ko.md", Labs: s3Labs, Expect: Deny,
		build: func(e *env) ([]Request, string, error) {
			if e.bucketARN == "" {
				return nil, "no lab bucket", nil
			}
			admin := fmt.Sprintf("arn:aws:iam::%s:%s", e.acct.ID, otherAdminRole)
			return e.all(
				e.fromLaptop(admin, "s3:GetObject", e.bucketARN+"/"+hello),
				e.fromLaptop(admin, "s3:ListBucket", e.bucketARN),
			)
		},
	},
	{
		ID: "S3-DEPLOYER-EXEMPT", Title: "the deployer still lists and empties the bucket from outside the VPC, so pulumi destroy works",
		Source:   "vpclab: the bucket policy exempts the deployer (aws:PrincipalArn)",
		TitleKo:  "배포한 사람은 VPC 밖에서도 버킷을 조회하고 비울 수 있어 pulumi destroy가 된다",
		SourceKo: "vpclab: 버킷 정책이 배포자를 예외로 둠 (aws:PrincipalArn)", Labs: s3Labs, Expect: Allow,
		build: func(e *env) ([]Request, string, error) {
			if e.bucketARN == "" {
				return nil, "no lab bucket", nil
			}
			return e.all(
				e.fromLaptop(e.deployer, "s3:ListBucket", e.bucketARN),
				e.fromLaptop(e.deployer, "s3:DeleteObject", e.bucketARN+"/"+hello),
			)
		},
	},
	{
		ID: "S3-TLS-ONLY", Title: "plain HTTP to the bucket is refused, even through the endpoint",
		Source:   "vpclab: the bucket policy denies aws:SecureTransport false (LAB-S3-02)",
		TitleKo:  "버킷으로 가는 평문 HTTP는 엔드포인트를 거쳐도 거부된다",
		SourceKo: "vpclab: 버킷 정책이 aws:SecureTransport false 요청을 거부 (LAB-S3-02)", Labs: s3Labs, Expect: Deny,
		build: func(e *env) ([]Request, string, error) {
			in, skip := e.privateViaS3Endpoint()
			if skip != "" {
				return nil, skip, nil
			}
			return e.all(e.fromInstance(in, "s3:GetObject", e.bucketARN+"/"+hello, false))
		},
	},
	{
		ID: "S3-BASTION-NO-ACCESS", Title: "the bastion's role cannot read the lab bucket, whichever way its S3 traffic goes",
		Source:   "vpclab: only the private instance's role names the bucket",
		TitleKo:  "배스천의 역할은 S3 트래픽이 어느 길로 가든 실습 버킷을 읽지 못한다",
		SourceKo: "vpclab: 버킷을 지정하는 역할은 프라이빗 인스턴스의 역할뿐", Labs: s3Labs, Expect: Deny,
		build: func(e *env) ([]Request, string, error) {
			switch {
			case e.bucketARN == "":
				return nil, "no lab bucket", nil
			case e.bastion == nil:
				return nil, "no bastion", nil
			}
			return e.all(e.fromInstance(e.bastion, "s3:GetObject", e.bucketARN+"/"+hello, true))
		},
	},
	{
		ID: "DNF-BASTION", Title: "dnf on the bastion reads the Amazon Linux 2023 repositories (S3 buckets)",
		Source:   "seed 004 (yum on the lab instances); the bastion's HTTPS egress is for dnf",
		TitleKo:  "배스천의 dnf가 Amazon Linux 2023 저장소(S3 버킷)를 읽는다",
		SourceKo: "원본 노트 004 (실습 인스턴스의 yum); 배스천의 HTTPS 아웃바운드는 dnf용", Expect: Allow,
		build: func(e *env) ([]Request, string, error) {
			if e.bastion == nil {
				return nil, "no bastion", nil
			}
			return e.all(e.dnf(e.bastion))
		},
	},
	{
		ID: "DNF-PRIVATE", Title: "dnf on the private instance reads the Amazon Linux 2023 repositories through the NAT gateway",
		Source:   "seed 001 (install a package once NAT exists)",
		TitleKo:  "프라이빗 인스턴스의 dnf가 NAT 게이트웨이를 거쳐 Amazon Linux 2023 저장소를 읽는다",
		SourceKo: "원본 노트 001 (NAT를 만든 뒤 패키지 설치)", Labs: []string{"nat-bastion"}, Expect: Allow,
		build: func(e *env) ([]Request, string, error) {
			if e.private == nil {
				return nil, "no private instance", nil
			}
			p, err := e.acct.PathFrom(e.private, "s3")
			if err != nil {
				return nil, "", err
			}
			if !p.Internet || p.Endpoint != nil {
				return nil, "the private subnet has no NAT route", nil
			}
			return e.all(e.dnf(e.private))
		},
	},
	{
		ID: "DNF-WEB", Title: "dnf on each web server installs httpd from the Amazon Linux 2023 repositories through the provider's S3 endpoint",
		Source:   "seed 004 lab 9-2 (yum install -y httpd in user data)",
		TitleKo:  "각 웹 서버의 dnf가 제공자 VPC의 S3 엔드포인트를 거쳐 Amazon Linux 2023 저장소에서 httpd를 설치한다",
		SourceKo: "원본 노트 004 실습 9-2 (사용자 데이터의 yum install -y httpd)", Labs: []string{"privatelink"}, Expect: Allow,
		build: func(e *env) ([]Request, string, error) {
			if len(e.web) == 0 {
				return nil, "no web servers", nil
			}
			var rs []func() (Request, error)
			for _, w := range e.web {
				rs = append(rs, e.dnf(w))
			}
			return e.all(rs...)
		},
	},
	{
		ID: "SSM-ONLINE", Title: "the private instance's agent registers with Systems Manager",
		Source:   "seed 003 (describe-instance-information); vpclab verify: instance registered with Systems Manager",
		TitleKo:  "프라이빗 인스턴스의 에이전트가 Systems Manager에 등록된다",
		SourceKo: "원본 노트 003 (describe-instance-information); vpclab verify: Systems Manager에 등록된 인스턴스", Expect: Allow,
		build: func(e *env) ([]Request, string, error) {
			in, skip := e.ssmTarget()
			if skip != "" {
				return nil, skip, nil
			}
			return e.all(e.fromInstance(in, "ssm:UpdateInstanceInformation", in.Out("arn"), true))
		},
	},
	{
		ID: "SSM-SESSION", Title: "Session Manager opens a shell on the private instance",
		Source:   "seed 003 (aws ssm start-session)",
		TitleKo:  "Session Manager가 프라이빗 인스턴스에 셸을 연다",
		SourceKo: "원본 노트 003 (aws ssm start-session)", Expect: Allow, StepCheck: "SSM-ONLINE",
		build: func(e *env) ([]Request, string, error) {
			in, skip := e.ssmTarget()
			if skip != "" {
				return nil, skip, nil
			}
			return e.all(
				e.fromInstance(in, "ssmmessages:CreateControlChannel", "*", true),
				e.fromInstance(in, "ssmmessages:CreateDataChannel", "*", true),
			)
		},
	},
	{
		ID: "SSM-RUN-COMMAND", Title: "Run Command reaches the private instance's agent",
		Source:   "vpclab verify (AWS-RunShellScript through SSM)",
		TitleKo:  "Run Command가 프라이빗 인스턴스의 에이전트에 닿는다",
		SourceKo: "vpclab verify (SSM을 거친 AWS-RunShellScript)", Expect: Allow, StepCheck: "SSM-ONLINE",
		build: func(e *env) ([]Request, string, error) {
			in, skip := e.ssmTarget()
			if skip != "" {
				return nil, skip, nil
			}
			return e.all(
				e.fromInstance(in, "ec2messages:GetMessages", "*", true),
				e.fromInstance(in, "ec2messages:SendReply", "*", true),
			)
		},
	},
}

// Lookup returns a check of the catalogue by ID.
func Lookup(id string) (Check, bool) {
	for _, c := range Catalogue {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

// dnf is an anonymous GetObject from the region's AL2023 repository bucket:
// dnf signs nothing.
func (e *env) dnf(in *sim.Resource) func() (Request, error) {
	return e.anonymousFromInstance(in, "s3:GetObject", "arn:aws:s3:::"+iam.AmazonLinuxRepoBucket(e.acct.Region)+"/"+repoObject)
}
