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
	previewUp(ctx, t, s)
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
	endpoint, accepter := accepted.URN, ""
	for _, r := range account.Resources() {
		if r.Type == "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter" {
			accepter = r.URN
		}
	}
	if s := accepted.Out("state"); s != "available" {
		t.Fatalf("at step 4 the connection is %s, want available", s)
	}
	setStep := func(step string) changes {
		t.Helper()
		if err := s.SetConfig(ctx, "vpclab:step", auto.ConfigValue{Value: step}); err != nil {
			t.Fatal(err)
		}
		got, _ := previewUp(ctx, t, s)
		return got
	}

	back := setStep("consumer-endpoint")
	pending := consumer()
	if pending.ID == accepted.ID || pending.Out("state") != "pendingAcceptance" {
		t.Errorf("back at step 3: endpoint %s is %s, want a new endpoint pendingAcceptance (the accepted one was %s)", pending.ID, pending.Out("state"), accepted.ID)
	}
	if want := (changes{accepter: "delete", endpoint: "replace"}); !sameChanges(back, want) {
		t.Errorf("4 → 3: %v, want %v", notSame(back), want)
	}

	forward := setStep("accepted")
	again := consumer()
	if again.ID != pending.ID || again.Out("state") != "available" {
		t.Errorf("forward to step 4: endpoint %s is %s, want %s available", again.ID, again.Out("state"), pending.ID)
	}
	if want := (changes{accepter: "create", endpoint: "update"}); !sameChanges(forward, want) {
		t.Errorf("3 → 4: %v, want %v", notSame(forward), want)
	}
	destroy(ctx, t, s)
}

// sameChanges: the resources want names changed as it says, and nothing else changed.
func sameChanges(got, want changes) bool {
	for urn, op := range got {
		if op != "same" && want[urn] != op {
			return false
		}
	}
	for urn, op := range want {
		if got[urn] != op {
			return false
		}
	}
	return true
}
