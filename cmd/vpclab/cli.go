package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit codes, the same for every command.
const (
	exitOK      = 0 // done; for verify: every check passed
	exitFailed  = 1 // the stack does not build (bad configuration), a check failed, or AWS/Pulumi could not be reached
	exitUsage   = 2 // unknown command, flag or step argument, or a missing argument
	helpSummary = `vpclab works with the labs offline, against a simulated AWS; only verify talks to AWS.

usage: vpclab <command> [flags] <arguments>   (flags may come before or after the arguments)

commands:
%s
Run vpclab <command> --help for a command's flags.

exit codes: 0 done (verify: every check passed); 1 the stack does not build, a check
failed, or AWS could not be reached; 2 unknown command, flag or step argument.
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
	}
}

func overview() string {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-7s %s\n", c.name, c.summary)
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
