package components_test

import (
	"encoding/json"
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
