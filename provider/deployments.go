package main

import (
	"context"
	"sync"

	p "github.com/pulumi/pulumi-go-provider"
)

// servesManyDeployments lets one plugin process serve deployment after
// deployment, as a plugin the engine attaches to does
// (PULUMI_DEBUG_PROVIDERS; docs/rehearsal.md). The engine sends Cancel when
// each deployment ends, and `pulumi up` is two of them, its preview and the
// update. infer's cancel middleware answers Cancel by cancelling every
// later call at once, so the update's first Construct failed with
// "checking monitor features: … context canceled". Here Cancel cancels
// the calls in flight, as the protocol asks, and the calls that follow run
// under a fresh context. A plugin the engine starts itself is stopped after
// its one deployment, so nothing changes for it.
func servesManyDeployments(prov p.Provider) p.Provider {
	var mu sync.Mutex
	deployment, cancel := context.WithCancel(context.Background())
	prov.Cancel = func(context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		cancel()
		deployment, cancel = context.WithCancel(context.Background())
		return nil
	}
	// within is ctx, also cancelled when the deployment it runs in is.
	within := func(ctx context.Context) (context.Context, func()) {
		mu.Lock()
		d := deployment
		mu.Unlock()
		ctx, stop := context.WithCancel(ctx)
		unhook := context.AfterFunc(d, stop)
		return ctx, func() { unhook(); stop() }
	}
	if construct := prov.Construct; construct != nil {
		prov.Construct = func(ctx context.Context, req p.ConstructRequest) (p.ConstructResponse, error) {
			ctx, done := within(ctx)
			defer done()
			return construct(ctx, req)
		}
	}
	if call := prov.Call; call != nil {
		prov.Call = func(ctx context.Context, req p.CallRequest) (p.CallResponse, error) {
			ctx, done := within(ctx)
			defer done()
			return call(ctx, req)
		}
	}
	if invoke := prov.Invoke; invoke != nil {
		prov.Invoke = func(ctx context.Context, req p.InvokeRequest) (p.InvokeResponse, error) {
			ctx, done := within(ctx)
			defer done()
			return invoke(ctx, req)
		}
	}
	return prov
}
