package components

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PrivateLinkConsumer is the optional consumer side of a PrivateLinkService:
// an interface endpoint in another VPC.
type PrivateLinkConsumer struct {
	// VpcID is the consumer VPC (required).
	VpcID pulumi.StringInput
	// VpcCIDR is the consumer VPC's block, the default for AllowedCIDRs.
	VpcCIDR string
	// Subnets get the endpoint's ENIs, one per AZ, each in an AZ of the NLB.
	Subnets []EndpointSubnet
	// AllowedCIDRs may reach the endpoint on the service port (default VpcCIDR).
	AllowedCIDRs []string
	// SecurityGroupIDs are the caller's security groups for the consumer
	// endpoint: then none is created, and AllowedCIDRs is refused.
	SecurityGroupIDs pulumi.StringArrayInput
	// Description is the consumer endpoint's security group description
	// (default "endpoint service interface endpoint").
	Description string
	// RecordConnection tags the consumer endpoint with the state the program
	// leaves its connection in (the vpclab:connection tag: requested or accepted) and,
	// while requested, replaces the endpoint when its tags change, so that
	// going back from accepted to requested makes a new pending endpoint
	// (a rejected connection cannot be requested again). Off by default: a
	// tag change then only retags the endpoint.
	RecordConnection bool
	// Accept creates the connection accepter, for a consumer in the same
	// account, so the lab works without a console click.
	Accept bool
	// NameTag is the consumer endpoint's Name tag (default <name>-Consumer-Endpoint).
	NameTag string
	// Exceptions record accepted guardrail findings on the consumer endpoint.
	Exceptions Exceptions
}

// PrivateLinkServiceArgs configures a PrivateLinkService.
type PrivateLinkServiceArgs struct {
	// VpcID is the provider VPC, where the NLB and its targets are.
	VpcID pulumi.StringInput
	// Subnets host the NLB, one per AZ.
	Subnets []EndpointSubnet
	// Targets are instances in the provider VPC, each in an AZ of the NLB.
	Targets []Target
	// TargetSecurityGroupID is opened on Port from the NLB's security group only.
	TargetSecurityGroupID pulumi.StringInput
	// Port of the TCP listener and the targets (default 80).
	Port int
	// InternetFacing puts the NLB on the internet (the guide's "before"
	// state); it then needs public subnets and ClientCIDRs.
	InternetFacing bool
	// ClientCIDRs may reach the listener: PrivateLink consumers' VPC CIDRs and,
	// when internet-facing, your own address. Default: the consumer's AllowedCIDRs.
	ClientCIDRs []string
	// EndpointService publishes the NLB as a VPC endpoint service (default
	// true); false leaves the NLB alone, as a guide's step before the service.
	EndpointService *bool
	// AcceptanceRequired defaults to true.
	AcceptanceRequired *bool
	// AllowedPrincipals may connect (IAM ARNs). Default: the deploying account.
	AllowedPrincipals []string
	// Consumer adds an interface endpoint to the service in another VPC.
	Consumer *PrivateLinkConsumer
	// NLBName is the load balancer's Name tag (default <name>-NLB).
	NLBName string
	// TargetGroupName is the target group's Name tag (default <name>-TG).
	TargetGroupName string
	// ServiceName is the endpoint service's Name tag (default <name>-EPS).
	ServiceName string
	// Tags are merged into every child that takes tags.
	Tags map[string]string
	// NLBSecurityGroupDescription is the load balancer's security group
	// description, which EC2 cannot change without replacing the group
	// (default "<name> load balancer"): it names nothing that changes.
	NLBSecurityGroupDescription string
	// Exceptions record accepted guardrail findings on the NLB and its
	// listener (no deletion protection or access logs in a lab, plaintext TCP).
	Exceptions Exceptions
	// GuardrailTags also tags the findings the component accepts by design
	// (an endpoint service takes no endpoint policy) on the consumer
	// endpoint as vpclab:exception:<ID>. Off by default.
	GuardrailTags bool
}

