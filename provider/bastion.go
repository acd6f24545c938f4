package main

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// BastionPairArgs mirrors components.BastionPairArgs: IDs of other
// resources are inputs, everything that shapes the graph is plain.
type BastionPairArgs struct {
	VpcID                pulumi.StringInput   `pulumi:"vpcId"`
	VpcCIDR              string               `pulumi:"vpcCidr,optional"`
	PublicSubnetID       pulumi.StringInput   `pulumi:"publicSubnetId,optional"`
	PrivateSubnetID      pulumi.StringInput   `pulumi:"privateSubnetId"`
	PublicSubnetAZ       string               `pulumi:"publicSubnetAz,optional"`
	PrivateSubnetAZ      string               `pulumi:"privateSubnetAz,optional"`
	Access               *AccessMode          `pulumi:"access,optional"`
	AdminCIDRs           []string             `pulumi:"adminCidrs,optional"`
	AllowBroadAdminCIDRs bool                 `pulumi:"allowBroadAdminCidrs,optional"`
	KeyName              string               `pulumi:"keyName,optional"`
	InstanceType         string               `pulumi:"instanceType,optional"`
	AMIParameter         string               `pulumi:"amiParameter,optional"`
	RootVolumeSizeGiB    int                  `pulumi:"rootVolumeSizeGiB,optional"`
	PlacementStrategy    *PlacementStrategy   `pulumi:"placementStrategy,optional"`
	PartitionCount       int                  `pulumi:"partitionCount,optional"`
	InternetEgress       bool                 `pulumi:"internetEgress,optional"`
	VpcEgressPorts       []int                `pulumi:"vpcEgressPorts,optional"`
	EgressPrefixListIDs  []pulumi.StringInput `pulumi:"egressPrefixListIds,optional"`
	PingPrefixLists      bool                 `pulumi:"pingPrefixLists,optional"`
	BucketARNs           []pulumi.StringInput `pulumi:"bucketArns,optional"`
	AllowListAllBuckets  bool                 `pulumi:"allowListAllBuckets,optional"`
	NamePrefix           string               `pulumi:"namePrefix,optional"`
	BastionName          string               `pulumi:"bastionName,optional"`
	PrivateName          string               `pulumi:"privateName,optional"`
	Tags                 map[string]string    `pulumi:"tags,optional"`
	Exceptions           map[string]string    `pulumi:"exceptions,optional"`
	// PrivateSecurityGroupDescription mirrors the component's.
	PrivateSecurityGroupDescription string `pulumi:"privateSecurityGroupDescription,optional"`
	BastionSecurityGroupDescription string `pulumi:"bastionSecurityGroupDescription,optional"`
	RoleDescription                 string `pulumi:"roleDescription,optional"`
	GuardrailTags                   bool   `pulumi:"guardrailTags,optional"`
}

// Annotate describes the inputs and states the defaults the component applies.
func (a *BastionPairArgs) Annotate(an infer.Annotator) {
	annotate(an, a)
	an.SetDefault(&a.Access, string(components.AccessSSM))
	an.SetDefault(&a.InstanceType, components.DefaultInstanceType)
	an.SetDefault(&a.AMIParameter, components.DefaultAMIParameter)
	an.SetDefault(&a.RootVolumeSizeGiB, components.DefaultRootVolumeSize)
}

// BastionPair carries components.BastionPair's outputs.
type BastionPair struct {
	pulumi.ComponentResource
	PrivateInstanceID      pulumi.StringOutput `pulumi:"privateInstanceId"`
	PrivateIP              pulumi.StringOutput `pulumi:"privateIp"`
	PrivateSecurityGroupID pulumi.StringOutput `pulumi:"privateSecurityGroupId"`
	PrivateRoleName        pulumi.StringOutput `pulumi:"privateRoleName"`
	BastionID              pulumi.StringOutput `pulumi:"bastionId"`
	BastionPublicIP        pulumi.StringOutput `pulumi:"bastionPublicIp"`
	BastionSecurityGroupID pulumi.StringOutput `pulumi:"bastionSecurityGroupId"`
	AMI                    pulumi.StringOutput `pulumi:"ami"`
}

// Annotate pins the token and describes the resource and its outputs.
func (r *BastionPair) Annotate(an infer.Annotator) { annotate(an, r) }

func (a BastionPairArgs) component() *components.BastionPairArgs {
	return &components.BastionPairArgs{
		VpcID:                           a.VpcID,
		VpcCIDR:                         a.VpcCIDR,
		PublicSubnetID:                  a.PublicSubnetID,
		PrivateSubnetID:                 a.PrivateSubnetID,
		PublicSubnetAZ:                  a.PublicSubnetAZ,
		PrivateSubnetAZ:                 a.PrivateSubnetAZ,
		Access:                          components.AccessMode(str(a.Access)),
		AdminCIDRs:                      a.AdminCIDRs,
		AllowBroadAdminCIDRs:            a.AllowBroadAdminCIDRs,
		KeyName:                         a.KeyName,
		InstanceType:                    a.InstanceType,
		AMIParameter:                    a.AMIParameter,
		RootVolumeSizeGiB:               a.RootVolumeSizeGiB,
		PlacementStrategy:               str(a.PlacementStrategy),
		PartitionCount:                  a.PartitionCount,
		InternetEgress:                  a.InternetEgress,
		VpcEgressPorts:                  a.VpcEgressPorts,
		EgressPrefixListIDs:             a.EgressPrefixListIDs,
		PingPrefixLists:                 a.PingPrefixLists,
		BucketARNs:                      a.BucketARNs,
		AllowListAllBuckets:             a.AllowListAllBuckets,
		NamePrefix:                      a.NamePrefix,
		BastionName:                     a.BastionName,
		PrivateName:                     a.PrivateName,
		Tags:                            a.Tags,
		Exceptions:                      a.Exceptions,
		GuardrailTags:                   a.GuardrailTags,
		RoleDescription:                 a.RoleDescription,
		PrivateSecurityGroupDescription: a.PrivateSecurityGroupDescription,
		BastionSecurityGroupDescription: a.BastionSecurityGroupDescription,
	}
}

func newBastionPair(ctx *pulumi.Context, name string, args BastionPairArgs, opts ...pulumi.ResourceOption) (*BastionPair, error) {
	bp, err := components.NewBastionPair(ctx, name, args.component(), opts...)
	if err != nil {
		return nil, consumerError(args, err)
	}
	return result(&BastionPair{}, bp)
}
