package components

import (
	"encoding/json"
	"fmt"
)

// PolicyVersion is the only IAM policy language version vpclab writes.
const PolicyVersion = "2012-10-17"

// PolicyDocument is an IAM (or resource / endpoint) policy as a typed value.
// Marshal it with json.Marshal; never build policy JSON from string templates.
type PolicyDocument struct {
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
func (d PolicyDocument) JSON() (string, error) {
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
		d.Version = PolicyVersion
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// AssumeRoleForService is the trust policy that lets one AWS service assume a
// role, e.g. "ec2.amazonaws.com".
func AssumeRoleForService(service string) PolicyDocument {
	return PolicyDocument{
		Version: PolicyVersion,
		Statement: []Statement{{
			Effect:    "Allow",
			Principal: &Principal{Service: []string{service}},
			Action:    []string{"sts:AssumeRole"},
		}},
	}
}
