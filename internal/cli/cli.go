package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/suggest"
)

// Exit codes, the same for every command.
const (
	ExitOK     = 0 // done; for verify: every expectation met
	ExitFailed = 1 // the stack does not build (bad configuration), a check failed, or AWS/Pulumi could not be reached
	ExitUsage  = 2 // unknown command, flag or step argument, or a missing argument
)

// Command is one vpclab subcommand.
type Command struct {
	Name    string
	Summary i18n.Msg
	run     func(args []string, lang i18n.Lang, stdout, stderr io.Writer) int
}

// Commands are vpclab's subcommands, in the order the overview lists them.
func Commands() []Command {
	return []Command{
		{"plan", i18n.SummaryPlan, runPlan},
		{"steps", i18n.SummarySteps, runSteps},
		{"diff", i18n.SummaryDiff, runDiff},
		{"labs", i18n.SummaryLabs, runLabs},
		{"verify", i18n.SummaryVerify, runVerify},
		{"rehearse", i18n.SummaryRehearse, runRehearse},
	}
}

func overview(lang i18n.Lang) string {
	var b strings.Builder
	for _, c := range Commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.Name, lang.T(c.Summary))
	}
	return lang.T(i18n.HelpOverview, b.String())
}

// langOf is the language a command line asks for: --lang (or -lang) among
// the arguments, else the environment's. The help and the flags' own
// messages are written before the flags are parsed, so it is read first.
func langOf(args []string) i18n.Lang {
	lang := i18n.FromEnv()
	for i, a := range args {
		if a == "--" {
			break
		}
		v, ok := "", false
		switch {
		case a == "--lang" || a == "-lang":
			if i+1 < len(args) {
				v, ok = args[i+1], true
			}
		case strings.HasPrefix(a, "--lang="), strings.HasPrefix(a, "-lang="):
			_, v, ok = strings.Cut(a, "=")
		}
		if l, err := i18n.Parse(v); ok && err == nil {
			lang = l
		}
	}
	return lang
}

// Run runs the vpclab command with its arguments (os.Args[1:]) and returns
// its exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	lang := langOf(args)
	// Messages from Go's flag package reach the learner through stderr;
	// the catalogue's patterns put them in the learner's language.
	stderr = localizing{stderr, lang}
	if len(args) == 0 {
		fmt.Fprint(stderr, overview(lang))
		return ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && args[0] == "help" && !strings.HasPrefix(args[1], "-") {
			return Run(append([]string{args[1], "--help"}, args[2:]...), stdout, stderr)
		}
		fmt.Fprint(stdout, overview(lang))
		return ExitOK
	}
	for _, c := range Commands() {
		if c.Name == args[0] {
			return c.run(args[1:], lang, stdout, stderr)
		}
	}
	names := make([]string, 0, len(Commands()))
	for _, c := range Commands() {
		names = append(names, c.Name)
	}
	fmt.Fprint(stderr, lang.T(i18n.CmdUnknown, args[0], didYouMean(args[0], names, lang), overview(lang)))
	return ExitUsage
}

// didYouMean is "; did you mean X?" for the nearest candidate, or "".
func didYouMean(typed string, candidates []string, lang i18n.Lang) string {
	if best, ok := suggest.Nearest(typed, candidates); ok {
		return lang.T(i18n.CmdDidYouMean, best)
	}
	return ""
}

// localizing writes through the catalogue's patterns: what other packages
// (Go's flag package, errors from below) wrote in English reaches a Korean
// reader in Korean.
type localizing struct {
	w    io.Writer
	lang i18n.Lang
}

