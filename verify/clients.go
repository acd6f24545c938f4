package verify

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2instanceconnect"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// New is a Verifier with the AWS clients of cfg (the caller's credentials
// and the stack's region).
//
// The clients reach the Verifier as the method values verify calls, never
// as *ec2.Client and the like in an interface: the Pulumi SDK looks
// methods up by name, so the linker keeps every exported method of each
// type put in an interface, and EC2's client alone has about 600 (20 MB
// of code in every binary that can call New, the vpclab command's and its
// tests'). A method value refers to one method.
func New(cfg aws.Config) *Verifier {
	ssmc, ec2c, s3c := ssm.NewFromConfig(cfg), ec2.NewFromConfig(cfg), s3.NewFromConfig(cfg)
	return &Verifier{
		SSM: ssmCalls{ssmc.SendCommand, ssmc.GetCommandInvocation, ssmc.DescribeInstanceInformation},
		EC2: ec2Calls{ec2c.GetConsoleOutput, ec2c.DescribeRouteTables, ec2c.DescribePrefixLists, ec2c.DescribeVpcEndpoints,
			ec2c.DescribeVpcEndpointServiceConfigurations},
		S3:      s3Calls{s3c.GetBucketPolicy},
		Connect: connectCalls{ec2instanceconnect.NewFromConfig(cfg).SendSSHPublicKey},
	}
}

type ssmCalls struct {
	sendCommand                 func(context.Context, *ssm.SendCommandInput, ...func(*ssm.Options)) (*ssm.SendCommandOutput, error)
	getCommandInvocation        func(context.Context, *ssm.GetCommandInvocationInput, ...func(*ssm.Options)) (*ssm.GetCommandInvocationOutput, error)
	describeInstanceInformation func(context.Context, *ssm.DescribeInstanceInformationInput, ...func(*ssm.Options)) (*ssm.DescribeInstanceInformationOutput, error)
}

func (c ssmCalls) SendCommand(ctx context.Context, in *ssm.SendCommandInput, opts ...func(*ssm.Options)) (*ssm.SendCommandOutput, error) {
	return c.sendCommand(ctx, in, opts...)
}

func (c ssmCalls) GetCommandInvocation(ctx context.Context, in *ssm.GetCommandInvocationInput, opts ...func(*ssm.Options)) (*ssm.GetCommandInvocationOutput, error) {
	return c.getCommandInvocation(ctx, in, opts...)
}

func (c ssmCalls) DescribeInstanceInformation(ctx context.Context, in *ssm.DescribeInstanceInformationInput, opts ...func(*ssm.Options)) (*ssm.DescribeInstanceInformationOutput, error) {
	return c.describeInstanceInformation(ctx, in, opts...)
}

type ec2Calls struct {
	getConsoleOutput                         func(context.Context, *ec2.GetConsoleOutputInput, ...func(*ec2.Options)) (*ec2.GetConsoleOutputOutput, error)
	describeRouteTables                      func(context.Context, *ec2.DescribeRouteTablesInput, ...func(*ec2.Options)) (*ec2.DescribeRouteTablesOutput, error)
	describePrefixLists                      func(context.Context, *ec2.DescribePrefixListsInput, ...func(*ec2.Options)) (*ec2.DescribePrefixListsOutput, error)
	describeVpcEndpoints                     func(context.Context, *ec2.DescribeVpcEndpointsInput, ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointsOutput, error)
	describeVpcEndpointServiceConfigurations func(context.Context, *ec2.DescribeVpcEndpointServiceConfigurationsInput, ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointServiceConfigurationsOutput, error)
}

func (c ec2Calls) GetConsoleOutput(ctx context.Context, in *ec2.GetConsoleOutputInput, opts ...func(*ec2.Options)) (*ec2.GetConsoleOutputOutput, error) {
	return c.getConsoleOutput(ctx, in, opts...)
}

func (c ec2Calls) DescribeRouteTables(ctx context.Context, in *ec2.DescribeRouteTablesInput, opts ...func(*ec2.Options)) (*ec2.DescribeRouteTablesOutput, error) {
	return c.describeRouteTables(ctx, in, opts...)
}

func (c ec2Calls) DescribePrefixLists(ctx context.Context, in *ec2.DescribePrefixListsInput, opts ...func(*ec2.Options)) (*ec2.DescribePrefixListsOutput, error) {
	return c.describePrefixLists(ctx, in, opts...)
}

func (c ec2Calls) DescribeVpcEndpoints(ctx context.Context, in *ec2.DescribeVpcEndpointsInput, opts ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointsOutput, error) {
	return c.describeVpcEndpoints(ctx, in, opts...)
}

func (c ec2Calls) DescribeVpcEndpointServiceConfigurations(ctx context.Context, in *ec2.DescribeVpcEndpointServiceConfigurationsInput, opts ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointServiceConfigurationsOutput, error) {
	return c.describeVpcEndpointServiceConfigurations(ctx, in, opts...)
}

type s3Calls struct {
	getBucketPolicy func(context.Context, *s3.GetBucketPolicyInput, ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error)
}

func (c s3Calls) GetBucketPolicy(ctx context.Context, in *s3.GetBucketPolicyInput, opts ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error) {
	return c.getBucketPolicy(ctx, in, opts...)
}

type connectCalls struct {
	sendSSHPublicKey func(context.Context, *ec2instanceconnect.SendSSHPublicKeyInput, ...func(*ec2instanceconnect.Options)) (*ec2instanceconnect.SendSSHPublicKeyOutput, error)
}

func (c connectCalls) SendSSHPublicKey(ctx context.Context, in *ec2instanceconnect.SendSSHPublicKeyInput, opts ...func(*ec2instanceconnect.Options)) (*ec2instanceconnect.SendSSHPublicKeyOutput, error) {
	return c.sendSSHPublicKey(ctx, in, opts...)
}
