package integration

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/verify"
)

// ssmTrio lets verify reach instances in subnets without NAT.
const ssmTrio = `["ssm","ssmmessages","ec2messages"]`

// cases deploy each stack file with Session Manager switched on, since verify
// runs its checks through SSM Run Command.
var cases = []struct {
	stack     string
	overrides map[string]string
}{
	{"nat-bastion", map[string]string{"access": "both"}},
	{"s3-gateway", map[string]string{"access": "both", "interfaceEndpoints": ssmTrio}},
	{"ssm", nil},
	{"gateway-vs-interface", map[string]string{"access": "both", "interfaceEndpoints": `["cloudformation","ssm","ssmmessages","ec2messages"]`}},
	{"privatelink", map[string]string{"access": "both", "interfaceEndpoints": ssmTrio}},
}

// prerequisites skips the test, saying what is missing, unless a real deploy can run.
func prerequisites(t *testing.T) string {
	t.Helper()
	var missing []string
	if os.Getenv("VPCLAB_INTEGRATION") != "1" {
		missing = append(missing, "VPCLAB_INTEGRATION=1 (these tests create billed AWS resources)")
	}
	if _, err := exec.LookPath("pulumi"); err != nil {
		missing = append(missing, "the pulumi CLI on PATH")
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		missing = append(missing, "AWS_REGION")
	}
	if os.Getenv("AWS_ACCESS_KEY_ID") == "" && os.Getenv("AWS_PROFILE") == "" && os.Getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == "" {
		missing = append(missing, "AWS credentials (AWS_ACCESS_KEY_ID or AWS_PROFILE)")
	}
	if len(missing) > 0 {
		t.Skipf("skipping the real-AWS lab test: missing %s", strings.Join(missing, ", "))
	}
	return region
}

// awsSDK is the pulumi-aws Go SDK the labs are built with.
const awsSDK = "github.com/pulumi/pulumi-aws/sdk/v7"

// awsPluginVersion is the version of the pulumi-aws SDK this module builds
// with, as the go command selects it: the engine must run the aws resource
// plugin of that version. (Test binaries carry no module list to read it from.)
func awsPluginVersion() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", awsSDK).Output()
	if err != nil {
		return "", fmt.Errorf("go list -m %s: %w", awsSDK, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// The plugin the tests install is the one the root module pins (offline).
func TestAWSPluginVersionIsTheRootModules(t *testing.T) {
	v, err := awsPluginVersion()
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gomod), "\t"+awsSDK+" "+v+"\n") {
		t.Errorf("the test binary has %s %s, which ../go.mod does not require", awsSDK, v)
	}
}

func TestLabsUpVerifyDestroy(t *testing.T) {
	region := prerequisites(t)
	plugin, err := awsPluginVersion()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.stack, func(t *testing.T) {
			ctx := context.Background()
			overrides := map[string]string{"aws:region": region}
			for k, v := range tc.overrides {
				overrides[k] = v
			}
			// The stack file merged with Pulumi.yaml exactly as the offline plan does.
			st, err := sim.Load("..", tc.stack, overrides)
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("it-%s-%06d", tc.stack, rand.IntN(1_000_000))
			stack, err := auto.UpsertStackInlineSource(ctx, name, "vpclab", labs.Program, auto.EnvVars(map[string]string{
				"PULUMI_BACKEND_URL":       "file://" + t.TempDir(),
				"PULUMI_CONFIG_PASSPHRASE": "vpclab-integration",
			}))
			if err != nil {
				t.Fatal(err)
			}
			cfg := auto.ConfigMap{}
			for k, v := range st.Config {
				cfg[k] = auto.ConfigValue{Value: v}
			}
			if err := stack.SetAllConfig(ctx, cfg); err != nil {
				t.Fatal(err)
			}
			// The aws plugin of the SDK's own version, not whatever is newest.
			if err := stack.Workspace().InstallPlugin(ctx, "aws", plugin); err != nil {
				t.Fatalf("installing the aws plugin %s: %v", plugin, err)
			}
			t.Cleanup(func() {
				if _, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stdout)); err != nil {
					t.Errorf("destroy %s: %v — delete its resources by hand (tag Stack=%s)", name, err, name)
					return
				}
				_ = stack.Workspace().RemoveStack(ctx, name)
			})
			up, err := stack.Up(ctx, optup.ProgressStreams(os.Stdout))
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			outputs := verify.Outputs{}
			for k, v := range up.Outputs {
				outputs[k] = v.Value
			}
			awsCfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
			if err != nil {
				t.Fatal(err)
			}
			runner := &verify.Runner{Client: ssm.NewFromConfig(awsCfg)}
			// The SSM agent registers a minute or two after boot.
			var results []verify.Result
			for deadline := time.Now().Add(6 * time.Minute); ; time.Sleep(20 * time.Second) {
				results = runner.Run(ctx, outputs)
				if results[0].Pass || time.Now().After(deadline) {
					break
				}
			}
			for _, r := range results {
				t.Log(r)
				if !r.Pass {
					t.Errorf("%s", r)
				}
			}
		})
	}
}
