package components

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/awsrules"
)

// SSMServices are the interface endpoints Session Manager needs without NAT.
var SSMServices = []string{"ssm", "ssmmessages", "ec2messages"}

// EndpointSubnet is one subnet an interface endpoint gets an ENI in.
type EndpointSubnet struct {
	// ID is the subnet's ID.
	ID pulumi.StringInput
	// AZ is the subnet's AZ name: one subnet per AZ.
	AZ string
}

// InterfaceEndpointArgs configures an InterfaceEndpoint.
type InterfaceEndpointArgs struct {
	// VpcID is the VPC the endpoint serves (required).
	VpcID pulumi.StringInput
	// VpcCIDR is the default source allowed to reach the endpoint.
	VpcCIDR string
	// VpcDNSHostnames says whether the VPC has DNS hostnames on: private DNS needs it.
	VpcDNSHostnames bool
	// VpcDNSSupport says whether the VPC has DNS support on: private DNS needs it.
	VpcDNSSupport bool
	// Service is a short name ("ssm", "ecr.api"), a full name
	// ("com.amazonaws.<region>.ssm"), or an endpoint service
	// ("com.amazonaws.vpce.<region>.vpce-svc-…").
	Service string
	// EndpointServiceName replaces Service when the name is only known once
	// another resource exists (PrivateLinkService.ServiceName).
	EndpointServiceName pulumi.StringInput
	// Subnets get one endpoint ENI each, at most one per AZ. Subnets in AZs the
	// service does not support are left out; none left is an error.
	Subnets []EndpointSubnet
	// PrivateDNS makes the service's public name resolve to the endpoint
	// inside the VPC. Default: on for AWS services, off for endpoint services.
	PrivateDNS *bool
	// PrivateDNSOnlyForInboundResolverEndpoint is for services that have a
	// gateway endpoint service too (s3, dynamodb). With private DNS on, AWS's
	// default (unset or true) answers the service's names with the interface
	// endpoint only to Route 53 Resolver inbound endpoints (on-premises
	// clients); the VPC's own requests keep going to the service's gateway
	// endpoint, which must exist in the VPC first. false sends the VPC's
	// requests through the interface endpoint as well; the aws provider
	// passes that for S3 only. A bundle leaves it out for other services.
	PrivateDNSOnlyForInboundResolverEndpoint *bool
	// GatewayEndpoints are the VPC's gateway endpoints by service ("s3",
	// "dynamodb"): an interface endpoint to the same service is created after
	// its gateway endpoint, which AWS requires for private DNS only for
	// inbound resolver endpoints. A nil value stands for one that is planned
	// (validation only).
	GatewayEndpoints map[string]pulumi.Resource
	// UnlistedService accepts a Service that is not in vpclab's table of AWS
	// services (awsrules.AWSServices), for services newer than the table:
	// it is then looked up at deployment. Without it an unknown service is
	// refused before anything is registered, with the nearest known names.
	UnlistedService bool
	// SecurityGroupIDs are the caller's security groups for the endpoint
	// (at most 5, AWS's limit per network interface). With them the
	// component creates no group and no rules: the caller's groups decide
	// who reaches the endpoint, and AllowedCIDRs and Port are refused.
	SecurityGroupIDs pulumi.StringArrayInput
	// AllowedCIDRs may connect to the endpoint (default: VpcCIDR), each
	// through one ingress rule of the endpoint's own security group.
	AllowedCIDRs []string
	// Port is the service port the rules open (default 443).
	Port int
	// Policy is the endpoint policy as a typed document. Default for AWS
	// services: any action, but only by principals of this account
	// (aws:PrincipalAccount). Services whose VpcEndpointPolicySupported is
	// false (the Systems Manager message services ssmmessages and
	// ec2messages among them; awsrules.AWSServices) take none: the default is
	// left out and a Policy, PolicyJSON or ExtraStatements is refused.
	// Endpoint services take no policy: their allowed principals guard them.
	Policy *PolicyDocument
	// PolicyJSON is the endpoint policy as JSON, possibly computed by other
	// resources; checked against the policy grammar before registration
	// when it is a plain value, at deployment otherwise. At most one of
	// Policy and PolicyJSON.
	PolicyJSON pulumi.StringInput
	// ExtraStatements are added to the default policy (for example a Deny
	// outside an organisation); not with Policy or PolicyJSON.
	ExtraStatements []Statement
	// Description is the security group's description, which EC2 cannot
	// change without replacing the group (default "<service> interface
	// endpoint"): it names nothing that changes (no CIDRs, no port).
	Description string
	// NameTag is the endpoint's Name tag (default <name>); its security
	// group's is <NameTag>-SG. In a bundle each endpoint's is
	// <NameTag>-<service> (default <bundle name>-<service>).
	NameTag string
	// Tags are merged into every child that takes tags.
	Tags map[string]string
	// Exceptions record accepted guardrail findings on the endpoint (one AZ in a lab).
	Exceptions Exceptions
	// GuardrailTags also tags the findings the component accepts by design
	// (a service that takes no policy) as vpclab:exception:<ID>, for
	// vpclab's guard. Off by default: no vpclab: tag on a caller's resources.
	GuardrailTags bool

	// connection is set by PrivateLinkService on its consumer endpoint: the
	// state the program leaves the connection request in (ConnectionTag).
	connection string
}

