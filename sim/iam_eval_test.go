package sim_test

import (
	"strings"
	"testing"

	"github.com/vpclab/vpclab/policy"
	"github.com/vpclab/vpclab/sim/iam"
)

// The black-box tests of package sim/iam. They live in sim's test binary,
// which links what theirs did (sim and the Pulumi SDK): one link fewer on
// every go test ./... .

const (
	acct   = "123456789012"
	other  = "111122223333"
	role   = "arn:aws:iam::" + acct + ":role/app"
	admin  = "arn:aws:iam::" + acct + ":role/admin"
	stray  = "arn:aws:iam::" + other + ":role/stray"
	bucket = "arn:aws:s3:::lab-bucket"
	object = bucket + "/hello.txt"
	vpce   = "vpce-0aaaaaaaaaaaaaaaa"
	vpc    = "vpc-0bbbbbbbbbbbbbbbb"
)

type cond = map[string]map[string][]string

func allow(actions, resources []string, c cond) policy.Statement {
	return policy.Statement{Effect: "Allow", Action: actions, Resource: resources, Condition: c}
}

func everyone(s policy.Statement) policy.Statement {
	s.Principal = &policy.Principal{Any: true}
	return s
}

func deny(s policy.Statement) policy.Statement { s.Effect = "Deny"; return s }

func pol(name string, layer iam.Layer, st ...policy.Statement) *iam.Policy {
	return &iam.Policy{Name: name, Layer: layer, Doc: policy.Document{Version: policy.Version, Statement: st}}
}

func ids(l ...string) []string { return l }

// req is a signed request through the endpoint over TLS, unless changed.
func req(principal, action, resource string) iam.Request {
	return iam.Request{Principal: principal, Action: action, Resource: resource, Context: iam.NewContext(principal, vpce, vpc, true)}
}

func offEndpoint(r iam.Request) iam.Request {
	r.Context = iam.NewContext(r.Principal, "", "", true)
	return r
}

func with(r iam.Request, k, v string) iam.Request {
	ctx := map[string]string{}
	for a, b := range r.Context {
		ctx[a] = b
	}
	if v == "" {
		delete(ctx, k)
	} else {
		ctx[k] = v
	}
	r.Context = ctx
	return r
}

var (
	getObject = allow(ids("s3:GetObject"), ids(bucket+"/*"), nil)
	identity  = pol("app-s3", iam.Identity, getObject)
)

