package verify

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// fakeSSM is an instance as SSM sees it: scripted answers by what a command
// contains, a few "not yet" polls before each result, and every call recorded.
type fakeSSM struct {
	online   bool
	answers  map[string]answer // substring of the script → result
	pending  int               // polls answered InvocationDoesNotExist / InProgress first
	sent     []string
	polls    map[string]int
	instance string
}

type answer struct {
	stdout string
	fail   bool
}

func (f *fakeSSM) DescribeInstanceInformation(_ context.Context, in *ssm.DescribeInstanceInformationInput, _ ...func(*ssm.Options)) (*ssm.DescribeInstanceInformationOutput, error) {
	status := types.PingStatusConnectionLost
	if f.online {
		status = types.PingStatusOnline
	}
	if len(in.Filters) != 1 || in.Filters[0].Values[0] != f.instance {
		return nil, fmt.Errorf("asked about %v", in.Filters)
	}
	return &ssm.DescribeInstanceInformationOutput{InstanceInformationList: []types.InstanceInformation{{InstanceId: aws.String(f.instance), PingStatus: status}}}, nil
}

func (f *fakeSSM) SendCommand(_ context.Context, in *ssm.SendCommandInput, _ ...func(*ssm.Options)) (*ssm.SendCommandOutput, error) {
	if aws.ToString(in.DocumentName) != "AWS-RunShellScript" || len(in.InstanceIds) != 1 || in.InstanceIds[0] != f.instance {
		return nil, fmt.Errorf("unexpected command %+v", in)
	}
	f.sent = append(f.sent, in.Parameters["commands"][0])
	return &ssm.SendCommandOutput{Command: &types.Command{CommandId: aws.String(fmt.Sprintf("cmd-%d", len(f.sent)-1))}}, nil
}

func (f *fakeSSM) GetCommandInvocation(_ context.Context, in *ssm.GetCommandInvocationInput, _ ...func(*ssm.Options)) (*ssm.GetCommandInvocationOutput, error) {
	id := aws.ToString(in.CommandId)
	f.polls[id]++
	switch {
	case f.polls[id] == 1 && f.pending > 0:
		return nil, &types.InvocationDoesNotExist{}
	case f.polls[id] <= f.pending:
		return &ssm.GetCommandInvocationOutput{Status: types.CommandInvocationStatusInProgress}, nil
	}
	var n int
	fmt.Sscanf(id, "cmd-%d", &n)
	script := f.sent[n]
	for sub, a := range f.answers {
		if strings.Contains(script, sub) {
			if a.fail {
				return &ssm.GetCommandInvocationOutput{Status: types.CommandInvocationStatusFailed, ResponseCode: 1, StandardErrorContent: aws.String("AccessDenied")}, nil
			}
			return &ssm.GetCommandInvocationOutput{Status: types.CommandInvocationStatusSuccess, StandardOutputContent: aws.String(a.stdout)}, nil
		}
	}
	return nil, fmt.Errorf("the fake has no answer for %q", script)
}

func runner(f *fakeSSM) *Runner {
	f.instance, f.polls = "i-0abc", map[string]int{}
	return &Runner{Client: f, Sleep: func(time.Duration) {}, Polls: 5}
}

func s3Outputs() Outputs {
	return Outputs{"lab": "s3-gateway", "region": "ap-northeast-2", "vpcCidr": "10.0.0.0/16", "privateInstanceId": "i-0abc",
		"ssmCommand": "aws ssm start-session ...", "bucketName": "vpclab-bucket-1234567", "natPublicIps": []any{}}
}

func summary(rs []Result) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.String() + "\n")
	}
	return b.String()
}

