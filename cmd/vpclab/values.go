package main

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// plainValue turns an input into plain Go data for printing and JSON; unknown
// and absent values are nil.
func plainValue(v resource.PropertyValue) any {
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsNull() || v.IsComputed() || v.IsOutput() {
		return nil
	}
	return v.Mappable()
}

// formatValue prints a value on one line: strings quoted, the rest as JSON.
func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "(none)"
	case string:
		return strconv.Quote(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}

// jsonDoc pretty-prints a string that holds a JSON object (a policy).
func jsonDoc(v any) (string, bool) {
	s, ok := v.(string)
	if !ok || !strings.HasPrefix(strings.TrimSpace(s), "{") {
		return "", false
	}
	var out bytes.Buffer
	if err := json.Indent(&out, []byte(s), "", "  "); err != nil {
		return "", false
	}
	return out.String(), true
}

// lineDiff compares two texts line by line (longest common subsequence) and
// returns the changed lines marked "- " and "+ ", with up to context unchanged
// lines around each change ("  ") and "…" for the lines skipped.
func lineDiff(a, b string, context int) []string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	// lcs[i][j] is the common length of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		mark byte
		text string
	}
	var all []line
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			all = append(all, line{' ', x[i]})
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			all = append(all, line{'-', x[i]})
			i++
		default:
			all = append(all, line{'+', y[j]})
			j++
		}
	}
	keep := make([]bool, len(all))
	for k, l := range all {
		if l.mark != ' ' {
			for c := max(0, k-context); c <= min(len(all)-1, k+context); c++ {
				keep[c] = true
			}
		}
	}
	var out []string
	skipped := false
	for k, l := range all {
		if !keep[k] {
			skipped = true
			continue
		}
		if skipped {
			out = append(out, "  …")
			skipped = false
		}
		out = append(out, string(l.mark)+" "+l.text)
	}
	if skipped {
		out = append(out, "  …")
	}
	return out
}
