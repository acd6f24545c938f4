package components_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/sim/iam"
)

// gatewayOn builds a one-subnet network and a gateway endpoint on its private route table.
func gatewayOn(mutate func(*components.GatewayEndpointArgs)) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		nb, err := components.NewNetworkBase(ctx, "net", &components.NetworkBaseArgs{
			CIDR: "10.0.0.0/16", AvailabilityZones: seoul, PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}},
		})
		if err != nil {
			return err
		}
		args := &components.GatewayEndpointArgs{
			VpcID: nb.VPCID, Service: "s3", RouteTableIDs: []pulumi.StringInput{nb.PrivateSubnets[0].RouteTableID},
			Resources: []pulumi.StringInput{pulumi.String("arn:aws:s3:::my-lab-bucket")},
		}
		if mutate != nil {
			mutate(args)
		}
		_, err = components.NewGatewayEndpoint(ctx, "gw", args)
		return err
	}
}

func TestGatewayEndpointPolicyVariants(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*components.GatewayEndpointArgs)
		want   []string // fragments of the policy
		absent []string
	}{
		{"least privilege", nil,
			[]string{`"Resource":["arn:aws:s3:::my-lab-bucket","arn:aws:s3:::my-lab-bucket/*"]`, `"aws:PrincipalAccount":["` + sim.Account + `"]`, `"s3:ListBucket","s3:GetObject","s3:PutObject"`},
			[]string{`"Resource":["*"]`, "s3:*"}},
		{"amazon linux repos", func(a *components.GatewayEndpointArgs) { a.AllowAmazonLinuxRepos = true },
			[]string{`"arn:aws:s3:::al2023-repos-ap-northeast-2-de612dc2/*"`}, nil},
		{"list all buckets", func(a *components.GatewayEndpointArgs) { a.AllowListAllBuckets = true },
			[]string{`"Action":["s3:ListAllMyBuckets"],"Resource":["*"]`}, nil},
		{"full access opt-in", func(a *components.GatewayEndpointArgs) { a.Policy, a.Resources = components.PolicyFullAccess, nil },
			[]string{`"Sid":"FullAccessOptIn"`, `"Action":["*"],"Resource":["*"]`}, []string{"PrincipalAccount"}},
		{"custom actions", func(a *components.GatewayEndpointArgs) { a.Actions = []string{"s3:GetObject"} },
			[]string{`"Action":["s3:GetObject"]`}, []string{"s3:PutObject"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := mustRun(t, gatewayOn(tc.mutate))
			ep := find(t, g, "aws:ec2/vpcEndpoint:VpcEndpoint", "gw-endpoint")
			if rt := g.Source(ep, "routeTableIds"); rt == nil || rt.Name != "net-private-0-rt" {
				t.Errorf("endpoint route tables from %v", rt)
			}
			p := ep.Str("policy")
			for _, w := range tc.want {
				if !strings.Contains(p, w) {
					t.Errorf("policy lacks %s:\n%s", w, p)
				}
			}
			for _, a := range tc.absent {
				if strings.Contains(p, a) {
					t.Errorf("policy contains %s:\n%s", a, p)
				}
			}
		})
	}
}