// PrivateLinkService is an NLB in front of instance targets, published as a
// VPC endpoint service, with an optional consumer endpoint in another VPC.
type PrivateLinkService struct {
	pulumi.ResourceState
	children children // every resource registered under it (children.go)

	// LoadBalancer is the network load balancer.
	LoadBalancer *lb.LoadBalancer
	// LoadBalancerSecurityGroup is the load balancer's security group.
	LoadBalancerSecurityGroup *ec2.SecurityGroup
	// TargetGroup is the load balancer's target group.
	TargetGroup *lb.TargetGroup
	// Listener is the load balancer's TCP listener.
	Listener *lb.Listener
	// EndpointService is the VPC endpoint service (nil when EndpointService is false).
	EndpointService *ec2.VpcEndpointService
	// Consumer is the consumer's interface endpoint (nil without a Consumer).
	Consumer *InterfaceEndpoint
	// Accepter accepts the consumer's connection (nil without Consumer.Accept).
	Accepter *ec2.VpcEndpointConnectionAccepter

	// ServiceName is the endpoint service's name
	// (com.amazonaws.vpce.<region>.vpce-svc-…), which consumers connect to.
	ServiceName pulumi.StringOutput `pulumi:"serviceName"`
	// ServiceID is the endpoint service's ID.
	ServiceID pulumi.StringOutput `pulumi:"serviceId"`
	// NLBARN is the load balancer's ARN.
	NLBARN pulumi.StringOutput `pulumi:"nlbArn"`
	// NLBDNSName is the load balancer's DNS name.
	NLBDNSName pulumi.StringOutput `pulumi:"nlbDnsName"`
	// NLBSecurityGroupID is the load balancer's security group ID.
	NLBSecurityGroupID pulumi.StringOutput `pulumi:"nlbSecurityGroupId"`
	// TargetGroupARN is the target group's ARN.
	TargetGroupARN pulumi.StringOutput `pulumi:"targetGroupArn"`
	// ConsumerEndpointID is the consumer endpoint's ID ("" without a consumer).
	ConsumerEndpointID pulumi.StringOutput `pulumi:"consumerEndpointId"`
	// ConsumerDNSName is the consumer endpoint's regional DNS name ("" without a consumer).
	ConsumerDNSName pulumi.StringOutput `pulumi:"consumerDnsName"`
}

const privateLinkService = "PrivateLinkService"