// Each case is one decision; every operator and every policy layer has a
// pair of cases in which it alone flips the outcome.
func TestEvaluate(t *testing.T) {
	cases := []struct {
		name     string
		req      iam.Request
		p        iam.Policies
		allowed  bool
		decided  string // the layers DecidedBy names, joined
		explicit bool
	}{
		// Layers.
		{"identity allows in one account", req(role, "s3:GetObject", object), iam.Policies{Identity: []iam.Policy{*identity}, SameAccount: true}, true, "identity", false},
		{"nothing allows in one account", req(role, "s3:GetObject", object), iam.Policies{SameAccount: true}, false, "identity,resource", false},
		{"the bucket policy alone allows in one account", req(role, "s3:GetObject", object),
			iam.Policies{Resource: pol("bp", iam.Resource, policy.Statement{Effect: "Allow", Principal: &policy.Principal{AWS: ids(role)}, Action: ids("s3:GetObject"), Resource: ids(object)}), SameAccount: true},
			true, "resource", false},
		{"a bucket policy naming another role does not", req(role, "s3:GetObject", object),
			iam.Policies{Resource: pol("bp", iam.Resource, policy.Statement{Effect: "Allow", Principal: &policy.Principal{AWS: ids(admin)}, Action: ids("s3:GetObject"), Resource: ids(object)}), SameAccount: true},
			false, "identity,resource", false},
		{"a bucket policy naming the account root allows its roles", req(role, "s3:GetObject", object),
			iam.Policies{Resource: pol("bp", iam.Resource, policy.Statement{Effect: "Allow", Principal: &policy.Principal{AWS: ids("arn:aws:iam::" + acct + ":root")}, Action: ids("s3:GetObject"), Resource: ids(object)}), SameAccount: true},
			true, "resource", false},
		{"the endpoint policy must allow too", req(role, "s3:GetObject", object),
			iam.Policies{Identity: []iam.Policy{*identity}, Endpoint: pol("ep", iam.Endpoint, everyone(allow(ids("s3:ListBucket"), ids(bucket), nil))), SameAccount: true},
			false, "endpoint", false},
		{"the endpoint policy allows", req(role, "s3:GetObject", object),
			iam.Policies{Identity: []iam.Policy{*identity}, Endpoint: pol("ep", iam.Endpoint, everyone(getObject)), SameAccount: true},
			true, "identity,endpoint", false},
		{"across accounts the identity allow is not enough", req(stray, "s3:GetObject", object),
			iam.Policies{Identity: []iam.Policy{*identity}}, false, "resource", false},
		{"across accounts both sides allow", req(stray, "s3:GetObject", object),
			iam.Policies{Identity: []iam.Policy{*identity}, Resource: pol("bp", iam.Resource, everyone(getObject))}, true, "identity,resource", false},
		{"explicit deny in the identity policy wins", req(role, "s3:GetObject", object),
			iam.Policies{Identity: []iam.Policy{*identity, *pol("no-s3", iam.Identity, deny(allow(ids("s3:*"), ids("*"), nil)))}, SameAccount: true}, false, "identity", true},
		{"explicit deny in the endpoint policy wins", req(role, "s3:GetObject", object),
			iam.Policies{Identity: []iam.Policy{*identity}, Endpoint: pol("ep", iam.Endpoint, everyone(getObject), everyone(deny(getObject))), SameAccount: true}, false, "endpoint", true},
		{"explicit deny in the bucket policy wins", req(role, "s3:GetObject", object),
			iam.Policies{Identity: []iam.Policy{*identity}, Resource: pol("bp", iam.Resource, everyone(deny(getObject))), SameAccount: true}, false, "resource", true},
		{"anonymous: the bucket policy allows", iam.Request{Action: "s3:GetObject", Resource: object, Context: iam.NewContext("", "", "", true)},
			iam.Policies{Resource: pol("bp", iam.Resource, everyone(getObject))}, true, "resource", false},
		{"anonymous: no bucket policy, no access", iam.Request{Action: "s3:GetObject", Resource: object, Context: iam.NewContext("", "", "", true)},
			iam.Policies{}, false, "resource", false},
		{"anonymous through an endpoint whose allow is conditioned on the account", iam.Request{Action: "s3:GetObject", Resource: object, Context: iam.NewContext("", vpce, vpc, true)},
			iam.Policies{Resource: pol("bp", iam.Resource, everyone(getObject)), Endpoint: pol("ep", iam.Endpoint, everyone(allow(ids("s3:GetObject"), ids(bucket+"/*"), cond{"StringEquals": {"aws:PrincipalAccount": {acct}}})))},
			false, "endpoint", false},
		{"anonymous through an endpoint that allows the object to anyone", iam.Request{Action: "s3:GetObject", Resource: object, Context: iam.NewContext("", vpce, vpc, true)},
			iam.Policies{Resource: pol("bp", iam.Resource, everyone(getObject)), Endpoint: pol("ep", iam.Endpoint, everyone(getObject))}, true, "endpoint,resource", false},

		// Actions and resources.
		{"actions are case-insensitive with wildcards", req(role, "s3:GetObject", object),
			iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, allow(ids("S3:get*"), ids(bucket+"/*"), nil))}, SameAccount: true}, true, "identity", false},
		{"? is one character", req(role, "s3:GetObject", object),
			iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, allow(ids("s3:GetObjec?"), ids(bucket+"/hello.tx?"), nil))}, SameAccount: true}, true, "identity", false},
		{"bucket/* is the objects, not the bucket", req(role, "s3:ListBucket", bucket),
			iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, allow(ids("s3:ListBucket"), ids(bucket+"/*"), nil))}, SameAccount: true}, false, "identity,resource", false},
		{"resource ARNs are case-sensitive", req(role, "s3:GetObject", object),
			iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, allow(ids("s3:GetObject"), ids("arn:aws:s3:::LAB-bucket/*"), nil))}, SameAccount: true}, false, "identity,resource", false},
		{"a wildcard does not cross ARN parts", req(role, "s3:GetObject", object),
			iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, allow(ids("s3:GetObject"), ids("arn:aws:*"), nil))}, SameAccount: true}, false, "identity,resource", false},
		{"Resource * is everything", req(role, "s3:ListAllMyBuckets", "*"),
			iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, allow(ids("s3:ListAllMyBuckets"), ids("*"), nil))}, SameAccount: true}, true, "identity", false},
	}
	for _, c := range cases {
		d, err := iam.Evaluate(c.req, c.p)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var got []string
		for _, l := range d.DecidedBy() {
			got = append(got, string(l))
		}
		if d.Allowed != c.allowed || strings.Join(got, ",") != c.decided || d.Explicit() != c.explicit {
			t.Errorf("%s: allowed=%v explicit=%v decided by %v (%s); want allowed=%v explicit=%v by %s", c.name, d.Allowed, d.Explicit(), got, d, c.allowed, c.explicit, c.decided)
		}
	}
}

