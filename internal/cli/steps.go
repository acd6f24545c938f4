package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/vpclab/vpclab/cost"
	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// Simulate runs a stack of dir with overrides against the simulated AWS, as
// every command does. Tests replace it to share runs between tests; a
// Result is only read.
var Simulate = func(dir, stack string, overrides map[string]string) (*sim.Result, error) {
	return sim.LoadAndRun(dir, stack, overrides, labs.Program)
}

// stackLab runs a stack as configured and returns its lab and run.
func stackLab(dir, stack string, overrides map[string]string) (labs.Lab, *sim.Result, error) {
	res, err := Simulate(dir, stack, overrides)
	if err != nil {
		return labs.Lab{}, nil, err
	}
	name, _ := res.Exports["lab"].(string)
	lab, ok := labs.LabByName(name)
	if !ok {
		return labs.Lab{}, nil, fmt.Errorf("lab %q has no steps", name)
	}
	return lab, res, nil
}

// runAt runs the stack at one step (0-based), with extra overrides.
func runAt(dir, stack string, lab labs.Lab, step int, overrides ...map[string]string) (*sim.Result, error) {
	o := map[string]string{}
	for _, m := range overrides {
		maps.Copy(o, m)
	}
	o["step"] = lab.Steps[step].Name
	res, err := Simulate(dir, stack, o)
	if err != nil {
		return nil, fmt.Errorf("step %d %s: %w", step+1, lab.Steps[step].Name, err)
	}
	return res, nil
}

// pinned lists the step keys the stack's own config sets although its lab's
// steps change them: every step keeps the stack's value.
func pinned(dir, stack string, lab labs.Lab, overrides map[string]string) []string {
	st, err := sim.Load(dir, stack, overrides)
	if err != nil {
		return nil
	}
	var out []string
	for _, k := range labs.StepKeys() {
		v := st.Config[labs.Namespace+":"+k]
		varies := false
		for i := range lab.Steps {
			varies = varies || lab.Value(i, k) != lab.Value(0, k)
		}
		if v != labs.StepDefault && varies {
			out = append(out, fmt.Sprintf("%s=%s", k, v))
		}
	}
	return out
}

// StepJSON is one step of `vpclab steps --format json`.
type StepJSON struct {
	Number    int               `json:"number"`
	Name      string            `json:"name"`
	Title     string            `json:"title"`
	TitleKo   string            `json:"titleKo"`
	Guide     string            `json:"guide"`
	GuideKo   string            `json:"guideKo"`
	Sets      map[string]string `json:"sets"`
	Resources int               `json:"resources"`
	HourlyUSD float64           `json:"hourlyUsd"`
	// CostComplete is false when something has no price: HourlyUSD is then a lower bound.
	CostComplete bool         `json:"costComplete"`
	Changes      []ChangeJSON `json:"changes"` // against the step before; [] for the first
	Expect       []ExpectJSON `json:"expect"`
}

// ChangeJSON is one resource a step touches.
type ChangeJSON struct {
	Op       string   `json:"op"`
	Type     string   `json:"type"`
	Name     string   `json:"name"`
	Summary  string   `json:"summary,omitempty"`
	Paths    []string `json:"paths,omitempty"`
	Replaces []string `json:"replaces,omitempty"` // the paths that force the replacement
}

// ExpectJSON is a guide check and the result the guide expects.
type ExpectJSON struct {
	Check   string `json:"check"`
	Want    string `json:"want"`
	Title   string `json:"title"`
	TitleKo string `json:"titleKo"`
	Guide   string `json:"guide"`
}

// StepsJSON is the `vpclab steps --format json` document.
type StepsJSON struct {
	Stack   string     `json:"stack"`
	Lab     string     `json:"lab"`
	Seed    string     `json:"seed"`
	Title   string     `json:"title"`
	TitleKo string     `json:"titleKo"`
	Current int        `json:"current"` // the step the stack builds as configured
	Pinned  []string   `json:"pinned"`  // step keys the stack sets itself
	Steps   []StepJSON `json:"steps"`
}

