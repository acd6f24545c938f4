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
	// ID is the optional policy identifier (the grammar's Id element).
	ID string `json:"Id,omitempty"`
	// Statement lists the policy's statements; at least one.
	Statement []Statement `json:"Statement"`
}

// Statement is one policy statement. Condition maps an operator
// (StringEquals, ArnNotLike, …) to condition keys and their values.
// Exactly one of Action and NotAction is given, at most one of Resource and
// NotResource, and at most one of Principal and NotPrincipal (Validate).
type Statement struct {
	// Sid is an optional statement ID.
	Sid string `json:"Sid,omitempty"`
	// Effect is Allow or Deny.
	Effect string `json:"Effect"`
	// Principal is who the statement applies to (resource and endpoint policies).
	Principal *Principal `json:"Principal,omitempty"`
	// NotPrincipal is everyone but these principals (Deny statements only).
	NotPrincipal *Principal `json:"NotPrincipal,omitempty"`
	// Action lists the actions, such as s3:GetObject.
	Action []string `json:"Action,omitempty"`
	// NotAction lists the actions the statement does not cover: it applies
	// to every other action.
	NotAction []string `json:"NotAction,omitempty"`
	// Resource lists the resource ARNs.
	Resource []string `json:"Resource,omitempty"`
	// NotResource lists the resources the statement does not cover.
	NotResource []string `json:"NotResource,omitempty"`
	// Condition maps an operator to condition keys and their values.
	Condition map[string]map[string][]string `json:"Condition,omitempty"`
}

// Principal is a policy principal: either everyone ("*") or lists of
// AWS, Service, Federated and CanonicalUser principals.
type Principal struct {
	// Any is everyone: it marshals as "*" and takes no other principal.
	Any bool
	// AWS lists account, role or user ARNs.
	AWS []string
	// Service lists service principals such as ec2.amazonaws.com.
	Service []string
	// Federated lists identity providers (web identity or SAML).
	Federated []string
	// CanonicalUser lists S3 canonical user IDs.
	CanonicalUser []string
}

func (p Principal) empty() bool {
	return len(p.AWS)+len(p.Service)+len(p.Federated)+len(p.CanonicalUser) == 0
}

// MarshalJSON writes "*" for Any, otherwise an object with the non-empty lists.
func (p Principal) MarshalJSON() ([]byte, error) {
	if p.Any {
		if !p.empty() {
			return nil, fmt.Errorf("principal: \"*\" cannot be combined with other principals")
		}
		return json.Marshal("*")
	}
	m := map[string][]string{}
	for k, v := range map[string][]string{"AWS": p.AWS, "Service": p.Service, "Federated": p.Federated, "CanonicalUser": p.CanonicalUser} {
		if len(v) > 0 {
			m[k] = v
		}
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("principal: empty")
	}
	return json.Marshal(m)
}

// JSON marshals the document. It fails on a document that breaks the
// policy grammar (Validate), which AWS would reject anyway.
func (d Document) JSON() (string, error) {
	if err := d.Validate(); err != nil {
		return "", err
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

// Parse reads policy JSON as AWS accepts it: Action, NotAction, Resource,
// NotResource, principal lists and condition values may each be one string
// or a list, and condition values may be JSON booleans or numbers. Elements
// the grammar does not have are an error rather than being dropped, so
// nothing that reads a parsed policy can silently misjudge it, and so is a
// document that breaks the grammar (Validate). JSON written by
// Document.JSON parses back to the same value.
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
	if err := d.Validate(); err != nil {
		return Document{}, err
	}
	return d, nil
}

// UnmarshalJSON accepts a single statement object or a list of them, as the
// IAM grammar does.
func (d *Document) UnmarshalJSON(b []byte) error {
	var raw struct {
		Version   string
		ID        string `json:"Id"`
		Statement json.RawMessage
	}
	if err := strictDecode(b, &raw); err != nil {
		return err
	}
	d.Version, d.ID = raw.Version, raw.ID
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
		Sid          string
		Effect       string
		Principal    *Principal
		NotPrincipal *Principal
		Action       stringOrList
		NotAction    stringOrList
		Resource     stringOrList
		NotResource  stringOrList
		Condition    map[string]map[string]stringOrList
	}
	if err := strictDecode(b, &raw); err != nil {
		return fmt.Errorf("statement: %w", err)
	}
	*s = Statement{Sid: raw.Sid, Effect: raw.Effect, Principal: raw.Principal, NotPrincipal: raw.NotPrincipal,
		Action: raw.Action, NotAction: raw.NotAction, Resource: raw.Resource, NotResource: raw.NotResource}
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
		AWS           stringOrList
		Service       stringOrList
		Federated     stringOrList
		CanonicalUser stringOrList
	}
	if err := strictDecode(b, &raw); err != nil {
		return fmt.Errorf("principal: %w", err)
	}
	*p = Principal{AWS: raw.AWS, Service: raw.Service, Federated: raw.Federated, CanonicalUser: raw.CanonicalUser}
	if p.empty() {
		return fmt.Errorf("principal: empty")
	}
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
