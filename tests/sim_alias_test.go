package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/sim"
)

type comp struct{ pulumi.ResourceState }

// Aliases are recorded as the URNs the engine would look up: the option's
// own aliases and the ones the provider SDK adds when it renames a type.
func TestAliasesResolveLikeTheEngine(t *testing.T) {
	res, err := sim.Run(regionStack("us-east-1"), func(ctx *pulumi.Context) error {
		c := &comp{}
		if err := ctx.RegisterComponentResource("my:index:Comp", "c", c); err != nil {
			return err
		}
		if _, err := ec2.NewVpc(ctx, "c-vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")}, pulumi.Parent(c),
			pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("c-old-vpc")}, {NoParent: pulumi.Bool(true)}})); err != nil {
			return err
		}
		_, err := s3.NewBucket(ctx, "c-bucket", &s3.BucketArgs{}, pulumi.Parent(c))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	vpc := res.Graph.Find("aws:ec2/vpc:Vpc", "c-vpc")
	want := []string{
		"urn:pulumi:s::p::my:index:Comp$aws:ec2/vpc:Vpc::c-old-vpc", // renamed, same parent
		"urn:pulumi:s::p::aws:ec2/vpc:Vpc::c-vpc",                   // moved out of the stack root
	}
	if strings.Join(vpc.Aliases, " ") != strings.Join(want, " ") {
		t.Errorf("vpc aliases %v, want %v", vpc.Aliases, want)
	}
	bucket := res.Graph.Find("aws:s3/bucket:Bucket", "c-bucket")
	if bucket == nil || bucket.URN != "urn:pulumi:s::p::my:index:Comp$aws:s3/bucket:Bucket::c-bucket" {
		t.Fatalf("bucket %v", bucket)
	}
	// pulumi-aws v7 registers Bucket with an alias to the v6 BucketV2 type.
	if !contains(bucket.Aliases, "urn:pulumi:s::p::my:index:Comp$aws:s3/bucketV2:BucketV2::c-bucket") {
		t.Errorf("bucket aliases %v lack the v6 BucketV2 URN", bucket.Aliases)
	}
}