func runSteps(args []string, lang i18n.Lang, stdout, stderr io.Writer) int {
	fs := newStackFlags("steps", i18n.UsageSteps, i18n.FlagConfig, i18n.FlagFormatTJ, lang, stderr)
	pos, code, done := fs.parseArgs(args, 1, stdout, stderr, "text", "json")
	if done {
		return code
	}
	dir, overrides, format := fs.dir, fs.overrides, fs.format
	stack := pos[0]
	doc, err := stepsDoc(*dir, stack, overrides, fs.lang)
	if err != nil {
		fail(stderr, fs.lang, "steps "+stack, err)
		return ExitFailed
	}
	if *format == "json" {
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			fail(stderr, fs.lang, "steps "+stack, err)
			return ExitFailed
		}
		fmt.Fprintln(stdout, string(b))
		return ExitOK
	}
	fmt.Fprint(stdout, renderSteps(doc, fs.lang))
	return ExitOK
}

// stepsDoc runs the stack at every step of its lab and diffs consecutive steps.
func stepsDoc(dir, stack string, overrides map[string]string, lang i18n.Lang) (StepsJSON, error) {
	lab, res, err := stackLab(dir, stack, overrides)
	if err != nil {
		return StepsJSON{}, err
	}
	prices := cost.MustLoad()
	cur, _ := res.Exports["stepNumber"].(int)
	doc := StepsJSON{Stack: stack, Lab: lab.Name, Seed: lab.Seed, Title: lab.Title, TitleKo: lab.TitleKo, Current: cur,
		Pinned: pinned(dir, stack, lab, overrides)}
	if doc.Pinned == nil {
		doc.Pinned = []string{}
	}
	var prev *sim.Graph
	for i, s := range lab.Steps {
		r, err := runAt(dir, stack, lab, i, overrides)
		if err != nil {
			return StepsJSON{}, err
		}
		sj := StepJSON{Number: i + 1, Name: s.Name, Title: s.Title, TitleKo: s.TitleKo, Guide: s.Guide, GuideKo: s.GuideKo, Sets: map[string]string{},
			Resources: r.Graph.Len(), Changes: []ChangeJSON{}}
		c := Estimate(r, prices)
		sj.HourlyUSD, sj.CostComplete = c.Hourly, c.Complete
		for k, v := range s.Sets {
			if i == 0 || lab.Value(i-1, k) != v {
				sj.Sets[k] = v
			}
		}
		if prev != nil {
			d := sim.Diff(prev, r.Graph)
			for _, rd := range d.Resources {
				sj.Changes = append(sj.Changes, changeJSON(rd, prev, r.Graph, lang))
			}
		}
		for _, e := range s.Expect {
			c, _ := labs.CheckByID(e.Check)
			sj.Expect = append(sj.Expect, ExpectJSON{Check: e.Check, Want: string(e.Want), Title: c.Title, TitleKo: c.TitleKo, Guide: c.Guide})
		}
		doc.Steps = append(doc.Steps, sj)
		prev = r.Graph
	}
	return doc, nil
}

func changeJSON(rd sim.ResourceDiff, from, to *sim.Graph, lang i18n.Lang) ChangeJSON {
	cj := ChangeJSON{Op: string(rd.Op), Type: rd.Type, Name: rd.Name, Summary: summarize(rd, from, to, lang)}
	for _, c := range rd.Changes {
		cj.Paths = append(cj.Paths, c.Path)
		if c.Replaces {
			cj.Replaces = append(cj.Replaces, c.Path)
		}
	}
	return cj
}

