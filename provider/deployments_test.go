package main

import (
	"context"
	"errors"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
)

// The engine sends Cancel at the end of each deployment; an attached plugin
// serves the next one too (`pulumi up`: preview, then update). Cancel
// cancels the Construct in flight, and a Construct after it runs.
func TestCancelEndsOneDeploymentOnly(t *testing.T) {
	started := make(chan struct{}, 2)
	prov := servesManyDeployments(p.Provider{
		Construct: func(ctx context.Context, req p.ConstructRequest) (p.ConstructResponse, error) {
			started <- struct{}{}
			took := 5 * time.Second // the first: runs until cancelled
			if req.Urn != "" {
				took = 100 * time.Millisecond // the next deployment's: done unless cancelled
			}
			select {
			case <-ctx.Done():
				return p.ConstructResponse{}, ctx.Err()
			case <-time.After(took):
				if req.Urn == "" {
					return p.ConstructResponse{}, errors.New("not cancelled")
				}
				return p.ConstructResponse{}, nil
			}
		},
	})
	inFlight := make(chan error)
	go func() {
		_, err := prov.Construct(context.Background(), p.ConstructRequest{})
		inFlight <- err
	}()
	<-started
	if err := prov.Cancel(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := <-inFlight; !errors.Is(err, context.Canceled) {
		t.Errorf("the Construct in flight when Cancel came: %v, want context.Canceled", err)
	}
	if _, err := prov.Construct(context.Background(), p.ConstructRequest{Urn: "urn:pulumi:dev::p::vpclab:index:NetworkBase::core"}); err != nil {
		t.Errorf("a Construct after Cancel (the next deployment): %v", err)
	}
}
