package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/vpclab/vpclab/sim"
)

// Exit codes, the same for every command.
const (
	exitOK      = 0 // done; for verify: every expectation met
	exitFailed  = 1 // the stack does not build (bad configuration), a check failed, or AWS/Pulumi could not be reached
	exitUsage   = 2 // unknown command, flag or step argument, or a missing argument
	helpSummary = `vpclab works with the labs offline, against a simulated AWS; only verify talks to AWS.

usage: vpclab <command> [flags] <arguments>   (flags may come before or after the arguments)

commands:
%s
Run vpclab <command> --help for a command's flags.

exit codes: 0 done (verify: every expectation met); 1 the stack does not build, an
expectation was not met, or AWS could not be reached; 2 unknown command, flag or step argument.
`
)

// command is one vpclab subcommand.
type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"plan", "what a stack builds: resource tree, diagram, cost, guardrails", runPlan},
		{"steps", "a lab's guide steps, what each changes, and what the guide's checks show", runSteps},
		{"diff", "what moving a stack from one step to another adds, changes, replaces and removes", runDiff},
		{"labs", "every lab with its guide, steps and hourly cost", runLabs},
		{"verify", "run the guide's checks on a deployed stack (needs AWS credentials)", runVerify},
		{"rehearse", "serve the simulated AWS to your own Pulumi CLI: pulumi up/destroy a lab for free", runRehearse},
	}
}

func overview() string {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	return fmt.Sprintf(helpSummary, b.String())
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, overview())
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && args[0] == "help" {
			return run([]string{args[1], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, overview())
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "vpclab: unknown command %q\n\n%s", args[0], overview())
	return exitUsage
}

// newFlags is a command's flag set; its usage text goes to stderr on a usage
// error and to stdout on --help.
func newFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse reads flags anywhere among the arguments (Go's flag package stops at
// the first argument that is not a flag) and returns the arguments in order;
// "--" ends the flags. help is true after -h or --help, whose usage went to stdout.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) (positional []string, help bool, err error) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return nil, true, nil
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, errors.Is(err, flag.ErrHelp), err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, false, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(positional, rest...), false, nil
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
}

// configFlags collects repeated --config key=value flags.
type configFlags map[string]string

func (c configFlags) String() string { return fmt.Sprint(map[string]string(c)) }
func (c configFlags) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want key=value, got %q", s)
	}
	c[k] = v
	return nil
}

// checkFormat reports a --format the command does not print.
func checkFormat(cmd, format string, stderr io.Writer, allowed ...string) bool {
	for _, a := range allowed {
		if a == format {
			return true
		}
	}
	fmt.Fprintf(stderr, "vpclab %s: --format %q: use %s\n", cmd, format, strings.Join(allowed, ", "))
	return false
}

// stackFlags are the flags plan, steps and diff share: --dir, --config and
// --format, and a fixed number of positional arguments led by the stack.
type stackFlags struct {
	*flag.FlagSet
	name, usage string
	dir         *string
	overrides   configFlags
	format      *string
}

func newStackFlags(name, usage, configHelp, formats string, stderr io.Writer) *stackFlags {
	s := &stackFlags{FlagSet: newFlags(name, usage, stderr), name: name, usage: usage, overrides: configFlags{}}
	s.dir = s.String("dir", ".", "directory holding Pulumi.yaml and the stack files")
	s.Var(s.overrides, "config", configHelp)
	s.format = s.String("format", "text", formats)
	return s
}

// parseArgs parses args and checks the format and the count of positional
// arguments. When done is true the command ends with code (help shown, or a
// usage error reported).
func (s *stackFlags) parseArgs(args []string, npos int, stdout, stderr io.Writer, formats ...string) (pos []string, code int, done bool) {
	pos, help, err := parse(s.FlagSet, args, stdout)
	switch {
	case help:
		return nil, exitOK, true
	case err != nil:
		return nil, exitUsage, true
	case !checkFormat(s.name, *s.format, stderr, formats...):
		return nil, exitUsage, true
	case len(pos) != npos:
		stacks, _ := sim.Stacks(*s.dir)
		fmt.Fprintf(stderr, "%sstacks: %s\n", s.usage, strings.Join(stacks, ", "))
		return nil, exitUsage, true
	}
	return pos, exitOK, false
}
