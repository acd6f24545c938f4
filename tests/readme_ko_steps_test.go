package tests

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/labs"
)

// Each lab's Korean page, docs/labs/<lab>.ko.md ("# `<lab>` — <the guide's
// title>"), lists its steps from package labs, the one place they are
// defined, so the Korean guide cannot drift from what `vpclab:step` selects:
//
//	## 단계            one row per step, in order: number | `name` | the
//	                   guide's heading (TitleKo) | the settings that change
//	                   from the step before, as `key=value` code spans
//	## 단계별 기대 결과  a header "검사 | 1 `name` | 2 `name` …" and one row
//	                     per check the lab's steps run, "<TitleKo> (`ID`)",
//	                     each cell the result expected at that step
const (
	koStepTable   = "## 단계"
	koExpectTable = "## 단계별 기대 결과"
	koNotChecked  = "—"
)

// koOutcome is how README.ko.md writes the result a guide check is expected to show.
var koOutcome = map[labs.Outcome]string{labs.Pass: "됨", labs.Fail: "안 됨"}

// table returns the header and rows of the first Markdown table in md.
func (md markdown) table() (header []string, rows [][]string) {
	var all [][]string
	for _, l := range md.lines {
		t := strings.TrimSpace(l.text)
		if l.inFence || !strings.HasPrefix(t, "|") {
			if all != nil {
				break
			}
			continue
		}
		all = append(all, splitRow(t))
	}
	if len(all) < 2 {
		return nil, nil
	}
	return all[0], all[2:]
}

// changedSettings lists, as `key=value`, the keys step i sets to a value
// other than the step before's (every key it sets for the first step).
func changedSettings(lab labs.Lab, i int) []string {
	var out []string
	for k, v := range lab.Steps[i].Sets {
		if i == 0 || lab.Value(i, k) != lab.Value(i-1, k) {
			out = append(out, k+"="+v)
		}
	}
	slices.Sort(out)
	return out
}

func TestKoreanREADMESteps(t *testing.T) {
	listed := labsTableStacks(t, readMarkdown(t, "README.ko.md"), koLabs)
	for _, lab := range labs.Labs() {
		t.Run(lab.Name, func(t *testing.T) {
			if row, ok := listed[lab.Name]; ok && !strings.Contains(row[1], lab.TitleKo) {
				t.Errorf("%s: the %s row's guide %q does not give the guide's title %q", koLabs, lab.Name, row[1], lab.TitleKo)
			}
			page := readMarkdown(t, "docs/labs/"+lab.Name+".ko.md")
			sec, ok := page.section("# `" + lab.Name + "`")
			if !ok {
				t.Fatalf("%s has no heading \"# `%s` — %s\"", page.name, lab.Name, lab.TitleKo)
			}
			if !strings.HasSuffix(sec.name, "# `"+lab.Name+"` — "+lab.TitleKo) {
				t.Errorf("the heading of %q is not \"# `%s` — %s\"", sec.name, lab.Name, lab.TitleKo)
			}

			steps, ok := sec.section(koStepTable)
			if !ok {
				t.Fatalf("%s has no %q", sec.name, koStepTable)
			}
			_, rows := steps.table()
			if len(rows) != len(lab.Steps) {
				t.Errorf("%s: %d rows, the lab has %d steps (%s)", koStepTable, len(rows), len(lab.Steps), lab.StepList())
			}
			for i, s := range lab.Steps {
				if i >= len(rows) {
					break
				}
				r := rows[i]
				want := []string{strconv.Itoa(i + 1), "`" + s.Name + "`", s.TitleKo}
				if len(r) != 4 || !slices.Equal(r[:3], want) {
					t.Errorf("%s row %d = %q, want %q and the settings", koStepTable, i+1, r, want)
					continue
				}
				if got, want := codeSpans(r[3]), changedSettings(lab, i); !slices.Equal(got, want) {
					t.Errorf("%s row %d (%s) sets %q, the step sets %q", koStepTable, i+1, s.Name, got, want)
				}
			}

			expect, ok := sec.section(koExpectTable)
			if !ok {
				t.Fatalf("%s has no %q", sec.name, koExpectTable)
			}
			header, rows := expect.table()
			wantHeader := []string{"검사"}
			for i, s := range lab.Steps {
				wantHeader = append(wantHeader, strconv.Itoa(i+1)+" `"+s.Name+"`")
			}
			if !slices.Equal(header, wantHeader) {
				t.Fatalf("%s header = %q, want %q", koExpectTable, header, wantHeader)
			}
			byFirstCell := map[string][]string{}
			for _, r := range rows {
				byFirstCell[r[0]] = r
			}
			var checks []string
			for _, s := range lab.Steps {
				for _, e := range s.Expect {
					if !slices.Contains(checks, e.Check) {
						checks = append(checks, e.Check)
					}
				}
			}
			for _, id := range checks {
				c, ok := labs.CheckByID(id)
				if !ok {
					t.Fatalf("the %s lab expects the unknown check %s", lab.Name, id)
				}
				first := c.TitleKo + " (`" + c.ID + "`)"
				row, ok := byFirstCell[first]
				if !ok {
					t.Errorf("%s has no row %q", koExpectTable, first)
					continue
				}
				delete(byFirstCell, first)
				for i, s := range lab.Steps {
					want := koNotChecked
					for _, e := range s.Expect {
						if e.Check == id {
							want = koOutcome[e.Want]
						}
					}
					if i+1 >= len(row) || row[i+1] != want {
						t.Errorf("%s %s at step %d %s: want %q, the row is %q", koExpectTable, c.ID, i+1, s.Name, want, row)
					}
				}
			}
			for first := range byFirstCell {
				t.Errorf("%s has a row %q that is no check of the %s lab's steps", koExpectTable, first, lab.Name)
			}
		})
	}
}
