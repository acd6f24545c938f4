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
	"github.com/vpclab/vpclab/suggest"
)

const stepsUsage = `usage: vpclab steps [--dir DIR] [--config key=value]... [--format text|json] [--lang en|ko] <stack>

Lists the guide steps of the stack's lab: what each step sets, what it
creates, updates, replaces and deletes compared with the step before (from the
simulated graphs), its hourly cost, and the guide's checks with the result the
guide expects at that step. Choose a step with
` + "`pulumi config set vpclab:step <name or number>`" + `.

`

const diffUsage = `usage: vpclab diff [--dir DIR] [--config key=value]... [--to-config key=value]... [--format text|json] [--lang en|ko] <stack> <from-step> <to-step>

Shows what moving the stack from one step to another does, as ` + "`pulumi preview`" + `
would: resources created, updated in place (each changed property, old → new),
replaced, and deleted. A replacement names the property that forces it and the
provider rule. Steps are names or numbers from 1. --config applies to both
steps, --to-config to the second only (to preview a config change, give the
same step twice).

`

const labsUsage = `usage: vpclab labs [--dir DIR] [--format text|json] [--lang en|ko]

Lists every stack in DIR with its lab, the guide it reproduces, the guide's
steps and the hourly cost at each step.

`

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
	fs := newStackFlags("steps", stepsUsage, "set `key=value` as pulumi config set does (repeatable)", "text or json", stderr)
	pos, code, done := fs.parseArgs(args, 1, stdout, stderr, "text", "json")
	if done {
		return code
	}
	dir, overrides, format := fs.dir, fs.overrides, fs.format
	stack := pos[0]
	doc, err := stepsDoc(*dir, stack, overrides)
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

var opSymbol = map[string]string{"create": "+", "update": "~", "replace": "+-", "delete": "-", "same": "="}

// stepCost prints a step's hourly cost, "≥" when something has no price.
func stepCost(s StepJSON) string {
	c := cost.Costs{Complete: s.CostComplete}
	return c.USD(s.HourlyUSD, 4)
}

// outcome is how a guide check's expected result reads.
func outcome(want string, lang i18n.Lang) string {
	if lang == i18n.Ko {
		return map[string]string{"pass": "통과", "fail": "실패"}[want]
	}
	return want
}

