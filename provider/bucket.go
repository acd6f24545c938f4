package main

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
)

// PrivateBucketArgs mirrors components.PrivateBucketArgs.
type PrivateBucketArgs struct {
	Condition    *SourceCondition     `pulumi:"condition,optional"`
	EndpointIDs  []pulumi.StringInput `pulumi:"endpointIds,optional"`
	VpcIDs       []pulumi.StringInput `pulumi:"vpcIds,optional"`
	AdminARNs    []string             `pulumi:"adminArns,optional"`
	ForceDestroy bool                 `pulumi:"forceDestroy,optional"`
	NameTag      string               `pulumi:"nameTag,optional"`
	Tags         map[string]string    `pulumi:"tags,optional"`
}

// Annotate describes the inputs and states the defaults the component applies.
func (a *PrivateBucketArgs) Annotate(an infer.Annotator) {
	annotate(an, a)
	an.SetDefault(&a.Condition, string(components.SourceVpce))
}

// PrivateBucket carries components.PrivateBucket's outputs.
type PrivateBucket struct {
	pulumi.ComponentResource
	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	BucketARN  pulumi.StringOutput `pulumi:"bucketArn"`
	Policy     pulumi.StringOutput `pulumi:"policy"`
}

// Annotate pins the token and describes the resource and its outputs.
func (r *PrivateBucket) Annotate(an infer.Annotator) { annotate(an, r) }

func (a PrivateBucketArgs) component() *components.PrivateBucketArgs {
	return &components.PrivateBucketArgs{
		Condition:    components.SourceCondition(str(a.Condition)),
		EndpointIDs:  a.EndpointIDs,
		VpcIDs:       a.VpcIDs,
		AdminARNs:    a.AdminARNs,
		ForceDestroy: a.ForceDestroy,
		NameTag:      a.NameTag,
		Tags:         a.Tags,
	}
}

func newPrivateBucket(ctx *pulumi.Context, name string, args PrivateBucketArgs, opts ...pulumi.ResourceOption) (*PrivateBucket, error) {
	pb, err := components.NewPrivateBucket(ctx, name, args.component(), opts...)
	if err != nil {
		return nil, consumerError(args, err)
	}
	return result(&PrivateBucket{}, pb)
}
