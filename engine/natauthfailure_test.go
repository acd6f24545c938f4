package engine_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/vpclab/vpclab/labs"
)

// What docs/labs/nat-bastion.md tells a learner, under the real engine:
// with the simulated AWS refusing the first release of an Elastic IP right
// after its NAT gateway is deleted (vpclab rehearse --eip-auth-failure),
// going back to step 1 fails once with AuthFailure, and running the same
// pulumi up again finishes it.
func TestNatStepRemovalFailsOnceThenSucceeds(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	w := newWorkspace(t, repo)
	w.aws.ReleaseRace = true
	s := w.inline(ctx, "nat-bastion", "vpclab", labs.Program)
	up(ctx, t, s) // the shipped step: nat-gateway
	if err := s.SetConfig(ctx, "vpclab:step", auto.ConfigValue{Value: "vpc-and-bastion"}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Up(ctx, optup.ProgressStreams(io.Discard))
	if err == nil || !strings.Contains(err.Error(), "AuthFailure") {
		t.Fatalf("the first up without NAT: %v, want the Elastic IP's release refused with AuthFailure", err)
	}
	again, _ := up(ctx, t, s)
	released := false
	for urn, ch := range again {
		released = released || strings.HasSuffix(urn, "aws:ec2/eip:Eip::network-public-0-nat-eip") && ch == "delete"
	}
	if !released {
		t.Errorf("the second up: %v, want it to release network-public-0-nat-eip", again)
	}
	if left, _ := up(ctx, t, s); left.summary()["same"] != len(left) {
		t.Errorf("a third up changed %v", notSame(left))
	}
	destroy(ctx, t, s)
}
