package components

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/awsrules"
	"github.com/vpclab/vpclab/suggest"
)

// InstanceTypeOffered checks an instance type before anything is
// registered, in two questions with two sources. Whether the name is an EC2
// instance type at all is the EC2 API's list (awsrules.IsInstanceType, from
// the AWS SDK). Whether each AZ offers it is DescribeInstanceTypeOfferings
// (the provider's getInstanceTypeOfferings): EC2 offers instance types per
// AZ, and an instance in an AZ without its type fails at launch
// ("Unsupported: Your requested instance type ... is not supported in your
// requested Availability Zone"). Under the simulation (vpclab plan) the
// offerings are the simulation's list, and the refusal says so. A refusal
// is an *ArgError of component c, argument InstanceType.
func InstanceTypeOffered(ctx *pulumi.Context, c, instanceType string, azs []string, opts ...pulumi.InvokeOption) error {
	if !awsrules.IsInstanceType(instanceType) {
		return notInstanceType(c, instanceType)
	}
	source := "EC2's offerings (DescribeInstanceTypeOfferings) do not list"
	if ctx.RunningWithMocks() {
		source = "the simulation's offerings list does not have"
	}
	for _, az := range azs {
		res, err := ec2.GetInstanceTypeOfferings(ctx, &ec2.GetInstanceTypeOfferingsArgs{
			LocationType: pulumi.StringRef("availability-zone"),
			Filters:      []ec2.GetInstanceTypeOfferingsFilter{{Name: "instance-type", Values: []string{instanceType}}},
		}, opts...)
		if err != nil {
			return fmt.Errorf("looking up where instance type %s is offered: %w", instanceType, err)
		}
		if slices.Contains(res.Locations, az) {
			continue
		}
		where := "no AZ of the region has it"
		if len(res.Locations) > 0 {
			offered := slices.Clone(res.Locations)
			slices.Sort(offered)
			where = "it has it in " + strings.Join(offered, ", ")
		}
		return argErr(c, "InstanceType", instanceType, "%s %s in %s (%s is an EC2 instance type; %s)", source, instanceType, az, instanceType, where)
	}
	return nil
}

// notInstanceType refuses a name that is not an EC2 instance type, with the
// nearest one that is.
func notInstanceType(c, instanceType string) error {
	hint := ""
	if best, ok := suggest.Nearest(instanceType, awsrules.InstanceTypeNames()); ok {
		hint = "; did you mean " + best + "?"
	}
	return argErr(c, "InstanceType", instanceType, "is not an EC2 instance type (the EC2 API's list of instance types)%s", hint)
}
