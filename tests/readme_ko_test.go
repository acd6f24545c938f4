package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/labs"
)

// README.ko.md is the guide for the Korean learners the labs come from. These
// tests keep it in step with README.md on what a learner types and what they
// pick: the two documents must link to each other, name the same stacks, give
// the same commands, and keep every deliberate difference from the guides.
//
// Headings of the documents that the tests rely on. The long reference
// parts live under docs/, one page per lab (docs/labs/<lab>.md and
// <lab>.ko.md) and a page per topic, each with its Korean page.
const (
	enLabs        = "## Labs"
	koLabs        = "## 실습 목록"
	enDeploy      = "## Deploying a lab to AWS"
	koDeploy      = "## AWS에 실습 배포하기"
	enSteps       = "## The guides, step by step"
	koSteps       = "## 가이드를 단계별로 따라가기"
	wholeDocument = ""
)

// mdLine is one line of a Markdown document with whether it sits inside a
// fenced code block, so that a `#` in a shell comment is never a heading.
type mdLine struct {
	text    string
	inFence bool // the line is a fence delimiter or inside a fenced block
}

type markdown struct {
	name  string
	lines []mdLine
}

func readMarkdown(t *testing.T, name string) markdown {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(projectDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return parseMarkdown(name, string(raw))
}

func parseMarkdown(name, text string) markdown {
	md := markdown{name: name}
	inFence := false
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			md.lines = append(md.lines, mdLine{l, true})
			inFence = !inFence
			continue
		}
		md.lines = append(md.lines, mdLine{l, inFence})
	}
	return md
}

// headingLevel is the number of leading '#' of a heading line outside fences, or 0.
func headingLevel(l mdLine) int {
	if l.inFence {
		return 0
	}
	n := len(l.text) - len(strings.TrimLeft(l.text, "#"))
	if n == 0 || n >= len(l.text) || l.text[n] != ' ' {
		return 0
	}
	return n
}

// section returns the lines after the first heading that is exactly heading,
// or starts with heading followed by a space, up to the next heading of the
// same or a higher level.
func (md markdown) section(heading string) (markdown, bool) {
	level := len(heading) - len(strings.TrimLeft(heading, "#"))
	for i, l := range md.lines {
		if headingLevel(l) != level || (l.text != heading && !strings.HasPrefix(l.text, heading+" ")) {
			continue
		}
		end := len(md.lines)
		for j := i + 1; j < len(md.lines); j++ {
			if lv := headingLevel(md.lines[j]); lv > 0 && lv <= level {
				end = j
				break
			}
		}
		return markdown{name: md.name + " " + strings.TrimSpace(l.text), lines: md.lines[i+1 : end]}, true
	}
	return markdown{}, false
}

func (md markdown) mustSection(t *testing.T, heading string) markdown {
	t.Helper()
	if heading == wholeDocument {
		return md
	}
	s, ok := md.section(heading)
	if !ok {
		t.Fatalf("%s has no heading %q", md.name, heading)
	}
	return s
}

// fencedBlock is one fenced code block: its info string and its lines.
type fencedBlock struct {
	info  string
	lines []string
}

func (md markdown) blocks() []fencedBlock {
	var out []fencedBlock
	var cur *fencedBlock
	for _, l := range md.lines {
		trimmed := strings.TrimSpace(l.text)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			cur = &fencedBlock{info: strings.TrimSpace(strings.TrimPrefix(trimmed, "```"))}
		case cur != nil && strings.HasPrefix(trimmed, "```"):
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.lines = append(cur.lines, l.text)
		}
	}
	return out
}

// The command rule. A command is a line of a fenced block whose info string is
// sh, bash or shell, with its comment removed the way the shell removes it (a
// '#' that starts a word, outside quotes, and the rest of the line) and with
// surrounding blanks trimmed; lines left empty are not commands. Comments are
// prose and are translated; the command itself must match byte for byte.
func shellCommands(blocks []fencedBlock) []string {
	var out []string
	for _, b := range blocks {
		if lang, _, _ := strings.Cut(b.info, " "); lang != "sh" && lang != "bash" && lang != "shell" {
			continue
		}
		for _, l := range b.lines {
			if c := stripShellComment(l); c != "" {
				out = append(out, c)
			}
		}
	}
	return out
}

func stripShellComment(line string) string {
	var quote rune
	escaped := false
	prev := ' '
	for i, r := range line {
		switch {
		case escaped: // an escaped character, blank or not, is part of a word
			escaped = false
			prev = 'x'
			continue
		case r == '\\' && quote != '\'':
			escaped = true
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && (prev == ' ' || prev == '\t'):
			return strings.TrimSpace(line[:i])
		}
		prev = r
	}
	if strings.HasPrefix(strings.TrimSpace(line), "#") {
		return ""
	}
	return strings.TrimSpace(line)
}

