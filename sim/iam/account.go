package iam

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpclab/vpclab/policy"
	"github.com/vpclab/vpclab/sim"
)

// Resource types read from the graph. Each is named once here, so a provider
// major version that renames one (pulumi-aws v7: s3 BucketV2 → Bucket) is a
// one-line change.
const (
	typeRole         = "aws:iam/role:Role"
	typeRolePolicy   = "aws:iam/rolePolicy:RolePolicy"
	typeAttachment   = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typeProfile      = "aws:iam/instanceProfile:InstanceProfile"
	typeEndpoint     = "aws:ec2/vpcEndpoint:VpcEndpoint"
	typeBucket       = "aws:s3/bucket:Bucket"
	typeBucketPolicy = "aws:s3/bucketPolicy:BucketPolicy"
	typeSubnet       = "aws:ec2/subnet:Subnet"
	typeRTA          = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	typeRoute        = "aws:ec2/route:Route"
	typeNAT          = "aws:ec2/natGateway:NatGateway"
	typeIGW          = "aws:ec2/internetGateway:InternetGateway"
)

// Account is the simulated account's principals, endpoints and buckets as
// one run recorded them, plus the principals and buckets outside the stack
// that checks refer to.
type Account struct {
	ID, Region string
	g          *sim.Graph

	principals map[string][]Policy // identity policies by principal ARN
	endpoints  map[string]*endpointInfo
	buckets    map[string]bucketInfo // by bucket name
}

type endpointInfo struct {
	res    *sim.Resource
	policy Policy
}

type bucketInfo struct {
	owner  string
	policy *Policy
}

// FromGraph reads every role's identity policies, every endpoint's policy and
// every bucket's policy from a run. A policy it cannot parse, or a managed
// policy it does not model, is an error. The AL2023 repository bucket of the
// region is always known (AWS owns it).
func FromGraph(g *sim.Graph, account, region string) (*Account, error) {
	a := &Account{ID: account, Region: region, g: g, principals: map[string][]Policy{},
		endpoints: map[string]*endpointInfo{}, buckets: map[string]bucketInfo{}}
	byName := map[string]string{} // role name → ARN
	for _, r := range g.OfType(typeRole) {
		a.principals[r.Out("arn")] = nil
		byName[r.Out("name")] = r.Out("arn")
	}
	for _, p := range g.OfType(typeRolePolicy) {
		arn, ok := byName[p.Str("role")]
		if !ok {
			return nil, fmt.Errorf("role policy %s: role %q is not a role of this stack", p.Name, p.Str("role"))
		}
		doc, err := policy.Parse(p.Str("policy"))
		if err != nil {
			return nil, fmt.Errorf("role policy %s: %w", p.Name, err)
		}
		a.principals[arn] = append(a.principals[arn], Policy{Name: p.Name, Layer: Identity, Doc: doc})
	}
	for _, at := range g.OfType(typeAttachment) {
		arn, ok := byName[at.Str("role")]
		if !ok {
			return nil, fmt.Errorf("policy attachment %s: role %q is not a role of this stack", at.Name, at.Str("role"))
		}
		pol, err := ManagedPolicy(at.Str("policyArn"))
		if err != nil {
			return nil, fmt.Errorf("policy attachment %s: %w", at.Name, err)
		}
		a.principals[arn] = append(a.principals[arn], pol)
	}
	for _, ep := range g.OfType(typeEndpoint) {
		info := &endpointInfo{res: ep, policy: Policy{Name: ep.Name + " (default policy)", Layer: Endpoint, Doc: defaultEndpointPolicy}}
		if js := ep.Str("policy"); js != "" {
			doc, err := policy.Parse(js)
			if err != nil {
				return nil, fmt.Errorf("endpoint %s: %w", ep.Name, err)
			}
			info.policy = Policy{Name: ep.Name, Layer: Endpoint, Doc: doc}
		}
		a.endpoints[ep.ID] = info
	}
	for _, b := range g.OfType(typeBucket) {
		a.buckets[b.Out("bucket")] = bucketInfo{owner: account}
	}
	for _, bp := range g.OfType(typeBucketPolicy) {
		name := bp.Str("bucket")
		info, ok := a.buckets[name]
		if !ok {
			return nil, fmt.Errorf("bucket policy %s: bucket %q is not a bucket of this stack", bp.Name, name)
		}
		doc, err := policy.Parse(bp.Str("policy"))
		if err != nil {
			return nil, fmt.Errorf("bucket policy %s: %w", bp.Name, err)
		}
		info.policy = &Policy{Name: bp.Name, Layer: Resource, Doc: doc}
		a.buckets[name] = info
	}
	a.AddBucket(AmazonLinuxRepos(region))
	return a, nil
}

// AddPrincipal makes a principal outside the stack known (the deployer,
// another administrator) with its identity policies.
func (a *Account) AddPrincipal(arn string, policies ...Policy) {
	a.principals[arn] = append([]Policy(nil), policies...)
}

// AddBucket makes a bucket outside the stack known.
func (a *Account) AddBucket(b ExternalBucket) {
	a.buckets[b.Name] = bucketInfo{owner: b.Owner, policy: b.Policy}
}