// Each operator decides a Deny in a bucket policy: the same request is
// allowed with one context value and denied with the other.
func TestOperators(t *testing.T) {
	base := iam.Policies{Identity: []iam.Policy{*identity}, SameAccount: true}
	in := req(role, "s3:GetObject", object)
	cases := []struct {
		op, key string
		values  []string
		denied  iam.Request // the deny applies
		passed  iam.Request // it does not
	}{
		{"StringEquals", "aws:PrincipalAccount", ids(other, "444455556666"), with(in, "aws:PrincipalAccount", other), in},
		{"StringNotEquals", "aws:SourceVpce", ids("vpce-0other", vpce), offEndpoint(in), in},
		{"StringLike", "aws:PrincipalArn", ids("arn:aws:iam::*:role/ap?"), in, req(admin, "s3:GetObject", object)},
		{"StringNotLike", "aws:PrincipalArn", ids("arn:aws:iam::*:role/adm*"), in, req(admin, "s3:GetObject", object)},
		{"ArnEquals", "aws:PrincipalArn", ids(role), in, req(admin, "s3:GetObject", object)},
		{"ArnLike", "aws:PrincipalArn", ids("arn:aws:iam::" + acct + ":role/a?p"), in, req(admin, "s3:GetObject", object)},
		{"ArnNotEquals", "aws:PrincipalArn", ids(admin), in, req(admin, "s3:GetObject", object)},
		{"ArnNotLike", "aws:PrincipalArn", ids("arn:aws:iam::*:role/adm*", "arn:aws:iam::*:user/*"), in, req(admin, "s3:GetObject", object)},
		{"Bool", "aws:SecureTransport", ids("false"), with(in, "aws:SecureTransport", "false"), in},
		{"Null", "aws:SourceVpce", ids("true"), offEndpoint(in), in},
		{"Null", "aws:SourceVpce", ids("false"), in, offEndpoint(in)},
	}
	for _, c := range cases {
		p := base
		p.Resource = pol("bp", iam.Resource, everyone(deny(allow(ids("s3:*"), ids(object), cond{c.op: {c.key: c.values}}))))
		for _, x := range []struct {
			r      iam.Request
			denied bool
		}{{c.denied, true}, {c.passed, false}} {
			if x.r.Principal == admin {
				p.Identity = []iam.Policy{iam.AdministratorAccess()}
			} else {
				p.Identity = []iam.Policy{*identity}
			}
			d, err := iam.Evaluate(x.r, p)
			if err != nil {
				t.Errorf("%s %s %v: %v", c.op, c.key, c.values, err)
				continue
			}
			if d.Explicit() != x.denied || d.Allowed == x.denied {
				t.Errorf("%s %s %v with context %v: %s; want denied=%v", c.op, c.key, c.values, x.r.Context, d, x.denied)
			}
		}
	}
}