func TestS3GatewayChecks(t *testing.T) {
	f := &fakeSSM{online: true, pending: 2, answers: map[string]answer{
		"aws s3 ls s3://vpclab-bucket-1234567": {stdout: "vpclab-verify\n"},
		"https://aws.amazon.com":               {stdout: "BLOCKED\n"},
	}}
	rs := runner(f).Run(context.Background(), s3Outputs())
	want := []string{"instance registered with Systems Manager", "lab bucket through the endpoint", "no way to the internet"}
	if len(rs) != len(want) {
		t.Fatalf("results:\n%s", summary(rs))
	}
	for i, r := range rs {
		if r.Check != want[i] || !r.Pass {
			t.Errorf("result %d = %s, want PASS %s", i, r, want[i])
		}
	}
	if !strings.Contains(f.sent[0], "aws s3 cp s3://vpclab-bucket-1234567/vpclab-verify.txt - --region ap-northeast-2") {
		t.Errorf("bucket script %q", f.sent[0])
	}
}

func TestChecksFailWhenTheLabMisbehaves(t *testing.T) {
	for name, tc := range map[string]struct {
		f    *fakeSSM
		out  Outputs
		fail string
	}{
		"internet reachable": {&fakeSSM{online: true, answers: map[string]answer{"aws s3 ls": {stdout: "vpclab-verify"}, "https://aws.amazon.com": {stdout: "REACHED"}}},
			s3Outputs(), "no way to the internet"},
		"bucket denied": {&fakeSSM{online: true, answers: map[string]answer{"aws s3 ls": {fail: true}, "https://aws.amazon.com": {stdout: "BLOCKED"}}},
			s3Outputs(), "lab bucket through the endpoint"},
		"NAT not used": {&fakeSSM{online: true, answers: map[string]answer{"checkip": {stdout: "52.1.2.3\n"}}},
			Outputs{"lab": "nat-bastion", "region": "ap-northeast-2", "privateInstanceId": "i-0abc", "ssmCommand": "x", "natPublicIps": []any{"3.34.1.1"}},
			"egress through the NAT gateway"},
		"public DNS answer": {&fakeSSM{online: true, answers: map[string]answer{"getent": {stdout: "52.95.193.83\n"}, "https://aws.amazon.com": {stdout: "BLOCKED"}}},
			Outputs{"lab": "gateway-vs-interface", "region": "ap-northeast-2", "vpcCidr": "10.0.0.0/16", "privateInstanceId": "i-0abc", "ssmCommand": "x",
				"privateDnsServices": []any{"cloudformation"}}, "cloudformation.ap-northeast-2.amazonaws.com resolves inside the VPC"},
		"wrong page": {&fakeSSM{online: true, answers: map[string]answer{"curl -s -m 10 http://vpce-": {stdout: "<html><h1>It works!</h1></html>"}}},
			Outputs{"lab": "privatelink", "region": "ap-northeast-2", "privateInstanceId": "i-0abc", "ssmCommand": "x",
				"consumerEndpointDns": "vpce-0a-b.vpce-svc-0c.ap-northeast-2.vpce.amazonaws.com", "webPages": []any{"Endpoint Service Lab - CloudNeta Web Server 1"}},
			"web page through PrivateLink"},
		"agent offline": {&fakeSSM{online: false}, s3Outputs(), "instance registered with Systems Manager"},
		"regional NAT without internet": {&fakeSSM{online: true, answers: map[string]answer{"checkip": {stdout: ""}}},
			Outputs{"lab": "nat-bastion", "region": "ap-northeast-2", "privateInstanceId": "i-0abc", "ssmCommand": "x", "natMode": "regional", "natPublicIps": []any{}},
			"egress through the NAT gateway"},
	} {
		rs := runner(tc.f).Run(context.Background(), tc.out)
		failed := false
		for _, r := range rs {
			if r.Check == tc.fail {
				failed = !r.Pass
			} else if !r.Pass {
				t.Errorf("%s: unexpected %s", name, r)
			}
		}
		if !failed {
			t.Errorf("%s: %q did not fail:\n%s", name, tc.fail, summary(rs))
		}
	}
}