func TestGatewayEndpointRejectsBadArgs(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*components.GatewayEndpointArgs)
		arg    string
		rule   string
	}{
		{"unknown service", func(a *components.GatewayEndpointArgs) { a.Service = "sqs" }, "Service", "only for s3 and dynamodb"},
		{"no route tables", func(a *components.GatewayEndpointArgs) { a.RouteTableIDs = nil }, "RouteTableIDs", "or it routes nothing"},
		{"nil route table", func(a *components.GatewayEndpointArgs) { a.RouteTableIDs = []pulumi.StringInput{nil} }, "RouteTableIDs[0]", "is nil"},
		{"no bucket for least privilege", func(a *components.GatewayEndpointArgs) { a.Resources = nil }, "Resources", "at least one bucket ARN"},
		{"no table for least privilege", func(a *components.GatewayEndpointArgs) { a.Service, a.Resources = "dynamodb", nil }, "Resources", "at least one table ARN"},
		{"wildcard action", func(a *components.GatewayEndpointArgs) { a.Actions = []string{"s3:*"} }, "Actions[0]", "wildcards are not least privilege"},
		{"action of another service", func(a *components.GatewayEndpointArgs) { a.Actions = []string{"dynamodb:GetItem"} }, "Actions[0]", "name one s3 action"},
		{"full access with resources", func(a *components.GatewayEndpointArgs) { a.Policy = components.PolicyFullAccess }, "Resources", "full-access allows everything"},
		{"unknown policy mode", func(a *components.GatewayEndpointArgs) { a.Policy = "open" }, "Policy", "least-privilege or full-access"},
		{"list-all on dynamodb", func(a *components.GatewayEndpointArgs) {
			a.Service, a.Resources, a.AllowListAllBuckets = "dynamodb", []pulumi.StringInput{pulumi.String("arn:aws:dynamodb:ap-northeast-2:123456789012:table/t")}, true
		}, "AllowListAllBuckets", "only for the s3 service"},
		{"no vpc", func(a *components.GatewayEndpointArgs) { a.VpcID = nil }, "VpcID", "is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := run(t, gatewayOn(tc.mutate))
			ae, ok := components.AsArgError(err)
			if !ok || ae.Component != "GatewayEndpoint" || ae.Arg != tc.arg || !strings.Contains(ae.Rule, tc.rule) {
				t.Fatalf("got %v, want GatewayEndpoint %s: …%s…", err, tc.arg, tc.rule)
			}
			for _, r := range res.Graph.Resources {
				if strings.HasPrefix(r.Name, "gw") {
					t.Errorf("%s registered despite the bad argument", r)
				}
			}
		})
	}
}

// A bucket name where its ARN is wanted is refused with the ARN to give:
// before registration when it is a plain value, once resolved when another
// resource computes it, the argument named either way.
func TestGatewayEndpointRejectsNonBucketARNs(t *testing.T) {
	for name, r := range map[string]pulumi.StringInput{
		"plain":    pulumi.String("my-lab-bucket"),
		"computed": pulumi.String("my-lab-bucket").ToStringOutput(),
	} {
		res, err := run(t, gatewayOn(func(a *components.GatewayEndpointArgs) { a.Resources = []pulumi.StringInput{r} }))
		if err == nil || !strings.Contains(err.Error(), `GatewayEndpoint: Resources[0] = "my-lab-bucket": is a bucket name, not its ARN: give arn:aws:s3:::my-lab-bucket`) {
			t.Errorf("%s: error %v", name, err)
		}
		if ep := res.Graph.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "gw-endpoint"); ep != nil {
			t.Errorf("%s: the endpoint was registered with a bucket name for an ARN", name)
		}
	}
}

