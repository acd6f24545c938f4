package policy_test

import (
	"encoding/json"
	"reflect"
	"strings"
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

// Elements the grammar does not have are refused, never dropped; the
// grammar's own negations (NotAction, NotResource, NotPrincipal), Id and
// Federated principals are read as written.
func TestParsePolicyDocumentRefusesWhatItCannotRepresent(t *testing.T) {
	for name, js := range map[string]string{
		"unknown element":   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Actions":"s3:*","Resource":"*"}]}`,
		"unknown principal": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Users":"x"},"Action":"s3:*"}]}`,
		"bad star":          `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"everyone","Action":"s3:*"}]}`,
		"no statement":      `{"Version":"2012-10-17"}`,
		"object value":      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":{"a":"b"}}]}`,
		"trailing":          `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]} {}`,
		"bad operator":      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Condition":{"StringEqual":{"a":"b"}}}]}`,
	} {
		if doc, err := policy.Parse(js); err == nil {
			t.Errorf("%s: parsed as %#v", name, doc)
		}
	}
}

func TestParsePolicyDocumentReadsNegationsAndID(t *testing.T) {
	js := `{"Version":"2012-10-17","Id":"perimeter","Statement":[
		{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},"NotAction":"s3:GetObject","NotResource":"arn:aws:s3:::b/*"},
		{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity",
		 "Condition":{"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"},"StringEqualsIfExists":{"aws:SourceVpc":"vpc-1"}}}]}`
	doc, err := policy.Parse(js)
	if err != nil {
		t.Fatal(err)
	}
	want := policy.Document{Version: "2012-10-17", ID: "perimeter", Statement: []policy.Statement{
		{Effect: "Deny", NotPrincipal: &policy.Principal{AWS: []string{"arn:aws:iam::123456789012:root"}}, NotAction: []string{"s3:GetObject"}, NotResource: []string{"arn:aws:s3:::b/*"}},
		{Effect: "Allow", Principal: &policy.Principal{Federated: []string{"cognito-identity.amazonaws.com"}}, Action: []string{"sts:AssumeRoleWithWebIdentity"},
			Condition: map[string]map[string][]string{"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": {"authenticated"}}, "StringEqualsIfExists": {"aws:SourceVpc": {"vpc-1"}}}},
	}}
	if !reflect.DeepEqual(doc, want) {
		t.Fatalf("got %#v\nwant %#v", doc, want)
	}
	// And back: what Document.JSON writes parses to the same value.
	out, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	again, err := policy.Parse(out)
	if err != nil || !reflect.DeepEqual(again, want) {
		t.Errorf("round trip: %v %#v", err, again)
	}
}

// One grammar rule per case; each refusal names the element and the page.
func TestPolicyGrammar(t *testing.T) {
	allow := func(s policy.Statement) policy.Document {
		if s.Effect == "" {
			s.Effect = "Allow"
		}
		return policy.Document{Statement: []policy.Statement{s}}
	}
	act := []string{"s3:GetObject"}
	for name, tc := range map[string]struct {
		doc  policy.Document
		want string // "" = accepted
	}{
		"plain":                 {allow(policy.Statement{Action: act, Resource: []string{"*"}}), ""},
		"NotAction":             {allow(policy.Statement{NotAction: act, Resource: []string{"*"}}), ""},
		"NotResource":           {allow(policy.Statement{Action: act, NotResource: []string{"arn:aws:s3:::b"}}), ""},
		"NotPrincipal deny":     {allow(policy.Statement{Effect: "Deny", NotPrincipal: &policy.Principal{AWS: []string{"123456789012"}}, Action: act}), ""},
		"IfExists":              {allow(policy.Statement{Action: act, Condition: map[string]map[string][]string{"StringEqualsIfExists": {"aws:SourceVpce": {"vpce-1"}}}}), ""},
		"set operator":          {allow(policy.Statement{Action: act, Condition: map[string]map[string][]string{"ForAllValues:StringLike": {"aws:TagKeys": {"a*"}}}}), ""},
		"Null":                  {allow(policy.Statement{Action: act, Condition: map[string]map[string][]string{"Null": {"aws:SourceVpce": {"true"}}}}), ""},
		"old version":           {policy.Document{Version: "2008-10-17", Statement: []policy.Statement{{Effect: "Allow", Action: act}}}, ""},
		"bad version":           {policy.Document{Version: "2012-10-18", Statement: []policy.Statement{{Effect: "Allow", Action: act}}}, `Version "2012-10-18" is not 2012-10-17 or 2008-10-17`},
		"no statements":         {policy.Document{}, "no statements"},
		"bad effect":            {allow(policy.Statement{Effect: "allow", Action: act}), `Effect "allow" is not Allow or Deny`},
		"no action":             {allow(policy.Statement{Resource: []string{"*"}}), "has no Action (or NotAction)"},
		"both actions":          {allow(policy.Statement{Action: act, NotAction: act}), "has both Action and NotAction"},
		"both resources":        {allow(policy.Statement{Action: act, Resource: []string{"*"}, NotResource: []string{"*"}}), "has both Resource and NotResource"},
		"both principals":       {allow(policy.Statement{Effect: "Deny", Action: act, Principal: &policy.Principal{Any: true}, NotPrincipal: &policy.Principal{AWS: []string{"1"}}}), "has both Principal and NotPrincipal"},
		"NotPrincipal star":     {allow(policy.Statement{Effect: "Deny", Action: act, NotPrincipal: &policy.Principal{Any: true}}), `NotPrincipal "*" excludes everyone`},
		"unknown operator":      {allow(policy.Statement{Action: act, Condition: map[string]map[string][]string{"StringEqual": {"k": {"v"}}}}), `Condition operator "StringEqual" is not a condition operator`},
		"NullIfExists":          {allow(policy.Statement{Action: act, Condition: map[string]map[string][]string{"NullIfExists": {"k": {"v"}}}}), `"NullIfExists" is not a condition operator`},
		"operator without keys": {allow(policy.Statement{Action: act, Condition: map[string]map[string][]string{"Bool": {}}}), "Condition Bool has no condition key"},
		"key without values":    {allow(policy.Statement{Action: act, Condition: map[string]map[string][]string{"Bool": {"aws:SecureTransport": nil}}}), `key "aws:SecureTransport" needs a name and at least one value`},
	} {
		err := tc.doc.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: refused: %v", name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "https://docs.aws.amazon.com/IAM/")):
			t.Errorf("%s: got %v, want %q with its source", name, err, tc.want)
		}
		if _, jerr := tc.doc.JSON(); (jerr == nil) != (err == nil) {
			t.Errorf("%s: JSON and Validate disagree: %v / %v", name, jerr, err)
		}
	}
}