func TestEachLabGetsItsChecks(t *testing.T) {
	for name, tc := range map[string]struct {
		out    Outputs
		fake   map[string]answer
		checks []string
	}{
		"ssm": {Outputs{"lab": "ssm", "region": "ap-northeast-2", "vpcCidr": "10.10.0.0/23", "privateInstanceId": "i-0abc", "ssmCommand": "x",
			"privateDnsServices": []any{"ssm", "ssmmessages", "ec2messages"}},
			map[string]answer{"getent": {stdout: "10.10.0.12\n10.10.1.40\n"}, "https://aws.amazon.com": {stdout: "BLOCKED"}},
			[]string{"instance registered with Systems Manager", "no way to the internet", "ssm.ap-northeast-2.amazonaws.com resolves inside the VPC",
				"ssmmessages.ap-northeast-2.amazonaws.com resolves inside the VPC", "ec2messages.ap-northeast-2.amazonaws.com resolves inside the VPC"}},
		"privatelink": {Outputs{"lab": "privatelink", "region": "ap-northeast-2", "privateInstanceId": "i-0abc", "ssmCommand": "x",
			"consumerEndpointDns": "vpce-0a-b.vpce-svc-0c.ap-northeast-2.vpce.amazonaws.com", "webPages": []any{"Endpoint Service Lab - CloudNeta Web Server 1", "Endpoint Service Lab - CloudNeta Web Server 2"}},
			map[string]answer{"curl": {stdout: "<html><h1>Endpoint Service Lab - CloudNeta Web Server 2</h1></html>"}},
			[]string{"instance registered with Systems Manager", "web page through PrivateLink"}},
		"nat-bastion": {Outputs{"lab": "nat-bastion", "region": "ap-northeast-2", "privateInstanceId": "i-0abc", "ssmCommand": "x", "natPublicIps": []any{"3.34.1.1"}},
			map[string]answer{"checkip": {stdout: "3.34.1.1\n"}},
			[]string{"instance registered with Systems Manager", "egress through the NAT gateway"}},
		// A regional NAT gateway in auto mode: the stack knows no address yet.
		"nat-bastion regional": {Outputs{"lab": "nat-bastion", "region": "ap-northeast-2", "privateInstanceId": "i-0abc", "ssmCommand": "x",
			"natMode": "regional", "natPublicIps": []any{}},
			map[string]answer{"checkip": {stdout: "3.35.7.7\n"}},
			[]string{"instance registered with Systems Manager", "egress through the NAT gateway"}},
	} {
		rs := runner(&fakeSSM{online: true, answers: tc.fake}).Run(context.Background(), tc.out)
		var got []string
		for _, r := range rs {
			got = append(got, r.Check)
			if !r.Pass {
				t.Errorf("%s: %s", name, r)
			}
		}
		if strings.Join(got, "|") != strings.Join(tc.checks, "|") {
			t.Errorf("%s checks %v, want %v", name, got, tc.checks)
		}
	}
}

func TestSSHOnlyStacksAreToldHowToEnableVerification(t *testing.T) {
	out := s3Outputs()
	delete(out, "ssmCommand")
	f := &fakeSSM{online: true}
	rs := runner(f).Run(context.Background(), out)
	if len(rs) != 1 || rs[0].Pass || !strings.Contains(rs[0].Detail, "vpclab:access=both") || len(f.sent) != 0 {
		t.Errorf("ssh-only stack: %v (sent %v)", rs, f.sent)
	}
}

func TestCommandsThatNeverFinishTimeOut(t *testing.T) {
	f := &fakeSSM{online: true, pending: 100, answers: map[string]answer{"": {stdout: "x"}}}
	r := runner(f)
	if _, err := r.shell(context.Background(), "i-0abc", "true"); err == nil || !strings.Contains(err.Error(), "no result after 5 polls") {
		t.Errorf("err %v", err)
	}
}