// Condition logic: several values of a key are alternatives (NOR when
// negated); several keys and several operators must all hold; a missing key
// fails positive operators and passes negated ones; keys ignore case.
func TestConditionLogic(t *testing.T) {
	in := req(role, "s3:GetObject", object)
	cases := []struct {
		name string
		c    cond
		r    iam.Request
		want bool // the allow applies
	}{
		{"one of several values", cond{"StringEquals": {"aws:SourceVpce": {"vpce-0x", vpce}}}, in, true},
		{"none of several values", cond{"StringEquals": {"aws:SourceVpce": {"vpce-0x", "vpce-0y"}}}, in, false},
		{"negated: matches one value, so false", cond{"StringNotEquals": {"aws:SourceVpce": {"vpce-0x", vpce}}}, in, false},
		{"negated: matches none, so true", cond{"StringNotEquals": {"aws:SourceVpce": {"vpce-0x", "vpce-0y"}}}, in, true},
		{"two keys, both hold", cond{"StringEquals": {"aws:SourceVpce": {vpce}, "aws:PrincipalAccount": {acct}}}, in, true},
		{"two keys, one fails", cond{"StringEquals": {"aws:SourceVpce": {vpce}, "aws:PrincipalAccount": {other}}}, in, false},
		{"two operators, one fails", cond{"StringEquals": {"aws:SourceVpce": {vpce}}, "Bool": {"aws:SecureTransport": {"false"}}}, in, false},
		{"missing key fails StringEquals", cond{"StringEquals": {"aws:SourceVpce": {vpce}}}, offEndpoint(in), false},
		{"missing key passes StringNotEquals", cond{"StringNotEquals": {"aws:SourceVpce": {vpce}}}, offEndpoint(in), true},
		{"missing key fails Bool", cond{"Bool": {"aws:SecureTransport": {"true"}}}, with(in, "aws:SecureTransport", ""), false},
		{"anonymous has no aws:PrincipalArn: ArnNotLike holds", cond{"ArnNotLike": {"aws:PrincipalArn": {role}}}, iam.Request{Action: "s3:GetObject", Resource: object, Context: iam.NewContext("", vpce, vpc, true)}, true},
		{"anonymous aws:PrincipalAccount is anonymous", cond{"StringEquals": {"aws:PrincipalAccount": {"anonymous"}}}, iam.Request{Action: "s3:GetObject", Resource: object, Context: iam.NewContext("", vpce, vpc, true)}, true},
		{"key names ignore case", cond{"StringEquals": {"AWS:sourcevpce": {vpce}}}, in, true},
		{"request keys ignore case", cond{"StringEquals": {"aws:SourceVpce": {vpce}}}, with(with(in, "aws:SourceVpce", ""), "AWS:SOURCEVPCE", vpce), true},
		{"values are case-sensitive", cond{"StringEquals": {"aws:SourceVpce": {strings.ToUpper(vpce)}}}, in, false},
	}
	for _, c := range cases {
		st := everyone(allow(ids("s3:GetObject"), ids(object), c.c))
		p := iam.Policies{Resource: pol("bp", iam.Resource, st), SameAccount: !c.r.Anonymous()}
		d, err := iam.Evaluate(c.r, p)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if d.Allowed != c.want {
			t.Errorf("%s: %s; want the allow to apply: %v", c.name, d, c.want)
		}
	}
}