// Pulumi autonames the NLB and target group <name>-nlb-xxxxxxx and
// <name>-tg-xxxxxxx; both must fit ELB's 32 characters.
var (
	elbNameRe      = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$`)
	maxELBName     = 32
	autonameSuffix = 8 // "-" + 7 random characters
)

func (a PrivateLinkServiceArgs) withDefaults(name string) PrivateLinkServiceArgs {
	if a.Port == 0 {
		a.Port = 80
	}
	if a.AcceptanceRequired == nil {
		on := true
		a.AcceptanceRequired = &on
	}
	if a.EndpointService == nil {
		on := true
		a.EndpointService = &on
	}
	if a.Consumer != nil {
		c := *a.Consumer
		if len(c.AllowedCIDRs) == 0 && c.VpcCIDR != "" && c.SecurityGroupIDs == nil {
			c.AllowedCIDRs = []string{c.VpcCIDR}
		}
		if c.NameTag == "" {
			c.NameTag = name + "-Consumer-Endpoint"
		}
		a.Consumer = &c
		if len(a.ClientCIDRs) == 0 {
			a.ClientCIDRs = c.AllowedCIDRs
		}
		if len(a.ClientCIDRs) == 0 && c.VpcCIDR != "" {
			a.ClientCIDRs = []string{c.VpcCIDR}
		}
	}
	if a.NLBName == "" {
		a.NLBName = name + "-NLB"
	}
	if a.TargetGroupName == "" {
		a.TargetGroupName = name + "-TG"
	}
	if a.ServiceName == "" {
		a.ServiceName = name + "-EPS"
	}
	if a.NLBSecurityGroupDescription == "" {
		a.NLBSecurityGroupDescription = name + " load balancer"
	}
	return a
}

// Validate checks the plain arguments without registering anything.
func (a PrivateLinkServiceArgs) Validate(name string) error {
	if err := validateName(privateLinkService, name); err != nil {
		return err
	}
	if cons := a.Consumer; cons != nil && cons.SecurityGroupIDs != nil {
		// The consumer's own-group settings, as the caller gave them.
		if err := (InterfaceEndpointArgs{SecurityGroupIDs: cons.SecurityGroupIDs, AllowedCIDRs: cons.AllowedCIDRs, Description: cons.Description}).validateOwnGroup(); err != nil {
			ae, _ := AsArgError(err)
			return &ArgError{Component: privateLinkService, Arg: "Consumer." + ae.Arg, Value: ae.Value, Rule: ae.Rule}
		}
	}
	return a.withDefaults(name).validate(name)
}

func oneSubnetPerAZ(c, arg string, subnets []EndpointSubnet) ([]string, error) {
	var azs []string
	for i, s := range subnets {
		a := fmt.Sprintf("%s[%d]", arg, i)
		switch {
		case s.ID == nil:
			return nil, argErr(c, a+".ID", nil, "is required")
		case s.AZ == "":
			return nil, argErr(c, a+".AZ", s.AZ, "is required")
		case slices.Contains(azs, s.AZ):
			return nil, argErr(c, a+".AZ", s.AZ, "%s[%d] is already in this AZ; a load balancer or endpoint takes one subnet per AZ", arg, slices.Index(azs, s.AZ))
		}
		azs = append(azs, s.AZ)
	}
	return azs, nil
}

func validateClientCIDRs(c, arg string, cidrs []string) error {
	for i, s := range cidrs {
		p, err := netip.ParsePrefix(s)
		switch {
		case err != nil:
			return argErr(c, fmt.Sprintf("%s[%d]", arg, i), s, "not a CIDR block")
		case p.Bits() == 0:
			return argErr(c, fmt.Sprintf("%s[%d]", arg, i), s, "the whole internet is refused; name the clients")
		}
	}
	return nil
}

func (a PrivateLinkServiceArgs) validate(name string) error {
	c := privateLinkService
	for _, n := range []string{name + "-nlb", name + "-tg"} {
		if len(n)+autonameSuffix > maxELBName || !elbNameRe.MatchString(n) || strings.HasPrefix(n, "internal-") {
			return argErr(c, "name", name, "the load balancer and target group are autonamed %s-xxxxxxx, which must be at most %d letters, digits and hyphens; use a name of at most %d characters",
				n, maxELBName, maxELBName-autonameSuffix-len("-nlb"))
		}
	}
	if len(a.Subnets) == 0 {
		return argErr(c, "Subnets", 0, "the load balancer needs at least one subnet")
	}
	nlbAZs, err := oneSubnetPerAZ(c, "Subnets", a.Subnets)
	if err != nil {
		return err
	}
	if len(a.Targets) == 0 {
		return argErr(c, "Targets", 0, "an endpoint service without targets serves nothing")
	}
	for i, t := range a.Targets {
		if t.InstanceID == nil {
			return argErr(c, fmt.Sprintf("Targets[%d].InstanceID", i), nil, "is required")
		}
		if !slices.Contains(nlbAZs, t.AZ) {
			return argErr(c, fmt.Sprintf("Targets[%d].AZ", i), t.AZ, "the load balancer has subnets only in %v", nlbAZs)
		}
	}
	if a.TargetSecurityGroupID == nil {
		return argErr(c, "TargetSecurityGroupID", nil, "is required: the targets accept the port only from the load balancer")
	}
	if a.Port < 1 || a.Port > 65535 {
		return argErr(c, "Port", a.Port, "must be 1 to 65535")
	}
	if len(a.ClientCIDRs) == 0 {
		return argErr(c, "ClientCIDRs", a.ClientCIDRs, "name who may reach the listener (the consumers' VPC CIDRs), or give a Consumer")
	}
	if err := validateClientCIDRs(c, "ClientCIDRs", a.ClientCIDRs); err != nil {
		return err
	}
	for i, p := range a.AllowedPrincipals {
		if !iamPrincipal.MatchString(p) {
			return argErr(c, fmt.Sprintf("AllowedPrincipals[%d]", i), p, "not an IAM ARN such as arn:aws:iam::123456789012:root; \"*\" would let any account request a connection")
		}
	}
	if cons := a.Consumer; cons != nil {
		if !*a.EndpointService {
			return argErr(c, "Consumer", "endpoint", "a consumer endpoint connects to the endpoint service, and EndpointService is false")
		}
		if cons.VpcID == nil {
			return argErr(c, "Consumer.VpcID", nil, "is required")
		}
		if len(cons.Subnets) == 0 {
			return argErr(c, "Consumer.Subnets", 0, "the consumer endpoint needs at least one subnet")
		}
		azs, err := oneSubnetPerAZ(c, "Consumer.Subnets", cons.Subnets)
		if err != nil {
			return err
		}
		for i, az := range azs {
			if !slices.Contains(nlbAZs, az) {
				return argErr(c, fmt.Sprintf("Consumer.Subnets[%d].AZ", i), az, "the service is offered only in the load balancer's AZs %v", nlbAZs)
			}
		}
		if len(cons.AllowedCIDRs) == 0 && cons.SecurityGroupIDs == nil {
			return argErr(c, "Consumer.AllowedCIDRs", cons.AllowedCIDRs, "name who may reach the endpoint, or give VpcCIDR, or your own SecurityGroupIDs")
		}
		if err := validateClientCIDRs(c, "Consumer.AllowedCIDRs", cons.AllowedCIDRs); err != nil {
			return err
		}
		if cons.Accept && !*a.AcceptanceRequired {
			return argErr(c, "Consumer.Accept", true, "the service does not require acceptance; there is nothing to accept")
		}
	}
	for _, n := range []struct{ arg, v string }{{"NLBName", a.NLBName}, {"TargetGroupName", a.TargetGroupName}, {"ServiceName", a.ServiceName}} {
		if err := validateNameTag(c, n.arg, n.v, "-SG"); err != nil {
			return err
		}
	}
	if err := validateDescription(c, "NLBSecurityGroupDescription", a.NLBSecurityGroupDescription, a.NLBSecurityGroupDescription); err != nil {
		return err
	}
	if cons := a.Consumer; cons != nil && cons.Description != "" {
		if err := validateDescription(c, "Consumer.Description", cons.Description, cons.Description); err != nil {
			return err
		}
	}
	if err := a.Exceptions.validate(c, "Exceptions"); err != nil {
		return err
	}
	return validateTags(c, a.Tags)
}

// NewPrivateLinkService validates args, then builds the load balancer, the
// endpoint service and the optional consumer side.
func NewPrivateLinkService(ctx *pulumi.Context, name string, args *PrivateLinkServiceArgs, opts ...pulumi.ResourceOption) (*PrivateLinkService, error) {
	if args == nil {
		args = &PrivateLinkServiceArgs{}
	}
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	a := args.withDefaults(name)
	if a.VpcID == nil {
		return nil, argErr(privateLinkService, "VpcID", nil, "is required")
	}
	ps := &PrivateLinkService{}
	if err := ctx.RegisterComponentResource("vpclab:index:PrivateLinkService", name, ps, ps.children.track(opts)...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(ps)
	tags := func(n string) pulumi.StringMap { return withName(a.Tags, n) }

	// The NLB's security group must exist at creation: it cannot be added later.
	nlbSG, err := ec2.NewSecurityGroup(ctx, name+"-nlb-sg", &ec2.SecurityGroupArgs{
		VpcId:       a.VpcID,
		Description: pulumi.String(a.NLBSecurityGroupDescription),
		Tags:        tags(a.NLBName + "-SG"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s: load balancer security group: %w", name, err)
	}
	rules := ruleSet{ctx: ctx, name: name, parent: parent, tags: a.Tags}
	for i, cidr := range a.ClientCIDRs {
		rules.ingress(fmt.Sprintf("nlb-from-client-%d", i), nlbSG.ID(), tcp(a.Port), cidrPeer(cidr), "listener clients in "+cidr)
	}
	rules.egress("nlb-to-targets", nlbSG.ID(), tcp(a.Port), sgPeer(a.TargetSecurityGroupID), "traffic and health checks to the targets")
	rules.ingress("targets-from-nlb", a.TargetSecurityGroupID, tcp(a.Port), sgPeer(nlbSG.ID()), "only the load balancer reaches the targets")
	if rules.err != nil {
		return nil, rules.err
	}

	subnets := pulumi.StringArray{}
	for _, s := range a.Subnets {
		subnets = append(subnets, s.ID)
	}
	nlb, err := lb.NewLoadBalancer(ctx, name+"-nlb", &lb.LoadBalancerArgs{
		LoadBalancerType:             pulumi.String("network"),
		Internal:                     pulumi.Bool(!a.InternetFacing),
		Subnets:                      subnets,
		SecurityGroups:               pulumi.StringArray{nlbSG.ID()},
		EnableCrossZoneLoadBalancing: pulumi.Bool(true),
		// Keep the default: PrivateLink traffic is filtered by the SG too.
		EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: pulumi.String("on"),
		Tags: withName(a.Exceptions.with(a.Tags), a.NLBName),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s: load balancer: %w", name, err)
	}
	tg, err := lb.NewTargetGroup(ctx, name+"-tg", &lb.TargetGroupArgs{
		Port:       pulumi.Int(a.Port),
		Protocol:   pulumi.String("TCP"),
		TargetType: pulumi.String("instance"),
		VpcId:      a.VpcID,
		// Explicit, because the ELB API and Pulumi disagree on the defaults.
		HealthCheck: &lb.TargetGroupHealthCheckArgs{
			Enabled: pulumi.Bool(true), Protocol: pulumi.String("TCP"), Port: pulumi.String("traffic-port"),
			Interval: pulumi.Int(10), HealthyThreshold: pulumi.Int(3), UnhealthyThreshold: pulumi.Int(3),
		},
		Tags: tags(a.TargetGroupName),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s: target group: %w", name, err)
	}
	for i, t := range a.Targets {
		if _, err := lb.NewTargetGroupAttachment(ctx, fmt.Sprintf("%s-target-%d", name, i+1), &lb.TargetGroupAttachmentArgs{
			TargetGroupArn: tg.Arn, TargetId: t.InstanceID, Port: pulumi.Int(a.Port),
		}, parent); err != nil {
			return nil, fmt.Errorf("%s: target %d: %w", name, i+1, err)
		}
	}
	listener, err := lb.NewListener(ctx, name+"-listener", &lb.ListenerArgs{
		LoadBalancerArn: nlb.Arn,
		Port:            pulumi.Int(a.Port),
		Protocol:        pulumi.String("TCP"), // PrivateLink carries TCP only
		DefaultActions:  lb.ListenerDefaultActionArray{&lb.ListenerDefaultActionArgs{Type: pulumi.String("forward"), TargetGroupArn: tg.Arn}},
		Tags:            withName(a.Exceptions.with(a.Tags), a.NLBName+"-Listener"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s: listener: %w", name, err)
	}
	ps.LoadBalancer, ps.LoadBalancerSecurityGroup, ps.TargetGroup, ps.Listener = nlb, nlbSG, tg, listener

	empty := pulumi.String("").ToStringOutput()
	ps.ServiceName, ps.ServiceID, ps.ConsumerEndpointID, ps.ConsumerDNSName = empty, empty, empty, empty
	if *a.EndpointService {
		if err := ps.publish(ctx, name, a, nlb, parent); err != nil {
			return nil, err
		}
	}
	ps.NLBARN = nlb.Arn
	ps.NLBDNSName = nlb.DnsName
	ps.NLBSecurityGroupID = nlbSG.ID().ToStringOutput()
	ps.TargetGroupARN = tg.Arn
	if err := ctx.RegisterResourceOutputs(ps, pulumi.Map{
		"serviceName":        ps.ServiceName,
		"serviceId":          ps.ServiceID,
		"nlbArn":             ps.NLBARN,
		"nlbDnsName":         ps.NLBDNSName,
		"nlbSecurityGroupId": ps.NLBSecurityGroupID,
		"targetGroupArn":     ps.TargetGroupARN,
		"consumerEndpointId": ps.ConsumerEndpointID,
		"consumerDnsName":    ps.ConsumerDNSName,
	}); err != nil {
		return nil, err
	}
	return ps, nil
}

// publish creates the endpoint service and the optional consumer side.
func (ps *PrivateLinkService) publish(ctx *pulumi.Context, name string, a PrivateLinkServiceArgs, nlb *lb.LoadBalancer, parent pulumi.ResourceOrInvokeOption) error {
	tags := func(n string) pulumi.StringMap { return withName(a.Tags, n) }
	principals := pulumi.ToStringArray(a.AllowedPrincipals).ToStringArrayOutput()
	if len(a.AllowedPrincipals) == 0 {
		caller := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent)
		partition := aws.GetPartitionOutput(ctx, aws.GetPartitionOutputArgs{}, parent)
		principals = pulumi.StringArray{pulumi.Sprintf("arn:%s:iam::%s:root", partition.Partition(), caller.AccountId())}.ToStringArrayOutput()
	}
	eps, err := ec2.NewVpcEndpointService(ctx, name+"-service", &ec2.VpcEndpointServiceArgs{
		AcceptanceRequired:      pulumi.Bool(*a.AcceptanceRequired),
		NetworkLoadBalancerArns: pulumi.StringArray{nlb.Arn},
		AllowedPrincipals:       principals,
		Tags:                    tags(a.ServiceName),
	}, parent)
	if err != nil {
		return fmt.Errorf("%s: endpoint service: %w", name, err)
	}
	ps.EndpointService = eps
	ps.ServiceName = eps.ServiceName
	ps.ServiceID = eps.ID().ToStringOutput()
	if cons := a.Consumer; cons != nil {
		off := false
		connection := ""
		if cons.RecordConnection {
			connection = ConnectionRequested
			if cons.Accept || !*a.AcceptanceRequired {
				connection = ConnectionAccepted
			}
		}
		epArgs := &InterfaceEndpointArgs{
			VpcID: cons.VpcID, VpcCIDR: cons.VpcCIDR, EndpointServiceName: eps.ServiceName,
			Subnets: cons.Subnets, AllowedCIDRs: cons.AllowedCIDRs, PrivateDNS: &off, SecurityGroupIDs: cons.SecurityGroupIDs,
			Description: cons.Description, NameTag: cons.NameTag, Tags: a.Tags, Exceptions: cons.Exceptions, GuardrailTags: a.GuardrailTags,
			connection: connection,
		}
		if cons.SecurityGroupIDs == nil {
			epArgs.Port = a.Port
		}
		ep, err := NewInterfaceEndpoint(ctx, name+"-consumer", epArgs, parent)
		if err != nil {
			return err
		}
		ps.Consumer = ep
		if cons.Accept {
			if ps.Accepter, err = ec2.NewVpcEndpointConnectionAccepter(ctx, name+"-accepter", &ec2.VpcEndpointConnectionAccepterArgs{
				VpcEndpointServiceId: eps.ID(),
				VpcEndpointId:        ep.EndpointID,
			}, parent); err != nil {
				return fmt.Errorf("%s: connection accepter: %w", name, err)
			}
		}
		ps.ConsumerEndpointID = ep.EndpointID
		ps.ConsumerDNSName = ep.DNSNames.Index(pulumi.Int(0))
	}
	return nil
}
