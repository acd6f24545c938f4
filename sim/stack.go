package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/encoding"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"github.com/vpclab/vpclab/awsrules"
	"github.com/vpclab/vpclab/suggest"
	"gopkg.in/yaml.v3"
)

// Stack is a stack's configuration as the program receives it: fully
// namespaced keys ("vpclab:natMode", "aws:region") and the string values the
// Pulumi CLI passes (arrays and objects as JSON).
type Stack struct {
	Project string
	Name    string
	Config  map[string]string
}

// Stacks lists the stack names that have a Pulumi.<stack>.yaml in dir.
func Stacks(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml"))
	}
	sort.Strings(out)
	return out, nil
}

// Load reads dir/Pulumi.yaml and dir/Pulumi.<stack>.yaml and merges them as
// the Pulumi CLI does: stack values must match the project's declared types,
// project defaults fill in what the stack leaves out, a declared key with
// neither is an error, and secrets are decrypted with the stack's
// encryptionsalt and the passphrase the CLI would read. overrides ("key" or "ns:key" → value) act like
// `pulumi config set` before the merge. Stricter than the CLI: a key in the
// project's namespace that the project does not declare is an error (a typo).
func Load(dir, stack string, overrides map[string]string) (*Stack, error) {
	proj, err := loadProject(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		return nil, fmt.Errorf("loading project: %w", err)
	}
	project := string(proj.Name)
	raw, err := os.ReadFile(filepath.Join(dir, "Pulumi."+stack+".yaml"))
	if errors.Is(err, os.ErrNotExist) {
		known, _ := Stacks(dir)
		return nil, fmt.Errorf("no stack %q: Pulumi.%s.yaml is not in %s (stacks: %s)", stack, stack, dir, strings.Join(known, ", "))
	}
	if err != nil {
		return nil, err
	}
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(raw, &file); err != nil {
		// The learner edited the file: say where, in words, not the parser's type.
		where := strings.TrimPrefix(err.Error(), "yaml: ")
		return nil, fmt.Errorf("Pulumi.%s.yaml is not valid YAML (%s): check the indentation, colons and brackets there", stack, where)
	}

	st := &Stack{Project: project, Name: stack, Config: map[string]string{}}
	values := map[string]any{}
	secrets := false
	for k, v := range file.Config {
		secrets = secrets || hasSecure(v)
		key, err := namespaced(project, k, true)
		if err != nil {
			return nil, fmt.Errorf("Pulumi.%s.yaml: %w", stack, err)
		}
		values[key] = v
	}
	overridden := map[string]bool{}
	// In key order, so that adminCidrs[0] comes before adminCidrs[1].
	for _, k := range slices.Sorted(maps.Keys(overrides)) {
		v := overrides[k]
		key, err := namespaced(project, k, false)
		if err != nil {
			return nil, fmt.Errorf("--config: %w", err)
		}
		if ok, err := setConfigPath(proj, project, values, key, v); ok || err != nil {
			if err != nil {
				return nil, err
			}
			continue
		}
		typed, err := parseOverride(proj, project, key, v)
		if err != nil {
			return nil, fmt.Errorf("config %s = %q: %w", key, v, err)
		}
		values[key], overridden[key] = typed, true
	}
	// Secrets (pulumi config set --secret), decrypted as the CLI does; a key
	// given on the command line needs no passphrase.
	if secrets {
		if err := decryptSecrets(stack, raw, values, overridden); err != nil {
			return nil, err
		}
	}

	var missing []string
	for name, spec := range proj.Config {
		key := project + ":" + name
		if strings.Contains(name, ":") {
			key = name
		}
		v, ok := values[key]
		switch {
		case ok && spec.IsExplicitlyTyped() && !workspace.ValidateConfigValue(spec.TypeName(), spec.Items, v):
			return nil, fmt.Errorf("Stack '%s' config %s = %v should be of type %s", stack, key, v, workspace.InferFullTypeName(spec.TypeName(), spec.Items))
		case !ok && spec.Default != nil:
			values[key] = spec.Default
		case !ok && spec.Value != nil:
			values[key] = spec.Value
		case !ok:
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("Stack '%s' is missing configuration %s", stack, strings.Join(missing, ", "))
	}
	declared := slices.Collect(maps.Keys(proj.Config))
	if err := checkConfigKeys(project, declared, values); err != nil {
		return nil, err
	}
	for key := range values {
		name := strings.TrimPrefix(key, project+":")
		if strings.HasPrefix(key, project+":") {
			if _, ok := proj.Config[name]; !ok {
				declared := make([]string, 0, len(proj.Config))
				for n := range proj.Config {
					declared = append(declared, project+":"+n)
				}
				return nil, fmt.Errorf("Stack '%s' uses configuration %s which is not defined by the project configuration%s", stack, key, suggest.DidYouMean(key, declared))
			}
		}
	}
	for k, v := range values {
		s, err := configString(v)
		if err != nil {
			return nil, fmt.Errorf("config %s: %w", k, err)
		}
		st.Config[k] = s
	}
	return st, nil
}

// projects holds the last Pulumi.yaml parsed at each path with its bytes.
// Parsing and schema-validating it was half of a simulated run, and the
// tests, steps and diff run the same project hundreds of times; comparing
// the bytes parses an edited file again. Load only reads a Project.
var projects = struct {
	sync.Mutex
	byPath map[string]parsedProject
}{byPath: map[string]parsedProject{}}

type parsedProject struct {
	raw  string
	proj *workspace.Project
}

func loadProject(path string) (*workspace.Project, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return workspace.LoadProject(path) // its error, naming the file
	}
	projects.Lock()
	p, ok := projects.byPath[path]
	projects.Unlock()
	if ok && p.raw == string(b) {
		return p.proj, nil
	}
	// As workspace.LoadProject reads it: without a UTF-8 byte order mark.
	proj, err := workspace.LoadProjectBytes(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), path, encoding.YAML)
	if err != nil {
		return nil, err
	}
	projects.Lock()
	projects.byPath[path] = parsedProject{string(b), proj}
	projects.Unlock()
	return proj, nil
}

