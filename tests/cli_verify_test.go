package tests

import (
	"bytes"
	"context"
	"errors"
	"github.com/vpclab/vpclab/internal/cli"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/vpclab/vpclab/verify"
)

// offlineSSM is an instance whose agent never connected.
type offlineSSM struct{ verify.SSM }

func (offlineSSM) DescribeInstanceInformation(context.Context, *ssm.DescribeInstanceInformationInput, ...func(*ssm.Options)) (*ssm.DescribeInstanceInformationOutput, error) {
	return &ssm.DescribeInstanceInformationOutput{InstanceInformationList: []types.InstanceInformation{{InstanceId: aws.String("i-0abc"), PingStatus: types.PingStatusConnectionLost}}}, nil
}

func TestVerifyCommand(t *testing.T) {
	outputs, clients := cli.StackOutputs, cli.NewVerifier
	defer func() { cli.StackOutputs, cli.NewVerifier = outputs, clients }()
	var askedRegion string
	step := "ssm-endpoints"
	cli.StackOutputs = func(dir, stack string) (verify.Outputs, error) {
		if stack != "ssm" {
			return nil, errors.New("no such stack")
		}
		return verify.Outputs{"lab": "ssm", "step": step, "region": "ap-northeast-2", "privateInstanceId": "i-0abc", "access": "ssm"}, nil
	}
	// Time passes only when verify sleeps, so its waits cost nothing here.
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	cli.NewVerifier = func(_ context.Context, region string) (*verify.Verifier, error) {
		askedRegion = region
		return &verify.Verifier{SSM: offlineSSM{}, Now: func() time.Time { return now }, Sleep: func(d time.Duration) { now = now.Add(d) }}, nil
	}

	// The last step expects Session Manager to work: the offline agent fails it.
	var out, errb bytes.Buffer
	code := cli.Run([]string{"verify", "ssm"}, &out, &errb)
	for _, want := range []string{
		"vpclab verify ssm: lab ssm, step 2 of 2 ssm-endpoints: ssm, ssmmessages and ec2messages interface endpoints",
		"instance: SSM Run Command on i-0abc",
		"NOT MET  SSM-ONLINE                   expect pass (step ssm-endpoints), got fail (the agent is not online): i-0abc is not Online",
		"UNKNOWN  NO-INTERNET                  expect pass (step ssm-endpoints), could not check: not run: SSM-ONLINE did not pass",
		"0 of 2 expectations met, 1 not met, 1 unknown",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if code != 1 || askedRegion != "ap-northeast-2" {
		t.Errorf("exit %d region %q\n%s%s", code, askedRegion, out.String(), errb.String())
	}
	// The agent might register late: verify said it waited, and how long.
	if !strings.Contains(errb.String(), "vpclab verify ssm: SSM-ONLINE: waiting up to 10 min for the SSM agent to register") ||
		!strings.Contains(errb.String(), "SSM-ONLINE: waited 10m0s for the SSM agent to register") {
		t.Errorf("stderr lacks the wait:\n%s", errb.String())
	}

	// The first step expects the instance unreachable: the same lab verifies.
	step = "isolated-instance"
	out.Reset()
	if code := cli.Run([]string{"verify", "ssm"}, &out, &errb); code != 0 ||
		!strings.Contains(out.String(), "ok       SSM-ONLINE                   expect fail (step isolated-instance), got fail (the agent is not online)") ||
		!strings.Contains(out.String(), "skipped  NO-INTERNET") {
		t.Errorf("isolated-instance: exit %d\n%s", code, out.String())
	}

	step = "no-such-step"
	out.Reset()
	errb.Reset()
	if code := cli.Run([]string{"verify", "ssm"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), `the stack reports step "no-such-step", which the ssm lab does not have`) {
		t.Errorf("unknown step: exit %d %q", code, errb.String())
	}
	errb.Reset()
	if code := cli.Run([]string{"verify", "nope"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "vpclab verify nope: no such stack") {
		t.Errorf("unknown stack: exit %d %q", code, errb.String())
	}
	if code := cli.Run([]string{"verify"}, &out, &errb); code != 2 {
		t.Errorf("no stack: exit %d", code)
	}
}