// ConnectionTag is the tag a PrivateLinkService's consumer endpoint carries
// to say whether the program accepts its connection (ConnectionAccepted) or
// leaves it to the service owner (ConnectionRequested). Deleting the
// accepter rejects the connection, and AWS documents no way to request a
// rejected one again: so while the tag says requested, the endpoint is
// registered with replaceOnChanges on its tags, and going from accepted
// back to requested replaces it with a new, pending endpoint. Going forward
// only retags it. (The engine takes replaceOnChanges from the new
// registration, which is what makes the two directions differ.)
const (
	ConnectionTag       = "vpclab:connection"
	ConnectionRequested = "requested"
	ConnectionAccepted  = "accepted"
)

// InterfaceEndpoint is an interface endpoint with its own security group
// (or the caller's).
type InterfaceEndpoint struct {
	pulumi.ResourceState
	children children // every resource registered under it (children.go)

	// Endpoint is the AWS endpoint resource itself.
	Endpoint *ec2.VpcEndpoint
	// SecurityGroup is the endpoint's own security group; nil when the
	// caller brought SecurityGroupIDs.
	SecurityGroup *ec2.SecurityGroup

	// EndpointID is the endpoint's ID.
	EndpointID pulumi.StringOutput `pulumi:"endpointId"`
	// ServiceName is the endpoint's full service name.
	ServiceName pulumi.StringOutput `pulumi:"serviceName"`
	// DNSNames are the endpoint's DNS names, the regional one first.
	DNSNames pulumi.StringArrayOutput `pulumi:"dnsNames"`
	// SecurityGroupID is the endpoint's own security group ID, or the first
	// of the caller's SecurityGroupIDs.
	SecurityGroupID pulumi.StringOutput `pulumi:"securityGroupId"`
	// SubnetIDs are the subnets the endpoint was placed in, after dropping
	// those in AZs the service does not support.
	SubnetIDs pulumi.StringArrayOutput `pulumi:"subnetIds"`
}

const interfaceEndpoint = "InterfaceEndpoint"

var (
	regionPattern      = `[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+`
	shortServiceRe     = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)
	awsServiceRe       = regexp.MustCompile(`^com\.amazonaws\.(` + regionPattern + `)\.([a-z0-9][a-z0-9.-]*[a-z0-9])$`)
	endpointServiceRe  = regexp.MustCompile(`^com\.amazonaws\.vpce\.(` + regionPattern + `)\.vpce-svc-[0-9a-f]{17}$`)
	maxInterfacePerVPC = 50
)

