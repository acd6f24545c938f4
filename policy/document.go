// Package policy holds IAM policy documents (identity, resource, trust and
// VPC endpoint policies) as typed Go values: vpclab writes every policy by
// marshalling a Document, never from string templates, and reads policies
// back with Parse for the offline IAM decisions. It is a leaf package: the
// components and the simulated AWS both import it.
package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Version is the only IAM policy language version vpclab writes.
const Version = "2012-10-17"

// Document is an IAM (or resource / endpoint) policy as a typed value.
// Marshal it with json.Marshal; never build policy JSON from string templates.
type Document struct {
	// Version is the policy language version (default 2012-10-17).
	Version string `json:"Version"`
	// Statement lists the policy's statements; at least one.
	Statement []Statement `json:"Statement"`
}

// Statement is one policy statement. Condition maps an operator
// (StringEquals, ArnNotLike, …) to condition keys and their values.
type Statement struct {
	// Sid is an optional statement ID.
	Sid string `json:"Sid,omitempty"`
	// Effect is Allow or Deny.
	Effect string `json:"Effect"`
	// Principal is who the statement applies to (resource and endpoint policies).
	Principal *Principal `json:"Principal,omitempty"`
	// Action lists the actions, such as s3:GetObject; at least one.
	Action []string `json:"Action"`
	// Resource lists the resource ARNs.
	Resource []string `json:"Resource,omitempty"`
	// Condition maps an operator to condition keys and their values.
	Condition map[string]map[string][]string `json:"Condition,omitempty"`
}

// Principal is a policy principal: either everyone ("*") or lists of
// AWS / Service principals.
type Principal struct {
	// Any is everyone: it marshals as "*" and takes no other principal.
	Any bool
	// AWS lists account, role or user ARNs.
	AWS []string
	// Service lists service principals such as ec2.amazonaws.com.
	Service []string
}

// MarshalJSON writes "*" for Any, otherwise an object with the non-empty lists.
func (p Principal) MarshalJSON() ([]byte, error) {
	if p.Any {
		if len(p.AWS)+len(p.Service) > 0 {
			return nil, fmt.Errorf("principal: \"*\" cannot be combined with AWS or Service principals")
		}
		return json.Marshal("*")
	}
	m := map[string][]string{}
	if len(p.AWS) > 0 {
		m["AWS"] = p.AWS
	}
	if len(p.Service) > 0 {
		m["Service"] = p.Service
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("principal: empty")
	}
	return json.Marshal(m)
}

// JSON marshals the document. It fails on an empty statement list or a
// statement without an effect or action, which AWS would reject anyway.
func (d Document) JSON() (string, error) {
	if len(d.Statement) == 0 {
		return "", fmt.Errorf("policy document: no statements")
	}
	for i, s := range d.Statement {
		if s.Effect != "Allow" && s.Effect != "Deny" {
			return "", fmt.Errorf("policy document: Statement[%d].Effect %q is not Allow or Deny", i, s.Effect)
		}
		if len(s.Action) == 0 {
			return "", fmt.Errorf("policy document: Statement[%d] has no Action", i)
		}
	}
	if d.Version == "" {
		d.Version = Version
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// AssumeRoleForService is the trust policy that lets one AWS service assume a
// role, e.g. "ec2.amazonaws.com".
func AssumeRoleForService(service string) Document {
	return Document{
		Version: Version,
		Statement: []Statement{{
			Effect:    "Allow",
			Principal: &Principal{Service: []string{service}},
			Action:    []string{"sts:AssumeRole"},
		}},
	}
}

// Parse reads policy JSON as AWS accepts it: Action, Resource,
// principal lists and condition values may each be one string or a list, and
// condition values may be JSON booleans or numbers. Elements vpclab's types
// do not model (NotAction, NotResource, NotPrincipal, Id, Federated
// principals…) are an error rather than being dropped, so nothing that reads a
// parsed policy can silently misjudge it. JSON written by Document.JSON
// parses back to the same value.
func Parse(js string) (Document, error) {
	var d Document
	dec := json.NewDecoder(bytes.NewReader([]byte(js)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return Document{}, fmt.Errorf("policy document: %w", err)
	}
	if dec.More() {
		return Document{}, fmt.Errorf("policy document: text after the JSON object")
	}
	return d, nil
}

// UnmarshalJSON accepts a single statement object or a list of them, as the
// IAM grammar does.
func (d *Document) UnmarshalJSON(b []byte) error {
	var raw struct {
		Version   string
		Statement json.RawMessage
	}
	if err := strictDecode(b, &raw); err != nil {
		return err
	}
	d.Version = raw.Version
	d.Statement = nil
	switch t := bytes.TrimSpace(raw.Statement); {
	case len(t) == 0 || string(t) == "null":
		return fmt.Errorf("no Statement")
	case t[0] == '{':
		var s Statement
		if err := json.Unmarshal(t, &s); err != nil {
			return err
		}
		d.Statement = []Statement{s}
	default:
		if err := json.Unmarshal(t, &d.Statement); err != nil {
			return err
		}
	}
	return nil
}

// UnmarshalJSON reads one statement; see Parse.
func (s *Statement) UnmarshalJSON(b []byte) error {
	var raw struct {
		Sid       string
		Effect    string
		Principal *Principal
		Action    stringOrList
		Resource  stringOrList
		Condition map[string]map[string]stringOrList
	}
	if err := strictDecode(b, &raw); err != nil {
		return fmt.Errorf("statement: %w", err)
	}
	*s = Statement{Sid: raw.Sid, Effect: raw.Effect, Principal: raw.Principal, Action: raw.Action, Resource: raw.Resource}
	if raw.Condition != nil {
		s.Condition = map[string]map[string][]string{}
		for op, keys := range raw.Condition {
			s.Condition[op] = map[string][]string{}
			for k, v := range keys {
				s.Condition[op][k] = v
			}
		}
	}
	return nil
}

// UnmarshalJSON reads "*" or an object of AWS and Service principals.
func (p *Principal) UnmarshalJSON(b []byte) error {
	var star string
	if err := json.Unmarshal(b, &star); err == nil {
		if star != "*" {
			return fmt.Errorf("principal %q: a string principal can only be \"*\"", star)
		}
		*p = Principal{Any: true}
		return nil
	}
	var raw struct {
		AWS     stringOrList
		Service stringOrList
	}
	if err := strictDecode(b, &raw); err != nil {
		return fmt.Errorf("principal: %w", err)
	}
	if len(raw.AWS)+len(raw.Service) == 0 {
		return fmt.Errorf("principal: empty")
	}
	*p = Principal{AWS: raw.AWS, Service: raw.Service}
	return nil
}

// stringOrList is a policy value written as one string or a list of them;
// condition values may also be booleans or numbers, kept as their text.
type stringOrList []string

func (l *stringOrList) UnmarshalJSON(b []byte) error {
	var one any
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	scalar := func(v any) (string, error) {
		switch x := v.(type) {
		case string:
			return x, nil
		case bool:
			return strconv.FormatBool(x), nil
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64), nil
		}
		return "", fmt.Errorf("%v is not a string, boolean or number", v)
	}
	switch x := one.(type) {
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			s, err := scalar(e)
			if err != nil {
				return err
			}
			out[i] = s
		}
		*l = out
	default:
		s, err := scalar(x)
		if err != nil {
			return err
		}
		*l = []string{s}
	}
	return nil
}

// strictDecode refuses JSON object members the target does not have.
func strictDecode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
