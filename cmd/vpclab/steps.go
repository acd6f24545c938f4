package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/vpclab/vpclab/cost"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

const stepsUsage = `usage: vpclab steps [--dir DIR] [--config key=value]... [--format text|json] <stack>

Lists the guide steps of the stack's lab: what each step sets, what it
creates, updates, replaces and deletes compared with the step before (from the
simulated graphs), its hourly cost, and the guide's checks with the result the
guide expects at that step. Choose a step with
` + "`pulumi config set vpclab:step <name or number>`" + `.

`

const diffUsage = `usage: vpclab diff [--dir DIR] [--config key=value]... [--to-config key=value]... [--format text|json] <stack> <from-step> <to-step>

Shows what moving the stack from one step to another does, as ` + "`pulumi preview`" + `
would: resources created, updated in place (each changed property, old → new),
replaced, and deleted. A replacement names the property that forces it and the
provider rule. Steps are names or numbers from 1. --config applies to both
steps, --to-config to the second only (to preview a config change, give the
same step twice).

`

const labsUsage = `usage: vpclab labs [--dir DIR] [--format text|json]

Lists every stack in DIR with its lab, the guide it reproduces, the guide's
steps and the hourly cost at each step.

`

// stackLab runs a stack as configured and returns its lab and run.
func stackLab(dir, stack string, overrides map[string]string) (labs.Lab, *sim.Result, error) {
	res, err := sim.LoadAndRun(dir, stack, overrides, labs.Program)
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
	res, err := sim.LoadAndRun(dir, stack, o, labs.Program)
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

func runSteps(args []string, stdout, stderr io.Writer) int {
	fs := newStackFlags("steps", stepsUsage, "override a config value, like pulumi config set (repeatable)", "text or json", stderr)
	pos, code, done := fs.parseArgs(args, 1, stdout, stderr, "text", "json")
	if done {
		return code
	}
	dir, overrides, format := fs.dir, fs.overrides, fs.format
	stack := pos[0]
	doc, err := stepsDoc(*dir, stack, overrides)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab steps %s: %v\n", stack, err)
		return exitFailed
	}
	if *format == "json" {
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "vpclab steps %s: %v\n", stack, err)
			return exitFailed
		}
		fmt.Fprintln(stdout, string(b))
		return exitOK
	}
	fmt.Fprint(stdout, renderSteps(doc))
	return exitOK
}

