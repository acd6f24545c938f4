package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// README.md is what a learner holds: short, its first screen saying what
// works offline and that nothing has been deployed to AWS, its first block
// the two commands a new user runs, and a link to every reference page.
func TestREADMEIsALearnersFirstPage(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(projectDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	if n := strings.Count(text, "\n"); n > 250 {
		t.Errorf("README.md has %d lines; the long reference parts belong under docs/ (at most 250)", n)
	}
	md := readMarkdown(t, "README.md")
	blocks := md.blocks()
	want := []string{"go run ./cmd/vpclab plan nat-bastion", "bash .ci/run"}
	if len(blocks) == 0 || !slices.Equal(shellCommands(blocks[:1]), want) {
		t.Errorf("README.md's first block must be exactly %q", want)
	}
	firstScreen, _, _ := strings.Cut(text, "\n## ")
	for _, must := range []string{"What works offline", "No lab has been deployed to real AWS by this project", "pulumi destroy"} {
		if !strings.Contains(strings.Join(strings.Fields(firstScreen), " "), must) {
			t.Errorf("README.md's first screen (before its first section) does not say %q", must)
		}
	}
	for _, sec := range []struct{ heading, page string }{
		{"## Testing", "docs/testing.md"},
		{"## Rehearsal: the labs with your own Pulumi CLI, free", "docs/rehearsal.md"},
	} {
		s, ok := md.section(sec.heading)
		if !ok || !strings.Contains(strings.Join(s.texts(), "\n"), "]("+sec.page+")") {
			t.Errorf("README.md has no section %q linking %s", sec.heading, sec.page)
		}
		if _, err := os.Stat(filepath.Join(projectDir, sec.page)); err != nil {
			t.Errorf("%s: %v", sec.page, err)
		}
	}
	pages, _ := filepath.Glob(filepath.Join(projectDir, "docs", "*.md"))
	for _, p := range pages {
		rel := "docs/" + filepath.Base(p)
		if strings.HasSuffix(rel, ".ko.md") {
			continue
		}
		if !strings.Contains(text, "]("+rel+")") {
			t.Errorf("README.md does not link %s", rel)
		}
	}
}

var mdLink = regexp.MustCompile(`\[[^\]]*\]\(([^)\s]+)\)`)

// Every relative link of the README files and the docs pages leads to a file.
func TestDocumentLinksResolve(t *testing.T) {
	files := []string{"README.md", "README.ko.md"}
	for _, pattern := range []string{"docs/*.md", "docs/labs/*.md"} {
		found, _ := filepath.Glob(filepath.Join(projectDir, pattern))
		for _, f := range found {
			rel, _ := filepath.Rel(projectDir, f)
			files = append(files, rel)
		}
	}
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join(projectDir, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mdLink.FindAllStringSubmatch(string(raw), -1) {
			url := m[1]
			if strings.HasPrefix(url, "http") || strings.HasPrefix(url, "#") || strings.HasPrefix(url, "mailto:") {
				continue
			}
			target := filepath.Join(projectDir, filepath.Dir(f), strings.SplitN(url, "#", 2)[0])
			if _, err := os.Stat(target); err != nil {
				t.Errorf("%s links %s, which does not exist", f, url)
			}
		}
	}
}

// koreanDocs are the Korean documents a learner reads.
func koreanDocs(t *testing.T) []string {
	out := []string{"README.ko.md"}
	for _, pattern := range []string{"docs/*.ko.md", "docs/labs/*.ko.md"} {
		found, _ := filepath.Glob(filepath.Join(projectDir, pattern))
		for _, f := range found {
			rel, _ := filepath.Rel(projectDir, f)
			out = append(out, rel)
		}
	}
	return out
}

// The Korean documents use one term for each thing, the console's words, and
// no phrasing a learner stumbles on; README.ko.md is a Korean entry of its
// own, not a translation.
func TestKoreanWording(t *testing.T) {
	banned := []struct{ re, why string }{
		{`private 인스턴스`, "one term: 프라이빗 인스턴스"},
		{`인터넷 연결 NLB`, "the console says 인터넷 경계 (internet-facing)"},
		{`번져 나갑니다`, "say that replacement cascades plainly (연쇄적으로)"},
		{`규칙마다 상대편`, "say what a rule admits: CIDR, security group, prefix list"},
		{`(^|[^t] )저장소`, "git 저장소 (the repository) or 패키지 리포지토리 (dnf's), never plain 저장소"},
		{`한국어판|번역`, "README.ko.md is a Korean entry, not a translation"},
	}
	for _, f := range koreanDocs(t) {
		raw, err := os.ReadFile(filepath.Join(projectDir, f))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(raw), "\n") {
			for _, b := range banned {
				if regexp.MustCompile(b.re).MatchString(line) {
					t.Errorf("%s:%d: %s\n  %s", f, i+1, b.why, line)
				}
			}
		}
	}
}

// Every shell block of the Korean documents is followed by its PowerShell
// equivalent, for the learners' Windows machines.
func TestKoreanCommandsHavePowerShell(t *testing.T) {
	for _, f := range koreanDocs(t) {
		blocks := readMarkdown(t, f).blocks()
		for i, b := range blocks {
			if lang, _, _ := strings.Cut(b.info, " "); lang != "sh" {
				continue
			}
			if i+1 >= len(blocks) || blocks[i+1].info != "powershell" {
				t.Errorf("%s: the sh block starting %q has no powershell block after it", f, b.lines[0])
			}
		}
	}
}
