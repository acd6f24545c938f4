package engine_test

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"example.com/vpclab-consumer/network"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
)

// vpclabPlugin starts the vpclab plugin package (built from provider/) on
// a port the engine attaches to.
func vpclabPlugin(t *testing.T, bin string) int {
	t.Helper()
	cmd := exec.Command(bin)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// A provider plugin prints the port it serves on as its first line.
	first, err := bufio.NewReader(out).ReadString('\n')
	port, convErr := strconv.Atoi(strings.TrimSpace(first))
	if err != nil || convErr != nil {
		t.Fatalf("the vpclab plugin did not print its port: %q %v", first, err)
	}
	return port
}

// examples/yaml under the real engine: pulumi-language-yaml runs the
// program, the vpclab plugin (attached) constructs the components, and
// their aws resources go to the simulated AWS.
func TestYAMLExampleUnderTheEngine(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	w := newWorkspace(t, filepath.Join(repo, "examples", "yaml"))
	// One plugin process for every operation, as a learner attaches it
	// (docs/rehearsal.md): `pulumi up` is two deployments, the preview and
	// the update, and the plugin must serve both (provider/deployments.go).
	bin := pluginBinary(t)
	w.plugins["vpclab"] = vpclabPlugin(t, bin)
	// The package path in Pulumi.yaml is relative to the example: point the
	// copy at the same directory.
	provider, _ := filepath.Abs(filepath.Join(repo, "provider"))
	project := filepath.Join(w.dir, "Pulumi.yaml")
	b, err := os.ReadFile(project)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "vpclab: ../../provider") {
		t.Fatalf("examples/yaml no longer names the plugin as ../../provider:\n%s", b)
	}
	if err := os.WriteFile(project, []byte(strings.ReplaceAll(string(b), "vpclab: ../../provider", "vpclab: "+provider)), 0o644); err != nil {
		t.Fatal(err)
	}
	s := w.local(ctx, "dev")
	if err := s.SetConfig(ctx, "aws:region", auto.ConfigValue{Value: "ap-northeast-2"}); err != nil {
		t.Fatal(err)
	}
	exampleLifecycle(ctx, t, w, s, "ap-northeast-2", []string{"vpcId", "instanceId", "ssmEndpointIds"})
}

// examples/consumer, the Go project that imports the components, under the
// real engine as an inline program.
func TestGoConsumerUnderTheEngine(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	w := newWorkspace(t, filepath.Join(repo, "examples", "consumer"))
	s := w.inline(ctx, "dev", "vpclab-consumer", network.Program)
	exampleLifecycle(ctx, t, w, s, "ap-northeast-2", []string{"vpcId", "instanceId"})
}

// exampleLifecycle deploys as `pulumi up` does (a preview that plans what
// the update does, then the update), re-deploys as a no-op and destroys,
// and checks the stack outputs as the CLI prints them.
func exampleLifecycle(ctx context.Context, t *testing.T, w *workspace, s auto.Stack, region string, outputs []string) {
	t.Helper()
	created, res := previewUp(ctx, t, s)
	if len(creates(created)) == 0 {
		t.Error("the first up created nothing")
	}
	for _, k := range outputs {
		v, ok := res.Outputs[k]
		if !ok || v.Value == nil {
			t.Errorf("stack output %s is missing: %v", k, res.Outputs)
		}
	}
	if id, _ := res.Outputs["vpcId"].Value.(string); !regexp.MustCompile(`^vpc-0[0-9a-f]{16}$`).MatchString(id) {
		t.Errorf("vpcId output %q is not a VPC ID", id)
	}
	if again, _ := previewUp(ctx, t, s); again.summary()["same"] != len(again) {
		t.Errorf("a second up changed %v", notSame(again))
	}
	destroy(ctx, t, s)
	account, err := w.aws.Account(region)
	if err != nil {
		t.Fatal(err)
	}
	if left := account.Resources(); len(left) > 0 {
		t.Errorf("destroy left %d resources, the first %v", len(left), left[0])
	}
	t.Logf("created %d resources, then destroyed them", created.summary()["create"])
}
