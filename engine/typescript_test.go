package engine_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpclab/vpclab/sim/awsprovider"
)

// The TypeScript examples (examples/typescript) under the real engine. The
// suite itself is TypeScript — examples/typescript/test, run by node's test
// runner — because a Node.js Automation API inline program is the only way
// TypeScript runs here (the CLI's --client talks to the language host inside
// the Node process; pulumi-language-nodejs is not available). This test is
// its launcher, so that the simulated AWS is the engine suite's own: it
// compiles the examples and the suite with the examples' tsc (strict),
// builds the vpclab plugin, serves fresh simulated accounts over a small
// HTTP API on loopback, and runs node --test.
//
// Before it: bash scripts/sdkgen.sh, then npm ci in examples/typescript
// (.ci/run does both).
func TestTypeScriptExamples(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	dir, _ := filepath.Abs(filepath.Join(repo, "examples", "typescript"))
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "node_modules", "@pulumi", "vpclab", "bin", "index.js"))
	}
	if err != nil {
		msg := "needs node and examples/typescript's packages: bash scripts/sdkgen.sh && (cd examples/typescript && npm ci): " + err.Error()
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	bin := tools(t)

	// Compile into a temporary directory: the tests never write into the
	// repository. The compiled files find their packages through NODE_PATH.
	start := time.Now()
	out := t.TempDir()
	tsc := exec.CommandContext(ctx, node, filepath.Join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", filepath.Join(dir, "test"), "--outDir", out)
	if b, err := tsc.CombinedOutput(); err != nil {
		t.Fatalf("tsc -p examples/typescript/test: %v\n%s", err, b)
	}
	tests, err := filepath.Glob(filepath.Join(out, "test", "*.test.js"))
	if err != nil || len(tests) == 0 {
		t.Fatalf("no compiled tests in %s/test: %v", out, err)
	}

	compiled := time.Since(start)
	plugin := pluginBinary(t)
	built := time.Since(start) - compiled
	accounts := httptest.NewServer(simulatedAccounts(t))
	defer accounts.Close()

	// Each test file runs in a process of its own, two at a time: the
	// engine's work is mostly waiting on the plugin and the CLI.
	args := append([]string{"--test", "--test-concurrency=2", "--test-reporter=spec"}, tests...)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = out
	cmd.Env = append(os.Environ(),
		"NODE_PATH="+filepath.Join(dir, "node_modules"),
		"VPCLAB_ACCOUNTS="+accounts.URL,
		"VPCLAB_PLUGIN="+plugin,
		"VPCLAB_TOOLS="+bin,
		"PULUMI_HOME="+pulumiHome(),
		"NO_COLOR=1",
	)
	ran := time.Now()
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, b)
	}
	t.Logf("tsc %s, the plugin's build %s, node --test %s:\n%s", compiled.Round(time.Second/10), built.Round(time.Second/10), time.Since(ran).Round(time.Second/10), b)
}

// simulatedAccounts serves fresh simulated AWS accounts to the TypeScript
// suite, each its own aws provider (simulatedAWS), and what each holds:
//
//	POST /accounts                 → {"id": 0, "port": 12345}
//	GET  /accounts/{id}?region=R   → {"resources": [...], "refusedDeletes": [...]}
func simulatedAccounts(t *testing.T) http.Handler {
	var mu sync.Mutex
	var providers []*awsprovider.Provider
	mux := http.NewServeMux()
	mux.HandleFunc("POST /accounts", func(w http.ResponseWriter, r *http.Request) {
		p, srv, err := serveSimulatedAWS()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		t.Cleanup(srv.Stop)
		mu.Lock()
		providers = append(providers, p)
		id := len(providers) - 1
		mu.Unlock()
		json.NewEncoder(w).Encode(map[string]int{"id": id, "port": srv.Port})
	})
	mux.HandleFunc("GET /accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		mu.Lock()
		ok := err == nil && id >= 0 && id < len(providers)
		var p *awsprovider.Provider
		if ok {
			p = providers[id]
		}
		mu.Unlock()
		if !ok {
			http.Error(w, "no such account", http.StatusNotFound)
			return
		}
		account, err := p.Account(r.URL.Query().Get("region"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		type held struct {
			Type    string         `json:"type"`
			Name    string         `json:"name"`
			URN     string         `json:"urn"`
			ID      string         `json:"id"`
			Outputs map[string]any `json:"outputs"`
		}
		resources := []held{}
		for _, res := range account.Resources() {
			resources = append(resources, held{res.Type, res.Name, res.URN, res.ID, res.Outputs.Mappable()})
		}
		refused := []string{}
		for _, op := range account.Operations() {
			if op.Op == "delete" && op.Err != nil {
				refused = append(refused, strings.TrimSpace(op.String()))
			}
		}
		json.NewEncoder(w).Encode(map[string]any{"resources": resources, "refusedDeletes": refused})
	})
	return mux
}