func renderSteps(doc StepsJSON, lang i18n.Lang) string {
	var b strings.Builder
	ko := lang == i18n.Ko
	title, other := doc.Title, doc.TitleKo
	if ko {
		title, other = doc.TitleKo, doc.Title
	}
	b.WriteString(wrap(fmt.Sprintf("%s: %s %s, %s %s: %s", doc.Stack, lang.Pick("lab", "실습"), doc.Lab, lang.Pick("seed", "가이드"), doc.Seed, title), termWidth, "  "))
	b.WriteString(wrap(other, termWidth, "  ") + "\n")
	cur := doc.Steps[doc.Current-1].Name
	b.WriteString(wrap(lang.Pick(
		fmt.Sprintf("The stack builds step %d %s. Choose a step with `pulumi config set vpclab:step <name or number>`; `vpclab diff %s <from> <to>` shows every property a step changes.", doc.Current, cur, doc.Stack),
		fmt.Sprintf("이 스택은 %d단계 %s를 만듭니다. 단계는 `pulumi config set vpclab:step <이름 또는 번호>`로 고릅니다. `vpclab diff %s <from> <to>`는 단계가 바꾸는 속성을 모두 보여 줍니다.", doc.Current, cur, doc.Stack)), termWidth, ""))
	if len(doc.Pinned) > 0 {
		b.WriteString(wrap(lang.Pick(
			fmt.Sprintf("The stack sets %s itself: every step keeps that value (set it to step to hand it back).", strings.Join(doc.Pinned, ", ")),
			fmt.Sprintf("이 스택은 %s를 직접 설정합니다. 모든 단계가 그 값을 유지합니다 (step으로 설정하면 단계에 돌려줍니다).", strings.Join(doc.Pinned, ", "))), termWidth, ""))
	}
	width := 0
	for _, s := range doc.Steps {
		for _, e := range s.Expect {
			width = max(width, len(e.Check))
		}
	}
	for _, s := range doc.Steps {
		title, other := s.Title, s.TitleKo
		if ko {
			title, other = s.TitleKo, s.Title
		}
		b.WriteString("\n" + wrap(fmt.Sprintf("%d. %s: %s", s.Number, s.Name, title), termWidth, "   "))
		b.WriteString(wrap(fmt.Sprintf("   %s (%s)", other, s.Guide), termWidth, "     "))
		var sets []string
		for _, k := range slices.Sorted(maps.Keys(s.Sets)) {
			sets = append(sets, k+"="+s.Sets[k])
		}
		if len(sets) > 0 {
			b.WriteString(wrap(fmt.Sprintf("   %s %s", lang.Pick("sets:", "설정:"), strings.Join(sets, " ")), termWidth, "        "))
		}
		if s.Number == 1 {
			b.WriteString(wrap(lang.Pick(fmt.Sprintf("   builds %d resources, %s per hour", s.Resources, stepCost(s)),
				fmt.Sprintf("   리소스 %d개, 시간당 %s", s.Resources, stepCost(s))), termWidth, "     "))
		} else {
			counts := map[string]int{}
			for _, c := range s.Changes {
				counts[c.Op]++
			}
			b.WriteString(wrap(lang.Pick(
				fmt.Sprintf("   from step %d: %d to create, %d to update in place, %d to replace, %d to delete; %d resources, %s per hour",
					s.Number-1, counts["create"], counts["update"], counts["replace"], counts["delete"], s.Resources, stepCost(s)),
				fmt.Sprintf("   %d단계에서: 생성 %d, 제자리 수정 %d, 교체 %d, 삭제 %d; 리소스 %d개, 시간당 %s",
					s.Number-1, counts["create"], counts["update"], counts["replace"], counts["delete"], s.Resources, stepCost(s))), termWidth, "     "))
			for _, c := range s.Changes {
				line := fmt.Sprintf("     %-2s %s %s", opSymbol[c.Op], shortType(c.Type), c.Name)
				switch {
				case c.Summary != "":
					line += "  " + c.Summary
				case len(c.Replaces) > 0:
					line += "  " + lang.Pick("replaced by ", "교체 원인: ") + strings.Join(c.Replaces, ", ")
				case len(c.Paths) > 0:
					line += "  " + strings.Join(c.Paths, ", ")
				}
				b.WriteString(wrap(strings.TrimRight(line, " "), termWidth, "          "))
			}
		}
		b.WriteString(lang.Pick("   the guide's checks:\n", "   가이드의 확인 항목:\n"))
		for _, e := range s.Expect {
			check := e.Title
			if ko && e.TitleKo != "" {
				check = e.TitleKo
			}
			o := outcome(e.Want, lang)
			o += strings.Repeat(" ", max(0, 4-columns(o)))
			b.WriteString(wrap(fmt.Sprintf("     %s  %-*s  %s", o, width, e.Check, check), termWidth, strings.Repeat(" ", 13+width)))
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
	fs := newStackFlags("diff", diffUsage, "set `key=value` at both steps, as pulumi config set does (repeatable)", "text or json", stderr)
	toOverrides := configFlags{}
	fs.Var(toOverrides, "to-config", "set `key=value` at the second step only (repeatable)")
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
			fmt.Fprintf(stderr, "vpclab diff %s: %s%s\n", stack, fs.lang.Pick(fmt.Sprintf("step %q: the %s lab's steps are %s", sel, lab.Name, lab.StepList()),
				fmt.Sprintf("단계 %q: %s 실습의 단계는 %s입니다", sel, lab.Name, lab.StepList())), localizeHint(suggest.DidYouMean(sel, names), fs.lang))
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
	doc := diffDoc(stack, lab, idx, from.Graph, to.Graph)
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
	b.WriteString(lang.Pick(fmt.Sprintf("vpclab diff %s: step %d %s → step %d %s", doc.Stack, doc.From.Number, doc.From.Name, doc.To.Number, doc.To.Name),
		fmt.Sprintf("vpclab diff %s: %d단계 %s → %d단계 %s", doc.Stack, doc.From.Number, doc.From.Name, doc.To.Number, doc.To.Name)))
	if len(toOverrides) > 0 {
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(toOverrides)) {
			kv = append(kv, k+"="+toOverrides[k])
		}
		fmt.Fprintf(&b, lang.Pick(" with %s", ", 바꾼 설정: %s"), strings.Join(kv, " "))
	}
	b.WriteString("\n\n")
	if len(doc.Resources) == 0 {
		b.WriteString(lang.Pick("no changes\n", "변경 없음\n"))
	}
	words := map[string]string{"create": "create", "update": "update in place", "replace": "REPLACE", "delete": "delete", "same": "no change"}
	if lang == i18n.Ko {
		words = map[string]string{"create": "생성", "update": "제자리 수정", "replace": "교체", "delete": "삭제", "same": "변경 없음"}
	}
	for _, r := range doc.Resources {
		fmt.Fprintf(&b, "%-2s %s %s  (%s)\n", opSymbol[r.Op], shortType(r.Type), r.Name, words[r.Op])
		if r.Summary != "" {
			b.WriteString(wrap("     "+r.Summary, termWidth, "       "))
		}
		if r.Unknown {
			b.WriteString(wrap(lang.Pick(fmt.Sprintf("     whether this replaces the resource is not known: %s has no replacement rules in sim.Replacements", r.Type),
				fmt.Sprintf("     교체 여부를 알 수 없습니다: sim.Replacements에 %s의 교체 규칙이 없습니다", r.Type)), termWidth, "       "))
		}
		for _, c := range r.Changes {
			renderProperty(&b, c, lang)
		}
	}
	b.WriteString("\n" + lang.Pick(fmt.Sprintf("%d to create, %d to update in place, %d to replace, %d to delete\n", doc.Counts["create"], doc.Counts["update"], doc.Counts["replace"], doc.Counts["delete"]),
		fmt.Sprintf("생성 %d, 제자리 수정 %d, 교체 %d, 삭제 %d\n", doc.Counts["create"], doc.Counts["update"], doc.Counts["replace"], doc.Counts["delete"])))
	return b.String()
}

func renderProperty(b *strings.Builder, c DiffProperty, lang i18n.Lang) {
	var note string
	switch {
	case c.Ignored:
		note = lang.Pick("  ignored: ignoreChanges keeps the old value", "  무시됨: ignoreChanges가 이전 값을 유지")
	case c.Replaces && c.Rule != "":
		note = lang.Pick("  forces replacement (", "  교체를 일으킴 (") + c.Rule + ")"
	case c.Replaces:
		note = lang.Pick("  forces replacement", "  교체를 일으킴")
	}
	newText := formatValue(c.New)
	if c.From != "" {
		newText = lang.Pick("(known once "+c.From+" is replaced)", "("+c.From+"가 교체된 뒤에 정해짐)")
	}
	oldDoc, oldOK := jsonDoc(c.Old)
	newDoc, newOK := jsonDoc(c.New)
	if oldOK && newOK && c.From == "" {
		fmt.Fprintf(b, "     %s:%s\n", c.Path, note)
		for _, l := range lineDiff(oldDoc, newDoc, 2) {
			fmt.Fprintf(b, "         %s\n", l)
		}
	} else {
		b.WriteString(wrap(fmt.Sprintf("     %s: %s → %s%s", c.Path, formatValue(c.Old), newText, note), termWidth, "         "))
	}
	if c.Source != "" {
		fmt.Fprintf(b, "         %s %s\n", lang.Pick("source:", "출처:"), c.Source)
	}
}

// runLabs lists every stack with its lab, guide, steps and hourly cost per
// step. A stack file that does not build is reported and the others listed.
func runLabs(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("labs", labsUsage, stderr)
	dir := fs.String("dir", ".", "the `DIR` holding Pulumi.yaml and the stack files")
	format := fs.String("format", "text", "text or json")
	lang := i18n.FromEnv()
	fs.Var(&langFlag{&lang}, "lang", langHelp)
	pos, help, err := parse(fs, args, stdout)
	switch {
	case help:
		return ExitOK
	case err != nil:
		return ExitUsage
	case !checkFormat("labs", *format, stderr, "text", "json"):
		return ExitUsage
	case len(pos) != 0:
		return noArguments("labs", labsUsage, pos, lang, stderr)
	}
	stacks, err := sim.Stacks(*dir)
	if err != nil || len(stacks) == 0 {
		fmt.Fprintf(stderr, "vpclab labs: %s\n", lang.Pick("no Pulumi.<stack>.yaml in "+*dir, *dir+"에 Pulumi.<stack>.yaml 파일이 없습니다"))
		return ExitFailed
	}
	docs := []StepsJSON{}
	broken := 0
	for _, stack := range stacks {
		doc, err := stepsDoc(*dir, stack, nil)
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
		title, other := d.Title, d.TitleKo
		if lang == i18n.Ko {
			title, other = d.TitleKo, d.Title
		}
		b.WriteString(wrap(fmt.Sprintf("%s  (%s %s, %s %s)", d.Stack, lang.Pick("lab", "실습"), d.Lab, lang.Pick("seed", "가이드"), d.Seed), termWidth, "    "))
		b.WriteString(wrap("    "+title+" / "+other, termWidth, "      "))
		for _, s := range d.Steps {
			mark := " "
			if s.Number == d.Current {
				mark = "*"
			}
			b.WriteString(fmt.Sprintf("  %s %d %-20s %s\n", mark, s.Number, s.Name, lang.Pick(stepCost(s)+" per hour", "시간당 "+stepCost(s))))
		}
		b.WriteString("\n")
	}
	b.WriteString(wrap(lang.Pick("*: the step each stack builds as shipped. Prices: the price table of `vpclab plan` (cost/prices.json); usage charges not included.",
		"*: 각 스택이 기본으로 만드는 단계. 가격: `vpclab plan`의 가격표(cost/prices.json), 사용량 요금 제외."), termWidth, "   "))
	return b.String()
}