func (l localizing) Write(p []byte) (int, error) {
	if l.lang == i18n.En {
		return l.w.Write(p)
	}
	if _, err := io.WriteString(l.w, i18n.Localize(l.lang, string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// newFlags is a command's flag set; its usage text goes to stderr on a usage
// error and to stdout on --help.
func newFlags(name, usage string, lang i18n.Lang, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		printDefaults(fs, lang)
	}
	return fs
}

// printDefaults lists the flags as the usage line writes them, --name (Go's
// flag package prints -name, and takes both).
func printDefaults(fs *flag.FlagSet, lang i18n.Lang) {
	fs.VisitAll(func(f *flag.Flag) {
		name, help := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		line += "\n    \t" + strings.ReplaceAll(help, "\n", "\n    \t")
		if f.DefValue != "" && f.DefValue != "map[]" {
			line += lang.T(i18n.CmdDefault, f.DefValue)
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
		return errors.New(i18n.En.T(i18n.CmdWantKV, s))
	}
	c[k] = v
	return nil
}

// checkFormat reports a --format the command does not print.
func checkFormat(cmd, format string, lang i18n.Lang, stderr io.Writer, allowed ...string) bool {
	for _, a := range allowed {
		if a == format {
			return true
		}
	}
	fmt.Fprint(stderr, lang.T(i18n.CmdFormat, cmd, format, strings.Join(allowed, ", ")))
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

func newStackFlags(name string, usage, configHelp, formats i18n.Msg, lang i18n.Lang, stderr io.Writer) *stackFlags {
	s := &stackFlags{FlagSet: newFlags(name, lang.T(usage), lang, stderr), name: name, usage: lang.T(usage), overrides: configFlags{}, lang: lang}
	s.dir = s.String("dir", ".", lang.T(i18n.FlagDir))
	s.Var(s.overrides, "config", lang.T(configHelp))
	s.format = s.String("format", "text", lang.T(formats))
	s.Var(&langFlag{&s.lang}, "lang", lang.T(i18n.FlagLang))
	return s
}

// langFlag is --lang: en or ko.
type langFlag struct{ l *i18n.Lang }

// String is empty: the default comes from the environment, said in langHelp.
func (f *langFlag) String() string { return "" }

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
// Both separators count: a path copied from Windows Explorer
// (C:\Users\me\vpclab\Pulumi.nat-bastion.yaml) is a path on every system.
func stackArg(arg string, dir *string) string {
	i := strings.LastIndexAny(arg, `/\`)
	base := arg[i+1:]
	if !strings.HasPrefix(base, "Pulumi.") || !strings.HasSuffix(base, ".yaml") || base == "Pulumi.yaml" {
		return arg
	}
	if i >= 0 && *dir == "." {
		*dir = arg[:max(i, 1)] // "/Pulumi.x.yaml" is in "/"
	}
	return strings.TrimSuffix(strings.TrimPrefix(base, "Pulumi."), ".yaml")
}

// dirProblem says what is wrong with the folder the stacks are read from
// (--dir, or the folder of a stack file given as a path), or "".
func dirProblem(dir string, lang i18n.Lang) string {
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		return lang.T(i18n.DirMissing, dir)
	case !info.IsDir():
		return lang.T(i18n.DirIsFile, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "Pulumi.yaml")); err != nil {
		return lang.T(i18n.DirNoProject, dir)
	}
	return ""
}

// argsWanted says what each command takes, for a usage error.
var argsWanted = map[string]i18n.Msg{"plan": i18n.CmdPlanArgs, "steps": i18n.CmdStepsArgs, "diff": i18n.CmdDiffArgs}

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
	case !checkFormat(s.name, *s.format, s.lang, stderr, formats...):
		return nil, ExitUsage, true
	case len(pos) != npos:
		stacks, _ := sim.Stacks(*s.dir)
		got := s.lang.T(i18n.CmdNoArgs)
		if len(pos) > 0 {
			got = s.lang.T(i18n.CmdGotArgs, len(pos), strings.Join(pos, " "))
		}
		fmt.Fprintf(stderr, "vpclab %s: %s; %s\n\n%s%s: %s\n", s.name, s.lang.T(argsWanted[s.name]), s.lang.T(i18n.CmdGot, got),
			s.usage, s.lang.T(i18n.CmdStacks), strings.Join(stacks, ", "))
		return nil, ExitUsage, true
	}
	pos[0] = stackArg(pos[0], s.dir)
	if msg := dirProblem(*s.dir, s.lang); msg != "" {
		fmt.Fprintf(stderr, "vpclab %s: %s\n", s.name, msg)
		return nil, ExitUsage, true
	}
	stacks, err := sim.Stacks(*s.dir)
	if err == nil && !slices.Contains(stacks, pos[0]) {
		fmt.Fprintf(stderr, "vpclab %s: %s%s\n%s: %s\n", s.name, s.lang.T(i18n.CmdNoStack, pos[0], pos[0], *s.dir),
			didYouMean(pos[0], stacks, s.lang), s.lang.T(i18n.CmdStacks), strings.Join(stacks, ", "))
		return nil, ExitUsage, true
	}
	return pos, ExitOK, false
}

// noArguments reports a command that takes no arguments but was given some,
// with its usage, and returns the usage exit code.
func noArguments(cmd, usage string, got []string, lang i18n.Lang, stderr io.Writer) int {
	fmt.Fprintf(stderr, "vpclab %s: %s\n\n%s", cmd, lang.T(i18n.CmdTakesNone, strings.Join(got, " ")), usage)
	return ExitUsage
}
