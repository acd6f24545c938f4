package sim

import (
	"fmt"
	"sort"
)

// Quota is one of AWS's default service quotas that a lab can run into.
// Quotas are per account and region, so they count what every deployed
// stack holds together: Usage reports one stack's share, and the README
// adds up the shipped stacks (a learner who deploys several labs at once
// meets the limit before any single lab does).
type Quota struct {
	Name    string // as the Service Quotas console names it
	Code    string // Service Quotas code, for `aws service-quotas request-service-quota-increase`
	Default int
	Scope   string // "region", "vpc", "az" or "security group"
	Types   []string
	// ErrorCode is what the create call answers past the quota.
	ErrorCode string
	Source    string
}

const (
	vpcQuotas = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html"
	ec2Quotas = "https://docs.aws.amazon.com/general/latest/gr/ec2-service.html"
)

// Quotas are the default quotas the labs consume, with their sources.
var Quotas = []Quota{
	{Name: "VPCs per Region", ErrorCode: "VpcLimitExceeded", Code: "L-F678F1CE", Default: 5, Scope: "region", Types: []string{"aws:ec2/vpc:Vpc"}, Source: vpcQuotas},
	{Name: "Internet gateways per Region", ErrorCode: "InternetGatewayLimitExceeded", Code: "L-A4707A72", Default: 5, Scope: "region", Types: []string{"aws:ec2/internetGateway:InternetGateway"}, Source: vpcQuotas},
	{Name: "EC2-VPC Elastic IPs", ErrorCode: "AddressLimitExceeded", Code: "L-0263D0A3", Default: 5, Scope: "region", Types: []string{"aws:ec2/eip:Eip"}, Source: ec2Quotas},
	{Name: "NAT gateways per Availability Zone", ErrorCode: "NatGatewayLimitExceeded", Code: "L-FE5A380F", Default: 5, Scope: "az", Types: []string{"aws:ec2/natGateway:NatGateway"}, Source: vpcQuotas},
	{Name: "Gateway VPC endpoints per Region", ErrorCode: "VpcEndpointLimitExceeded", Code: "L-1B52E74A", Default: 20, Scope: "region", Types: []string{"aws:ec2/vpcEndpoint:VpcEndpoint#Gateway"}, Source: vpcQuotas},
	{Name: "Interface VPC endpoints per VPC", ErrorCode: "VpcEndpointLimitExceeded", Code: "L-29B6F2EB", Default: 50, Scope: "vpc", Types: []string{"aws:ec2/vpcEndpoint:VpcEndpoint#Interface"}, Source: vpcQuotas},
	{Name: "Inbound rules per security group", ErrorCode: "RulesPerSecurityGroupLimitExceeded", Code: "L-0EA8095F", Default: 60, Scope: "security group",
		Types: []string{"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"}, Source: vpcQuotas},
	{Name: "Outbound rules per security group", ErrorCode: "RulesPerSecurityGroupLimitExceeded", Code: "L-0EA8095F", Default: 60, Scope: "security group",
		Types: []string{"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"}, Source: vpcQuotas},
}

// QuotaUse is how much of one quota a stack uses in its fullest scope.
type QuotaUse struct {
	Quota
	Used int
	In   string // the scope instance at that use: a region, VPC, AZ or SG name
}

// Exceeded reports whether the stack alone needs more than the default.
func (u QuotaUse) Exceeded() bool { return u.Used > u.Default }

// QuotaUsage counts, for every quota the stack touches, its use in the
// fullest instance of the quota's scope (the VPC with the most endpoints,
// the AZ with the most NAT gateways…).
func QuotaUsage(g *Graph, region string) []QuotaUse {
	var out []QuotaUse
	for _, q := range Quotas {
		counts := map[string]int{}
		for _, r := range g.Resources {
			if !r.Custom || !quotaCounts(q, r) {
				continue
			}
			counts[quotaScope(g, q, r, region)]++
		}
		if len(counts) == 0 {
			continue
		}
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		best := QuotaUse{Quota: q}
		for _, k := range keys {
			if counts[k] > best.Used {
				best.Used, best.In = counts[k], k
			}
		}
		out = append(out, best)
	}
	return out
}

// checkQuota refuses a create that takes the account past a default quota,
// as the create call would. It counts what exists in the simulated account:
// under `vpclab plan` that is one stack; under the engine, every stack the
// simulated provider serves.
func (a *AWS) checkQuota(r *Resource) error {
	var g *Graph // built once a quota counts r: most creates count toward none
	for _, q := range Quotas {
		if !quotaCounts(q, r) {
			continue
		}
		if g == nil {
			g = newGraph(a.live)
		}
		scope, used := quotaScope(g, q, r, a.Region.Name), 1
		for _, x := range a.live {
			if quotaCounts(q, x) && quotaScope(g, q, x, a.Region.Name) == scope {
				used++
			}
		}
		if used > q.Default {
			return fmt.Errorf("%s %s: %s: this would be number %d of %q in %s; the default quota is %d (Service Quotas %s, %s)",
				r.Type, r.Name, q.ErrorCode, used, q.Name, scope, q.Default, q.Code, q.Source)
		}
	}
	return nil
}

func quotaCounts(q Quota, r *Resource) bool {
	for _, t := range q.Types {
		if t == r.Type || t == r.Type+"#"+r.Str("vpcEndpointType") {
			return true
		}
	}
	return false
}

// quotaScope names the instance of the quota's scope r falls in.
func quotaScope(g *Graph, q Quota, r *Resource, region string) string {
	name := func(id string) string {
		if x := g.ByID(id); x != nil {
			return x.Name
		}
		return id
	}
	switch q.Scope {
	case "vpc":
		return name(r.Str("vpcId"))
	case "az":
		if sn := g.ByID(r.Str("subnetId")); sn != nil {
			return sn.Str("availabilityZone")
		}
		return region
	case "security group":
		return name(r.Str("securityGroupId"))
	}
	return region
}

// String renders the use as one line of the plan.
func (u QuotaUse) String() string {
	s := fmt.Sprintf("%-36s %3d of %3d in %s", u.Name, u.Used, u.Default, u.In)
	if u.Exceeded() {
		s += fmt.Sprintf("  EXCEEDS the default quota: request an increase of %s (Service Quotas) before `pulumi up`", u.Code)
	}
	return s
}
