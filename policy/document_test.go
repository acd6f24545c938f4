package policy_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/vpclab/vpclab/policy"
)

func TestPolicyDocumentMarshalsIAMGrammar(t *testing.T) {
	doc := policy.Document{Statement: []policy.Statement{
		{Effect: "Allow", Principal: &policy.Principal{Any: true}, Action: []string{"s3:GetObject"}, Resource: []string{"arn:aws:s3:::b/*"},
			Condition: map[string]map[string][]string{"StringEquals": {"aws:PrincipalAccount": {"123456789012"}}}},
		{Effect: "Deny", Principal: &policy.Principal{AWS: []string{"arn:aws:iam::123456789012:root"}}, Action: []string{"s3:*"}},
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
	for name, doc := range map[string]policy.Document{
		"no statements":   {},
		"bad effect":      {Statement: []policy.Statement{{Effect: "allow", Action: []string{"s3:GetObject"}}}},
		"no action":       {Statement: []policy.Statement{{Effect: "Allow"}}},
		"star and list":   {Statement: []policy.Statement{{Effect: "Allow", Action: []string{"a:b"}, Principal: &policy.Principal{Any: true, AWS: []string{"x"}}}}},
		"empty principal": {Statement: []policy.Statement{{Effect: "Allow", Action: []string{"a:b"}, Principal: &policy.Principal{}}}},
	} {
		if js, err := doc.JSON(); err == nil {
			t.Errorf("%s: accepted %s", name, js)
		}
	}
}

// AWS's own spellings: single strings for lists, a single statement object,
// booleans as JSON booleans.
func TestParsePolicyDocumentReadsIAMGrammar(t *testing.T) {
	doc, err := policy.Parse(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":{"AWS":"*"},
		"Action":"s3:*","Resource":"arn:aws:s3:::b","Condition":{"Bool":{"aws:SecureTransport":false},"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}}`)
	if err != nil {
		t.Fatal(err)
	}
	want := policy.Document{Version: "2012-10-17", Statement: []policy.Statement{{
		Effect: "Deny", Principal: &policy.Principal{AWS: []string{"*"}}, Action: []string{"s3:*"}, Resource: []string{"arn:aws:s3:::b"},
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
		if doc, err := policy.Parse(js); err == nil {
			t.Errorf("%s: parsed as %#v", name, doc)
		}
	}
}
