package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/suggest"
)

// Exit codes, the same for every command.
const (
	ExitOK      = 0 // done; for verify: every expectation met
	ExitFailed  = 1 // the stack does not build (bad configuration), a check failed, or AWS/Pulumi could not be reached
	ExitUsage   = 2 // unknown command, flag or step argument, or a missing argument
	helpSummary = `vpclab works with the labs offline, against a simulated AWS; only verify talks to AWS.

usage: vpclab <command> [flags] <arguments>   (flags may come before or after the arguments)

commands:
%s
Run vpclab <command> --help for a command's flags.

exit codes: 0 done (verify: every expectation met); 1 the stack does not build, an
expectation was not met, or AWS could not be reached; 2 unknown command, flag or step argument.
`
)

// Command is one vpclab subcommand.
type Command struct {
	Name, Summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

// Commands are vpclab's subcommands, in the order the overview lists them.
func Commands() []Command {
	return []Command{
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
	for _, c := range Commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.Name, c.Summary)
	}
	return fmt.Sprintf(helpSummary, b.String())
}

// Run runs the vpclab command with its arguments (os.Args[1:]) and returns
// its exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, overview())
		return ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && args[0] == "help" {
			return Run([]string{args[1], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, overview())
		return ExitOK
	}
	for _, c := range Commands() {
		if c.Name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	names := make([]string, 0, len(Commands()))
	for _, c := range Commands() {
		names = append(names, c.Name)
	}
	fmt.Fprintf(stderr, "vpclab: unknown command %q%s\n\n%s", args[0], suggest.DidYouMean(args[0], names), overview())
	return ExitUsage
}

// newFlags is a command's flag set; its usage text goes to stderr on a usage
// error and to stdout on --help.
func newFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		printDefaults(fs)
	}
	return fs
}

// printDefaults lists the flags as the usage line writes them, --name (Go's
// flag package prints -name, and takes both).
func printDefaults(fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, help := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		line += "\n    \t" + strings.ReplaceAll(help, "\n", "\n    \t")
		if f.DefValue != "" && f.DefValue != "map[]" {
			line += fmt.Sprintf(" (default %q)", f.DefValue)
		}
		fmt.Fprintln(fs.Output(), line)
	})
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

func (c configFlags) String() string { return "" }
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
	lang        i18n.Lang
}

func newStackFlags(name, usage, configHelp, formats string, stderr io.Writer) *stackFlags {
	s := &stackFlags{FlagSet: newFlags(name, usage, stderr), name: name, usage: usage, overrides: configFlags{}, lang: i18n.FromEnv()}
	s.dir = s.String("dir", ".", "the `DIR` holding Pulumi.yaml and the stack files")
	s.Var(s.overrides, "config", configHelp)
	s.format = s.String("format", "text", formats)
	s.Var(&langFlag{&s.lang}, "lang", langHelp)
	return s
}

// langFlag is --lang: en or ko.
type langFlag struct{ l *i18n.Lang }

// String is empty: the default comes from the environment, said in langHelp.
func (f *langFlag) String() string { return "" }

const langHelp = "the language of the output, `en|ko` (default: ko when LC_ALL, LC_MESSAGES or LANG starts with ko, else en)"

func (f *langFlag) Set(s string) error {
	l, err := i18n.Parse(s)
	if err == nil {
		*f.l = l
	}
	return err
}

// stackArg turns what the learner gave for a stack into its name: the stack
// name, or its file (Pulumi.nat-bastion.yaml, also with a directory, which
// then is the directory of the stack files unless --dir says otherwise).
func stackArg(arg string, dir *string) string {
	base := filepath.Base(arg)
	if strings.HasPrefix(base, "Pulumi.") && strings.HasSuffix(base, ".yaml") && base != "Pulumi.yaml" {
		if d := filepath.Dir(arg); d != "." && *dir == "." {
			*dir = d
		}
		return strings.TrimSuffix(strings.TrimPrefix(base, "Pulumi."), ".yaml")
	}
	return arg
}

// argsWanted says what each command takes, for a usage error.
var argsWanted = map[string]string{
	"plan":  "one stack, such as `vpclab plan nat-bastion`",
	"steps": "one stack, such as `vpclab steps nat-bastion`",
	"diff":  "a stack and two steps, such as `vpclab diff gateway-vs-interface 1 2` or `vpclab diff gateway-vs-interface before-endpoints gateway-endpoint`",
}

var argsWantedKo = map[string]string{
	"plan":  "스택 하나를 받습니다. 예: `vpclab plan nat-bastion`",
	"steps": "스택 하나를 받습니다. 예: `vpclab steps nat-bastion`",
	"diff":  "스택 하나와 단계 두 개를 받습니다. 예: `vpclab diff gateway-vs-interface 1 2`",
}

// parseArgs parses args and checks the format and the count of positional
// arguments. When done is true the command ends with code (help shown, or a
// usage error reported).
func (s *stackFlags) parseArgs(args []string, npos int, stdout, stderr io.Writer, formats ...string) (pos []string, code int, done bool) {
	pos, help, err := parse(s.FlagSet, args, stdout)
	switch {
	case help:
		return nil, ExitOK, true
	case err != nil:
		return nil, ExitUsage, true
	case !checkFormat(s.name, *s.format, stderr, formats...):
		return nil, ExitUsage, true
	case len(pos) != npos:
		stacks, _ := sim.Stacks(*s.dir)
		got := s.lang.Pick("no arguments", "인수가 없습니다")
		if len(pos) > 0 {
			got = s.lang.Pick(fmt.Sprintf("%d arguments: %s", len(pos), strings.Join(pos, " ")), fmt.Sprintf("인수 %d개: %s", len(pos), strings.Join(pos, " ")))
		}
		fmt.Fprintf(stderr, "vpclab %s: %s; %s\n\n%s%s: %s\n", s.name, s.lang.Pick("takes "+argsWanted[s.name], argsWantedKo[s.name]), s.lang.Pick("got ", "받은 것: ")+got,
			s.usage, s.lang.Pick("stacks", "스택"), strings.Join(stacks, ", "))
		return nil, ExitUsage, true
	}
	pos[0] = stackArg(pos[0], s.dir)
	stacks, err := sim.Stacks(*s.dir)
	if err == nil && !slices.Contains(stacks, pos[0]) {
		fmt.Fprintf(stderr, "vpclab %s: %s%s\n%s: %s\n", s.name,
			s.lang.Pick(fmt.Sprintf("no stack %q: Pulumi.%s.yaml is not in %s", pos[0], pos[0], *s.dir), fmt.Sprintf("%q 스택이 없습니다: %s에 Pulumi.%s.yaml 파일이 없습니다", pos[0], *s.dir, pos[0])),
			localizeHint(suggest.DidYouMean(pos[0], stacks), s.lang), s.lang.Pick("stacks", "스택"), strings.Join(stacks, ", "))
		return nil, ExitUsage, true
	}
	return pos, ExitOK, false
}

// noArguments reports a command that takes no arguments but was given some,
// with its usage, and returns the usage exit code.
func noArguments(cmd, usage string, got []string, lang i18n.Lang, stderr io.Writer) int {
	fmt.Fprintf(stderr, "vpclab %s: %s %s\n\n%s", cmd, lang.Pick("takes no arguments; got", "인수를 받지 않습니다. 받은 것:"), strings.Join(got, " "), usage)
	return ExitUsage
}