// summarize describes a created resource in the graph it joins and a deleted
// one in the graph it leaves, as the plan's tree does.
func summarize(rd sim.ResourceDiff, from, to *sim.Graph, lang i18n.Lang) string {
	switch rd.Op {
	case sim.OpCreate:
		return describe(to, rd.New, lang)
	case sim.OpDelete:
		return describe(from, rd.Old, lang)
	}
	return ""
}

var opSymbol = map[string]string{"create": "+", "update": "~", "replace": "+-", "delete": "-", "same": "="}

// stepCost prints a step's hourly cost, "≥" when something has no price.
func stepCost(s StepJSON) string {
	c := cost.Costs{Complete: s.CostComplete}
	return c.USD(s.HourlyUSD, 4)
}

// outcome is how a guide check's expected result reads: in Korean "됨" or
// "안 됨" under a heading that says they are what the guide expects, so a
// check expected to fail does not read as an error.
func outcome(want string, lang i18n.Lang) string {
	if want == "pass" {
		return lang.T(i18n.StepsPass)
	}
	return lang.T(i18n.StepsFail)
}

func renderSteps(doc StepsJSON, lang i18n.Lang) string {
	var b strings.Builder
	ko := lang == i18n.Ko
	// English shows the guide's Korean title under its own; Korean shows
	// the guide's title alone.
	title, other := doc.Title, doc.TitleKo
	if ko {
		title, other = doc.TitleKo, ""
	}
	b.WriteString(wrap(lang.T(i18n.StepsHead, doc.Stack, doc.Lab, i18n.Localize(lang, doc.Seed), title), termWidth, "  "))
	if other != "" {
		b.WriteString(wrap(other, termWidth, "  "))
	}
	b.WriteString("\n")
	cur := doc.Steps[doc.Current-1].Name
	b.WriteString(wrap(lang.T(i18n.StepsBuilds, doc.Current, cur, doc.Stack), termWidth, ""))
	if len(doc.Pinned) > 0 {
		b.WriteString(wrap(lang.T(i18n.StepsPinned, strings.Join(doc.Pinned, ", ")), termWidth, ""))
	}
	width := 0
	for _, s := range doc.Steps {
		for _, e := range s.Expect {
			width = max(width, len(e.Check))
		}
	}
	for _, s := range doc.Steps {
		b.WriteString("\n")
		if ko {
			b.WriteString(wrap(fmt.Sprintf("%d. %s: %s", s.Number, s.Name, s.TitleKo), termWidth, "   "))
			b.WriteString(wrap(fmt.Sprintf("   (%s)", s.GuideKo), termWidth, "     "))
		} else {
			b.WriteString(wrap(fmt.Sprintf("%d. %s: %s", s.Number, s.Name, s.Title), termWidth, "   "))
			b.WriteString(wrap(fmt.Sprintf("   %s (%s)", s.TitleKo, s.Guide), termWidth, "     "))
		}
		var sets []string
		for _, k := range slices.Sorted(maps.Keys(s.Sets)) {
			sets = append(sets, k+"="+s.Sets[k])
		}
		if len(sets) > 0 {
			b.WriteString(wrap(lang.T(i18n.StepsSets, strings.Join(sets, " ")), termWidth, "        "))
		}
		if s.Number == 1 {
			b.WriteString(wrap(lang.T(i18n.StepsFirst, s.Resources, stepCost(s)), termWidth, "     "))
		} else {
			counts := map[string]int{}
			for _, c := range s.Changes {
				counts[c.Op]++
			}
			b.WriteString(wrap(lang.T(i18n.StepsFrom, s.Number-1, counts["create"], counts["update"], counts["replace"], counts["delete"], s.Resources, stepCost(s)), termWidth, "     "))
			for _, c := range s.Changes {
				line := fmt.Sprintf("     %-2s %s %s", opSymbol[c.Op], shortType(c.Type), c.Name)
				switch {
				case c.Summary != "":
					line += "  " + c.Summary
				case len(c.Replaces) > 0:
					line += "  " + lang.T(i18n.StepsReplaced) + strings.Join(c.Replaces, ", ")
				case len(c.Paths) > 0:
					line += "  " + strings.Join(c.Paths, ", ")
				}
				b.WriteString(wrap(strings.TrimRight(line, " "), termWidth, "          "))
			}
		}
		b.WriteString(lang.T(i18n.StepsChecks))
		for _, e := range s.Expect {
			check := e.Title
			if ko && e.TitleKo != "" {
				check = e.TitleKo
			}
			o := outcome(e.Want, lang)
			o += strings.Repeat(" ", max(0, 5-columns(o)))
			b.WriteString(wrap(fmt.Sprintf("     %s %-*s  %s", o, width, e.Check, check), termWidth, strings.Repeat(" ", 13+width)))
		}
	}
	return b.String()
}

