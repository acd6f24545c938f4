package tests

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/awsrules"
	"github.com/vpclab/vpclab/components"
)

// Issue 11's findings 1, 2 and 6 on the shipped stacks: each stack plans
// (so AWS's input rules accept every registration) and the resource that
// AWS refused before is there in its accepted form.
func TestIssue11FindingsOnTheShippedStacks(t *testing.T) {
	// 1: the private instance's HTTPS rule to the S3 prefix list.
	for _, stack := range []string{"dev", "s3-gateway", "gateway-vs-interface"} {
		r := find(t, plan(t, stack, nil).Graph, tEgress, "access-private-https-prefix-list-0")
		if err := awsrules.CheckText("ec2.sg-rule.description.prefix-list", r.Str("description")); err != nil {
			t.Errorf("%s: %v", stack, err)
		}
	}
	// 2: the private role's exception tag in s3-gateway.
	role := find(t, plan(t, "s3-gateway", nil).Graph, tRole, "access-private-role")
	key := components.ExceptionTagPrefix + "LAB-IAM-02"
	if v := role.Tag(key); v == "" || awsrules.CheckTag(key, v) != nil {
		t.Errorf("s3-gateway role tag %s = %q: %v", key, v, awsrules.CheckTag(key, v))
	}
	// 6: no custom policy on services that take none (EC2's answer: the
	// SSM message services), with the reason on record; the account-only
	// policy on those that take one (ssm, cloudformation, per issue 19's
	// catalogue); the S3 gateway endpoint keeps its least-privilege policy.
	for stack, services := range map[string][]string{"ssm": components.SSMServices, "dev": components.SSMServices, "gateway-vs-interface": {"cloudformation"}} {
		g := plan(t, stack, nil).Graph
		for _, svc := range services {
			ep := find(t, g, tEndpoint, "vpce-"+svc+"-endpoint")
			takesPolicy := svc == "ssm" || svc == "cloudformation"
			if takesPolicy && !strings.Contains(ep.Str("policy"), "aws:PrincipalAccount") {
				t.Errorf("%s %s: policy %v, want the account-only policy", stack, svc, ep.Input("policy"))
			}
			if !takesPolicy && (!ep.Input("policy").IsNull() || !strings.Contains(ep.Tag(components.ExceptionTagPrefix+"LAB-VPCE-01"), "takes no custom endpoint policy")) {
				t.Errorf("%s %s: policy %v, exception %q", stack, svc, ep.Input("policy"), ep.Tag(components.ExceptionTagPrefix+"LAB-VPCE-01"))
			}
		}
		if s3 := g.Find(tEndpoint, "s3-endpoint"); s3 != nil && !strings.Contains(s3.Str("policy"), "aws:PrincipalAccount") {
			t.Errorf("%s: S3 gateway endpoint policy %q", stack, s3.Str("policy"))
		}
	}
}

// builtin is one string the code puts into AWS: a tag value (exception
// reason), a security group or rule description, a role description.
type builtin struct {
	where string // file:line
	kind  string // reason, sg-description, rule-description, role-description
	text  string // with sample values in place of formatted parts
}

// sample stands in for a value formatted into a built-in text: the values
// that reach them (CIDRs, ports, service names, name prefixes) are checked
// on their own; the test judges what the code itself writes.
const sample = "Lab1"

// Every built-in exception reason and description in components and labs,
// found by reading the source (not by running stacks), is accepted by the
// AWS input rules of every place it can land.
func TestEveryBuiltinTextPassesTheAWSInputRules(t *testing.T) {
	texts := builtinTexts(t, "../components", "../labs")
	count := map[string]int{}
	for _, b := range texts {
		count[b.kind]++
		var err error
		switch b.kind {
		case "reason":
			err = awsrules.CheckTag(components.ExceptionTagPrefix+"LAB-XXX-01", b.text)
		case "sg-description":
			err = awsrules.CheckText("ec2.sg.description", b.text)
		case "rule-description":
			// The strictest of EC2's four rule description sets (no "&").
			err = awsrules.CheckText("ec2.sg-rule.description.prefix-list", b.text)
		case "role-description":
			err = awsrules.CheckText("iam.role.description", b.text)
		}
		if err != nil {
			t.Errorf("%s: %s %q: %v", b.where, b.kind, b.text, err)
		}
	}
	// The scan found the texts the code is known to have, so it cannot pass empty.
	for _, want := range []builtin{
		{kind: "reason", text: "s3:ListAllMyBuckets cannot be scoped to a bucket: the guide runs a bare aws s3 ls"},
		{kind: "reason", text: "lab stack: one AZ keeps the interface endpoint cheap"},
		{kind: "reason", text: "plain TCP inside PrivateLink as in the guide: a lab has no certificate"},
		{kind: "reason", text: sample + " takes no custom endpoint policy: AWS keeps its full access default"},
		{kind: "rule-description", text: "HTTPS to the service of a gateway endpoint (its prefix list)"},
		{kind: "rule-description", text: "SSH from admin " + sample},
		{kind: "sg-description", text: sample + " bastion: SSH and ping from admin CIDRs only"},
		{kind: "sg-description", text: sample + " endpoint: tcp 443 from " + sample},
		{kind: "sg-description", text: sample + " load balancer: tcp " + sample + " from its clients, to its targets"},
		{kind: "role-description", text: "vpclab instance role: Session Manager only"},
		{kind: "role-description", text: "EC2 instance role of " + sample},
	} {
		found := false
		for _, b := range texts {
			found = found || (b.kind == want.kind && b.text == want.text)
		}
		if !found {
			t.Errorf("the scan did not find the %s %q (found %v)", want.kind, want.text, count)
		}
	}
}

