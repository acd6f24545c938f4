package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2instanceconnect"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// Runner runs a shell script on one instance. A script that ran and exited
// non-zero is an Output with its exit code, not an error: the error is for a
// script that could not be run at all.
type Runner interface {
	Run(ctx context.Context, script string) (Output, error)
}

// Output is what a script printed and how it exited.
type Output struct {
	Stdout, Stderr string
	ExitCode       int
}

// SSM is the part of the SSM API verify uses; *ssm.Client satisfies it.
type SSM interface {
	SendCommand(ctx context.Context, in *ssm.SendCommandInput, opts ...func(*ssm.Options)) (*ssm.SendCommandOutput, error)
	GetCommandInvocation(ctx context.Context, in *ssm.GetCommandInvocationInput, opts ...func(*ssm.Options)) (*ssm.GetCommandInvocationOutput, error)
	DescribeInstanceInformation(ctx context.Context, in *ssm.DescribeInstanceInformationInput, opts ...func(*ssm.Options)) (*ssm.DescribeInstanceInformationOutput, error)
}

// EC2 is the part of the EC2 API verify uses; *ec2.Client satisfies it.
type EC2 interface {
	GetConsoleOutput(ctx context.Context, in *ec2.GetConsoleOutputInput, opts ...func(*ec2.Options)) (*ec2.GetConsoleOutputOutput, error)
	DescribeRouteTables(ctx context.Context, in *ec2.DescribeRouteTablesInput, opts ...func(*ec2.Options)) (*ec2.DescribeRouteTablesOutput, error)
	DescribePrefixLists(ctx context.Context, in *ec2.DescribePrefixListsInput, opts ...func(*ec2.Options)) (*ec2.DescribePrefixListsOutput, error)
	DescribeVpcEndpoints(ctx context.Context, in *ec2.DescribeVpcEndpointsInput, opts ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointsOutput, error)
	DescribeVpcEndpointServiceConfigurations(ctx context.Context, in *ec2.DescribeVpcEndpointServiceConfigurationsInput, opts ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointServiceConfigurationsOutput, error)
}

// S3 is the part of the S3 API verify uses; *s3.Client satisfies it.
type S3 interface {
	GetBucketPolicy(ctx context.Context, in *s3.GetBucketPolicyInput, opts ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error)
}

// InstanceConnect pushes SSH keys; *ec2instanceconnect.Client satisfies it.
type InstanceConnect interface {
	SendSSHPublicKey(ctx context.Context, in *ec2instanceconnect.SendSSHPublicKeyInput, opts ...func(*ec2instanceconnect.Options)) (*ec2instanceconnect.SendSSHPublicKeyOutput, error)
}

// SSMRunner runs scripts through SSM Run Command (AWS-RunShellScript, as root).
type SSMRunner struct {
	Client   SSM
	Instance string
	// Sleep waits between polls (nil: time.Sleep); Polls bounds them (0: 60, every 2 s).
	Sleep func(time.Duration)
	Polls int
}

func (v *Verifier) ssmRunner(instance string) *SSMRunner {
	return &SSMRunner{Client: v.SSM, Instance: instance, Sleep: v.Sleep, Polls: v.Polls}
}

// Run sends the script and polls for its result. A script that exits
// non-zero ends in status Failed with its exit code as ResponseCode
// (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetCommandInvocation.html);
// every other end state means the script did not run to its end.
func (r *SSMRunner) Run(ctx context.Context, script string) (Output, error) {
	if r.Client == nil {
		return Output{}, errors.New("no SSM client")
	}
	sent, err := r.Client.SendCommand(ctx, &ssm.SendCommandInput{
		DocumentName:   aws.String("AWS-RunShellScript"),
		InstanceIds:    []string{r.Instance},
		Parameters:     map[string][]string{"commands": {script}},
		TimeoutSeconds: aws.Int32(60),
		Comment:        aws.String("vpclab verify"),
	})
	if err != nil {
		return Output{}, fmt.Errorf("send command: %w", err)
	}
	polls, sleep := r.Polls, r.Sleep
	if polls == 0 {
		polls = 60
	}
	if sleep == nil {
		sleep = time.Sleep
	}
	for range polls {
		sleep(2 * time.Second)
		inv, err := r.Client.GetCommandInvocation(ctx, &ssm.GetCommandInvocationInput{CommandId: sent.Command.CommandId, InstanceId: aws.String(r.Instance)})
		var notYet *types.InvocationDoesNotExist
		switch {
		case errors.As(err, &notYet):
			continue // the invocation appears a moment after SendCommand
		case err != nil:
			return Output{}, fmt.Errorf("command result: %w", err)
		}
		out := Output{Stdout: aws.ToString(inv.StandardOutputContent), Stderr: aws.ToString(inv.StandardErrorContent), ExitCode: int(inv.ResponseCode)}
		switch inv.Status {
		case types.CommandInvocationStatusSuccess, types.CommandInvocationStatusFailed:
			return out, nil
		case types.CommandInvocationStatusTimedOut, types.CommandInvocationStatusCancelled, types.CommandInvocationStatusCancelling:
			return out, fmt.Errorf("command %s (%s): %s", inv.Status, aws.ToString(inv.StatusDetails), strings.TrimSpace(out.Stderr))
		}
	}
	return Output{}, fmt.Errorf("no result after %d polls", polls)
}

func (r *SSMRunner) String() string { return "SSM Run Command on " + r.Instance }
