package main

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// WebServersArgs mirrors components.WebServersArgs.
type WebServersArgs struct {
	VpcID               pulumi.StringInput   `pulumi:"vpcId"`
	Servers             []WebServer          `pulumi:"servers"`
	Port                int                  `pulumi:"port,optional"`
	EgressPrefixListIDs []pulumi.StringInput `pulumi:"egressPrefixListIds,optional"`
	InternetEgress      bool                 `pulumi:"internetEgress,optional"`
	InstanceType        string               `pulumi:"instanceType,optional"`
	AMIParameter        string               `pulumi:"amiParameter,optional"`
	RootVolumeSizeGiB   int                  `pulumi:"rootVolumeSizeGiB,optional"`
	NamePrefix          string               `pulumi:"namePrefix,optional"`
	Tags                map[string]string    `pulumi:"tags,optional"`
}

// Annotate describes the inputs and states the defaults the component applies.
func (a *WebServersArgs) Annotate(an infer.Annotator) {
	annotate(an, a)
	an.SetDefault(&a.Port, 80)
	an.SetDefault(&a.InstanceType, components.DefaultInstanceType)
	an.SetDefault(&a.AMIParameter, components.DefaultAMIParameter)
	an.SetDefault(&a.RootVolumeSizeGiB, components.DefaultRootVolumeSize)
}

// WebServer mirrors components.WebServer.
type WebServer struct {
	SubnetID pulumi.StringInput `pulumi:"subnetId"`
	AZ       string             `pulumi:"az"`
	Page     string             `pulumi:"page"`
	NameTag  string             `pulumi:"nameTag,optional"`
}

// Annotate describes the type.
func (w *WebServer) Annotate(an infer.Annotator) { annotate(an, w) }

// WebServers carries components.WebServers' outputs.
type WebServers struct {
	pulumi.ComponentResource
	InstanceIDs     pulumi.StringArrayOutput `pulumi:"instanceIds"`
	PrivateIPs      pulumi.StringArrayOutput `pulumi:"privateIps"`
	SecurityGroupID pulumi.StringOutput      `pulumi:"securityGroupId"`
}

// Annotate pins the token and describes the resource and its outputs.
func (r *WebServers) Annotate(an infer.Annotator) { annotate(an, r) }

func (a WebServersArgs) component() *components.WebServersArgs {
	c := &components.WebServersArgs{
		VpcID:               a.VpcID,
		Port:                a.Port,
		EgressPrefixListIDs: a.EgressPrefixListIDs,
		InternetEgress:      a.InternetEgress,
		InstanceType:        a.InstanceType,
		AMIParameter:        a.AMIParameter,
		RootVolumeSizeGiB:   a.RootVolumeSizeGiB,
		NamePrefix:          a.NamePrefix,
		Tags:                a.Tags,
	}
	for _, s := range a.Servers {
		c.Servers = append(c.Servers, components.WebServer{SubnetID: s.SubnetID, AZ: s.AZ, Page: s.Page, NameTag: s.NameTag})
	}
	return c
}

func newWebServers(ctx *pulumi.Context, name string, args WebServersArgs, opts ...pulumi.ResourceOption) (*WebServers, error) {
	ws, err := components.NewWebServers(ctx, name, args.component(), opts...)
	if err != nil {
		return nil, consumerError(args, err)
	}
	return result(&WebServers{}, ws)
}