// stepsDoc runs the stack at every step of its lab and diffs consecutive steps.
func stepsDoc(dir, stack string, overrides map[string]string) (StepsJSON, error) {
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
		sj := StepJSON{Number: i + 1, Name: s.Name, Title: s.Title, TitleKo: s.TitleKo, Guide: s.Guide, Sets: map[string]string{},
			Resources: r.Graph.Len(), Changes: []ChangeJSON{}}
		c := estimate(r, prices)
		sj.HourlyUSD, sj.CostComplete = c.Hourly, c.Complete
		for k, v := range s.Sets {
			if i == 0 || lab.Value(i-1, k) != v {
				sj.Sets[k] = v
			}
		}
		if prev != nil {
			d := sim.Diff(prev, r.Graph)
			for _, rd := range d.Resources {
				sj.Changes = append(sj.Changes, changeJSON(rd, prev, r.Graph))
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

func changeJSON(rd sim.ResourceDiff, from, to *sim.Graph) ChangeJSON {
	cj := ChangeJSON{Op: string(rd.Op), Type: rd.Type, Name: rd.Name, Summary: summarize(rd, from, to)}
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
func summarize(rd sim.ResourceDiff, from, to *sim.Graph) string {
	switch rd.Op {
	case sim.OpCreate:
		return describe(to, rd.New)
	case sim.OpDelete:
		return describe(from, rd.Old)
	}
	return ""
}

// clip shortens a summary to n characters for the steps overview (diff prints it whole).
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

var opSymbol = map[string]string{"create": "+", "update": "~", "replace": "+-", "delete": "-", "same": "="}

func renderSteps(doc StepsJSON) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: lab %s, seed %s: %s\n", doc.Stack, doc.Lab, doc.Seed, doc.Title)
	fmt.Fprintf(&b, "%s\n\n", doc.TitleKo)
	fmt.Fprintf(&b, "The stack builds step %d %s. Choose a step with `pulumi config set vpclab:step <name or number>`;\n", doc.Current, doc.Steps[doc.Current-1].Name)
	fmt.Fprintf(&b, "`vpclab diff %s <from> <to>` shows every property a step changes.\n", doc.Stack)
	if len(doc.Pinned) > 0 {
		fmt.Fprintf(&b, "The stack sets %s itself: every step keeps that value (set it to step to hand it back).\n", strings.Join(doc.Pinned, ", "))
	}
	width := 0
	for _, s := range doc.Steps {
		for _, e := range s.Expect {
			width = max(width, len(e.Check))
		}
	}
	for _, s := range doc.Steps {
		fmt.Fprintf(&b, "\n%d. %s: %s\n", s.Number, s.Name, s.Title)
		fmt.Fprintf(&b, "   %s (%s)\n", s.TitleKo, s.Guide)
		var sets []string
		for _, k := range slices.Sorted(maps.Keys(s.Sets)) {
			sets = append(sets, k+"="+s.Sets[k])
		}
		if len(sets) > 0 {
			fmt.Fprintf(&b, "   sets: %s\n", strings.Join(sets, " "))
		}
		if s.Number == 1 {
			fmt.Fprintf(&b, "   builds %d resources, USD %.4f per hour\n", s.Resources, s.HourlyUSD)
		} else {
			counts := map[string]int{}
			for _, c := range s.Changes {
				counts[c.Op]++
			}
			fmt.Fprintf(&b, "   from step %d: %d to create, %d to update in place, %d to replace, %d to delete; %d resources, USD %.4f per hour\n",
				s.Number-1, counts["create"], counts["update"], counts["replace"], counts["delete"], s.Resources, s.HourlyUSD)
			for _, c := range s.Changes {
				line := fmt.Sprintf("     %-2s %s %s", opSymbol[c.Op], shortType(c.Type), c.Name)
				switch {
				case c.Summary != "":
					line += "  " + clip(c.Summary, 110)
				case len(c.Replaces) > 0:
					line += "  replaced by " + strings.Join(c.Replaces, ", ")
				case len(c.Paths) > 0:
					line += "  " + strings.Join(c.Paths, ", ")
				}
				b.WriteString(strings.TrimRight(line, " ") + "\n")
			}
		}
		b.WriteString("   the guide's checks:\n")
		for _, e := range s.Expect {
			fmt.Fprintf(&b, "     %-4s  %-*s  %s\n", e.Want, width, e.Check, e.Title)
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

func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newStackFlags("diff", diffUsage, "override a config value at both steps, like pulumi config set (repeatable)", "text or json", stderr)
	toOverrides := configFlags{}
	fs.Var(toOverrides, "to-config", "override a config value at the second step only (repeatable)")
	pos, code, done := fs.parseArgs(args, 3, stdout, stderr, "text", "json")
	if done {
		return code
	}
	dir, overrides, format := fs.dir, fs.overrides, fs.format
	stack := pos[0]
	lab, _, err := stackLab(*dir, stack, overrides)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab diff %s: %v\n", stack, err)
		return exitFailed
	}
	var idx [2]int
	for i, sel := range pos[1:] {
		if idx[i], err = lab.StepIndex(sel); err != nil || sel == "" {
			fmt.Fprintf(stderr, "vpclab diff %s: step %q: the %s lab's steps are %s\n", stack, sel, lab.Name, lab.StepList())
			return exitUsage
		}
	}
	from, err := runAt(*dir, stack, lab, idx[0], overrides)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab diff %s: %v\n", stack, err)
		return exitFailed
	}
	to, err := runAt(*dir, stack, lab, idx[1], overrides, toOverrides)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab diff %s: %v\n", stack, err)
		return exitFailed
	}
	doc := diffDoc(stack, lab, idx, from.Graph, to.Graph)
	if *format == "json" {
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "vpclab diff %s: %v\n", stack, err)
			return exitFailed
		}
		fmt.Fprintln(stdout, string(b))
		return exitOK
	}
	fmt.Fprint(stdout, renderDiff(doc, toOverrides))
	return exitOK
}