// IsEndpointService reports whether a service name is a PrivateLink endpoint
// service rather than an AWS service.
func IsEndpointService(service string) bool { return endpointServiceRe.MatchString(service) }

func (a InterfaceEndpointArgs) withDefaults(name string) InterfaceEndpointArgs {
	if a.PrivateDNS == nil {
		on := !IsEndpointService(a.Service) && a.EndpointServiceName == nil
		a.PrivateDNS = &on
	}
	if a.Port == 0 {
		a.Port = 443
	}
	if len(a.AllowedCIDRs) == 0 && a.VpcCIDR != "" && a.SecurityGroupIDs == nil {
		a.AllowedCIDRs = []string{a.VpcCIDR}
	}
	if a.NameTag == "" {
		a.NameTag = name
	}
	if a.Description == "" {
		a.Description = a.serviceLabel() + " interface endpoint"
	}
	return a
}

// Validate checks the plain arguments without registering anything.
func (a InterfaceEndpointArgs) Validate(name string) error {
	if err := validateName(interfaceEndpoint, name); err != nil {
		return err
	}
	if err := a.validateOwnGroup(); err != nil {
		return err
	}
	return a.withDefaults(name).validate()
}

// validateOwnGroup refuses rule settings next to the caller's security
// groups: there are no rules of the component's to apply them to.
func (a InterfaceEndpointArgs) validateOwnGroup() error {
	if a.SecurityGroupIDs == nil {
		return nil
	}
	c := interfaceEndpoint
	switch {
	case len(a.AllowedCIDRs) > 0:
		return argErr(c, "AllowedCIDRs", a.AllowedCIDRs, "opens the endpoint's own security group, and with SecurityGroupIDs there is none: open your groups instead")
	case a.Port != 0:
		return argErr(c, "Port", a.Port, "opens the endpoint's own security group, and with SecurityGroupIDs there is none: open your groups instead")
	case a.Description != "":
		return argErr(c, "Description", a.Description, "describes the endpoint's own security group, and with SecurityGroupIDs there is none")
	}
	if ids, ok := a.SecurityGroupIDs.(pulumi.StringArray); ok {
		return validateGroupIDs(c, "SecurityGroupIDs", ids)
	}
	return nil
}

// maxGroupsPerENI is AWS's default quota of security groups per network
// interface (srcEndpointQuotas in awsrules: "Security groups per network interface").
const maxGroupsPerENI = 5

var sgIDRe = regexp.MustCompile(`^sg-[0-9a-f]{8}([0-9a-f]{9})?$`)

// validateGroupIDs checks a plain list of security group IDs: one to five,
// each once; plain IDs must look like sg-….
func validateGroupIDs(c, arg string, ids pulumi.StringArray) error {
	if len(ids) == 0 || len(ids) > maxGroupsPerENI {
		return argErr(c, arg, len(ids), "give 1 to %d security groups (AWS's quota per network interface), or leave it nil for the component's own", maxGroupsPerENI)
	}
	seen := map[string]bool{}
	for i, id := range ids {
		v, plain := id.(pulumi.String)
		switch {
		case id == nil:
			return argErr(c, fmt.Sprintf("%s[%d]", arg, i), nil, "is nil")
		case !plain:
		case !sgIDRe.MatchString(string(v)):
			return argErr(c, fmt.Sprintf("%s[%d]", arg, i), string(v), "not a security group ID such as sg-0123456789abcdef0")
		case seen[string(v)]:
			return argErr(c, fmt.Sprintf("%s[%d]", arg, i), string(v), "listed twice")
		}
		if plain {
			seen[string(v)] = true
		}
	}
	return nil
}