// tableRows returns the cells of the rows of the first Markdown table in md,
// header and separator excluded.
func (md markdown) tableRows() [][]string {
	var rows [][]string
	started := false
	for _, l := range md.lines {
		t := strings.TrimSpace(l.text)
		if l.inFence || !strings.HasPrefix(t, "|") {
			if started {
				break
			}
			continue
		}
		started = true
		rows = append(rows, splitRow(t))
	}
	if len(rows) < 2 {
		return nil
	}
	return rows[2:]
}

// splitRow splits a table row on the pipes that are not escaped (\|).
func splitRow(row string) []string {
	row = strings.TrimSuffix(strings.TrimPrefix(row, "|"), "|")
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(row); i++ {
		if row[i] == '\\' && i+1 < len(row) && row[i+1] == '|' {
			cur.WriteByte('|')
			i++
			continue
		}
		if row[i] == '|' {
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
			continue
		}
		cur.WriteByte(row[i])
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

var codeSpan = regexp.MustCompile("`([^`]+)`")

// codeSpans returns the sorted code spans of s: what stays untranslated.
func codeSpans(s string) []string {
	var out []string
	for _, m := range codeSpan.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return out
}

// shippedStacks lists the stacks that have a Pulumi.<stack>.yaml.
func shippedStacks(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(projectDir, "Pulumi.*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml"))
	}
	slices.Sort(out)
	if len(out) == 0 {
		t.Fatal("no stack files found")
	}
	return out
}

// labsTableStacks returns the stacks the labs table lists: the first cell of
// each row, a code span such as `nat-bastion`.
func labsTableStacks(t *testing.T, md markdown, heading string) map[string][]string {
	t.Helper()
	rows := md.mustSection(t, heading).tableRows()
	if rows == nil {
		t.Fatalf("%s: no table under %q", md.name, heading)
	}
	out := map[string][]string{}
	for _, r := range rows {
		spans := codeSpans(r[0])
		if len(spans) != 1 || r[0] != "`"+spans[0]+"`" {
			t.Errorf("%s %s: first cell %q is not one stack name in backticks", md.name, heading, r[0])
			continue
		}
		out[spans[0]] = r
	}
	return out
}

// linkBeforeFirstBlock reports whether link appears before the first fenced block.
func (md markdown) linkBeforeFirstBlock(link string) bool {
	for _, l := range md.lines {
		if l.inFence {
			return false
		}
		if strings.Contains(l.text, link) {
			return true
		}
	}
	return false
}

func TestKoreanREADMELinksBothWays(t *testing.T) {
	en, ko := readMarkdown(t, "README.md"), readMarkdown(t, "README.ko.md")
	if !en.linkBeforeFirstBlock("[README.ko.md](README.ko.md)") {
		t.Error("README.md does not link to README.ko.md above its first code block")
	}
	if !ko.linkBeforeFirstBlock("[README.md](README.md)") {
		t.Error("README.ko.md does not link to README.md above its first code block")
	}
}