func TestEndpointOnlyBucketPolicyNeverLocksOutTheDeployer(t *testing.T) {
	base := components.BucketPolicyArgs{BucketARN: "arn:aws:s3:::lab-b1", Condition: components.SourceVpce, Sources: []string{"vpce-1"},
		ExemptPrincipalARNs: []string{"arn:aws:iam::123456789012:role/Deployer"}}
	doc, err := components.EndpointOnlyBucketPolicy(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range doc.Statement {
		if st.Effect == "Deny" && len(st.Condition) == 0 {
			t.Errorf("unconditional deny %s", st.Sid)
		}
		if st.Sid == "DenyDataAccessOutsideTheEndpoint" && !slices.Equal(st.Condition["ArnNotLike"]["aws:PrincipalArn"], base.ExemptPrincipalARNs) {
			t.Errorf("deployer not exempt: %v", st.Condition)
		}
	}
	for name, mutate := range map[string]func(*components.BucketPolicyArgs){
		"no exempt principal": func(a *components.BucketPolicyArgs) { a.ExemptPrincipalARNs = nil },
		"unknown condition":   func(a *components.BucketPolicyArgs) { a.Condition = "sourceIp" },
		"not a bucket":        func(a *components.BucketPolicyArgs) { a.BucketARN = "b1" },
	} {
		a := base
		mutate(&a)
		if _, err := components.EndpointOnlyBucketPolicy(a); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Condition none keeps only the TLS rule: the bucket of a guide's step before
// its bucket policy, where IAM alone decides.
func TestBucketPolicyWithoutEndpointRule(t *testing.T) {
	doc, err := components.EndpointOnlyBucketPolicy(components.BucketPolicyArgs{BucketARN: "arn:aws:s3:::lab-b1", Condition: components.SourceNone,
		ExemptPrincipalARNs: []string{"arn:aws:iam::123456789012:role/Deployer"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Statement) != 1 || doc.Statement[0].Sid != "DenyInsecureTransport" || doc.Statement[0].Condition["Bool"]["aws:SecureTransport"][0] != "false" {
		t.Errorf("statements %+v, want only the deny without TLS", doc.Statement)
	}
	g := mustRun(t, func(ctx *pulumi.Context) error {
		_, err := components.NewPrivateBucket(ctx, "lab", &components.PrivateBucketArgs{Condition: components.SourceNone})
		return err
	})
	if p := find(t, g, "aws:s3/bucketPolicy:BucketPolicy", "lab-policy").Str("policy"); strings.Contains(p, "SourceVpc") || !strings.Contains(p, "DenyInsecureTransport") {
		t.Errorf("bucket policy %s", p)
	}
}

func TestDeployerPrincipalARNs(t *testing.T) {
	for in, want := range map[string][]string{
		"arn:aws:sts::123456789012:assumed-role/Admin/alice": {"arn:aws:iam::123456789012:role/Admin", "arn:aws:iam::123456789012:role/*/Admin"},
		"arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123/alice@example.com": {
			"arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123", "arn:aws:iam::123456789012:role/*/AWSReservedSSO_Admin_0123"},
		"arn:aws:iam::123456789012:user/learner": {"arn:aws:iam::123456789012:user/learner"},
		"arn:aws:iam::123456789012:root":         {"arn:aws:iam::123456789012:root"},
	} {
		got, err := components.DeployerPrincipalARNs(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s → %v %v, want %v", in, got, err, want)
		}
	}
	if _, err := components.DeployerPrincipalARNs("arn:aws:sts::123456789012:federated-user/bob"); err == nil {
		t.Error("a federated user was accepted; it cannot be matched by aws:PrincipalArn here")
	}
}

func TestPrivateBucketRejectsBadArgs(t *testing.T) {
	ep := []pulumi.StringInput{pulumi.String("vpce-1")}
	for _, tc := range []struct {
		name string
		comp string
		args components.PrivateBucketArgs
		arg  string
		rule string
	}{
		{"upper-case name", "Lab", components.PrivateBucketArgs{EndpointIDs: ep}, "name", "lowercase letters"},
		{"dotted name", "my.lab", components.PrivateBucketArgs{EndpointIDs: ep}, "name", "lowercase letters"},
		{"name too long", strings.Repeat("a", 49), components.PrivateBucketArgs{EndpointIDs: ep}, "name", "at most 48 characters"},
		{"reserved prefix", "xn--lab", components.PrivateBucketArgs{EndpointIDs: ep}, "name", "autonamed"},
		{"sourceVpc without VPC", "lab", components.PrivateBucketArgs{Condition: components.SourceVpc}, "VpcIDs", "needs at least one VPC ID"},
		{"endpoint with sourceVpc", "lab", components.PrivateBucketArgs{Condition: components.SourceVpc, VpcIDs: ep, EndpointIDs: ep}, "EndpointIDs", "only used with condition sourceVpce"},
		{"unknown condition", "lab", components.PrivateBucketArgs{Condition: "sourceIp"}, "Condition", "sourceVpce, sourceVpc or none"},
		{"endpoint with none", "lab", components.PrivateBucketArgs{Condition: components.SourceNone, EndpointIDs: ep}, "Condition", "takes no endpoint or VPC IDs"},
		{"bad admin arn", "lab", components.PrivateBucketArgs{EndpointIDs: ep, AdminARNs: []string{"admin"}}, "AdminARNs[0]", "not an IAM principal ARN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := run(t, func(ctx *pulumi.Context) error {
				_, err := components.NewPrivateBucket(ctx, tc.comp, &tc.args)
				return err
			})
			ae, ok := components.AsArgError(err)
			if !ok || ae.Component != "PrivateBucket" || ae.Arg != tc.arg || !strings.Contains(ae.Rule, tc.rule) {
				t.Fatalf("got %v, want PrivateBucket %s: …%s…", err, tc.arg, tc.rule)
			}
			if res.Graph.Len() != 0 {
				t.Errorf("%d resources registered", res.Graph.Len())
			}
		})
	}
}

// dnf's requests to the Amazon Linux repositories are anonymous
// (aws:PrincipalAccount is "anonymous"), so the endpoint's repository
// statement must admit them without an account condition, and admit nothing
// else: only GetObject, only the region's repository bucket.
func TestAmazonLinuxRepoStatementAdmitsDnfAndNothingElse(t *testing.T) {
	g := mustRun(t, gatewayOn(func(a *components.GatewayEndpointArgs) { a.AllowAmazonLinuxRepos, a.GuardrailTags = true, true }))
	ep := find(t, g, "aws:ec2/vpcEndpoint:VpcEndpoint", "gw-endpoint")
	doc, err := components.ParsePolicyDocument(ep.Str("policy"))
	if err != nil {
		t.Fatal(err)
	}
	endpoint := &iam.Policy{Name: ep.Name, Layer: iam.Endpoint, Doc: doc}
	// Resource policies that allow everyone, so that only the endpoint decides.
	public := func(bucket string) *iam.Policy {
		return &iam.Policy{Name: bucket, Layer: iam.Resource, Doc: components.PolicyDocument{Version: components.PolicyVersion, Statement: []components.Statement{{
			Effect: "Allow", Principal: &components.Principal{Any: true}, Action: []string{"s3:*"}, Resource: []string{"arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*"},
		}}}}
	}
	repo := iam.AmazonLinuxRepoBucket("ap-northeast-2")
	for _, c := range []struct {
		name, action, resource string
		bucketPolicy           *iam.Policy
		allowed                bool
	}{
		{"dnf reads the region's repository", "s3:GetObject", "arn:aws:s3:::" + repo + "/core/mirrors/latest/x86_64/mirror.list", iam.AmazonLinuxRepos("ap-northeast-2").Policy, true},
		{"not another region's repository", "s3:GetObject", "arn:aws:s3:::" + iam.AmazonLinuxRepoBucket("us-east-1") + "/core/x", public(iam.AmazonLinuxRepoBucket("us-east-1")), false},
		{"not a public bucket of someone else", "s3:GetObject", "arn:aws:s3:::attacker-bucket/payload", public("attacker-bucket"), false},
		{"not writing to the repository", "s3:PutObject", "arn:aws:s3:::" + repo + "/x", public(repo), false},
		{"not listing the repository", "s3:ListBucket", "arn:aws:s3:::" + repo, public(repo), false},
		{"not the lab bucket, anonymously", "s3:GetObject", "arn:aws:s3:::my-lab-bucket/x", public("my-lab-bucket"), false},
	} {
		req := iam.Request{Action: c.action, Resource: c.resource, Context: iam.NewContext("", ep.ID, ep.Str("vpcId"), true)}
		d, err := iam.Evaluate(req, iam.Policies{Endpoint: endpoint, Resource: c.bucketPolicy})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if d.Allowed != c.allowed || (!d.Allowed && d.DecidedBy()[0] != iam.Endpoint) {
			t.Errorf("%s: %s; want allowed=%v, and a denial by the endpoint policy", c.name, d, c.allowed)
		}
	}
	if reason := ep.Tag(components.ExceptionTagPrefix + "LAB-VPCE-01"); !strings.Contains(reason, "anonymous") {
		t.Errorf("the endpoint does not record why its repository statement has no account condition: %q", reason)
	}
	plain := find(t, mustRun(t, gatewayOn(func(a *components.GatewayEndpointArgs) { a.GuardrailTags = true })), "aws:ec2/vpcEndpoint:VpcEndpoint", "gw-endpoint")
	if reason := plain.Tag(components.ExceptionTagPrefix + "LAB-VPCE-01"); reason != "" {
		t.Errorf("an endpoint without the repository statement accepts LAB-VPCE-01: %q", reason)
	}
	// Without GuardrailTags a caller's endpoint carries no vpclab: tag.
	untagged := find(t, mustRun(t, gatewayOn(func(a *components.GatewayEndpointArgs) { a.AllowAmazonLinuxRepos = true })), "aws:ec2/vpcEndpoint:VpcEndpoint", "gw-endpoint")
	for k := range untagged.Object("tags") {
		if strings.HasPrefix(string(k), "vpclab:") {
			t.Errorf("tag %s without GuardrailTags", k)
		}
	}
}