func (a InterfaceEndpointArgs) validate() error {
	c := interfaceEndpoint
	endpointService := IsEndpointService(a.Service) || a.EndpointServiceName != nil
	switch {
	case a.EndpointServiceName != nil && a.Service != "":
		return argErr(c, "Service", a.Service, "give Service or EndpointServiceName, not both")
	case a.EndpointServiceName != nil:
	case endpointServiceRe.MatchString(a.Service), awsServiceRe.MatchString(a.Service):
	case strings.HasPrefix(a.Service, "com.amazonaws."):
		return argErr(c, "Service", a.Service, "not com.amazonaws.<region>.<service> or com.amazonaws.vpce.<region>.vpce-svc-<17 hex digits>")
	case !shortServiceRe.MatchString(a.Service):
		return argErr(c, "Service", a.Service, "not a service name such as ssm, ecr.api or com.amazonaws.<region>.ssm")
	}
	custom := a.Policy != nil || a.PolicyJSON != nil || len(a.ExtraStatements) > 0
	if !endpointService && !a.UnlistedService {
		svc, ok := awsrules.LookupAWSService(shortService(a.Service))
		switch {
		case !ok || !svc.Interface:
			return argErr(c, "Service", a.Service, "%v; set UnlistedService if it is newer than vpclab's table", awsrules.UnknownServiceError(shortService(a.Service), "Interface"))
		case custom && !svc.PolicySupported:
			return argErr(c, policyArg(a), svc.Name, "%s takes no custom endpoint policy (VpcEndpointPolicySupported is false), only AWS's full-access default: leave it out [%s]",
				svc.Name, svc.PolicySource)
		}
	}
	if len(a.Subnets) == 0 {
		return argErr(c, "Subnets", 0, "an interface endpoint needs at least one subnet")
	}
	seen := map[string]int{}
	for i, s := range a.Subnets {
		arg := fmt.Sprintf("Subnets[%d]", i)
		if s.ID == nil {
			return argErr(c, arg+".ID", nil, "is required")
		}
		if s.AZ == "" {
			return argErr(c, arg+".AZ", s.AZ, "is required: an interface endpoint takes one subnet per AZ")
		}
		if j, dup := seen[s.AZ]; dup {
			return argErr(c, arg+".AZ", s.AZ, "Subnets[%d] is already in this AZ; an interface endpoint takes one subnet per AZ", j)
		}
		seen[s.AZ] = i
	}
	if *a.PrivateDNS {
		if endpointService {
			return argErr(c, "PrivateDNS", true, "an endpoint service has no private DNS name unless its provider verified one; use the endpoint's DNS names")
		}
		if !a.VpcDNSSupport || !a.VpcDNSHostnames {
			return argErr(c, "PrivateDNS", true, "private DNS needs the VPC's DNS support and DNS hostnames on (support %v, hostnames %v)", a.VpcDNSSupport, a.VpcDNSHostnames)
		}
	}
	if err := a.validateInboundResolverDNS(); err != nil {
		return err
	}
	if len(a.AllowedCIDRs) == 0 && a.SecurityGroupIDs == nil {
		return argErr(c, "AllowedCIDRs", a.AllowedCIDRs, "give the CIDRs that may reach the endpoint, or VpcCIDR, or your own SecurityGroupIDs")
	}
	for i, s := range a.AllowedCIDRs {
		p, err := netip.ParsePrefix(s)
		switch {
		case err != nil:
			return argErr(c, fmt.Sprintf("AllowedCIDRs[%d]", i), s, "not a CIDR block")
		case p.Bits() == 0:
			return argErr(c, fmt.Sprintf("AllowedCIDRs[%d]", i), s, "an endpoint is reached from inside the network; the whole internet is refused")
		}
	}
	if a.Port < 1 || a.Port > 65535 {
		return argErr(c, "Port", a.Port, "must be 1 to 65535")
	}
	if custom && endpointService {
		return argErr(c, policyArg(a), "", "endpoint services take no endpoint policy; their allowed principals guard them")
	}
	if err := validateCallerPolicy(c, "Policy", a.Policy, a.PolicyJSON, a.ExtraStatements); err != nil {
		return err
	}
	if err := validateNameTag(c, "NameTag", a.NameTag, "-SG"); err != nil {
		return err
	}
	if a.SecurityGroupIDs == nil {
		if err := validateDescription(c, "Description", a.Description, a.Description); err != nil {
			return err
		}
	}
	if err := a.Exceptions.validate(c, "Exceptions"); err != nil {
		return err
	}
	return validateTags(c, a.Tags)
}