func diffDoc(stack string, lab labs.Lab, idx [2]int, fromG, toG *sim.Graph) DiffJSON {
	d := sim.Diff(fromG, toG)
	doc := DiffJSON{Stack: stack, From: StepRef{idx[0] + 1, lab.Steps[idx[0]].Name}, To: StepRef{idx[1] + 1, lab.Steps[idx[1]].Name},
		Resources: []DiffResource{}, Counts: map[string]int{}}
	names := map[string]string{}
	for _, rd := range d.Resources {
		names[rd.URN] = rd.Name
	}
	for _, rd := range d.Resources {
		doc.Counts[string(rd.Op)]++
		dr := DiffResource{Op: string(rd.Op), Type: rd.Type, Name: rd.Name, Unknown: rd.Unknown, Summary: summarize(rd, fromG, toG)}
		for _, c := range rd.Changes {
			p := DiffProperty{Path: c.Path, Old: plainValue(c.Old), New: plainValue(c.New), Replaces: c.Replaces, Rule: c.Rule, Ignored: c.Ignored}
			if c.Replaces {
				p.Source = sim.Replacements[rd.Type].Source
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

func renderDiff(doc DiffJSON, toOverrides map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "vpclab diff %s: step %d %s → step %d %s", doc.Stack, doc.From.Number, doc.From.Name, doc.To.Number, doc.To.Name)
	if len(toOverrides) > 0 {
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(toOverrides)) {
			kv = append(kv, k+"="+toOverrides[k])
		}
		fmt.Fprintf(&b, " with %s", strings.Join(kv, " "))
	}
	b.WriteString("\n\n")
	if len(doc.Resources) == 0 {
		b.WriteString("no changes\n")
	}
	words := map[string]string{"create": "create", "update": "update in place", "replace": "REPLACE", "delete": "delete", "same": "no change"}
	for _, r := range doc.Resources {
		fmt.Fprintf(&b, "%-2s %s %s  (%s)\n", opSymbol[r.Op], shortType(r.Type), r.Name, words[r.Op])
		if r.Summary != "" {
			fmt.Fprintf(&b, "     %s\n", r.Summary)
		}
		if r.Unknown {
			fmt.Fprintf(&b, "     whether this replaces the resource is not known: %s has no replacement rules in sim.Replacements\n", r.Type)
		}
		for _, c := range r.Changes {
			renderProperty(&b, c)
		}
	}
	fmt.Fprintf(&b, "\n%d to create, %d to update in place, %d to replace, %d to delete\n",
		doc.Counts["create"], doc.Counts["update"], doc.Counts["replace"], doc.Counts["delete"])
	return b.String()
}

func renderProperty(b *strings.Builder, c DiffProperty) {
	var note string
	switch {
	case c.Ignored:
		note = "  ignored: ignoreChanges keeps the old value"
	case c.Replaces && c.Rule != "":
		note = "  forces replacement (" + c.Rule + ")"
	case c.Replaces:
		note = "  forces replacement"
	}
	newText := formatValue(c.New)
	if c.From != "" {
		newText = "(known once " + c.From + " is replaced)"
	}
	oldDoc, oldOK := jsonDoc(c.Old)
	newDoc, newOK := jsonDoc(c.New)
	if oldOK && newOK && c.From == "" {
		fmt.Fprintf(b, "     %s:%s\n", c.Path, note)
		for _, l := range lineDiff(oldDoc, newDoc, 2) {
			fmt.Fprintf(b, "         %s\n", l)
		}
	} else {
		fmt.Fprintf(b, "     %s: %s → %s%s\n", c.Path, formatValue(c.Old), newText, note)
	}
	if c.Source != "" {
		fmt.Fprintf(b, "         source: %s\n", c.Source)
	}
}

// runLabs lists every stack with its lab, guide, steps and hourly cost per step.
func runLabs(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("labs", labsUsage, stderr)
	dir := fs.String("dir", ".", "directory holding Pulumi.yaml and the stack files")
	format := fs.String("format", "text", "text or json")
	pos, help, err := parse(fs, args, stdout)
	switch {
	case help:
		return exitOK
	case err != nil:
		return exitUsage
	case !checkFormat("labs", *format, stderr, "text", "json"):
		return exitUsage
	case len(pos) != 0:
		fmt.Fprint(stderr, labsUsage)
		return exitUsage
	}
	stacks, err := sim.Stacks(*dir)
	if err != nil || len(stacks) == 0 {
		fmt.Fprintf(stderr, "vpclab labs: no Pulumi.<stack>.yaml in %s\n", *dir)
		return exitFailed
	}
	var docs []StepsJSON
	for _, stack := range stacks {
		doc, err := stepsDoc(*dir, stack, nil)
		if err != nil {
			fmt.Fprintf(stderr, "vpclab labs: %s: %v\n", stack, err)
			return exitFailed
		}
		docs = append(docs, doc)
	}
	if *format == "json" {
		b, err := json.MarshalIndent(docs, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "vpclab labs: %v\n", err)
			return exitFailed
		}
		fmt.Fprintln(stdout, string(b))
		return exitOK
	}
	fmt.Fprint(stdout, renderLabs(docs))
	return exitOK
}

func renderLabs(docs []StepsJSON) string {
	var b strings.Builder
	b.WriteString("| stack | lab | seed | guide | steps (USD per hour) |\n|---|---|---|---|---|\n")
	for _, d := range docs {
		var steps []string
		for _, s := range d.Steps {
			st := fmt.Sprintf("%d %s (%.4f)", s.Number, s.Name, s.HourlyUSD)
			if s.Number == d.Current {
				st = "**" + st + "**"
			}
			steps = append(steps, st)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s (%s) | %s |\n", d.Stack, d.Lab, d.Seed, d.Title, d.TitleKo, strings.Join(steps, ", "))
	}
	b.WriteString("\nIn bold: the step each stack builds as shipped. Prices: the price table of `vpclab plan`; usage charges not included.\n")
	return b.String()
}
