package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

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
	outputs, ssmClient := stackOutputs, newSSM
	defer func() { stackOutputs, newSSM = outputs, ssmClient }()
	var askedRegion string
	stackOutputs = func(dir, stack string) (verify.Outputs, error) {
		if stack != "ssm" {
			return nil, errors.New("no such stack")
		}
		return verify.Outputs{"lab": "ssm", "region": "ap-northeast-2", "privateInstanceId": "i-0abc", "ssmCommand": "x"}, nil
	}
	newSSM = func(_ context.Context, region string) (verify.SSM, error) {
		askedRegion = region
		return offlineSSM{}, nil
	}

	var out, errb bytes.Buffer
	code := run([]string{"verify", "ssm"}, &out, &errb)
	if code != 1 || askedRegion != "ap-northeast-2" || !strings.Contains(out.String(), "FAIL  instance registered with Systems Manager — i-0abc is not Online") ||
		!strings.Contains(out.String(), "1 check(s) failed") {
		t.Errorf("exit %d region %q\n%s%s", code, askedRegion, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"verify", "nope"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "vpclab verify nope: no such stack") {
		t.Errorf("unknown stack: exit %d %q", code, errb.String())
	}
	if code := run([]string{"verify"}, &out, &errb); code != 2 {
		t.Errorf("no stack: exit %d", code)
	}
}
