package tests

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/checks"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/sim/iam"
)

func decide(t *testing.T, stack string, over map[string]string) []checks.Outcome {
	t.Helper()
	res, err := shared.run(projectDir, stack, over)
	if err != nil {
		t.Fatalf("%s: %v", stack, err)
	}
	out, err := checks.Decide(res)
	if err != nil {
		t.Fatalf("%s: %v", stack, err)
	}
	return out
}

func outcome(t *testing.T, os []checks.Outcome, id string) checks.Outcome {
	t.Helper()
	for _, o := range os {
		if o.ID == id {
			return o
		}
	}
	t.Fatalf("no outcome %s among %v", id, checks.IDs(os))
	return checks.Outcome{}
}

// The checks each shipped stack answers, and that each gets the answer its
// guide shows: every guide check allowed, every negative check denied.
func TestShippedStacksAnswerTheirChecks(t *testing.T) {
	s3 := []string{"S3-DEPLOYER-EXEMPT", "S3-LAB-BUCKET", "S3-NOT-THROUGH-ENDPOINT", "S3-OTHER-BUCKET", "S3-TLS-ONLY"}
	ssm := []string{"SSM-ONLINE", "SSM-RUN-COMMAND", "SSM-SESSION"}
	want := map[string][]string{
		"nat-bastion":          {"DNF-BASTION", "DNF-PRIVATE"},
		"s3-gateway":           append([]string{"DNF-BASTION", "S3-BASTION-NO-ACCESS", "S3-LIST-ALL-BUCKETS"}, s3...),
		"dev":                  append(append([]string{}, s3...), ssm...),
		"ssm":                  ssm,
		"gateway-vs-interface": append([]string{"DNF-BASTION", "S3-BASTION-NO-ACCESS"}, s3...),
		"privatelink":          {"DNF-BASTION", "DNF-WEB"},
	}
	stacks, err := sim.Stacks(projectDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, stack := range stacks {
		ids, ok := want[stack]
		if !ok {
			t.Errorf("stack %s has no expected checks in this test", stack)
			continue
		}
		os := decide(t, stack, nil)
		got := checks.IDs(os)
		wantSorted := append([]string(nil), ids...)
		sort.Strings(wantSorted)
		if !reflect.DeepEqual(got, wantSorted) {
			t.Errorf("%s answers checks %v, want %v", stack, got, wantSorted)
		}
		for _, o := range checks.Failed(os) {
			t.Errorf("%s: %s expected %s, decided %s:\n%s", stack, o.ID, o.Expected, o.Decided, checks.Render([]checks.Outcome{o}))
		}
	}
}

// Which policy decides each guide check, per lab: the answer must come from
// the layer that is meant to give it, not by accident from another.
func TestTheRightLayerDecides(t *testing.T) {
	t.Parallel()
	cases := []struct {
		stack, check string
		request      int
		allowed      bool
		explicit     bool
		decidedBy    []iam.Layer
		statement    string // a Sid or policy among the deciding statements ("" for implicit denies)
	}{
		// The bucket policy's explicit deny stops everyone but the deployer outside the endpoint.
		{"s3-gateway", "S3-NOT-THROUGH-ENDPOINT", 0, false, true, []iam.Layer{iam.Resource}, "DenyDataAccessOutsideTheEndpoint"},
		{"s3-gateway", "S3-DEPLOYER-EXEMPT", 1, true, false, []iam.Layer{iam.Identity}, ""},
		{"s3-gateway", "S3-TLS-ONLY", 0, false, true, []iam.Layer{iam.Resource}, "DenyInsecureTransport"},
		// The private instance needs its role and the endpoint.
		{"s3-gateway", "S3-LAB-BUCKET", 0, true, false, []iam.Layer{iam.Identity, iam.Endpoint}, "LabResourcesOnly"},
		{"s3-gateway", "S3-LIST-ALL-BUCKETS", 0, true, false, []iam.Layer{iam.Identity, iam.Endpoint}, "ListAllMyBuckets"},
		// Another account's bucket: nothing allows it, the endpoint policy included.
		{"s3-gateway", "S3-OTHER-BUCKET", 0, false, false, []iam.Layer{iam.Identity, iam.Resource, iam.Endpoint}, ""},
		// The bastion's S3 traffic leaves over the internet in s3-gateway (the
		// bucket policy refuses it) but through the endpoint in lab 9-1, where
		// only its role, which names no bucket, stops it.
		{"s3-gateway", "S3-BASTION-NO-ACCESS", 0, false, true, []iam.Layer{iam.Resource}, "DenyDataAccessOutsideTheEndpoint"},
		{"gateway-vs-interface", "S3-BASTION-NO-ACCESS", 0, false, false, []iam.Layer{iam.Identity, iam.Resource}, ""},
		// dnf is anonymous: the repository bucket's policy and, on endpoint paths, the endpoint policy decide.
		{"privatelink", "DNF-WEB", 0, true, false, []iam.Layer{iam.Endpoint, iam.Resource}, "AmazonLinux2023Repos"},
		{"gateway-vs-interface", "DNF-BASTION", 0, true, false, []iam.Layer{iam.Endpoint, iam.Resource}, "AmazonLinux2023Repos"},
		{"nat-bastion", "DNF-PRIVATE", 0, true, false, []iam.Layer{iam.Resource}, "PublicRead"},
		// Session Manager: the managed policy, and the ssm endpoint's
		// account-only policy (Systems Manager takes endpoint policies, issue 19).
		{"ssm", "SSM-ONLINE", 0, true, false, []iam.Layer{iam.Identity, iam.Endpoint}, "OnlyThisAccount"},
	}
	for _, c := range cases {
		o := outcome(t, decide(t, c.stack, nil), c.check)
		r := o.Requests[c.request]
		d := r.Decision
		var sids []string
		for _, m := range d.Statements {
			sids = append(sids, m.Sid, m.Policy)
		}
		if d.Allowed != c.allowed || d.Explicit() != c.explicit || !reflect.DeepEqual(d.DecidedBy(), c.decidedBy) ||
			(c.statement != "" && !strings.Contains(strings.Join(sids, " "), c.statement)) {
			t.Errorf("%s %s request %d (%s %s by %s %s): %s, decided by %v; want allowed=%v explicit=%v by %v with %q",
				c.stack, c.check, c.request, r.Action, r.Resource, r.Who, r.Path, d, d.DecidedBy(), c.allowed, c.explicit, c.decidedBy, c.statement)
		}
	}
}

// The path a request takes sets its context: through an endpoint it carries
// aws:SourceVpce and aws:SourceVpc, dnf's requests are anonymous, signed ones
// carry the role's ARN and account.
func TestRequestsCarryThePathsContext(t *testing.T) {
	os := decide(t, "gateway-vs-interface", nil)
	res, _ := sim.LoadAndRun(projectDir, "gateway-vs-interface", nil, labs.Program)
	ep := res.Graph.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "s3-endpoint")
	vpc := res.Graph.Find("aws:ec2/vpc:Vpc", "network-vpc")
	list := outcome(t, os, "S3-LAB-BUCKET").Requests[0]
	if list.Context[iam.KeySourceVpce] != ep.ID || list.Context[iam.KeySourceVpc] != vpc.ID ||
		list.Context[iam.KeyPrincipalAccount] != sim.Account || !strings.Contains(list.Context[iam.KeyPrincipalArn], ":role/access-private-role-") {
		t.Errorf("S3-LAB-BUCKET context %v; want the endpoint %s, the VPC %s and the private role", list.Context, ep.ID, vpc.ID)
	}
	dnf := outcome(t, os, "DNF-BASTION").Requests[0]
	if dnf.Principal != "" || dnf.Context[iam.KeyPrincipalAccount] != "anonymous" || dnf.Context[iam.KeyPrincipalArn] != "" ||
		dnf.Context[iam.KeySourceVpce] != ep.ID || dnf.Resource != "arn:aws:s3:::al2023-repos-ap-northeast-2-de612dc2/core/mirrors/latest/x86_64/mirror.list" {
		t.Errorf("DNF-BASTION request %+v", dnf.Request)
	}
	outside := outcome(t, os, "S3-NOT-THROUGH-ENDPOINT").Requests[0]
	if _, ok := outside.Context[iam.KeySourceVpce]; ok {
		t.Errorf("a request from a laptop carries aws:SourceVpce: %v", outside.Context)
	}
}

