package main

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// PrivateLinkServiceArgs mirrors components.PrivateLinkServiceArgs. The
// endpoint service's Name tag is serviceNameTag here, because serviceName is
// the output consumers connect to.
type PrivateLinkServiceArgs struct {
	VpcID                 pulumi.StringInput   `pulumi:"vpcId"`
	Subnets               []EndpointSubnet     `pulumi:"subnets"`
	Targets               []Target             `pulumi:"targets"`
	TargetSecurityGroupID pulumi.StringInput   `pulumi:"targetSecurityGroupId"`
	Port                  int                  `pulumi:"port,optional"`
	InternetFacing        bool                 `pulumi:"internetFacing,optional"`
	ClientCIDRs           []string             `pulumi:"clientCidrs,optional"`
	EndpointService       *bool                `pulumi:"endpointService,optional"`
	AcceptanceRequired    *bool                `pulumi:"acceptanceRequired,optional"`
	AllowedPrincipals     []string             `pulumi:"allowedPrincipals,optional"`
	Consumer              *PrivateLinkConsumer `pulumi:"consumer,optional"`
	NLBName               string               `pulumi:"nlbName,optional"`
	TargetGroupName       string               `pulumi:"targetGroupName,optional"`
	ServiceName           string               `pulumi:"serviceNameTag,optional"`
	Tags                  map[string]string    `pulumi:"tags,optional"`
	Exceptions            map[string]string    `pulumi:"exceptions,optional"`
	// NLBSecurityGroupDescription mirrors the component's.
	NLBSecurityGroupDescription string `pulumi:"nlbSecurityGroupDescription,optional"`
	GuardrailTags               bool   `pulumi:"guardrailTags,optional"`
}

// Annotate describes the inputs and states the defaults the component applies.
func (a *PrivateLinkServiceArgs) Annotate(an infer.Annotator) {
	annotate(an, a)
	an.SetDefault(&a.Port, 80)
	an.SetDefault(&a.AcceptanceRequired, true)
	an.SetDefault(&a.EndpointService, true)
}

// PrivateLinkConsumer mirrors components.PrivateLinkConsumer.
type PrivateLinkConsumer struct {
	VpcID        pulumi.StringInput `pulumi:"vpcId"`
	VpcCIDR      string             `pulumi:"vpcCidr,optional"`
	Subnets      []EndpointSubnet   `pulumi:"subnets"`
	AllowedCIDRs []string           `pulumi:"allowedCidrs,optional"`
	Accept       bool               `pulumi:"accept,optional"`
	NameTag      string             `pulumi:"nameTag,optional"`
	Exceptions   map[string]string  `pulumi:"exceptions,optional"`
	// SecurityGroupIDs mirrors the component's.
	SecurityGroupIDs []pulumi.StringInput `pulumi:"securityGroupIds,optional"`
	Description      string               `pulumi:"description,optional"`
	RecordConnection bool                 `pulumi:"recordConnection,optional"`
}

// Annotate describes the type.
func (c *PrivateLinkConsumer) Annotate(an infer.Annotator) { annotate(an, c) }

// Target mirrors components.Target.
type Target struct {
	InstanceID pulumi.StringInput `pulumi:"instanceId"`
	AZ         string             `pulumi:"az"`
}

// Annotate describes the type.
func (t *Target) Annotate(an infer.Annotator) { annotate(an, t) }

// PrivateLinkService carries components.PrivateLinkService's outputs.
type PrivateLinkService struct {
	pulumi.ComponentResource
	ServiceName        pulumi.StringOutput `pulumi:"serviceName"`
	ServiceID          pulumi.StringOutput `pulumi:"serviceId"`
	NLBARN             pulumi.StringOutput `pulumi:"nlbArn"`
	NLBDNSName         pulumi.StringOutput `pulumi:"nlbDnsName"`
	NLBSecurityGroupID pulumi.StringOutput `pulumi:"nlbSecurityGroupId"`
	TargetGroupARN     pulumi.StringOutput `pulumi:"targetGroupArn"`
	ConsumerEndpointID pulumi.StringOutput `pulumi:"consumerEndpointId"`
	ConsumerDNSName    pulumi.StringOutput `pulumi:"consumerDnsName"`
}

// Annotate pins the token and describes the resource and its outputs.
func (r *PrivateLinkService) Annotate(an infer.Annotator) { annotate(an, r) }

func (a PrivateLinkServiceArgs) component() *components.PrivateLinkServiceArgs {
	c := &components.PrivateLinkServiceArgs{
		VpcID:                       a.VpcID,
		Subnets:                     endpointSubnets(a.Subnets),
		TargetSecurityGroupID:       a.TargetSecurityGroupID,
		Port:                        a.Port,
		InternetFacing:              a.InternetFacing,
		ClientCIDRs:                 a.ClientCIDRs,
		EndpointService:             a.EndpointService,
		AcceptanceRequired:          a.AcceptanceRequired,
		AllowedPrincipals:           a.AllowedPrincipals,
		NLBName:                     a.NLBName,
		TargetGroupName:             a.TargetGroupName,
		ServiceName:                 a.ServiceName,
		Tags:                        a.Tags,
		Exceptions:                  a.Exceptions,
		GuardrailTags:               a.GuardrailTags,
		NLBSecurityGroupDescription: a.NLBSecurityGroupDescription,
	}
	for _, t := range a.Targets {
		c.Targets = append(c.Targets, components.Target{InstanceID: t.InstanceID, AZ: t.AZ})
	}
	if cons := a.Consumer; cons != nil {
		c.Consumer = &components.PrivateLinkConsumer{
			VpcID: cons.VpcID, VpcCIDR: cons.VpcCIDR, Subnets: endpointSubnets(cons.Subnets), AllowedCIDRs: cons.AllowedCIDRs,
			Accept: cons.Accept, NameTag: cons.NameTag, Exceptions: cons.Exceptions,
			SecurityGroupIDs: stringArray(cons.SecurityGroupIDs), Description: cons.Description, RecordConnection: cons.RecordConnection,
		}
	}
	return c
}

func newPrivateLinkService(ctx *pulumi.Context, name string, args PrivateLinkServiceArgs, opts ...pulumi.ResourceOption) (*PrivateLinkService, error) {
	ps, err := components.NewPrivateLinkService(ctx, name, args.component(), opts...)
	if err != nil {
		return nil, consumerError(args, err)
	}
	return result(&PrivateLinkService{}, ps)
}
