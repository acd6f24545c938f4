package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/labs"
)

// Bad configuration through the real CLI: each fails with a message naming
// the key (or the AWS rule), and nothing is created.
func TestBadConfigurationFailsBeforeAnythingExists(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	w := newWorkspace(t, repo)
	s := w.inline(ctx, "nat-bastion", "vpclab", labs.Program)
	for _, tc := range []struct {
		name, key, value string
		path             bool
		want             []string
	}{
		{"a value of the wrong type for a typed key", "vpclab:flowLogs", "maybe", false, []string{"configuration key 'flowLogs'", "boolean"}},
		{"an unknown step", "vpclab:step", "9", false, []string{`vpclab:step = "9"`, "steps are 1 vpc-and-bastion, 2 nat-gateway"}},
		{"the whole internet as an admin address", "vpclab:adminCidrs[0]", "0.0.0.0/0", true, []string{"vpclab:adminCidrs[0]", "0.0.0.0/0"}},
		// The Name tags the prefix makes land on IAM resources too, whose tag
		// rule refuses the apostrophe: the rule is named with its source.
		{"a name prefix AWS's tag rules refuse", "vpclab:namePrefix", "Lab's", false, []string{"vpclab:namePrefix", "iam.tag.value", "https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := &auto.ConfigOptions{Path: tc.path}
			shipped, err := s.GetConfigWithOptions(ctx, tc.key, opts)
			had := err == nil
			if err := s.SetConfigWithOptions(ctx, tc.key, auto.ConfigValue{Value: tc.value}, opts); err != nil {
				t.Fatal(err)
			}
			// Put the shipped value back, so each case breaks one thing only.
			defer func() {
				if had {
					err = s.SetConfigWithOptions(ctx, tc.key, shipped, opts)
				} else {
					err = s.RemoveConfigWithOptions(ctx, tc.key, opts)
				}
				if err != nil {
					t.Fatal(err)
				}
			}()
			var out strings.Builder
			_, err = s.Up(ctx, optup.ProgressStreams(&out), optup.ErrorProgressStreams(&out))
			if err == nil {
				t.Fatal("up succeeded")
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error()+out.String(), want) {
					t.Errorf("the failure does not say %q:\n%s", want, lastLines(out.String(), 15))
				}
			}
			nothingCreated(ctx, t, w, s)
		})
	}
}

// A value AWS's input rules refuse reaches the provider's Check when the
// program does not judge it first (raw pulumi-aws here): the engine reports
// the check failure with the rule, the value and the source. A preview
// creates nothing (the provider's Create answers previews without judging),
// so the refusal it reports is Check's.
func TestProviderCheckFailureUnderTheEngine(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	w := newWorkspace(t, repo)
	s := w.inline(ctx, "dev", "vpclab", func(ctx *pulumi.Context) error {
		vpc, err := ec2.NewVpc(ctx, "vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")})
		if err != nil {
			return err
		}
		_, err = ec2.NewSecurityGroup(ctx, "bastion", &ec2.SecurityGroupArgs{VpcId: vpc.ID(), Description: pulumi.String("Bob's bastion")})
		return err
	})
	var out strings.Builder
	_, err := s.Preview(ctx, optpreview.ProgressStreams(&out))
	if err == nil {
		t.Fatal("preview succeeded")
	}
	for _, want := range []string{"ec2.sg.description", `"Bob's bastion"`, "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html"} {
		if !strings.Contains(err.Error()+out.String(), want) {
			t.Errorf("the check failure does not say %q:\n%s", want, lastLines(out.String(), 15))
		}
	}
	nothingCreated(ctx, t, w, s)
}

// nothingCreated: the simulated account is empty and the stack holds no resource.
func nothingCreated(ctx context.Context, t *testing.T, w *workspace, s auto.Stack) {
	t.Helper()
	account, err := w.aws.Account("ap-northeast-2") // the stacks' region
	if err != nil {
		t.Fatal(err)
	}
	if left := account.Resources(); len(left) > 0 {
		t.Errorf("%d resources were created: %v", len(left), left[0])
	}
	if state := exported(ctx, t, s); strings.Contains(string(state.Deployment), "aws:ec2") {
		t.Error("the stack's state holds aws resources")
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
