package components_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/vpclab/vpclab/components"
)

func TestPolicyDocumentMarshalsIAMGrammar(t *testing.T) {
	doc := components.PolicyDocument{Statement: []components.Statement{
		{Effect: "Allow", Principal: &components.Principal{Any: true}, Action: []string{"s3:GetObject"}, Resource: []string{"arn:aws:s3:::b/*"},
			Condition: map[string]map[string][]string{"StringEquals": {"aws:PrincipalAccount": {"123456789012"}}}},
		{Effect: "Deny", Principal: &components.Principal{AWS: []string{"arn:aws:iam::123456789012:root"}}, Action: []string{"s3:*"}},
	}}
	js, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(js), &raw); err != nil {
		t.Fatal(err)
	}
	if raw["Version"] != "2012-10-17" {
		t.Errorf("Version = %v", raw["Version"])
	}
	st := raw["Statement"].([]any)
	if st[0].(map[string]any)["Principal"] != "*" {
		t.Errorf("Any principal marshals as %v, want \"*\"", st[0].(map[string]any)["Principal"])
	}
	if aws := st[1].(map[string]any)["Principal"].(map[string]any)["AWS"].([]any); aws[0] != "arn:aws:iam::123456789012:root" {
		t.Errorf("AWS principal = %v", aws)
	}
}

func TestPolicyDocumentRefusesWhatIAMRejects(t *testing.T) {
	for name, doc := range map[string]components.PolicyDocument{
		"no statements":   {},
		"bad effect":      {Statement: []components.Statement{{Effect: "allow", Action: []string{"s3:GetObject"}}}},
		"no action":       {Statement: []components.Statement{{Effect: "Allow"}}},
		"star and list":   {Statement: []components.Statement{{Effect: "Allow", Action: []string{"a:b"}, Principal: &components.Principal{Any: true, AWS: []string{"x"}}}}},
		"empty principal": {Statement: []components.Statement{{Effect: "Allow", Action: []string{"a:b"}, Principal: &components.Principal{}}}},
	} {
		if js, err := doc.JSON(); err == nil {
			t.Errorf("%s: accepted %s", name, js)
		}
	}
}

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
	docs := map[string]components.PolicyDocument{
		"trust":  components.AssumeRoleForService("ec2.amazonaws.com"),
		"bucket": bucketPolicy,
		"mixed": {Version: components.PolicyVersion, Statement: []components.Statement{
			{Sid: "A", Effect: "Allow", Principal: &components.Principal{AWS: []string{"arn:aws:iam::123456789012:root"}, Service: []string{"ec2.amazonaws.com"}},
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
		back, err := components.ParsePolicyDocument(js)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, js)
		}
		if !reflect.DeepEqual(back, doc) {
			t.Errorf("%s does not round-trip:\n got %#v\nwant %#v", name, back, doc)
		}
	}
}

// AWS's own spellings: single strings for lists, a single statement object,
// booleans as JSON booleans.
func TestParsePolicyDocumentReadsIAMGrammar(t *testing.T) {
	doc, err := components.ParsePolicyDocument(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":{"AWS":"*"},
		"Action":"s3:*","Resource":"arn:aws:s3:::b","Condition":{"Bool":{"aws:SecureTransport":false},"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}}`)
	if err != nil {
		t.Fatal(err)
	}
	want := components.PolicyDocument{Version: "2012-10-17", Statement: []components.Statement{{
		Effect: "Deny", Principal: &components.Principal{AWS: []string{"*"}}, Action: []string{"s3:*"}, Resource: []string{"arn:aws:s3:::b"},
		Condition: map[string]map[string][]string{"Bool": {"aws:SecureTransport": {"false"}}, "StringNotEquals": {"aws:SourceVpce": {"vpce-1"}}},
	}}}
	if !reflect.DeepEqual(doc, want) {
		t.Errorf("got %#v\nwant %#v", doc, want)
	}
}

// Elements the types do not model are refused, never dropped: a dropped
// NotAction would turn "everything but" into "nothing".
func TestParsePolicyDocumentRefusesWhatItCannotRepresent(t *testing.T) {
	for name, js := range map[string]string{
		"NotAction":    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}]}`,
		"NotResource":  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":"*"}]}`,
		"NotPrincipal": `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"x"},"Action":"s3:*","Resource":"*"}]}`,
		"Id":           `{"Version":"2012-10-17","Id":"x","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
		"Federated":    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"x"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`,
		"bad star":     `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"everyone","Action":"s3:*"}]}`,
		"no statement": `{"Version":"2012-10-17"}`,
		"object value": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":{"a":"b"}}]}`,
		"trailing":     `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]} {}`,
	} {
		if doc, err := components.ParsePolicyDocument(js); err == nil {
			t.Errorf("%s: parsed as %#v", name, doc)
		}
	}
}
