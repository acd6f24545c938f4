package tests

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// shared runs each configuration of a shipped stack once per test binary
// and hands every caller the same Result: plan, decide, simulate and the
// vpclab commands (through cli.Simulate) ask for the same configurations
// again and again, a third of all runs. A Result must only be read; each
// is fingerprinted when it is made, and TestMain fails the package if one
// has changed by the end.
var shared = &sharedRuns{runs: map[string]*sharedRun{}}

type sharedRuns struct {
	mu   sync.Mutex
	runs map[string]*sharedRun
}

type sharedRun struct {
	once  sync.Once
	res   *sim.Result
	err   error
	print string
}

// run is sim.LoadAndRun(dir, stack, overrides, labs.Program), shared for
// the shipped project's directory; any other directory runs each time.
func (s *sharedRuns) run(dir, stack string, overrides map[string]string) (*sim.Result, error) {
	if dir != projectDir {
		return sim.LoadAndRun(dir, stack, overrides, labs.Program)
	}
	key := stack
	for _, k := range slices.Sorted(maps.Keys(overrides)) {
		key += "\x00" + k + "=" + overrides[k]
	}
	s.mu.Lock()
	r, ok := s.runs[key]
	if !ok {
		r = &sharedRun{}
		s.runs[key] = r
	}
	s.mu.Unlock()
	r.once.Do(func() {
		r.res, r.err = sim.LoadAndRun(dir, stack, overrides, labs.Program)
		r.print = fingerprint(r.res)
	})
	return r.res, r.err
}

// changed names the shared runs whose Result some test has changed.
func (s *sharedRuns) changed() []string {
	var out []string
	for key, r := range s.runs {
		if fingerprint(r.res) != r.print {
			out = append(out, strings.ReplaceAll(key, "\x00", " "))
		}
	}
	slices.Sort(out)
	return out
}

// fingerprint renders everything a Result holds.
func fingerprint(res *sim.Result) string {
	if res == nil {
		return ""
	}
	var b strings.Builder
	for _, r := range res.Graph.Resources {
		fmt.Fprintf(&b, "%+v\n", *r)
	}
	fmt.Fprintf(&b, "%v\n%v\n%+v\n%q\n%+v\n%+v\n", res.Config, res.Exports, res.Invokes, res.Warnings, res.Region, res.Rules)
	return b.String()
}
