package tests

import (
	"bufio"
	"context"
	"github.com/vpclab/vpclab/internal/cli"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// vpclab rehearse starts the simulated provider, prints the port and the
// commands that use it, answers the engine's calls, logs each operation,
// and stops on Ctrl-C.
func TestRehearseServesAndSaysHowToUseIt(t *testing.T) {
	stop := make(chan os.Signal, 1)
	orig := cli.Interrupted
	cli.Interrupted = func() <-chan os.Signal { return stop }
	t.Cleanup(func() { cli.Interrupted = orig })
	r, w := io.Pipe()
	state := t.TempDir()
	code := make(chan int, 1)
	go func() {
		code <- cli.Run([]string{"rehearse", "--state", state, "--patience", "1s"}, w, io.Discard)
		w.Close()
	}()

	// Read what it prints as it prints it: the operations log writes as
	// the provider answers.
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var printed strings.Builder
	port := ""
	for line := range lines {
		printed.WriteString(line + "\n")
		if m := regexp.MustCompile(`serves the aws provider on 127\.0\.0\.1:(\d+)\.`).FindStringSubmatch(line); m != nil {
			port = m[1]
		}
		if strings.HasPrefix(line, "Operations") {
			break
		}
	}
	for _, want := range []string{"PULUMI_DEBUG_PROVIDERS=aws:" + port, `PULUMI_BACKEND_URL="file://` + state, "PULUMI_CONFIG_PASSPHRASE=",
		"$env:PULUMI_DEBUG_PROVIDERS = \"aws:" + port, "pulumi config set vpclab:step", "pulumi destroy", "never use it", "--preserve-config"} {
		if !strings.Contains(printed.String(), want) {
			t.Errorf("the instructions lack %q:\n%s", want, printed.String())
		}
	}

	conn, err := grpc.NewClient("127.0.0.1:"+port, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := pulumirpc.NewResourceProviderClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if info, err := c.GetPluginInfo(ctx, &emptypb.Empty{}); err != nil || info.Version == "" {
		t.Fatalf("plugin info: %v %v", info, err)
	}
	args, _ := structpb.NewStruct(map[string]any{"region": "ap-northeast-2"})
	if _, err := c.Configure(ctx, &pulumirpc.ConfigureRequest{Args: args}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Invoke(ctx, &pulumirpc.InvokeRequest{Tok: "aws:index/getRegion:getRegion", Args: &structpb.Struct{}}); err != nil {
		t.Fatal(err)
	}
	if line := <-lines; !strings.Contains(line, "ap-northeast-2 invoke aws:index/getRegion:getRegion") {
		t.Errorf("operation line %q", line)
	}
	stop <- os.Interrupt
	go func() {
		for range lines {
		}
	}()
	if c := <-code; c != cli.ExitOK {
		t.Errorf("exit %d after Ctrl-C", c)
	}
}