// What the evaluator cannot judge exactly is an error, not a match or a
// mismatch, even in a statement that would not apply to the request.
func TestUnjudgeablePoliciesAreErrors(t *testing.T) {
	in := req(role, "s3:GetObject", object)
	other := allow(ids("ec2:RunInstances"), ids("*"), nil) // never applies to the request
	cases := map[string]struct {
		p    iam.Policies
		r    iam.Request
		want string
	}{
		"unknown key": {iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, allow(ids("ec2:RunInstances"), ids("*"), cond{"StringEquals": {"aws:RequestedRegion": {"x"}}}))}}, in,
			"unknown condition key \"aws:RequestedRegion\""},
		"unknown operator": {iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, allow(ids("ec2:RunInstances"), ids("*"), cond{"StringEqualsIgnoreCase": {"aws:SourceVpce": {"x"}}}))}}, in,
			"unknown condition operator \"StringEqualsIgnoreCase\""},
		"IfExists": {iam.Policies{Resource: pol("bp", iam.Resource, everyone(deny(allow(ids("s3:*"), ids("*"), cond{"StringNotEqualsIfExists": {"aws:SourceVpc": {vpc}}}))))}, in,
			"unknown condition operator \"StringNotEqualsIfExists\""},
		"set operator": {iam.Policies{Resource: pol("bp", iam.Resource, everyone(deny(allow(ids("s3:*"), ids("*"), cond{"ForAnyValue:StringEquals": {"aws:SourceVpc": {vpc}}}))))}, in,
			"unknown condition operator"},
		"policy variable": {iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, allow(ids("s3:*"), ids("*"), cond{"StringLike": {"aws:PrincipalArn": {"${aws:username}"}}}))}}, in,
			"policy variables"},
		"Bool on a string key": {iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, allow(ids("s3:*"), ids("*"), cond{"Bool": {"aws:SourceVpce": {"true"}}}))}}, in,
			"does not apply to aws:SourceVpce"},
		"Arn operator on a string key": {iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, allow(ids("s3:*"), ids("*"), cond{"ArnLike": {"aws:PrincipalAccount": {"x"}}}))}}, in,
			"does not apply to aws:PrincipalAccount"},
		"Null with a non-boolean": {iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, allow(ids("s3:*"), ids("*"), cond{"Null": {"aws:SourceVpce": {"yes"}}}))}}, in,
			"is not true or false"},
		"identity statement with a Principal":    {iam.Policies{Identity: []iam.Policy{*pol("p", iam.Identity, everyone(other))}}, in, "takes no Principal"},
		"resource statement without a Principal": {iam.Policies{Resource: pol("bp", iam.Resource, other)}, in, "needs a Principal"},
		"unknown key in the request":             {iam.Policies{}, with(in, "aws:SourceIp", "198.51.100.7"), "request context: unknown condition key"},
		"anonymous with an identity policy": {iam.Policies{Identity: []iam.Policy{*identity}},
			iam.Request{Action: "s3:GetObject", Resource: object, Context: iam.NewContext("", "", "", true)}, "anonymous request has no identity"},
	}
	for name, c := range cases {
		d, err := iam.Evaluate(c.r, c.p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v / %s, want an error containing %q", name, err, d, c.want)
		}
	}
}

func TestManagedPolicies(t *testing.T) {
	p, err := iam.ManagedPolicy("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")
	if err != nil {
		t.Fatal(err)
	}
	for _, action := range []string{"ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel", "ec2messages:GetMessages"} {
		d, err := iam.Evaluate(offEndpoint(req(role, action, "*")), iam.Policies{Identity: []iam.Policy{p}, SameAccount: true})
		if err != nil || !d.Allowed {
			t.Errorf("AmazonSSMManagedInstanceCore does not allow %s: %v %s", action, err, d)
		}
	}
	if d, _ := iam.Evaluate(offEndpoint(req(role, "s3:GetObject", object)), iam.Policies{Identity: []iam.Policy{p}, SameAccount: true}); d.Allowed {
		t.Error("AmazonSSMManagedInstanceCore allows S3 reads")
	}
	for _, arn := range []string{"arn:aws:iam::aws:policy/AmazonS3FullAccess", "arn:aws:iam::123456789012:policy/Mine", "AmazonSSMManagedInstanceCore"} {
		if _, err := iam.ManagedPolicy(arn); err == nil {
			t.Errorf("ManagedPolicy(%q) is not an error", arn)
		}
	}
}