// DiffJSON is the `vpclab diff --format json` document.
type DiffJSON struct {
	Stack     string         `json:"stack"`
	From      StepRef        `json:"from"`
	To        StepRef        `json:"to"`
	Resources []DiffResource `json:"resources"`
	Counts    map[string]int `json:"counts"`
}

// StepRef names a step.
type StepRef struct {
	Number int    `json:"number"`
	Name   string `json:"name"`
}

// DiffResource is one resource the move touches.
type DiffResource struct {
	Op      string         `json:"op"`
	Type    string         `json:"type"`
	Name    string         `json:"name"`
	Summary string         `json:"summary,omitempty"`
	Changes []DiffProperty `json:"changes,omitempty"`
	// Unknown: no replacement rules are known for the type.
	Unknown bool `json:"unknown,omitempty"`
}

// DiffProperty is one changed input.
type DiffProperty struct {
	Path     string `json:"path"`
	Old      any    `json:"old"`
	New      any    `json:"new"`
	Replaces bool   `json:"replaces,omitempty"`
	Rule     string `json:"rule,omitempty"`   // the condition under which it replaces
	Source   string `json:"source,omitempty"` // the provider schema that says so
	Ignored  bool   `json:"ignored,omitempty"`
	From     string `json:"from,omitempty"` // the replaced resource its new value comes from
}

func runDiff(args []string, lang i18n.Lang, stdout, stderr io.Writer) int {
	fs := newStackFlags("diff", i18n.UsageDiff, i18n.FlagConfigAll, i18n.FlagFormatTJ, lang, stderr)
	toOverrides := configFlags{}
	fs.Var(toOverrides, "to-config", lang.T(i18n.FlagToConfig))
	pos, code, done := fs.parseArgs(args, 3, stdout, stderr, "text", "json")
	if done {
		return code
	}
	dir, overrides, format := fs.dir, fs.overrides, fs.format
	stack := pos[0]
	lab, _, err := stackLab(*dir, stack, overrides)
	if err != nil {
		fail(stderr, fs.lang, "diff "+stack, err)
		return ExitFailed
	}
	var idx [2]int
	for i, sel := range pos[1:] {
		if idx[i], err = lab.StepIndex(sel); err != nil || sel == "" {
			var names []string
			for _, st := range lab.Steps {
				names = append(names, st.Name)
			}
			fmt.Fprintf(stderr, "vpclab diff %s: %s%s\n", stack, fs.lang.T(i18n.DiffStep, sel, lab.Name, lab.StepList()), didYouMean(sel, names, fs.lang))
			return ExitUsage
		}
	}
	from, err := runAt(*dir, stack, lab, idx[0], overrides)
	if err != nil {
		fail(stderr, fs.lang, "diff "+stack, err)
		return ExitFailed
	}
	to, err := runAt(*dir, stack, lab, idx[1], overrides, toOverrides)
	if err != nil {
		fail(stderr, fs.lang, "diff "+stack, err)
		return ExitFailed
	}
	doc := diffDoc(stack, lab, idx, from.Graph, to.Graph, fs.lang)
	if *format == "json" {
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			fail(stderr, fs.lang, "diff "+stack, err)
			return ExitFailed
		}
		fmt.Fprintln(stdout, string(b))
		return ExitOK
	}
	fmt.Fprint(stdout, renderDiff(doc, toOverrides, fs.lang))
	return ExitOK
}

