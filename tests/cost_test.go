package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/cost"
	"github.com/vpclab/vpclab/cost/costgraph"
	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// infoLog keeps what the program logs as information (`pulumi up` shows it).
type infoLog struct {
	pulumi.Log
	mu    sync.Mutex
	infos []string
}

func (l *infoLog) Info(msg string, args *pulumi.LogArgs) error {
	l.mu.Lock()
	l.infos = append(l.infos, msg)
	l.mu.Unlock()
	return l.Log.Info(msg, args)
}

// runLogged runs the program as `pulumi up` would and returns what it logged.
func runLogged(t *testing.T, stack string, over map[string]string) (*sim.Result, []string) {
	t.Helper()
	log := &infoLog{}
	res, err := sim.LoadAndRun(projectDir, stack, over, func(ctx *pulumi.Context) error {
		log.Log = ctx.Log
		ctx.Log = log
		return labs.Program(ctx)
	})
	if err != nil {
		t.Fatalf("%s %v: %v", stack, over, err)
	}
	return res, log.infos
}

// `pulumi up` logs the lab's hourly and monthly cost — the very estimate
// `vpclab plan` prints from the simulated graph — and the reminder to
// destroy it, in Korean when the learner's locale is Korean.
func TestProgramLogsTheCostAndTheDestroyReminder(t *testing.T) {
	table := cost.MustLoad()
	stacks, _ := sim.Stacks(projectDir)
	for _, lang := range []struct {
		env  string
		lang i18n.Lang
	}{{"en_US.UTF-8", i18n.En}, {"ko_KR.UTF-8", i18n.Ko}} {
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", lang.env)
		for _, stack := range stacks {
			lab, _ := labs.LabByName(plan(t, stack, nil).Exports["lab"].(string))
			for _, step := range lab.Steps {
				over := map[string]string{"step": step.Name}
				res, infos := runLogged(t, stack, over)
				want := costgraph.Estimate(res, table)
				if !slices.Contains(infos, want.Summary(lang.lang)) || !slices.Contains(infos, cost.DestroyReminder(lang.lang)) {
					t.Errorf("%s step %s (%s): the program logs\n  %s\nwant the plan's estimate\n  %s\nand the destroy reminder", stack, step.Name, lang.lang,
						strings.Join(infos, "\n  "), want.Summary(lang.lang))
				}
			}
		}
	}
	// What the guides warn about: NAT and interface endpoints bill by the hour.
	t.Setenv("LANG", "en_US.UTF-8")
	_, infos := runLogged(t, "nat-bastion", nil)
	if !strings.Contains(strings.Join(infos, "\n"), "this lab costs USD 0.0970 per hour in ap-northeast-2, USD 70.81 per month") {
		t.Errorf("nat-bastion logs %q", infos)
	}
	_, infos = runLogged(t, "nat-bastion", map[string]string{"instanceType": "r5.large"})
	if !strings.Contains(strings.Join(infos, "\n"), "this lab costs ≥ USD") {
		t.Errorf("an unpriced instance type leaves the logged total unmarked: %q", infos)
	}
}

// instanceTypeRe finds instance types in prose and config: t3.micro, m7i.2xlarge.
var instanceTypeRe = regexp.MustCompile(`\b[a-z][a-z0-9]*[0-9][a-z]*\.(?:nano|micro|small|medium|large|[0-9]*xlarge|metal)\b`)

// Every instance type the guides, the stack files and the docs name has a
// price in every region the table prices.
func TestEveryNamedInstanceTypeHasAPrice(t *testing.T) {
	table := cost.MustLoad()
	files, _ := filepath.Glob(filepath.Join(projectDir, "Pulumi*.yaml"))
	docs, _ := filepath.Glob(filepath.Join(projectDir, "*.md"))
	pages, _ := filepath.Glob(filepath.Join(projectDir, "docs", "*.md"))
	seeds, _ := filepath.Glob(filepath.Join(projectDir, "..", "shared", "seeds", "*.txt"))
	if len(seeds) == 0 {
		t.Log("the guides (../shared/seeds) are not beside the repository: checked the repository's files only")
	}
	named := map[string][]string{}
	for _, f := range slices.Concat(files, docs, pages, seeds) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range instanceTypeRe.FindAllString(string(raw), -1) {
			named[it] = append(named[it], filepath.Base(f))
		}
	}
	for _, must := range []string{"t2.micro", "t3.micro"} {
		if _, ok := named[must]; !ok {
			t.Errorf("%s, which the guides and the stacks use, was not found: the search is broken", must)
		}
	}
	for it, where := range named {
		slices.Sort(where)
		where = slices.Compact(where)
		for _, region := range table.Regions() {
			if _, ok := table.ItemPrice(region, cost.InstanceItem+it); !ok {
				t.Errorf("%s (named in %s) has no price in %s", it, strings.Join(where, ", "), region)
			}
		}
	}
	// The families a learner is likely to pick are priced too.
	for _, it := range []string{"t3.nano", "t3a.small", "t4g.micro", "m5.large", "m6i.large", "m7i.xlarge", "t2.2xlarge"} {
		if !slices.Contains(table.InstanceTypes(), it) {
			t.Errorf("%s is not in the price table", it)
		}
	}
}