// shortService is the service's short name ("s3" for com.amazonaws.<region>.s3).
func shortService(service string) string {
	if m := awsServiceRe.FindStringSubmatch(service); m != nil {
		return m[3]
	}
	return service
}

// validateInboundResolverDNS applies AWS's rule for interface endpoints to
// services that also have a gateway endpoint service (awsrules
// InboundResolverGatewayRule) before anything is registered.
func (a InterfaceEndpointArgs) validateInboundResolverDNS() error {
	c, svc, opt := interfaceEndpoint, shortService(a.Service), a.PrivateDNSOnlyForInboundResolverEndpoint
	both := a.EndpointServiceName == nil && slices.Contains(GatewayServices, svc)
	const arg = "PrivateDNSOnlyForInboundResolverEndpoint"
	switch {
	case opt != nil && !both:
		return argErr(c, arg, *opt, "only services with a gateway endpoint service too (%s) take it; %s has none", strings.Join(GatewayServices, ", "), a.serviceLabel())
	case opt != nil && !*opt && svc != "s3":
		// terraform-provider-aws (bridged by pulumi-aws) sends the option only
		// for S3 service names (resourceVPCEndpointCreate, isAmazonS3VPCEndpoint):
		// for DynamoDB it would be dropped and AWS's default, true, applied.
		return argErr(c, arg, false, "the aws provider passes this option for S3 only, so %s keeps AWS's default (true): give its gateway endpoint in GatewayEndpoints, or turn PrivateDNS off", svc)
	case !both || !awsrules.NeedsGatewayEndpoint(*a.PrivateDNS, opt):
		return nil
	}
	if _, ok := a.GatewayEndpoints[svc]; ok {
		return nil
	}
	r := awsrules.RuleByID(awsrules.InboundResolverGatewayRule)
	return argErr(c, "GatewayEndpoints", svc, "private DNS for the %s interface endpoint answers only Route 53 Resolver inbound endpoints unless %s is false, "+
		"and AWS then requires a %s gateway endpoint in the VPC: give it in GatewayEndpoints, set %s false%s, or turn PrivateDNS off [%s %s]",
		svc, arg, svc, arg, map[bool]string{true: "", false: " (S3 only)"}[svc == "s3"], r.ID, r.Source)
}

// noPolicyReason is the exception reason for an endpoint whose service
// takes no custom policy.
func noPolicyReason(service string) string {
	return service + " takes no custom endpoint policy: AWS keeps its full access default"
}

// accountOnlyPolicy lets any principal of the account use the endpoint for
// any action; other accounts' principals cannot ride it.
func accountOnlyPolicy(account string) PolicyDocument {
	return PolicyDocument{Version: PolicyVersion, Statement: []Statement{{
		Sid: "OnlyThisAccount", Effect: "Allow", Principal: &Principal{Any: true}, Action: []string{"*"}, Resource: []string{"*"},
		Condition: map[string]map[string][]string{"StringEquals": {"aws:PrincipalAccount": {account}}},
	}}}
}

// serviceLabel names the service in descriptions and errors.
func (a InterfaceEndpointArgs) serviceLabel() string {
	if a.Service != "" {
		return a.Service
	}
	return "endpoint service"
}

// fullServiceName expands a short name for the region and checks a full
// name's region against it.
func fullServiceName(service, region string) (string, error) {
	for _, re := range []*regexp.Regexp{awsServiceRe, endpointServiceRe} {
		if m := re.FindStringSubmatch(service); m != nil {
			if m[1] != region {
				return "", argErr(interfaceEndpoint, "Service", service, "names region %s but the provider is in %s; endpoints work within one region", m[1], region)
			}
			return service, nil
		}
	}
	return "com.amazonaws." + region + "." + service, nil
}