// Toggles change which checks apply and how they are answered: the guide's
// "before the endpoint" state has no endpoint checks, the aws:sourceVpc
// variant still refuses outsiders, and full access opens other buckets at the
// endpoint while the role still refuses them.
func TestTogglesChangeTheAnswers(t *testing.T) {
	before := checks.IDs(decide(t, "s3-gateway", map[string]string{"s3GatewayEndpoint": "false"}))
	for _, id := range before {
		if id == "S3-LAB-BUCKET" || id == "S3-OTHER-BUCKET" || id == "S3-TLS-ONLY" {
			t.Errorf("without the endpoint, %s still applies: %v", id, before)
		}
	}
	vpcVariant := decide(t, "s3-gateway", map[string]string{"bucketPolicyCondition": "sourceVpc"})
	for _, o := range checks.Failed(vpcVariant) {
		t.Errorf("aws:sourceVpc variant: %s", checks.Render([]checks.Outcome{o}))
	}
	full := outcome(t, decide(t, "s3-gateway", map[string]string{"endpointPolicy": "full-access"}), "S3-OTHER-BUCKET")
	if d := full.Requests[0].Decision; d.Allowed || !reflect.DeepEqual(d.DecidedBy(), []iam.Layer{iam.Identity, iam.Resource}) {
		t.Errorf("full-access endpoint, another account's bucket: %s, decided by %v; want only the role and the bucket missing an allow", d, d.DecidedBy())
	}
	// The endpoint on the public route table takes the bastion's dnf too: the
	// repository statement comes with it, in any lab.
	both := decide(t, "s3-gateway", map[string]string{"gatewayEndpointRouteTables": "both"})
	if d := outcome(t, both, "DNF-BASTION").Requests[0]; !d.Allowed() || !strings.Contains(d.Path, "s3-endpoint") {
		t.Errorf("s3-gateway with the endpoint on both route tables, bastion dnf %s: %s", d.Path, d.Decision)
	}
	for _, o := range checks.Failed(both) {
		t.Errorf("s3-gateway, both route tables: %s", checks.Render([]checks.Outcome{o}))
	}
	nonat := checks.IDs(decide(t, "nat-bastion", map[string]string{"natMode": "none"}))
	if !reflect.DeepEqual(nonat, []string{"DNF-BASTION"}) {
		t.Errorf("nat-bastion without NAT answers %v, want only DNF-BASTION", nonat)
	}
}

