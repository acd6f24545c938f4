package guard

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/vpclab/vpclab/sim"
)

// checkCtx indexes a graph for the rules.
type checkCtx struct {
	g       *sim.Graph
	invokes []sim.Invoke
	checked int // resources the current rule looked at
}

func newCheckCtx(res *sim.Result) *checkCtx { return &checkCtx{g: res.Graph, invokes: res.Invokes} }

// each returns the resources of a type and counts them as checked.
func (c *checkCtx) each(typ string) []*sim.Resource {
	rs := c.g.OfType(typ)
	c.checked += len(rs)
	return rs
}

// refersTo reports whether input key of r names target, by value or by dependency.
func (c *checkCtx) refersTo(r *sim.Resource, key string, target *sim.Resource) bool {
	if r.Str(key) == target.ID {
		return true
	}
	for _, s := range c.g.Sources(r, key) {
		if s == target {
			return true
		}
	}
	return false
}

// callerARN is the deployer's ARN from the getCallerIdentity answer.
func (c *checkCtx) callerARN() string {
	for _, inv := range c.invokes {
		if inv.Token == "aws:index/getCallerIdentity:getCallerIdentity" && inv.Result != nil {
			return sim.Str(inv.Result["arn"])
		}
	}
	return ""
}

// rule is one security-group rule, standalone or inline.
type sgRule struct {
	owner   *sim.Resource // the standalone rule, or the SG for inline rules
	proto   string
	from    int
	to      int
	cidrs   []string
	refSG   string
	pl      string
	desc    string
	inline  bool
	ingress bool
}

func atoi(s string) int { n, _ := strconv.Atoi(strings.TrimSuffix(s, ".0")); return n }

// sgRules returns the rules of a security group (ec2 or default SG).
func (c *checkCtx) sgRules(sg *sim.Resource) []sgRule {
	var out []sgRule
	for _, dir := range []string{"ingress", "egress"} {
		for _, v := range sg.List(dir) {
			if !v.IsObject() {
				continue
			}
			o := v.ObjectValue()
			r := sgRule{owner: sg, proto: sim.Str(o["protocol"]), from: atoi(sim.Str(o["fromPort"])), to: atoi(sim.Str(o["toPort"])),
				desc: sim.Str(o["description"]), inline: true, ingress: dir == "ingress"}
			for _, k := range []resource.PropertyKey{"cidrBlocks", "ipv6CidrBlocks"} {
				if l := o[k]; l.IsArray() {
					for _, e := range l.ArrayValue() {
						r.cidrs = append(r.cidrs, sim.Str(e))
					}
				}
			}
			out = append(out, r)
		}
	}
	for _, r := range c.g.OfType("aws:ec2/securityGroupRule:SecurityGroupRule") {
		if !c.refersTo(r, "securityGroupId", sg) {
			continue
		}
		out = append(out, sgRule{owner: r, proto: r.Str("protocol"), from: atoi(r.Str("fromPort")), to: atoi(r.Str("toPort")),
			cidrs: append(r.Strs("cidrBlocks"), r.Strs("ipv6CidrBlocks")...), refSG: r.Str("sourceSecurityGroupId"),
			desc: r.Str("description"), ingress: r.Str("type") == "ingress"})
	}
	for _, typ := range []string{"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"} {
		for _, r := range c.g.OfType(typ) {
			if !c.refersTo(r, "securityGroupId", sg) && !(sg.Out("id") != "" && r.Str("securityGroupId") == sg.Out("id")) {
				continue
			}
			rule := sgRule{owner: r, proto: r.Str("ipProtocol"), from: atoi(r.Str("fromPort")), to: atoi(r.Str("toPort")),
				refSG: r.Str("referencedSecurityGroupId"), pl: r.Str("prefixListId"), desc: r.Str("description"),
				ingress: strings.Contains(typ, "Ingress")}
			for _, k := range []string{"cidrIpv4", "cidrIpv6"} {
				if v := r.Str(k); v != "" {
					rule.cidrs = append(rule.cidrs, v)
				}
			}
			out = append(out, rule)
		}
	}
	return out
}

func (r sgRule) world() bool {
	for _, c := range r.cidrs {
		if c == "0.0.0.0/0" || c == "::/0" {
			return true
		}
	}
	return false
}

func (r sgRule) allTraffic() bool { return r.proto == "-1" || r.proto == "all" }

func (r sgRule) covers(port int) bool {
	return r.allTraffic() || ((r.proto == "tcp" || r.proto == "6") && r.from <= port && port <= r.to)
}

// securityGroups returns every SG-like resource.
func (c *checkCtx) securityGroups() []*sim.Resource {
	return append(c.g.OfType("aws:ec2/securityGroup:SecurityGroup"), c.g.OfType("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")...)
}

// policy is a parsed IAM policy document with the shapes IAM allows
// (strings or lists for actions, resources, principals, condition values).
type policy struct {
	Statement []stmt
}

type stmt struct {
	Sid       string
	Effect    string
	Principal any
	Action    any
	Resource  any
	Condition map[string]map[string]any
}

func parsePolicy(s string) (policy, error) {
	var p policy
	err := json.Unmarshal([]byte(s), &p)
	return p, err
}

func list(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, list(e)...)
		}
		return out
	}
	return nil
}

func (s stmt) actions() []string   { return list(s.Action) }
func (s stmt) resources() []string { return list(s.Resource) }

// anyPrincipal reports Principal "*" or {"AWS": "*"}.
func (s stmt) anyPrincipal() bool {
	switch p := s.Principal.(type) {
	case string:
		return p == "*"
	case map[string]any:
		for _, v := range list(p["AWS"]) {
			if v == "*" {
				return true
			}
		}
	}
	return false
}

func (s stmt) services() []string {
	if p, ok := s.Principal.(map[string]any); ok {
		return list(p["Service"])
	}
	return nil
}

// condition returns the values of a condition key under any operator whose
// name contains op (e.g. "StringEquals", "ArnNotLike").
func (s stmt) condition(op, key string) []string {
	var out []string
	for o, keys := range s.Condition {
		if !strings.Contains(o, op) {
			continue
		}
		for k, v := range keys {
			if strings.EqualFold(k, key) {
				out = append(out, list(v)...)
			}
		}
	}
	return out
}

// Ports prints a rule's protocol and ports as a person reads them: "tcp 443",
// "tcp 1024-65535", "icmp echo-request" (ICMP by type name), "all traffic".
func Ports(proto string, from, to int) string {
	switch strings.ToLower(proto) {
	case "-1", "all":
		return "all traffic"
	case "icmp", "1":
		if name, ok := icmpTypes[from]; ok {
			return "icmp " + name
		}
		return fmt.Sprintf("icmp type %d", from)
	case "icmpv6", "58":
		if from == -1 {
			return "icmpv6 all types"
		}
		return fmt.Sprintf("icmpv6 type %d", from)
	}
	if from == to {
		return fmt.Sprintf("%s %d", proto, from)
	}
	if from <= 0 && to >= 65535 {
		return proto + " all ports"
	}
	return fmt.Sprintf("%s %d-%d", proto, from, to)
}

// icmpTypes are the ICMP types by the names of RFC 792 (-1: every type).
var icmpTypes = map[int]string{-1: "all types", 0: "echo-reply", 3: "destination-unreachable", 8: "echo-request", 11: "time-exceeded"}

func (r sgRule) ports() string { return Ports(r.proto, r.from, r.to) }
