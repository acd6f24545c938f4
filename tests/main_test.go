package tests

import (
	"os"
	"runtime/debug"
	"testing"
)

// TestMain lets the heap grow before collecting: the tests build thousands
// of short-lived simulated graphs on a live heap of about 60 MB, and at the
// default GOGC=100 the collector took a quarter of their CPU time. At 800
// the heap peaks near 130 MB. A GOGC in the environment still wins.
func TestMain(m *testing.M) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(800)
	}
	os.Exit(m.Run())
}
