package main

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// GatewayEndpointArgs mirrors components.GatewayEndpointArgs.
type GatewayEndpointArgs struct {
	VpcID                 pulumi.StringInput   `pulumi:"vpcId"`
	Service               string               `pulumi:"service"`
	RouteTableIDs         []pulumi.StringInput `pulumi:"routeTableIds"`
	Policy                *PolicyMode          `pulumi:"policy,optional"`
	Resources             []pulumi.StringInput `pulumi:"resources,optional"`
	Actions               []string             `pulumi:"actions,optional"`
	AllowListAllBuckets   bool                 `pulumi:"allowListAllBuckets,optional"`
	AllowAmazonLinuxRepos bool                 `pulumi:"allowAmazonLinuxRepos,optional"`
	NameTag               string               `pulumi:"nameTag,optional"`
	Tags                  map[string]string    `pulumi:"tags,optional"`
	Exceptions            map[string]string    `pulumi:"exceptions,optional"`
	PolicyDocument        *PolicyDocument      `pulumi:"policyDocument,optional"`
	PolicyJSON            pulumi.StringInput   `pulumi:"policyJson,optional"`
	ExtraStatements       []Statement          `pulumi:"extraStatements,optional"`
	AllowECRLayers        bool                 `pulumi:"allowEcrLayers,optional"`
	GuardrailTags         bool                 `pulumi:"guardrailTags,optional"`
}

// Annotate describes the inputs. Policy's default (least-privilege) is the
// component's, not the schema's: with policyDocument or policyJson a mode is
// refused.
func (a *GatewayEndpointArgs) Annotate(an infer.Annotator) { annotate(an, a) }

// GatewayEndpoint carries components.GatewayEndpoint's outputs.
type GatewayEndpoint struct {
	pulumi.ComponentResource
	EndpointID   pulumi.StringOutput `pulumi:"endpointId"`
	PrefixListID pulumi.StringOutput `pulumi:"prefixListId"`
	ServiceName  pulumi.StringOutput `pulumi:"serviceName"`
	Policy       pulumi.StringOutput `pulumi:"policy"`
}

// Annotate pins the token and describes the resource and its outputs.
func (r *GatewayEndpoint) Annotate(an infer.Annotator) { annotate(an, r) }

func (a GatewayEndpointArgs) component() *components.GatewayEndpointArgs {
	return &components.GatewayEndpointArgs{
		VpcID:                 a.VpcID,
		Service:               a.Service,
		RouteTableIDs:         a.RouteTableIDs,
		Policy:                components.PolicyMode(str(a.Policy)),
		Resources:             a.Resources,
		Actions:               a.Actions,
		AllowListAllBuckets:   a.AllowListAllBuckets,
		AllowAmazonLinuxRepos: a.AllowAmazonLinuxRepos,
		NameTag:               a.NameTag,
		Tags:                  a.Tags,
		Exceptions:            a.Exceptions,
		PolicyDocument:        a.PolicyDocument.component(),
		PolicyJSON:            a.PolicyJSON,
		ExtraStatements:       statements(a.ExtraStatements),
		AllowECRLayers:        a.AllowECRLayers,
		GuardrailTags:         a.GuardrailTags,
	}
}

func newGatewayEndpoint(ctx *pulumi.Context, name string, args GatewayEndpointArgs, opts ...pulumi.ResourceOption) (*GatewayEndpoint, error) {
	ge, err := components.NewGatewayEndpoint(ctx, name, args.component(), opts...)
	if err != nil {
		return nil, consumerError(args, err)
	}
	return result(&GatewayEndpoint{}, ge)
}