// SupportedSubnets keeps the subnets in AZs the service supports, and fails
// when none remain.
func SupportedSubnets(service string, subnets []EndpointSubnet, serviceAZs []string) ([]EndpointSubnet, error) {
	var out []EndpointSubnet
	var azs []string
	for _, s := range subnets {
		azs = append(azs, s.AZ)
		if slices.Contains(serviceAZs, s.AZ) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, argErr(interfaceEndpoint, "Subnets", azs, "%s is offered only in %v, none of the subnets' AZs", service, serviceAZs)
	}
	return out, nil
}

// ServiceAZs asks EC2 which AZs offer a service (short or full name), as
// NewInterfaceEndpoint does, so a program can reject a bad placement before
// registering anything.
func ServiceAZs(ctx *pulumi.Context, service, region string, opts ...pulumi.InvokeOption) ([]string, error) {
	full, err := fullServiceName(service, region)
	if err != nil {
		return nil, err
	}
	// The type matters: s3 and dynamodb have a gateway and an interface
	// service, and an untyped lookup fails on the two matches
	// (terraform-provider-aws#17417).
	res, err := ec2.LookupVpcEndpointService(ctx, &ec2.LookupVpcEndpointServiceArgs{ServiceName: pulumi.StringRef(full), ServiceType: pulumi.StringRef("Interface")}, opts...)
	if err != nil {
		return nil, fmt.Errorf("looking up endpoint service %s: %w", full, err)
	}
	return res.AvailabilityZones, nil
}