// Decide evaluates a request against the policies that apply to it: the
// principal's identity policies, the policy of the endpoint named by
// aws:SourceVpce, and the target bucket's policy. An unknown principal,
// endpoint or bucket is an error.
func (a *Account) Decide(req Request) (Decision, error) {
	var p Policies
	if !req.Anonymous() {
		pols, ok := a.principals[req.Principal]
		if !ok {
			return Decision{}, fmt.Errorf("principal %s is not known to the simulated account", req.Principal)
		}
		p.Identity = pols
	}
	for k, v := range req.Context {
		if strings.EqualFold(k, KeySourceVpce) {
			ep, ok := a.endpoints[v]
			if !ok {
				return Decision{}, fmt.Errorf("aws:SourceVpce %s is not an endpoint of this stack", v)
			}
			pol := ep.policy
			p.Endpoint = &pol
		}
	}
	owner := a.ID
	if b, ok := s3Bucket(req.Resource); ok {
		info, known := a.buckets[b]
		if !known {
			return Decision{}, fmt.Errorf("bucket %s is neither in the stack nor a known external bucket", b)
		}
		owner, p.Resource = info.owner, info.policy
	} else if acct := arnAccount(req.Resource); acct != "" {
		owner = acct
	}
	p.SameAccount = !req.Anonymous() && owner == arnAccount(req.Principal)
	return Evaluate(req, p)
}

// s3Bucket returns the bucket an S3 ARN names (bucket or object).
func s3Bucket(arn string) (string, bool) {
	p := strings.SplitN(arn, ":", 6)
	if len(p) != 6 || p[2] != "s3" {
		return "", false
	}
	name, _, _ := strings.Cut(p[5], "/")
	return name, name != ""
}

// RoleOf returns the ARN of the role an instance's profile carries.
func (a *Account) RoleOf(instance *sim.Resource) (string, error) {
	profile := a.g.Source(instance, "iamInstanceProfile")
	if profile == nil || profile.Type != typeProfile {
		return "", fmt.Errorf("instance %s has no instance profile", instance.Name)
	}
	role := a.g.Source(profile, "role")
	if role == nil || role.Type != typeRole {
		return "", fmt.Errorf("instance profile %s has no role", profile.Name)
	}
	return role.Out("arn"), nil
}

// Path is how a request from an instance reaches a regional AWS service.
type Path struct {
	// Endpoint is the VPC endpoint the request passes through (nil when it
	// goes over the internet or has no way at all).
	Endpoint *sim.Resource
	VpcID    string
	// Internet: through a NAT gateway, or an internet gateway from an
	// instance with a public IP.
	Internet bool
}

// Reachable reports whether the request can leave the instance's subnet.
func (p Path) Reachable() bool { return p.Endpoint != nil || p.Internet }

// EndpointID is aws:SourceVpce for requests on this path ("" off endpoints).
func (p Path) EndpointID() string {
	if p.Endpoint == nil {
		return ""
	}
	return p.Endpoint.ID
}

func (p Path) String() string {
	switch {
	case p.Endpoint != nil:
		return "through " + p.Endpoint.Name + " (" + p.Endpoint.ID + ")"
	case p.Internet:
		return "over the internet"
	}
	return "no route"
}

// PathFrom finds how an instance reaches a service ("s3", "ssm", …) of the
// region. A gateway endpoint on the subnet's route table takes the service's
// traffic (its prefix-list route is more specific than any default route);
// an interface endpoint with private DNS in the VPC takes it by name
// resolution; otherwise it leaves through a NAT gateway, or through an
// internet gateway when the instance has a public IP.
// Sources: https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html,
// https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
func (a *Account) PathFrom(instance *sim.Resource, service string) (Path, error) {
	subnet := a.g.Source(instance, "subnetId")
	if subnet == nil || subnet.Type != typeSubnet {
		return Path{}, fmt.Errorf("instance %s: no subnet", instance.Name)
	}
	vpc := subnet.Str("vpcId")
	var rt string
	for _, rta := range a.g.OfType(typeRTA) {
		if rta.Str("subnetId") == subnet.ID {
			rt = rta.Str("routeTableId")
		}
	}
	serviceName := "com.amazonaws." + a.Region + "." + service
	var eps []*sim.Resource
	for _, e := range a.endpoints {
		eps = append(eps, e.res)
	}
	sort.Slice(eps, func(i, j int) bool { return eps[i].URN < eps[j].URN })
	for _, ep := range eps {
		if ep.Str("serviceName") != serviceName || ep.Str("vpcId") != vpc {
			continue
		}
		switch ep.Str("vpcEndpointType") {
		case "Gateway":
			for _, id := range ep.Strs("routeTableIds") {
				if rt != "" && id == rt {
					return Path{Endpoint: ep, VpcID: vpc}, nil
				}
			}
		case "Interface":
			if ep.Str("privateDnsEnabled") == "true" {
				return Path{Endpoint: ep, VpcID: vpc}, nil
			}
		}
	}
	for _, r := range a.g.OfType(typeRoute) {
		if r.Str("routeTableId") != rt || rt == "" || r.Str("destinationCidrBlock") != "0.0.0.0/0" {
			continue
		}
		if t := a.g.ByID(r.Str("natGatewayId")); t != nil && t.Type == typeNAT {
			return Path{VpcID: vpc, Internet: true}, nil
		}
		if t := a.g.ByID(r.Str("gatewayId")); t != nil && t.Type == typeIGW && instance.Out("publicIp") != "" {
			return Path{VpcID: vpc, Internet: true}, nil
		}
	}
	return Path{VpcID: vpc}, nil
}