// The first block is what a learner runs first: the same commands, in the same order.
func TestKoreanREADMEFirstCommands(t *testing.T) {
	en, ko := readMarkdown(t, "README.md").blocks(), readMarkdown(t, "README.ko.md").blocks()
	if len(en) == 0 || len(ko) == 0 {
		t.Fatal("a README has no code block")
	}
	want, got := shellCommands(en[:1]), shellCommands(ko[:1])
	if len(want) == 0 {
		t.Fatal("README.md's first block has no shell command")
	}
	if !slices.Equal(got, want) {
		t.Errorf("README.ko.md's first block runs\n  %s\nREADME.md's runs\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// Every command of an English section with commands to type appears in its
// Korean section, in the same order; the Korean section may add commands of
// its own (and gives PowerShell ones beside them).
func TestKoreanREADMESectionCommands(t *testing.T) {
	for _, pair := range []struct{ enFile, en, koFile, ko string }{
		{"README.md", enDeploy, "README.ko.md", koDeploy},
		{"README.md", enSteps, "README.ko.md", koSteps},
		{"docs/deploying.md", wholeDocument, "docs/deploying.ko.md", wholeDocument},
		{"docs/steps.md", wholeDocument, "docs/steps.ko.md", wholeDocument},
		{"docs/versions.md", wholeDocument, "docs/versions.ko.md", wholeDocument},
	} {
		want := shellCommands(readMarkdown(t, pair.enFile).mustSection(t, pair.en).blocks())
		got := shellCommands(readMarkdown(t, pair.koFile).mustSection(t, pair.ko).blocks())
		if len(want) == 0 {
			t.Errorf("%s %q has no shell command", pair.enFile, pair.en)
		}
		next := 0
		for _, c := range want {
			i := slices.Index(got[next:], c)
			if i < 0 {
				if slices.Contains(got, c) {
					t.Errorf("%s %q has %q out of %s's order", pair.koFile, pair.ko, c, pair.enFile)
				} else {
					t.Errorf("%s %q lacks the command\n  %s", pair.koFile, pair.ko, c)
				}
				continue
			}
			next += i + 1
		}
	}
}

// Both labs tables list exactly the shipped stacks; every lab has a page in
// each language, which README.md links in both languages and README.ko.md
// in Korean.
func TestKoreanREADMEStacks(t *testing.T) {
	stacks := shippedStacks(t)
	en, ko := readMarkdown(t, "README.md"), readMarkdown(t, "README.ko.md")
	for _, doc := range []struct {
		md      markdown
		heading string
	}{{en, enLabs}, {ko, koLabs}} {
		listed := labsTableStacks(t, doc.md, doc.heading)
		for _, s := range stacks {
			if _, ok := listed[s]; !ok {
				t.Errorf("%s %q does not list the stack %s (Pulumi.%s.yaml)", doc.md.name, doc.heading, s, s)
			}
		}
		for s := range listed {
			if !slices.Contains(stacks, s) {
				t.Errorf("%s %q lists %s, which has no Pulumi.%s.yaml", doc.md.name, doc.heading, s, s)
			}
		}
	}
	enText, koText := strings.Join(en.texts(), "\n"), strings.Join(ko.texts(), "\n")
	for _, lab := range labs.Labs() {
		for _, page := range []string{"docs/labs/" + lab.Name + ".md", "docs/labs/" + lab.Name + ".ko.md"} {
			if _, err := os.Stat(filepath.Join(projectDir, page)); err != nil {
				t.Errorf("the %s lab has no page %s", lab.Name, page)
			}
			if !strings.Contains(enText, "]("+page+")") {
				t.Errorf("README.md does not link %s", page)
			}
		}
		if !strings.Contains(koText, "](docs/labs/"+lab.Name+".ko.md)") {
			t.Errorf("README.ko.md does not link docs/labs/%s.ko.md", lab.Name)
		}
	}
}

// texts are the document's lines.
func (md markdown) texts() []string {
	out := make([]string, len(md.lines))
	for i, l := range md.lines {
		out[i] = l.text
	}
	return out
}

// Every row of the English differences table has its Korean row, in the same
// order, with the same code spans (keys, values, commands, policy names):
// those are what stays untranslated, so a row that changes in one document
// and not the other shows up here.
func TestKoreanREADMEDifferences(t *testing.T) {
	en := readMarkdown(t, "docs/differences.md").tableRows()
	ko := readMarkdown(t, "docs/differences.ko.md").tableRows()
	if len(en) == 0 {
		t.Fatal("docs/differences.md has no table")
	}
	if len(ko) != len(en) {
		t.Errorf("docs/differences.md has %d rows, docs/differences.ko.md has %d", len(en), len(ko))
	}
	for i := range min(len(en), len(ko)) {
		want, got := codeSpans(strings.Join(en[i], " ")), codeSpans(strings.Join(ko[i], " "))
		if !slices.Equal(got, want) {
			t.Errorf("row %d (%s): code spans differ\n  docs/differences.md:    %q\n  docs/differences.ko.md: %q", i+1, en[i][0], want, got)
		}
	}
}

func TestStripShellComment(t *testing.T) {
	cases := []struct{ line, want string }{
		{"go run ./cmd/vpclab plan nat-bastion    # build a lab", "go run ./cmd/vpclab plan nat-bastion"},
		{"export PULUMI_CONFIG_PASSPHRASE=''           # empty is fine", "export PULUMI_CONFIG_PASSPHRASE=''"},
		{`pulumi config set --path 'vpclab:adminCidrs[0]' "$(curl -s https://checkip.amazonaws.com)/32"`, `pulumi config set --path 'vpclab:adminCidrs[0]' "$(curl -s https://checkip.amazonaws.com)/32"`},
		{`echo "a # b" # c`, `echo "a # b"`},
		{`echo 'it''s' #x`, `echo 'it''s'`},
		{`echo a\ #b`, `echo a\ #b`},
		{"echo a#b", "echo a#b"},
		{"# only a comment", ""},
		{"   ", ""},
	}
	for _, c := range cases {
		if got := stripShellComment(c.line); got != c.want {
			t.Errorf("stripShellComment(%q) = %q, want %q", c.line, got, c.want)
		}
	}
}
