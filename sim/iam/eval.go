package iam

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpclab/vpclab/policy"
)

// Layer is a kind of policy that takes part in a decision.
type Layer string

const (
	// Identity policies are attached to the principal (inline role policies,
	// managed policies); they have no Principal element.
	Identity Layer = "identity"
	// Endpoint is the VPC endpoint policy, applied only to requests that pass
	// through the endpoint.
	Endpoint Layer = "endpoint"
	// Resource is the target's own policy, e.g. an S3 bucket policy.
	Resource Layer = "resource"
)

// Policy is one policy document and where it came from.
type Policy struct {
	Name  string // e.g. the Pulumi resource that holds it, or the managed policy name
	Layer Layer
	Doc   policy.Document
}

// Request is one AWS request as IAM sees it.
type Request struct {
	// Principal is the caller's ARN as aws:PrincipalArn shows it (a role's
	// ARN for its sessions); "" for an anonymous, unsigned request.
	Principal string `json:"principal"`
	Action    string `json:"action"`   // e.g. s3:GetObject
	Resource  string `json:"resource"` // an ARN, or "*" for actions without a resource
	// Context holds the request's condition keys (see ConditionKeys). Use
	// NewContext for the keys the principal and the path give.
	Context map[string]string `json:"context"`
}

// Anonymous reports an unsigned request.
func (r Request) Anonymous() bool { return r.Principal == "" }

// PrincipalAccount is the account of the caller, or AnonymousAccount.
func (r Request) PrincipalAccount() string {
	if r.Anonymous() {
		return AnonymousAccount
	}
	return arnAccount(r.Principal)
}

// NewContext builds the request context a principal and a network path give:
// aws:PrincipalAccount always ("anonymous" without credentials), aws:PrincipalArn
// for signed requests, aws:SourceVpce and aws:SourceVpc through an endpoint,
// aws:SecureTransport for the protocol.
func NewContext(principal, endpointID, vpcID string, tls bool) map[string]string {
	ctx := map[string]string{KeySecureTransport: fmt.Sprint(tls)}
	if principal == "" {
		ctx[KeyPrincipalAccount] = AnonymousAccount
	} else {
		ctx[KeyPrincipalAccount] = arnAccount(principal)
		ctx[KeyPrincipalArn] = principal
	}
	if endpointID != "" {
		ctx[KeySourceVpce] = endpointID
		ctx[KeySourceVpc] = vpcID
	}
	return ctx
}

// Policies are the policies that apply to one request.
type Policies struct {
	// Identity are the principal's identity policies (none when anonymous).
	Identity []Policy
	// Endpoint is the endpoint's policy when the request passes through one.
	Endpoint *Policy
	// Resource is the target's resource policy, if it has one.
	Resource *Policy
	// SameAccount: the principal and the resource belong to one account.
	SameAccount bool
}

// Match is one statement that took part in a decision.
type Match struct {
	Layer  Layer
	Policy string
	Sid    string
	Effect string
}

func (m Match) String() string {
	sid := m.Sid
	if sid == "" {
		sid = "(no Sid)"
	}
	return fmt.Sprintf("%s %s %s", m.Layer, m.Policy, sid)
}

// Decision is IAM's answer to one request.
type Decision struct {
	Allowed bool
	// Statements are the explicit denies that decided, or, when allowed, the
	// allows that granted the request.
	Statements []Match
	// Missing are, for an implicit deny, the layers whose allow was needed
	// and absent.
	Missing []Layer
}

// Explicit reports a denial by an explicit Deny statement.
func (d Decision) Explicit() bool { return !d.Allowed && len(d.Statements) > 0 }

// DecidedBy names the layers that decided: the explicit deny's, the allowing
// ones, or the ones without the needed allow.
func (d Decision) DecidedBy() []Layer {
	if len(d.Missing) > 0 {
		return d.Missing
	}
	var out []Layer
	for _, m := range d.Statements {
		if len(out) == 0 || out[len(out)-1] != m.Layer {
			out = append(out, m.Layer)
		}
	}
	return out
}

func (d Decision) String() string {
	var parts []string
	for _, m := range d.Statements {
		parts = append(parts, m.String())
	}
	switch {
	case d.Allowed:
		return "allowed by " + strings.Join(parts, "; ")
	case d.Explicit():
		return "denied explicitly by " + strings.Join(parts, "; ")
	}
	var missing []string
	for _, l := range d.Missing {
		missing = append(missing, string(l))
	}
	return "denied: no allow in the " + strings.Join(missing, " or ") + " policy"
}

var layerOrder = map[Layer]int{Identity: 0, Endpoint: 1, Resource: 2}