func diffDoc(stack string, lab labs.Lab, idx [2]int, fromG, toG *sim.Graph, lang i18n.Lang) DiffJSON {
	d := sim.Diff(fromG, toG)
	doc := DiffJSON{Stack: stack, From: StepRef{idx[0] + 1, lab.Steps[idx[0]].Name}, To: StepRef{idx[1] + 1, lab.Steps[idx[1]].Name},
		Resources: []DiffResource{}, Counts: map[string]int{}}
	names := map[string]string{}
	for _, rd := range d.Resources {
		names[rd.URN] = rd.Name
	}
	for _, rd := range d.Resources {
		doc.Counts[string(rd.Op)]++
		dr := DiffResource{Op: string(rd.Op), Type: rd.Type, Name: rd.Name, Unknown: rd.Unknown, Summary: summarize(rd, fromG, toG, lang)}
		for _, c := range rd.Changes {
			p := DiffProperty{Path: c.Path, Old: plainValue(c.Old), New: plainValue(c.New), Replaces: c.Replaces, Rule: c.Rule, Ignored: c.Ignored}
			if c.Replaces {
				p.Source = c.Source
			}
			if c.From != "" {
				p.From = names[c.From]
				p.New = nil
			}
			dr.Changes = append(dr.Changes, p)
		}
		doc.Resources = append(doc.Resources, dr)
	}
	return doc
}

func renderDiff(doc DiffJSON, toOverrides map[string]string, lang i18n.Lang) string {
	var b strings.Builder
	b.WriteString(lang.T(i18n.DiffHead, doc.Stack, doc.From.Number, doc.From.Name, doc.To.Number, doc.To.Name))
	if len(toOverrides) > 0 {
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(toOverrides)) {
			kv = append(kv, k+"="+toOverrides[k])
		}
		b.WriteString(lang.T(i18n.DiffWith, strings.Join(kv, " ")))
	}
	b.WriteString("\n\n")
	if len(doc.Resources) == 0 {
		b.WriteString(lang.T(i18n.DiffNoChanges))
	}
	words := map[string]i18n.Msg{"create": i18n.DiffCreate, "update": i18n.DiffUpdate, "replace": i18n.DiffReplace, "delete": i18n.DiffDelete, "same": i18n.DiffSame}
	for _, r := range doc.Resources {
		fmt.Fprintf(&b, "%-2s %s %s  (%s)\n", opSymbol[r.Op], shortType(r.Type), r.Name, lang.T(words[r.Op]))
		if r.Summary != "" {
			b.WriteString(wrap("     "+r.Summary, termWidth, "       "))
		}
		if r.Unknown {
			b.WriteString(wrap(lang.T(i18n.DiffUnknown, r.Type), termWidth, "       "))
		}
		for _, c := range r.Changes {
			renderProperty(&b, c, lang)
		}
	}
	b.WriteString("\n" + lang.T(i18n.DiffCounts, doc.Counts["create"], doc.Counts["update"], doc.Counts["replace"], doc.Counts["delete"]))
	return b.String()
}

