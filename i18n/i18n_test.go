package i18n

import "testing"

func TestFromEnv(t *testing.T) {
	for _, tc := range []struct {
		lcAll, lang string
		want        Lang
	}{
		{"", "ko_KR.UTF-8", Ko},
		{"", "en_US.UTF-8", En},
		{"", "", En},
		{"C", "ko_KR.UTF-8", En}, // LC_ALL wins, as for every POSIX program
		{"ko_KR.UTF-8", "C", Ko},
	} {
		t.Setenv("LC_ALL", tc.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", tc.lang)
		if got := FromEnv(); got != tc.want {
			t.Errorf("LC_ALL=%q LANG=%q: %s, want %s", tc.lcAll, tc.lang, got, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{"ko": Ko, "ko_KR": Ko, "EN": En, "en-GB": En} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	if _, err := Parse("fr"); err == nil {
		t.Error("Parse(fr) accepted")
	}
	if got := Ko.Pick("hour", ""); got != "hour" {
		t.Errorf("an untranslated text falls back to English, got %q", got)
	}
}