// namespaced returns "ns:key"; stack files must namespace their keys, while
// overrides default to the project namespace as `pulumi config set` does.
func namespaced(project, k string, strict bool) (string, error) {
	if strings.Count(k, ":") == 1 {
		return k, nil
	}
	if strings.Contains(k, ":") || strict {
		return "", fmt.Errorf("config key %q must be of the form namespace:name", k)
	}
	return project + ":" + k, nil
}

// parseOverride turns a command-line value into the type the project declares.
func parseOverride(proj *workspace.Project, project, key, v string) (any, error) {
	spec, ok := proj.Config[strings.TrimPrefix(key, project+":")]
	if !ok || !spec.IsExplicitlyTyped() {
		return v, nil
	}
	switch spec.TypeName() {
	case "integer":
		n, err := strconv.Atoi(v)
		if errors.Is(err, strconv.ErrRange) {
			return nil, fmt.Errorf("is far too large; give a whole number")
		}
		if err != nil {
			return nil, fmt.Errorf("is not an integer; give a whole number")
		}
		return n, nil
	case "boolean":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, fmt.Errorf("is not true or false")
		}
		return b, nil
	case "object":
		var obj map[string]any
		if err := json.Unmarshal([]byte(v), &obj); err != nil {
			return nil, fmt.Errorf("is not a JSON object such as {\"key\":\"value\"}")
		}
		return obj, nil
	case "array":
		var arr []any
		if err := json.Unmarshal([]byte(v), &arr); err != nil {
			return nil, fmt.Errorf("is not a JSON array such as [\"a\",\"b\"] (each text in double quotes)")
		}
		return arr, nil
	}
	return v, nil
}

// configString renders a value the way the CLI hands it to a program.
func configString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case int:
		return strconv.Itoa(x), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// Result is what one simulated run produced.
type Result struct {
	// Config is the stack's configuration as the program received it
	// (namespaced keys, the CLI's string values).
	Config   map[string]string
	Graph    *Graph
	Exports  map[string]any
	Invokes  []Invoke
	Region   Region
	Warnings []string // what the program logged as warnings or errors
	// Rules is what the AWS input rules did: a refusal fails the run with
	// a *RefusalError, as AWS fails the deployment.
	Rules awsrules.RuleStats
}

// logRecorder keeps the program's warnings, which the mock engine drops.
type logRecorder struct {
	pulumi.Log
	mu       sync.Mutex
	warnings []string
}

func (l *logRecorder) Warn(msg string, args *pulumi.LogArgs) error {
	l.mu.Lock()
	l.warnings = append(l.warnings, msg)
	l.mu.Unlock()
	return l.Log.Warn(msg, args)
}

func (l *logRecorder) Error(msg string, args *pulumi.LogArgs) error {
	l.mu.Lock()
	l.warnings = append(l.warnings, "error: "+msg)
	l.mu.Unlock()
	return l.Log.Error(msg, args)
}

// RunOption changes the simulated AWS of one run.
type RunOption func(*Monitor)

// WithAMIRelease answers the Amazon Linux AMI parameters with a later image,
// as AWS does after it publishes a new release: what a second `pulumi up`
// some weeks later sees.
func WithAMIRelease(n int) RunOption { return func(m *Monitor) { m.AWS.AMIRelease = n } }

// Run executes program against the simulated AWS with the stack's config.
// The result is returned even when the program fails, so callers can check
// that a rejected configuration registered nothing.
func Run(st *Stack, program pulumi.RunFunc, opts ...RunOption) (*Result, error) {
	region := st.Config["aws:region"]
	if region == "" {
		return nil, fmt.Errorf("stack %s: aws:region is not set", st.Name)
	}
	mon, err := NewMonitor(st.Project, st.Name, region)
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		o(mon)
	}
	exports := map[string]any{}
	logs := &logRecorder{}
	wrapped := func(ctx *pulumi.Context) error {
		logs.Log = ctx.Log
		ctx.Log = logs
		if err := program(ctx); err != nil {
			return err
		}
		for k, v := range ctx.GetCurrentExportMap() {
			res, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(v))
			if err != nil {
				return fmt.Errorf("export %s: %w", k, err)
			}
			exports[k] = res.Value
		}
		return nil
	}
	err = unwrapSingle(pulumi.RunErr(wrapped, pulumi.WithMocks(st.Project, st.Name, mon), func(ri *pulumi.RunInfo) {
		ri.Config = st.Config
	}))
	return &Result{Config: st.Config, Graph: mon.Graph(), Exports: exports, Invokes: mon.Invokes(), Region: mon.AWS.Region, Warnings: logs.warnings, Rules: mon.RuleStats()}, err
}

// LoadAndRun is Load followed by Run.
func LoadAndRun(dir, stack string, overrides map[string]string, program pulumi.RunFunc, opts ...RunOption) (*Result, error) {
	st, err := Load(dir, stack, overrides)
	if err != nil {
		return nil, err
	}
	return Run(st, program, opts...)
}

// unwrapSingle returns the one error inside the SDK's multi-error wrapper, so
// callers see the program's own error (and its type) instead of a list.
func unwrapSingle(err error) error {
	var multi interface{ WrappedErrors() []error }
	if errors.As(err, &multi) {
		if inner := multi.WrappedErrors(); len(inner) == 1 {
			return inner[0]
		}
	}
	return err
}
