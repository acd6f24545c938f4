package cli

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/sim/awsprovider"
)

const rehearseUsage = `usage: vpclab rehearse [--port N] [--state DIR] [--patience D] [--eip-auth-failure]

Serves the simulated AWS as Pulumi's aws provider, so you can walk a lab with
your own Pulumi CLI — pulumi up, pulumi config set vpclab:step, pulumi stack
output, pulumi destroy — with no AWS account and at no cost. It prints the
commands to run in another terminal, then one line per operation it answers,
until you stop it (Ctrl-C). Nothing reaches AWS; what it holds is gone when
it stops.

flags:
`

// rehearseCommands is what a learner runs in another terminal, for a POSIX
// shell and for PowerShell.
const rehearseCommands = `Nothing you run against it reaches AWS, and it costs nothing. Its resources live in
this process: stop it (Ctrl-C) and they are gone. The state directory below is only for
rehearsals: never use it, or these settings, with real AWS credentials.

In another terminal, in the vpclab directory (bash/zsh):

  export PULUMI_BACKEND_URL="file://%[2]s"
  export PULUMI_CONFIG_PASSPHRASE=rehearsal
  export PULUMI_DEBUG_PROVIDERS=aws:%[1]d
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true   # nothing to download

PowerShell:

  $env:PULUMI_BACKEND_URL = "file://%[2]s"
  $env:PULUMI_CONFIG_PASSPHRASE = "rehearsal"
  $env:PULUMI_DEBUG_PROVIDERS = "aws:%[1]d"
  $env:PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true"

Then walk a lab (nat-bastion here; vpclab labs lists them all):

  pulumi login                                # uses PULUMI_BACKEND_URL
  pulumi stack select --create nat-bastion
  pulumi config set vpclab:step 1             # the guide's first step
  pulumi up --yes
  pulumi config set vpclab:step 2
  pulumi up --yes                             # what the step adds, as the guide does
  pulumi stack output
  pulumi destroy --yes
  pulumi stack rm --yes --preserve-config nat-bastion   # keeps the shipped stack file

pulumi stack select --create and pulumi config set write into Pulumi.<stack>.yaml (an
encryptionsalt, the step); "git checkout Pulumi.nat-bastion.yaml" restores the shipped
file. When you are done, unset the four variables (or close the terminal) before you
run Pulumi against real AWS.

Operations (one line each):
`

func runRehearse(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("rehearse", rehearseUsage, stderr)
	port := fs.Int("port", 0, "the port to listen on (0: any free port)")
	state := fs.String("state", defaultRehearsalState(), "the local Pulumi state directory for rehearsals")
	patience := fs.Duration("patience", time.Minute, "how long a delete AWS refuses, and the provider retries, waits for what blocks it")
	releaseRace := fs.Bool("eip-auth-failure", false, "refuse the first release of an Elastic IP right after its NAT gateway is deleted, with AuthFailure, as AWS can; run the command again to finish")
	positional, help, err := parse(fs, args, stdout)
	switch {
	case help:
		return ExitOK
	case err != nil:
		return ExitUsage
	case len(positional) > 0:
		return noArguments("rehearse", rehearseUsage, positional, i18n.FromEnv(), stderr)
	}
	dir, err := filepath.Abs(*state)
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		fmt.Fprintf(stderr, "vpclab rehearse: state directory: %v\n", err)
		return ExitFailed
	}
	stop := Interrupted()
	srv, err := startRehearsal(*port, *patience, *releaseRace, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab rehearse: %v\n", err)
		return ExitFailed
	}
	fmt.Fprintf(stdout, "vpclab rehearse: a simulated AWS serves the aws provider on 127.0.0.1:%d.\n", srv.Port)
	if *releaseRace {
		fmt.Fprintln(stdout, i18n.FromEnv().Pick(
			"--eip-auth-failure: the first release of an Elastic IP right after its NAT gateway is deleted fails with AuthFailure, as on AWS; run the same pulumi command again and it succeeds.",
			"--eip-auth-failure: NAT 게이트웨이를 삭제한 직후 그 Elastic IP의 첫 해제는 AWS에서처럼 AuthFailure로 실패합니다. 같은 pulumi 명령을 다시 실행하면 성공합니다."))
	}
	fmt.Fprintf(stdout, rehearseCommands, srv.Port, filepath.ToSlash(dir))

	select {
	case <-stop:
		fmt.Fprintln(stdout, "vpclab rehearse: stopped; the simulated resources are gone (run pulumi stack rm --force to forget them in the rehearsal state).")
		srv.Stop()
		return ExitOK
	case err := <-srv.Done:
		if err != nil {
			fmt.Fprintf(stderr, "vpclab rehearse: %v\n", err)
			return ExitFailed
		}
		return ExitOK
	}
}

// startRehearsal serves the simulated aws provider and prints each
// operation it answers on out, one line each.
func startRehearsal(port int, patience time.Duration, releaseRace bool, out io.Writer) (*awsprovider.Server, error) {
	version, err := awsprovider.Version()
	if err != nil {
		return nil, err
	}
	p := awsprovider.New(version)
	p.Patience = patience
	p.ReleaseRace = releaseRace
	var mu sync.Mutex
	p.Observe = func(region string, op sim.Operation) {
		if op.Op == "read" && op.Err == nil {
			return // refresh reads every resource; the changes are what matter
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(out, "  %s %s\n", region, op)
	}
	return awsprovider.Serve(p, port)
}

// Interrupted delivers Ctrl-C and SIGTERM; tests deliver their own.
var Interrupted = func() <-chan os.Signal {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	return stop
}

// defaultRehearsalState keeps rehearsal state apart from any real one.
func defaultRehearsalState() string {
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".vpclab", "rehearsal-state")
	}
	return ".vpclab-rehearsal-state"
}
