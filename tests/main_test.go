package tests

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/internal/cli"
)

// TestMain fixes the language: vpclab's outputs follow LANG, and the golden
// files under testdata/cli are English unless a case asks for --lang ko (a
// test of the Korean outputs sets its own locale).
//
// The vpclab commands share the package's simulated runs (shared).
//
// It also lets the heap grow before collecting: the tests build thousands
// of short-lived simulated graphs on a live heap of about 60 MB, and at the
// default GOGC=100 the collector took a quarter of their CPU time. At 800
// the heap peaks near 130 MB. A GOGC in the environment still wins.
func TestMain(m *testing.M) {
	os.Setenv("LC_ALL", "en_US.UTF-8")
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(800)
	}
	cli.Simulate = shared.run
	code := m.Run()
	if changed := shared.changed(); len(changed) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: a test changed the shared simulated runs of %s; a Result must only be read\n", strings.Join(changed, "; "))
		code = 1
	}
	os.Exit(code)
}
