package components

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// runInstall runs the retryInstall fragment under bash with dnf, sleep and
// logger replaced by shell functions (no process per call, so the 30-attempt
// case stays fast): dnf fails the first failures times. It returns the
// number of dnf calls, the seconds slept, stderr and whether it succeeded.
func runInstall(t *testing.T, failures int) (calls, slept int, stderr string, ok bool) {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash on this machine")
	}
	fakes := `calls=0; slept=0
trap 'echo "calls=$calls slept=$slept" >&3' EXIT
dnf() { calls=$((calls+1)); [ "$calls" -gt ` + strconv.Itoa(failures) + ` ]; }
sleep() { slept=$((slept+$1)); }
logger() { :; }
`
	cmd := exec.Command(bash, "-c", "set -euo pipefail\n"+fakes+retryInstall("httpd")+"echo installed\n")
	var errb, counts strings.Builder
	cmd.Stderr = &errb
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.ExtraFiles = []*os.File{w} // fd 3
	done := make(chan struct{})
	go func() { b, _ := io.ReadAll(r); counts.Write(b); close(done) }()
	out, runErr := cmd.Output()
	w.Close()
	<-done
	if _, err := fmt.Sscanf(strings.TrimSpace(counts.String()), "calls=%d slept=%d", &calls, &slept); err != nil {
		t.Fatalf("no counts from the fakes (%q): %v; stderr:\n%s", counts.String(), err, errb.String())
	}
	ok = runErr == nil && strings.Contains(string(out), "installed")
	return calls, slept, errb.String(), ok
}

func TestUserDataRetriesPackageInstall(t *testing.T) {
	tests := []struct {
		name      string
		failures  int
		wantCalls int
		wantSlept int
		wantOK    bool
		wantLog   string
	}{
		{"repos reachable at once", 0, 1, 0, true, ""},
		{"route settles after two tries", 2, 3, 2 * dnfRetrySeconds, true, "attempt 2 of 30"},
		{"repos never reachable: bounded, says why", 1000, dnfAttempts, (dnfAttempts - 1) * dnfRetrySeconds, false, "giving up: dnf install httpd failed 30 times over 300 s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, slept, stderr, ok := runInstall(t, tt.failures)
			if calls != tt.wantCalls || slept != tt.wantSlept || ok != tt.wantOK {
				t.Errorf("dnf calls %d, slept %d s, succeeded %v; want %d, %d s, %v\nstderr:\n%s", calls, slept, ok, tt.wantCalls, tt.wantSlept, tt.wantOK, stderr)
			}
			if !strings.Contains(stderr, tt.wantLog) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantLog, stderr)
			}
		})
	}
}

// The web servers' user data installs through the retry loop, before it
// writes the page.
func TestWebUserDataInstallsWithRetry(t *testing.T) {
	ud := webUserData("Endpoint Service Lab", 80)
	i, j := strings.Index(ud, retryInstall("httpd")), strings.Index(ud, "index.html")
	if i < 0 || j < i {
		t.Errorf("web user data does not install httpd through retryInstall before writing the page:\n%s", ud)
	}
	if strings.Contains(strings.Replace(ud, retryInstall("httpd"), "", 1), "dnf install") {
		t.Errorf("web user data has a dnf install outside the retry loop:\n%s", ud)
	}
}
