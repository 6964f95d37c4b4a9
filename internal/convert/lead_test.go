package convert

import (
	"strings"
	"testing"
	"time"
)

func TestLeadCompany(t *testing.T) {
	for _, tc := range []struct {
		text, name, tickers string
	}{
		{"SAN JOSE, Calif., Oct. 23, 2025 /PRNewswire/ -- Corvexa Systems, Inc. (NASDAQ: CVXA) today announced results.", "Corvexa Systems, Inc.", "NASDAQ:CVXA"},
		{"LONDON, 6 November 2025. Lumatrine Energy plc (LSE: LUMA) today reported its\ntrading results.", "Lumatrine Energy plc", "LSE:LUMA"},
		{"# Headline\n\nToday Orbel Group (NYSE: ORB; TSX: ORB.U) posted record sales.", "Orbel Group", "NYSE:ORB,TSX:ORB.U"},
		{"Halden Mining today announced a dividend.", "Halden Mining", ""},
		{"Halden Mining Corp. reported higher output in the quarter.", "Halden Mining Corp.", ""},
		{"Kestrel Foods on Tuesday reported sales of $2 billion.", "Kestrel Foods", ""},
		{"Kestrel Foods reported sales of $2 billion.", "", ""},                                                   // no suffix, no day
		{"Revenue reported for the quarter rose 9%.", "", ""},                                                     // no name
		{"The Company today announced a buyback.", "", ""},                                                        // no name
		{"Analysts said shares rose. Nothing more.", "", ""},                                                      // no lead
		{"| Corvexa Inc. (NASDAQ: CVXA) today announced |", "", ""},                                               // a table is no lead
		{"Para 1.\n\nPara 2.\n\nPara 3.\n\nPara 4.\n\nPara 5.\n\nPara 6.\n\nLate Corp. today announced.", "", ""}, // too far down
	} {
		name, tickers, _ := LeadCompany(tc.text)
		if name != tc.name || strings.Join(tickers, ",") != tc.tickers {
			t.Errorf("LeadCompany(%q) = %q, %q; want %q, %q", tc.text, name, tickers, tc.name, tc.tickers)
		}
	}
}

func TestDateline(t *testing.T) {
	for _, tc := range []struct {
		text, want string
	}{
		{"AUSTIN, Texas, Oct. 28, 2025 — Corvexa today announced results.", "2025-10-28"},
		{"LONDON, 6 November 2025. Lumatrine reported.", "2025-11-06"},
		{"# Title\n\nSeptember 3, 2025 -- Orbel posted sales.", "2025-09-03"},
		{"2025-02-14: Halden announced a dividend.", "2025-02-14"},
		{"For the quarter ended 30 September 2025, revenue rose.", ""},
		{"Revenue rose 9% in the three months to March 31, 2025.", ""},
		{"A long first paragraph that names no date near its start at all, only much later on: Oct. 28, 2025.", ""},
		{"Feb. 30, 2025 is no date.", ""},
	} {
		got := ""
		if t, ok := dateline(tc.text); ok {
			got = t.Format(time.DateOnly)
		}
		if got != tc.want {
			t.Errorf("dateline(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
