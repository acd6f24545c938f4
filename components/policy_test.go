package components_test

import (
	"reflect"
	"testing"

	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/policy"
)

// Every policy the components write parses back to the same value, so the
// simulated IAM reads exactly what AWS would receive.
func TestPolicyDocumentRoundTrips(t *testing.T) {
	bucketPolicy, err := components.EndpointOnlyBucketPolicy(components.BucketPolicyArgs{
		BucketARN: "arn:aws:s3:::vpclab-bucket-1234567", Condition: components.SourceVpce, Sources: []string{"vpce-0123456789abcdef0"},
		ExemptPrincipalARNs: []string{"arn:aws:iam::123456789012:user/me"},
	})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]policy.Document{
		"trust":  policy.AssumeRoleForService("ec2.amazonaws.com"),
		"bucket": bucketPolicy,
		"mixed": {Version: policy.Version, Statement: []policy.Statement{
			{Sid: "A", Effect: "Allow", Principal: &policy.Principal{AWS: []string{"arn:aws:iam::123456789012:root"}, Service: []string{"ec2.amazonaws.com"}},
				Action: []string{"s3:GetObject", "s3:ListBucket"}, Resource: []string{"*"},
				Condition: map[string]map[string][]string{"StringEquals": {"aws:PrincipalAccount": {"123456789012", "anonymous"}}, "Bool": {"aws:SecureTransport": {"true"}}}},
			{Effect: "Deny", Action: []string{"*"}, Resource: []string{"arn:aws:s3:::b/*"}},
		}},
	}
	for name, doc := range docs {
		js, err := doc.JSON()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		back, err := policy.Parse(js)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, js)
		}
		if !reflect.DeepEqual(back, doc) {
			t.Errorf("%s does not round-trip:\n got %#v\nwant %#v", name, back, doc)
		}
	}
}
