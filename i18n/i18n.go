// Package i18n picks the language a learner reads: English, or Korean for
// the Korean guides' readers (LANG=ko_KR.UTF-8, or --lang ko).
package i18n

import (
	"fmt"
	"os"
	"strings"
)

// Lang is a language the messages come in.
type Lang string

const (
	En Lang = "en"
	Ko Lang = "ko"
)

// Parse reads a --lang value: en or ko (ko_KR and ko-KR too).
func Parse(s string) (Lang, error) {
	l := strings.ToLower(s)
	switch {
	case l == "en" || strings.HasPrefix(l, "en_") || strings.HasPrefix(l, "en-"):
		return En, nil
	case l == "ko" || strings.HasPrefix(l, "ko_") || strings.HasPrefix(l, "ko-"):
		return Ko, nil
	}
	return "", fmt.Errorf("language %q: use en or ko", s)
}

// FromEnv is the language of the environment as POSIX locales name it:
// LC_ALL, then LC_MESSAGES, then LANG; Korean for ko_*, else English.
func FromEnv() Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "ko") {
				return Ko
			}
			return En
		}
	}
	return En
}