// NewInterfaceEndpoint validates args, then creates the endpoint and its
// security group. A bad argument returns an *ArgError and registers nothing.
func NewInterfaceEndpoint(ctx *pulumi.Context, name string, args *InterfaceEndpointArgs, opts ...pulumi.ResourceOption) (*InterfaceEndpoint, error) {
	if args == nil {
		args = &InterfaceEndpointArgs{}
	}
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	a := args.withDefaults(name)
	if a.VpcID == nil {
		return nil, argErr(interfaceEndpoint, "VpcID", nil, "is required")
	}
	ie := &InterfaceEndpoint{}
	if err := ctx.RegisterComponentResource("vpclab:index:InterfaceEndpoint", name, ie, ie.children.track(opts)...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(ie)

	region := aws.GetRegionOutput(ctx, aws.GetRegionOutputArgs{}, parent).Region()
	var serviceName pulumi.StringOutput
	if a.EndpointServiceName != nil {
		serviceName = pulumi.All(a.EndpointServiceName, region).ApplyT(func(v []any) (string, error) {
			if !IsEndpointService(v[0].(string)) {
				return "", argErr(interfaceEndpoint, "EndpointServiceName", v[0], "not com.amazonaws.vpce.<region>.vpce-svc-<17 hex digits>")
			}
			return fullServiceName(v[0].(string), v[1].(string))
		}).(pulumi.StringOutput)
	} else {
		serviceName = region.ApplyT(func(r string) (string, error) { return fullServiceName(a.Service, r) }).(pulumi.StringOutput)
	}
	lookup := ec2.LookupVpcEndpointServiceOutput(ctx, ec2.LookupVpcEndpointServiceOutputArgs{ServiceName: serviceName, ServiceType: pulumi.String("Interface")}, parent)

	// The subnets the service supports: a value, not the graph's shape.
	inputs := []any{lookup.AvailabilityZones()}
	for _, s := range a.Subnets {
		inputs = append(inputs, s.ID)
	}
	subnetIDs := pulumi.All(inputs...).ApplyT(func(v []any) ([]string, error) {
		subnets := make([]EndpointSubnet, len(a.Subnets))
		for i, s := range a.Subnets {
			subnets[i] = EndpointSubnet{ID: pulumi.String(v[i+1].(string)), AZ: s.AZ}
		}
		kept, err := SupportedSubnets(a.serviceLabel(), subnets, v[0].([]string))
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(kept))
		for i, s := range kept {
			ids[i] = string(s.ID.(pulumi.String))
		}
		return ids, nil
	}).(pulumi.StringArrayOutput)

	groups := a.SecurityGroupIDs
	rules := ruleSet{ctx: ctx, name: name, parent: parent, tags: a.Tags}
	if groups == nil {
		sg, err := ec2.NewSecurityGroup(ctx, name+"-sg", &ec2.SecurityGroupArgs{
			VpcId:       a.VpcID,
			Description: pulumi.String(a.Description),
			Tags:        withName(a.Tags, a.NameTag+"-SG"),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("%s: security group: %w", name, err)
		}
		// No egress rules: endpoint ENIs only answer; security groups are
		// stateful. The CIDR and port live in the rules, whose descriptions
		// EC2 updates in place, never in the group's description.
		for i, cidr := range a.AllowedCIDRs {
			rules.ingress(fmt.Sprintf("ingress-%d", i), sg.ID(), tcp(a.Port), cidrPeer(cidr), fmt.Sprintf("%s clients in %s", a.serviceLabel(), cidr))
		}
		if rules.err != nil {
			return nil, rules.err
		}
		ie.SecurityGroup = sg
		groups = pulumi.StringArray{sg.ID()}
		ie.SecurityGroupID = sg.ID().ToStringOutput()
	} else {
		ie.SecurityGroupID = groups.ToStringArrayOutput().Index(pulumi.Int(0))
	}

	exc := a.Exceptions
	endpointService := a.EndpointServiceName != nil || IsEndpointService(a.Service)
	if endpointService && a.GuardrailTags {
		exc = merge(exc, except("LAB-VPCE-01", "PrivateLink endpoint services take no endpoint policy: the service allowed principals guard it"))
	}
	// EC2 refuses a custom policy on a service that does not support one;
	// the service lookup says whether this one does.
	supported := lookup.VpcEndpointPolicySupported()
	tags := supported.ApplyT(func(ok bool) map[string]string {
		e := exc
		if !ok && !endpointService && a.GuardrailTags {
			e = merge(e, except("LAB-VPCE-01", noPolicyReason(a.serviceLabel())))
		}
		t := nameTags(e.with(a.Tags), a.NameTag)
		if a.connection != "" {
			t[ConnectionTag] = a.connection
		}
		return t
	}).(pulumi.StringMapOutput)
	epOpts := []pulumi.ResourceOption{parent}
	if a.connection == ConnectionRequested {
		epOpts = append(epOpts, pulumi.ReplaceOnChanges([]string{"tags"}))
	}
	epArgs := &ec2.VpcEndpointArgs{
		VpcId:             a.VpcID,
		ServiceName:       serviceName,
		VpcEndpointType:   pulumi.String("Interface"),
		SubnetIds:         subnetIDs,
		SecurityGroupIds:  groups,
		PrivateDnsEnabled: pulumi.Bool(*a.PrivateDNS),
		Tags:              tags,
	}
	if a.PrivateDNSOnlyForInboundResolverEndpoint != nil {
		epArgs.DnsOptions = &ec2.VpcEndpointDnsOptionsArgs{PrivateDnsOnlyForInboundResolverEndpoint: pulumi.Bool(*a.PrivateDNSOnlyForInboundResolverEndpoint)}
	}
	if gw := a.GatewayEndpoints[shortService(a.Service)]; gw != nil {
		// Every resource of the gateway endpoint, not the component: the SDK
		// expands a component only to the children whose registration has
		// begun (children.go).
		epOpts = append(epOpts, DependsOn(gw))
	}
	switch {
	case a.Policy != nil || a.PolicyJSON != nil:
		js := callerPolicyJSON(interfaceEndpoint, a.Policy, a.PolicyJSON)
		epArgs.Policy = pulumi.All(supported, js).ApplyT(func(v []any) (*string, error) {
			if !v[0].(bool) {
				// A service vpclab's table does not list (UnlistedService): EC2 says so now.
				return nil, argErr(interfaceEndpoint, policyArg(a), a.serviceLabel(), "the service takes no custom endpoint policy (VpcEndpointPolicySupported is false); leave it out")
			}
			s := v[1].(string)
			return &s, nil
		}).(pulumi.StringPtrOutput)
	case !endpointService:
		caller := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent)
		epArgs.Policy = pulumi.All(supported, caller.AccountId()).ApplyT(func(v []any) (*string, error) {
			if !v[0].(bool) {
				if len(a.ExtraStatements) > 0 {
					return nil, argErr(interfaceEndpoint, "ExtraStatements", a.serviceLabel(), "the service takes no custom endpoint policy (VpcEndpointPolicySupported is false); leave it out")
				}
				return nil, nil // AWS keeps its full-access default, the only policy such a service takes
			}
			doc := accountOnlyPolicy(v[1].(string))
			doc.Statement = append(doc.Statement, a.ExtraStatements...)
			js, err := doc.JSON()
			if err == nil && len(js) > MaxEndpointPolicyLength {
				err = argErr(interfaceEndpoint, "ExtraStatements", len(a.ExtraStatements), "the endpoint policy would be %d characters; AWS allows %d", len(js), MaxEndpointPolicyLength)
			}
			return &js, err
		}).(pulumi.StringPtrOutput)
	}
	ep, err := ec2.NewVpcEndpoint(ctx, name+"-endpoint", epArgs, epOpts...)
	if err != nil {
		return nil, fmt.Errorf("%s: endpoint: %w", name, err)
	}
	ie.Endpoint = ep
	ie.EndpointID = ep.ID().ToStringOutput()
	ie.ServiceName = serviceName
	ie.SubnetIDs = subnetIDs
	ie.DNSNames = ep.DnsEntries.ApplyT(func(entries []ec2.VpcEndpointDnsEntry) []string {
		var names []string
		for _, e := range entries {
			if e.DnsName != nil {
				names = append(names, *e.DnsName)
			}
		}
		return names
	}).(pulumi.StringArrayOutput)
	if err := ctx.RegisterResourceOutputs(ie, pulumi.Map{
		"endpointId":      ie.EndpointID,
		"serviceName":     ie.ServiceName,
		"dnsNames":        ie.DNSNames,
		"securityGroupId": ie.SecurityGroupID,
		"subnetIds":       ie.SubnetIDs,
	}); err != nil {
		return nil, err
	}
	return ie, nil
}

