package corpus

import "testing"

var shortNameTests = []struct{ in, want string }{
	{"Alibaba Group Holding Limited", "Alibaba"},
	{"Norvane Technologies Inc.", "Norvane Technologies"},
	{"Helvaris AG", "Helvaris"},
	{"Tencent Holdings Ltd.", "Tencent"},
	{"Group", "Group"},
	{"JD.com, Inc.", "JD.com"},
	{"Apple", "Apple"},
}

func TestShortName(t *testing.T) {
	for _, tt := range shortNameTests {
		if got := ShortName(tt.in); got != tt.want {
			t.Errorf("ShortName(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