// Evaluate decides a request against the policies that apply to it. A policy
// the evaluator cannot judge exactly (an unknown condition key or operator, a
// statement shape it does not model) is an error.
func Evaluate(req Request, p Policies) (Decision, error) {
	if req.Action == "" || req.Resource == "" {
		return Decision{}, fmt.Errorf("request without an action or a resource")
	}
	ctx := map[string]string{}
	for k, v := range req.Context {
		key, err := lookupKey(k)
		if err != nil {
			return Decision{}, fmt.Errorf("request context: %w", err)
		}
		ctx[strings.ToLower(key.Name)] = v
	}
	if req.Anonymous() && len(p.Identity) > 0 {
		return Decision{}, fmt.Errorf("an anonymous request has no identity policies")
	}
	var denies []Match
	allows := map[Layer][]Match{}
	consider := func(pol Policy) error {
		for i, s := range pol.Doc.Statement {
			hit, err := statementApplies(pol.Layer, s, req, ctx)
			if err != nil {
				return fmt.Errorf("%s policy %s Statement[%d] %s: %w", pol.Layer, pol.Name, i, s.Sid, err)
			}
			if !hit {
				continue
			}
			m := Match{Layer: pol.Layer, Policy: pol.Name, Sid: s.Sid, Effect: s.Effect}
			if s.Effect == "Deny" {
				denies = append(denies, m)
			} else {
				allows[pol.Layer] = append(allows[pol.Layer], m)
			}
		}
		return nil
	}
	all := append([]Policy(nil), p.Identity...)
	for _, pol := range []*Policy{p.Endpoint, p.Resource} {
		if pol != nil {
			all = append(all, *pol)
		}
	}
	for _, pol := range all {
		if err := consider(pol); err != nil {
			return Decision{}, err
		}
	}
	if len(denies) > 0 {
		sortMatches(denies)
		return Decision{Statements: denies}, nil
	}

	var granted []Match
	var missing []Layer
	identity, resource := allows[Identity], allows[Resource]
	switch {
	case req.Anonymous():
		// No identity to hold a policy: the resource policy must allow.
		if len(resource) == 0 {
			missing = append(missing, Resource)
		}
		granted = append(granted, resource...)
	case p.SameAccount:
		if len(identity)+len(resource) == 0 {
			missing = append(missing, Identity, Resource)
		}
		granted = append(append(granted, identity...), resource...)
	default:
		// Across accounts both sides must allow.
		if len(identity) == 0 {
			missing = append(missing, Identity)
		}
		if len(resource) == 0 {
			missing = append(missing, Resource)
		}
		granted = append(append(granted, identity...), resource...)
	}
	if p.Endpoint != nil {
		if len(allows[Endpoint]) == 0 {
			missing = append(missing, Endpoint)
		}
		granted = append(granted, allows[Endpoint]...)
	}
	if len(missing) > 0 {
		return Decision{Missing: missing}, nil
	}
	sortMatches(granted)
	return Decision{Allowed: true, Statements: granted}, nil
}

func sortMatches(ms []Match) {
	sort.SliceStable(ms, func(i, j int) bool { return layerOrder[ms[i].Layer] < layerOrder[ms[j].Layer] })
}

// statementApplies reports whether a statement covers the request: principal
// (endpoint and resource policies only), action, resource and condition.
func statementApplies(layer Layer, s policy.Statement, req Request, ctx map[string]string) (bool, error) {
	if s.Effect != "Allow" && s.Effect != "Deny" {
		return false, fmt.Errorf("Effect %q is not Allow or Deny", s.Effect)
	}
	if len(s.NotAction)+len(s.NotResource) > 0 || s.NotPrincipal != nil {
		// Valid grammar, but the offline decisions do not model the negated
		// elements: an error, never a guess.
		return false, fmt.Errorf("NotAction, NotResource and NotPrincipal are not modelled by the offline evaluator")
	}
	if len(s.Action) == 0 {
		return false, fmt.Errorf("no Action")
	}
	if len(s.Resource) == 0 {
		return false, fmt.Errorf("no Resource")
	}
	switch {
	case layer == Identity && s.Principal != nil:
		return false, fmt.Errorf("an identity policy takes no Principal")
	case layer != Identity && s.Principal == nil:
		return false, fmt.Errorf("a %s policy needs a Principal", layer)
	}
	// Validate the whole condition block even when the statement does not
	// otherwise apply: a policy the evaluator cannot read is an error.
	if err := checkCondition(s.Condition); err != nil {
		return false, err
	}
	if s.Principal != nil && !principalMatches(*s.Principal, req) {
		return false, nil
	}
	if !anyMatch(s.Action, req.Action, actionMatch) || !anyMatch(s.Resource, req.Resource, resourceMatch) {
		return false, nil
	}
	return evalCondition(s.Condition, ctx)
}

func anyMatch(patterns []string, v string, match func(p, v string) bool) bool {
	for _, p := range patterns {
		if match(p, v) {
			return true
		}
	}
	return false
}

// principalMatches decides the Principal element of an endpoint or resource
// policy. "*" (or {"AWS": "*"}) is everyone, anonymous callers included; an
// account ("123456789012" or its root ARN) is every principal of it; a role or
// user ARN is that principal. Service principals never make these requests.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
func principalMatches(p policy.Principal, req Request) bool {
	if p.Any {
		return true
	}
	for _, a := range p.AWS {
		switch {
		case a == "*":
			return true
		case req.Anonymous():
			continue
		case a == req.Principal:
			return true
		case a == arnAccount(req.Principal) || a == fmt.Sprintf("arn:%s:iam::%s:root", arnPartition(req.Principal), arnAccount(req.Principal)):
			return true
		}
	}
	return false
}

// arnAccount is the account part of an ARN ("" when it has none).
func arnAccount(arn string) string {
	if p := strings.SplitN(arn, ":", 6); len(p) == 6 {
		return p[4]
	}
	return ""
}

func arnPartition(arn string) string {
	if p := strings.SplitN(arn, ":", 6); len(p) == 6 {
		return p[1]
	}
	return ""
}
