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

func runRehearse(args []string, lang i18n.Lang, stdout, stderr io.Writer) int {
	usage := lang.T(i18n.UsageRehearse)
	fs := newFlags("rehearse", usage, lang, stderr)
	port := fs.Int("port", 0, lang.T(i18n.FlagPort))
	state := fs.String("state", defaultRehearsalState(), lang.T(i18n.FlagState))
	patience := fs.Duration("patience", time.Minute, lang.T(i18n.FlagPatience))
	releaseRace := fs.Bool("eip-auth-failure", false, lang.T(i18n.FlagEIPAuthFailure))
	fs.Var(&langFlag{&lang}, "lang", lang.T(i18n.FlagLang))
	positional, help, err := parse(fs, args, stdout)
	switch {
	case help:
		return ExitOK
	case err != nil:
		return ExitUsage
	case len(positional) > 0:
		return noArguments("rehearse", usage, positional, lang, stderr)
	}
	dir, err := filepath.Abs(*state)
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		fmt.Fprint(stderr, lang.T(i18n.RehearseStateDir, err))
		return ExitFailed
	}
	stop := Interrupted()
	srv, err := startRehearsal(*port, *patience, *releaseRace, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab rehearse: %v\n", err)
		return ExitFailed
	}
	fmt.Fprint(stdout, lang.T(i18n.RehearseServing, srv.Port))
	if *releaseRace {
		fmt.Fprint(stdout, lang.T(i18n.RehearseEIPAuthFailure))
	}
	fmt.Fprint(stdout, lang.T(i18n.RehearseCommands, srv.Port, filepath.ToSlash(dir)))

	select {
	case <-stop:
		fmt.Fprint(stdout, lang.T(i18n.RehearseStopped))
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