// validateBundle checks every service of a bundle before anything is registered.
func validateBundle(name string, services []string, base InterfaceEndpointArgs) error {
	if len(services) > maxInterfacePerVPC {
		return argErr(interfaceEndpoint, "services", len(services), "AWS allows %d interface endpoints per VPC", maxInterfacePerVPC)
	}
	for i, svc := range services {
		if slices.Index(services, svc) != i {
			return argErr(interfaceEndpoint, "services", svc, "listed twice")
		}
		args := base.ForService(svc)
		if base.NameTag != "" {
			args.NameTag = base.NameTag + "-" + svc
		}
		if err := args.Validate(endpointName(name, svc)); err != nil {
			return err
		}
	}
	return nil
}

// ForService is a bundle's arguments for one service: the inbound-resolver
// DNS option only where the service has a gateway endpoint service too.
func (base InterfaceEndpointArgs) ForService(service string) InterfaceEndpointArgs {
	args := base
	args.Service = service
	if !slices.Contains(GatewayServices, shortService(service)) {
		args.PrivateDNSOnlyForInboundResolverEndpoint = nil
	}
	return args
}

// EndpointName is the name an InterfaceEndpoints bundle gives the endpoint
// of one service ("vpce" and "ssm" → "vpce-ssm", ecr.api → "vpce-ecr-api");
// its AWS endpoint is that name plus "-endpoint".
func EndpointName(name, service string) string { return endpointName(name, service) }

func endpointName(name, service string) string {
	short := service
	if m := awsServiceRe.FindStringSubmatch(service); m != nil {
		short = m[3]
	}
	return name + "-" + strings.NewReplacer(".", "-").Replace(short)
}
