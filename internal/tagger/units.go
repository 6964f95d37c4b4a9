package tagger

import (
	"strings"

	"golang.org/x/text/currency"
)

// CurrencyCode returns the ISO 4217 code of a currency as a text writes it
// beside a figure or in a table's unit line: a symbol or code before the
// number ("$", "US$", "A$", "RMB", "€", "Rs"), a word after it ("yuan",
// "euros", "yen") or an ISO code ("CHF", "SEK"). It returns "" for anything
// else. "¥" is the yuan's (CNY); a yen document reads it as JPY.
func CurrencyCode(mark string) string {
	if c, ok := prefixCurrencies[mark]; ok {
		return c
	}
	if c, ok := suffixCurrencies[strings.ToLower(mark)]; ok {
		return c
	}
	switch mark {
	case "円":
		return "JPY"
	case "₩":
		return "KRW"
	}
	if len(mark) == 3 && strings.ToUpper(mark) == mark {
		if u, err := currency.ParseISO(mark); err == nil {
			return u.String()
		}
	}
	return ""
}

// Scale returns the multiplier a scale word names ("thousand", "million",
// "bn", "m", "crore", "lakh"), or 1 when it names none.
func Scale(word string) float64 { return scaleOf(word) }
