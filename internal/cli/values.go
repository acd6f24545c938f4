package cli

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/vpclab/vpclab/i18n"
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
func formatValue(v any, lang i18n.Lang) string {
	switch x := v.(type) {
	case nil:
		return lang.T(i18n.DiffNoValue)
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

// termWidth is the width the text output wraps at.
const termWidth = 110

// wrap breaks a line at spaces so that it fits width columns, continuing
// each further line with cont (spaces, or a tree's bars); a word longer
// than a line stays whole, never cut mid-word. The result ends with "\n".
func wrap(line string, width int, cont string) string {
	lead := len(line) - len(strings.TrimLeft(line, " "))
	words := strings.Split(line[lead:], " ")
	var b strings.Builder
	b.WriteString(line[:lead])
	col, fresh := lead, true
	for _, w := range words {
		n := columns(w)
		if !fresh && w != "" && col+1+n > width {
			b.WriteString("\n" + cont)
			col, fresh = columns(cont), true
		}
		if !fresh {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += n
		fresh = false
	}
	b.WriteByte('\n')
	return b.String()
}

// wrapBlock wraps every line of a text, continuing each under its own
// indentation plus four spaces.
func wrapBlock(text string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		lead := len(l) - len(strings.TrimLeft(l, " "))
		b.WriteString(wrap(l, termWidth, strings.Repeat(" ", lead+4)))
	}
	return b.String()
}

// toJSON encodes v as JSON without escaping <, > and & (a web page's HTML
// reads as written), indented when indent is not "".
func toJSON(v any, prefix, indent string) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, indent)
	err := enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n"), err
}

// columns is how many terminal columns a text takes: Hangul and the other
// East Asian wide characters take two.
func columns(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3, r >= 0xF900 && r <= 0xFAFF, r >= 0xFF00 && r <= 0xFF60:
			n += 2
		default:
			n++
		}
	}
	return n
}
