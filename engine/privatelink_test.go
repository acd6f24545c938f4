package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// privatelink from the accepted connection back to step 3 and forward
// again, as it would go on AWS: deleting the accepter rejects the
// connection, so going back replaces the consumer endpoint with a new one
// whose request is pending, as the guide's step 3 shows; going forward
// accepts it.
func TestPrivateLinkStepsBackAndForthAcrossAcceptance(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	w := newWorkspace(t, repo)
	s := w.inline(ctx, "privatelink", "vpclab", labs.Program)
	up(ctx, t, s)
	account, err := w.aws.Account("ap-northeast-2")
	if err != nil {
		t.Fatal(err)
	}
	consumer := func() *sim.Resource {
		t.Helper()
		var found *sim.Resource
		for _, r := range account.Resources() {
			if r.Type == "aws:ec2/vpcEndpoint:VpcEndpoint" && r.Name == "custom-consumer-endpoint" {
				found = r
			}
		}
		if found == nil {
			t.Fatal("no consumer endpoint")
		}
		return found
	}
	accepted := consumer()
	if s := accepted.Out("state"); s != "available" {
		t.Fatalf("at step 4 the connection is %s, want available", s)
	}
	setStep := func(step string) changes {
		t.Helper()
		if err := s.SetConfig(ctx, "vpclab:step", auto.ConfigValue{Value: step}); err != nil {
			t.Fatal(err)
		}
		got, _ := up(ctx, t, s)
		return got
	}

	back := setStep("consumer-endpoint")
	pending := consumer()
	if pending.ID == accepted.ID || pending.Out("state") != "pendingAcceptance" {
		t.Errorf("back at step 3: endpoint %s is %s, want a new endpoint pendingAcceptance (the accepted one was %s)", pending.ID, pending.Out("state"), accepted.ID)
	}
	if back.summary()["replace"] != 1 || back.summary()["delete"] != 1 {
		t.Errorf("4 → 3: %v, want the accepter deleted and the consumer endpoint replaced", back.summary())
	}

	forward := setStep("accepted")
	again := consumer()
	if again.ID != pending.ID || again.Out("state") != "available" {
		t.Errorf("forward to step 4: endpoint %s is %s, want %s available", again.ID, again.Out("state"), pending.ID)
	}
	if f := forward.summary(); f["create"] != 1 || f["update"] != 1 || f["replace"] != 0 {
		t.Errorf("3 → 4: %v, want the accepter created and the endpoint retagged", f)
	}
	destroy(ctx, t, s)
}
