package components

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// runInstall runs the retryInstall fragment under bash with fake dnf, sleep
// and logger on PATH: dnf fails the first failures times. It returns the
// number of dnf calls, the seconds slept, stderr and whether it succeeded.
func runInstall(t *testing.T, failures int) (calls, slept int, stderr string, ok bool) {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash on this machine")
	}
	dir := t.TempDir()
	fake := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/bash\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	state := filepath.Join(dir, "state")
	fake("dnf", `n=$(cat "`+state+`.dnf" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "`+state+`.dnf"
[ "$n" -gt `+strconv.Itoa(failures)+` ]`)
	fake("sleep", `s=$(cat "`+state+`.sleep" 2>/dev/null || echo 0); echo $((s+$1)) > "`+state+`.sleep"`)
	fake("logger", `exit 0`)
	cmd := exec.Command(bash, "-c", "set -euo pipefail\n"+retryInstall("httpd")+"echo installed\n")
	cmd.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"))
	var errb strings.Builder
	cmd.Stderr = &errb
	out, runErr := cmd.Output()
	read := func(f string) int {
		b, _ := os.ReadFile(f)
		n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		return n
	}
	ok = runErr == nil && strings.Contains(string(out), "installed")
	return read(state + ".dnf"), read(state + ".sleep"), errb.String(), ok
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