// builtinTexts reads the Go files of dirs (tests excluded) and collects the
// texts the code sends to AWS.
func builtinTexts(t *testing.T, dirs ...string) []builtin {
	t.Helper()
	var out []builtin
	fset := token.NewFileSet()
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		sort.Strings(files)
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			consts := stringConsts(f)
			add := func(kind string, e ast.Expr) {
				if s, ok := render(e, consts); ok {
					out = append(out, builtin{where: fset.Position(e.Pos()).String(), kind: kind, text: s})
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.ValueSpec: // const reasonOneAZ = "…"
					for i, name := range n.Names {
						if strings.HasPrefix(name.Name, "reason") && i < len(n.Values) {
							add("reason", n.Values[i])
						}
					}
				case *ast.CallExpr:
					switch name := callName(n); {
					case name == "except" && len(n.Args) == 2: // except("LAB-…", "reason")
						add("reason", n.Args[1])
					case (name == "ingress" || name == "egress") && len(n.Args) == 5: // rules.ingress(role, sg, port, peer, desc)
						add("rule-description", n.Args[4])
					case name == "add" && len(n.Args) == 7: // rules.add(egress, role, sg, port, peer, desc, exc)
						add("rule-description", n.Args[5])
					}
				case *ast.CompositeLit: // Exceptions{"LAB-…": "reason"}, ec2.SecurityGroupArgs{Description: …}, iam.RoleArgs{Description: …}
					typ := typeName(n.Type)
					for _, el := range n.Elts {
						kv, ok := el.(*ast.KeyValueExpr)
						if !ok {
							continue
						}
						switch key := identOrString(kv.Key); {
						case typ == "Exceptions" && strings.HasPrefix(key, "LAB-"):
							add("reason", kv.Value)
						case typ == "SecurityGroupArgs" && key == "Description":
							add("sg-description", kv.Value)
						case strings.HasSuffix(key, "SecurityGroupDescription"), key == "Description" && typ != "RoleArgs":
							// The components' description arguments, as the labs set them.
							add("sg-description", kv.Value)
						case key == "RoleDescription":
							add("role-description", kv.Value)
						}
					}
				case *ast.AssignStmt: // e["LAB-…"] = "reason"; description := "…"
					for i, lhs := range n.Lhs {
						if i >= len(n.Rhs) {
							break
						}
						if ix, ok := lhs.(*ast.IndexExpr); ok && strings.HasPrefix(identOrString(ix.Index), "LAB-") {
							add("reason", n.Rhs[i])
						}
						if id, ok := lhs.(*ast.Ident); ok && id.Name == "description" {
							add("role-description", n.Rhs[i])
						}
						// a.Description = …, a.PrivateSecurityGroupDescription = … (defaults)
						if sel, ok := lhs.(*ast.SelectorExpr); ok {
							switch name := sel.Sel.Name; {
							case strings.HasSuffix(name, "SecurityGroupDescription"), name == "Description":
								add("sg-description", n.Rhs[i])
							case name == "RoleDescription":
								add("role-description", n.Rhs[i])
							}
						}
					}
				case *ast.FuncDecl: // func (a BastionPairArgs) privateSGDescription() string { return fmt.Sprintf(…) }
					kind := ""
					switch {
					case strings.HasSuffix(n.Name.Name, "SGDescription"), n.Name.Name == "sgDescription":
						kind = "sg-description"
					case n.Name.Name == "roleDescription":
						kind = "role-description"
					case strings.HasSuffix(n.Name.Name, "Reason"):
						kind = "reason"
					}
					if kind != "" && n.Body != nil {
						ast.Inspect(n.Body, func(m ast.Node) bool {
							if r, ok := m.(*ast.ReturnStmt); ok && len(r.Results) == 1 {
								add(kind, r.Results[0])
							}
							return true
						})
					}
				}
				return true
			})
		}
	}
	return out
}

func callName(c *ast.CallExpr) string {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

func typeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return t.Sel.Name
	}
	return ""
}

func identOrString(e ast.Expr) string {
	if s, ok := e.(*ast.BasicLit); ok && s.Kind == token.STRING {
		v, _ := strconv.Unquote(s.Value)
		return v
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// stringConsts maps the file's string constants to their values.
func stringConsts(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if i < len(vs.Values) {
					if v := identOrString(vs.Values[i]); v != "" {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							out[n.Name] = v
						}
					}
				}
			}
		}
	}
	return out
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)

// render evaluates a text expression: string literals and constants as
// they are, "…" + x with sample for x, fmt.Sprintf with sample for every
// verb, and strings.Join as a sample. Anything else is not a built-in text.
func render(e ast.Expr, consts map[string]string) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.Ident:
		if v, ok := consts[e.Name]; ok {
			return v, true
		}
		return sample, true
	case *ast.SelectorExpr:
		return sample, true
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		l, lok := render(e.X, consts)
		r, rok := render(e.Y, consts)
		return l + r, lok && rok
	case *ast.CallExpr:
		switch callName(e) {
		case "Sprintf":
			if len(e.Args) == 0 {
				return "", false
			}
			format, ok := render(e.Args[0], consts)
			if !ok {
				return "", false
			}
			return verb.ReplaceAllString(format, sample), true
		case "String": // pulumi.String(x)
			if len(e.Args) == 1 {
				return render(e.Args[0], consts)
			}
		case "Join", "serviceLabel":
			return sample, true
		}
	}
	return "", false
}
