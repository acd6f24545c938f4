package components

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// InstanceTypeOffered asks EC2 (DescribeInstanceTypeOfferings) whether each
// AZ offers the instance type, so a program can refuse a placement before
// it registers anything: EC2 offers instance types per AZ, and an instance
// in an AZ without its type fails at launch ("Unsupported: Your requested
// instance type ... is not supported in your requested Availability Zone").
// A refusal is an *ArgError of component c, argument InstanceType, naming
// the AZ, the type and the types the AZ offers; a type offered nowhere in
// the region says so.
func InstanceTypeOffered(ctx *pulumi.Context, c, instanceType string, azs []string, opts ...pulumi.InvokeOption) error {
	for _, az := range azs {
		res, err := ec2.GetInstanceTypeOfferings(ctx, &ec2.GetInstanceTypeOfferingsArgs{
			LocationType: pulumi.StringRef("availability-zone"),
			Filters:      []ec2.GetInstanceTypeOfferingsFilter{{Name: "location", Values: []string{az}}},
		}, opts...)
		if err != nil {
			return fmt.Errorf("looking up the instance types of %s: %w", az, err)
		}
		if slices.Contains(res.InstanceTypes, instanceType) {
			continue
		}
		offered := slices.Clone(res.InstanceTypes)
		slices.Sort(offered)
		anywhere, err := ec2.GetInstanceTypeOfferings(ctx, &ec2.GetInstanceTypeOfferingsArgs{
			Filters: []ec2.GetInstanceTypeOfferingsFilter{{Name: "instance-type", Values: []string{instanceType}}},
		}, opts...)
		if err != nil {
			return fmt.Errorf("looking up instance type %s: %w", instanceType, err)
		}
		where := "another AZ of the region offers it"
		if len(anywhere.InstanceTypes) == 0 {
			where = "no AZ of the region offers it: is it an EC2 instance type at all?"
		}
		return argErr(c, "InstanceType", instanceType, "%s does not offer it (%s); %s offers %s", az, where, az, strings.Join(offered, ", "))
	}
	return nil
}