// The catalogue is well formed: unique IDs, a source and an expectation each.
func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range checks.Catalogue {
		if seen[c.ID] || c.Title == "" || c.Source == "" || (c.Expect != checks.Allow && c.Expect != checks.Deny) {
			t.Errorf("check %+v: duplicate ID or missing title, source or expectation", c)
		}
		seen[c.ID] = true
		if got, ok := checks.Lookup(c.ID); !ok || got.ID != c.ID {
			t.Errorf("Lookup(%s) = %v, %v", c.ID, got.ID, ok)
		}
	}
}

// At every step of every lab the checks get the answers the guide shows
// there: a check the step expects to fail (no endpoint yet, the console's
// full-access policy, no bucket policy yet) gets the opposite answer, every
// other check its own.
func TestEveryStepAnswersAsTheGuideSays(t *testing.T) {
	t.Parallel()
	stacks := map[string]string{"nat-bastion": "nat-bastion", "s3-gateway": "s3-gateway", "ssm": "ssm", "gateway-vs-interface": "gateway-vs-interface", "privatelink": "privatelink"}
	flipped := map[string]bool{}
	for _, lab := range labs.Labs() {
		stack, ok := stacks[lab.Name]
		if !ok {
			t.Errorf("lab %s has no stack in this test", lab.Name)
			continue
		}
		for _, step := range lab.Steps {
			os := decide(t, stack, map[string]string{"step": step.Name})
			for _, o := range os {
				if !o.OK {
					t.Errorf("%s step %s: %s", lab.Name, step.Name, checks.Render([]checks.Outcome{o}))
				}
				if o.Step != "" {
					flipped[lab.Name+" "+step.Name+" "+o.ID] = true
				}
			}
		}
	}
	// The guide's failing checks that a request decides: no endpoint policy
	// or bucket policy yet, no SSM endpoints yet.
	for _, want := range []string{
		"s3-gateway gateway-endpoint S3-NOT-THROUGH-ENDPOINT",
		"ssm isolated-instance SSM-ONLINE", "ssm isolated-instance SSM-SESSION", "ssm isolated-instance SSM-RUN-COMMAND",
	} {
		if !flipped[want] {
			t.Errorf("%s: the step's expected failure was not applied (flipped: %v)", want, flipped)
		}
	}
}