func renderProperty(b *strings.Builder, c DiffProperty, lang i18n.Lang) {
	var note string
	switch {
	case c.Ignored:
		note = lang.T(i18n.DiffIgnored)
	case c.Replaces && c.Rule != "":
		note = lang.T(i18n.DiffForcesRule, i18n.Localize(lang, c.Rule))
	case c.Replaces:
		note = lang.T(i18n.DiffForces)
	}
	newText := formatValue(c.New, lang)
	if c.From != "" {
		newText = lang.T(i18n.DiffKnownOnce, c.From)
	}
	oldDoc, oldOK := jsonDoc(c.Old)
	newDoc, newOK := jsonDoc(c.New)
	if oldOK && newOK && c.From == "" {
		fmt.Fprintf(b, "     %s:%s\n", c.Path, note)
		for _, l := range lineDiff(oldDoc, newDoc, 2) {
			fmt.Fprintf(b, "         %s\n", l)
		}
	} else {
		b.WriteString(wrap(fmt.Sprintf("     %s: %s → %s%s", c.Path, formatValue(c.Old, lang), newText, note), termWidth, "         "))
	}
	if c.Source != "" {
		fmt.Fprintf(b, "         %s %s\n", lang.T(i18n.DiffSource), c.Source)
	}
}

// runLabs lists every stack with its lab, guide, steps and hourly cost per
// step. A stack file that does not build is reported and the others listed.
func runLabs(args []string, lang i18n.Lang, stdout, stderr io.Writer) int {
	usage := lang.T(i18n.UsageLabs)
	fs := newFlags("labs", usage, lang, stderr)
	dir := fs.String("dir", ".", lang.T(i18n.FlagDir))
	format := fs.String("format", "text", lang.T(i18n.FlagFormatTJ))
	fs.Var(&langFlag{&lang}, "lang", lang.T(i18n.FlagLang))
	pos, help, err := parse(fs, args, stdout)
	switch {
	case help:
		return ExitOK
	case err != nil:
		return ExitUsage
	case !checkFormat("labs", *format, lang, stderr, "text", "json"):
		return ExitUsage
	case len(pos) != 0:
		return noArguments("labs", usage, pos, lang, stderr)
	}
	if msg := dirProblem(*dir, lang); msg != "" {
		fmt.Fprintf(stderr, "vpclab labs: %s\n", msg)
		return ExitUsage
	}
	stacks, err := sim.Stacks(*dir)
	if err != nil || len(stacks) == 0 {
		fmt.Fprintf(stderr, "vpclab labs: %s\n", lang.T(i18n.LabsNoStacks, *dir))
		return ExitFailed
	}
	docs := []StepsJSON{}
	broken := 0
	for _, stack := range stacks {
		doc, err := stepsDoc(*dir, stack, nil, lang)
		if err != nil {
			fail(stderr, lang, "labs: "+stack, err)
			broken++
			continue
		}
		docs = append(docs, doc)
	}
	if *format == "json" {
		b, err := json.MarshalIndent(docs, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "vpclab labs: %v\n", err)
			return ExitFailed
		}
		fmt.Fprintln(stdout, string(b))
	} else {
		fmt.Fprint(stdout, renderLabs(docs, lang))
	}
	if broken > 0 {
		return ExitFailed
	}
	return ExitOK
}

// renderLabs lists the labs as plain text for a terminal: each stack, its
// guide in both languages, and its steps with the hourly cost of each.
func renderLabs(docs []StepsJSON, lang i18n.Lang) string {
	var b strings.Builder
	for _, d := range docs {
		b.WriteString(wrap(lang.T(i18n.LabsLine, d.Stack, d.Lab, i18n.Localize(lang, d.Seed)), termWidth, "    "))
		if lang == i18n.Ko {
			b.WriteString(wrap("    "+d.TitleKo, termWidth, "      "))
		} else {
			b.WriteString(wrap("    "+d.Title+" / "+d.TitleKo, termWidth, "      "))
		}
		for _, s := range d.Steps {
			mark := " "
			if s.Number == d.Current {
				mark = "*"
			}
			b.WriteString(fmt.Sprintf("  %s %d %-20s %s\n", mark, s.Number, s.Name, lang.T(i18n.LabsPerHour, stepCost(s))))
		}
		b.WriteString("\n")
	}
	b.WriteString(wrap(lang.T(i18n.LabsFooter), termWidth, "   "))
	return b.String()
}
